"""The safeguarding app's models, declared for the record of processing activities."""

import uuid
from collections.abc import Sequence

from lantern.core.processing import (
    ART_6_LEGAL_OBLIGATION,
    ART_9_SUBSTANTIAL_PUBLIC_INTEREST,
    RetentionSubject,
    Rule,
    declare,
    gdpr,
    register_hold_provider,
    register_retention_subject,
)
from lantern.safeguarding import retention
from lantern.safeguarding.models import (
    Consent,
    DutyRecord,
    OutreachContact,
    QueuedMs1,
    Referral,
    Review,
    Screening,
)

# Safeguarding is processed under UK GDPR, even by a council that also prosecutes (DOMAIN.md
# 7.2); records that someone sells sex are data concerning sex life (DOMAIN.md 7.1).
SAFEGUARDING = gdpr(
    "Safeguarding people at risk of exploitation: screening, reviews, consent, referrals",
    ART_9_SUBSTANTIAL_PUBLIC_INTEREST,
)
# The Duty to Notify is a statutory duty (Modern Slavery Act 2015 s.52, DOMAIN.md 4.2).
DUTY = gdpr(
    "Meeting the Duty to Notify (Modern Slavery Act 2015 s.52)",
    ART_9_SUBSTANTIAL_PUBLIC_INTEREST,
    basis=ART_6_LEGAL_OBLIGATION,
)

for model, name, data in (
    (Screening, "Safeguarding screening", "Indicators of exploitation seen, age band, notes."),
    (Review, "Safeguarding review", "A lead's decision on enforcement against a person."),
    (Consent, "Consent", "What a person agreed to, how it was explained, any withdrawal."),
    (Referral, "Referral", "What was shared with which agency, and the outcome."),
    (OutreachContact, "Outreach contact", "When and where support was offered (no names)."),
):
    declare(model, name=name, data=data, processing=(SAFEGUARDING,), retention=Rule.SAFEGUARDING)
for duty_model, name, data in (
    (DutyRecord, "Duty to Notify record", "The NRM referral or anonymous MS1 made."),
    (QueuedMs1, "MS1 waiting for the batch", "An anonymous MS1's exploitation type."),
):
    declare(duty_model, name=name, data=data, processing=(DUTY,), retention=Rule.SAFEGUARDING)

# --- legal holds ---------------------------------------------------------------------------
SAFEGUARDING_RECORD = "a safeguarding record about the person"


def _person_holds(model_label: str, record_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """A person record stays while a safeguarding record is about them (a case disposed of
    does not take the person with it); the safeguarding records have their own rule."""
    if model_label != "cases.Person" or not record_ids:
        return {}
    held: set[uuid.UUID] = set()
    for model in (Screening, Review, Consent, Referral, DutyRecord):
        found = model.objects.filter(person_id__in=record_ids).values_list("person_id", flat=True)
        held |= {person_id for person_id in found if person_id is not None}
    return dict.fromkeys(held, SAFEGUARDING_RECORD)


register_hold_provider("safeguarding", _person_holds)


# --- retention -----------------------------------------------------------------------------
# A person's screenings, reviews, consents, referrals and NRM referrals (Duty to Notify) are
# reviewed together, six years (confirm locally) after the last change to any of them (an
# anonymous MS1 after its own), unless one of their cases holds its records
# (docs/data-protection.md, "Safeguarding records").
for label in retention.SUBJECTS:
    register_retention_subject(
        RetentionSubject(
            model=label,
            candidates=retention.candidates_of(label),
            dispose=retention.dispose_of(label),
            describe=retention.describe_of(label),
        )
    )
register_hold_provider("safeguarding_records", retention.record_holds)
# Outreach contacts (no names) are reviewed on their own clock, six years (confirm locally)
# after their last change (docs/data-protection.md, "Safeguarding records").
register_retention_subject(
    RetentionSubject(
        model=retention.OUTREACH_MODEL,
        candidates=retention.outreach_candidates,
        dispose=retention.outreach_dispose,
        describe=retention.outreach_describe,
    )
)
