"""Cameras and footage requests built through the real services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from conftest import fake_report
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.places import services
from lantern.places.models import Camera, FootageRequest

LARKSPUR = (51.5412, 0.7183)


def camera_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "owner_kind": Camera.OwnerKind.RESIDENT,
        "business_name": "",
        "label": "Front doorbell",
        "latitude": LARKSPUR[0],
        "longitude": LARKSPUR[1],
        "direction": 0,
        "angle": 90,
        "range_m": 30,
        "records_audio": False,
        "covers_street": True,
        "retention_days": 30,
        "contact_preference": Camera.Contact.LANTERN,
        "contact_phone": "",
    }
    fields.update(overrides)
    return fields


def make_camera(owner: Actor, **overrides: Any) -> Camera:
    return services.camera_register(
        actor=owner, guidance_acknowledged=True, **camera_fields(**overrides)
    )


def make_request(officer: Actor, camera: Camera, **overrides: Any) -> FootageRequest:
    now = clock.now()
    args: dict[str, Any] = {
        "camera_id": camera.pk,
        "report_id": fake_report(),
        "window_start": now - timedelta(hours=2),
        "window_end": now - timedelta(hours=1),
        "message": "",
    }
    args.update(overrides)
    return services.footage_request_send(actor=officer, **args)
