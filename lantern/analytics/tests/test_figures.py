"""The partnership's figures by month (docs/partnership-dashboard.md): each app's counts
through its own aggregate selector, for the whole partnership or a drawn area, safeguarding
counts suppressed, other partnerships' records never counted, a flat number of queries, the
page, its CSV and the API. Run on SQLite and on PostgreSQL (LANTERN_TEST_DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import FAR_POINT, actor_of, client_for
from lantern.accounts.models import Partnership, User
from lantern.analytics.models import PatrolItem, PatrolLog, PatrolPlan, PoliceUkRecord
from lantern.analytics.selectors import partnership_figures
from lantern.audit.models import AuditEvent
from lantern.cases import services as case_services
from lantern.cases.selectors.counts import actions_served_by_month
from lantern.cases.tests.conftest import cpw_input, served
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import NotFound, PermissionDenied
from lantern.core.monthly import Months, add_months
from lantern.places import services as places
from lantern.places.demo import AREA
from lantern.reports.area_counts import counts_by_month
from lantern.reports.models import Report
from lantern.reports.month_counts import recount
from lantern.reports.services import ReportInput, report_create
from lantern.safeguarding.models import DutyRecord, Screening
from lantern.safeguarding.selectors.numbers import counts_by_month as safeguarding_counts

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 11, 0, tzinfo=dt.UTC)
JUNE = dt.date(2026, 6, 1)
MAY = dt.date(2026, 5, 1)
APRIL = dt.date(2026, 4, 1)
RANGE = Months(APRIL, JUNE)
INSIDE = (51.5412, 0.7183)  # in the demo area (lantern/places/demo.py)
OUTSIDE = (51.5300, 0.7000)


@pytest.fixture(autouse=True)
def _june():
    with time_machine.travel(NOW, tick=False):
        yield


def _report(resident, code: str = "noise", at=INSIDE, month: dt.date = JUNE):
    made = report_create(
        actor=resident,
        data=ReportInput(
            category_code=code,
            latitude=at[0],
            longitude=at[1],
            occurred_from=NOW - dt.timedelta(hours=2),
            description="Shouting outside number 14 by Wendolyn Quarrington.",
            address="14 Larkspur Row",
        ),
    ).report
    if month != JUNE:
        Report.objects.filter(pk=made.pk).update(
            created_at=dt.datetime.combine(month, dt.time(12), tzinfo=dt.UTC)
        )
        recount(partnership_ids=[made.partnership_id])  # written past the services
    return made


def _partnership(name: str = "Test Partnership") -> Partnership:
    return Partnership.objects.get(name=name)


def _screenings(n: int, month: dt.date, by, partnership: Partnership) -> None:
    for _ in range(n):
        Screening.objects.create(
            person_id=uuid.uuid4(),
            partnership=partnership,
            observed_by=by,
            observed_at=dt.datetime.combine(month, dt.time(12), tzinfo=dt.UTC),
            context="At the bus stop.",
            age_band="adult",
            outcome="no_concern",
        )


def _ms1(n: int, month: dt.date, partnership: Partnership) -> None:
    for _ in range(n):
        DutyRecord.objects.create(kind=DutyRecord.Kind.MS1, partnership=partnership, month=month)


def _plan(partnership: Partnership, at=INSIDE) -> PatrolItem:
    plan = PatrolPlan.objects.create(
        title="Evenings",
        partnership=partnership,
        status=PatrolPlan.Status.PUBLISHED,
        starts_on=dt.date(2026, 5, 1),
        ends_on=dt.date(2026, 5, 31),
        proposed_by="test",
    )
    return PatrolItem.objects.create(
        plan=plan,
        label="Larkspur Row",
        latitude=at[0],
        longitude=at[1],
        weekday=4,  # Friday: five Fridays in May 2026
        start_time=dt.time(20),
        end_time=dt.time(22),
        visits=2,
    )


def _log(item: PatrolItem, day: dt.date) -> None:
    at = dt.datetime.combine(day, dt.time(20), tzinfo=dt.UTC)
    PatrolLog.objects.create(
        item=item, officer_id=uuid.uuid4(), started_at=at, ended_at=at + dt.timedelta(minutes=20)
    )


def _record(month: dt.date, at=INSIDE, crime: str = "Anti-social behaviour") -> None:
    PoliceUkRecord.objects.create(
        natural_key=uuid.uuid4().hex,
        month=month,
        latitude=at[0],
        longitude=at[1],
        crime_type=crime,
    )


@pytest.fixture
def area(orgs):
    return places.area_create(actor=SYSTEM, name="Larkspur Row and surrounds", geojson=AREA)


def _line(figures, label: str) -> list[int]:
    return next(line.counts for line in figures.lines if line.label == label)


def test_reports_are_counted_by_month_in_the_partnership_and_the_area(make_user, area):
    resident = actor_of(make_user(Role.RESIDENT))
    analyst = actor_of(make_user(Role.ANALYST))
    for _ in range(3):
        _report(resident)
    _report(resident, at=OUTSIDE)
    _report(resident, month=MAY)
    _report(resident, month=dt.date(2026, 3, 1))  # before the range
    _report(resident, "concern-for-safety")  # the safeguarding queue: never counted
    partnership = _partnership()
    whole = counts_by_month(actor=analyst, partnership_id=partnership.pk, months=RANGE)
    assert whole == {(JUNE,): 4, (MAY,): 1}
    figures = partnership_figures(actor=analyst, partnership_id=None, area_id=area.pk, months=RANGE)
    assert _line(figures, "Reports received") == [0, 1, 3]
    assert figures.place == "Larkspur Row and surrounds"


def test_enforcement_counts_steps_served_not_drafted(make_user, area):
    resident = actor_of(make_user(Role.RESIDENT))
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    supervisor = actor_of(make_user(Role.SUPERVISOR))
    analyst = actor_of(make_user(Role.ANALYST))
    first, second = _report(resident), _report(resident, at=OUTSIDE)
    reports = {}
    for report in (first, second):
        case = case_services.case_open(
            actor=officer, data=case_services.CaseInput(kind="person", title="Door knocking")
        )
        case_services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
        person = case_services.person_link(
            actor=officer,
            case_id=case.pk,
            role="perpetrator",
            data=case_services.PersonInput(
                given_name="Corin", family_name="Testwright", date_of_birth=dt.date(1990, 3, 4)
            ),
        ).person
        reports[report.pk] = (case, person)
    for report in (first, second):
        case, person = reports[report.pk]
        cpw = case_services.action_draft(
            actor=officer, case_id=case.pk, data=cpw_input(person, report)
        )
        served(cpw.pk, officer=officer, supervisor=supervisor)
    case, person = reports[first.pk]
    case_services.action_draft(actor=officer, case_id=case.pk, data=cpw_input(person, first))
    partnership = _partnership()
    whole = actions_served_by_month(actor=analyst, partnership_id=partnership.pk, months=RANGE)
    assert whole == {(JUNE, "cpw"): 2}  # the draft is not counted
    figures = partnership_figures(actor=analyst, partnership_id=None, area_id=area.pk, months=RANGE)
    assert _line(figures, "Community Protection Warning") == [0, 0, 1]
    assert _line(figures, "All enforcement steps") == [0, 0, 1]
    assert _line(figures, "Community Protection Notice") == [0, 0, 0]


def test_safeguarding_counts_are_suppressed_and_logged_once(make_user, orgs):
    lead = make_user(Role.SAFEGUARDING_LEAD)
    supervisor = actor_of(make_user(Role.SUPERVISOR))
    partnership = _partnership()
    _screenings(6, JUNE, lead, partnership)
    _screenings(2, MAY, lead, partnership)
    _ms1(1, MAY, partnership)
    before = AuditEvent.objects.filter(object_type="safeguarding_figures").count()
    figures = partnership_figures(
        actor=supervisor, partnership_id=partnership.pk, area_id=None, months=RANGE
    )
    screenings = next(line for line in figures.lines if line.label == "Screenings")
    assert screenings.counts == [0, 2, 6]
    assert screenings.cells() == ["None", "Fewer than 5", "6"]
    ms1 = next(line for line in figures.lines if line.label.startswith("MS1"))
    assert ms1.cells() == ["None", "Fewer than 5", "None"]
    assert AuditEvent.objects.filter(object_type="safeguarding_figures").count() == before + 1


def test_patrols_done_against_planned(make_user, area):
    analyst = actor_of(make_user(Role.ANALYST))
    partnership = _partnership()
    item = _plan(partnership)
    _plan(partnership, at=OUTSIDE)
    for day in (1, 8, 15):
        _log(item, dt.date(2026, 5, day))
    figures = partnership_figures(actor=analyst, partnership_id=None, area_id=None, months=RANGE)
    assert _line(figures, "Patrol visits planned") == [0, 20, 0]  # 2 plans x 5 Fridays x 2
    assert _line(figures, "Patrols done") == [0, 3, 0]
    inside = partnership_figures(actor=analyst, partnership_id=None, area_id=area.pk, months=RANGE)
    assert _line(inside, "Patrol visits planned") == [0, 10, 0]


def test_policeuk_trend_for_the_area_and_category(make_user, area):
    analyst = actor_of(make_user(Role.ANALYST))
    _record(APRIL)
    _record(APRIL)
    _record(MAY, crime="Burglary")
    _record(MAY, at=OUTSIDE)
    figures = partnership_figures(actor=analyst, partnership_id=None, area_id=area.pk, months=RANGE)
    assert _line(figures, "All categories") == [2, 1, 0]
    burglary = partnership_figures(
        actor=analyst, partnership_id=None, area_id=None, months=RANGE, category="Burglary"
    )
    assert _line(burglary, "Burglary") == [0, 1, 0]


def test_other_partnerships_records_are_never_counted(make_user, far, area):
    resident = actor_of(make_user(Role.RESIDENT))
    analyst = actor_of(make_user(Role.ANALYST))
    far_analyst = actor_of(make_user(Role.ANALYST, "far_police"))
    far_lead = make_user(Role.SAFEGUARDING_LEAD, "far_council")
    far_partnership = _partnership("Far Partnership")
    _report(resident)
    _report(resident, at=FAR_POINT)
    _screenings(7, JUNE, far_lead, far_partnership)
    _plan(far_partnership, at=FAR_POINT)
    figures = partnership_figures(actor=analyst, partnership_id=None, area_id=None, months=RANGE)
    assert _line(figures, "Reports received") == [0, 0, 1]
    assert _line(figures, "Screenings") == [0, 0, 0]
    assert _line(figures, "Patrol visits planned") == [0, 0, 0]
    far_figures = partnership_figures(
        actor=far_analyst, partnership_id=None, area_id=None, months=RANGE
    )
    assert _line(far_figures, "Reports received") == [0, 0, 1]
    assert _line(far_figures, "Screenings") == [0, 0, 7]
    # Another partnership, or its area, by id: not found, never counted.
    with pytest.raises(NotFound):
        partnership_figures(
            actor=far_analyst, partnership_id=_partnership().pk, area_id=None, months=RANGE
        )
    with pytest.raises(NotFound):
        partnership_figures(actor=far_analyst, partnership_id=None, area_id=area.pk, months=RANGE)
    with pytest.raises(NotFound):
        safeguarding_counts(actor=far_analyst, partnership_id=_partnership().pk, months=RANGE)
    assert counts_by_month(actor=far_analyst, partnership_id=_partnership().pk, months=RANGE) == {}
    client = client_for(User.objects.get(pk=far_analyst.user_id))
    for params in ({"partnership": str(_partnership().pk)}, {"area": str(area.pk)}):
        page = client.get(reverse("analytics:partnership-figures"), params)
        assert page.status_code in (200, 404)
        assert "Larkspur" not in page.content.decode()
        api = client.get("/api/v1/analytics/partnership-figures", params)
        assert api.status_code in (404, 422)


@pytest.mark.parametrize(
    "role",
    [Role.POLICE_OFFICER, Role.SAFEGUARDING_LEAD, Role.SUPPORT_WORKER, Role.ADMIN, Role.RESIDENT],
)
def test_refused_without_the_permission(make_user, orgs, role):
    user = make_user(role)
    with pytest.raises(PermissionDenied):
        partnership_figures(actor=actor_of(user), partnership_id=None, area_id=None, months=RANGE)
    client = client_for(user)
    assert client.get(reverse("analytics:partnership-figures")).status_code == 403
    assert client.get(reverse("analytics:partnership-figures-csv")).status_code == 403
    assert client.get("/api/v1/analytics/partnership-figures").status_code == 403


def _fill(resident, lead, partnership: Partnership, months: list[dt.date], each: int) -> None:
    for month in months:
        for _ in range(each):
            _report(resident, month=month)
        _screenings(each, month, lead, partnership)
        _record(month)
        item = _plan(partnership)
        _log(item, month)


def test_the_number_of_queries_does_not_grow_with_months_or_records(make_user, area):
    resident = actor_of(make_user(Role.RESIDENT))
    lead = make_user(Role.SAFEGUARDING_LEAD)
    analyst = actor_of(make_user(Role.ANALYST))
    partnership = _partnership()

    def queries(months: Months, area_id) -> int:
        with CaptureQueriesContext(connection) as captured:
            partnership_figures(actor=analyst, partnership_id=None, area_id=area_id, months=months)
        return len(captured)

    _fill(resident, lead, partnership, [JUNE], 1)
    small = {a: queries(Months(JUNE, JUNE), a) for a in (None, area.pk)}
    _fill(resident, lead, partnership, [add_months(JUNE, -i) for i in range(6)], 3)
    big = {a: queries(Months.ending(JUNE, 24), a) for a in (None, area.pk)}
    assert big == small


def test_the_page_csv_and_api(make_user, area):
    resident = actor_of(make_user(Role.RESIDENT))
    lead = make_user(Role.SAFEGUARDING_LEAD)
    partnership = _partnership()
    for _ in range(2):
        _report(resident)
    _screenings(3, JUNE, lead, partnership)
    client = client_for(make_user(Role.SUPERVISOR))
    params = {"area": str(area.pk), "start": "2026-04", "end": "2026-06", "category": ""}
    page = client.get(reverse("analytics:partnership-figures"), params)
    assert page.status_code == 200
    content = page.content.decode()
    assert "Partnership figures by month: Larkspur Row and surrounds \u2013 Lantern" in content
    assert "Fewer than 5" in content and 'aria-hidden="true"' in content
    assert 'href="/analytics/"' in content  # the back link to the partnership dashboard
    for private in ("Wendolyn", "Quarrington", "number 14"):
        assert private not in content
    download = client.get(reverse("analytics:partnership-figures-csv"), params)
    assert download["Content-Type"].startswith("text/csv")
    rows = download.content.decode().splitlines()
    assert rows[1] == "Section,Measure,2026-04,2026-05,2026-06"
    assert "Resident reports,Reports received,0,0,2" in rows
    assert "Safeguarding,Screenings,None,None,Fewer than 5" in rows
    api = client.get("/api/v1/analytics/partnership-figures", params)
    assert api.status_code == 200
    body = api.json()
    assert body["months"] == ["2026-04", "2026-05", "2026-06"]
    lines = {line["label"]: line for line in body["lines"]}
    assert lines["Reports received"]["counts"] == [0, 0, 2]
    assert lines["Screenings"]["counts"] == [0, 0, None]
    bad = client.get(reverse("analytics:partnership-figures"), {**params, "end": "2026-01"})
    assert bad.status_code == 200 and "The last month must be" in bad.content.decode()
    other = client.get(reverse("analytics:partnership-figures"), {"area": str(uuid.uuid4())})
    assert (
        other.status_code == 200 and "Select one of the options for area" in other.content.decode()
    )


def test_linked_from_the_dashboards(make_user, orgs):
    client = client_for(make_user(Role.ANALYST))
    url = reverse("analytics:partnership-figures")
    assert url in client.get(reverse("frontend:dashboard")).content.decode()
    assert url in client.get(reverse("analytics:dashboard")).content.decode()
