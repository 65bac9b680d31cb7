"""A resident's rights over their own account (issue 23 part 4): a record that they
downloaded their data (UK GDPR Art. 15 and 20), correcting their contact details (Art. 16),
and closing their account (Art. 17, with the exceptions of Art. 17(3)). Every write has its
audit event in the same transaction; no event holds a name, an address or a number, only
which fields changed and how many records of each class were kept or deleted."""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict, dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts.models import ApiToken, User
from lantern.accounts.tokens import email_change_tokens
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core import clock, residents_data
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can

E = catalogue.declare
OWN_DATA_DOWNLOADED = E(
    "user.own_data_downloaded",
    "A resident viewed or downloaded the data Lantern holds about them (the format and how "
    "many records of each class, never the data).",
)
OWN_DETAILS_CORRECTED = E(
    "user.details_corrected",
    "A resident corrected their contact details (which fields changed, never the values).",
)
OWN_EMAIL_CHANGED = E(
    "user.email_changed",
    "A user confirmed, from the new address, the change of the email address they sign in with.",
)
ACCOUNT_CLOSED = E(
    "user.account_closed",
    "A resident closed their account: their contact details were removed and they can no "
    "longer sign in (how many records of each class were kept or deleted).",
)

CLOSED_NAME = "Closed account"
CLOSED_EMAIL_DOMAIN = "closed.invalid"  # RFC 2606: a domain that can never receive mail
_PHONE = re.compile(r"^\+?[0-9 ()-]+$")


def _own_user_for_update(actor: Actor) -> User:
    if actor.user_id is None or not can(actor, Permission.OWN_ACCOUNT_MANAGE):
        raise PermissionDenied("only a resident manages their own account")
    user = User.objects.select_for_update().filter(pk=actor.user_id).first()
    if user is None:
        raise NotFound("user")
    return user


def own_data_downloaded(*, actor: Actor, fmt: str, counts: dict[str, int]) -> None:
    """Record that the resident read their own data (``fmt`` "page" or "json")."""
    if actor.user_id is None or not can(actor, Permission.OWN_ACCOUNT_MANAGE):
        raise PermissionDenied("only a resident downloads their own data")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=OWN_DATA_DOWNLOADED,
            object_type="user",
            object_id=actor.user_id,
            details={"format": fmt, "counts": {key: int(n) for key, n in counts.items()}},
        )


@dataclass(frozen=True)
class DetailsChange:
    changed: tuple[str, ...]  # the fields changed now ("display_name", "phone")
    email_pending: bool  # a link was sent to a new address, to be confirmed from there


PHONE_ERROR = "Enter a phone number, like 01632 960 001 or +44 7700 900 982"


def phone_is_valid(phone: str) -> bool:
    """Digits (7 to 15), spaces, brackets, hyphens and a leading +; empty is allowed."""
    phone = (phone or "").strip()
    if not phone:
        return True
    digits = sum(ch.isdigit() for ch in phone)
    return len(phone) <= 30 and bool(_PHONE.match(phone)) and 7 <= digits <= 15


def _clean_phone(phone: str, errors: dict[str, list[str]]) -> str:
    phone = (phone or "").strip()
    if not phone_is_valid(phone):
        errors["phone"] = [PHONE_ERROR]
    return phone


