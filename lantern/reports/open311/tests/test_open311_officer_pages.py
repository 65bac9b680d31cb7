"""Officers read the updates Open311 clients send (servicerequestupdates) on the report's
page and on a list of every update, as far as they may see the reports."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantern.core.actor import Role
from lantern.reports.models import Report
from lantern.reports.open311.tests import fms

pytestmark = pytest.mark.django_db


def _report(open311, api_key, **changes):
    answer = open311.post("requests", fms.service_request(api_key, **changes), "request-response")
    return Report.objects.get(reference=answer[0]["service_request_id"])


def _update(open311, api_key, report, **changes):
    data = fms.update(api_key, report.reference, **changes)
    open311.post("servicerequestupdates", data, "update-created", fmt="json")


def test_officer_reads_client_updates_on_the_report_page(open311, api_key, signed_in):
    report = _report(open311, api_key)
    _update(open311, api_key, report, status="FIXED", description="Cleared by the council.")
    _update(
        open311,
        api_key,
        report,
        update_id="988",
        status="OPEN",
        description="Back again tonight.",
        media_url="https://www.fixmystreet.com/photo/c/99.0.full.jpeg",
    )
    officer = signed_in(Role.POLICE_OFFICER)
    page = officer.get(reverse("reports:triage-detail", args=[report.pk])).content.decode()
    assert "Updates from FixMyStreet" in page
    assert page.index("Cleared by the council.") < page.index("Back again tonight.")
    assert "Fixed" in page and "https://www.fixmystreet.com/photo/c/99.0.full.jpeg" in page
    report.refresh_from_db()
    assert report.status == Report.Status.NEW  # a client's FIXED does not close it


def test_a_web_report_has_no_client_updates_section(signed_in):
    from lantern.reports.tests.factories import make_report

    report = make_report().report
    page = signed_in(Role.POLICE_OFFICER).get(reverse("reports:triage-detail", args=[report.pk]))
    assert "Updates from" not in page.content.decode()


def test_client_update_list_is_permission_checked(open311, api_key, signed_in):
    litter = _report(open311, api_key)
    concern = _report(open311, api_key, service_code="concern-for-safety")
    assert concern.queue == "safeguarding"
    _update(open311, api_key, litter, description="Still there at dawn.")
    # Updates on safeguarding-queue reports cannot be sent (404), so add one directly.
    from lantern.reports.open311.models import Open311Update

    Open311Update.objects.create(
        report=concern, client=litter.open311_submission.client, status="OPEN", description="SG"
    )
    url = reverse("reports:client-updates")
    assert signed_in(Role.RESIDENT).get(url).status_code == 403
    officer_page = signed_in(Role.POLICE_OFFICER).get(url).content.decode()
    assert "Still there at dawn." in officer_page and litter.reference in officer_page
    assert concern.reference not in officer_page
    lead_page = signed_in(Role.SAFEGUARDING_LEAD).get(url).content.decode()
    assert concern.reference in lead_page and "Still there at dawn." in lead_page
    # A safeguarding-queue report's page stays closed to an officer, updates included.
    officer = signed_in(Role.POLICE_OFFICER)
    assert officer.get(reverse("reports:triage-detail", args=[concern.pk])).status_code == 404


def test_client_update_list_queries_do_not_grow(open311, api_key, signed_in):
    officer = signed_in(Role.POLICE_OFFICER)
    url = reverse("reports:client-updates")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert officer.get(url).status_code == 200
        return len(captured)

    report = _report(open311, api_key)
    _update(open311, api_key, report)
    few = queries()
    for n in range(6):
        more = _report(open311, api_key)
        _update(open311, api_key, more, update_id=f"u{n}")
    assert queries() == few
