"""Safeguarding pages. The safeguarding team's, by topic: people.py (the queue, a person's
records), records.py (screenings, reviews, consent), referrals.py, duties.py (the Duty to
Notify), numbers.py (the partnership's counts), sharing.py (a person's records shared with
another partnership); the support agencies': agency.py. Shared
helpers in common.py."""

from lantern.safeguarding.views.agency import agency, agency_referral, contact_new
from lantern.safeguarding.views.duties import duties, duty_new, duty_record
from lantern.safeguarding.views.numbers import numbers
from lantern.safeguarding.views.people import home, person
from lantern.safeguarding.views.records import (
    consent_detail,
    consent_new,
    consent_withdraw,
    review_detail,
    review_new,
    screening_detail,
    screening_new,
)
from lantern.safeguarding.views.referrals import referral_detail, referral_new
from lantern.safeguarding.views.sharing import person_share, share_withdraw

__all__ = [
    "agency",
    "agency_referral",
    "consent_detail",
    "consent_new",
    "consent_withdraw",
    "contact_new",
    "duties",
    "duty_new",
    "duty_record",
    "home",
    "numbers",
    "person",
    "person_share",
    "referral_detail",
    "referral_new",
    "review_detail",
    "review_new",
    "screening_detail",
    "screening_new",
    "share_withdraw",
]
