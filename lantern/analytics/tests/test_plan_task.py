"""Proposing a patrol plan in the background (issue 21): the request checks the proposer
and queues the task at once; the task builds the plan with the method chosen and why, and
records it as the proposer; the page and the API say it is being prepared until then; a
plan that cannot be prepared says why."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.urls import reverse

from conftest import actor_of, client_for
from lantern.accounts import services as account_services
from lantern.accounts.models import Membership
from lantern.analytics.models import PatrolPlan
from lantern.analytics.tests.test_pages import ASB, data  # noqa: F401  (a fixture)
from lantern.audit.models import AuditEvent
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role

pytestmark = pytest.mark.django_db

POST = {
    "title": "Evening patrols",
    "start": "2018-01",
    "end": "2018-03",
    "category": ASB,
    "area": "",
    "starts_on": "2026-12-01",
    "ends_on": "2026-12-31",
    "cells": "2",
}


@pytest.fixture
def queued(settings):
    """The dummy task backend: tasks are queued and run only when the test says so."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    default_task_backend.clear()
    return default_task_backend


def _run(backend) -> None:
    for result in backend.results:
        result.task.call(*result.args, **result.kwargs)


def _propose(client, capture, post=None):
    with capture(execute=True):
        response = client.post(reverse("analytics:patrol-plan-new"), post or POST)
    assert response.status_code == 302
    return response, PatrolPlan.objects.get()


def _token_client(client, user):
    _, token = account_services.api_token_create(actor=SYSTEM, user=user, name="test")
    return lambda path: client.get(f"/api/v1{path}", headers={"Authorization": f"Bearer {token}"})


