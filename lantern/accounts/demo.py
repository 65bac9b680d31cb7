"""Demo organisations, the two demo partnerships, and one user per role, with fictional names
throughout.

Eastmere Community Safety Partnership is the demo's neighbourhood (Larkspur Row): its police,
council, charity and residents' group, and one user per role. Westbrook Community Safety
Partnership, a few kilometres west, is a second partnership with organisations and staff of
its own, so that the pages show the scope: neither partnership's staff see the other's
records (docs/adr/0015-partnership-is-the-scope.md). The partnerships are made here, before
any other app seeds, so every record the other apps seed finds its partnership by its place
or its creator."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts import services
from lantern.accounts.models import Membership, Organisation, Partnership, User
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
    Role.SOURCE_HANDLER: ("DC Saffron Lisle", "police"),
    Role.DATA_PROTECTION_OFFICER: ("Perrin Oakhollow", "council"),
    Role.ADMIN: ("Alder Finch", "council"),
}


def demo_email(role: Role) -> str:
    return f"{role.value}@{DEMO_DOMAIN}"


# --- the two demo partnerships -------------------------------------------------------------

EASTMERE = "Eastmere Community Safety Partnership"
WESTBROOK = "Westbrook Community Safety Partnership"


def _polygon(*corners: tuple[float, float]) -> dict[str, Any]:
    """A GeoJSON Polygon from (longitude, latitude) corners, closed."""
    ring = [[lon, lat] for lon, lat in corners]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


# Eastmere: around Larkspur Row (51.5412, 0.7183) and well beyond every place the demo uses
# (its reports lie within a kilometre of the street), some 13 km east to west. The police.uk
# extract's Southend-on-Sea records fall in it, so its dashboard shows them.
EASTMERE_AREA = _polygon(
    (0.628, 51.518), (0.760, 51.515), (0.830, 51.530), (0.830, 51.585), (0.700, 51.590),
    (0.628, 51.572),
)  # fmt: skip
# Westbrook: west of Eastmere with a gap between them (no place is in both), about where
# the extract's Castle Point records are.
WESTBROOK_AREA = _polygon(
    (0.535, 51.505), (0.620, 51.505), (0.620, 51.592), (0.545, 51.592), (0.530, 51.550),
)  # fmt: skip
# Sandpiper Close, Westbrook: where the second partnership's demo records are (inside
# WESTBROOK_AREA); the other apps' seeds place theirs around it.
WESTBROOK_STREET = (51.5566, 0.5869)  # (latitude, longitude)

WESTBROOK_ORGANISATIONS = {
    "police": ("Westbrook Constabulary", Organisation.Kind.POLICE_FORCE),
    "council": ("Westbrook Borough Council", Organisation.Kind.COUNCIL),
    "charity": ("Kestrel House Outreach", Organisation.Kind.SUPPORT_AGENCY),
}

# The second partnership's key staff, and a resident of Sandpiper Close (whose doorbell
# camera is registered there).
WESTBROOK_USERS = {
    Role.POLICE_OFFICER: ("PC Aled Brannock", "police"),
    Role.SUPERVISOR: ("Sgt Wenna Halloran", "police"),
    Role.COUNCIL_OFFICER: ("Osian Threlkeld", "council"),
    Role.SAFEGUARDING_LEAD: ("Marisol Pendry", "council"),
    Role.RESIDENT: ("Cai Merridew", None),
}


def westbrook_email(role: Role) -> str:
    return f"westbrook.{role.value}@{DEMO_DOMAIN}"


def _organisations(specs: Mapping[str, tuple[str, str]]) -> dict[str, Organisation]:
    orgs = {}
    for key, (name, kind) in specs.items():
        org = Organisation.objects.filter(name=name).first()
        orgs[key] = org or services.organisation_create(actor=SYSTEM, name=name, kind=kind)
    return orgs


def _partnership(name: str, area: dict[str, Any], members: list[Organisation]) -> Partnership:
    partnership = Partnership.objects.filter(name=name).first()
    if partnership is None:
        return services.partnership_create(actor=SYSTEM, name=name, boundary=area, members=members)
    joined = set(partnership.members.values_list("pk", flat=True))
    for organisation in members:
        if organisation.pk not in joined:
            services.partnership_add_member(
                actor=SYSTEM, partnership_id=partnership.pk, organisation_id=organisation.pk
            )
    return partnership


def _user(email: str, display_name: str, organisation: Organisation | None, role: Role) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = services.user_create(
            actor=SYSTEM,
            email=email,
            display_name=display_name,
            password=DEMO_PASSWORD,
            validate=False,
        )
    if not Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        services.membership_grant(actor=SYSTEM, user=user, organisation=organisation, role=role)
    if role.is_staff and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        services.totp_device_install(actor=SYSTEM, user=user, key_hex=TOTPDevice().key)
    return user


def _seed_westbrook() -> None:
    orgs = _organisations(WESTBROOK_ORGANISATIONS)
    _partnership(WESTBROOK, WESTBROOK_AREA, list(orgs.values()))
    for role, (display_name, org_key) in WESTBROOK_USERS.items():
        _user(westbrook_email(role), display_name, orgs[org_key] if org_key else None, role)


@transaction.atomic
def seed(*, out: Any) -> None:
    orgs = _organisations(ORGANISATIONS)
    for key, details in DETAILS.items():
        if not orgs[key].address:
            services.organisation_set_details(
                actor=SYSTEM, organisation_id=orgs[key].pk, details=details
            )
    _partnership(EASTMERE, EASTMERE_AREA, list(orgs.values()))
    for role, (display_name, org_key) in USERS.items():
        user = _user(demo_email(role), display_name, orgs[org_key] if org_key else None, role)
        residents = orgs["residents"]
        # The resident also belongs to the street's residents' group (no staff powers).
        if (
            role is Role.RESIDENT
            and not Membership.objects.filter(user=user, organisation=residents).exists()
        ):
            services.membership_grant(
                actor=SYSTEM, user=user, organisation=residents, role=Role.RESIDENT
            )
    _seed_westbrook()
    out.write(
        f"Demo partnerships ({EASTMERE}, {WESTBROOK}), their organisations and "
        f"{len(USERS) + len(WESTBROOK_USERS)} demo users are ready.\n"
    )


def _sign_in_line(role: Role, email: str) -> str:
    device = TOTPDevice.objects.filter(user__email=email, confirmed=True).first()
    secret = base64.b32encode(device.bin_key).decode() if device else "(residents: no 2FA)"
    return f"  {role.value:<18} {email:<50} {secret}\n"


def summary(*, out: Any) -> None:
    """Print every demo sign-in, partnership by partnership: role, email and the TOTP secret
    for staff."""
    out.write(f"\nDemo sign-ins (fictional people; the password for all: {DEMO_PASSWORD})\n")
    out.write("Staff also need the TOTP secret in an authenticator app, or run\n")
    out.write("  .venv/bin/lantern totp EMAIL   to print the current 6-digit code.\n\n")
    out.write(f"{EASTMERE} (Larkspur Row):\n")
    for role in USERS:
        out.write(_sign_in_line(role, demo_email(role)))
    out.write(f"\n{WESTBROOK} (a second partnership: its staff see none of Eastmere's records):\n")
    for role in WESTBROOK_USERS:
        out.write(_sign_in_line(role, westbrook_email(role)))
