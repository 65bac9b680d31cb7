"""The shapes GeoReport v2 answers with, built from Lantern's records (public data only)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.utils.text import slugify

from lantern.reports.models import AsbType, Category, Queue, Report
from lantern.reports.open311 import status
from lantern.reports.open311.selectors import FeedItem

EMERGENCY_NOTICE = "If someone is in danger now, call 999."
# Public locations are rounded to 3 decimal places (about 100 metres).
LOCATION_DECIMALS = 3
DATATYPES = {"text": "text", "yes_no": "singlevaluelist", "choice": "singlevaluelist"}
YES_NO_VALUES = [{"key": "yes", "name": "Yes"}, {"key": "no", "name": "No"}]


def w3c(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description or None,
        "metadata": True,  # every service has a definition (at least the 999 notice)
        "type": "realtime",
        "keywords": None,
        "group": AsbType(category.asb_type).label if category.asb_type in AsbType.values else None,
    }


def choice_key(choice: str) -> str:
    return slugify(choice) or choice


def _values(question: dict) -> list[dict[str, str]]:
    kind = question.get("kind")
    if kind == "yes_no":
        return YES_NO_VALUES
    if kind == "choice":
        return [{"key": choice_key(str(c)), "name": str(c)} for c in question.get("choices") or []]
    return []


def service_definition(category: Category) -> dict[str, Any]:
    attributes: list[dict[str, Any]] = [
        {
            "variable": False,
            "code": "emergency",
            "datatype": "string",
            "required": False,
            "datatype_description": None,
            "order": 1,
            "description": EMERGENCY_NOTICE,
            "values": [],
        }
    ]
    questions = [q for q in (category.extra_questions or []) if isinstance(q, dict)]
    for index, question in enumerate(questions, start=2):
        attributes.append(
            {
                "variable": True,
                "code": str(question.get("code", "")),
                "datatype": DATATYPES.get(question.get("kind", "text"), "text"),
                "required": bool(question.get("required")),
                "datatype_description": None,
                "order": index,
                "description": str(question.get("question", "")),
                "values": _values(question),
            }
        )
    return {"service_code": category.code, "attributes": attributes}


def request(report: Report, media_url: str | None = None) -> dict[str, Any]:
    """One request as anyone may see it: no description, address or contact details; the
    place rounded; no place at all when only an address was given. ``media_url`` is the
    address of the officers' page for the report's first file (never the bytes)."""
    approximate = getattr(report, "location_approximate", False)
    lat = None if approximate else round(report.latitude, LOCATION_DECIMALS)
    lon = None if approximate else round(report.longitude, LOCATION_DECIMALS)
    return {
        "service_request_id": report.reference,
        "status": status.basic(report.status),
        "status_notes": Report.Status(report.status).label
        if report.status in Report.Status.values
        else None,
        "service_name": report.category.name,
        "service_code": report.category.code,
        "description": None,
        "agency_responsible": Queue(report.queue).label if report.queue in Queue.values else None,
        "service_notice": None,
        "requested_datetime": w3c(report.created_at),
        "updated_datetime": w3c(report.updated_at),
        "expected_datetime": None,
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": lat,
        "long": lon,
        "media_url": media_url,
    }


def created(report: Report, token: str, account_id: str) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "service_request_id": report.reference,
        "token": token,
        "service_notice": "Thank you. Your report reference is " + report.reference + ".",
    }
    if account_id:
        answer["account_id"] = account_id
    return answer


def feed_item(item: FeedItem) -> dict[str, Any]:
    return {
        "update_id": item.update_id,
        "service_request_id": item.service_request_id,
        "status": status.extended(item.status),
        "updated_datetime": w3c(item.updated_at),
        "description": item.description,
        "media_url": None,
    }
