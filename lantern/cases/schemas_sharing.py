"""The cases API's shapes for what is shared across organisations and partnerships: the
statements organisations make about a vehicle (docs/adr/0016-facts-as-statements.md) and
the shares of a case with another partnership."""

import uuid
from datetime import datetime
from typing import Literal

from ninja import Field, Schema


class FactOut(Schema):
    id: uuid.UUID = Field(..., description="The statement's id")
    property: str = Field(
        ...,
        description="What it is about: make, model, colour, keeper_name, keeper_address "
        "or keeper_person",
    )
    value: str | None = Field(
        None, description="The value (for keeper_person, the person's id; null: none)"
    )
    text: str = Field(..., description="The value as a page shows it")
    organisation_id: uuid.UUID | None = Field(None, description="The organisation that says so")
    organisation: str = Field(..., description="Its name")
    asserted_at: datetime = Field(..., description="When it was recorded (UTC)")
    source_type: str = Field(
        ..., description="Where it came from: case, report, sighting or dvla_keeper_enquiry"
    )
    case_id: uuid.UUID | None = Field(
        None, description="The case it was recorded on, if you see it"
    )
    own: bool = Field(..., description="Whether your organisation made it (you may withdraw it)")


class VehicleFactIn(Schema):
    """Your organisation's own statement about the vehicle (never a change to another's)."""

    property: Literal["make", "model", "colour"] = Field(..., description="What it is about")
    value: str = Field(..., min_length=1, max_length=60, description="The value")


class ShareIn(Schema):
    partnership_id: uuid.UUID = Field(..., description="The partnership to share it with")
    reason: str = Field(
        ..., min_length=1, max_length=2000, description="Why the other partnership needs it"
    )


class ShareOut(Schema):
    id: uuid.UUID = Field(..., description="The share's id")
    partnership_id: uuid.UUID = Field(..., description="The partnership it is shared with")
    reason: str = Field(..., description="Why it was shared")
    shared_at: datetime = Field(..., description="When (UTC)")
    withdrawn_at: datetime | None = Field(None, description="When it was withdrawn, if it was")
