"""Every write to accounts data, each with its audit event in the same transaction."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts.models import ApiToken, Membership, Organisation, User
from lantern.accounts.selectors import actor_for, api_token_live, partnership_for_creator
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import ANONYMOUS, Actor, Role
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can

E = catalogue.declare
USER_CREATED = E("user.created", "A user account was created (by an administrator or the demo).")
USER_REGISTERED = E("user.registered", "A resident registered and was sent a confirmation email.")
USER_EMAIL_CONFIRMED = E("user.email_confirmed", "A user confirmed their email address.")
USER_SIGNED_IN = E("user.signed_in", "A user signed in with their password.")
USER_SIGNED_OUT = E("user.signed_out", "A user signed out.")
USER_LOCKED_OUT = E(
    "user.locked_out",
    "A sign-in was refused because repeated failures have locked the account for a while.",
)
TWO_FACTOR_ADDED = E("two_factor.device_added", "A TOTP two-factor device was confirmed.")
TWO_FACTOR_VERIFIED = E("two_factor.verified", "A user passed two-factor verification.")
ORGANISATION_CREATED = E("organisation.created", "An organisation was created.")
ORGANISATION_DETAILS_SET = E(
    "organisation.details_set",
    "An organisation's public contact details (printed on the documents it issues) were set.",
)
MEMBERSHIP_GRANTED = E("membership.granted", "A user was given a role in an organisation.")
MEMBERSHIP_REVOKED = E("membership.revoked", "A user's role in an organisation was removed.")
API_TOKEN_CREATED = E("api_token.created", "An API token was created for a user.")
API_TOKEN_REVOKED = E("api_token.revoked", "An API token was revoked.")

TOKEN_PREFIX = "lt_"  # noqa: S105  (a public prefix, not a secret)


def _require(actor: Actor, permission: Permission) -> None:
    if not can(actor, permission):
        raise PermissionDenied(f"{permission} refused")


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationFailed(
            {"email": ["Enter an email address in the correct format, like name@example.com"]}
        ) from None
    return User.objects.normalize_email(email).lower()


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed({"password": list(exc.messages)}) from None


def user_create(
    *,
    actor: Actor,
    email: str,
    display_name: str,
    password: str | None,
    confirmed: bool = True,
    validate: bool = True,
) -> User:
    """Create a user (an administrator's, the CLI's or the demo's act)."""
    _require(actor, Permission.USER_MANAGE)
    email = _clean_email(email)
    if not display_name.strip():
        raise ValidationFailed({"display_name": ["Enter a name"]})
    user = User(email=email, display_name=display_name.strip())
    if password:
        if validate:
            _check_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.email_confirmed_at = clock.now() if confirmed else None
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationFailed({"email": ["A user with this email address already exists"]})
        user.save()
        audit_record(actor=actor, action=USER_CREATED, object_type="user", object_id=user.pk)
    return user


def resident_register(*, email: str, display_name: str, password: str) -> User:
    """A resident registers themselves; the account stays inactive until they confirm."""
    from lantern.accounts.tasks import send_confirmation_email

    email = _clean_email(email)
    errors: dict[str, list[str]] = {}
    if not display_name.strip():
        errors["display_name"] = ["Enter your name"]
    user = User(email=email, display_name=display_name.strip(), is_active=False)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationFailed(errors)
    user.set_password(password)
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            # Say nothing that tells a stranger the address is registered; the owner of the
            # address gets an email either way.
            existing = User.objects.get(email__iexact=email)
            transaction.on_commit(lambda: send_confirmation_email.enqueue(user_id=str(existing.pk)))
            return existing
        user.save()
        Membership.objects.create(user=user, organisation=None, role=Role.RESIDENT)
        actor = Actor(user_id=user.pk, label=str(user.pk))
        audit_record(actor=actor, action=USER_REGISTERED, object_type="user", object_id=user.pk)
        transaction.on_commit(lambda: send_confirmation_email.enqueue(user_id=str(user.pk)))
    return user


def user_confirm_email(*, user: User) -> User:
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.email_confirmed_at is None:
            user.email_confirmed_at = clock.now()
            user.is_active = True
            user.save(update_fields=["email_confirmed_at", "is_active"])
            audit_record(
                actor=Actor(user_id=user.pk, label=str(user.pk)),
                action=USER_EMAIL_CONFIRMED,
                object_type="user",
                object_id=user.pk,
            )
    return user


def user_signed_in(*, actor: Actor) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor, action=USER_SIGNED_IN, object_type="user", object_id=actor.user_id
        )


