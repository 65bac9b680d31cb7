"""Reading what clients send: exactly the fields FixMyStreet's Open311 module posts (and the
rest of GeoReport v2's), into Lantern's ReportInput. Every problem becomes a ValidationFailed
keyed by the Open311 field name; nothing a client sends can cause a 500.

Accepted on POST requests: api_key, jurisdiction_id, service_code, lat, long,
address_string, address_id, email, phone, first_name, last_name, description, media_url
(repeatable), attribute[CODE], account_id, device_id (and FixMyStreet's deviceid), and any
other field (ignored). first_name, last_name, email and phone become the report's contact
details (personal data: only officers who may triage the report see them, and they never
reach URLs, logs, audit details or GET answers). A request carrying none of them is
anonymous."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, time

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.dateparse import parse_date, parse_datetime

from lantern.core import clock
from lantern.core.errors import ValidationFailed
from lantern.core.media import MediaFile
from lantern.reports.models import Category, Report
from lantern.reports.open311.payloads import choice_key
from lantern.reports.open311.services import SubmissionExtras, UpdateInput
from lantern.reports.services import ReportInput

MAX_MEDIA_FILES = 10
MAX_MEDIA_FILE_BYTES = 50 * 1024 * 1024
MAX_MEDIA_URLS = 20
MAX_FIELD = 10_000
ATTRIBUTE = re.compile(r"^attribute\[([^\]]{1,100})\](\[\])?$")
PHONE = re.compile(r"^[0-9+() .\-]{3,30}$")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}

# Lantern's field names in ValidationFailed -> the Open311 field a client sent.
FIELD_NAMES = {
    "category": "service_code",
    "location": "lat/long",
    "contact_email": "email",
    "contact_name": "first_name/last_name",
    "anonymous": "email/phone",
    "contact_phone": "phone",
    "occurred_from": "requested_datetime",
}


def open311_field(name: str) -> str:
    if name.startswith("answers."):
        return f"attribute[{name.removeprefix('answers.')}]"
    return FIELD_NAMES.get(name, name)


class TooLarge(Exception):
    """The media sent is over the limits."""


def _text(data: QueryDict, name: str, errors: dict[str, list[str]], limit: int = MAX_FIELD) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        value = ""
    if "\x00" in value:
        errors[name] = ["Remove the NUL character"]
        return ""
    if len(value) > limit:
        errors[name] = [f"Must be {limit:,} characters or fewer"]
        return ""
    return value.strip()


def _coordinate(raw: str, name: str, errors: dict[str, list[str]]) -> float | None:
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        errors[name] = ["Must be a number (WGS84 decimal degrees)"]
        return None
    if not math.isfinite(value):
        errors[name] = ["Must be a finite number"]
        return None
    return value


def _answer(question: dict, raw: str) -> tuple[str, str | None]:
    """(value to store, error or None)."""
    kind = question.get("kind", "text")
    if kind == "yes_no":
        low = raw.lower()
        if low in YES:
            return "yes", None
        if low in NO:
            return "no", None
        return "", "Answer yes or no"
    if kind == "choice":
        for choice in question.get("choices") or []:
            if raw in (str(choice), choice_key(str(choice))):
                return str(choice), None
        return "", "Choose one of the values in the service definition"
    if len(raw) > 2000:
        return "", "Must be 2,000 characters or fewer"
    return raw, None


def _answers(
    data: QueryDict, category: Category | None, errors: dict[str, list[str]]
) -> dict[str, str]:
    sent: dict[str, str] = {}
    for key in data:
        match = ATTRIBUTE.match(key)
        if match:
            values = [v for v in data.getlist(key) if isinstance(v, str)]
            sent[match.group(1)] = ",".join(v.strip() for v in values)
    answers: dict[str, str] = {}
    if category is None:
        return answers
    for question in category.extra_questions or []:
        if not isinstance(question, dict):
            continue
        code = str(question.get("code", ""))
        raw = sent.get(code, "")
        if "\x00" in raw:
            errors[f"attribute[{code}]"] = ["Remove the NUL character"]
            continue
        if not raw:
            continue
        value, problem = _answer(question, raw)
        if problem:
            errors[f"attribute[{code}]"] = [problem]
        else:
            answers[code] = value
    return answers


def _media_urls(data: QueryDict, errors: dict[str, list[str]]) -> list[str]:
    urls = []
    check = URLValidator(schemes=["http", "https"])
    raw_values = [v for v in data.getlist("media_url") if isinstance(v, str) and v.strip()]
    if len(raw_values) > MAX_MEDIA_URLS:
        errors["media_url"] = [f"Send at most {MAX_MEDIA_URLS} media_url values"]
        return []
    for raw in raw_values:
        url = raw.strip()
        try:
            if len(url) > 500:
                raise ValidationError("too long")
            check(url)
        except ValidationError:
            errors["media_url"] = [
                "Each media_url must be an http or https URL of 500 characters or fewer"
            ]
            return []
        urls.append(url)
    return urls


def media_files(files: MultiValueDict) -> list[MediaFile]:
    found: list[MediaFile] = []
    for name in files:
        for upload in files.getlist(name):
            size = int(upload.size or 0)
            if size > MAX_MEDIA_FILE_BYTES:
                raise TooLarge(
                    f"Each media file must be {MAX_MEDIA_FILE_BYTES // 2**20} MiB or smaller"
                )
            found.append(
                MediaFile(
                    field=name[:100],
                    size=size,
                    content_type=str(upload.content_type or "")[:100],
                    stream=upload,
                    filename=str(upload.name or "")[:255],
                )
            )
    if len(found) > MAX_MEDIA_FILES:
        raise TooLarge(f"Send at most {MAX_MEDIA_FILES} media files")
    return found


def _service_code(data: QueryDict, category: Category | None, errors: dict) -> str:
    code = _text(data, "service_code", errors, 100)
    if "service_code" in errors:
        return code
    if not code:
        errors["service_code"] = ["Send a service_code (see services.xml)"]
    elif category is None:
        errors["service_code"] = [f"No service has the code {code[:100]!r}"]
    return code


def _place(data: QueryDict, errors: dict) -> tuple[float | None, float | None, str, str]:
    """(lat, long, address_string, address_id): a point, an address, or both."""
    lat = _coordinate(_text(data, "lat", errors, 40), "lat", errors)
    lon = _coordinate(_text(data, "long", errors, 40), "long", errors)
    address = _text(data, "address_string", errors, 1000)
    address_id = _text(data, "address_id", errors, 100)
    if errors.keys() & {"lat", "long"}:
        return lat, lon, address, address_id
    if (lat is None) != (lon is None):
        errors["lat/long"] = ["Send both lat and long"]
    elif lat is None and not address:
        errors["lat/long"] = ["Send lat and long, or an address_string"]
    return lat, lon, address, address_id


def _email(data: QueryDict, errors: dict) -> str:
    email = _text(data, "email", errors, 254)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = ["Enter a valid email address"]
    return email


def _phone(data: QueryDict, errors: dict) -> str:
    phone = _text(data, "phone", errors, 30)
    if phone and not PHONE.match(phone):
        errors["phone"] = ["Enter a phone number: digits, spaces and + ( ) - only"]
    return phone


def _name(data: QueryDict, errors: dict) -> str:
    first_name = _text(data, "first_name", errors, 100)
    last_name = _text(data, "last_name", errors, 100)
    return " ".join(part for part in (first_name, last_name) if part)


def _contact(email: str, phone: str) -> str:
    """How the reporter asked to be contacted: by email if they gave one, else by phone."""
    if email:
        return Report.Contact.EMAIL
    if phone:
        return Report.Contact.PHONE
    return Report.Contact.NONE


def parse_request(
    data: QueryDict, files: MultiValueDict, category: Category | None
) -> tuple[ReportInput, SubmissionExtras]:
    """A POST requests body -> (the report, what else the client sent). Each field is read
    and checked in turn; every problem found is raised together, keyed by Open311 name."""
    errors: dict[str, list[str]] = {}
    service_code = _service_code(data, category, errors)
    lat, lon, address, address_id = _place(data, errors)
    description = _text(data, "description", errors)
    email = _email(data, errors)
    phone = _phone(data, errors)
    name = _name(data, errors)
    account_id = _text(data, "account_id", errors, 100)
    device_id = _text(data, "device_id", errors, 100) or _text(data, "deviceid", errors, 100)
    answers = _answers(data, category, errors)
    urls = _media_urls(data, errors)
    if errors:
        raise ValidationFailed(errors)
    report = ReportInput(
        category_code=service_code,
        latitude=lat,
        longitude=lon,
        occurred_from=clock.now(),
        description=description,
        address=address,
        answers=answers,
        contact=_contact(email, phone),
        contact_name=name,
        contact_email=email,
        contact_phone=phone,
    )
    extras = SubmissionExtras(
        account_id=account_id, device_id=device_id, address_id=address_id, media_urls=urls
    )
    return report, extras


def parse_moment(raw: str, name: str, *, end: bool = False) -> datetime:
    """A W3C date-time (or a date) from a query; naive times are UTC."""
    value = (raw or "").strip()
    try:
        moment = parse_datetime(value) if len(value) > 10 else None
        if moment is None:
            day = parse_date(value)
            if day is None:
                raise ValueError(value)
            moment = datetime.combine(day, time.max if end else time.min)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError, TypeError):
        raise ValidationFailed(
            {name: ["Use a W3C date and time, like 2026-01-31T18:30:00Z"]}
        ) from None


def parse_update(data: QueryDict) -> UpdateInput:
    errors: dict[str, list[str]] = {}
    request_id = _text(data, "service_request_id", errors, 40)
    if not request_id and "service_request_id" not in errors:
        errors["service_request_id"] = ["Send the service_request_id the update is about"]
    update_status = _text(data, "status", errors, 40).upper()
    from lantern.reports.open311.status import CLIENT_STATUSES

    if update_status not in CLIENT_STATUSES and "status" not in errors:
        errors["status"] = ["Send a status: " + ", ".join(sorted(CLIENT_STATUSES))]
    description = _text(data, "description", errors)
    external_id = _text(data, "update_id", errors, 100)
    _text(data, "first_name", errors, 200)
    _text(data, "last_name", errors, 200)
    _text(data, "email", errors, 254)
    _text(data, "phone", errors, 30)
    sent_at = None
    raw_when = _text(data, "updated_datetime", errors, 40)
    if raw_when:
        try:
            sent_at = parse_moment(raw_when, "updated_datetime")
        except ValidationFailed as exc:
            errors.update(exc.errors)
    urls = _media_urls(data, errors)
    if errors:
        raise ValidationFailed(errors)
    return UpdateInput(
        service_request_id=request_id,
        status=update_status,
        description=description,
        external_id=external_id,
        media_url=urls[0] if urls else "",
        sent_at=sent_at,
    )
