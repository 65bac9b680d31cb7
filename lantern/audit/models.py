"""The append-only, hash-chained audit log, and the signed checkpoints of its head.

Each event's ``hash`` is SHA-256 over ``chain.encode(...)`` of its fields, which include the
previous event's hash. Database triggers (migration 0002) refuse UPDATE, DELETE and
TRUNCATE; the unique ``prev_hash`` makes a fork of the chain impossible to store.
``lantern audit verify`` rebuilds every encoding from the columns (ADR 0013).
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
            # The latest event of an action (the last verification), without reading the log
            # back from its end; and the list filtered by action, newest first.
            models.Index(fields=["action", "-seq"], name="audit_event_action_seq"),
            # "Your recent activity": a user's latest changes, without reading the log back
            # from its end when their last change is long past (docs/scale.md).
            models.Index(fields=["actor", "kind", "-seq"], name="audit_event_actor_kind_seq"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class AuditEventObject(models.Model):
    """A record a list access event names (ADR 0020): one row per id in the event's hashed
    details, written in the same transaction as the event, so "who read record X" is an
    index lookup. Append-only like the log (triggers); ``lantern audit verify`` checks the
    rows of every list event against its details, so a row added, changed or removed is
    found."""

    # No constraint in the database: verify checks every row against its event, and a
    # constraint would make each row a lookup of its event under the chain's lock (and make
    # PostgreSQL refuse TRUNCATE for the constraint before the append-only trigger can).
    event = models.ForeignKey(
        AuditEvent,
        on_delete=models.DO_NOTHING,
        related_name="objects_named",
        db_index=False,
        db_constraint=False,
    )
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=100)

    class Meta:
        ordering = ["event", "object_type", "object_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "object_type", "object_id"], name="audit_event_object_unique"
            )
        ]
        indexes = [
            models.Index(fields=["object_type", "object_id", "event"], name="audit_object_event"),
        ]

    def __str__(self) -> str:
        return f"#{self.event_id} {self.object_type} {self.object_id}"


class AuditCheckpoint(models.Model):
    """The chain's head, signed: event ``seq`` had hash ``head_hash`` when it was signed at
    ``signed_at`` with the Ed25519 key ``key_id`` (lantern.audit.checkpoints, ADR 0013)."""

    seq = models.BigIntegerField(db_index=True)
    head_hash = models.CharField(max_length=64)
    signed_at = models.DateTimeField()
    signature = models.CharField(max_length=88, help_text="Ed25519 signature, base64.")
    key_id = models.CharField(
        max_length=16, help_text="First 16 hex digits of SHA-256 of the public key."
    )

    class Meta:
        ordering = ["seq", "id"]

    def __str__(self) -> str:
        return f"checkpoint {self.pk} at #{self.seq}"
