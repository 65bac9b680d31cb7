"""Demo casework on Larkspur Row (fictional people and vehicles only): a place-based
problem, a kerb-crawling case with vehicle sightings and a keeper letter, a person case
with a served Community Protection Warning, and the resident's ASB Case Review application
with its threshold decided. Idempotent: a second run changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from lantern.accounts.demo import ORGANISATIONS
from lantern.accounts.models import User
from lantern.accounts.selectors import actor_for
from lantern.cases import services
from lantern.cases.models import Case
from lantern.cases.selectors import review_councils
from lantern.core import clock
from lantern.core.demo import DEMO_DOMAIN, DEMO_PERSON_ID
from lantern.reports import services as report_services
from lantern.reports.services import ReportInput

LAT, LON = 51.5412, 0.7183
PLACE_TITLE = "Larkspur Row: street sex market and its effects (SARA)"
KERB_TITLE = "Larkspur Row: kerb crawling by a repeat vehicle"
PERSON_TITLE = "Larkspur Row: doorway nuisance by one person"
REGISTRATION = "KX19LRW"  # fictional


def _actor(role: str) -> Any:
    user = User.objects.filter(email=f"{role}@{DEMO_DOMAIN}").first()
    return actor_for(user, verified=True) if user else None


def _report(resident: Any, *, days_ago: int, category: str, vehicles: list[str], text: str) -> Any:
    return report_services.report_create(
        actor=resident,
        data=ReportInput(
            category_code=category,
            latitude=LAT + days_ago * 0.00003,
            longitude=LON - days_ago * 0.00004,
            occurred_from=clock.now() - timedelta(days=days_ago, hours=2),
            description=text,
            address="Larkspur Row, Eastmere",
            vehicles=vehicles,
        ),
    ).report


def _square(lat: float, lon: float, d: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [
                [lon - d, lat - d / 2],
                [lon + d, lat - d / 2],
                [lon + d, lat + d / 2],
                [lon - d, lat + d / 2],
                [lon - d, lat - d / 2],
            ]
        ],
    }


@transaction.atomic
def seed(*, out: Any) -> None:
    officer, supervisor, resident = (
        _actor("police_officer"),
        _actor("supervisor"),
        _actor("resident"),
    )
    if officer is None or supervisor is None or resident is None:
        out.write("Cases demo skipped: the demo users are missing.\n")
        return
    if not officer.partnership_ids:
        # A case belongs to its creator's partnership; the accounts demo seeds them.
        out.write("Cases demo skipped: the demo organisations are in no partnership.\n")
        return
    if Case.objects.filter(title=PLACE_TITLE).exists():
        out.write("Demo cases are ready.\n")
        return

    place = services.case_open(
        actor=officer,
        data=services.CaseInput(
            kind="place",
            title=PLACE_TITLE,
            summary="Residents report kerb crawling, litter and noise at night.",
            area=_square(LAT, LON, 0.002),
            next_review_on=clock.now().date() + timedelta(days=14),
        ),
    )
    services.case_set_stage(
        actor=officer, case_id=place.pk, stage="analysis", note="Hot hours 22:00-02:00"
    )
    # The woman the safeguarding demo screens (lantern/safeguarding/demo.py): a potential
    # victim of exploitation in the place-based problem, never a perpetrator.
    services.person_link(
        actor=officer,
        case_id=place.pk,
        role="potential_victim_of_exploitation",
        data=services.PersonInput(given_name="Mara", estimated_age=24, fixed_id=DEMO_PERSON_ID),
    )

    kerb = services.case_open(
        actor=officer, data=services.CaseInput(kind="person", title=KERB_TITLE)
    )
    for days in (12, 7, 3):
        report = _report(
            resident,
            days_ago=days,
            category="kerb-crawling",
            vehicles=["KX19 LRW"],
            text="A grey hatchback circled the street three times and slowed by the corner.",
        )
        services.case_link_report(actor=officer, case_id=kerb.pk, report_id=report.pk)
        services.case_link_report(actor=officer, case_id=place.pk, report_id=report.pk)
    vehicle = services.vehicle_link(
        actor=officer, case_id=kerb.pk, registration=REGISTRATION, make="Vauxhall", colour="Grey"
    ).vehicle
    assert vehicle is not None  # noqa: S101  (a vehicle link always carries its vehicle)
    services.vehicle_set_keeper(
        actor=officer,
        case_id=kerb.pk,
        vehicle_id=vehicle.pk,
        name="Ellis Varnham",
        address="9 Quillon Close, Eastmere EM4 2ZZ",
    )
    letter = services.action_draft(
        actor=officer,
        case_id=kerb.pk,
        data=services.ActionInput(kind="keeper_letter", vehicle_registration=REGISTRATION),
    )
    services.action_approve(actor=supervisor, action_id=letter.pk)
    services.action_serve(actor=officer, action_id=letter.pk, how="post")

    person_case = services.case_open(
        actor=officer, data=services.CaseInput(kind="person", title=PERSON_TITLE)
    )
    doorway = _report(
        resident,
        days_ago=5,
        category="groups-gathering",
        vehicles=[],
        text="Someone shouting and banging on doors at 2am.",
    )
    services.case_link_report(actor=officer, case_id=person_case.pk, report_id=doorway.pk)
    person = services.person_link(
        actor=officer,
        case_id=person_case.pk,
        role="perpetrator",
        data=services.PersonInput(
            given_name="Jory", family_name="Penwarden", date_of_birth=date(1988, 6, 14)
        ),
    ).person
    assert person is not None  # noqa: S101  (a person link always carries its person)
    services.case_assess_risk(
        actor=officer,
        case_id=person_case.pk,
        level="medium",
        notes="Older residents at numbers 2 and 6 feel unsafe at night.",
    )
    cpw = services.action_draft(
        actor=officer,
        case_id=person_case.pk,
        data=services.ActionInput(
            kind="cpw",
            person_id=person.pk,
            conduct_category="doorstep",
            conduct="Shouting and banging on doors on Larkspur Row between midnight and 3am.",
            detrimental_effect="Residents are woken and are afraid to answer their doors.",
            persistent_nature="Reported on several nights over two weeks.",
            unreasonable_because="There is no reason to knock on strangers' doors at night.",
            evidence=[{"kind": "report", "id": str(doorway.pk)}],
            requirements=[
                {"kind": "stop", "text": "Stop knocking on doors on Larkspur Row"},
                {"kind": "do", "text": "Meet the outreach team", "period_days": 14},
            ],
            compliance_days=14,
        ),
    )
    services.action_approve(actor=supervisor, action_id=cpw.pk)
    services.action_serve(actor=officer, action_id=cpw.pk, how="hand")
    # The resident's reports meet the threshold: they apply for an ASB Case Review, and an
    # officer decides it will go ahead (the meeting is due next).
    # To Eastmere's council: the demo has a second partnership's council too (Westbrook's).
    council = review_councils().get(name=ORGANISATIONS["council"][0])
    review = services.case_review_apply(
        actor=resident,
        statement="Cars still circle Larkspur Row every night and nothing seems to change.",
        council_id=council.pk,
    )
    services.case_review_decide(actor=officer, review_id=review.pk, threshold_met=True)
    out.write(
        "Demo cases: a SARA problem, a kerb-crawling case, a person case and an ASB Case "
        "Review application.\n"
    )


# --- the second demo partnership: Westbrook (lantern/accounts/demo.py) ---------------------

WESTBROOK_TITLE = "Sandpiper Close: drug dealing from a parked car"


@transaction.atomic
def seed_second_partnership(*, out: Any) -> None:
    """One Westbrook case, opened by Westbrook's officer (so it is Westbrook's), with the
    drug-dealing reports from Sandpiper Close linked to it."""
    from lantern.accounts.demo import WESTBROOK_STREET, westbrook_email
    from lantern.core.actor import Role
    from lantern.reports import selectors as report_selectors

    user = User.objects.filter(email=westbrook_email(Role.POLICE_OFFICER)).first()
    if user is None or Case.objects.filter(title=WESTBROOK_TITLE).exists():
        return
    officer = actor_for(user, verified=True)
    case = services.case_open(
        actor=officer,
        data=services.CaseInput(
            kind="person",
            title=WESTBROOK_TITLE,
            summary="Residents see the same car on most evenings; people walk up to it and "
            "leave a minute later.",
            next_review_on=clock.now().date() + timedelta(days=14),
        ),
    )
    lat, lon = WESTBROOK_STREET
    near = report_selectors.TriageFilters(
        category="drug-dealing", bbox=(lat - 0.002, lon - 0.003, lat + 0.002, lon + 0.003)
    )
    for report in report_selectors.report_list(actor=officer, filters=near):
        services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    out.write(f"Demo cases: one in Westbrook ({case.reference}).\n")
