""" "Still happening": a resident adds a later incident to their own report. It is a report
of its own (the triage queue, the ASB Case Review count), naming the first, and officers see
it on that report and on its case."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils.timezone import localtime

from conftest import actor_of, client_for
from lantern.audit.models import AuditEvent
from lantern.cases import selectors, services
from lantern.core import clock
from lantern.core.actor import Role
from lantern.reports import selectors as report_selectors
from lantern.reports.models import Report
from lantern.reports.services import continuing

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def reporter(make_user):
    return make_user(Role.RESIDENT)


@pytest.fixture
def first(reporter, make_report):
    return make_report(actor=actor_of(reporter), category="noise", days_ago=5)


def _again(days_ago: int = 1, description: str = "Loud music again until 2am.") -> dict:
    day = localtime(clock.now() - timedelta(days=days_ago))
    return {
        "day": str(day.day),
        "month": str(day.month),
        "year": str(day.year),
        "start_time": "23:30",
        "description": description,
    }


def test_the_resident_adds_a_later_incident_to_their_own_report(reporter, first):
    client = client_for(reporter)
    url = reverse("reports:still-happening", args=[first.reference])
    assert url in text(client.get(reverse("reports:mine-detail", args=[first.reference])))
    assert client.get(url).status_code == 200

    done = client.post(url, _again())
    later = Report.objects.get(continues=first)
    assert done.url == reverse("reports:mine-detail", args=[first.reference])
    assert (later.category_id, later.latitude, later.longitude, later.address) == (
        first.category_id,
        first.latitude,
        first.longitude,
        first.address,
    )
    assert later.partnership_id == first.partnership_id
    assert later.reporter_id == reporter.pk and later.status == Report.Status.NEW
    assert later.description == "Loud music again until 2am."
    assert localtime(later.occurred_from).strftime("%H:%M") == "23:30"
    audited = AuditEvent.objects.get(action="report.still_happening")
    assert audited.object_id == str(first.pk) and str(later.pk) in audited.details
    page = text(client.get(done.url))
    assert f"we have added it to your report as {later.reference}" in page
    assert f"Report {later.reference}" in page
    # Said again from the later one, it joins the same series (it names the first).
    client.post(reverse("reports:still-happening", args=[later.reference]), _again(2))
    assert Report.objects.filter(continues=first).count() == 2


def test_it_is_checked_as_the_report_journey_checks_it(reporter, first):
    client = client_for(reporter)
    url = reverse("reports:still-happening", args=[first.reference])
    empty = text(client.post(url, {}))
    assert "Enter the date it happened, including a day, month and year" in empty
    assert "Enter the time it happened" in empty and "Describe what happened" in empty
    future = text(client.post(url, _again(days_ago=-3)))
    assert "The date and time must be in the past" in future
    assert not Report.objects.filter(continues=first).exists()


def test_only_the_reporter_may_say_it_is_still_happening(first, make_user, client):
    url = reverse("reports:still-happening", args=[first.reference])
    other = client_for(make_user(Role.RESIDENT))
    assert other.get(url).status_code == 404
    assert other.post(url, _again()).status_code == 404
    assert client.post(url, _again()).status_code in (302, 403)  # not signed in
    officer = client_for(make_user(Role.POLICE_OFFICER))
    assert officer.post(url, _again()).status_code in (403, 404)
    assert not Report.objects.filter(continues=first).exists()


def test_officers_see_it_on_the_report_and_its_case(reporter, first, officer, case):
    services.case_link_report(actor=officer, case_id=case.pk, report_id=first.pk)
    later = continuing.report_still_happening(
        actor=actor_of(reporter),
        report_id=first.pk,
        occurred_from=clock.now() - timedelta(hours=2),
        description="Shouting in the street again.",
    )
    from lantern.accounts.models import User

    staff = client_for(User.objects.get(pk=officer.user_id))
    page = text(staff.get(reverse("reports:triage-detail", args=[first.pk])))
    assert "Still happening" in page
    assert reverse("reports:triage-detail", args=[later.pk]) in page
    later_page = text(staff.get(reverse("reports:triage-detail", args=[later.pk])))
    assert f"follows report {first.reference}" in later_page
    # It is in the triage queue, and not offered as a duplicate of its own series.
    assert later in report_selectors.report_list(actor=officer)
    assert all(
        r != first for r, _ in report_selectors.possible_duplicates(actor=officer, report=later)
    )
    # On the case, without an officer linking it.
    assert later.pk in selectors.case_report_ids(case=case)
    case_page = text(staff.get(reverse("cases:case", args=[case.pk])))
    assert later.reference in case_page and f"follows {first.reference}" in case_page


def test_each_time_counts_towards_the_asb_case_review_threshold(reporter, first):
    actor = actor_of(reporter)

    def eligibility():
        return selectors.resident_eligibility(actor=actor)

    assert not eligibility().eligible
    for hours in (30, 3):
        continuing.report_still_happening(
            actor=actor,
            report_id=first.pk,
            occurred_from=clock.now() - timedelta(hours=hours),
            description="It happened again.",
        )
    counted = eligibility()
    later = {str(pk) for pk in Report.objects.filter(continues=first).values_list("pk", flat=True)}
    assert later <= set(counted.qualifying_report_ids)
    assert counted.eligible  # three incidents, each reported within a month of it
