"""The places app's part of a subject access request (lantern/core/directory.py): the
cameras a person registered from their account, with what they declared about each. Only
the query's partnerships are searched, and only for those who hold SUBJECT_ACCESS_MANAGE.
Registered in PlacesConfig.ready."""

from __future__ import annotations

from lantern.core.actor import Actor
from lantern.core.directory import (
    HeldRecord,
    SubjectQuery,
    held,
    held_items,
    subject_access_allowed,
)
from lantern.frontend.dates import format_date
from lantern.places.models import Camera


def find(actor: Actor, query: SubjectQuery) -> list[HeldRecord]:
    if not subject_access_allowed(actor) or not query.user_ids:
        return []
    cameras = Camera.objects.filter(
        owner_id__in=query.user_ids, partnership_id__in=query.partnership_ids
    ).order_by("created_at")
    return [
        HeldRecord(
            source="places.camera",
            record_id=camera.pk,
            reference="",
            title=f"Registered camera: {camera.label}",
            why="They registered the camera from their account.",
            items=held_items(
                held("Name of the camera", camera.label),
                held("Business name", camera.business_name),
                held("Where", f"{camera.latitude:.5f}, {camera.longitude:.5f}"),
                held("Records sound", "Yes" if camera.records_audio else "No"),
                held("Footage kept for (days)", camera.retention_days),
                held("How to contact them", camera.get_contact_preference_display()),
                held("Telephone number", camera.contact_phone),
                held("Registered on", format_date(camera.created_at)),
            ),
            recorded_on=camera.created_at.date(),
        )
        for camera in cameras
    ]
