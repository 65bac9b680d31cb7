"""Enforcement of the borough-scale data set (``lantern.core.scale``), the cases app's late
hook ``enforcement``: it runs after safeguarding's, whose reviews open the gate.

Ladders of steps on person-centred cases, each addressed to an adult the case names as a
perpetrator: a Community Protection Warning, drafted by an officer of the case's
organisation, approved by the supervisor and served; most complied with, some expired or
withdrawn, some breached (a breach recorded against a report on the case), and then a
Community Protection Notice following that warning (same conduct, after its time to comply,
before it expired), which may be appealed, complied with or breached in turn, and then a
fixed penalty for the breach (most paid) or a prosecution referral, never both. Dates as
action_steps sets them (time to comply, appeal window, expiry by the local authority's
policy), each transition kept (ActionTransition) with the audit event its service writes.
Steps that would fall after today are not taken: recent ladders stop as drafts, approved or
served actions.

Who it may be addressed to is asked of the safeguarding guards themselves
(``workflow.hook_refusals`` on the approval hook, as drafting asks): a person with a concern
not reviewed, a review that says enforcement should not proceed, or a child, is never
addressed; a ladder starts after the person's latest review. Cases, people, their reports
and reviews are read from the database, so this runs on a data set seeded already
(``lantern seed-scale --only enforcement``). Not written: the frozen documents (their PDFs
are rendered one at a time; no page measured reads them) and their audit events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from lantern.cases import workflow
from lantern.cases.models import (
    ActionKind,
    ActionState,
    Case,
    Conduct,
    EnforcementAction,
    Person,
    ServedHow,
    SubjectRole,
)
from lantern.cases.month_counts import recount
from lantern.cases.rules.common import add_months, policy_for_action
from lantern.core.scale import ScaleContext, rows

K, S = ActionKind, ActionState
CONDUCTS = [Conduct.NOISE, Conduct.GATHERING, Conduct.INTIMIDATION, Conduct.DRUGS,
            Conduct.LITTER, Conduct.VEHICLES, Conduct.DAMAGE]  # fmt: skip
HOW = ([ServedHow.HAND, ServedHow.ADDRESS, ServedHow.POST], [60, 25, 15])
TEXT = {
    "conduct": "Fictional conduct of the scale data set near a hotspot, in the evenings.",
    "detrimental_effect": "Residents nearby report disturbance late at night (fictional).",
    "persistent_nature": "Reported on several evenings over some weeks (fictional).",
    "unreasonable_because": "No reason was given for it, and it went on after a request to stop.",
}
# What becomes of a served warning, a served notice and a fixed penalty.
CPW_OUTCOMES = (["comply", "breach", "expire", "withdraw"], [55, 30, 10, 5])
CPN_OUTCOMES = (["comply", "breach", "appeal", "expire"], [45, 35, 5, 15])
AFTER_BREACH = ([K.FPN_CPN, K.PROSECUTION], [75, 25])
FPN_PAID_SHARE = 0.7


@dataclass
class _Ladder:
    ctx: ScaleContext
    case: Case
    person: Person
    drafter: Any
    approver: Any
    reports: list
    policy: Any
    written: dict[str, int] = field(default_factory=dict)

    def draft(
        self, kind: str, at: datetime, serve_by: date | None = None, **values: Any
    ) -> dict[str, Any] | None:
        """A new action drafted at ``at``, approved and served after it (as far as today;
        not after ``serve_by``, the day the warning a notice follows expires)."""
        ctx, rng = self.ctx, self.ctx.rng
        action = {"id": ctx.uuid(), "case_id": self.case.pk, "kind": kind, "state": S.DRAFT,
                  "person_id": self.person.pk, "created_by_id": self.drafter,
                  "created_at": at, "updated_at": at, **values}  # fmt: skip
        self.written[kind] = self.written.get(kind, 0) + 1
        self.audit(at, self.drafter, workflow.DRAFTED, action, {
            "kind": kind, "case": str(self.case.pk),
            "conduct_category": action.get("conduct_category", ""),
            "prior_warning": str(action.get("prior_warning_id") or "")})  # fmt: skip
        approved = at + timedelta(hours=rng.randrange(4, 24 * 4))
        if approved < ctx.now and rng.random() < 0.03:  # withdrawn before approval
            action["closed_reason"] = "Withdrawn: the conduct stopped (fictional)."
            self.step(action, "withdraw", S.WITHDRAWN, approved, self.drafter,
                      action["closed_reason"])  # fmt: skip
        elif approved < ctx.now:
            action.update(approved_by_id=self.approver, approved_at=approved)
            self.step(action, "approve", S.APPROVED, approved, self.approver)
            served = approved + timedelta(hours=rng.randrange(2, 24 * 5))
            if served < ctx.now and (serve_by is None or served.date() <= serve_by):
                self.serve(action, served)
        return action

    def serve(self, action: dict[str, Any], at: datetime) -> None:
        """As action_serve: by the officer who drafted it, its dates from the day served."""
        on, kind = at.date(), action["kind"]
        action.update(served_by_id=self.drafter, served_at=at, served_on=on,
                      served_how=self.ctx.rng.choices(*HOW)[0])  # fmt: skip
        if kind == K.CPW:
            action["comply_by"] = on + timedelta(days=action["compliance_days"] or 0)
        elif kind == K.CPN:
            periods = [q["period_days"] for q in action["requirements"] if q.get("period_days")]
            action["comply_by"] = on + timedelta(days=max(periods)) if periods else None
            action["appeal_ends_on"] = on + timedelta(days=20)
        elif kind == K.FPN_CPN:
            action["comply_by"] = on + timedelta(days=14)
        months = self.policy.months_for(kind)
        if months:
            action["expires_on"] = add_months(on, months)
        self.step(action, "serve", S.SERVED, at, self.drafter)

    def step(self, action, name: str, to: str, at: datetime, by, note: str = "") -> None:
        """As action_steps._record: the state, the transition kept, its audit event."""
        previous = action["state"]
        action["state"], action["updated_at"] = to, at
        self.ctx.writer.add("cases.ActionTransition", id=self.ctx.uuid(), action_id=action["id"],
                            name=name, from_state=previous, to_state=to, by_id=by, on=at.date(),
                            note=note, created_at=at, updated_at=at)  # fmt: skip
        event = next(t.event for t in workflow.TRANSITIONS if t.name == name)
        self.audit(at, by, event, action, {"kind": action["kind"], "from": previous, "to": to,
                                           "case": str(self.case.pk),
                                           "on": at.date().isoformat()})  # fmt: skip

    def breach(self, action: dict[str, Any], at: datetime) -> Any:
        """As breach_record: the breach against a report on the case, then the transition."""
        breach_id = self.ctx.uuid()
        evidence = [{"kind": "report", "id": str(self.ctx.rng.choice(self.reports))}]
        self.ctx.writer.add("cases.Breach", id=breach_id, action_id=action["id"],
                            occurred_on=at.date(), requirement_index=0,
                            details="Seen doing it again on a fictional evening.",
                            evidence=evidence, recorded_by_id=self.drafter, created_at=at,
                            updated_at=at)  # fmt: skip
        self.audit(at, self.drafter, workflow.BREACH_RECORDED, action,
                   {"breach": str(breach_id), "evidence": 1})  # fmt: skip
        self.step(action, "breach", S.BREACHED, at, self.drafter)
        return breach_id

    def audit(self, at, by, event: str, action, details: dict[str, Any]) -> None:
        if self.ctx.audit is not None:
            self.ctx.audit(at=at, actor=str(by), action=event, object_type="enforcement_action",
                           object_id=action["id"], details=details)  # fmt: skip

    def write(self, action: dict[str, Any] | None) -> None:
        if action is not None:
            self.ctx.writer.add("cases.EnforcementAction", **action)


def _warning_values(ctx: ScaleContext, reports: list, conduct: str) -> dict[str, Any]:
    rng = ctx.rng
    days = rng.choice([14, 21, 28])
    return {
        "conduct_category": conduct,
        **TEXT,
        "evidence": [
            {"kind": "report", "id": str(r)} for r in rng.sample(reports, min(2, len(reports)))
        ],
        "compliance_days": days,
        "requirements": [
            {
                "kind": "stop",
                "text": "Stop the conduct described (fictional).",
                "period_days": None,
            },
            {"kind": "do", "text": "Clear the fictional litter left.", "period_days": days},
        ],
    }


def _run(ladder: _Ladder, start: datetime, until: datetime) -> None:
    """One ladder from its warning, each step only while it falls before ``until``."""
    ctx, rng = ladder.ctx, ladder.ctx.rng
    conduct = rng.choice(CONDUCTS)
    cpw = ladder.draft(K.CPW, start, **_warning_values(ctx, ladder.reports, conduct))
    try:
        if cpw is None or cpw["state"] != S.SERVED:
            return
        outcome = rng.choices(*CPW_OUTCOMES)[0]
        served_at = cpw["served_at"]
        if outcome == "comply":
            at = _at(cpw["comply_by"], served_at, rng)
            if at < min(until, ctx.now):
                ladder.step(cpw, "comply", S.COMPLIED, at, ladder.drafter)
        elif outcome == "expire" and cpw.get("expires_on"):  # None: no period set
            at = _at(cpw["expires_on"], served_at, rng)
            if at < min(until, ctx.now):
                ladder.step(cpw, "expire", S.EXPIRED, at, ladder.drafter)
        elif outcome == "withdraw":
            at = served_at + timedelta(days=rng.randrange(1, 10))
            if at < min(until, ctx.now):
                cpw["closed_reason"] = "Withdrawn after a review of the case (fictional)."
                ladder.step(cpw, "withdraw", S.WITHDRAWN, at, ladder.approver,
                            cpw["closed_reason"])  # fmt: skip
        else:
            # After the time to comply, before the warning expires (CPN_REQUIRES_PRIOR_WARNING,
            # CPN_WARNING_NOT_EXPIRED): then the notice, about the same conduct.
            at = _at(cpw["comply_by"] + timedelta(days=rng.randrange(1, 30)), served_at, rng)
            if at < min(until, ctx.now):
                ladder.breach(cpw, at)
                drafted = at + timedelta(days=rng.randrange(1, 10))
                expires = cpw.get("expires_on")  # None: the policy sets no period
                if (expires is None or drafted.date() < expires) and drafted < min(until, ctx.now):
                    _notice(ladder, cpw, drafted, until)
    finally:
        ladder.write(cpw)


def _notice(ladder: _Ladder, cpw: dict[str, Any], drafted: datetime, until: datetime) -> None:
    ctx, rng = ladder.ctx, ladder.ctx.rng
    values = _warning_values(ctx, ladder.reports, cpw["conduct_category"])
    values["compliance_days"] = None
    cpn = ladder.draft(K.CPN, drafted, cpw["expires_on"], prior_warning_id=cpw["id"], **values)
    try:
        if cpn is None or cpn["state"] != S.SERVED:
            return
        outcome = rng.choices(*CPN_OUTCOMES)[0]
        served_at, limit = cpn["served_at"], min(until, ctx.now)
        if outcome == "appeal":
            at = served_at + timedelta(days=rng.randrange(3, 20))  # inside the appeal window
            if at < limit:
                cpn["appeal_lodged_on"] = at.date()
                ladder.step(cpn, "appeal", S.APPEALED, at, ladder.drafter)
                dismissed = at + timedelta(days=rng.randrange(20, 60))
                if dismissed < limit:
                    ladder.step(cpn, "appeal_dismissed", S.SERVED, dismissed, ladder.drafter)
        elif outcome == "comply":
            at = _at(cpn["comply_by"], served_at, rng)
            if at < limit:
                ladder.step(cpn, "comply", S.COMPLIED, at, ladder.drafter)
        elif outcome == "expire" and cpn.get("expires_on"):
            at = _at(cpn["expires_on"], served_at, rng)
            if at < limit:
                ladder.step(cpn, "expire", S.EXPIRED, at, ladder.drafter)
        else:
            at = _at(cpn["comply_by"] + timedelta(days=rng.randrange(1, 30)), served_at, rng)
            if at < limit:
                breach_id = ladder.breach(cpn, at)
                _penalty(ladder, breach_id, at + timedelta(days=rng.randrange(1, 14)), limit)
    finally:
        ladder.write(cpn)


def _penalty(ladder: _Ladder, breach_id, drafted: datetime, limit: datetime) -> None:
    """A fixed penalty for the breach (the policy's amount), else a prosecution referral:
    one per breach (FPN_ONE_PER_BREACH)."""
    if drafted >= limit:
        return
    rng = ladder.ctx.rng
    kind = rng.choices(*AFTER_BREACH)[0]
    amount = ladder.policy.fpn_amount_for(kind)
    action = ladder.draft(kind, drafted, breach_id=breach_id, amount_pence=amount)
    if action is not None and kind == K.FPN_CPN and action["state"] == S.SERVED:
        paid = action["served_at"] + timedelta(days=rng.randrange(1, 14))
        if rng.random() < FPN_PAID_SHARE and paid < limit:
            action["paid_on"] = paid.date()
            ladder.step(action, "comply", S.COMPLIED, paid, ladder.drafter)
    ladder.write(action)


def _at(day: date, after: datetime, rng) -> datetime:
    """A time of day on ``day`` (not before ``after``)."""
    moment = after.replace(year=day.year, month=day.month, day=day.day)
    moment = moment.replace(hour=rng.randrange(9, 18))
    return max(moment, after + timedelta(hours=1))


def seed_scale(ctx: ScaleContext) -> None:
    """Ladders on (case, adult perpetrator) pairs drawn from the database, each asked of
    the safeguarding guards before it starts."""
    approver = ctx.staff.get("supervisor")
    drafters = {ctx.organisations.get("police"): ctx.staff.get("police_officer"),
                ctx.organisations.get("council"): ctx.staff.get("council_officer")}  # fmt: skip
    if approver is None:
        return
    pairs, reports, reviewed = _candidates(ctx)
    partnership = ctx.partnership_id
    if partnership is None:
        return
    recorded = {p for (p,) in rows("safeguarding.Screening", "person_id")} | set(reviewed)
    if not pairs:
        return
    rng, refused, ladders = ctx.rng, 0, 0
    written: dict[str, int] = {}
    cases: dict = {}
    policies: dict = {}
    wanted = ctx.count("enforcement_ladders")
    for case_id, org, opened, closed, person, linked in rng.sample(pairs, len(pairs)):
        if ladders >= wanted:
            break
        drafter = drafters.get(org)
        if drafter is None or not reports.get(case_id):
            continue
        start = max(opened, linked, reviewed.get(person[0], opened)) + timedelta(
            days=rng.randrange(7, 120), hours=rng.randrange(0, 8)
        )
        until = closed or ctx.now
        if start >= until or start >= ctx.now:
            continue
        if case_id not in cases:
            cases[case_id] = Case(pk=case_id, organisation_id=org, partnership_id=partnership)
        case = cases[case_id]
        pk, dob, age, estimated_on, created_at = person
        someone = Person(pk=pk, date_of_birth=dob, estimated_age=age, estimated_on=estimated_on,
                         created_at=created_at)  # fmt: skip
        intended = EnforcementAction(case=case, kind=K.CPW, person=someone)
        adult = (someone.age_on(start.date()) or 0) >= 18
        # The guards read the person's screenings, reviews and referrals: for an adult with
        # none they pass, so they are asked only about someone with a record (a second each).
        if not adult or (
            pk in recorded and workflow.hook_refusals(intended, "approve", start.date())
        ):
            refused += 1  # SAFEGUARDING_BEFORE_ENFORCEMENT or CHILDRENS_SERVICES_REFERRAL
            continue
        if org not in policies:
            policies[org] = policy_for_action(intended)
        ladder = _Ladder(ctx, case, someone, drafter, approver, reports[case_id], policies[org],
                         written)  # fmt: skip
        _run(ladder, start, until)
        ladders += 1
    # What action_serve keeps as it serves steps: the counts by month and kind.
    ctx.writer.flush()
    recount(partnership_ids=[partnership])
    total = sum(written.values())
    ctx.say(f"enforcement: {ladders} ladders, {total} actions ({written}); "
            f"{refused} people not addressed (safeguarding, or under 18)")  # fmt: skip


def _candidates(ctx: ScaleContext) -> tuple[list, dict, dict]:
    """(case, its organisation, opened, closed, person, linked) for each adult... perpetrator
    on a person-centred case; each case's reports; each person's latest review."""
    cases = {
        pk: (org, opened, closed)
        for pk, org, opened, closed in rows(
            "cases.Case", "id", "organisation_id", "created_at", "closed_at",
            partnership_id=ctx.partnership_id, kind=Case.Kind.PERSON)
    }  # fmt: skip
    people = {
        row[0]: row
        for row in rows("cases.Person", "id", "date_of_birth", "estimated_age", "estimated_on",
                        "created_at", partnership_id=ctx.partnership_id)
    }  # fmt: skip
    # The supervisor (of the police, in the demo) approves: cases the police own or work.
    police = ctx.organisations.get("police")
    worked = {c for c, org in rows("cases.Case_partners", "case_id", "organisation_id",
                                   case__partnership_id=ctx.partnership_id) if org == police}  # fmt: skip
    cases = {pk: case for pk, case in cases.items() if case[0] == police or pk in worked}
    pairs = []
    for case_id, person_id, linked in sorted(
        rows("cases.CaseSubject", "case_id", "person_id", "created_at",
             case__partnership_id=ctx.partnership_id, role=SubjectRole.PERPETRATOR,
             person__isnull=False)
    ):  # fmt: skip
        if case_id in cases and person_id in people:
            pairs.append((case_id, *cases[case_id], people[person_id], linked))
    reports: dict = {}
    for case_id, report_id in sorted(rows("cases.CaseReport", "case_id", "report_id",
                                          case__partnership_id=ctx.partnership_id)):  # fmt: skip
        reports.setdefault(case_id, []).append(report_id)
    reviewed: dict = {}
    # The person's latest review (the safeguarding app's records, read by the registry only:
    # a ladder starts after it, so the gate was as open then as it is now).
    for person_id, at in rows("safeguarding.Review", "person_id", "created_at"):
        reviewed[person_id] = max(at, reviewed.get(person_id, at))
    return pairs, reports, reviewed