def test_the_request_returns_at_once_and_queues_the_task(
    data,  # noqa: F811
    signed_in,
    queued,
    django_capture_on_commit_callbacks,
):
    analyst = signed_in(Role.ANALYST)
    response, plan = _propose(analyst, django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("analytics:patrol-plan", args=[plan.pk])
    # Nothing chosen or built in the request: a plan being prepared, its task queued.
    assert plan.state == PatrolPlan.State.PREPARING
    assert plan.method == "" and not plan.items.exists()
    assert plan.inputs["period"] == "2018-01-01..2018-03-31" and plan.inputs["cells"] == 2
    assert [r.kwargs for r in queued.results] == [
        {"plan_id": str(plan.pk), "user_id": str(analyst.user.pk), "verified": True}
    ]
    requested = AuditEvent.objects.get(action="patrol_plan.requested")
    assert requested.actor == str(analyst.user.pk) and requested.object_id == str(plan.pk)
    assert not AuditEvent.objects.filter(action="patrol_plan.proposed").exists()


def test_the_page_and_the_api_say_it_is_being_prepared_until_the_task_has_run(
    data,  # noqa: F811
    signed_in,
    client,
    queued,
    django_capture_on_commit_callbacks,
):
    analyst = signed_in(Role.ANALYST)
    _, plan = _propose(analyst, django_capture_on_commit_callbacks)
    url = reverse("analytics:patrol-plan", args=[plan.pk])
    page = analyst.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    # The accessible progress pattern: a status region, a link to look again, no refresh.
    assert '<div role="status" data-plan-preparing>' in text
    assert "Your patrol plan is being prepared" in text
    assert f'href="{url}"' in text and "Show the plan if it is ready" in text
    assert 'http-equiv="refresh"' not in text.lower()
    assert "Publish the plan" not in text
    listed = analyst.get(reverse("analytics:patrol-plans")).content.decode()
    assert "Draft: being prepared" in listed

    api = _token_client(client, analyst.user)
    answer = api(f"/analytics/patrol-plans/{plan.pk}")
    assert answer.status_code == 202 and answer["Retry-After"] == "3"
    assert answer.json() == {"status": "preparing", "retry_after": 3}

    assert "taking much longer than it should" not in text
    # Ten minutes on, still not prepared: most likely no worker runs, and the page says so.
    with time_machine.travel(clock.now() + dt.timedelta(minutes=11)):
        late = analyst.get(url).content.decode()
    assert "taking much longer than it should" in late and "tell your administrator" in late

    _run(queued)
    text = analyst.get(url).content.decode()
    assert "being prepared" not in text and "Why this method" in text
    assert "Patrols: planned against done" in text
    detail = api(f"/analytics/patrol-plans/{plan.pk}")
    assert detail.status_code == 200
    assert detail.json()["state"] == "ready" and len(detail.json()["items"]) == 4


def test_the_task_builds_the_plan_with_the_method_chosen_and_why_as_the_proposer(
    data,  # noqa: F811
    signed_in,
    queued,
    django_capture_on_commit_callbacks,
):
    analyst = signed_in(Role.ANALYST)
    _, plan = _propose(analyst, django_capture_on_commit_callbacks)
    _run(queued)
    plan.refresh_from_db()
    assert plan.state == PatrolPlan.State.READY and plan.failure == ""
    assert plan.method and plan.method_label
    assert "rolling-origin validation inside 2018-01-01..2018-03-31" in plan.method_reason
    assert plan.basis.startswith(plan.method_label)
    assert plan.items.count() == 4  # two places, two time windows each
    proposed = AuditEvent.objects.get(action="patrol_plan.proposed")
    assert proposed.actor == str(analyst.user.pk)  # recorded as the proposer, not "system"
    details = json.loads(proposed.details)
    assert details["items"] == 4 and details["method"] == plan.method
    # Run again (a retried job): nothing is built twice.
    _run(queued)
    assert plan.items.count() == 4
    assert AuditEvent.objects.filter(action="patrol_plan.proposed").count() == 1


def test_no_records_for_the_area_fails_with_a_clear_message(
    data,  # noqa: F811
    signed_in,
    client,
    queued,
    django_capture_on_commit_callbacks,
):
    analyst = signed_in(Role.ANALYST)
    _, plan = _propose(analyst, django_capture_on_commit_callbacks, POST | {"area": "Castle Point"})
    _run(queued)
    plan.refresh_from_db()
    assert plan.state == PatrolPlan.State.FAILED and not plan.items.exists()
    assert (
        "no located records of Anti-social behaviour in Castle Point in 2018-01-01..2018-03-31"
        in plan.failure
    )
    page = analyst.get(reverse("analytics:patrol-plan", args=[plan.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'role="alert"' in text and "This plan could not be prepared" in text
    assert "no located records of Anti-social behaviour in Castle Point" in text
    assert "Propose a patrol plan" in text
    failed = AuditEvent.objects.get(action="patrol_plan.failed")
    assert failed.actor == str(analyst.user.pk)
    assert json.loads(failed.details)["why"] == "no_records"
    detail = _token_client(client, analyst.user)(f"/analytics/patrol-plans/{plan.pk}")
    assert detail.status_code == 200
    assert detail.json()["state"] == "failed" and "no located records" in detail.json()["failure"]
    assert detail.json()["items"] == []


def test_the_proposer_is_checked_again_when_the_task_runs(
    data,  # noqa: F811
    signed_in,
    queued,
    django_capture_on_commit_callbacks,
):
    analyst = signed_in(Role.ANALYST)
    _, plan = _propose(analyst, django_capture_on_commit_callbacks)
    # Their analyst role is taken away before the worker gets to the plan.
    membership = Membership.objects.get(user=analyst.user)
    account_services.membership_revoke(actor=SYSTEM, membership_id=membership.pk)
    _run(queued)
    plan.refresh_from_db()
    assert plan.state == PatrolPlan.State.FAILED and not plan.items.exists()
    assert "may no longer propose patrol plans" in plan.failure
    assert not AuditEvent.objects.filter(action="patrol_plan.proposed").exists()


def test_only_those_who_may_propose_can_ask_and_only_their_partnership_sees_it(
    data,  # noqa: F811
    far,
    make_user,
    client,
    queued,
    django_capture_on_commit_callbacks,
):
    officer = client_for(make_user(Role.POLICE_OFFICER))  # no patrol_plan.propose
    assert officer.get(reverse("analytics:patrol-plan-new")).status_code == 403
    assert officer.post(reverse("analytics:patrol-plan-new"), POST).status_code == 403
    assert not PatrolPlan.objects.exists() and not queued.results

    analyst = client_for(make_user(Role.ANALYST))
    _, plan = _propose(analyst, django_capture_on_commit_callbacks)
    theirs = make_user(Role.ANALYST, "far_police")
    url = reverse("analytics:patrol-plan", args=[plan.pk])
    assert client_for(theirs).get(url).status_code == 404
    api = _token_client(client, theirs)
    assert api(f"/analytics/patrol-plans/{plan.pk}").status_code == 404
    _run(queued)
    assert client_for(theirs).get(url).status_code == 404
    assert api(f"/analytics/patrol-plans/{plan.pk}").status_code == 404


def test_a_plan_being_prepared_cannot_be_published(
    data,  # noqa: F811
    signed_in,
    make_user,
    queued,
    django_capture_on_commit_callbacks,
):
    from lantern.analytics import services
    from lantern.core.errors import ValidationFailed

    analyst = signed_in(Role.ANALYST)
    _, plan = _propose(analyst, django_capture_on_commit_callbacks)
    supervisor = actor_of(make_user(Role.SUPERVISOR))
    with pytest.raises(ValidationFailed) as refused:
        services.patrol_plan_publish(actor=supervisor, plan_id=plan.pk)
    assert refused.value.errors == {"plan": ["The plan has no patrols until it is prepared."]}
