"""Safeguarding of the borough-scale data set (``lantern.core.scale``): exploitation
screenings of people who are subjects of cases (read from the database, so this runs on a
data set seeded already), most with no or some concern, a few potential victims, some
children; then what follows a concern as the services record it: a referral to children's
social care for a child (the lawful override "child"), a safeguarding lead's review of most
concerns (the gate for enforcement, SAFEGUARDING_BEFORE_ENFORCEMENT), and for some potential
victims their consent, asked for a referral to the support agency and, when given, the
referral. Each with the audit event its service writes. No notices, NRM or MS1 records."""

from __future__ import annotations

from datetime import timedelta

from lantern.core.scale import ScaleContext, rows
from lantern.safeguarding.models import AgeBand, Indicator, Outcome, Purpose, Referral, Review
from lantern.safeguarding.services.common import (
    CONSENT_RECORDED,
    REFERRAL_SENT,
    REVIEW_RECORDED,
    SCREENING_RECORDED,
)

AGE_BANDS = ([AgeBand.ADULT, AgeBand.CHILD, AgeBand.UNKNOWN], [80, 10, 10])
INDICATOR_COUNTS = ([0, 1, 2, 3, 4], [45, 25, 15, 10, 5])
CONTEXTS = [
    "Seen at a fictional address during a patrol.",
    "Stopped near a fictional hotspot late in the evening.",
    "Met at a fictional welfare visit.",
]
REVIEWED_SHARE = 0.8  # of concerns: the rest are waiting in the lead's queue
# A review's decision, for a concern and for a potential victim.
DECISIONS = {
    Outcome.CONCERN: ([Review.Decision.PROCEED, Review.Decision.PROCEED_WITH_SUPPORT,
                       Review.Decision.DO_NOT_PROCEED], [50, 35, 15]),
    Outcome.POTENTIAL_VICTIM: ([Review.Decision.PROCEED, Review.Decision.PROCEED_WITH_SUPPORT,
                                Review.Decision.DO_NOT_PROCEED], [10, 40, 50]),
}  # fmt: skip
CONSENT_ASKED_SHARE = 0.6  # of potential victims
CONSENT_GIVEN_SHARE = 0.6
CHILD_OVERRIDE = "A child: no consent is needed (MSA statutory guidance)."
SERVICES = [Referral.Service.OUTREACH, Referral.Service.DRUG_ALCOHOL,
            Referral.Service.SEXUAL_VIOLENCE, Referral.Service.HOUSING]  # fmt: skip


def _case_people(ctx: ScaleContext) -> list[tuple]:
    """(person, case, linked at) of every person on a case of the partnership."""
    return rows(
        "cases.CaseSubject",
        "person_id",
        "case_id",
        "created_at",
        case__partnership_id=ctx.partnership_id,
        person__isnull=False,
    )


