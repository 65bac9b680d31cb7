"""Deploy checks for notifications (``lantern check --deploy``): a production service that
prints messages instead of sending them, or that cannot reach GOV.UK Notify."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from lantern.notifications.messages import MESSAGES

# Keys used for text messages, which need their own Notify template ("<key>_sms").
TEXTED = (
    "report_received",
    "report_updated",
    "footage_requested",
    "footage_deletion_reminder",
)


@register(Tags.security, deploy=True)
def notifications_configured(app_configs, **kwargs) -> list:
    backend = settings.LANTERN_NOTIFICATIONS_BACKEND
    found: list = []
    if backend == "console":
        found.append(
            Warning(
                "Notifications are printed to the worker's console, not sent, and the "
                "console shows residents' addresses.",
                hint="Set LANTERN_NOTIFICATIONS_BACKEND=notify (or smtp).",
                id="notifications.W001",
            )
        )
    if backend == "notify":
        if not settings.LANTERN_NOTIFY_API_KEY:
            found.append(
                Error(
                    "LANTERN_NOTIFICATIONS_BACKEND is notify but LANTERN_NOTIFY_API_KEY is empty.",
                    hint="Set the GOV.UK Notify API key.",
                    id="notifications.E001",
                )
            )
        wanted = [*MESSAGES, *(f"{key}_sms" for key in TEXTED)]
        missing = [key for key in wanted if not settings.LANTERN_NOTIFY_TEMPLATES.get(key)]
        if missing:
            found.append(
                Warning(
                    f"No GOV.UK Notify template id for: {', '.join(missing)}. These messages "
                    "will be recorded as failed.",
                    hint="Add key=id pairs to LANTERN_NOTIFY_TEMPLATES (docs/notifications.md).",
                    id="notifications.W002",
                )
            )
    return found
