"""Demo reports: twelve months of fictional incidents around Larkspur Row, Eastmere, with a
clear hotspot (the north end of the street) and a time pattern (evenings and nights,
Thursday to Saturday). Several kerb-crawling reports name the same fictional registrations.

Everything goes through services.report_create, so each report has its audit trail. The
seed is fixed, so every demo database gets the same incidents; a second run changes nothing
(the demo reports are recognised by their Eastmere addresses and skipped).
"""

from __future__ import annotations

import math
import random
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model

from lantern.accounts.selectors import actor_for, partnership_at
from lantern.core import clock
from lantern.core.actor import ANONYMOUS, Actor, Role
from lantern.core.demo import DEMO_DOMAIN
from lantern.core.errors import LanternError
from lantern.reports import selectors, services
from lantern.reports.models import Report, StatusChange
from lantern.reports.month_counts import recount

SEED = 20261127
COUNT = 360
LARKSPUR_ROW = (51.5412, 0.7183)
HOTSPOT = (51.5419, 0.7178)  # the north end, by the lock-up garages
ADDRESS_SUFFIX = ", Eastmere"
STREETS = [
    "Larkspur Row",
    "Larkspur Row (north end, by the garages)",
    "Tansy Lane",
    "Foxglove Street",
    "the alley behind Wren Parade",
    "Orchard Mews",
    "Cattermole Road",
]
# Fictional registrations; LR19 KXT is the car residents keep seeing.
REGISTRATIONS = ["LR19 KXT", "LR19 KXT", "LR19 KXT", "EM68 PWD", "KX21 LRV", "YT15 MHC"]
CATEGORIES = [
    ("kerb-crawling", 30),
    ("sex-work-nuisance", 14),
    ("drug-litter", 10),
    ("drug-dealing", 10),
    ("noise", 9),
    ("vehicle-nuisance", 6),
    ("intimidation", 5),
    ("groups-gathering", 5),
    ("criminal-damage", 5),
    ("concern-for-safety", 4),
    ("other", 2),
]
DESCRIPTIONS = {
    "kerb-crawling": "A car drove slowly along the street several times and stopped to talk "
    "to women standing by the garages.",
    "sex-work-nuisance": "Shouting and car doors late at night; litter left in the doorway.",
    "drug-litter": "Needles and foil left on the path by the garages.",
    "drug-dealing": "Small packages handed through a car window, then the car drove off.",
    "noise": "Loud music and shouting from cars parked by the garages.",
    "vehicle-nuisance": "Cars parked across the dropped kerbs with engines running.",
    "intimidation": "A group shouted at residents walking past and followed them.",
    "groups-gathering": "A group gathered by the garages until the early hours.",
    "criminal-damage": "The lock-up garage doors were kicked in and sprayed.",
    "concern-for-safety": "A young woman looked frightened and was told to get into a car.",
    "other": "Bins set alight at the end of the street.",
}
# Relative weights: Monday=0 ... Sunday=6; hour 0-23.
WEEKDAY_WEIGHTS = [4, 4, 5, 12, 16, 18, 7]
HOUR_WEIGHTS = [9, 8, 6, 4, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 5, 8, 11, 13, 14, 12]


def _demo_exists() -> bool:
    return Report.objects.filter(address__endswith=ADDRESS_SUFFIX).exists()


def _user(role: Role) -> Any:
    return get_user_model().objects.filter(email=f"{role.value}@{DEMO_DOMAIN}").first()


def _place(rng: random.Random) -> tuple[float, float, str]:
    if rng.random() < 0.6:  # the hotspot: within about 80 metres of the north end
        centre, spread, street = HOTSPOT, 80, rng.choice(STREETS[:2])
    else:
        centre, spread, street = LARKSPUR_ROW, 900, rng.choice(STREETS)
    distance = spread * math.sqrt(rng.random())
    angle = rng.random() * 2 * math.pi
    lat = centre[0] + distance * math.cos(angle) / 111_320
    lon = centre[1] + distance * math.sin(angle) / (111_320 * math.cos(math.radians(centre[0])))
    return lat, lon, f"{street}{ADDRESS_SUFFIX}"


