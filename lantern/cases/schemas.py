"""The cases API's request and response shapes; every field documented for OpenAPI."""

import uuid
from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from lantern.cases.schemas_sharing import FactOut
from lantern.core.api import MAX_DB_INT

Text = Field(default="", max_length=5000)


class CaseIn(Schema):
    kind: Literal["person", "place"] = Field(
        ..., description="person: a person-centred ASB case; place: a place-based problem (SARA)"
    )
    title: str = Field(..., min_length=1, max_length=200, description="A short title")
    summary: str = Field("", max_length=5000, description="What the case is about")
    area: dict | None = Field(
        None, description="For a place-based problem: its area as a GeoJSON Polygon"
    )
    next_review_on: date | None = Field(None, description="When the case is next reviewed")
    partnership_id: uuid.UUID | None = Field(
        None,
        description="Which of your partnerships the case is for; needed only when your "
        "organisations belong to several (a token acts in its one partnership)",
    )


class CaseOut(Schema):
    id: uuid.UUID = Field(..., description="The case's id")
    reference: str = Field(..., description="A readable reference, e.g. C-7K3M-Q9XT")
    kind: str = Field(..., description="person or place")
    title: str = Field(..., description="A short title")
    status: str = Field(..., description="open or closed")
    sara_stage: str = Field(..., description="scanning, analysis, response or assessment")
    area: dict | None = Field(None, description="The area, a GeoJSON Polygon")
    lead_officer_id: uuid.UUID | None = Field(None, description="The lead officer's user id")
    organisation_id: uuid.UUID = Field(..., description="The organisation that owns the case")
    partnership_id: uuid.UUID = Field(..., description="The partnership the case belongs to")
    next_review_on: date | None = Field(None, description="When the case is next reviewed")
    created_at: datetime = Field(..., description="When the case was opened (UTC)")


class SubjectOut(Schema):
    id: uuid.UUID = Field(..., description="The link's id")
    role: str = Field(..., description="The subject's role in the case")
    person_id: uuid.UUID | None = Field(None, description="The person, if a person")
    vehicle_id: uuid.UUID | None = Field(None, description="The vehicle, if a vehicle")
    registration: str | None = Field(None, description="The registration, if a vehicle")
    body_id: uuid.UUID | None = Field(None, description="The organisation, if a body")
    label: str = Field(..., description="The name or registration shown for the subject")


class CaseDetailOut(CaseOut):
    summary: str = Field(..., description="What the case is about")
    report_ids: list[uuid.UUID] = Field(..., description="Reports linked to the case")
    subjects: list[SubjectOut] = Field(..., description="People, vehicles and bodies")
    closure_reason: str = Field(..., description="Why the case was closed, if it was")


class ReportLinkIn(Schema):
    report_id: uuid.UUID = Field(..., description="The report to link to the case")


class PersonIn(Schema):
    role: Literal[
        "perpetrator",
        "victim",
        "witness",
        "potential_victim_of_exploitation",
        "associate",
        "registered_keeper",
    ] = Field(..., description="The person's role in the case")
    given_name: str = Field("", max_length=100, description="Given name")
    family_name: str = Field("", max_length=100, description="Family name")
    aliases: list[str] = Field(
        default_factory=list, max_length=20, description="Other names the person is known by"
    )
    date_of_birth: date | None = Field(None, description="Date of birth, if known")
    estimated_age: int | None = Field(
        None, ge=0, le=120, description="An estimated age in years, if the date is not known"
    )
    description: str = Field("", max_length=5000, description="How to recognise the person")


class PersonOut(Schema):
    id: uuid.UUID = Field(..., description="The person's id")
    label: str = Field(..., description="Their name, or first alias")
    aliases: list[str] = Field(..., description="Other names")
    date_of_birth: date | None = Field(None, description="Date of birth, if known")
    estimated_age: int | None = Field(None, description="Age estimated when recorded")
    description: str = Field(..., description="How to recognise the person")


class KeeperIn(Schema):
    """The registered keeper, from the DVLA's answer, as the keeper letter is addressed."""

    name: str = Field(..., min_length=1, max_length=200, description="The keeper's name")
    address: str = Field(..., min_length=1, max_length=300, description="Their postal address")
    person_id: uuid.UUID | None = Field(
        None,
        description="When the keeper is a person on this case: who (a keeper letter to them "
        "then waits for safeguarding's gate)",
    )


class KeeperOut(Schema):
    vehicle_id: uuid.UUID = Field(..., description="The vehicle")
    keeper_person_id: uuid.UUID | None = Field(..., description="The keeper, if a person on it")


