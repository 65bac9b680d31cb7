"""Safeguarding of the borough-scale data set (``lantern.core.scale``): exploitation
screenings of people who are subjects of cases (the cases app leaves them in
``ctx.shared["case_people"]``), most with no or some concern, a few potential victims, some
children; each with the audit event that ``screening_record`` writes. No reviews, referrals
or notices: the pages measured list screenings and read a person's latest."""

from __future__ import annotations

from datetime import timedelta

from lantern.core.scale import ScaleContext
from lantern.safeguarding.models import AgeBand, Indicator, Outcome
from lantern.safeguarding.services import SCREENING_RECORDED

AGE_BANDS = ([AgeBand.ADULT, AgeBand.CHILD, AgeBand.UNKNOWN], [80, 10, 10])
INDICATOR_COUNTS = ([0, 1, 2, 3, 4], [45, 25, 15, 10, 5])
CONTEXTS = [
    "Seen at a fictional address during a patrol.",
    "Stopped near a fictional hotspot late in the evening.",
    "Met at a fictional welfare visit.",
]


def seed_scale(ctx: ScaleContext) -> None:
    people = ctx.shared.get("case_people", [])
    observers = [
        ctx.staff[r] for r in ("police_officer", "pcso", "council_officer") if r in ctx.staff
    ]
    if not people or not observers:
        return
    rng, codes = ctx.rng, [i.value for i in Indicator]
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
    ctx.say(f"safeguarding: {ctx.count('screenings')} screenings")
