"""The demo's intelligence (fictional people, phones, addresses and vehicles only): a small
network around a man suspected of controlling two women who work on Larkspur Row.

- Lennox Gravell ("Lenny"), the controller: a person on casework's records (an associate on
  the Larkspur Row problem-solving case), so his entity is the same record casework uses.
- Mara (the safeguarding demo's woman, screened as a potential victim) and Kerensa (added
  here to the same case, and screened here with a concern): both are potential victims,
  the most connected people in the network, and never disruption targets.
- His phone, 07700 900417 (Ofcom's range for drama), which both women use too.
- His car, LR19 KXT: the registration residents keep naming in their kerb-crawling reports
  (lantern/reports/demo.py). Two more resident reports here see it drop the women off by
  the lock-up garages; the links "drives or is seen in" and "transported" point at them as
  sightings.
- The flat the women are taken to (Flat 3, 22 Cattermole Road), where they live (Flat 2,
  14 Tansy Lane), where he lives (4 Orchard Mews), and the garages where they work.
- Two associates known only to intelligence: Rafe Dunstall, who collects for him, and
  Deacon Mabbott, who holds the keys of the flat and whose phone calls his.
- Three graded reports: 2B-P from patrols, 1A-C from a source (police only: its conditions
  do not let partners see it; DC Saffron Lisle holds its source record), 3C-P from a
  neighbour. Every link is recorded from one of them or from a resident's sighting.

Gravell is the broker: the associates reach the women through him, so he leads the
disruption ranking of his chart, while the women, who have more ties than anyone, are
flagged as potential victims and left out of it (docs/demo.md, "Intelligence").

Everything is written through the real services as the demo's staff. Idempotent: the
controller's person record is made once, and with it everything else (one transaction)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from lantern.accounts.models import User
from lantern.accounts.selectors import actor_for
from lantern.cases import services as case_services
from lantern.cases.models import Case, Person, SubjectRole
from lantern.core import clock, directory
from lantern.core.actor import Actor, Role
from lantern.core.demo import DEMO_DOMAIN, DEMO_PERSON_ID
from lantern.intelligence import services
from lantern.intelligence.models import IntelligenceReport, Origin
from lantern.intelligence.services import Grading, Origin_, SourceIn
from lantern.reports import services as report_services
from lantern.safeguarding import services as safeguarding_services
from lantern.safeguarding.models import AgeBand, Indicator, Outcome

# The problem-solving case on Larkspur Row (lantern/cases/demo.py: PLACE_TITLE).
PLACE_TITLE = "Larkspur Row: street sex market and its effects (SARA)"

# Fixed ids, so the demo knows its people again (and a second run adds nothing).
CONTROLLER_ID = uuid.UUID("c0a7e11e-5eed-4d1e-8a55-900417c0a7e1")
KERENSA_ID = uuid.UUID("7e4e25a0-5eed-4d1e-8a55-900417c0a7e2")

CONTROLLER = "Lennox Gravell"
KERENSA = "Kerensa"
MARA = "Mara"
CAR = "LR19 KXT"  # the car residents keep naming (lantern/reports/demo.py: REGISTRATIONS)
PHONE = "07700 900417"  # Ofcom's numbers for drama: 07700 900000 to 900999
ASSOCIATE_PHONE = "07700 900562"
FLAT = "Flat 3, 22 Cattermole Road, Eastmere"
HOME = "Flat 2, 14 Tansy Lane, Eastmere"
HIS_HOME = "4 Orchard Mews, Eastmere"
GARAGES = "Lock-up garages, north end of Larkspur Row"
ASSOCIATES = ("Rafe Dunstall", "Deacon Mabbott")
GARAGES_AT = (51.5419, 0.7178)  # lantern/reports/demo.py: HOTSPOT

SIGHTING_GRADE = Grading("2", "B", "P")
SOURCE_REFERENCE = "EM-CHIS-031"  # the source handler's reference (fictional)
C_CONDITIONS = (
    "Police only. Not to be shared with partners without the agreement of the Detective "
    "Inspector, Eastmere Constabulary: the source is at risk if Gravell learns of it."
)

# The residents' reports that see the car drop the women off: (days ago, hour, minute, text).
SIGHTINGS = (
    (
        9,
        22,
        40,
        "A silver Audi, LR19 KXT, dropped two women off by the lock-up garages at about "
        "10.40pm and parked at the end of the street. It came back for them after midnight.",
    ),
    (
        4,
        23,
        15,
        "The silver car LR19 KXT again. The driver, a man in his forties with a shaved head, "
        "got out, spoke to the two women he had dropped off by the garages and took something "
        "from each of them.",
    ),
)


def _actor(role: Role) -> Actor | None:
    user = User.objects.filter(email=f"{role.value}@{DEMO_DOMAIN}").first()
    return actor_for(user, verified=True) if user else None


def _sighting(resident: Actor, days_ago: int, hour: int, minute: int, text: str) -> uuid.UUID:
    lat, lon = GARAGES_AT
    when = (clock.now() - timedelta(days=days_ago)).replace(
        hour=hour, minute=minute, second=0, microsecond=0
    )
    return report_services.report_create(
        actor=resident,
        data=report_services.ReportInput(
            category_code="sex-work-nuisance",
            latitude=lat + days_ago * 0.00001,
            longitude=lon - days_ago * 0.00001,
            occurred_from=when,
            description=text,
            address="Larkspur Row (north end, by the garages), Eastmere",
            vehicles=[CAR],
        ),
    ).report.pk


def _people(officer: Actor, case: Case) -> None:
    """The controller and the second woman on casework's records (the case's partnership),
    and the second woman's screening: a concern, so she is a potential victim."""
    case_services.person_link(
        actor=officer,
        case_id=case.pk,
        role=SubjectRole.ASSOCIATE,
        data=case_services.PersonInput(
            given_name="Lennox",
            family_name="Gravell",
            aliases=["Lenny"],
            date_of_birth=date(1983, 9, 21),
            description="Drives a silver Audi; seen with the women who work by the garages.",
            fixed_id=CONTROLLER_ID,
        ),
    )
    case_services.person_link(
        actor=officer,
        case_id=case.pk,
        role=SubjectRole.EXPLOITATION,
        data=case_services.PersonInput(given_name=KERENSA, estimated_age=26, fixed_id=KERENSA_ID),
    )
    safeguarding_services.screening_record(
        actor=officer,
        person_id=KERENSA_ID,
        observed_at=clock.now() - timedelta(days=9, hours=1),
        context="Spoken to by the lock-up garages on Larkspur Row, Eastmere, late evening, "
        "after a silver car dropped her and another woman off. She said a friend keeps her "
        "phone for her and would not give her address.",
        indicators=[
            Indicator.DROP_OFF,
            Indicator.PHONE_CONTROL,
            Indicator.CONTROLLED,
            Indicator.FEAR,
        ],
        age_band=AgeBand.ADULT,
        outcome=Outcome.CONCERN,
    )