def user_signed_out(*, actor: Actor) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor, action=USER_SIGNED_OUT, object_type="user", object_id=actor.user_id
        )


def user_locked_out(*, username: str) -> None:
    """Record a sign-in refused by a lockout, once per account per cool-off period, so a
    stranger hammering a locked form cannot flood the audit log."""
    from datetime import timedelta

    from django.conf import settings

    from lantern.audit.selectors import recent_event_exists

    user = User.objects.filter(email__iexact=(username or "").strip()).first()
    object_id = str(user.pk) if user else ""
    since = clock.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    if recent_event_exists(action=USER_LOCKED_OUT, object_id=object_id, since=since):
        return
    with transaction.atomic():
        audit_record(
            actor=ANONYMOUS,
            action=USER_LOCKED_OUT,
            object_type="user",
            object_id=object_id,
            details={"known_account": user is not None},
        )


@dataclass(frozen=True)
class OrganisationDetails:
    """An organisation's public contact details, printed on the documents it issues
    (docs/enforcement.md, "Documents"). Every field may be left empty."""

    address: str = ""
    telephone: str = ""
    email: str = ""
    payment_methods: str = ""  # a council's: how to pay it a fixed penalty (s.52(6)(e))
    data_protection_contact: str = ""
    keeper_data_kept_for: str = ""


def _clean_details(details: OrganisationDetails) -> dict[str, str]:
    values = {name: value.strip() for name, value in asdict(details).items()}
    if values["email"]:
        values["email"] = _clean_email(values["email"])
    for name, limit in (("telephone", 30), ("keeper_data_kept_for", 200)):
        if len(values[name]) > limit:
            raise ValidationFailed({name: [f"Keep it to {limit} characters"]})
    return values


def organisation_create(
    *, actor: Actor, name: str, kind: str, details: OrganisationDetails | None = None
) -> Organisation:
    _require(actor, Permission.ORGANISATION_MANAGE)
    if kind not in Organisation.Kind.values:
        raise ValidationFailed({"kind": ["Choose a kind of organisation"]})
    if not name.strip():
        raise ValidationFailed({"name": ["Enter the organisation's name"]})
    values = _clean_details(details or OrganisationDetails())
    with transaction.atomic():
        if Organisation.objects.filter(name=name.strip()).exists():
            raise ValidationFailed({"name": ["An organisation with this name already exists"]})
        org = Organisation.objects.create(name=name.strip(), kind=kind, **values)
        audit_record(
            actor=actor,
            action=ORGANISATION_CREATED,
            object_type="organisation",
            object_id=org.pk,
            details={"kind": kind, "details_set": sorted(k for k, v in values.items() if v)},
        )
    return org


def organisation_set_details(
    *, actor: Actor, organisation_id: uuid.UUID, details: OrganisationDetails
) -> Organisation:
    """Replace an organisation's public contact details (all of them: an empty field clears
    it). Documents already served keep the details they were printed with."""
    _require(actor, Permission.ORGANISATION_MANAGE)
    values = _clean_details(details)
    with transaction.atomic():
        org = Organisation.objects.select_for_update().filter(pk=organisation_id).first()
        if org is None:
            raise NotFound("organisation")
        changed = sorted(name for name, value in values.items() if getattr(org, name) != value)
        for name, value in values.items():
            setattr(org, name, value)
        org.save(update_fields=[*values, "updated_at"])
        audit_record(
            actor=actor,
            action=ORGANISATION_DETAILS_SET,
            object_type="organisation",
            object_id=org.pk,
            details={"changed": changed},
        )
    return org


def membership_grant(
    *, actor: Actor, user: User, organisation: Organisation | None, role: Role
) -> Membership:
    _require(actor, Permission.MEMBERSHIP_MANAGE)
    if role is not Role.RESIDENT and organisation is None:
        raise ValidationFailed({"organisation": ["Staff roles belong to an organisation"]})
    try:
        with transaction.atomic():
            membership = Membership.objects.create(user=user, organisation=organisation, role=role)
            audit_record(
                actor=actor,
                action=MEMBERSHIP_GRANTED,
                object_type="user",
                object_id=user.pk,
                details={
                    "role": role.value,
                    "organisation": str(organisation.pk) if organisation else None,
                },
            )
    except IntegrityError:
        raise ValidationFailed({"role": ["The user already has this role"]}) from None
    return membership


