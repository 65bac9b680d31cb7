"""Reports of the borough-scale data set (``lantern.core.scale``): ``ctx.reports`` fictional
reports over five years in the demo partnership, concentrated in a few hotspots and in the
evenings, about two in five anonymous and the rest from residents of whom a few report again
and again; older reports mostly closed. Each has its status history, some name vehicles, and
the audit trail the services would leave (created, viewed by staff, status changes)."""

from __future__ import annotations

import string
from datetime import timedelta

from lantern.audit.catalogue import RECORD_VIEWED
from lantern.core.actor import ANONYMOUS
from lantern.core.dataclass import DataClass
from lantern.core.scale import ScaleContext, past_time, place, skewed_index
from lantern.reports.models import Category, Report
from lantern.reports.month_counts import recount
from lantern.reports.reference import ALPHABET
from lantern.reports.services import REPORT_CREATED
from lantern.reports.services.triage import REPORT_ASSIGNED, REPORT_STATUS_CHANGED

ANONYMOUS_SHARE = 0.4
VEHICLE_SHARE = 0.12
# Status of a report older than OPEN_DAYS, and of a newer one.
OPEN_DAYS = 60
OLD_STATUSES = (
    [Report.Status.CLOSED, Report.Status.DUPLICATE, Report.Status.IN_PROGRESS],
    [85, 10, 5],
)
NEW_STATUSES = (
    [Report.Status.NEW, Report.Status.ASSIGNED, Report.Status.IN_PROGRESS, Report.Status.CLOSED],
    [35, 25, 20, 20],
)
DESCRIPTION = "Fictional incident {n} of the scale data set: {category}, reported in the evening."
STREETS = ["Larkspur Row", "Tansy Lane", "Foxglove Street", "Wren Parade", "Orchard Mews"]
TRIAGE_ROLES = ("police_officer", "council_officer", "pcso", "supervisor")


def _reference(ctx: ScaleContext, taken: set[str]) -> str:
    while True:
        body = "".join(ctx.rng.choices(ALPHABET, k=8))
        reference = f"R-{body[:4]}-{body[4:]}"
        if reference not in taken:
            taken.add(reference)
            return reference


def _registrations(ctx: ScaleContext) -> list[str]:
    """Fictional registrations in the current British format (two letters, two digits, three
    letters), normalised as the cases app keeps them (no space)."""
    letters, found = string.ascii_uppercase, set[str]()
    while len(found) < ctx.count("vehicles"):
        rng = ctx.rng
        found.add(
            "".join(rng.choices(letters, k=2))
            + f"{rng.randrange(10, 75):02d}"
            + "".join(rng.choices(letters, k=3))
        )
    return sorted(found)


def seed_scale(ctx: ScaleContext) -> None:
    rng, add = ctx.rng, ctx.writer.add
    categories = list(Category.objects.filter(active=True).values_list("pk", "code", "queue"))
    weights = [rng.randint(1, 10) for _ in categories]
    weights[0] *= 4  # one kind of ASB dominates, as it does in a real borough
    residents = ctx.shared.get("residents", [])
    registrations = ctx.shared["registrations"] = _registrations(ctx)
    triage = [ctx.staff[role] for role in TRIAGE_ROLES if role in ctx.staff]
    references: set[str] = set(Report.objects.values_list("reference", flat=True))
    report_ids = ctx.shared["report_ids"] = []
    recent = ctx.now - timedelta(days=OPEN_DAYS)
    for n in range(ctx.reports):
        report_id = ctx.uuid()
        category_id, code, queue = rng.choices(categories, weights=weights)[0]
        occurred = past_time(ctx)
        created = occurred + timedelta(minutes=rng.randrange(5, 600))
        created = min(created, ctx.now)
        anonymous = not residents or rng.random() < ANONYMOUS_SHARE
        reporter = None if anonymous else residents[skewed_index(ctx, len(residents))]
        statuses = NEW_STATUSES if created > recent else OLD_STATUSES
        status = rng.choices(*statuses)[0]
        officer = rng.choice(triage) if triage and status != Report.Status.NEW else None
        lat, lon = place(ctx)
        add(
            "reports.Report",
            id=report_id,
            reference=_reference(ctx, references),
            category_id=category_id,
            queue=queue,
            status=status,
            source=Report.Source.WEB,
            reporter_id=reporter,
            anonymous=anonymous,
            latitude=lat,
            longitude=lon,
            address="",
            place_name=f"On or near {rng.choice(STREETS)}",
            occurred_from=occurred,
            occurred_to=occurred + timedelta(minutes=rng.randrange(5, 120)),
            description=DESCRIPTION.format(n=n, category=code.replace("-", " ")),
            contact=Report.Contact.NONE if anonymous else Report.Contact.EMAIL,
            assigned_to_id=officer,
            partnership_id=ctx.partnership_id,
            created_at=created,
            updated_at=created,
        )
        report_ids.append(report_id)
        add("reports.StatusChange", id=ctx.uuid(), report_id=report_id, to_status="new",
            created_at=created, updated_at=created)  # fmt: skip
        if rng.random() < VEHICLE_SHARE:
            add("reports.VehicleMention", id=ctx.uuid(), report_id=report_id,
                registration=registrations[skewed_index(ctx, len(registrations))],
                created_at=created, updated_at=created)  # fmt: skip
        _trail(ctx, report_id, created, reporter, code, queue, status, officer)
    # What the report services keep as they make reports: the counts by month.
    ctx.writer.flush()
    if ctx.partnership_id is not None:
        recount(partnership_ids=[ctx.partnership_id])
    ctx.say(f"reports: {len(report_ids)} reports")


def _trail(ctx, report_id, created, reporter, code, queue, status, officer) -> None:
    """The status change and the audit events the services would have recorded."""
    audit = ctx.audit
    if audit is None:
        return
    audit(at=created, actor=str(reporter) if reporter else ANONYMOUS.audit_id,
          action=REPORT_CREATED, object_type="report", object_id=report_id,
          details={"category": code, "queue": queue, "partnership": str(ctx.partnership_id),
                   "source": "web", "anonymous": reporter is None, "vehicles": 0,
                   "continues": ""})  # fmt: skip
    if officer is None:
        return
    later = created + timedelta(hours=ctx.rng.randrange(1, 48))
    ctx.writer.add("reports.StatusChange", id=ctx.uuid(), report_id=report_id, from_status="new",
                   to_status=status, changed_by_id=officer, created_at=later,
                   updated_at=later)  # fmt: skip
    audit(at=later, actor=str(officer), action=RECORD_VIEWED, object_type="report",
          object_id=report_id, kind="access",
          details={"data_class": str(DataClass.PERSONAL), "purpose": "view"})  # fmt: skip
    audit(at=later, actor=str(officer), action=REPORT_ASSIGNED, object_type="report",
          object_id=report_id, details={"assignee": str(officer)})  # fmt: skip
    audit(at=later, actor=str(officer), action=REPORT_STATUS_CHANGED, object_type="report",
          object_id=report_id, details={"from": "new", "to": str(status)})  # fmt: skip
