"""Reminding camera owners to delete old footage (issue 23 part 4; DOMAIN.md 7.4: once a
camera films beyond its owner's boundary, the UK GDPR and the DPA 2018 apply to the owner,
who should then delete footage regularly; the ICO's domestic CCTV guidance is linked).

At the retention period each owner declared when registering the camera, and then once every
such period, the owner is told to delete footage older than that period, except the windows
an open footage request still needs (those are named, to keep). The message goes the way the
owner chose for footage requests (email, text, or only on their camera's page), names no one
and carries a link to the camera and to the ICO's guidance."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse

from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied
from lantern.core.permissions import Permission
from lantern.frontend.dates import format_datetime
from lantern.notifications.services import (
    Channel,
    Recipient,
    absolute,
    notify_on_commit,
    short_reference,
)
from lantern.places.guidance import ICO_URL
from lantern.places.models import Camera, FootageDeletionReminder
from lantern.places.selectors import footage_to_keep
from lantern.places.services.actions import (
    FOOTAGE_DELETION_DONE,
    FOOTAGE_DELETION_REMINDED,
    require,
)


def period_start(camera: Camera) -> datetime:
    """When the camera's current retention period began: its registration, or the last
    reminder (so each period is reminded once, counted from when the reminder went)."""
    last = camera.reminders.order_by("-created_at").first()
    return camera.created_at if last is None else last.created_at


def keep_text(windows: list[tuple[datetime, datetime]]) -> str:
    if not windows:
        return "No open footage request needs any of it."
    spans = "; ".join(
        f"{format_datetime(start)} to {format_datetime(end)}" for start, end in windows
    )
    return (
        f"Keep the footage from {spans}: an open footage request still needs it. Delete it "
        "once you have answered or declined the request."
    )


def _tell(camera: Camera, reminder: FootageDeletionReminder, windows: list) -> None:
    path = reverse("places:camera", args=[camera.pk])
    personalisation = {
        "days": str(camera.retention_days),
        "delete_before": format_datetime(reminder.delete_before),
        "keep": keep_text(windows),
        "link": absolute(path),
        "guidance": ICO_URL,
        "reference": short_reference("CAM", camera.pk),
    }
    if camera.contact_preference == Camera.Contact.EMAIL:
        recipient = Recipient(Channel.EMAIL, camera.owner.email, camera.owner_id)
    elif camera.contact_preference == Camera.Contact.PHONE and camera.contact_phone:
        recipient = Recipient(Channel.SMS, camera.contact_phone, camera.owner_id)
    else:
        return  # "only through Lantern": the camera's page shows the reminder
    notify_on_commit(
        template="footage_deletion_reminder", recipient=recipient, personalisation=personalisation
    )


def footage_deletion_reminders_send(*, actor: Actor) -> int:
    """Remind the owner of each registered camera whose retention period has run since it
    was registered or last reminded (a daily task). How many reminders were sent."""
    if not actor.is_system:
        raise PermissionDenied("only Lantern sends footage deletion reminders")
    now = clock.now()
    sent = 0
    cameras = Camera.objects.filter(
        active=True, owner__is_active=True, owner__closed_at__isnull=True
    ).select_related("owner")
    for camera in cameras.order_by("created_at"):
        start = period_start(camera)
        if now < start + timedelta(days=camera.retention_days):
            continue
        delete_before = now - timedelta(days=camera.retention_days)
        windows = footage_to_keep(camera, delete_before)
        try:
            with transaction.atomic():
                reminder = FootageDeletionReminder.objects.create(
                    camera=camera,
                    period_start=start,
                    delete_before=delete_before,
                    kept_windows=[[s.isoformat(), e.isoformat()] for s, e in windows],
                )
                audit_record(
                    actor=actor,
                    action=FOOTAGE_DELETION_REMINDED,
                    object_type="camera",
                    object_id=camera.pk,
                    details={
                        "retention_days": camera.retention_days,
                        "kept_windows": len(windows),
                        "channel": camera.contact_preference,
                    },
                )
                _tell(camera, reminder, windows)
        except IntegrityError:
            continue  # another run sent this period's reminder
        sent += 1
    return sent


def footage_deletion_done(*, actor: Actor, camera_id: uuid.UUID) -> FootageDeletionReminder:
    """The owner says they have deleted the footage the camera's latest reminder asked them
    to (it then no longer waits on their home page). Saying it twice changes nothing. Only
    the camera's owner: anyone else's camera, or one never reminded, is NotFound."""
    require(actor, Permission.CAMERA_REGISTER)
    with transaction.atomic():
        reminder = (
            FootageDeletionReminder.objects.select_for_update()
            .filter(camera_id=camera_id, camera__owner_id=actor.user_id, camera__active=True)
            .order_by("-created_at")
            .first()
        )
        if reminder is None:
            raise NotFound("camera")
        if reminder.done_at is None:
            reminder.done_at = clock.now()
            reminder.save(update_fields=["done_at", "updated_at"])
            audit_record(
                actor=actor,
                action=FOOTAGE_DELETION_DONE,
                object_type="camera",
                object_id=camera_id,
            )
    return reminder
