"""Telling a camera's owner that footage was requested from them, the way they chose when
they registered the camera: an email to the address they sign in with, a text to their
phone, or only on their home page ("Waiting for you"). A link and a reference, no details."""

from __future__ import annotations

from django.urls import reverse

from lantern.notifications.services import (
    Channel,
    Recipient,
    absolute,
    notify_on_commit,
    short_reference,
    staff_told_on_commit,
)
from lantern.places.models import Camera, FootageRequest


def footage_requested(request: FootageRequest) -> None:
    camera = request.camera
    path = reverse("places:request", args=[request.pk])
    reference = short_reference("FR", request.pk)
    if camera.contact_preference == Camera.Contact.EMAIL:
        staff_told_on_commit(
            template="footage_requested",
            path=path,
            reference=reference,
            user_ids=[camera.owner_id],
        )
    elif camera.contact_preference == Camera.Contact.PHONE and camera.contact_phone:
        recipient = Recipient(Channel.SMS, camera.contact_phone, camera.owner_id)
        personalisation = {"link": absolute(path), "reference": reference}
        notify_on_commit(
            template="footage_requested", recipient=recipient, personalisation=personalisation
        )
