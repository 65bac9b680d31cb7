"""Naming the place of reports made before reports were named by their street (or while
the geocoder did not answer): ``lantern fill-place-names`` calls this. Lantern itself only;
one audit event for the run, with the count."""

from __future__ import annotations

from django.db import transaction

from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied
from lantern.places.geocoding import place_name_at
from lantern.reports.models import Report

PLACE_NAMES_FILLED = catalogue.declare(
    "report.place_names_filled",
    "Reports without a street name were named from their map point; details give the count.",
)


def report_place_names_fill(*, actor: Actor) -> int:
    """Name every report that has a map point but no place name. Returns how many were
    named (a point with no known street nearby stays unnamed)."""
    if not actor.is_system:
        raise PermissionDenied("only Lantern itself fills place names")
    unnamed = Report.objects.filter(place_name="", location_approximate=False)
    points = list(unnamed.values_list("pk", "latitude", "longitude"))
    names = {pk: place_name_at(lat, lon) for pk, lat, lon in points}  # before the transaction
    named = 0
    with transaction.atomic():
        for report_id, name in names.items():
            if name:
                named += Report.objects.filter(pk=report_id, place_name="").update(
                    place_name=name[:160]
                )
        audit_record(
            actor=actor,
            action=PLACE_NAMES_FILLED,
            object_type="report",
            details={"named": named},
        )
    return named