def seed_scale(ctx: ScaleContext) -> None:
    people = _case_people(ctx)
    observers = [
        ctx.staff[r] for r in ("police_officer", "pcso", "council_officer") if r in ctx.staff
    ]
    if not people or not observers:
        return
    rng, codes = ctx.rng, [i.value for i in Indicator]
    people.sort(key=lambda p: (str(p[0]), str(p[1])))  # the same order from the same data
    concerns = []
    for _ in range(ctx.count("screenings")):
        person_id, case_id, linked_at = people[rng.randrange(len(people))]
        observed_at = min(ctx.now, linked_at + timedelta(hours=rng.randrange(1, 24 * 60)))
        indicators = rng.sample(codes, rng.choices(*INDICATOR_COUNTS)[0])
        age_band = rng.choices(*AGE_BANDS)[0]
        may_be_under_18 = rng.random() < 0.3 if age_band == AgeBand.UNKNOWN else None
        child = age_band == AgeBand.CHILD or bool(may_be_under_18)
        if len(indicators) >= 3:
            outcome = Outcome.POTENTIAL_VICTIM
        elif indicators or child:  # a child is never "no concern" (as screening_record)
            outcome = Outcome.CONCERN
        else:
            outcome = Outcome.NO_CONCERN
        screening_id, observer = ctx.uuid(), rng.choice(observers)
        ctx.writer.add(
            "safeguarding.Screening",
            id=screening_id,
            person_id=person_id,
            partnership_id=ctx.partnership_id,
            case_id=case_id,
            observed_by_id=observer,
            organisation_id=ctx.organisations["police"],
            observed_at=observed_at,
            context=rng.choice(CONTEXTS),
            indicators=indicators,
            age_band=age_band,
            may_be_under_18=may_be_under_18,
            may_be_under_18_reason="Looked young (fictional)." if may_be_under_18 else "",
            outcome=outcome,
            child_sexual_exploitation=child,
            notes="",
            duty_met_by="",
            duty_met_on=None,
            created_at=observed_at,
            updated_at=observed_at,
        )
        if ctx.audit is not None:
            ctx.audit(at=observed_at, actor=str(observer), action=SCREENING_RECORDED,
                      object_type="screening", object_id=screening_id,
                      details={"person_id": str(person_id), "outcome": str(outcome),
                               "indicators": len(indicators), "child": child,
                               "may_be_under_18": may_be_under_18})  # fmt: skip
        if outcome != Outcome.NO_CONCERN:
            concerns.append((screening_id, person_id, observed_at, outcome, child))
    made = _follow_up(ctx, concerns)
    ctx.say(f"safeguarding: {ctx.count('screenings')} screenings, {made}")


def _follow_up(ctx: ScaleContext, concerns: list[tuple]) -> str:
    """What a safeguarding lead records after concerns, a person's latest concern first
    (a review covers the latest: an earlier one is covered by it)."""
    lead = ctx.staff.get("safeguarding_lead")
    if lead is None:
        return "no safeguarding lead: no reviews"
    rng, counts = ctx.rng, {"reviews": 0, "referrals": 0, "consents": 0}
    referred: set = {
        person for (person,) in rows("safeguarding.Referral", "person_id",
                                     kind=Referral.Kind.CHILDRENS_SOCIAL_CARE,
                                     partnership_id=ctx.partnership_id)
    }  # fmt: skip
    latest: dict = {}
    for concern in concerns:  # the person's latest concern of this run
        if concern[1] not in latest or concern[2] > latest[concern[1]][2]:
            latest[concern[1]] = concern
    ages = _ages(list(latest))
    for screening_id, person_id, observed_at, outcome, seen_as_child in latest.values():
        at = observed_at + timedelta(hours=rng.randrange(2, 24 * 10))
        if at >= ctx.now:
            continue  # too recent: still in the lead's queue
        # A child as the gate sees them: the cases app's age, else the screening's view.
        age = _age_on(ages.get(person_id), at.date())
        child = age < 18 if age is not None else seen_as_child
        if child and person_id not in referred:
            # CHILDRENS_SERVICES_REFERRAL: a child is referred before any review lets
            # enforcement proceed; no consent needed for a child (the override "child").
            _referral(ctx, lead, person_id, at, Referral.Kind.CHILDRENS_SOCIAL_CARE,
                      Referral.Service.SOCIAL_CARE, None, None, Referral.Override.CHILD)  # fmt: skip
            referred.add(person_id)
            counts["referrals"] += 1
            at += timedelta(hours=1)
        if outcome == Outcome.POTENTIAL_VICTIM and rng.random() < CONSENT_ASKED_SHARE:
            counts["consents"] += 1
            counts["referrals"] += _consent(ctx, lead, person_id, at)
            at += timedelta(hours=2)
        if rng.random() < REVIEWED_SHARE:
            decision = rng.choices(*DECISIONS[outcome])[0]
            review_id = ctx.uuid()
            ctx.writer.add("safeguarding.Review", id=review_id, person_id=person_id,
                           partnership_id=ctx.partnership_id, screening_id=screening_id,
                           reviewer_id=lead, decision=decision,
                           rationale="Reviewed the fictional screening and the case's records.",
                           decided_on=at.date(), created_at=at, updated_at=at)  # fmt: skip
            counts["reviews"] += 1
            if ctx.audit is not None:
                ctx.audit(at=at, actor=str(lead), action=REVIEW_RECORDED,
                          object_type="safeguarding_review", object_id=review_id,
                          details={"person_id": str(person_id), "decision": str(decision),
                                   "screening_id": str(screening_id)})  # fmt: skip
    return ", ".join(f"{n} {what}" for what, n in counts.items())


