"""The append-only, hash-chained audit log.

Each event's ``hash`` is SHA-256 over ``chain.encode(...)`` of its fields, which include the
previous event's hash. Database triggers (migration 0002) refuse UPDATE, DELETE and
TRUNCATE; the unique ``prev_hash`` makes a fork of the chain impossible to store.
"""

from django.db import models


class AuditEvent(models.Model):
    class Kind(models.TextChoices):
        CHANGE = "change", "Change"
        ACCESS = "access", "Access"

    seq = models.BigIntegerField(primary_key=True)
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=6, choices=Kind.choices)
    actor = models.CharField(max_length=64, help_text="User id, 'system' or 'anonymous'.")
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=100, blank=True)
    details = models.TextField(help_text="Canonical JSON; identifiers only, no personal data.")
    prev_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"
