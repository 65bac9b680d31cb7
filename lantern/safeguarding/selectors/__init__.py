"""Every read of safeguarding records, filtered for the actor (who may see what: access.py).

- scope.py: the partnership of a record, who it is shared with, whose records a list shows;
- access.py: who may see a record, the object policies, the access log of every read;
- records.py: one record, a person's records, what services need to know about a person;
- identity.py: the name of the person a record is about, as the actor may see it;
- gate.py: what the enforcement gate and the status panels know (no content);
- team.py: the safeguarding team's lists (queue, MS1 records, Duty to Notify report);
- agency.py: the support agency workspace;
- numbers.py: the partnership's counts by month.
"""

from lantern.safeguarding.selectors.access import (
    agency_ids,
    is_case_lead,
    is_safeguarding_lead,
    may_see_person,
    person_to_write_about,
)
from lantern.safeguarding.selectors.agency import (
    NOT_CONSENTED,
    SharedDetail,
    agency_contacts,
    agency_referral_get,
    agency_referral_names,
    agency_referral_shared,
    agency_referrals,
    agency_shares_information,
)
from lantern.safeguarding.selectors.gate import (
    GateStatus,
    gate_partnership,
    gate_status,
    people_screened_in_case,
)
from lantern.safeguarding.selectors.identity import (
    anonymous_label,
    may_identify,
    person_name,
    person_names,
)
from lantern.safeguarding.selectors.numbers import MonthRow, partnership_numbers
from lantern.safeguarding.selectors.records import (
    BAND_LABELS,
    ChildStatus,
    PersonRecords,
    child_status,
    consent_get,
    consent_in_force,
    duty_record_get,
    person_records,
    person_treated_as_child,
    referral_get,
    review_get,
    screening_get,
)
from lantern.safeguarding.selectors.scope import (
    PERSON_SHARE,
    person_in_scope,
    person_referral_agencies,
    person_shares,
    person_writable,
    referral_agencies,
    share_choices,
)
from lantern.safeguarding.selectors.team import (
    DutyLine,
    duties_report,
    ms1_queued,
    ms1_records,
    open_concerns,
)

__all__ = [
    "BAND_LABELS",
    "NOT_CONSENTED",
    "PERSON_SHARE",
    "ChildStatus",
    "DutyLine",
    "GateStatus",
    "MonthRow",
    "PersonRecords",
    "SharedDetail",
    "agency_contacts",
    "agency_ids",
    "agency_referral_get",
    "agency_referral_names",
    "agency_referral_shared",
    "agency_referrals",
    "agency_shares_information",
    "anonymous_label",
    "child_status",
    "consent_get",
    "consent_in_force",
    "duties_report",
    "duty_record_get",
    "gate_partnership",
    "gate_status",
    "is_case_lead",
    "is_safeguarding_lead",
    "may_identify",
    "may_see_person",
    "ms1_queued",
    "ms1_records",
    "open_concerns",
    "partnership_numbers",
    "people_screened_in_case",
    "person_in_scope",
    "person_name",
    "person_names",
    "person_records",
    "person_referral_agencies",
    "person_shares",
    "person_to_write_about",
    "person_treated_as_child",
    "person_writable",
    "referral_agencies",
    "referral_get",
    "review_get",
    "screening_get",
    "share_choices",
]
