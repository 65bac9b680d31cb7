import uuid
from datetime import date, datetime

from ninja import Field, Schema

Text = Field(..., min_length=1, max_length=5000)


class ScreeningIn(Schema):
    person_id: uuid.UUID
    case_id: uuid.UUID | None = None
    observed_at: datetime
    context: str = Field(..., min_length=1, max_length=5000)
    indicators: list[str] = Field(default_factory=list, max_length=30)
    age_band: str = Field(..., max_length=10)
    may_be_under_18: bool | None = Field(
        None,
        description="With age_band 'unknown' (required then): are there reasonable grounds to "
        "believe the person may be under 18 (Modern Slavery Act 2015 s.51)?",
    )
    may_be_under_18_reason: str = Field(
        "", max_length=5000, description="With age_band 'unknown' (required then): why"
    )
    outcome: str = Field(..., max_length=20)
    notes: str = Field("", max_length=5000)


class ScreeningOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    observed_at: datetime
    context: str
    indicators: list[str]
    age_band: str
    may_be_under_18: bool | None
    may_be_under_18_reason: str
    outcome: str
    child_sexual_exploitation: bool
    duty_met_by: str
    duty_met_on: date | None = Field(..., description="The day (never the time) it was met")


class ReviewIn(Schema):
    person_id: uuid.UUID
    decision: str = Field(..., max_length=30)
    rationale: str = Field(..., min_length=1, max_length=5000)
    decided_on: date
    screening_id: uuid.UUID | None = None


class SafeguardingReviewOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    screening_id: uuid.UUID | None
    decision: str
    rationale: str
    decided_on: date


class ConsentIn(Schema):
    person_id: uuid.UUID
    purpose: str = Field(..., max_length=30)
    given: bool
    explanation: str = Field(..., min_length=1, max_length=5000)
    explained_at: datetime
    nrm_explained: list[str] = Field(default_factory=list, max_length=3)


class ConsentOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    purpose: str
    given: bool
    explanation: str
    explained_at: datetime
    nrm_explained: list[str]
    withdrawn_at: datetime | None


class ReferralIn(Schema):
    person_id: uuid.UUID
    kind: str = Field(..., max_length=30)
    service: str = Field("social_care", max_length=20)
    agency_id: uuid.UUID | None = None
    reason: str = Field(..., min_length=1, max_length=5000)
    shared_information: str = Field("", max_length=5000)
    override: str = Field("", max_length=20)
    override_rationale: str = Field("", max_length=5000)
    s42_care_needs: bool | None = None
    s42_abuse_or_risk: bool | None = None
    s42_unable_to_protect: bool | None = None
    shared_items: list[str] = Field(
        default_factory=list,
        max_length=4,
        description="What the person consented to the agency knowing: name, contact, place, "
        "referrer_contact",
    )
    shared_details: dict[str, str] = Field(
        default_factory=dict,
        max_length=4,
        description="Each consented item's value, by item; an item not consented to is not kept",
    )


class ReferralOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    kind: str
    service: str
    agency_id: uuid.UUID | None
    consent_id: uuid.UUID | None
    override: str
    reason: str
    shared_information: str
    shared_items: list[str]
    shared_name: str
    shared_contact: str
    shared_place: str
    referrer_contact: str
    status: str
    outcome: str
    sent_at: datetime


class SharedDetailOut(Schema):
    """One item the person may agree the agency knows; ``value`` says why when not shared."""

    item: str
    label: str
    shared: bool
    value: str


class AgencyReferralOut(Schema):
    """What the agency referred to sees: the referral and what it may know, no more."""

    id: uuid.UUID
    service: str
    reason: str
    shared_information: str
    shared: list[SharedDetailOut]
    status: str
    outcome: str
    sent_at: datetime


class ReferralStatusIn(Schema):
    status: str = Field(..., max_length=20)
    outcome: str = Field("", max_length=5000)


class DutyIn(Schema):
    exploitation_type: str = Field("", max_length=40)
    reference: str = Field("", max_length=40)


class DutyOut(Schema):
    """How the Duty to Notify was met. An MS1 is queued, not yet a record: it is written by
    the daily batch and nothing here (or anywhere) links it to the screening."""

    route: str = Field(..., description="'nrm' or 'ms1'")
    met_on: date
    record_id: uuid.UUID | None = Field(..., description="The NRM referral; None for an MS1")
    childrens_referral_id: uuid.UUID | None


class DutyRecordOut(Schema):
    id: uuid.UUID
    kind: str
    person_id: uuid.UUID | None
    is_child: bool
    month: date
    exploitation_type: str
    indicators: list[str]
    reference: str
    childrens_referral_id: uuid.UUID | None


class SafeguardingPersonOut(Schema):
    person_id: uuid.UUID
    screenings: list[ScreeningOut]
    reviews: list[SafeguardingReviewOut]
    consents: list[ConsentOut]
    referrals: list[ReferralOut]
    nrm_referrals: list[DutyRecordOut]


class StatusOut(Schema):
    """What any officer may know: whether a review exists, its decision and date."""

    person_id: uuid.UUID
    review_recorded: bool
    review_decision: str
    reviewed_on: date | None
    enforcement_allowed: bool


class ContactIn(Schema):
    contacted_on: date
    area: str = Field("", max_length=100)
    support: list[str] = Field(default_factory=list, max_length=10)
    referral_id: uuid.UUID | None = None
    partnership_id: uuid.UUID | None = Field(
        None,
        description="Without a referral: which of your partnerships the contact was for "
        "(needed only when you belong to several)",
    )


class OutreachContactOut(Schema):
    id: uuid.UUID
    contacted_on: date
    area: str
    support: list[str]


class MonthOut(Schema):
    month: date
    screenings: int
    concerns: int
    reviews: int
    referrals: int
    nrm: int
    ms1: int
    outreach_contacts: int
