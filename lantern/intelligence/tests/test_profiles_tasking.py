"""Tasking: actions agreed on a profile, with an owner and a due date. Who may add,
complete and cancel them; what is refused (and writes nothing); the audit events."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.timezone import localdate

from conftest import actor_of
from lantern.accounts import services as account_services
from lantern.audit.models import AuditEvent
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import NotFound, ValidationFailed
from lantern.intelligence import services
from lantern.intelligence.models import TaskingAction
from lantern.intelligence.selectors import tasking as selectors
from lantern.intelligence.services import tasking
from lantern.intelligence.tests.conftest import P_GRADE
from lantern.intelligence.tests.test_profiles_subject import signed_in_as

pytestmark = pytest.mark.django_db


def today():
    return localdate(clock.now())


@pytest.fixture
def jay(officer):
    jay = services.entity_create(actor=officer, schema="person", caption="Jay Controller")
    phone = services.entity_create(actor=officer, schema="phone", value="07700 900123")
    services.link_add(
        actor=officer, link_type="uses_phone", source_id=jay.pk, target_id=phone.pk,
        grading=P_GRADE,
    )  # fmt: skip
    return jay


def _add(actor, owner, entity, **kw):
    data = {
        "profile_kind": "subject",
        "action": "Serve a CPW on Jay; check the phone's subscriber",
        "owner_id": owner.user_id,
        "due_on": today() + timedelta(days=7),
        "entity_id": entity.pk,
    }
    data.update(kw)
    return tasking.tasking_add(actor=actor, **data)


def test_an_analyst_adds_the_owner_completes(analyst, officer, jay):
    action = _add(analyst, officer, jay)
    assert action.status == "open" and action.partnership_id == jay.partnership_id
    # The owner sees their action; an analyst sees every action of the partnership.
    assert list(selectors.tasking_list(officer)) == [action]
    assert list(selectors.tasking_list(analyst)) == [action]
    done = tasking.tasking_complete(actor=officer, action_id=action.pk)
    assert done.status == "done" and done.completed_at is not None
    with pytest.raises(ValidationFailed) as refused:
        tasking.tasking_complete(actor=officer, action_id=action.pk)
    assert "already done" in refused.value.errors["status"][0]
    actions = list(
        AuditEvent.objects.filter(object_id=str(action.pk)).values_list("action", flat=True)
    )
    assert actions == ["intelligence.tasking_added", "intelligence.tasking_completed"]
    details = json.loads(AuditEvent.objects.get(action="intelligence.tasking_added").details)
    assert "CPW" not in json.dumps(details) and details["profile_kind"] == "subject"


def test_refusals_write_nothing(analyst, officer, council, make_user, far, jay):
    cases = [
        ({"due_on": today() - timedelta(days=1)}, "due_on", "today"),
        ({"owner_id": actor_of(make_user(Role.POLICE_OFFICER, "far_police")).user_id}, "owner", ""),
        ({"owner_id": actor_of(make_user(Role.SUPPORT_WORKER)).user_id}, "owner", ""),
        ({"action": "  "}, "action", ""),
        ({"profile_kind": "strategic"}, "profile_kind", ""),
        ({"profile_kind": "problem", "entity_id": None}, "period", ""),
    ]
    for change, field, words in cases:
        with pytest.raises(ValidationFailed) as refused:
            _add(analyst, officer, jay, **change)
        assert field in refused.value.errors, change
        assert words in refused.value.errors[field][0]
    # Only analysts and supervisors add; the others are told nothing (404).
    with pytest.raises(NotFound):
        _add(officer, officer, jay)
    with pytest.raises(NotFound):
        _add(council, officer, jay)
    assert TaskingAction.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="intelligence.tasking").exists()


def test_cancel_needs_an_analyst_and_a_reason(analyst, officer, council, jay):
    action = _add(analyst, council, jay)
    with pytest.raises(NotFound):
        tasking.tasking_cancel(actor=council, action_id=action.pk, reason="No longer needed")
    with pytest.raises(ValidationFailed):
        tasking.tasking_cancel(actor=analyst, action_id=action.pk, reason=" ")
    # Someone who does not own it does not see it.
    with pytest.raises(NotFound):
        tasking.tasking_complete(actor=officer, action_id=action.pk)
    cancelled = tasking.tasking_cancel(actor=analyst, action_id=action.pk, reason="Superseded")
    assert cancelled.status == "cancelled" and cancelled.closing_note == "Superseded"
    assert AuditEvent.objects.filter(action="intelligence.tasking_cancelled").count() == 1


def test_pages_add_list_overdue_and_complete(client, make_user, officer, jay):
    analyst_user = make_user(Role.ANALYST)
    page = signed_in_as(client, analyst_user)
    profile_url = reverse("intelligence:subject-profile", args=[jay.pk])
    assert "Actions agreed at the tasking meeting" in page.get(profile_url).content.decode()
    bad = page.post(
        reverse("intelligence:tasking-add"),
        {
            "profile_kind": "subject",
            "entity": str(jay.pk),
            "action": "Visit the address",
            "owner": str(officer.user_id),
            "due_on": (today() - timedelta(days=3)).isoformat(),
        },
    )
    assert bad.status_code == 200 and b"govuk-error-summary" in bad.content
    assert TaskingAction.objects.count() == 0
    good = page.post(
        reverse("intelligence:tasking-add"),
        {
            "profile_kind": "subject",
            "entity": str(jay.pk),
            "action": "Visit the address",
            "owner": str(officer.user_id),
            "due_on": today().isoformat(),
        },
    )
    assert good.status_code == 302 and good["Location"] == profile_url
    action = TaskingAction.objects.get()
    assert "Visit the address" in page.get(profile_url).content.decode()
    TaskingAction.objects.filter(pk=action.pk).update(due_on=today() - timedelta(days=2))
    listing = page.get(reverse("intelligence:tasking")).content.decode()
    assert "Visit the address" in listing and "(overdue)" in listing
    done = page.post(reverse("intelligence:tasking-complete", args=[action.pk]))
    assert done.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    assert "Visit the address" not in page.get(reverse("intelligence:tasking")).content.decode()


def test_api_add_refuse_and_complete(client, make_user, officer, jay):
    user = make_user(Role.SUPERVISOR)
    _, token = account_services.api_token_create(actor=SYSTEM, user=user, name="t")
    headers = {"Authorization": f"Bearer {token}"}
    body = {
        "profile_kind": "subject",
        "action": "Check the phone",
        "owner_id": str(officer.user_id),
        "due_on": (today() - timedelta(days=1)).isoformat(),
        "entity_id": str(jay.pk),
    }

    def post(path, data):
        return client.post(
            f"/api/v1/intelligence{path}", data, content_type="application/json", headers=headers
        )

    refused = post("/tasking/", body)
    assert refused.status_code == 422 and "due_on" in refused.json()["errors"]
    body["due_on"] = today().isoformat()
    body["owner_id"] = str(actor_of(make_user(Role.SUPPORT_WORKER)).user_id)
    refused = post("/tasking/", body)
    assert refused.status_code == 422 and "owner" in refused.json()["errors"]
    body["owner_id"] = str(officer.user_id)
    created = post("/tasking/", body)
    assert created.status_code == 201, created.content
    action_id = created.json()["id"]
    listed = client.get("/api/v1/intelligence/tasking/", headers=headers).json()
    assert [a["id"] for a in listed] == [action_id] and listed[0]["overdue"] is False
    assert post(f"/tasking/{action_id}/complete", {}).status_code == 200
    again = post(f"/tasking/{action_id}/complete", {})
    assert again.status_code == 422
    assert post(f"/tasking/{jay.pk}/complete", {}).status_code == 404


def test_the_tasking_list_query_count_does_not_grow(client, make_user, analyst, officer, jay):
    page = signed_in_as(client, make_user(Role.ANALYST))
    _add(analyst, officer, jay)
    with CaptureQueriesContext(connection) as one:
        assert page.get(reverse("intelligence:tasking")).status_code == 200
    for n in range(5):
        _add(analyst, officer, jay, action=f"Action {n}")
    with CaptureQueriesContext(connection) as six:
        assert b"Action 4" in page.get(reverse("intelligence:tasking")).content
    assert len(six) == len(one)


def test_the_cancel_page_asks_for_a_reason(client, make_user, analyst, officer, jay):
    action = _add(analyst, officer, jay)
    url = reverse("intelligence:tasking-cancel", args=[action.pk])
    owner = signed_in_as(client, make_user(Role.POLICE_OFFICER))
    assert owner.get(url).status_code == 404  # only analysts and supervisors cancel
    page = signed_in_as(client, make_user(Role.SUPERVISOR))
    assert page.get(url).status_code == 200
    empty = page.post(url, {"reason": ""})
    assert empty.status_code == 200 and b"govuk-error-summary" in empty.content
    assert page.post(url, {"reason": "Superseded by a joint operation"}).status_code == 302
    action.refresh_from_db()
    assert action.status == "cancelled" and action.closing_note.startswith("Superseded")
