"""In/Out schemas for the reports API. Reports never carry all their fields: contact details
only for those who may triage the report."""

import uuid
from datetime import UTC, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator

from lantern.core.api import Text


def _sane_time(value: datetime | None) -> datetime | None:
    """Aware (a time without an offset is UTC), and within the years a report can be."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    if not 2000 <= value.year <= 9000:
        raise ValueError("must be a date between the years 2000 and 9000")
    return value


Time = Annotated[datetime, AfterValidator(_sane_time)]
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]


class QuestionOut(Schema):
    code: str
    question: str
    kind: str = "text"
    choices: list[str] = []
    required: bool = False


class CategoryOut(Schema):
    code: str
    name: str
    description: str
    asb_type: str
    queue: str
    allows_anonymous: bool
    asks_about_vehicles: bool
    asks_about_people: bool
    extra_questions: list[QuestionOut]


class ReportIn(Schema):
    category_code: Text(60)  # type: ignore[valid-type]
    latitude: Latitude | None = Field(None, description="With longitude; or give an address")
    longitude: Longitude | None = None
    address: Text(300) = ""  # type: ignore[valid-type]
    occurred_from: Time
    occurred_to: Time | None = None
    description: Text(10_000)  # type: ignore[valid-type]
    people_description: Text(2000) = ""  # type: ignore[valid-type]
    vehicles: list[Text(20)] = Field(default_factory=list, max_length=20)  # type: ignore[valid-type]
    answers: dict[Text(60), Text(1000)] = Field(default_factory=dict, max_length=20)  # type: ignore[valid-type]
    anonymous: bool = False
    contact: Literal["none", "email", "phone"] = "none"
    contact_email: Text(254) = ""  # type: ignore[valid-type]
    contact_phone: Text(30) = ""  # type: ignore[valid-type]


class ReportCreatedOut(Schema):
    reference: str
    status: str
    tracking_code: str | None = Field(
        None, description="Anonymous reports only: shown once; keep it to follow the report."
    )


class ReportOut(Schema):
    id: uuid.UUID
    reference: str
    category: str
    queue: str
    status: str
    source: str
    anonymous: bool
    latitude: float
    longitude: float
    location_approximate: bool
    address: str
    occurred_from: datetime
    occurred_to: datetime | None
    created_at: datetime
    assigned_to_id: uuid.UUID | None
    duplicate_of_id: uuid.UUID | None
    partnership_id: uuid.UUID = Field(
        description="The partnership the report belongs to: the one whose area holds its place."
    )

    @staticmethod
    def resolve_category(report: object) -> str:
        return report.category.code  # type: ignore[attr-defined]


class ContactOut(Schema):
    contact: str
    name: str = Field("", description="The name an Open311 client sent, if any.")
    email: str
    phone: str


class ReportDetailOut(ReportOut):
    description: str
    people_description: str
    vehicles: list[str] = []
    answers: dict[str, str]
    contact_details: ContactOut | None = Field(
        None, description="Only for those who may triage the report."
    )

    @staticmethod
    def resolve_answers(report: object) -> dict[str, str]:
        return {k: str(v) for k, v in report.answers.items()}  # type: ignore[attr-defined]

    @staticmethod
    def resolve_vehicles(report: object) -> list[str]:
        return []  # filled in by the endpoint, from the report's vehicles

    @staticmethod
    def resolve_contact_details(report: object) -> None:
        return None  # filled in by the endpoint, for those who may triage
