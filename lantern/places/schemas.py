import uuid
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from ninja import Field, Schema
from pydantic import AfterValidator

from lantern.places.models import MAX_CLOCK_OFFSET_SECONDS

LONDON = ZoneInfo("Europe/London")


def _sane_time(value: datetime) -> datetime:
    """Aware (a time without an offset is London time) and within years 2000-2100, so no
    arithmetic on it can overflow."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=LONDON)
    if not 2000 <= value.year <= 2100:
        raise ValueError("must be a date between the years 2000 and 2100")
    return value


When = Annotated[datetime, AfterValidator(_sane_time)]
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]


class AreaOut(Schema):
    id: uuid.UUID
    name: str
    geojson: dict[str, Any]
    public: bool = Field(..., description="Shown to anyone as a neighbourhood page")


class AreaPublicIn(Schema):
    public: bool


class CameraIn(Schema):
    owner_kind: str = Field(..., max_length=16, description="resident or business")
    business_name: str = Field("", max_length=150)
    label: str = Field(..., max_length=80)
    latitude: Latitude
    longitude: Longitude
    direction: int = Field(..., ge=0, le=359, description="Degrees clockwise from north")
    angle: int = Field(..., ge=1, le=360, description="Field of view, degrees")
    range_m: int = Field(..., ge=1, le=200, description="How far it sees, metres")
    records_audio: bool
    covers_street: bool = Field(..., description="Captures beyond the owner's boundary")
    retention_days: int = Field(..., ge=1, le=366)
    clock_offset_seconds: int | None = Field(
        None,
        ge=-MAX_CLOCK_OFFSET_SECONDS,
        le=MAX_CLOCK_OFFSET_SECONDS,
        description="How far the camera's clock is ahead of the true time, in seconds "
        "(180: it runs 3 minutes fast; -60: a minute slow); null or left out when not known",
    )
    contact_preference: str = Field(..., max_length=16, description="email, phone or lantern")
    contact_phone: str = Field("", max_length=30)
    guidance_acknowledged: bool = Field(
        ..., description="The owner has read the ICO guidance on domestic CCTV"
    )


class CameraOut(Schema):
    id: uuid.UUID
    owner_kind: str
    business_name: str
    label: str
    latitude: float
    longitude: float
    direction: int
    angle: int
    range_m: int
    records_audio: bool
    covers_street: bool
    retention_days: int
    clock_offset_seconds: int | None
    contact_preference: str
    flags: list[str]


class CameraSearchIn(Schema):
    latitude: Latitude
    longitude: Longitude
    at: When


class CameraMatchOut(Schema):
    camera: CameraOut
    distance_m: float
    bearing_from_camera: float
    footage_kept_until: datetime


class FootageRequestIn(Schema):
    camera_id: uuid.UUID
    report_id: uuid.UUID
    window_start: When
    window_end: When
    message: str = Field("", max_length=1000)


class FootageRequestOut(Schema):
    id: uuid.UUID
    camera_id: uuid.UUID
    camera_label: str
    report_id: uuid.UUID
    organisation_name: str
    status: str
    window_start: datetime
    window_end: datetime
    message: str
    expires_at: datetime
    seen_at: datetime | None
    declined_at: datetime | None
    decline_reason: str
    answered_at: datetime | None
    item_count: int


class FootageRequestPageOut(Schema):
    """One page of footage requests, paged by cursor (docs/adr/0023): never counted."""

    results: list[FootageRequestOut]
    next: str | None
    previous: str | None


class DeclineIn(Schema):
    reason: str = Field("", max_length=1000)


class PlaceSearchIn(Schema):
    q: str = Field(..., min_length=2, max_length=100, description="A street, postcode or place")


class PlaceOut(Schema):
    name: str
    label: str = Field(..., description='What to show: "Larkspur Row, Eastmere, EM1 4LR"')
    kind: str = Field(..., description="street, postcode or place")
    latitude: float
    longitude: float
    postcode: str
    locality: str
