"""The places app's part of a resident's own data (lantern.core.residents_data.OwnDataPart): the
cameras they registered, the footage requests made to them with their answers, and the
reminders to delete footage, for their download; and what closing their account does to
them (lantern.places.services.closing)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lantern.core import residents_data
from lantern.core.actor import Actor
from lantern.core.permissions import Permission, can
from lantern.notifications.services import short_reference
from lantern.places.models import Camera, FootageDeletionReminder, FootageRequest


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def own_cameras(actor: Actor) -> QuerySet[Camera]:
    """Every camera the actor registered, on the register or taken off it."""
    if actor.user_id is None or not can(actor, Permission.CAMERA_REGISTER):
        return Camera.objects.none()
    return Camera.objects.filter(owner_id=actor.user_id)


def export(actor: Actor) -> list[residents_data.OwnDataSection]:
    cameras = list(own_cameras(actor).order_by("created_at"))
    requests = (
        FootageRequest.objects.filter(camera__in=cameras)
        .select_related("camera", "organisation")
        .order_by("created_at")
    )
    reminders = FootageDeletionReminder.objects.filter(camera__in=cameras).select_related("camera")
    return [
        residents_data.OwnDataSection(
            key="cameras",
            title="Cameras you registered",
            description="Each doorbell or CCTV camera you registered so that the police or "
            "council could ask you for footage.",
            records=tuple(
                {
                    "reference": short_reference("CAM", camera.pk),
                    "label": camera.label,
                    "registered_at": _iso(camera.created_at),
                    "on_the_register": camera.active,
                    "whose": camera.get_owner_kind_display(),
                    "business_name": camera.business_name or None,
                    "latitude": camera.latitude,
                    "longitude": camera.longitude,
                    "direction_degrees": camera.direction,
                    "field_of_view_degrees": camera.angle,
                    "range_metres": camera.range_m,
                    "records_audio": camera.records_audio,
                    "covers_street": camera.covers_street,
                    "keeps_footage_days": camera.retention_days,
                    "contact_by": camera.get_contact_preference_display(),
                    "contact_phone": camera.contact_phone or None,
                    "guidance_read_at": _iso(camera.guidance_acknowledged_at),
                }
                for camera in cameras
            ),
        ),
        residents_data.OwnDataSection(
            key="footage_requests",
            title="Footage requests to your cameras, and your answers",
            description="Each time the police or council asked for footage from one of your "
            "cameras, and what you answered.",
            records=tuple(
                {
                    "reference": short_reference("FR", request.pk),
                    "camera": request.camera.label,
                    "asked_at": _iso(request.created_at),
                    "asked_by": request.organisation.name,
                    "footage_from": _iso(request.window_start),
                    "footage_to": _iso(request.window_end),
                    "message": request.message,
                    "status": request.get_status_display(),
                    "seen_at": _iso(request.seen_at),
                    "declined_at": _iso(request.declined_at),
                    "decline_reason": request.decline_reason or None,
                    "answered_at": _iso(request.answered_at),
                    "files_uploaded": request.item_count,
                    "expires_at": _iso(request.expires_at),
                }
                for request in requests
            ),
        ),
        residents_data.OwnDataSection(
            key="footage_deletion_reminders",
            title="Reminders to delete footage",
            description="Each reminder Lantern sent you to delete footage your camera no "
            "longer needed to keep.",
            item_name="Reminder",
            records=tuple(
                {
                    "camera": reminder.camera.label,
                    "sent_at": _iso(reminder.created_at),
                    "delete_footage_before": _iso(reminder.delete_before),
                    "keep": [{"from": start, "to": end} for start, end in reminder.kept_windows],
                }
                for reminder in reminders.order_by("created_at")
            ),
        ),
    ]


DELETED_WHY = "Deleted. No footage was ever asked for from them."
KEPT_CAMERAS_WHY = (
    "Taken off the register, so no one can find them or ask them for footage, and the phone "
    "number you gave with them deleted. Kept, with where they were, because footage was asked "
    "for from them: the requests are part of the casework they were made for."
)
REQUESTS_WHY = (
    "Kept as the record of what the police or council asked for and what you answered. Any "
    "request still open was declined, saying that you closed your account."
)


def outcomes(deleted: int, kept: int, requests: int) -> list[residents_data.KeptOrGone]:
    return [
        residents_data.KeptOrGone(
            key="cameras",
            label="Cameras you registered",
            count=deleted,
            kept=False,
            why=DELETED_WHY,
        ),
        residents_data.KeptOrGone(
            key="cameras_with_requests",
            label="Cameras footage was asked for from",
            count=kept,
            kept=True,
            why=KEPT_CAMERAS_WHY,
        ),
        residents_data.KeptOrGone(
            key="footage_requests",
            label="Footage requests to your cameras",
            count=requests,
            kept=True,
            why=REQUESTS_WHY,
        ),
    ]


def closing_preview(actor: Actor) -> list[residents_data.KeptOrGone]:
    cameras = own_cameras(actor)
    asked = cameras.filter(requests__isnull=False).distinct().count()
    requests = FootageRequest.objects.filter(camera__in=cameras).count()
    return outcomes(cameras.count() - asked, asked, requests)


def close(actor: Actor) -> list[residents_data.KeptOrGone]:
    from lantern.places.services import cameras_close_for_owner

    closed = cameras_close_for_owner(actor=actor)
    return outcomes(closed.cameras_deleted, closed.cameras_kept, closed.requests)


PART = residents_data.OwnDataPart(
    key="places", order=30, export=export, closing_preview=closing_preview, close=close
)