@dataclass(frozen=True)
class Staff:
    """The demo's staff who write the intelligence, and the resident who reports."""

    officer: Actor
    pcso: Actor
    handler: Actor
    resident: Actor


@dataclass(frozen=True)
class Cast:
    """The network's entities (their ids)."""

    gravell: uuid.UUID
    mara: uuid.UUID
    kerensa: uuid.UUID
    car: uuid.UUID
    phone: uuid.UUID
    other_phone: uuid.UUID
    flat: uuid.UUID
    home: uuid.UUID
    his_home: uuid.UUID
    garages: uuid.UUID
    dunstall: uuid.UUID
    mabbott: uuid.UUID

    @property
    def women(self) -> tuple[uuid.UUID, uuid.UUID]:
        return (self.mara, self.kerensa)


def _staff() -> Staff | None:
    found = [_actor(r) for r in (Role.POLICE_OFFICER, Role.PCSO, Role.SOURCE_HANDLER)]
    resident = _actor(Role.RESIDENT)
    officer, pcso, handler = found
    if officer is None or pcso is None or handler is None or resident is None:
        return None
    return Staff(officer, pcso, handler, resident)


def _cast(officer: Actor) -> Cast:
    def keyed(schema: str, value: str) -> uuid.UUID:
        return services.entity_create(actor=officer, schema=schema, value=value).pk

    def named(schema: str, caption: str) -> uuid.UUID:
        return services.entity_create(actor=officer, schema=schema, caption=caption).pk

    def person(person_id: uuid.UUID) -> uuid.UUID:
        return services.entity_for_person(actor=officer, person_id=person_id).pk

    return Cast(
        gravell=person(CONTROLLER_ID),
        mara=person(DEMO_PERSON_ID),
        kerensa=person(KERENSA_ID),
        car=services.entity_for_vehicle(actor=officer, registration=CAR).pk,
        phone=keyed("phone", PHONE),
        other_phone=keyed("phone", ASSOCIATE_PHONE),
        flat=keyed("address", FLAT),
        home=keyed("address", HOME),
        his_home=keyed("address", HIS_HOME),
        garages=named("place", GARAGES),
        dunstall=named("person", ASSOCIATES[0]),
        mabbott=named("person", ASSOCIATES[1]),
    )


