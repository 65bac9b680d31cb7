"""Open311 GeoReport v2: the client applications that may send reports, what each sent
alongside a report, and the updates they send on their reports.

lantern.reports.models imports this module at its end, so these are models of the reports app
(migrations in lantern/reports/migrations)."""

from __future__ import annotations

from django.db import models

from lantern.core.models import BaseModel
from lantern.reports.open311 import events  # noqa: F401  (declares the audit actions)

__all__ = ["Open311Client", "Open311Submission", "Open311Update"]


class Open311Client(BaseModel):
    """An application (FixMyStreet, a council's app) that sends reports with an api_key.
    Only the SHA-256 of the key is kept; the key itself is printed once, at creation."""

    name = models.CharField(max_length=40, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    key_prefix = models.CharField(
        max_length=8, help_text="The key's first characters, to tell keys apart."
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The one partnership the client sends reports for: a report at a place outside its area
    # is refused, and its actor reaches only this partnership.
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class Open311Submission(BaseModel):
    """What an Open311 client sent with a report beyond the report itself: the token it may
    look the request up by, its own account and device ids, and its media. Never shown in GET
    responses. The name, email and phone the client sent are the report's contact details,
    not kept here."""

    report = models.OneToOneField(
        "reports.Report", on_delete=models.CASCADE, related_name="open311_submission"
    )
    client = models.ForeignKey(Open311Client, on_delete=models.PROTECT, related_name="submissions")
    token = models.CharField(max_length=40, unique=True)
    account_id = models.CharField(max_length=100, blank=True)
    device_id = models.CharField(max_length=100, blank=True)
    address_id = models.CharField(max_length=100, blank=True)
    media_urls = models.JSONField(default=list, blank=True)
    # One {"field", "size", "content_type", "item"} per file sent in a multipart request. The
    # bytes become the evidence item "item" (lantern.core.media: the evidence app keeps them).
    media_files = models.JSONField(default=list, blank=True)


class Open311Update(BaseModel):
    """An update a client sent on one of its reports (mySociety's servicerequestupdates).
    Kept for officers to read; it does not change the report's status (officers decide)."""

    report = models.ForeignKey(
        "reports.Report", on_delete=models.CASCADE, related_name="open311_updates"
    )
    client = models.ForeignKey(Open311Client, on_delete=models.PROTECT, related_name="updates")
    external_id = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=40, help_text="The status the client sent, e.g. FIXED.")
    description = models.TextField(blank=True)
    media_url = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "external_id"],
                condition=~models.Q(external_id=""),
                name="open311_update_once_per_client",
            )
        ]
