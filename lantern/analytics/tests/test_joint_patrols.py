"""Joint patrols (issue 20 item 6): a council officer of the partnership sees the police's
published plan, moves a patrol to fit their shift (patrol.adjust, audited) and logs patrols
against it, on the pages as in the services; another partnership's plan is a 404, a shared
one is read and logged but not moved, and drafts stay hidden from officers."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from conftest import actor_of
from lantern.analytics import selectors, services
from lantern.analytics.models import PatrolLog
from lantern.analytics.tests.test_scope import (
    _client,
    _far_partnership,
    _propose,
    _published_plan,
    _share,
)
from lantern.audit.models import AuditEvent
from lantern.core.actor import Role
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db
UTC = dt.UTC


@pytest.fixture
def imported(tmp_path):
    from lantern.analytics.tests.test_patrols_impact import import_small

    return import_small(tmp_path)


def test_a_council_officer_sees_moves_and_logs_a_published_plan(imported, make_user, client):
    plan = _published_plan(make_user)
    item = plan.items.first()
    user = make_user(Role.COUNCIL_OFFICER, "council")
    pages = _client(client, user)

    assert plan.title in pages.get(reverse("analytics:patrol-plans")).content.decode()
    detail = pages.get(reverse("analytics:patrol-plan", args=[plan.pk])).content.decode()
    assert f'href="{reverse("analytics:patrol-item", args=[item.pk])}"' in detail
    assert reverse("analytics:patrol-log", args=[item.pk]) in detail
    assert "Publish the plan" not in detail

    edit = reverse("analytics:patrol-item", args=[item.pk])
    form = pages.get(edit)
    assert form.status_code == 200 and 'name="visits"' not in form.content.decode()
    visits = item.visits
    response = pages.post(
        edit, {"weekday": "2", "start_time": "19:30", "end_time": "21:00", "visits": "9"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.weekday, item.start_time, item.end_time) == (2, dt.time(19, 30), dt.time(21))
    assert item.visits == visits  # the place and the visits stay as published
    event = AuditEvent.objects.get(action="patrol_item.adjusted", object_id=str(item.pk))
    details = json.loads(event.details)
    assert details["after"] == {"weekday": 2, "start_time": "19:30", "end_time": "21:00"}
    assert details["plan"] == str(plan.pk)

    response = pages.post(
        reverse("analytics:patrol-log", args=[item.pk]),
        {"date": "2026-12-02", "start_time": "19:35", "end_time": "19:50", "notes": ""},
    )
    assert response.status_code == 302
    log = PatrolLog.objects.get(item=item)
    assert log.officer_id == user.pk and log.minutes == 15
    assert AuditEvent.objects.filter(action="patrol.logged", object_id=str(log.pk)).exists()


def test_a_bad_window_is_refused_and_nothing_changes(imported, make_user):
    plan = _published_plan(make_user)
    item = plan.items.first()
    officer = actor_of(make_user(Role.COUNCIL_OFFICER, "council"))
    with pytest.raises(ValidationFailed):
        services.patrol_item_adjust(
            actor=officer, item_id=item.pk, weekday=1, start_time=dt.time(9),
            end_time=dt.time(9),
        )  # fmt: skip
    assert not AuditEvent.objects.filter(action="patrol_item.adjusted").exists()


def test_drafts_stay_hidden_from_officers_and_are_not_moved(imported, make_user, client):
    draft = _propose(actor_of(make_user(Role.ANALYST)))
    item = draft.items.first()
    user = make_user(Role.COUNCIL_OFFICER, "council")
    officer = actor_of(user)
    assert not selectors.patrol_plan_list(actor=officer).exists()
    with pytest.raises(NotFound):
        services.patrol_item_adjust(
            actor=officer, item_id=item.pk, weekday=1, start_time=dt.time(9),
            end_time=dt.time(10),
        )  # fmt: skip
    pages = _client(client, user)
    assert pages.get(reverse("analytics:patrol-plan", args=[draft.pk])).status_code == 404
    assert pages.get(reverse("analytics:patrol-item", args=[item.pk])).status_code == 404
    # Even a supervisor moves a draft's patrols through the draft's own edit, not this one.
    with pytest.raises(ValidationFailed):
        services.patrol_item_adjust(
            actor=actor_of(make_user(Role.SUPERVISOR)), item_id=item.pk, weekday=1,
            start_time=dt.time(9), end_time=dt.time(10),
        )  # fmt: skip


def test_an_analyst_may_not_move_a_published_patrol(imported, make_user, client):
    plan = _published_plan(make_user)
    item = plan.items.first()
    user = make_user(Role.ANALYST)
    with pytest.raises(PermissionDenied):
        services.patrol_item_adjust(
            actor=actor_of(user), item_id=item.pk, weekday=1, start_time=dt.time(9),
            end_time=dt.time(10),
        )  # fmt: skip
    pages = _client(client, user)
    assert pages.get(reverse("analytics:patrol-item", args=[item.pk])).status_code == 403


def test_another_partnership_gets_404_and_a_shared_plan_is_not_moved(
    imported, make_user, far, client
):
    plan = _published_plan(make_user)
    item = plan.items.first()
    before = (item.weekday, item.start_time, item.end_time)
    user = make_user(Role.COUNCIL_OFFICER, "far_council")
    stranger = actor_of(user)
    pages = _client(client, user)
    with pytest.raises(NotFound):
        services.patrol_item_adjust(
            actor=stranger, item_id=item.pk, weekday=1, start_time=dt.time(9),
            end_time=dt.time(10),
        )  # fmt: skip
    for url in (
        reverse("analytics:patrol-plan", args=[plan.pk]),
        reverse("analytics:patrol-item", args=[item.pk]),
        reverse("analytics:patrol-log", args=[item.pk]),
    ):
        assert pages.get(url).status_code == 404
    response = pages.post(
        reverse("analytics:patrol-item", args=[item.pk]),
        {"weekday": "1", "start_time": "09:00", "end_time": "10:00"},
    )
    assert response.status_code == 404

    # Shared for a joint operation: the far partnership reads and logs it, but moving its
    # patrols stays with the partnership whose plan it is.
    _share(selectors.PATROL_PLAN, plan, _far_partnership())
    detail = pages.get(reverse("analytics:patrol-plan", args=[plan.pk])).content.decode()
    assert reverse("analytics:patrol-log", args=[item.pk]) in detail
    assert f'href="{reverse("analytics:patrol-item", args=[item.pk])}"' not in detail
    assert pages.get(reverse("analytics:patrol-item", args=[item.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.patrol_item_adjust(
            actor=stranger, item_id=item.pk, weekday=1, start_time=dt.time(9),
            end_time=dt.time(10),
        )  # fmt: skip
    item.refresh_from_db()
    assert (item.weekday, item.start_time, item.end_time) == before
    assert not AuditEvent.objects.filter(action="patrol_item.adjusted").exists()
