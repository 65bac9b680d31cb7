"""What was sent to whom, when, and whether it went: never the message itself.

A notification row names its recipient by user id where they have an account (a resident
who reported without one is named by nobody: the report's own contact details were used).
The address and the personalisation travel sealed (AES-GCM) in ``payload`` only until the
message is sent or given up on, then the payload is emptied."""

from __future__ import annotations

from django.db import models

from lantern.core.models import BaseModel


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"


class Notification(BaseModel):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RETRYING = "retrying", "Waiting to try again"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    recipient_user_id = models.UUIDField(null=True, blank=True, db_index=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    template = models.CharField(max_length=40, help_text="The message's key, e.g. report_received.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(
        max_length=64, blank=True, help_text="The id the provider gave the message, if any."
    )
    error = models.CharField(
        max_length=300, blank=True, help_text="Why the last attempt failed (no personal data)."
    )
    payload = models.BinaryField(
        default=b"", help_text="Address and personalisation, sealed; emptied once done."
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"],
                name="notification_due",
                condition=models.Q(status__in=["queued", "retrying"]),
            ),
            models.Index(fields=["template", "created_at"], name="notification_template_created"),
        ]

    def __str__(self) -> str:
        return f"{self.template} by {self.channel}: {self.status}"


class Preference(BaseModel):
    """A staff user's choice about the daily "waiting for you" email (on unless turned off)."""

    user_id = models.UUIDField(unique=True)
    digest = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"digest {'on' if self.digest else 'off'}"
