"""Every read of notifications data, for the actor asking (STYLE.md habit 2)."""

from __future__ import annotations

from lantern.core.actor import Actor
from lantern.core.permissions import Permission, can
from lantern.notifications.models import Preference
from lantern.notifications.waiting import WaitingItem, waiting_for


def digest_enabled(*, actor: Actor) -> bool:
    """Whether the actor gets the daily "waiting for you" email (on unless turned off)."""
    if actor.user_id is None:
        return False
    preference = Preference.objects.filter(user_id=actor.user_id).first()
    return preference is None or preference.digest


def waiting_list(*, actor: Actor) -> list[WaitingItem]:
    """What waits for the actor, from every app's provider (each through its own selectors,
    so only what the actor may see); nothing for someone with no dashboard or home page."""
    if not (can(actor, Permission.STAFF_DASHBOARD_VIEW) or can(actor, Permission.REPORT_VIEW_OWN)):
        return []
    return waiting_for(actor)
