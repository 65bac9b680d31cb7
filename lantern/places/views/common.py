"""Helpers shared by the places pages."""

from __future__ import annotations

from django.conf import settings

from lantern.core.http import LanternRequest
from lantern.frontend.components import summary_list
from lantern.frontend.dates import clock_offset_words, format_datetime
from lantern.places.geocoding import place_name_at
from lantern.places.models import Camera


def when(value) -> str:
    return format_datetime(value) if value else ""


def map_context(request: LanternRequest) -> dict:
    centre = getattr(settings, "LANTERN_MAP_CENTRE", (51.5412, 0.7183))
    return {"tile_url": settings.LANTERN_TILE_URL, "centre": centre}


def _location(camera: Camera) -> str:
    """The street at the camera, with its point (the owner placed it on a map; an officer
    asks by it)."""
    point = f"{camera.latitude:.5f}, {camera.longitude:.5f}"
    name = place_name_at(camera.latitude, camera.longitude)
    return f"{name} ({point})" if name else point


def camera_summary(camera: Camera, *, for_owner: bool) -> object:
    rows: list[tuple[str, object]] = [("Name", camera.label)]
    if camera.owner_kind == Camera.OwnerKind.BUSINESS:
        rows.append(("Business", camera.business_name))
    rows += [
        ("Location", _location(camera)),
        ("Points", f"{camera.direction} degrees from north"),
        ("Field of view", f"{camera.angle} degrees, up to {camera.range_m} metres"),
        ("Records sound", "Yes" if camera.records_audio else "No"),
        ("Captures beyond the boundary", "Yes" if camera.covers_street else "No"),
        ("Footage kept for", f"{camera.retention_days} days"),
        ("Camera's clock", clock_offset_words(camera.clock_offset_seconds)),
        ("Contact", camera.get_contact_preference_display()),
    ]
    if for_owner and camera.contact_phone:
        rows.append(("Phone", camera.contact_phone))
    return summary_list(rows)
