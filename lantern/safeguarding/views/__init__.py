"""Safeguarding pages: the safeguarding team's (team.py) and the support agencies' (agency.py)."""

from lantern.safeguarding.views.agency import agency, agency_referral, contact_new
from lantern.safeguarding.views.team import (
    consent_detail,
    consent_new,
    consent_withdraw,
    duties,
    duty_new,
    duty_record,
    home,
    numbers,
    person,
    referral_detail,
    referral_new,
    review_detail,
    review_new,
    screening_detail,
    screening_new,
)

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
    "referral_detail",
    "referral_new",
    "review_detail",
    "review_new",
    "screening_detail",
    "screening_new",
]
