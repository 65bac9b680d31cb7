"""Every write to reports: intake (web, Open311, staff) and categories here; triage, updates
and case links in ``triage.py``; sharing a report with another partnership in ``sharing.py``.
Every name is importable from here."""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core import clock, data_versions
from lantern.core.actor import Actor
from lantern.core.data_versions import data_version_bump
from lantern.core.errors import PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can
from lantern.core.registration import InvalidRegistration, Sighting, normalise_sighting
from lantern.places.geocoding import place_name_at
from lantern.reports import reference
from lantern.reports.categories import category_errors
from lantern.reports.models import (
    Category,
    Report,
    StatusChange,
    VehicleMention,
)
from lantern.reports.month_counts import report_counted
from lantern.reports.notices import tell_reporter_received
from lantern.reports.selectors import ServingArea, report_partnership_for

E = catalogue.declare
REPORT_CREATED = E("report.created", "A report of an incident was received.")
# "Still happening" (continuing.py, which imports it: declared here so that it is in the
# catalogue whenever the reports app is).
REPORT_STILL_HAPPENING = E(
    "report.still_happening",
    "A resident reported that what one of their reports was about happened again: a new "
    "report, naming the first one, was filed (details give the new report's id).",
)
CATEGORY_SAVED = E("report_category.saved", "A report category was created or changed.")
# The API's Idempotency-Key (lantern/reports/idempotency.py).
REPORT_ANSWER_REPLAYED = E(
    "report.answer_replayed",
    "A client sent a report again with the same Idempotency-Key and was given the first "
    "answer again (an anonymous report's tracking code included); no report was filed.",
)
IDEMPOTENCY_KEYS_EXPIRED = E(
    "report.idempotency_keys_expired",
    "Idempotency-Keys older than 24 hours were deleted with the answers kept for them; "
    "details give how many.",
)

# Britain and its waters, roughly: a point outside is a typing or map error.
UK_BOUNDS = (49.8, 61.0, -8.7, 2.0)


@dataclass
class ReportInput:
    """Everything a report can carry, however it arrives (pages, Open311, staff)."""

    category_code: str
    # None for both with an address: the report is placed at settings.LANTERN_MAP_CENTRE
    # and marked approximate (Open311 allows an address_string alone, and so do the pages).
    latitude: float | None
    longitude: float | None
    occurred_from: datetime
    description: str
    occurred_to: datetime | None = None
    address: str = ""
    people_description: str = ""
    vehicles: list[str] = field(default_factory=list)
    answers: dict[str, Any] = field(default_factory=dict)
    anonymous: bool = False
    contact: str = Report.Contact.NONE
    contact_name: str = ""  # Open311 clients send the reporter's name; the pages do not ask
    contact_email: str = ""
    contact_phone: str = ""
    source: str = Report.Source.WEB
    open311_client: str = ""


@dataclass(frozen=True)
class Created:
    report: Report
    tracking_code: str | None  # only for anonymous reports; shown to the reporter once


def _location(data: ReportInput, errors: dict[str, list[str]]) -> tuple[float, float, bool]:
    """(latitude, longitude, approximate). An address alone places the report at the
    configured map centre, marked approximate."""
    lat_min, lat_max, lon_min, lon_max = UK_BOUNDS
    if data.latitude is None or data.longitude is None:
        if data.latitude is None and data.longitude is None and data.address.strip():
            centre_lat, centre_lon = settings.LANTERN_MAP_CENTRE
            return centre_lat, centre_lon, True
        errors["location"] = ["Choose a place on the map, or type an address"]
        return 0.0, 0.0, False
    lat, lon = data.latitude, data.longitude
    finite = math.isfinite(lat) and math.isfinite(lon)
    if not finite or not (lat_min <= lat <= lat_max and lon_min <= lon <= lon_max):
        errors["location"] = ["Choose a place in the UK on the map, or type an address"]
    return lat, lon, False


def _anonymous(data: ReportInput, reporter_id: object) -> bool:
    """Anonymous when the reporter asked to be, or when nothing says who they are: no
    account, no name and no way to contact them."""
    if data.anonymous:
        return True
    identified = data.contact_name or data.contact_email or data.contact_phone
    return reporter_id is None and not identified.strip()


# How far ahead of the server's clock a reported time may be (a phone's clock may run fast).
CLOCK_SKEW = timedelta(minutes=5)


def _check_category(category: Category | None, anonymous: bool, errors: dict) -> None:
    if category is None:
        errors["category"] = ["Choose what happened"]
    elif anonymous and not category.allows_anonymous:
        errors["anonymous"] = ["Reports of this kind cannot be anonymous"]


def _check_times(data: ReportInput, errors: dict) -> None:
    latest = clock.now() + CLOCK_SKEW
    if data.occurred_from > latest:
        errors["occurred_from"] = ["The date and time must be in the past"]
    if data.occurred_to is None:
        return
    if data.occurred_to < data.occurred_from:
        errors["occurred_to"] = ["The end must be after the start"]
    elif data.occurred_to > latest:
        errors["occurred_to"] = ["The end must be in the past"]