def membership_revoke(*, actor: Actor, membership_id: uuid.UUID) -> None:
    _require(actor, Permission.MEMBERSHIP_MANAGE)
    with transaction.atomic():
        membership = Membership.objects.filter(pk=membership_id).first()
        if membership is None:
            raise NotFound("membership")
        details = {"role": membership.role, "organisation": str(membership.organisation_id)}
        user_id = membership.user_id
        membership.delete()
        audit_record(
            actor=actor,
            action=MEMBERSHIP_REVOKED,
            object_type="user",
            object_id=user_id,
            details=details,
        )


# --- two-factor ---------------------------------------------------------------------------


def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed device for setup; replaces any earlier unconfirmed one."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    if device.user_id != user.pk or not device.verify_token(token):
        return False
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(
            actor=Actor(user_id=user.pk, label=str(user.pk)),
            action=TWO_FACTOR_ADDED,
            object_type="user",
            object_id=user.pk,
        )
    return True


def two_factor_verified(*, actor: Actor) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor, action=TWO_FACTOR_VERIFIED, object_type="user", object_id=actor.user_id
        )


def totp_device_install(*, actor: Actor, user: User, key_hex: str) -> TOTPDevice:
    """Give a user a confirmed device with a known key (the demo and operators' CLI)."""
    _require(actor, Permission.USER_MANAGE)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator app", key=key_hex, confirmed=True
        )
        audit_record(actor=actor, action=TWO_FACTOR_ADDED, object_type="user", object_id=user.pk)
    return device


# --- API tokens ---------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(
    *, actor: Actor, user: User, name: str, partnership_id: uuid.UUID | None = None
) -> tuple[ApiToken, str]:
    """Create a token; the plain token is returned once and only its hash is kept. A staff
    member's token is bound to one of their partnerships (their only one unless they name
    it): the client sees and files only that partnership's records."""
    if actor.user_id != user.pk:
        _require(actor, Permission.USER_MANAGE)
    name = name.strip() or "API client"
    holder = actor_for(user, verified=True)
    bound = None
    if holder.is_staff:
        bound = partnership_for_creator(actor=holder, partnership_id=partnership_id)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        record = ApiToken.objects.create(
            user=user,
            name=name[:100],
            prefix=token[:10],
            token_hash=hash_token(token),
            partnership_id=bound,
        )
        audit_record(
            actor=actor,
            action=API_TOKEN_CREATED,
            object_type="api_token",
            object_id=record.pk,
            details={"user": str(user.pk), "partnership": str(bound) if bound else ""},
        )
    return record, token


def api_token_revoke(*, actor: Actor, token_id: uuid.UUID) -> ApiToken:
    with transaction.atomic():
        record = ApiToken.objects.select_for_update().filter(pk=token_id).first()
        if record is None or (
            record.user_id != actor.user_id and not can(actor, Permission.USER_MANAGE)
        ):
            raise NotFound("api token")
        if record.revoked_at is None:
            record.revoked_at = clock.now()
            record.save(update_fields=["revoked_at"])
            audit_record(
                actor=actor,
                action=API_TOKEN_REVOKED,
                object_type="api_token",
                object_id=record.pk,
            )
    return record


def api_token_authenticate(token: str) -> Actor | None:
    """The Actor of the user a live token belongs to (a token is issued to a named user by
    an administrator, so it stands in for both factors), or None. The token is looked up on
    every call, so a revoked token, a deactivated user or a changed role counts at once.
    Marks the token used."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    record = api_token_live(hash_token(token))
    if record is None:
        return None
    now = clock.now()
    # Recorded to the minute: a write (and a commit) on every request is not needed to
    # tell a token in use from one forgotten.
    if record.last_used_at is None or now - record.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=record.pk, revoked_at__isnull=True).update(last_used_at=now)
    return actor_for(record.user, verified=True, partnership_id=record.partnership_id)


from lantern.accounts.services.partnerships import (  # noqa: E402, F401  (the other part)
    partnership_add_member,
    partnership_create,
    partnership_remove_member,
    partnership_set_area,
    record_share,
    share_withdraw,
)
