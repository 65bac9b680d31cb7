"""Every write to safeguarding records. Audit details carry ids and codes only."""

from lantern.safeguarding.services.common import (
    CONSENT_RECORDED,
    CONSENT_WITHDRAWN,
    MS1_QUEUED,
    MS1_RECORDED,
    NRM_REFERRAL_RECORDED,
    OUTREACH_LOGGED,
    REFERRAL_SENT,
    REFERRAL_UPDATED,
    REVIEW_RECORDED,
    SCREENING_RECORDED,
)
from lantern.safeguarding.services.records import (
    consent_record,
    consent_withdraw,
    review_check,
    review_record,
    screening_record,
)
from lantern.safeguarding.services.referrals import (
    DutyOutcome,
    ReferralInput,
    duty_to_notify,
    ms1_batch_write,
    outreach_contact_log,
    referral_check,
    referral_send,
    referral_update,
)
from lantern.safeguarding.services.scope import (
    person_partnership_for_write,
    safeguarding_person_share,
    safeguarding_person_share_withdraw,
)

__all__ = [
    "CONSENT_RECORDED",
    "CONSENT_WITHDRAWN",
    "MS1_QUEUED",
    "MS1_RECORDED",
    "NRM_REFERRAL_RECORDED",
    "OUTREACH_LOGGED",
    "REFERRAL_SENT",
    "REFERRAL_UPDATED",
    "REVIEW_RECORDED",
    "SCREENING_RECORDED",
    "DutyOutcome",
    "ReferralInput",
    "consent_record",
    "consent_withdraw",
    "duty_to_notify",
    "ms1_batch_write",
    "outreach_contact_log",
    "person_partnership_for_write",
    "referral_check",
    "referral_send",
    "referral_update",
    "review_check",
    "review_record",
    "safeguarding_person_share",
    "safeguarding_person_share_withdraw",
    "screening_record",
]