def _when(rng: random.Random, now) -> Any:
    """A time in the last twelve months, weighted to the pattern above."""
    while True:
        days_ago = rng.randint(1, 364)
        day = (now - timedelta(days=days_ago)).date()
        if rng.random() * max(WEEKDAY_WEIGHTS) <= WEEKDAY_WEIGHTS[day.weekday()]:
            break
    hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
    moment = now.replace(hour=hour, minute=rng.randrange(60), second=0, microsecond=0)
    return moment - timedelta(days=(now.date() - day).days)


def _report(rng: random.Random, now, resident: Actor | None) -> services.ReportInput:
    code = rng.choices([c for c, _ in CATEGORIES], weights=[w for _, w in CATEGORIES])[0]
    lat, lon, address = _place(rng)
    start = _when(rng, now)
    vehicles: list[str] = []
    if code == "kerb-crawling" and rng.random() < 0.7:
        vehicles = [rng.choice(REGISTRATIONS)]
    answers = {}
    if code == "drug-litter":
        answers["needles"] = rng.choice(["yes", "no"])
    if code == "kerb-crawling":
        answers["repeat_vehicle"] = "yes" if vehicles and vehicles[0] == "LR19 KXT" else "no"
    mine = resident is not None and code != "concern-for-safety" and rng.random() < 0.15
    return services.ReportInput(
        category_code=code,
        latitude=round(lat, 6),
        longitude=round(lon, 6),
        address=address,
        occurred_from=start,
        occurred_to=start + timedelta(minutes=rng.choice([10, 20, 45, 90]))
        if rng.random() < 0.3
        else None,
        description=DESCRIPTIONS[code],
        vehicles=vehicles,
        answers=answers,
        anonymous=not mine,
        contact="email" if mine else "none",
        contact_email=f"resident@{DEMO_DOMAIN}" if mine else "",
    )


def seed(*, out: Any) -> None:
    if _demo_exists():
        out.write("Demo reports are already there.\n")
        return
    if partnership_at(*LARKSPUR_ROW) is None:  # a report needs a partnership serving its place
        out.write("No partnership serves Larkspur Row yet: no demo reports.\n")
        return
    rng = random.Random(SEED)  # noqa: S311  (demo data, not a secret)
    now = clock.now()
    resident_user = _user(Role.RESIDENT)
    resident = actor_for(resident_user) if resident_user else None
    officer_user = _user(Role.POLICE_OFFICER)
    officer = actor_for(officer_user, verified=True) if officer_user else None
    created: list[Report] = []
    for _ in range(COUNT):
        data = _report(rng, now, resident)
        actor = resident if (resident and not data.anonymous) else ANONYMOUS
        try:
            created.append(services.report_create(actor=actor, data=data).report)
        except LanternError as exc:  # the demo must never stop half-way on one bad row
            out.write(f"  skipped a demo report: {exc}\n")
    if officer is not None and officer_user is not None:
        _triage(rng, officer, officer_user.pk, created)
    out.write(f"{len(created)} demo reports around Larkspur Row are ready.\n")


