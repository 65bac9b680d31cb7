"""Retention: overrides per partnership, the review queue, decisions, tombstones, and blob
deletions waiting for an S3 Object Lock to end. None of these rows holds personal data: a
record is named by its class and id, and reasons are written by the reviewer for the record
of the decision (the page asks them not to name people)."""

from __future__ import annotations

from django.db import models

from lantern.core.models import BaseModel


class RetentionOverride(BaseModel):
    """A partnership's own period for one retention rule (its retention policy)."""

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    rule = models.CharField(max_length=40)
    period_days = models.PositiveIntegerField()
    reason = models.TextField()
    set_by = models.UUIDField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "rule"], name="retention_override_once")
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.period_days} days"


class ReviewItem(BaseModel):
    """A record due for review under its retention rule, and where its review stands."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        RETAINED = "retained", "Retained"
        DISPOSE = "dispose", "To be disposed of"
        DISPOSED = "disposed", "Disposed of"

    record_class = models.CharField(max_length=80)  # a model label, "reports.Report"
    record_id = models.UUIDField()
    label = models.CharField(max_length=120, blank=True)  # a reference, no personal data
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+", null=True
    )
    rule = models.CharField(max_length=40)
    period_days = models.PositiveIntegerField()
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    retain_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        constraints = [
            # One review at a time for a record: a retained record comes back as a new item.
            models.UniqueConstraint(
                fields=["record_class", "record_id"],
                condition=models.Q(status__in=["pending", "dispose"]),
                name="review_item_open_once",
            )
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="review_item_queue"),
            models.Index(fields=["record_class", "record_id"], name="review_item_record"),
        ]

    def __str__(self) -> str:
        return f"{self.record_class} {self.record_id} ({self.status})"


class Decision(BaseModel):
    """A reviewer's decision on a review item: retain until a date, because; or dispose.
    Decisions to retain must be recorded (College of Policing APP, DOMAIN.md 6.3)."""

    class Kind(models.TextChoices):
        RETAIN = "retain", "Retain"
        DISPOSE = "dispose", "Dispose of"

    item = models.ForeignKey(ReviewItem, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    retain_until = models.DateField(null=True, blank=True)
    reason = models.TextField()
    decided_by = models.UUIDField()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_id}"


class Tombstone(BaseModel):
    """What is left of a disposed record: its class, when, under which rule and decision.
    No personal data: the record's id names nothing once the record is gone."""

    record_class = models.CharField(max_length=80)
    record_id = models.UUIDField()
    rule = models.CharField(max_length=40)
    disposed_at = models.DateTimeField()
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    followed = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="The record this one was disposed of with (evidence filed under a report).",
    )
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["-disposed_at"]
        constraints = [
            models.UniqueConstraint(fields=["record_class", "record_id"], name="tombstone_once")
        ]

    def __str__(self) -> str:
        return f"{self.record_class} {self.record_id}"


class BlobDeletion(BaseModel):
    """An evidence blob to delete from the store once its S3 Object Lock ends."""

    sha256 = models.CharField(max_length=64, unique=True)
    not_before = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["done_at", "not_before"], name="blob_deletion_due")]

    def __str__(self) -> str:
        return self.sha256
