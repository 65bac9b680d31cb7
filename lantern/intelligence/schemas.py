"""In/Out schemas of the intelligence API (docs/intelligence/api.md). Every class is named
Intelligence... so that no other app's schema shares its name in the OpenAPI document.

Every graded record goes out with its grading written as "2B-P" and, for C, the handling
conditions: whoever reads it reads how it may be shared. A source's identity is only ever
in ``IntelligenceSourceOut``, which only a source handler is given."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from ninja import Field, Schema
from pydantic import AfterValidator

from lantern.core.api import CursorPageInput

LONDON = ZoneInfo("Europe/London")


def _sane_time(value: datetime | None) -> datetime | None:
    """Aware (a time without an offset is London time) and within years 1900-2100, so no
    arithmetic on it can overflow."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=LONDON)
    if not 1900 <= value.year <= 2100:
        raise ValueError("must be a time between the years 1900 and 2100")
    return value


def _sane_date(value: date | None) -> date | None:
    if value is not None and not 1900 <= value.year <= 2100:
        raise ValueError("must be a date between the years 1900 and 2100")
    return value


When = Annotated[datetime, AfterValidator(_sane_time)]
Day = Annotated[date, AfterValidator(_sane_date)]


# --- in ---------------------------------------------------------------------------------------


class IntelligenceGradingIn(Schema):
    """The 3x5x2 grading: ``grade`` as written ("2B-P"), or the three fields."""

    grade: str = Field(
        "", max_length=10, description='The grading as written, such as "2B-P"; or the three fields'
    )
    source_evaluation: str = Field("", max_length=1, description="1, 2 or 3")
    assessment: str = Field("", max_length=1, description="A to E")
    handling: str = Field("", max_length=1, description="P or C")
    handling_conditions: str = Field(
        "", max_length=2000, description="For C (required then): how it may be shared, with whom"
    )
    partners_may_see: bool = Field(
        False, description="For C: whether the conditions allow sharing with partners (councils)"
    )

    def given(self) -> bool:
        return bool(self.grade or self.source_evaluation or self.assessment or self.handling)


class IntelligenceOriginIn(Schema):
    type: str = Field(
        ...,
        max_length=30,
        description="intelligence_report, report, sighting, case, case_note, screening, "
        "import or officer",
    )
    id: uuid.UUID | None = Field(None, description="The record it came from, where there is one")


class IntelligenceSourceIn(Schema):
    reference: str = Field(..., max_length=50, description="The source's reference")
    identity: str = Field("", max_length=5000)
    notes: str = Field("", max_length=5000, description="The handler's notes")


class IntelligenceReportIn(IntelligenceGradingIn):
    text: str = Field(
        ..., max_length=20000, description="Sanitised: nothing that identifies the source"
    )
    origin: IntelligenceOriginIn | None = None
    partnership_id: uuid.UUID | None = Field(
        None, description="Needed only when you belong to several partnerships"
    )
    mentions: list[uuid.UUID] = Field(
        default_factory=list, max_length=100, description="The entities it mentions"
    )
    source: IntelligenceSourceIn | None = Field(
        None, description="Source handlers only: who the source is, kept apart from the text"
    )
    occurred_from: Day | None = None
    occurred_to: Day | None = None


class IntelligenceEntityIn(Schema):
    """One of: ``schema`` with ``caption`` and/or ``value`` (the identifying property: a
    phone's number, an address, a handle); ``person_id`` (a person on casework's records);
    ``registration`` (a vehicle)."""

    schema_: str = Field("", alias="schema", max_length=20, description="The entity type")
    caption: str = Field("", max_length=200, description="What it is called")
    value: str = Field("", max_length=200, description="Its identifying property, if it has one")
    person_id: uuid.UUID | None = None
    registration: str = Field("", max_length=20)
    partnership_id: uuid.UUID | None = None


class IntelligenceStatementIn(IntelligenceGradingIn):
    """A property's value. Graded, or recorded from a report (``report_id``), whose grading
    it takes when none is given."""

    prop: str = Field(..., max_length=40, description="A property the entity's type declares")
    value: str = Field(..., max_length=500)
    report_id: uuid.UUID | None = None
    origin: IntelligenceOriginIn | None = None
    valid_from: Day | None = None
    valid_to: Day | None = None


class IntelligenceLinkIn(IntelligenceGradingIn):
    """A link between two entities. Graded, or recorded from a report (``report_id``), whose
    grading it takes when none is given."""

    link_type: str = Field(..., max_length=30)
    source_id: uuid.UUID
    target_id: uuid.UUID
    report_id: uuid.UUID | None = None
    origin: IntelligenceOriginIn | None = None
    occurred_at: When | None = Field(None, description="For a timed link (a call)")
    weight: float = Field(1.0, gt=0, le=1e9, allow_inf_nan=False)
    valid_from: Day | None = None
    valid_to: Day | None = None


class IntelligenceReportQuery(CursorPageInput):
    """A page of reports: ``page_size`` and ``cursor`` (docs/adr/0023), and the filter."""

    origin_id: uuid.UUID | None = Field(None, description="The reports made from this record")


