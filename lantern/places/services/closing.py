"""A camera owner closes their account (lantern.accounts.services.own_account.account_close):
open footage requests to their cameras are declined, saying why; cameras no footage was
ever requested from are deleted; the others are taken off the register, without the phone
number given with them, and kept for the requests made to them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.core.permissions import Permission
from lantern.places.models import Camera, FootageRequest
from lantern.places.services.actions import (
    CAMERA_DELETED,
    CAMERA_OWNER_DETAILS_REMOVED,
    require,
)
from lantern.places.services.footage import footage_request_decline

CLOSED_REASON = "The camera's owner closed their Lantern account."


@dataclass(frozen=True)
class Closed:
    cameras_deleted: int
    cameras_kept: int
    requests_declined: int
    requests: int


def cameras_close_for_owner(*, actor: Actor) -> Closed:
    require(actor, Permission.CAMERA_REGISTER)
    with transaction.atomic():
        cameras = list(
            Camera.objects.select_for_update().filter(owner_id=actor.user_id).order_by("created_at")
        )
        open_requests = FootageRequest.objects.filter(
            camera__in=cameras,
            status__in=[FootageRequest.Status.SENT, FootageRequest.Status.SEEN],
        ).order_by("created_at")
        declined = 0
        for request in open_requests:
            footage_request_decline(actor=actor, request_id=request.pk, reason=CLOSED_REASON)
            declined += 1
        requests = FootageRequest.objects.filter(camera__in=cameras).count()
        deleted = kept = 0
        for camera in cameras:
            camera_id = camera.pk
            if not camera.requests.exists():
                camera.delete()
                audit_record(
                    actor=actor, action=CAMERA_DELETED, object_type="camera", object_id=camera_id
                )
                deleted += 1
                continue
            camera.active = False
            camera.contact_phone = ""
            camera.contact_preference = Camera.Contact.LANTERN
            camera.save(
                update_fields=["active", "contact_phone", "contact_preference", "updated_at"]
            )
            audit_record(
                actor=actor,
                action=CAMERA_OWNER_DETAILS_REMOVED,
                object_type="camera",
                object_id=camera_id,
            )
            kept += 1
    return Closed(deleted, kept, declined, requests)