def _triage(rng: random.Random, officer: Actor, officer_id: Any, reports: list[Report]) -> None:
    """Officers have worked through the older reports: assigned, updated, closed, and
    duplicates marked where two reports describe the same incident."""
    ordered = sorted(reports, key=lambda r: r.occurred_from)
    for report in ordered[: len(ordered) * 2 // 3]:
        if report.queue == "safeguarding":
            continue
        services.report_assign(actor=officer, report_id=report.pk, assignee_id=officer_id)
        if report.reporter_id is not None:
            services.report_add_public_update(
                actor=officer,
                report_id=report.pk,
                text="Thank you for your report. Officers are patrolling Larkspur Row on "
                "Thursday to Saturday evenings.",
            )
        if rng.random() < 0.7:
            services.report_set_status(actor=officer, report_id=report.pk, status="closed")
    # Mark a few duplicates among the newest, unworked reports.
    marked = 0
    for report in reversed(ordered):
        if marked >= 5 or report.queue == "safeguarding" or report.status != "new":
            continue
        suggestions = selectors.possible_duplicates(actor=officer, report=report)
        originals = [r for r, _ in suggestions if r.occurred_from < report.occurred_from]
        if originals:
            services.report_mark_duplicate(
                actor=officer, report_id=report.pk, original_id=originals[0].pk
            )
            marked += 1


# --- the second demo partnership: Westbrook (lantern/accounts/demo.py) ---------------------

WESTBROOK_SUFFIX = ", Westbrook"
# (category, days ago, hour, metres north, metres east of Sandpiper Close, address, what)
WESTBROOK_REPORTS = [
    ("drug-dealing", 21, 22, 10, -15, "Sandpiper Close",
     "A parked car with its engine running; people walk up to the window and leave."),
    ("drug-dealing", 14, 23, -20, 30, "Sandpiper Close",
     "The same dark estate car again, handing something through the window."),
    ("drug-dealing", 6, 21, 35, 5, "the garages behind Sandpiper Close",
     "Two young people waiting by the garages until a car pulled up."),
    ("groups-gathering", 9, 0, -60, -80, "Heron Walk",
     "A group shouting on the benches after midnight."),
    ("criminal-damage", 4, 2, 80, 60, "Heron Walk",
     "The bus shelter glass was smashed overnight."),
    ("noise", 2, 1, 15, -40, "Sandpiper Close",
     "Car stereo at full volume outside number 7 in the small hours."),
]  # fmt: skip


def seed_second_partnership(*, out: Any) -> None:
    """A handful of Westbrook reports around Sandpiper Close, anonymous, through the same
    service as every report: each belongs to Westbrook by its place."""
    from lantern.accounts.demo import WESTBROOK_STREET

    if Report.objects.filter(address__endswith=WESTBROOK_SUFFIX).exists():
        return
    lat0, lon0 = WESTBROOK_STREET
    now = clock.now()
    for code, days_ago, hour, north, east, street, text in WESTBROOK_REPORTS:
        when = (now - timedelta(days=days_ago)).replace(
            hour=hour, minute=10, second=0, microsecond=0
        )
        services.report_create(
            actor=ANONYMOUS,
            data=services.ReportInput(
                category_code=code,
                latitude=round(lat0 + north / 111_320, 6),
                longitude=round(lon0 + east / (111_320 * math.cos(math.radians(lat0))), 6),
                address=f"{street}{WESTBROOK_SUFFIX}",
                occurred_from=when,
                description=text,
                anonymous=True,
            ),
        )
    out.write(f"{len(WESTBROOK_REPORTS)} demo reports in Westbrook are ready.\n")


# --- one expired report, for the data protection officer's review queue ------------------

EXPIRED_AGE = timedelta(days=7 * 365)  # past the six years of rule `resident_report`
EXPIRED_DESCRIPTION = (
    "Bins set alight at the end of the street; the fire service put them out. (An old"
    " report, closed long ago: the retention review's example.)"
)


def seed_expired_report(*, out: Any) -> Report | None:
    """One Eastmere report, anonymous, made and closed seven years ago, so that the retention
    review has something to show (docs/data-protection.md). Made through the services, then
    its dates moved back: a demo cannot wait six years. Called by the dataprotection app's
    demo; a second run changes nothing (a report with this text is already there)."""
    if Report.objects.filter(
        description=EXPIRED_DESCRIPTION, address__endswith=ADDRESS_SUFFIX
    ).exists():
        return None
    officer_user = _user(Role.POLICE_OFFICER)
    if officer_user is None or partnership_at(*LARKSPUR_ROW) is None:
        return None
    officer = actor_for(officer_user, verified=True)
    long_ago = clock.now() - EXPIRED_AGE
    report = services.report_create(
        actor=ANONYMOUS,
        data=services.ReportInput(
            category_code="other",
            latitude=LARKSPUR_ROW[0],
            longitude=LARKSPUR_ROW[1],
            address=f"Tansy Lane{ADDRESS_SUFFIX}",
            occurred_from=long_ago - timedelta(days=1),
            description=EXPIRED_DESCRIPTION,
            anonymous=True,
        ),
    ).report
    services.report_assign(actor=officer, report_id=report.pk, assignee_id=officer_user.pk)
    services.report_set_status(actor=officer, report_id=report.pk, status="closed")
    StatusChange.objects.filter(report_id=report.pk).update(created_at=long_ago)
    Report.objects.filter(pk=report.pk).update(created_at=long_ago, updated_at=long_ago)
    recount(partnership_ids=[report.partnership_id])  # its month is now another one
    out.write("An expired, closed demo report is ready for the retention review.\n")
    return report