class VehicleIn(Schema):
    registration: str = Field(
        ..., min_length=1, max_length=20, description="UK registration, in any spacing"
    )
    role: Literal["associate", "registered_keeper", "perpetrator", "victim", "witness"] = Field(
        "associate", description="The vehicle's role in the case"
    )
    make: str = Field("", max_length=60, description="Make, e.g. Ford")
    model: str = Field("", max_length=60, description="Model, e.g. Focus")
    colour: str = Field("", max_length=40, description="Colour")


class SightingOut(Schema):
    report_id: uuid.UUID = Field(..., description="The report that named the vehicle")
    reference: str = Field(..., description="The report's reference")
    seen_at: datetime = Field(..., description="When the incident happened (UTC)")
    place: str = Field(..., description="Where, as an address or coordinates")
    latitude: float = Field(..., description="Latitude (WGS84)")
    longitude: float = Field(..., description="Longitude (WGS84)")


class VehicleLookupIn(Schema):
    registration: str = Field(
        ..., min_length=1, max_length=20, description="UK registration, in any spacing"
    )


class VehicleOut(Schema):
    id: uuid.UUID | None = Field(
        None, description="The vehicle's id, if it is on a case you see (else null)"
    )
    registration: str = Field(..., description="The normalised registration")
    facts: list[FactOut] = Field(
        ...,
        description="What the organisations you may hear from hold about it now, each with "
        "who says so, when and from what. Keeper details only if your organisation obtained "
        "them",
    )
    keeper_held_by: list[str] = Field(
        ..., description="Organisations that hold keeper details you may not read"
    )
    on_a_case: bool = Field(..., description="Whether the vehicle is linked to a case you see")
    sightings: list[SightingOut] = Field(..., description="Every report naming it")
    letter_ids: list[uuid.UUID] = Field(..., description="Keeper letters about it")


class RequirementIn(Schema):
    kind: Literal["stop", "do", "steps"] = Field(
        ..., description="stop doing, do, or take reasonable steps (s.43(3))"
    )
    text: str = Field(..., min_length=1, max_length=1000, description="The requirement")
    period_days: int | None = Field(
        None, ge=1, le=366, description="Days allowed to meet it (not for 'stop')"
    )


ConductCategory = Literal[
    "noise",
    "doorstep",
    "gathering",
    "intimidation",
    "soliciting",
    "drugs",
    "litter",
    "vehicles",
    "damage",
    "premises",
    "animals",
    "other",
]


class RequirementOut(Schema):
    kind: str = Field(..., description="stop doing, do, or take reasonable steps (s.43(3))")
    text: str = Field(..., description="The requirement")
    period_days: int | None = Field(None, description="Days allowed to meet it")
    in_force: bool = Field(
        ...,
        description="Whether it is in force now: while an appeal is in progress only the "
        "requirements to stop doing things are (s.46(3))",
    )
    why: str = Field(..., description="Why it is, or is not, in force")


class EvidenceRefIn(Schema):
    kind: Literal["report", "evidence", "statement"] = Field(
        ...,
        description="A report, an evidence item or a signed witness statement on the case "
        "(about it or one of its reports)",
    )
    id: uuid.UUID = Field(..., description="Its id; it must be linked to the case")


