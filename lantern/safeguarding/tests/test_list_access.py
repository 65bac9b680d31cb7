"""Lists of safeguarding records log their reads as ONE access event naming every record on
the list (ADR 0020): the lead's dashboard is one append to the audit chain for its waiting
list, not one per concern, and "who read this screening" still finds it."""

from __future__ import annotations

import json

import pytest

from conftest import actor_of, client_for
from lantern.audit import catalogue
from lantern.audit.models import AuditEvent
from lantern.audit.selectors import audit_event_list
from lantern.audit.verify import verify_chain
from lantern.core.actor import Role
from lantern.safeguarding.tests.factories import screen

pytestmark = pytest.mark.django_db


def _access_events(user) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(actor=str(user.pk), kind=AuditEvent.Kind.ACCESS).order_by("seq")
    )


def test_the_leads_dashboard_logs_its_waiting_list_as_one_event(people, make_user):
    user = make_user(Role.SAFEGUARDING_LEAD)
    lead = actor_of(user)
    screenings = [screen(lead, people.add(age=30)) for _ in range(4)]
    client = client_for(user)
    before = _access_events(user)
    page = client.get("/dashboard/")
    assert page.status_code == 200
    written = _access_events(user)[len(before) :]
    (event,) = [e for e in written if e.object_type == "screening"]
    assert len(written) == 1  # the waiting list is the dashboard's only read of records
    assert event.action == catalogue.RECORDS_LISTED and event.object_id == ""
    details = json.loads(event.details)
    assert details["ids"] == sorted(str(s.pk) for s in screenings)
    assert details["data_class"] == "special_category" and details["count"] == 4
    # Who read this screening? The auditor's filter finds the list event.
    auditor = actor_of(make_user(Role.ADMIN))
    for screening in screenings:
        found = audit_event_list(
            actor=auditor, object_type="screening", object_id=str(screening.pk)
        )
        assert event.seq in {e.seq for e in found}
    assert verify_chain().ok


def test_the_queue_page_logs_its_concerns_as_one_event(people, make_user):
    user = make_user(Role.SAFEGUARDING_LEAD)
    lead = actor_of(user)
    screenings = [screen(lead, people.add(age=30)) for _ in range(3)]
    client = client_for(user)
    before = len(_access_events(user))
    from django.urls import reverse

    page = client.get(reverse("safeguarding:home"))
    assert page.status_code == 200
    listed = [e for e in _access_events(user)[before:] if e.object_type == "screening"]
    assert len(listed) == 1
    assert json.loads(listed[0].details)["ids"] == sorted(str(s.pk) for s in screenings)