@dataclass(frozen=True)
class Reports:
    patrols: IntelligenceReport  # 2B-P
    source: IntelligenceReport  # 1A-C, police only
    neighbour: IntelligenceReport  # 3C-P


def _reports(staff: Staff, cast: Cast) -> Reports:
    today = clock.now().date()
    patrols = services.report_record(
        actor=staff.officer,
        text=f"{MARA} and {KERENSA} are seen by the lock-up garages on Larkspur Row most "
        f"Thursday to Saturday evenings. Both give outreach workers and buyers the same "
        f"number, {PHONE}, and a man answers it. They share {HOME}.",
        grading=Grading("2", "B", "P"),
        mentions=[cast.mara, cast.kerensa, cast.phone, cast.home, cast.garages],
        occurred_from=today - timedelta(days=30),
        occurred_to=today - timedelta(days=2),
    )
    source = services.report_record(
        actor=staff.handler,
        text=f"{CONTROLLER}, known as Lenny, controls {MARA} and {KERENSA}: he keeps their "
        f"phone ({PHONE}) and answers it, takes their earnings and drives them to work in "
        f"his silver Audi, {CAR}. {ASSOCIATES[0]} collects the money for him. "
        f"{ASSOCIATES[1]}, a friend of {ASSOCIATES[0]}, holds the keys of the flat the "
        f"women are taken to.",
        grading=Grading("1", "A", "C", C_CONDITIONS, partners_may_see=False),
        mentions=[
            cast.gravell,
            cast.mara,
            cast.kerensa,
            cast.phone,
            cast.car,
            cast.dunstall,
            cast.mabbott,
        ],
        source=SourceIn(
            source_reference=SOURCE_REFERENCE,
            identity="Fictional demo source 'Heron' (no real person)",
            handler_notes="Met twice; reporting corroborated by the patrol log of the same week.",
        ),
        occurred_from=today - timedelta(days=21),
    )
    neighbour = services.report_record(
        actor=staff.pcso,
        text=f"A neighbour on Cattermole Road says women are brought to {FLAT} most evenings "
        f"and leave after midnight. A man called Deacon lives there; his number is "
        f"{ASSOCIATE_PHONE} and it rings the other number often. The driver of the silver "
        f"car goes back to {HIS_HOME}.",
        grading=Grading("3", "C", "P"),
        mentions=[
            cast.flat,
            cast.his_home,
            cast.mabbott,
            cast.other_phone,
            cast.phone,
            cast.mara,
            cast.kerensa,
        ],
        occurred_from=today - timedelta(days=14),
    )
    return Reports(patrols, source, neighbour)


def _link(actor: Actor, kind: str, a: uuid.UUID, b: uuid.UUID, **how: Any) -> None:
    services.link_add(actor=actor, link_type=kind, source_id=a, target_id=b, **how)


def _links_from_reports(staff: Staff, cast: Cast, reports: Reports) -> None:
    """Each link recorded from the report that says it, by the one who wrote the report."""
    officer, handler, pcso = staff.officer, staff.handler, staff.pcso
    patrols, source, neighbour = (
        {"report_id": r.pk} for r in (reports.patrols, reports.source, reports.neighbour)
    )
    for woman in cast.women:
        _link(officer, "uses_phone", woman, cast.phone, **patrols)
        _link(officer, "lives_at", woman, cast.home, **patrols)
        _link(handler, "controls", cast.gravell, woman, **source)
        _link(pcso, "frequents", woman, cast.flat, **neighbour)
    _link(officer, "associate_of", cast.mara, cast.kerensa, **patrols)
    _link(handler, "uses_phone", cast.gravell, cast.phone, **source)
    _link(handler, "associate_of", cast.gravell, cast.dunstall, **source)
    _link(handler, "associate_of", cast.dunstall, cast.mabbott, **source)
    _link(pcso, "lives_at", cast.mabbott, cast.flat, **neighbour)
    _link(pcso, "uses_phone", cast.mabbott, cast.other_phone, **neighbour)
    _link(pcso, "lives_at", cast.gravell, cast.his_home, **neighbour)
    called = (clock.now() - timedelta(days=15)).replace(hour=23, minute=52, second=0, microsecond=0)
    _link(pcso, "called", cast.other_phone, cast.phone, occurred_at=called, **neighbour)


