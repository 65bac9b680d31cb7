"""Casework of the borough-scale data set (``lantern.core.scale``): a case for every ten
reports, person-centred or place-based, most closed; people (fictional names), the vehicles
the reports name, and several subjects per case, a few cases with dozens; each case linked
to some of the reports (on both sides, as the services link them), with the audit events the
services would record."""

from __future__ import annotations

from datetime import timedelta

from lantern.cases import scale_enforcement
from lantern.cases.models import Case, SubjectRole
from lantern.cases.services.cases import CASE_OPENED, CASE_REPORT_LINKED
from lantern.cases.services.common import REFERENCE_ALPHABET
from lantern.cases.services.subjects import PERSON_RECORDED, SUBJECT_LINKED, VEHICLE_RECORDED
from lantern.core.scale import ScaleContext, past_time, skewed_index

GIVEN = ["Aled", "Bex", "Corin", "Dilys", "Emrys", "Ffion", "Gethin", "Hywel", "Ianto", "Jem"]
FAMILY = ["Penrose", "Quarrie", "Rendle", "Sallow", "Trevenna", "Ustick", "Vosper", "Wherry"]
PERSON_ROLES = (
    [SubjectRole.PERPETRATOR, SubjectRole.VICTIM, SubjectRole.WITNESS, SubjectRole.ASSOCIATE],
    [40, 25, 25, 10],
)
# Enforcement runs after safeguarding's hook, whose reviews open its gate.
LATE = {"enforcement": scale_enforcement.seed_scale}
BIG_CASE_SHARE = 0.02  # cases with dozens of subjects (a long-running place-based problem)
LEADS = ("police_officer", "council_officer", "supervisor")
PARTNER_SHARE = 0.5


def _people(ctx: ScaleContext) -> list:
    rng, people = ctx.rng, []
    owners = [ctx.organisations["police"], ctx.organisations["council"]]
    for _ in range(ctx.count("people")):
        person_id, at = ctx.uuid(), past_time(ctx)
        ctx.writer.add(
            "cases.Person",
            id=person_id,
            organisation_id=rng.choice(owners),
            partnership_id=ctx.partnership_id,
            given_name=rng.choice(GIVEN),
            family_name=rng.choice(FAMILY),
            estimated_age=rng.randrange(14, 70),
            estimated_on=at.date(),
            created_at=at,
            updated_at=at,
        )
        people.append((person_id, at))
    return people


def _vehicles(ctx: ScaleContext) -> list:
    vehicles = []
    for registration in ctx.shared.get("registrations", []):
        vehicle_id, at = ctx.uuid(), past_time(ctx)
        ctx.writer.add(
            "cases.Vehicle", id=vehicle_id, registration=registration, created_at=at, updated_at=at
        )
        vehicles.append((vehicle_id, at))
    return vehicles


def _reference(ctx: ScaleContext, taken: set[str]) -> str:
    while True:
        body = "".join(ctx.rng.choices(REFERENCE_ALPHABET, k=8))
        reference = f"C-{body[:4]}-{body[4:]}"
        if reference not in taken:
            taken.add(reference)
            return reference


