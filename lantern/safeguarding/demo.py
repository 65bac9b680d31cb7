"""Demo safeguarding data (fictional): the woman on Larkspur Row screened with indicators of
control, a review saying enforcement should not proceed, her consent, a referral to the
outreach charity, and the Duty to Notify met by an anonymous MS1 (she declined the NRM), which
the demo writes at once instead of waiting for the daily batch."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils.timezone import localdate

from lantern.accounts.models import User
from lantern.accounts.selectors import actor_for, support_agencies
from lantern.core import clock, directory
from lantern.core.actor import SYSTEM
from lantern.core.demo import DEMO_DOMAIN, DEMO_PERSON_ID
from lantern.safeguarding import services
from lantern.safeguarding.models import (
    AgeBand,
    Indicator,
    Outcome,
    Purpose,
    Referral,
    Screening,
    SharedItem,
)

CHARITY = "Lamplight Outreach Trust"


def _actor(role: str):
    user = User.objects.filter(email=f"{role}@{DEMO_DOMAIN}").first()
    return actor_for(user, verified=True) if user else None


@transaction.atomic
def seed(*, out: Any) -> None:
    if Screening.objects.filter(person_id=DEMO_PERSON_ID).exists():
        out.write("Demo safeguarding records are ready.\n")
        return
    lead, officer = _actor("safeguarding_lead"), _actor("police_officer")
    charity = support_agencies(actor=lead).filter(name=CHARITY).first() if lead else None
    if lead is None or officer is None or charity is None:
        out.write("Demo safeguarding records skipped: the demo accounts are missing.\n")
        return
    if not lead.partnership_ids or not officer.partnership_ids:
        out.write("Demo safeguarding records skipped: the demo is in no partnership.\n")
        return
    if directory.person(officer, DEMO_PERSON_ID) is None:  # the cases demo records her
        out.write("Demo safeguarding records skipped: the demo cases are missing.\n")
        return
    now = clock.now()
    screening = services.screening_record(
        actor=officer,
        person_id=DEMO_PERSON_ID,
        observed_at=now - timedelta(days=12, hours=3),
        context="Spoken to on Larkspur Row, Eastmere, late evening, during a patrol. A man "
        "waiting in a car across the road answered her phone for her.",
        indicators=[
            Indicator.CONTROLLED,
            Indicator.PHONE_CONTROL,
            Indicator.NO_EARNINGS,
            Indicator.INSTRUCTED,
            Indicator.FEAR,
        ],
        age_band=AgeBand.ADULT,
        outcome=Outcome.POTENTIAL_VICTIM,
    )
    services.consent_record(
        actor=lead,
        person_id=DEMO_PERSON_ID,
        purpose=Purpose.SUPPORT_REFERRAL,
        given=True,
        explanation="Explained who Lamplight Outreach Trust are, that they would be told her "
        "first name, where to find her and who referred her, and that she can say no at any "
        "time.",
        explained_at=now - timedelta(days=11),
    )
    services.consent_record(
        actor=lead,
        person_id=DEMO_PERSON_ID,
        purpose=Purpose.NRM,
        given=False,
        explanation="Explained the NRM, the support it offers and its possible outcomes; she "
        "did not want to be referred.",
        explained_at=now - timedelta(days=11),
    )
    services.referral_send(
        actor=lead,
        data=services.ReferralInput(
            person_id=DEMO_PERSON_ID,
            kind=Referral.Kind.SUPPORT_AGENCY,
            service=Referral.Service.OUTREACH,
            agency_id=charity.pk,
            reason="Indicators of control by a third party; she asked for help with housing "
            "and a phone of her own.",
            # What she agreed Lamplight may know, item by item; not a phone number.
            shared_items=[SharedItem.NAME, SharedItem.PLACE, SharedItem.REFERRER],
            shared_details={
                SharedItem.NAME: "Mara",
                SharedItem.PLACE: "The Tuesday drop-in",
                SharedItem.REFERRER: "The partnership's safeguarding team, 01632 960010",
            },
            shared_information="Contact her only through the drop-in.",
        ),
    )
    services.review_record(
        actor=lead,
        person_id=DEMO_PERSON_ID,
        decision="do_not_proceed",
        rationale="She shows indicators of control and may be a victim of exploitation. A "
        "warning would push her away from support; the partnership will target whoever "
        "controls her instead.",
        decided_on=(now - timedelta(days=10)).date(),
    )
    services.duty_to_notify(actor=lead, screening_id=screening.pk, exploitation_type="sexual")
    services.ms1_batch_write(actor=SYSTEM, through=localdate(now))
    out.write("Demo safeguarding records: one screening, review, referral and an MS1.\n")