class IntelligenceEntityQuery(CursorPageInput):
    """A page of entities: ``page_size`` and ``cursor`` (docs/adr/0023), and the filters."""

    schema_: str = Field("", alias="schema", max_length=20, description="Only this entity type")
    q: str = Field("", max_length=200, description="Text in its caption or key")


# --- out --------------------------------------------------------------------------------------


class IntelligenceGradingOut(Schema):
    grade: str = Field(..., description='As written: "2B-P"')
    source_evaluation: str
    assessment: str
    handling: str
    handling_conditions: str = Field(..., description="For C: how it may be shared")
    partners_may_see: bool


class IntelligenceOriginOut(Schema):
    type: str
    id: uuid.UUID | None


class IntelligenceProvenanceOut(Schema):
    """Who said it, for which organisation, when, from where, for what period."""

    organisation_id: uuid.UUID | None
    organisation: str
    asserted_by_id: uuid.UUID | None
    asserted_at: datetime
    origin: IntelligenceOriginOut
    report_id: uuid.UUID | None
    valid_from: date | None
    valid_to: date | None


class IntelligenceEntityOut(Schema):
    id: uuid.UUID
    schema_: str = Field(..., alias="schema")
    caption: str
    partnership_id: uuid.UUID
    person_id: uuid.UUID | None
    vehicle_id: uuid.UUID | None
    merged_into_id: uuid.UUID | None
    potential_victim: bool = Field(
        ..., description="An open exploitation concern or under 18: never a disruption target"
    )


class IntelligenceEntityPageOut(Schema):
    """One page of a list paged by cursor (docs/adr/0023): never counted."""

    results: list[IntelligenceEntityOut]
    next: str | None
    previous: str | None


class IntelligenceMentionOut(Schema):
    id: uuid.UUID
    schema_: str = Field(..., alias="schema")
    caption: str


class IntelligenceReportOut(IntelligenceGradingOut):
    id: uuid.UUID
    reference: str
    partnership_id: uuid.UUID
    organisation_id: uuid.UUID
    organisation: str
    submitted_by_id: uuid.UUID | None
    submitted_at: datetime
    text: str
    origin: IntelligenceOriginOut
    source_name: str
    occurred_from: date | None
    occurred_to: date | None
    mentions: list[IntelligenceMentionOut]
    source_recorded: bool = Field(
        ..., description="For a source handler: whether its source is recorded (else false)"
    )


class IntelligenceReportPageOut(Schema):
    """One page of a list paged by cursor (docs/adr/0023): never counted."""

    results: list[IntelligenceReportOut]
    next: str | None
    previous: str | None


class IntelligenceSourceOut(Schema):
    id: uuid.UUID
    report_id: uuid.UUID
    reference: str
    identity: str
    notes: str
    recorded_by_id: uuid.UUID | None
    recorded_at: datetime


class IntelligenceStatementOut(IntelligenceGradingOut):
    id: uuid.UUID
    entity_id: uuid.UUID
    prop: str
    value: str
    provenance: IntelligenceProvenanceOut


class IntelligencePropertyOut(Schema):
    name: str
    label: str
    statements: list[IntelligenceStatementOut] = Field(
        ..., description="Every statement of it the caller may read: who said what"
    )


class IntelligenceLinkOut(IntelligenceGradingOut):
    id: uuid.UUID
    link_type: str
    label: str
    reverse_label: str
    source_id: uuid.UUID
    target_id: uuid.UUID
    occurred_at: datetime | None
    weight: float
    retracted_at: datetime | None
    provenance: IntelligenceProvenanceOut


class IntelligenceLinkViewOut(Schema):
    """A link as read from one entity's side: "<entity> <label> <other>"."""

    label: str
    direction: str = Field(..., description='"out" (from this entity) or "in"')
    other: IntelligenceEntityOut
    link: IntelligenceLinkOut


class IntelligenceReportBriefOut(IntelligenceGradingOut):
    """A report that mentions an entity: its text is read at /reports/{id} (an access event
    of its own)."""

    id: uuid.UUID
    reference: str
    submitted_at: datetime


class IntelligencePictureOut(Schema):
    entity: IntelligenceEntityOut
    merged_ids: list[uuid.UUID] = Field(..., description="The entities merged into it")
    properties: list[IntelligencePropertyOut]
    links: list[IntelligenceLinkViewOut]
    reports: list[IntelligenceReportBriefOut]


class IntelligencePropOut(Schema):
    name: str
    label: str
    kind: str


class IntelligenceEntityTypeOut(Schema):
    name: str
    label: str
    plural: str
    key: str = Field(..., description="The identifying property, or empty")
    description: str
    props: list[IntelligencePropOut]


class IntelligenceLinkTypeOut(Schema):
    name: str
    label: str
    reverse_label: str
    sources: list[str]
    targets: list[str]
    directed: bool
    timed: bool
    description: str


class IntelligenceChoiceOut(Schema):
    value: str
    label: str


class IntelligenceSchemaOut(Schema):
    entity_types: list[IntelligenceEntityTypeOut]
    link_types: list[IntelligenceLinkTypeOut]
    source_evaluations: list[IntelligenceChoiceOut]
    assessments: list[IntelligenceChoiceOut]
    handling_codes: list[IntelligenceChoiceOut]
    origins: list[IntelligenceChoiceOut]
