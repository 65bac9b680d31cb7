"""Demo data for places: the area around Larkspur Row, and two registered cameras on the
street (the demo resident's doorbell, and a corner shop's CCTV). Fictional throughout. All
of it belongs to the partnership that serves Larkspur Row (the accounts demo makes it)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from lantern.accounts.models import Membership, User
from lantern.accounts.selectors import actor_for, partnership_at
from lantern.core.actor import SYSTEM, Actor, Role
from lantern.core.demo import DEMO_DOMAIN
from lantern.places import demo_streets, services
from lantern.places.models import Area, Camera

AREA_NAME = "Larkspur Row and surrounds"
LARKSPUR_ROW = (51.5412, 0.7183)
# Roughly 350 m east-west by 220 m north-south around Larkspur Row (51.5412, 0.7183).
AREA = {
    "type": "Polygon",
    "coordinates": [
        [
            [0.7158, 51.5402],
            [0.7208, 51.5402],
            [0.7210, 51.5421],
            [0.7185, 51.5424],
            [0.7156, 51.5420],
            [0.7158, 51.5402],
        ]
    ],
}

RESIDENT_EMAIL = f"resident@{DEMO_DOMAIN}"
BUSINESS_EMAIL = f"larkspur.stores@{DEMO_DOMAIN}"

CAMERAS = [
    (
        RESIDENT_EMAIL,
        {
            "owner_kind": Camera.OwnerKind.RESIDENT,
            "business_name": "",
            "label": "Front doorbell, 14 Larkspur Row",
            "latitude": 51.54118,
            "longitude": 0.71822,
            "direction": 20,
            "angle": 150,
            "range_m": 12,
            "records_audio": True,
            "covers_street": True,
            "retention_days": 30,
            "contact_preference": Camera.Contact.LANTERN,
            "contact_phone": "",
        },
    ),
    (
        BUSINESS_EMAIL,
        {
            "owner_kind": Camera.OwnerKind.BUSINESS,
            "business_name": "Larkspur Stores",
            "label": "Shopfront camera",
            "latitude": 51.54135,
            "longitude": 0.71860,
            "direction": 250,
            "angle": 90,
            "range_m": 40,
            "records_audio": False,
            "covers_street": True,
            "retention_days": 31,
            "contact_preference": Camera.Contact.PHONE,
            "contact_phone": "01632960014",
        },
    ),
]


def _business_owner() -> User:
    """The shopkeeper: a resident account (a business registers cameras like a resident)."""
    from lantern.accounts import services as accounts
    from lantern.core.demo import DEMO_PASSWORD

    user = User.objects.filter(email=BUSINESS_EMAIL).first()
    if user is None:
        user = accounts.user_create(
            actor=SYSTEM,
            email=BUSINESS_EMAIL,
            display_name="Hollis Brandt (Larkspur Stores)",
            password=DEMO_PASSWORD,
            validate=False,
        )
    if not Membership.objects.filter(user=user, role=Role.RESIDENT).exists():
        accounts.membership_grant(actor=SYSTEM, user=user, organisation=None, role=Role.RESIDENT)
    return user


def _owner(email: str) -> Actor | None:
    user = (
        _business_owner() if email == BUSINESS_EMAIL else User.objects.filter(email=email).first()
    )
    return actor_for(user) if user else None


@transaction.atomic
def seed(*, out: Any) -> None:
    demo_streets.seed(out=out)
    partnership = partnership_at(*LARKSPUR_ROW)
    if partnership is None:
        out.write("Places: no partnership serves Larkspur Row, so no area or cameras.\n")
        return
    if not Area.objects.filter(name=AREA_NAME).exists():
        area = services.area_create(actor=SYSTEM, name=AREA_NAME, geojson=AREA)
        services.area_set_public(actor=SYSTEM, area_id=area.pk, public=True)
    made = 0
    for email, fields in CAMERAS:
        owner = _owner(email)
        if owner is None:
            continue
        if Camera.objects.filter(owner_id=owner.user_id, label=fields["label"]).exists():
            continue
        services.camera_register(actor=owner, guidance_acknowledged=True, **fields)
        made += 1
    out.write(f"Places: the area '{AREA_NAME}' and {len(CAMERAS)} cameras ({made} new).\n")


# --- the second demo partnership: Westbrook (lantern/accounts/demo.py) ---------------------

WESTBROOK_CAMERA = {
    "owner_kind": Camera.OwnerKind.RESIDENT,
    "business_name": "",
    "label": "Front doorbell, 3 Sandpiper Close",
    "latitude": 51.55672,
    "longitude": 0.58705,
    "direction": 160,
    "angle": 140,
    "range_m": 12,
    "records_audio": False,
    "covers_street": True,
    "retention_days": 30,
    "contact_preference": Camera.Contact.LANTERN,
    "contact_phone": "",
}


@transaction.atomic
def seed_second_partnership(*, out: Any) -> None:
    """The Westbrook resident's doorbell camera, registered on Sandpiper Close: it belongs
    to Westbrook by its place."""
    from lantern.accounts.demo import westbrook_email

    owner = _owner(westbrook_email(Role.RESIDENT))
    if owner is None:
        return
    if Camera.objects.filter(owner_id=owner.user_id, label=WESTBROOK_CAMERA["label"]).exists():
        return
    services.camera_register(actor=owner, guidance_acknowledged=True, **WESTBROOK_CAMERA)
    out.write("Places: one camera in Westbrook.\n")