def _ages(person_ids: list) -> dict:
    found = {}
    for start in range(0, len(person_ids), 500):
        for pk, *age in rows("cases.Person", "id", "date_of_birth", "estimated_age",
                             "estimated_on", "created_at",
                             id__in=person_ids[start : start + 500]):  # fmt: skip
            found[pk] = age
    return found


def _age_on(age, day):
    """The age on ``day`` as ``Person.age_on`` gives it, from the values read."""
    if age is None:
        return None
    dob, estimated, estimated_on, created_at = age
    if dob:
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
    if estimated is None:
        return None
    since = estimated_on or created_at.date()
    years = day.year - since.year - ((day.month, day.day) < (since.month, since.day))
    return estimated + max(years, 0)


def _consent(ctx: ScaleContext, lead, person_id, at) -> int:
    """Consent asked for a referral to the support agency; the referral when it is given."""
    given = ctx.rng.random() < CONSENT_GIVEN_SHARE
    consent_id = ctx.uuid()
    ctx.writer.add("safeguarding.Consent", id=consent_id, person_id=person_id,
                   partnership_id=ctx.partnership_id, purpose=Purpose.SUPPORT_REFERRAL,
                   given=given, explained_by_id=lead, explained_at=at,
                   explanation="Explained what the outreach service offers (fictional).",
                   nrm_explained=[], created_at=at, updated_at=at)  # fmt: skip
    if ctx.audit is not None:
        ctx.audit(at=at, actor=str(lead), action=CONSENT_RECORDED, object_type="consent",
                  object_id=consent_id, details={"person_id": str(person_id),
                                                 "purpose": str(Purpose.SUPPORT_REFERRAL),
                                                 "given": given})  # fmt: skip
    agency = ctx.organisations.get("charity")
    if not given or agency is None:
        return 0
    _referral(ctx, lead, person_id, at + timedelta(minutes=30), Referral.Kind.SUPPORT_AGENCY,
              ctx.rng.choice(SERVICES), agency, consent_id, Referral.Override.NONE)  # fmt: skip
    return 1


def _referral(ctx, lead, person_id, at, kind, service, agency, consent_id, override) -> None:
    referral_id = ctx.uuid()
    ctx.writer.add(
        "safeguarding.Referral",
        id=referral_id,
        person_id=person_id,
        partnership_id=ctx.partnership_id,
        kind=kind,
        service=service,
        agency_id=agency,
        consent_id=consent_id,
        override=override,
        override_rationale=CHILD_OVERRIDE if override == Referral.Override.CHILD else "",
        reason="Fictional referral after a screening of the scale data set.",
        shared_information="",
        shared_items=[],
        referred_by_id=lead,
        sent_at=at,
        status=Referral.Status.SENT,
        created_at=at,
        updated_at=at,
    )
    if ctx.audit is not None:
        ctx.audit(at=at, actor=str(lead), action=REFERRAL_SENT, object_type="referral",
                  object_id=referral_id,
                  details={"person_id": str(person_id), "kind": str(kind),
                           "service": str(service), "agency_id": str(agency or ""),
                           "consent_id": str(consent_id or ""), "override": str(override),
                           "shared_items": []})  # fmt: skip
