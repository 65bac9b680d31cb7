"""The safeguarding app's models, declared for the record of processing activities."""

from lantern.core.processing import (
    ART_6_LEGAL_OBLIGATION,
    ART_9_SUBSTANTIAL_PUBLIC_INTEREST,
    Rule,
    declare,
    gdpr,
)
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