class ActionIn(Schema):
    """A draft. Fields it does not know are refused, not ignored: a keeper letter, say, takes
    no extra paragraph (it is a fixed template)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal[
        "keeper_letter",
        "aba",
        "cpw",
        "cpn",
        "fpn_cpn",
        "prosecution",
        "dispersal",
        "pspo_fpn",
        "eso",
    ] = Field(..., description="The kind of action")
    person_id: uuid.UUID | None = Field(None, description="The person it is addressed to")
    body_id: uuid.UUID | None = Field(None, description="The body it is addressed to")
    vehicle_registration: str = Field("", max_length=20, description="For a keeper letter")
    sighting_report_id: uuid.UUID | None = Field(
        None, description="For a keeper letter: the sighting (report) it records"
    )
    conduct_category: ConductCategory | None = Field(
        None,
        description="For a CPW or CPN (required): the kind of conduct, from the fixed list; a "
        "notice must be about the same kind as the warning it follows",
    )
    conduct: str = Field("", max_length=5000, description="The conduct (s.43(7)(a))")
    detrimental_effect: str = Field("", max_length=5000, description="Its detrimental effect")
    persistent_nature: str = Field("", max_length=5000, description="Why it is persistent")
    unreasonable_because: str = Field("", max_length=5000, description="Why it is unreasonable")
    evidence: list[EvidenceRefIn] = Field(
        default_factory=list, max_length=50, description="Evidence for the conduct test"
    )
    requirements: list[RequirementIn] = Field(
        default_factory=list, max_length=20, description="Structured requirements"
    )
    exclusion_area: dict | None = Field(None, description="An exclusion area: GeoJSON Polygon")
    compliance_days: int | None = Field(
        None, ge=1, le=366, description="For a CPW: days given to comply"
    )
    prior_warning_id: uuid.UUID | None = Field(
        None,
        description="For a CPN: the CPW it follows (default: the latest served to the same "
        "person about the same kind of conduct)",
    )
    breach_id: uuid.UUID | None = Field(
        None, description="For a fixed penalty or prosecution: the breach"
    )
    amount_pence: int | None = Field(
        None, ge=0, le=MAX_DB_INT, description="For a fixed penalty: the amount in pence"
    )
    inspector_authorisation: str = Field(
        "", max_length=100, description="For dispersal: the inspector's authorisation"
    )
    duration_hours: int | None = Field(
        None, ge=1, le=1000, description="For dispersal: hours the person must stay away"
    )
    locality: str = Field("", max_length=300, description="For dispersal: the locality")
    supervisor_name: str = Field("", max_length=200, description="For an ESO: the supervisor")
    meetings_by: date | None = Field(None, description="For an ESO: meetings end by")


class ActionOut(Schema):
    id: uuid.UUID = Field(..., description="The action's id")
    case_id: uuid.UUID = Field(..., description="Its case")
    kind: str = Field(..., description="The kind of action")
    state: str = Field(..., description="draft, approved, served, complied, breached, ...")
    person_id: uuid.UUID | None = Field(None, description="The person it is addressed to")
    registration: str | None = Field(None, description="The vehicle, for a keeper letter")
    conduct_category: str = Field(..., description="The kind of conduct (empty if none)")
    conduct: str = Field(..., description="The conduct described")
    prior_warning_id: uuid.UUID | None = Field(None, description="For a CPN: the CPW it follows")
    requirements: list[RequirementOut] = Field(
        ..., description="The requirements, each with whether it is in force now and why"
    )
    served_on: date | None = Field(None, description="The day it was served")
    served_how: str = Field(..., description="How it was served")
    comply_by: date | None = Field(None, description="The end of the time to comply or pay")
    expires_on: date | None = Field(None, description="When it expires")
    appeal_ends_on: date | None = Field(None, description="The last day to appeal (a CPN)")
    appeal_lodged_on: date | None = Field(
        None, description="The day an appeal was lodged with the court, if one was"
    )
    amount_pence: int | None = Field(None, description="A fixed penalty's amount")
    document_sha256: list[str] = Field(..., description="SHA-256 of each frozen document")
    next_steps: list[str] = Field(..., description="The transitions open from this state")


class ServeIn(Schema):
    how: Literal["hand", "address", "post", "verbal"] = Field(..., description="How it was served")
    served_on: date | None = Field(None, description="The day it was served (default today)")


class TransitionIn(Schema):
    name: Literal["comply", "appeal", "appeal_dismissed", "expire", "withdraw"] = Field(
        ...,
        description="The step; 'comply' records payment for a fixed penalty; 'appeal' is open "
        "to a Community Protection Notice only",
    )
    note: str = Field("", max_length=2000, description="A note, e.g. why it was withdrawn")
    on: date | None = Field(
        None,
        description="The day it happened (default today, never in the future); for an appeal "
        "(required), the day it was lodged with the court, which APPEAL_WINDOW checks",
    )


class BreachIn(Schema):
    occurred_on: date = Field(..., description="The day of the breach")
    requirement_index: int = Field(..., ge=0, le=100, description="Which requirement (from 0)")
    details: str = Field(..., min_length=1, max_length=5000, description="What happened")
    evidence: list[EvidenceRefIn] = Field(..., max_length=50, description="Its evidence")


class BreachOut(Schema):
    id: uuid.UUID = Field(..., description="The breach's id")
    action_id: uuid.UUID = Field(..., description="The notice breached")
    occurred_on: date = Field(..., description="The day of the breach")
    requirement_index: int = Field(..., description="Which requirement")


class EvidenceRefOut(Schema):
    kind: str = Field(..., description="report, evidence or statement")
    id: uuid.UUID = Field(..., description="The report's, evidence item's or statement's id")
    reference: str = Field(
        ..., description="The report's reference, or the item's exhibit reference in the case"
    )
    sha256: str = Field(
        ..., description="An evidence item's or signed statement's SHA-256 (empty for a report)"
    )
    visible: bool = Field(..., description="Whether you may see it")


class PreviewOut(Schema):
    action_id: uuid.UUID = Field(..., description="The action")
    kind: str = Field(..., description="The kind of action")
    state: str = Field(..., description="draft or approved: only these have a preview")
    title: str = Field(..., description="The document's title")
    draft: bool = Field(..., description="Always true: the PDF is marked DRAFT")
    problems: list[str] = Field(
        ..., description="What would stop the document being served (documents.problems)"
    )
    servable: bool = Field(..., description="Whether nothing in the document stops service")
    sha256: str = Field(..., description="SHA-256 of this draft PDF (changes on service)")
    size: int = Field(..., description="The draft PDF's size in bytes")
    addressed_to: str = Field(..., description="Whom it is addressed to")
    conduct: str = Field(..., description="The conduct it names")
    detrimental_effect: str = Field(..., description="Its detrimental effect (s.43(1))")
    persistent_nature: str = Field(..., description="Why it is persistent or continuing")
    unreasonable_because: str = Field(..., description="Why it is unreasonable")
    requirements: list[dict] = Field(..., description="Structured requirements")
    amount_pence: int | None = Field(None, description="A fixed penalty's amount")
    evidence: list[EvidenceRefOut] = Field(..., description="The evidence it rests on")


class EligibilityOut(Schema):
    eligible: bool = Field(..., description="Whether the council's threshold is met")
    qualifying_reports: int = Field(..., description="Qualifying reports in the window")
    hate_incidents: int = Field(..., description="Of which hate incidents")
    should_be_told: bool = Field(
        ..., description="Two or more reports in six months: explain the review"
    )
    council_id: uuid.UUID | None = Field(
        None, description="The council whose threshold applied (null: the defaults)"
    )
    council_name: str = Field(..., description="Its name (empty: the defaults)")
    threshold: str = Field(..., description="The threshold in force, in words")
    threshold_incidents: int = Field(..., description="Incidents the threshold needs")
    threshold_months: int = Field(..., description="... reported within this many months")
    threshold_hate_incidents: int = Field(..., description="... or this many hate incidents")


class CaseReviewApplicationIn(Schema):
    statement: str = Field("", max_length=5000, description="What the applicant wants reviewed")
    council_id: uuid.UUID | None = Field(
        None,
        description="The council applied to, whose threshold applies; needed when Lantern "
        "serves several",
    )


class ReviewOut(Schema):
    id: uuid.UUID = Field(..., description="The application's id")
    reference: str = Field(..., description="Its reference")
    status: str = Field(
        ..., description="applied, threshold_met, not_met, meeting_held or closed (letter sent)"
    )
    created_at: datetime = Field(..., description="When the application was made (UTC)")
    decision_due_on: date = Field(..., description="The threshold decision is due by")
    meeting_due_on: date | None = Field(None, description="The meeting is due by")
    outcome_due_on: date | None = Field(None, description="The outcome letter is due by")


class ReviewDetailOut(ReviewOut):
    statement: str = Field(..., description="What the applicant asked the review to look at")
    hate_incident: bool = Field(..., description="Whether a qualifying report is a hate incident")
    qualifying_reports: int = Field(..., description="How many reports the application rests on")
    threshold_met: bool | None = Field(None, description="The decision (null: not yet decided)")
    decided_on: date | None = Field(None, description="When the threshold was decided")
    decision_reason: str = Field(..., description="Why, where the threshold is not met")
    meeting_on: date | None = Field(None, description="When the review meeting was held")
    recommendations: str = Field(..., description="The panel's recommendations")
    outcome_sent_on: date | None = Field(None, description="When the outcome letter was sent")
    outcome_sha256: str = Field(
        ..., description="SHA-256 of the outcome letter's PDF, as sent (empty until sent)"
    )
    next_step: str | None = Field(None, description="The next step to take (null: none)")
    next_step_due_on: date | None = Field(None, description="When the next step is due")
    next_step_late: bool = Field(..., description="Whether the next step is overdue")
    council_id: uuid.UUID | None = Field(
        None, description="The council applied to (null: made before Lantern recorded it)"
    )
    threshold: str = Field(..., description="The threshold it is judged on, in words")


class ReviewDecisionIn(Schema):
    threshold_met: bool = Field(..., description="Whether the local threshold is met")
    reason: str = Field(
        "", max_length=5000, description="Why (needed when the threshold is not met)"
    )


class ReviewMeetingIn(Schema):
    held_on: date = Field(..., description="The day the review meeting was held")
    recommendations: str = Field(
        ..., min_length=1, max_length=5000, description="The panel's recommendations"
    )


class ReviewOutcomeIn(Schema):
    letter: str = Field(
        ...,
        min_length=1,
        max_length=10000,
        description="What happens next, in plain English; the PDF adds the decision and meeting",
    )
