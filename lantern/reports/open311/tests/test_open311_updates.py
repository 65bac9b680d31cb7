"""mySociety's servicerequestupdates extension: status updates out, client updates in."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lantern.accounts.selectors import actor_for
from lantern.audit.models import AuditEvent
from lantern.core import clock
from lantern.core.actor import Role
from lantern.reports import services as report_services
from lantern.reports.models import Report
from lantern.reports.open311.models import Open311Update
from lantern.reports.open311.tests import fms
from lantern.reports.open311.tests.fms import client_key

pytestmark = pytest.mark.django_db
FORMATS = ["json", "xml"]


def _report(open311, api_key, **changes):
    answer = open311.post("requests", fms.service_request(api_key, **changes), "request-response")
    return Report.objects.get(reference=answer[0]["service_request_id"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_status_changes_and_public_updates_go_out_with_extended_statuses(
    open311, api_key, make_user, fmt
):
    report = _report(open311, api_key)
    officer = actor_for(make_user(Role.POLICE_OFFICER), verified=True)
    report_services.report_set_status(actor=officer, report_id=report.pk, status="in_progress")
    report_services.report_add_public_update(
        actor=officer, report_id=report.pk, text="An officer is visiting this evening."
    )
    report_services.report_add_internal_note(
        actor=officer, report_id=report.pk, text="Internal: known location."
    )
    report_services.report_set_status(actor=officer, report_id=report.pk, status="closed")
    feed = open311.get("servicerequestupdates", "updates", fmt=fmt, api_key=api_key)
    assert [(u["status"], u["description"]) for u in feed] == [
        ("IN_PROGRESS", "Action being taken"),
        ("IN_PROGRESS", "An officer is visiting this evening."),
        ("CLOSED", "Closed"),
    ]
    assert {u["service_request_id"] for u in feed} == {report.reference}
    assert len({u["update_id"] for u in feed}) == 3
    body = open311.http.get(f"/open311/v2/servicerequestupdates.{fmt}", {"api_key": api_key})
    assert b"Internal" not in body.content
    later = (clock.now() + timedelta(minutes=1)).isoformat()
    assert (
        open311.get("servicerequestupdates", "updates", fmt=fmt, api_key=api_key, start_date=later)
        == []
    )


def test_updates_go_only_to_the_client_that_sent_the_report(open311, api_key, make_user):
    report = _report(open311, api_key)
    other_key = client_key("OtherApp")
    officer = actor_for(make_user(Role.POLICE_OFFICER), verified=True)
    report_services.report_set_status(actor=officer, report_id=report.pk, status="in_progress")
    assert open311.get("servicerequestupdates", "updates", api_key=other_key) == []
    assert len(open311.get("servicerequestupdates", "updates", api_key=api_key)) == 1
    open311.get("servicerequestupdates", "errors", expect=403)
    open311.get("servicerequestupdates", "errors", expect=400, api_key=api_key, start_date="soon")


@pytest.mark.parametrize("fmt", FORMATS)
def test_client_update_is_kept_once_without_names(open311, api_key, fmt):
    report = _report(open311, api_key)
    data = fms.update(api_key, report.reference, status="FIXED")
    first = open311.post("servicerequestupdates", data, "update-created", fmt=fmt)
    again = open311.post("servicerequestupdates", data, "update-created", fmt=fmt)
    assert first == again
    update = Open311Update.objects.get()
    assert (update.status, update.description, update.external_id) == (
        "FIXED",
        "Still there this morning.",
        "987",
    )
    report.refresh_from_db()
    assert report.status == "new"  # a client's FIXED does not close a report: officers decide
    event = AuditEvent.objects.get(action="open311.update_received")
    assert "Alys" not in event.details and "Still there" not in event.details


@pytest.mark.parametrize("fmt", FORMATS)
def test_client_update_errors(open311, api_key, fmt):
    report = _report(open311, api_key)
    open311.post(
        "servicerequestupdates", fms.update("", report.reference), "errors", fmt=fmt, expect=403
    )
    open311.post(
        "servicerequestupdates", fms.update(api_key, "R-AAAA-AAAA"), "errors", fmt=fmt, expect=404
    )
    other_key = client_key(f"Other-{fmt}")
    open311.post(
        "servicerequestupdates",
        fms.update(other_key, report.reference),
        "errors",
        fmt=fmt,
        expect=404,
    )
    errors = open311.post(
        "servicerequestupdates",
        fms.update(api_key, report.reference, status="MAYBE"),
        "errors",
        fmt=fmt,
        expect=400,
    )
    assert errors[0]["description"].startswith("status:")
    assert not Open311Update.objects.exists()
