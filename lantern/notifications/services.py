"""Every write of the notifications app: queue a message (``notify``), send it (a background
task), record what happened, try again after a transient failure, the daily digest, and a
member of staff's choice about it. Each write has its audit event; no event holds an
address or a message's words (docs/notifications.md)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from lantern.accounts.selectors import actor_for, notifiable_users
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import SYSTEM, Actor, Role
from lantern.core.errors import PermissionDenied
from lantern.notifications import delivery, sealing
from lantern.notifications.messages import MESSAGES
from lantern.notifications.models import Channel, Notification, Preference
from lantern.notifications.waiting import waiting_for

E = catalogue.declare
NOTIFICATION_QUEUED = E(
    "notification.queued",
    "A message to a resident or a member of staff was queued (its key and channel, never its "
    "address or words).",
)
DIGEST_PREFERENCE_SET = E(
    "notification_preference.set",
    'A member of staff turned their daily "waiting for you" email on or off.',
)

DIGEST_EVERY = timedelta(hours=20)  # a restarted scheduler sends no second digest that day


@dataclass(frozen=True)
class Recipient:
    channel: str  # Channel
    address: str
    user_id: uuid.UUID | None = None  # when they have an account


def absolute(path: str) -> str:
    """A link for a message: the site's public address and a path."""
    return settings.LANTERN_BASE_URL.rstrip("/") + path


def notify(
    *, actor: Actor, template: str, recipient: Recipient, personalisation: Mapping[str, object]
) -> Notification | None:
    """Queue the message ``template`` for ``recipient``: it is sent by a background task once
    the transaction commits. None when there is nowhere to send it (no address)."""
    message = MESSAGES[template]
    missing = message.fields - personalisation.keys()
    if missing:
        raise ValueError(f"{template} needs {sorted(missing)}")
    if recipient.channel not in Channel.values:
        raise ValueError(f"no channel {recipient.channel!r}")
    if not recipient.address.strip():
        return None
    notification = Notification(
        recipient_user_id=recipient.user_id,
        channel=recipient.channel,
        template=template,
        next_attempt_at=clock.now() + delivery.LEASE,
    )
    notification.payload = sealing.seal(
        notification.pk,
        {"address": recipient.address.strip(), "personalisation": dict(personalisation)},
    )
    with transaction.atomic():
        notification.save(force_insert=True)
        audit_record(
            actor=actor,
            action=NOTIFICATION_QUEUED,
            object_type="notification",
            object_id=notification.pk,
            details={
                "template": template,
                "channel": recipient.channel,
                "recipient_user": str(recipient.user_id or ""),
            },
        )
        transaction.on_commit(lambda: delivery.enqueue(notification.pk))
    return notification


# --- staff ---------------------------------------------------------------------------------


def staff_told(
    *,
    template: str,
    path: str,
    reference: str,
    role: Role | None = None,
    organisation_id: uuid.UUID | None = None,
    partnership_id: uuid.UUID | None = None,
    user_ids: list[uuid.UUID] | None = None,
    except_user_id: uuid.UUID | None = None,
) -> int:
    """Email each active user holding ``role`` in the organisation or partnership (or the
    users named) that something waits for them: a link and a reference, nothing else.
    Call it after the change commits (``transaction.on_commit``). How many were queued."""
    users = notifiable_users(
        user_ids=user_ids,
        role=role,
        organisation_id=organisation_id,
        partnership_id=partnership_id,
    )
    if except_user_id is not None:
        users = users.exclude(pk=except_user_id)
    queued = 0
    for user in users:
        queued += bool(
            notify(
                actor=SYSTEM,
                template=template,
                recipient=Recipient(Channel.EMAIL, user.email, user.pk),
                personalisation={"link": absolute(path), "reference": reference},
            )
        )
    return queued


def digest_preference_set(*, actor: Actor, digest: bool) -> Preference:
    """A member of staff turns their daily "waiting for you" email on or off."""
    if actor.user_id is None or not actor.is_staff:
        raise PermissionDenied("only staff receive the daily email")
    with transaction.atomic():
        preference, _ = Preference.objects.update_or_create(
            user_id=actor.user_id, defaults={"digest": digest}
        )
        audit_record(
            actor=actor,
            action=DIGEST_PREFERENCE_SET,
            object_type="user",
            object_id=actor.user_id,
            details={"digest": digest},
        )
    return preference


def digests_send(*, actor: Actor = SYSTEM) -> int:
    """The daily "waiting for you" email: to each active member of staff who has not turned
    it off and has something waiting, unless they had one in the last 20 hours. Each list is
    built as the person would see it on their dashboard. How many were queued."""
    since = clock.now() - DIGEST_EVERY
    skip = set(
        Notification.objects.filter(template="waiting_digest", created_at__gte=since)
        .exclude(recipient_user_id=None)
        .values_list("recipient_user_id", flat=True)
    )
    skip |= set(Preference.objects.filter(digest=False).values_list("user_id", flat=True))
    queued = 0
    for user in notifiable_users(staff_only=True).exclude(pk__in=skip):
        items = waiting_for(actor_for(user, verified=True))
        if not items:
            continue
        queued += bool(
            notify(
                actor=actor,
                template="waiting_digest",
                recipient=Recipient(Channel.EMAIL, user.email, user.pk),
                personalisation={
                    "count": str(len(items)),
                    "items": [f"{item.title}: {absolute(item.url)}" for item in items],
                    "link": absolute(reverse("frontend:dashboard")),
                    "settings_link": absolute(reverse("notifications:settings")),
                },
            )
        )
    return queued


def short_reference(prefix: str, pk: uuid.UUID) -> str:
    """A reference for a message about a record that has none of its own: a prefix and the
    first eight characters of its id ("FR-1A2B3C4D"), enough to find it, naming no one."""
    return f"{prefix}-{pk.hex[:8].upper()}"


def staff_told_on_commit(**kwargs: object) -> None:
    """``staff_told`` once the caller's transaction commits (immediately outside one): the
    one line each app's service adds after the change it tells staff about. A failure to
    queue is logged and never undoes, or fails, the change that was made (``robust``)."""
    transaction.on_commit(lambda: staff_told(**kwargs), robust=True)  # type: ignore[arg-type]


def notify_on_commit(
    *, template: str, recipient: Recipient, personalisation: Mapping[str, object]
) -> None:
    """``notify`` (as Lantern itself) once the caller's transaction commits; robust, as
    above."""
    transaction.on_commit(
        lambda: notify(
            actor=SYSTEM, template=template, recipient=recipient, personalisation=personalisation
        ),
        robust=True,
    )
