"""The reports app's part of a subject access request (lantern/core/directory.py): the
reports the person made (from their account, or giving the request's email address or
telephone number to be contacted on), the reports that mention their vehicle, and the
reports linked to a case they are named on (which the reviewer may find are not about
them). Only the query's partnerships are searched, and only for those who hold
SUBJECT_ACCESS_MANAGE. Registered in ReportsConfig.ready."""

from __future__ import annotations

import re

from django.db.models import Q

from lantern.core.actor import Actor
from lantern.core.directory import (
    HeldRecord,
    SubjectQuery,
    held,
    held_items,
    subject_access_allowed,
)
from lantern.core.registration import display, normalise
from lantern.frontend.dates import format_datetime
from lantern.reports.models import Report

MADE = "They made the report, or gave the request's email address or telephone number on it."
VEHICLE = "The report mentions their vehicle."
CASE = "The report is linked to a case they are named on: check that it is about them."


def _digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return "0" + digits[2:] if digits.startswith("44") else digits


def _why(report: Report, query: SubjectQuery, registrations: set[str]) -> str:
    if report.reporter_id in query.user_ids:
        return MADE
    if query.email and report.contact_email.casefold() == query.email.strip().casefold():
        return MADE
    if query.phone and _digits(report.contact_phone) == _digits(query.phone) != "":
        return MADE
    if registrations & {v.registration for v in report.vehicles.all()}:
        return VEHICLE
    return CASE


def _record(report: Report, why: str) -> HeldRecord:
    vehicles = ", ".join(display(v.registration) for v in report.vehicles.all())
    return HeldRecord(
        source="reports.report",
        record_id=report.pk,
        reference=report.reference,
        title=f"Report {report.reference}: {report.category.name}",
        why=why,
        items=held_items(
            held("What happened", report.description),
            held("People involved, as described", report.people_description),
            held("When it happened", format_datetime(report.occurred_from)),
            held("Where", report.address or report.place_name),
            held("Vehicles mentioned", vehicles),
            held("Status", report.get_status_display()),
            held("Name to contact", report.contact_name),
            held("Email address to contact", report.contact_email),
            held("Telephone number to contact", report.contact_phone),
            held("Made on", format_datetime(report.created_at)),
        ),
        recorded_on=report.created_at.date(),
    )


def find(actor: Actor, query: SubjectQuery) -> list[HeldRecord]:
    if not subject_access_allowed(actor) or not query.partnership_ids:
        return []
    made = Q(reporter_id__in=query.user_ids) if query.user_ids else Q(pk__in=[])
    if query.email:
        made |= Q(contact_email__iexact=query.email.strip())
    phone = _digits(query.phone)
    if phone:
        made |= Q(contact_phone__icontains=phone[-6:])
    registrations = {normalise(query.registration)} if query.registration else set()
    if registrations:
        made |= Q(vehicles__registration__in=registrations)
    if query.case_ids:
        made |= Q(case_links__case_id__in=query.case_ids)
    reports = (
        Report.objects.filter(made, partnership_id__in=query.partnership_ids)
        .select_related("category")
        .prefetch_related("vehicles", "case_links")
        .distinct()
        .order_by("created_at")
    )
    records = []
    for report in reports:
        why = _why(report, query, registrations)
        if why == CASE and not (set(query.case_ids) & set(_case_ids(report))):
            continue  # a telephone number that only ended the same way
        records.append(_record(report, why))
    return records


def _case_ids(report: Report) -> list[object]:
    return [link.case_id for link in report.case_links.all()]
