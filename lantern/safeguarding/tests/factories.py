"""Safeguarding records built through the real services."""

from __future__ import annotations

import uuid
from datetime import timedelta

from lantern.core import clock
from lantern.core.actor import Actor
from lantern.safeguarding import services
from lantern.safeguarding.models import AgeBand, Indicator, NrmExplained, Outcome, Purpose


def screen(
    actor: Actor,
    person_id: uuid.UUID,
    *,
    outcome: str = Outcome.CONCERN,
    age_band: str = AgeBand.ADULT,
    indicators: tuple[str, ...] = (Indicator.CONTROLLED, Indicator.PHONE_CONTROL),
    may_be_under_18: bool | None = None,
):
    """A screening. With the age not known, the s.51 judgement is "no grounds" unless
    ``may_be_under_18`` says otherwise."""
    unknown = age_band == AgeBand.UNKNOWN
    return services.screening_record(
        actor=actor,
        person_id=person_id,
        observed_at=clock.now() - timedelta(hours=1),
        context="Spoken to on Larkspur Row during a patrol",
        indicators=indicators,
        age_band=age_band,
        outcome=outcome,
        may_be_under_18=bool(may_be_under_18) if unknown else None,
        may_be_under_18_reason=(
            ("Looks and says she is 15" if may_be_under_18 else "Grey hair; a grown-up son")
            if unknown
            else ""
        ),
    )


def refer_to_childrens_services(actor: Actor, person_id: uuid.UUID):
    """A referral to children's social care (made on the risk of serious harm, which needs
    no age: the tests choose the person's age on their own)."""
    return services.referral_send(
        actor=actor,
        data=services.ReferralInput(
            person_id=person_id,
            kind="childrens_social_care",
            reason="A child at risk of sexual exploitation.",
            override="serious_harm",
            override_rationale="Seen getting into cars late at night.",
        ),
    )


def review(actor: Actor, person_id: uuid.UUID, decision: str = "proceed"):
    return services.review_record(
        actor=actor,
        person_id=person_id,
        decision=decision,
        rationale="Met her with the outreach worker; she is safe to be spoken to.",
        decided_on=clock.now().date(),
    )


def consent(
    actor: Actor, person_id: uuid.UUID, purpose: str = Purpose.SUPPORT_REFERRAL, *, given=True
):
    return services.consent_record(
        actor=actor,
        person_id=person_id,
        purpose=purpose,
        given=given,
        explanation="Explained who Lamplight are and what they would be told.",
        explained_at=clock.now() - timedelta(minutes=5),
        nrm_explained=list(NrmExplained.values) if purpose == Purpose.NRM else (),
    )
