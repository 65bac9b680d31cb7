"""Demo organisations and one user per role, with fictional names throughout."""

from __future__ import annotations

import base64
from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts import services
from lantern.accounts.models import Membership, Organisation, User
from lantern.core.actor import SYSTEM, Role
from lantern.core.demo import DEMO_DOMAIN, DEMO_PASSWORD

ORGANISATIONS = {
    "police": ("Eastmere Constabulary", Organisation.Kind.POLICE_FORCE),
    "council": ("Eastmere City Council", Organisation.Kind.COUNCIL),
    "charity": ("Lamplight Outreach Trust", Organisation.Kind.SUPPORT_AGENCY),
    "residents": ("Larkspur Row Residents' Association", Organisation.Kind.RESIDENTS_GROUP),
}

USERS = {
    Role.RESIDENT: ("Rosa Penhaligon", None),
    Role.POLICE_OFFICER: ("PC Dev Marlowe", "police"),
    Role.PCSO: ("PCSO Jan Okonkwo-Reyes", "police"),
    Role.COUNCIL_OFFICER: ("Tamsin Vell", "council"),
    Role.SAFEGUARDING_LEAD: ("Ife Carrow", "council"),
    Role.SUPPORT_WORKER: ("Bryony Ashdown", "charity"),
    Role.ANALYST: ("Kit Delacourt", "police"),
    Role.SUPERVISOR: ("Sgt Morwenna Quill", "police"),
    Role.ADMIN: ("Alder Finch", "council"),
}


def demo_email(role: Role) -> str:
    return f"{role.value}@{DEMO_DOMAIN}"


@transaction.atomic
def seed(*, out: Any) -> None:
    orgs = {}
    for key, (name, kind) in ORGANISATIONS.items():
        org = Organisation.objects.filter(name=name).first()
        orgs[key] = org or services.organisation_create(actor=SYSTEM, name=name, kind=kind)
    for role, (display_name, org_key) in USERS.items():
        email = demo_email(role)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = services.user_create(
                actor=SYSTEM,
                email=email,
                display_name=display_name,
                password=DEMO_PASSWORD,
                validate=False,
            )
        organisation = orgs[org_key] if org_key else None
        if not Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
            services.membership_grant(actor=SYSTEM, user=user, organisation=organisation, role=role)
        if role is Role.RESIDENT:
            residents = orgs["residents"]
            # The resident also belongs to the street's residents' group (no staff powers).
            if not Membership.objects.filter(user=user, organisation=residents).exists():
                services.membership_grant(
                    actor=SYSTEM, user=user, organisation=residents, role=Role.RESIDENT
                )
        elif not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            services.totp_device_install(actor=SYSTEM, user=user, key_hex=TOTPDevice().key)
    out.write(f"Demo organisations and {len(USERS)} demo users are ready.\n")


def summary(*, out: Any) -> None:
    """Print every demo sign-in: role, email and the TOTP secret for staff."""
    out.write(f"\nDemo sign-ins (fictional people; the password for all: {DEMO_PASSWORD})\n")
    out.write("Staff also need the TOTP secret in an authenticator app, or run\n")
    out.write("  .venv/bin/lantern totp EMAIL   to print the current 6-digit code.\n\n")
    for role in USERS:
        email = demo_email(role)
        device = TOTPDevice.objects.filter(user__email=email, confirmed=True).first()
        secret = base64.b32encode(device.bin_key).decode() if device else "(residents: no 2FA)"
        out.write(f"  {role.value:<18} {email:<40} {secret}\n")