def seed_scale(ctx: ScaleContext) -> None:
    rng, add, audit = ctx.rng, ctx.writer.add, ctx.audit
    people, vehicles = _people(ctx), _vehicles(ctx)
    for kind, records, action in (("person", people, PERSON_RECORDED),
                                  ("vehicle", vehicles, VEHICLE_RECORDED)):  # fmt: skip
        for record_id, at in records:
            if audit is not None:
                audit(at=at, actor=str(ctx.staff.get("police_officer", "system")), action=action,
                      object_type=kind, object_id=record_id, details={})  # fmt: skip
    reports = ctx.shared.get("report_ids", [])
    leads = [ctx.staff[role] for role in LEADS if role in ctx.staff]
    taken = set(Case.objects.values_list("reference", flat=True))
    subjects = 0
    for _ in range(ctx.count("cases")):
        case_id, opened = ctx.uuid(), past_time(ctx)
        lead = rng.choice(leads) if leads else None
        owner = "police" if rng.random() < 0.6 else "council"
        kind = rng.choices([Case.Kind.PERSON, Case.Kind.PLACE], weights=[7, 3])[0]
        closed = opened < ctx.now - timedelta(days=180) and rng.random() < 0.8
        reference = _reference(ctx, taken)
        add(
            "cases.Case",
            id=case_id,
            reference=reference,
            partnership_id=ctx.partnership_id,
            kind=kind,
            title=f"Fictional {kind} case {reference}",
            status=Case.Status.CLOSED if closed else Case.Status.OPEN,
            sara_stage=Case.Sara.RESPONSE if kind == Case.Kind.PLACE else "",
            organisation_id=ctx.organisations[owner],
            lead_officer_id=lead,
            next_review_on=None
            if closed
            else (ctx.now + timedelta(days=rng.randrange(1, 60))).date(),
            closed_at=opened + timedelta(days=rng.randrange(30, 170)) if closed else None,
            closure_reason="Problem resolved (fictional)." if closed else "",
            created_at=opened,
            updated_at=opened,
        )
        if rng.random() < PARTNER_SHARE:  # worked with the other organisation
            other = ctx.organisations["council" if owner == "police" else "police"]
            add("cases.Case_partners", case_id=case_id, organisation_id=other)
        if audit:
            audit(at=opened, actor=str(lead or "system"), action=CASE_OPENED, object_type="case",
                  object_id=case_id, details={"kind": str(kind), "reference": reference,
                                              "partnership": str(ctx.partnership_id)})  # fmt: skip
        subjects += _subjects(ctx, case_id, opened, lead, people, vehicles)
        _links(ctx, case_id, opened, lead, reports)
    ctx.say(f"cases: {ctx.count('cases')} cases, {subjects} subjects, {len(people)} people, "
            f"{len(vehicles)} vehicles")  # fmt: skip


def _subjects(ctx, case_id, opened, lead, people, vehicles) -> int:
    rng = ctx.rng
    if rng.random() < BIG_CASE_SHARE:
        n_people, n_vehicles = rng.randrange(15, 45), rng.randrange(3, 15)
    else:
        n_people, n_vehicles = rng.randrange(2, 6), rng.choices([0, 1, 2, 3], [4, 3, 2, 1])[0]
    chosen = {("person", people[skewed_index(ctx, len(people))][0]) for _ in range(n_people)}
    if vehicles:
        chosen |= {("vehicle", vehicles[skewed_index(ctx, len(vehicles))][0])
                   for _ in range(n_vehicles)}  # fmt: skip
    for kind, subject_id in chosen:
        role = rng.choices(*PERSON_ROLES)[0] if kind == "person" else SubjectRole.KEEPER
        at = opened + timedelta(hours=rng.randrange(1, 24 * 30))
        ctx.writer.add("cases.CaseSubject", id=ctx.uuid(), case_id=case_id, role=role,
                       person_id=subject_id if kind == "person" else None,
                       vehicle_id=subject_id if kind == "vehicle" else None,
                       added_by_id=lead, created_at=at, updated_at=at)  # fmt: skip
        if ctx.audit:
            ctx.audit(at=at, actor=str(lead or "system"), action=SUBJECT_LINKED,
                      object_type="case", object_id=case_id,
                      details={"subject": kind, "subject_id": str(subject_id),
                               "role": str(role)})  # fmt: skip
    return len(chosen)


def _links(ctx, case_id, opened, lead, reports) -> None:
    if not reports:
        return
    rng = ctx.rng
    linked = {reports[rng.randrange(len(reports))] for _ in range(rng.randrange(1, 8))}
    for report_id in linked:
        at = opened + timedelta(hours=rng.randrange(1, 24 * 14))
        ctx.writer.add("cases.CaseReport", id=ctx.uuid(), case_id=case_id, report_id=report_id,
                       linked_by_id=lead, created_at=at, updated_at=at)  # fmt: skip
        ctx.writer.add("reports.CaseLink", id=ctx.uuid(), report_id=report_id, case_id=case_id,
                       linked_by_id=lead, created_at=at, updated_at=at)  # fmt: skip
        if ctx.audit:
            ctx.audit(at=at, actor=str(lead or "system"), action=CASE_REPORT_LINKED,
                      object_type="case", object_id=case_id,
                      details={"report": str(report_id)})  # fmt: skip
