"""Every write of the notifications app: queue a message (``notify``), send it (a background
task), record what happened, try again after a transient failure, the daily digest, and a
member of staff's choice about it. Each write has its audit event; no event holds an
address or a message's words (docs/notifications.md)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from cryptography.exceptions import InvalidTag
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse

from lantern.accounts.selectors import actor_for, notifiable_users
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import SYSTEM, Actor, Role
from lantern.core.errors import PermissionDenied
from lantern.notifications import backends, sealing
from lantern.notifications.messages import MESSAGES
from lantern.notifications.models import Channel, Notification, Preference
from lantern.notifications.waiting import waiting_for

log = logging.getLogger("lantern.notifications")

E = catalogue.declare
NOTIFICATION_QUEUED = E(
    "notification.queued",
    "A message to a resident or a member of staff was queued (its key and channel, never its "
    "address or words).",
)
NOTIFICATION_SENT = E("notification.sent", "A queued message was handed to the backend.")
NOTIFICATION_FAILED = E(
    "notification.failed",
    "A message could not be sent: the reason, and whether it will be tried again.",
)
DIGEST_PREFERENCE_SET = E(
    "notification_preference.set",
    'A member of staff turned their daily "waiting for you" email on or off.',
)

S = Notification.Status
# A queued message is sent by the task enqueued when it was queued; should that task be
# lost (a worker stopped mid-send, a queue that was away), the sweep sends it once this
# long has passed.
LEASE = timedelta(minutes=10)
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
    *, actor: Actor, template: str, recipient: Recipient, personalisation: dict[str, object]
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
        next_attempt_at=clock.now() + LEASE,
    )
    notification.payload = sealing.seal(
        notification.pk,
        {"address": recipient.address.strip(), "personalisation": personalisation},
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
        transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def _enqueue(notification_id: uuid.UUID, *, delay: timedelta | None = None) -> None:
    from django_tasks import default_task_backend

    from lantern.notifications.tasks import send_notification

    task = send_notification
    if delay is not None:
        if not default_task_backend.supports_defer:
            return  # the sweep (retry_due_notifications) sends it when it is due
        task = task.using(run_after=clock.now() + delay)
    try:
        task.enqueue(notification_id=str(notification_id))
    except Exception:
        # The queue is away: the row is due at next_attempt_at, and the sweep sends it then.
        log.exception("could not enqueue notification %s", notification_id)


def _claim(notification_id: uuid.UUID) -> Notification | None:
    """Take the next attempt at a message still to send (one worker wins), holding it for
    LEASE so that the sweep leaves it alone while this attempt runs."""
    now = clock.now()
    claimed = Notification.objects.filter(
        Q(attempts=0) | Q(next_attempt_at__lte=now),
        pk=notification_id,
        status__in=[S.QUEUED, S.RETRYING],
    )
    if not claimed.update(attempts=F("attempts") + 1, next_attempt_at=now + LEASE):
        return None
    return Notification.objects.get(pk=notification_id)


def backoff(attempt: int) -> timedelta:
    """How long to wait after failed attempt ``attempt`` (1, 2, ...): 1, 5, 25, 125 minutes,
    at most six hours."""
    return min(timedelta(minutes=5 ** (attempt - 1)), timedelta(hours=6))


def notification_send(*, notification_id: uuid.UUID) -> str:
    """Send one queued message and record the outcome: its status afterwards ("sent",
    "retrying", "failed"), or "" when there was nothing to send (sent already, or another
    worker is at it)."""
    notification = _claim(notification_id)
    if notification is None:
        return ""
    try:
        payload = sealing.unseal(notification.pk, notification.payload)
    except (InvalidTag, ValueError):
        return _finish(notification, error="the sealed message could not be opened", retry=False)
    outgoing = backends.Outgoing(
        channel=notification.channel,
        address=payload["address"],
        template=notification.template,
        personalisation=payload["personalisation"],
        reference=str(notification.pk),
    )
    try:
        provider_id = backends.backend().send(outgoing)
    except backends.PermanentFailure as exc:
        return _finish(notification, error=str(exc), retry=False)
    except backends.TransientFailure as exc:
        return _finish(notification, error=str(exc), retry=True)
    except Exception as exc:  # a fault of ours or the library's: try again, say what it was
        log.exception("notification %s: unexpected failure", notification.pk)
        return _finish(notification, error=f"unexpected {type(exc).__name__}", retry=True)
    return _finish(notification, provider_id=provider_id)


def _finish(
    notification: Notification, *, error: str = "", retry: bool = False, provider_id: str = ""
) -> str:
    now = clock.now()
    n = notification
    if not error:
        n.status, n.sent_at, n.error, n.provider_id = S.SENT, now, "", provider_id[:64]
        n.next_attempt_at, n.payload = None, b""
    elif retry and n.attempts < settings.LANTERN_NOTIFICATIONS_MAX_ATTEMPTS:
        n.status, n.error, n.next_attempt_at = S.RETRYING, error[:300], now + backoff(n.attempts)
    else:
        n.status, n.error, n.next_attempt_at, n.payload = S.FAILED, error[:300], None, b""
    with transaction.atomic():
        n.save(
            update_fields=[
                "status",
                "sent_at",
                "error",
                "provider_id",
                "next_attempt_at",
                "payload",
                "updated_at",
            ]
        )
        details: dict[str, object] = {
            "template": n.template,
            "channel": n.channel,
            "attempt": n.attempts,
        }
        if error:
            details.update(error=n.error, will_retry=n.status == S.RETRYING)
        audit_record(
            actor=SYSTEM,
            action=NOTIFICATION_FAILED if error else NOTIFICATION_SENT,
            object_type="notification",
            object_id=n.pk,
            details=details,
        )
        if n.status == S.RETRYING:
            delay = backoff(n.attempts)
            transaction.on_commit(lambda: _enqueue(n.pk, delay=delay))
    return str(n.status)


def notifications_due() -> list[uuid.UUID]:
    """Messages whose next attempt is due: failed for a while, or lost on the way to a
    worker."""
    return list(
        Notification.objects.filter(
            status__in=[S.QUEUED, S.RETRYING], next_attempt_at__lte=clock.now()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )


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
    one line each app's service adds after the change it tells staff about."""
    transaction.on_commit(lambda: staff_told(**kwargs))  # type: ignore[arg-type]