def own_details_set(*, actor: Actor, display_name: str, email: str, phone: str) -> DetailsChange:
    """The resident corrects their name, phone number and email address. Name and phone
    change at once; a new email address changes only once confirmed from that address (as
    at sign-up): until then they sign in with the old one."""
    from lantern.accounts.services import _clean_email

    errors: dict[str, list[str]] = {}
    display_name = (display_name or "").strip()
    if not display_name:
        errors["display_name"] = ["Enter your name"]
    elif len(display_name) > 150:
        errors["display_name"] = ["Your name must be 150 characters or fewer"]
    phone = _clean_phone(phone, errors)
    try:
        email = _clean_email(email)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        user = _own_user_for_update(actor)
        changed = [
            name
            for name, value in (("display_name", display_name), ("phone", phone))
            if getattr(user, name) != value
        ]
        user.display_name, user.phone = display_name, phone
        pending = email != user.email.lower() and email != user.pending_email
        resend = bool(user.pending_email) and email == user.pending_email
        if email == user.email.lower():
            if user.pending_email:
                changed.append("pending_email")  # they no longer want to change it
            user.pending_email = ""
        elif pending:
            user.pending_email = email
            changed.append("pending_email")
        if not changed:
            if resend:  # the same new address again: send its link again, nothing changes
                _send_email_change_link(user)
            return DetailsChange(changed=(), email_pending=resend)
        user.save(update_fields=["display_name", "phone", "pending_email"])
        audit_record(
            actor=actor,
            action=OWN_DETAILS_CORRECTED,
            object_type="user",
            object_id=user.pk,
            details={"changed": sorted(changed)},
        )
        if pending or resend:
            _send_email_change_link(user)
    return DetailsChange(changed=tuple(sorted(changed)), email_pending=pending or resend)


def _send_email_change_link(user: User) -> None:
    """Send the link to the new address once the transaction commits."""
    from lantern.accounts.tasks import send_email_change_confirmation

    user_id = str(user.pk)
    transaction.on_commit(lambda: send_email_change_confirmation.enqueue(user_id=user_id))


def own_email_confirm(*, user_id: uuid.UUID, token: str) -> bool:
    """Confirm a new email address from the link sent to it. False when the link is wrong,
    old or superseded, or the address has meanwhile been taken by another account."""
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id).first()
        if user is None or not user.pending_email or user.closed_at is not None:
            return False
        if not email_change_tokens.check_token(user, token):
            return False
        if User.objects.filter(email__iexact=user.pending_email).exclude(pk=user.pk).exists():
            return False
        user.email, user.pending_email = user.pending_email, ""
        user.email_confirmed_at = clock.now()
        user.save(update_fields=["email", "pending_email", "email_confirmed_at"])
        audit_record(
            actor=Actor(user_id=user.pk, label=str(user.pk)),
            action=OWN_EMAIL_CHANGED,
            object_type="user",
            object_id=user.pk,
        )
    return True


def account_contact_outcome(user: User) -> list[residents_data.KeptOrGone]:
    """What closing does to the account itself (the accounts app's part)."""
    return [
        residents_data.KeptOrGone(
            key="contact_details",
            label="Your name, email address and phone number",
            count=1,
            kept=False,
            why="Deleted. Your account is closed and no one can sign in to it.",
        ),
        residents_data.KeptOrGone(
            key="audit_log",
            label="The audit log of what was done in Lantern and when",
            count=1,
            kept=True,
            why="Kept. It names your account only by a number, never by your name or "
            "contact details, and it cannot be changed: it is how Lantern proves that "
            "nothing was silently altered or deleted.",
        ),
    ]


def account_close(*, actor: Actor) -> list[dict[str, object]]:
    """Close the resident's own account: each app does its part (removing contact details
    from what it keeps, deleting what it need not keep), then the account loses the name,
    email address and phone number and can no longer be signed in to. Returns what was kept
    and deleted, by class of record, as the resident is told it. Closing a closed account
    changes nothing and returns what was said the first time."""
    with transaction.atomic():
        user = _own_user_for_update(actor)
        if user.closed_at is not None:
            return list(user.closure_summary)
        outcomes = account_contact_outcome(user)
        for part in residents_data.own_data_parts():
            outcomes.extend(part.close(actor))
        summary = [asdict(outcome) for outcome in outcomes]
        user.email = f"closed-{user.pk.hex}@{CLOSED_EMAIL_DOMAIN}"
        user.pending_email = ""
        user.display_name = CLOSED_NAME
        user.phone = ""
        user.is_active = False
        user.set_unusable_password()
        user.closed_at = clock.now()
        user.closure_summary = summary
        user.save()
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=clock.now())
        TOTPDevice.objects.filter(user=user).delete()
        audit_record(
            actor=actor,
            action=ACCOUNT_CLOSED,
            object_type="user",
            object_id=user.pk,
            details={
                "kept": {o.key: o.count for o in outcomes if o.kept},
                "deleted": {o.key: o.count for o in outcomes if not o.kept},
            },
        )
    return summary
