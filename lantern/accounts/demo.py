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

# Invented contact details (the .invalid domain and the EM postcode area do not exist),
# printed on the documents each organisation issues (docs/enforcement.md, "Documents").
DETAILS = {
    "police": services.OrganisationDetails(
        address="Eastmere Police Station\n1 Lantern Street\nEastmere EM1 1ZZ",
        telephone="01632 960 101",
        email="community.safety@eastmere-police.invalid",
        data_protection_contact="Data Protection Officer, Eastmere Constabulary, "
        "1 Lantern Street, Eastmere EM1 1ZZ; dpo@eastmere-police.invalid",
        keeper_data_kept_for="12 months from the date of the letter",
    ),
    "council": services.OrganisationDetails(
        address="Eastmere Civic Centre\nVictoria Avenue\nEastmere EM2 6ZZ",
        telephone="01632 960 202",
        email="asb.team@eastmere-council.invalid",
        payment_methods="Online at eastmere-council.invalid/pay, quoting the reference above; "
        "by phone on 01632 960 203 with a debit or credit card; or by cheque payable to "
        "Eastmere City Council, sent to the address above with the reference written on the "
        "back.",
        data_protection_contact="Data Protection Officer, Eastmere City Council, Victoria "
        "Avenue, Eastmere EM2 6ZZ; dpo@eastmere-council.invalid",
        keeper_data_kept_for="12 months from the date of the letter",
    ),
    "charity": services.OrganisationDetails(
        address="The Lamplight Centre\n14 Harbour Road\nEastmere EM3 4ZZ",
        telephone="01632 960 303",
        email="hello@lamplight-outreach.invalid",
    ),
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
        details = DETAILS.get(key)
        if details is not None and not orgs[key].address:
            services.organisation_set_details(
                actor=SYSTEM, organisation_id=orgs[key].pk, details=details
            )
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
