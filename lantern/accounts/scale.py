"""Residents of the borough-scale data set (``lantern.core.scale``): the people who report,
with fictional names and addresses at the reserved ``.invalid`` domain. They cannot sign in
(no usable password): the data set is for measuring, not for signing in as them."""

from __future__ import annotations

from lantern.accounts.demo import EASTMERE, ORGANISATIONS, USERS, demo_email
from lantern.accounts.models import Organisation, Partnership, User
from lantern.accounts.services import USER_CREATED
from lantern.core.actor import SYSTEM, Role
from lantern.core.scale import ScaleContext, past_time

GIVEN = ["Avery", "Brin", "Cass", "Dara", "Ellis", "Fen", "Greer", "Hollis", "Isla", "Jory"]
FAMILY = ["Ashcombe", "Brackley", "Carrow", "Dunmore", "Elstow", "Fairlie", "Garside", "Heale"]


def _demo(ctx: ScaleContext) -> None:
    """The demo partnership, its organisations and its staff (``lantern seed-demo``)."""
    partnership = Partnership.objects.filter(name=EASTMERE).first()
    if partnership is None:
        raise RuntimeError("the demo partnership is missing: run `lantern seed-demo` first")
    ctx.partnership_id = partnership.pk
    names = {name: key for key, (name, _kind) in ORGANISATIONS.items()}
    for pk, name in Organisation.objects.filter(name__in=names).values_list("pk", "name"):
        ctx.organisations[names[name]] = pk
    emails = {demo_email(role): role.value for role in USERS if role.is_staff}
    for pk, email in User.objects.filter(email__in=emails).values_list("pk", "email"):
        ctx.staff[emails[email]] = pk


def seed_scale(ctx: ScaleContext) -> None:
    _demo(ctx)  # always, for the other hooks; the residents only when asked for
    if not ctx.selected("accounts"):
        return
    rng = ctx.rng
    residents = []
    for number in range(ctx.count("residents")):
        user_id = ctx.uuid()
        joined = past_time(ctx)
        ctx.writer.add(
            "accounts.User",
            id=user_id,
            email=f"resident{number}.{user_id.hex[:8]}@scale.lantern.invalid",
            display_name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
            password="!" + user_id.hex,  # unusable: Django's mark, as set_unusable_password
            is_active=True,
            email_confirmed_at=joined,
            date_joined=joined,
        )
        ctx.writer.add(
            "accounts.Membership",
            id=ctx.uuid(),
            user_id=user_id,
            organisation_id=None,
            role=Role.RESIDENT.value,
            created_at=joined,
            updated_at=joined,
        )
        if ctx.audit is not None:
            ctx.audit(
                at=joined,
                actor=SYSTEM.audit_id,
                action=USER_CREATED,
                object_type="user",
                object_id=user_id,
                details={"role": Role.RESIDENT.value},
            )
        residents.append(user_id)
    ctx.shared["residents"] = residents
    ctx.say(f"accounts: {len(residents)} residents")
