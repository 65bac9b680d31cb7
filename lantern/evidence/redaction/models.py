"""A redaction of one original item: its boxes (regions), muted sound and suggestions.

A box is kept as keyframes, ``[[seconds, x, y, width, height], ...]`` in the pixels of the
picture the officer sees (the original, scaled to fit 1920 x 1080 like the playable copy),
and is interpolated linearly between them while the region's time range lasts. A photo's
boxes have one keyframe at time 0. Imported by ``lantern.evidence.models`` so Django finds
these models in the evidence app.
"""

from __future__ import annotations

from django.db import models

from lantern.core.models import BaseModel

# The derived_purpose of a redacted copy (its derived item names the original).
REDACTED = "redacted"


class Redaction(BaseModel):
    """A draft, then rendering, then done (its result is a derived item) or failed."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        RENDERING = "rendering", "Making the redacted copy"
        DONE = "done", "Redacted copy made"
        FAILED = "failed", "Failed"

    class Style(models.TextChoices):
        BLUR = "blur", "Blur"
        SOLID = "solid", "Solid black boxes"

    class Search(models.TextChoices):
        NONE = "", "Not asked for"
        SEARCHING = "searching", "Looking for faces and number plates"
        READY = "ready", "Suggestions ready"
        FAILED = "failed", "Suggestions could not be made"

    item = models.ForeignKey(
        "evidence.EvidenceItem", on_delete=models.PROTECT, related_name="redactions"
    )
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.UUIDField(null=True, blank=True)
    requested_by = models.UUIDField(null=True, blank=True)  # who asked for the render
    reason = models.TextField()
    style = models.CharField(max_length=10, choices=Style.choices, default=Style.BLUR)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    is_video = models.BooleanField(default=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    seconds = models.FloatField(default=0)
    frame_rate = models.FloatField(default=0)
    frame_count = models.PositiveIntegerField(default=1)
    has_sound = models.BooleanField(default=False)
    progress = models.PositiveSmallIntegerField(default=0)  # per cent, while rendering
    search = models.CharField(max_length=10, choices=Search.choices, blank=True)
    result = models.ForeignKey(
        "evidence.EvidenceItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    problem = models.CharField(max_length=300, blank=True)
    log = models.JSONField(default=dict, blank=True)  # the redaction log, once rendered

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"redaction {self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.FAILED)


class RegionLabel(models.TextChoices):
    FACE = "face", "A face"
    PLATE = "plate", "A number plate"
    OTHER = "other", "Something else"


class RedactionRegion(BaseModel):
    """A box to obscure from ``start`` to ``end`` seconds, moving between its keyframes."""

    redaction = models.ForeignKey(Redaction, on_delete=models.CASCADE, related_name="regions")
    label = models.CharField(max_length=10, choices=RegionLabel.choices)
    start = models.FloatField(default=0)
    end = models.FloatField(default=0)
    keyframes = models.JSONField()  # [[seconds, x, y, width, height], ...], by time
    added_by = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["start", "created_at"]

    def __str__(self) -> str:
        return f"{self.label} {self.start}-{self.end}"


class RedactionMute(BaseModel):
    """Sound silenced from ``start`` to ``end`` seconds."""

    redaction = models.ForeignKey(Redaction, on_delete=models.CASCADE, related_name="mutes")
    start = models.FloatField()
    end = models.FloatField()
    added_by = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["start", "created_at"]

    def __str__(self) -> str:
        return f"mute {self.start}-{self.end}"


class RedactionSuggestion(BaseModel):
    """A face or number plate Lantern found on sampled frames (detection, never recognition),
    tracked across samples; the officer accepts it (it becomes a region) or rejects it."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Not decided"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    redaction = models.ForeignKey(Redaction, on_delete=models.CASCADE, related_name="suggestions")
    label = models.CharField(max_length=10, choices=RegionLabel.choices)
    start = models.FloatField(default=0)
    end = models.FloatField(default=0)
    keyframes = models.JSONField()
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.UUIDField(null=True, blank=True)
    region = models.ForeignKey(
        RedactionRegion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["start", "created_at"]

    def __str__(self) -> str:
        return f"suggested {self.label} {self.start}-{self.end}"
