"""``lantern seed-scale``: a small borough in proportion, with its distributions, whose audit
events verify and whose pages render. Run on SQLite and on PostgreSQL
(LANTERN_TEST_DATABASE_URL): the writer takes a different path on each."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils.timezone import localtime

from conftest import client_for
from lantern.accounts import demo as accounts_demo
from lantern.accounts.models import Partnership, User
from lantern.analytics.models import PoliceUkRecord
from lantern.audit import verify
from lantern.audit.models import AuditEvent
from lantern.cases.models import Case, CaseReport, CaseSubject, Person, Vehicle
from lantern.core.actor import Role
from lantern.core.scale import HOTSPOTS
from lantern.evidence.models import EvidenceItem
from lantern.reports.models import CaseLink, Report
from lantern.reports.selectors import _metres
from lantern.safeguarding.models import Screening

pytestmark = pytest.mark.django_db

REPORTS = 200


@pytest.fixture
def seeded():
    accounts_demo.seed(out=StringIO())
    before = AuditEvent.objects.count()
    out = StringIO()
    call_command("seed-scale", "--reports", str(REPORTS), "--no-demo", "--seed", "7", stdout=out)
    return before, out.getvalue()


def test_everything_is_in_proportion_and_distributed_as_in_a_borough(seeded):
    before, out = seeded
    eastmere = Partnership.objects.get(name=accounts_demo.EASTMERE)
    assert Report.objects.filter(partnership=eastmere).count() == REPORTS
    assert Case.objects.filter(partnership=eastmere).count() == REPORTS // 10
    assert Person.objects.count() == REPORTS * 3 // 10
    assert Vehicle.objects.count() == REPORTS // 5
    assert EvidenceItem.objects.count() == REPORTS * 4 // 100
    assert PoliceUkRecord.objects.count() == REPORTS // 5
    assert CaseLink.objects.count() == CaseReport.objects.count() > 0
    # Screenings of people in cases, each on a case the person is on; a child never "no concern".
    screenings = list(Screening.objects.all())
    assert len(screenings) == REPORTS // 100
    on_case = set(CaseSubject.objects.values_list("person_id", "case_id"))
    assert all((s.person_id, s.case_id) in on_case for s in screenings)
    assert all(s.outcome != "no_concern" for s in screenings if s.treated_as_child)
    # Millions of audit events for a million reports: several per report.
    assert AuditEvent.objects.count() - before > 3 * REPORTS
    assert "reports.Report: 200 rows" in out
    connection.check_constraints()  # every foreign key written in bulk holds
    # The audit events continue the chain, and it verifies.
    verdict = verify.verify_chain()
    assert verdict.ok, verdict.reason
    assert verdict.events == AuditEvent.objects.count()
    # Reports cluster in hotspots and evenings, with repeat reporters.
    reports = list(Report.objects.all())
    near = sum(
        1
        for r in reports
        if any(_metres(r.latitude, r.longitude, lat, lon) <= 400 for lat, lon, _ in HOTSPOTS)
    )
    assert near / len(reports) > 0.5
    hours = [localtime(r.occurred_from).hour for r in reports]
    evening = sum(1 for hour in hours if hour >= 18 or hour < 2)
    assert evening / len(reports) > 0.5
    by_reporter = Counter(r.reporter_id for r in reports if r.reporter_id)
    assert by_reporter.most_common(1)[0][1] >= 5  # someone reports again and again
    assert 0.2 < sum(r.anonymous for r in reports) / len(reports) < 0.6
    subjects = Case.objects.annotate(n=Count("subjects")).values_list("n", flat=True)
    assert min(subjects) >= 1 and sum(subjects) / len(subjects) >= 3
    assert CaseSubject.objects.filter(vehicle__isnull=False).exists()


def test_the_pages_render_and_a_second_run_adds_to_the_chain(seeded):
    officer = User.objects.get(email=accounts_demo.demo_email(Role.COUNCIL_OFFICER))
    client = client_for(officer)
    report = Report.objects.first()
    # The council's cases; their people and vehicles are seen through them.
    council = officer.memberships.get().organisation
    case = Case.objects.filter(organisation=council).annotate(n=Count("subjects")).order_by("-n")[0]
    person = case.subjects.filter(person__isnull=False).first().person
    vehicle = CaseSubject.objects.filter(case__organisation=council, vehicle__isnull=False)[
        0
    ].vehicle
    for url in (
        reverse("reports:triage") + "?status=closed",
        reverse("reports:triage-detail", args=[report.pk]),
        reverse("cases:list"),
        reverse("cases:case", args=[case.pk]),
        reverse("cases:person", args=[person.pk]),
        reverse("cases:vehicle", args=[vehicle.pk]),
        reverse("frontend:dashboard"),
    ):
        assert client.get(url).status_code == 200, url
    admin = client_for(User.objects.get(email=accounts_demo.demo_email(Role.ADMIN)))
    assert admin.get(reverse("audit:events")).status_code == 200
    call_command("seed-scale", "--reports", "20", "--no-demo", "--seed", "8", stdout=StringIO())
    assert Report.objects.count() == REPORTS + 20
    assert verify.verify_chain().ok


def test_the_counts_the_writers_keep_are_made_too(seeded):
    """What the import and report services keep as they write (docs/scale.md), the seeding
    makes after its bulk writes: the same as counting the records."""
    from lantern.analytics.models import PoliceUkAreaCount, PoliceUkMonthCount
    from lantern.analytics.selectors.policeuk_counts import count_inside
    from lantern.cases.models import ActionMonthCount, EnforcementAction
    from lantern.reports.models import Queue, ReportMonthCount

    eastmere = Partnership.objects.get(name=accounts_demo.EASTMERE)
    kept = PoliceUkAreaCount.objects.filter(partnership=eastmere, area=None)
    assert {(c.month, c.crime_type): c.records for c in kept} == dict(
        count_inside(PoliceUkRecord.objects.all(), eastmere.boundary)
    )
    assert sum(PoliceUkMonthCount.objects.values_list("records", flat=True)) == (
        PoliceUkRecord.objects.count()
    )
    reports = Report.objects.filter(partnership=eastmere).exclude(queue=Queue.SAFEGUARDING)
    by_month = Counter(localtime(r.created_at).date().replace(day=1) for r in reports)
    months = ReportMonthCount.objects.filter(partnership=eastmere)
    assert {m.month: m.reports for m in months} == dict(by_month)
    served = EnforcementAction.objects.filter(case__partnership=eastmere, served_at__isnull=False)
    assert served.exists()
    kept = ActionMonthCount.objects.filter(partnership=eastmere)
    assert {(c.month, c.kind): c.served for c in kept} == dict(
        Counter((localtime(a.served_at).date().replace(day=1), a.kind) for a in served)
    )