def _check_description(data: ReportInput, errors: dict) -> None:
    if not data.description.strip():
        errors["description"] = ["Describe what happened"]
    elif len(data.description) > 10_000:
        errors["description"] = ["The description must be 10,000 characters or fewer"]


def _registrations(typed: list[str], errors: dict) -> list[Sighting]:
    """The registrations typed, normalised, each once; blank entries are skipped. Part of a
    plate ("AB12 C") is kept, marked partial."""
    registrations: list[Sighting] = []
    for text in typed:
        if not text.strip():
            continue
        try:
            registration = normalise_sighting(text)
        except InvalidRegistration as exc:
            errors.setdefault("vehicles", []).append(str(exc))
            continue
        if registration not in registrations:
            registrations.append(registration)
    return registrations


def _answer_problem(question: dict[str, Any], value: Any) -> str | None:
    if question.get("required") and value in ("", None):
        return f"Answer: {question['question']}"
    if question.get("kind") == "choice" and value and value not in question["choices"]:
        return "Choose one of the options"
    return None


def _answers(data: ReportInput, category: Category | None, errors: dict) -> dict[str, Any]:
    """The answers to the category's extra questions (those left empty are left out)."""
    if category is None:
        return {}
    if not category.asks_about_people and data.people_description:
        errors["people_description"] = ["This kind of report does not ask about people"]
    answers = {}
    for question in category.extra_questions:
        value = data.answers.get(question["code"], "")
        problem = _answer_problem(question, value)
        if problem:
            errors[f"answers.{question['code']}"] = [problem]
        if value not in ("", None):
            answers[question["code"]] = value
    return answers


def _check_contact(data: ReportInput, errors: dict) -> None:
    if data.contact == Report.Contact.EMAIL and not data.contact_email:
        errors["contact_email"] = ["Enter the email address to contact you on"]
    if data.contact == Report.Contact.PHONE and not data.contact_phone:
        errors["contact_phone"] = ["Enter the phone number to contact you on"]
    if len(data.contact_name) > 200:
        errors["contact_name"] = ["The name must be 200 characters or fewer"]


def _partnership(
    data: ReportInput, client_area: ServingArea | None, errors: dict
) -> uuid.UUID | None:
    """The partnership whose area holds the report's place (selectors.report_partnership_for),
    once the place itself is right."""
    latitude, longitude, approximate = _location(data, errors)
    if "location" in errors:
        return None
    try:
        return report_partnership_for(
            latitude=latitude,
            longitude=longitude,
            approximate=approximate,
            client_area=client_area,
        )
    except ValidationFailed as exc:
        errors.update(exc.errors)
        return None


def _validate(
    data: ReportInput,
    category: Category | None,
    *,
    anonymous: bool,
    client_area: ServingArea | None = None,
) -> tuple[list[Sighting], dict[str, Any], uuid.UUID]:
    """The report's vehicle registrations, its answers and its partnership, once every field
    is right; otherwise ValidationFailed naming each field that is wrong."""
    errors: dict[str, list[str]] = {}
    _check_category(category, anonymous, errors)
    partnership_id = _partnership(data, client_area, errors)
    _check_times(data, errors)
    _check_description(data, errors)
    vehicles = _registrations(data.vehicles, errors)
    answers = _answers(data, category, errors)
    _check_contact(data, errors)
    if errors:
        raise ValidationFailed(errors)
    assert partnership_id is not None  # noqa: S101  (no location error: it has one)
    return vehicles, answers, partnership_id


def _new_report(
    data: ReportInput,
    category: Category,
    *,
    partnership_id: uuid.UUID,
    reporter_id: uuid.UUID | None,
    anonymous: bool,
    answers: dict[str, Any],
    tracking: str | None,
    continues: Report | None = None,
    place_name: str,
) -> Report:
    """The report to file, not yet saved, with a newly drawn reference."""
    latitude, longitude, approximate = _location(data, {})
    return Report(
        continues=continues,
        reference=reference.new_reference(),
        partnership_id=partnership_id,
        tracking_code_hash=reference.hash_tracking_code(tracking) if tracking else "",
        category=category,
        queue=category.queue,
        source=data.source,
        reporter_id=reporter_id,
        anonymous=anonymous,
        latitude=latitude,
        longitude=longitude,
        location_approximate=approximate,
        place_name=place_name[:160],
        address=data.address.strip()[:300],
        occurred_from=data.occurred_from,
        occurred_to=data.occurred_to,
        description=data.description.strip(),
        people_description=data.people_description.strip(),
        answers=answers,
        contact=Report.Contact.NONE if anonymous else data.contact,
        contact_name="" if anonymous else data.contact_name.strip(),
        contact_email="" if anonymous else data.contact_email,
        contact_phone="" if anonymous else data.contact_phone,
        open311_client=data.open311_client,
    )