def _links_from_sightings(officer: Actor, cast: Cast, sightings: list[uuid.UUID]) -> None:
    """What the residents saw, each link pointing at the resident report that saw it."""
    first, second = (Origin_(Origin.SIGHTING, pk) for pk in sightings)
    seen = {"grading": SIGHTING_GRADE}
    for woman in cast.women:
        for report in (first, second):
            _link(officer, "transported", cast.car, woman, origin=report, **seen)
        _link(officer, "frequents", woman, cast.garages, origin=first, **seen)
    _link(officer, "uses_vehicle", cast.gravell, cast.car, origin=second, **seen)
    _link(officer, "frequents", cast.car, cast.garages, origin=first, **seen)
    for prop, value in (("make", "Audi"), ("colour", "Silver")):
        services.statement_add(
            actor=officer,
            entity_id=cast.car,
            prop=prop,
            value=value,
            grading=SIGHTING_GRADE,
            origin=first,
        )


def _statements(staff: Staff, cast: Cast, reports: Reports) -> None:
    services.statement_add(
        actor=staff.handler,
        entity_id=cast.gravell,
        prop="alias",
        value="Lenny",
        report_id=reports.source.pk,
    )
    for prop, degrees in zip(("latitude", "longitude"), GARAGES_AT, strict=True):
        services.statement_add(
            actor=staff.officer,
            entity_id=cast.garages,
            prop=prop,
            value=str(degrees),
            grading=Grading("1", "A", "P"),
        )


def _duplicate(staff: Staff, cast: Cast, reports: Reports) -> None:
    """The PCSO, working from the neighbour's account, records the driver as a person of their
    own without finding him on casework's records: the same man twice. The demo analyst's
    search for duplicates (record linkage, as the "Find duplicates now" button runs it) puts
    the pair forward; nothing is merged until the analyst decides (docs/demo.md)."""
    twin = services.entity_create(actor=staff.pcso, schema="person", caption=CONTROLLER).pk
    services.statement_add(
        actor=staff.pcso,
        entity_id=twin,
        prop="date_of_birth",
        value="1983-09-21",
        report_id=reports.neighbour.pk,
    )
    _link(staff.pcso, "lives_at", twin, cast.his_home, report_id=reports.neighbour.pk)
    _link(staff.pcso, "uses_vehicle", twin, cast.car, report_id=reports.neighbour.pk)
    analyst = _actor(Role.ANALYST)
    if analyst is not None:
        services.candidates_find(analyst)


@transaction.atomic
def seed(*, out: Any) -> None:
    if Person.objects.filter(pk=CONTROLLER_ID).exists():
        out.write("Demo intelligence is ready.\n")
        return
    staff = _staff()
    if staff is None:
        out.write("Demo intelligence skipped: the demo users are missing.\n")
        return
    case = Case.objects.filter(title=PLACE_TITLE).first()
    if case is None or directory.person(staff.officer, DEMO_PERSON_ID) is None:
        out.write("Demo intelligence skipped: the demo cases are missing.\n")
        return
    _people(staff.officer, case)
    sightings = [_sighting(staff.resident, *row) for row in SIGHTINGS]
    cast = _cast(staff.officer)
    reports = _reports(staff, cast)
    _links_from_reports(staff, cast, reports)
    _links_from_sightings(staff.officer, cast, sightings)
    _statements(staff, cast, reports)
    _duplicate(staff, cast, reports)
    out.write(
        f"Demo intelligence: {CONTROLLER}'s network (12 entities, three graded reports, two "
        f"resident sightings of {CAR}); the analyst finds him at /intelligence/.\n"
    )