def report_create(
    *,
    actor: Actor,
    data: ReportInput,
    within: Callable[[Created], None] | None = None,
    client_area: ServingArea | None = None,
    continues: Report | None = None,
) -> Created:
    """File a report. Anyone may report (signed in or not); an anonymous report gets a
    tracking code, shown once, that lets its reporter follow it. The report belongs to the
    partnership whose area holds its place, whoever files it; a place no partnership serves
    is refused. ``client_area``: the area of the Open311 client sending it, which must hold
    the place (open311.services).

    The report, its vehicles, its first status and its audit event are written in one
    transaction, the audit event last (the chain's lock is then held only for the append
    and the commit, ADR 0002). ``within``, if given, is called in that transaction before
    the audit event, with the report saved: what it writes commits or rolls back with the
    report (the API's Idempotency-Key, lantern/reports/idempotency.py). An IntegrityError
    it raises reaches the caller, with nothing written. ``continues``: the report a "still
    happening" incident follows, given only by ``report_still_happening``, which checks it
    is the reporter's own."""
    category = Category.objects.filter(code=data.category_code, active=True).first()
    reporter_id = None if data.anonymous or actor.user_id is None else actor.user_id
    anonymous = _anonymous(data, reporter_id)
    vehicles, answers, partnership_id = _validate(
        data, category, anonymous=anonymous, client_area=client_area
    )
    assert category is not None  # noqa: S101  (validated above)
    # Open311 clients follow their reports by their token, never by a tracking code.
    follows_by_code = reporter_id is None and data.source != Report.Source.OPEN311
    tracking = reference.new_tracking_code() if follows_by_code else None
    # Named once, before the transaction: a geocoding service is not called inside it.
    latitude, longitude, approximate = _location(data, {})
    place_name = "" if approximate else place_name_at(latitude, longitude)
    for _attempt in range(5):
        report = _new_report(
            data,
            category,
            partnership_id=partnership_id,
            reporter_id=reporter_id,
            anonymous=anonymous,
            answers=answers,
            tracking=tracking,
            continues=continues,
            place_name=place_name,
        )
        try:
            with transaction.atomic():
                report.save(force_insert=True)
                VehicleMention.objects.bulk_create(
                    VehicleMention(report=report, registration=r, partial=partial)
                    for r, partial in vehicles
                )
                StatusChange.objects.create(report=report, to_status=report.status)
                if within is not None:
                    within(Created(report=report, tracking_code=tracking))
                # The partnership-wide rows a report moves, last and together, after the
                # idempotency key is written (``within``): a second request with the same
                # key waits at the key, never behind the first one's month count.
                report_counted(report, 1)
                # Stored hotspot surfaces of the partnership's reports go stale.
                data_version_bump(source=data_versions.REPORTS, partnership_id=partnership_id)
                audit_record(
                    actor=actor,
                    action=REPORT_CREATED,
                    object_type="report",
                    object_id=report.pk,
                    details={
                        "category": category.code,
                        "queue": category.queue,
                        "partnership": str(partnership_id),
                        "source": data.source,
                        "anonymous": report.anonymous,
                        "vehicles": len(vehicles),
                        "continues": str(continues.pk) if continues else "",
                    },
                )
            tell_reporter_received(report, tracking)
            return Created(report=report, tracking_code=tracking)
        except IntegrityError:  # a clash of references: draw another
            if not Report.objects.filter(reference=report.reference).exists():
                raise  # not a clash of references
    raise RuntimeError("could not draw a unique report reference")


def category_save(*, actor: Actor, code: str, **fields: Any) -> Category:
    """Create or change a category (administrators). The fields are the model's; extra
    questions are checked (code, question, kind text/yes_no/choice, choices, required)."""
    if not can(actor, Permission.CATEGORY_MANAGE):
        raise PermissionDenied("category.manage")
    errors = category_errors(code, fields)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        category, created = Category.objects.update_or_create(code=code, defaults=fields)
        audit_record(
            actor=actor,
            action=CATEGORY_SAVED,
            object_type="report_category",
            object_id=category.pk,
            details={"code": code, "created": created},
        )
    return category


from lantern.reports.services.own_data import (  # noqa: E402, F401  (another part)
    REPORT_REPORTER_DETAILS_REMOVED,
    reporter_details_remove,
)
from lantern.reports.services.place_names import (  # noqa: E402, F401  (another part)
    PLACE_NAMES_FILLED,
    report_place_names_fill,
)
from lantern.reports.services.sharing import (  # noqa: E402, F401  (the other part)
    report_share,
    report_share_withdraw,
)
from lantern.reports.services.triage import (  # noqa: E402, F401  (another part)
    REPORT_ASSIGNED,
    REPORT_LINKED_TO_CASE,
    REPORT_MARKED_DUPLICATE,
    REPORT_NOTE_ADDED,
    REPORT_PUBLIC_UPDATE,
    REPORT_STATUS_CHANGED,
    report_add_internal_note,
    report_add_public_update,
    report_assign,
    report_link_case,
    report_mark_duplicate,
    report_set_status,
)
