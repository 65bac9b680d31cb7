"""Disclosure under the CPIA 1996 (docs/disclosure.md): the lines of a case's schedules, the
frozen versions revealed to the prosecutor, and the events of revelation and disclosure.

A line names one piece of the case's material by its app and id (``source_kind``,
``source_id``), never by a foreign key into another app's tables, and says where it goes:
the exhibit list (MG12, used material), the non-sensitive schedule (MG6C) or the sensitive
schedule (MG6D); and whether the disclosure officer's report (MG6E) flags it. Its description is the disclosure officer's words as they appear on the
schedule; the record itself stays where it is, read through its app's selectors."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lantern.core.models import BaseModel


class Schedule(models.TextChoices):
    MG12 = "mg12", "Used: exhibit list (MG12)"
    MG6C = "mg6c", "Unused, not sensitive (MG6C)"
    MG6D = "mg6d", "Unused, sensitive (MG6D)"


class RecordClass(models.TextChoices):
    """What kind of record the material is: the schedules are drafted from it."""

    REPORT = "report", "Resident's report"
    EVIDENCE = "evidence", "Evidence item"
    STATEMENT = "statement", "Witness statement"
    ENFORCEMENT = "enforcement", "Enforcement action"
    SAFEGUARDING = "safeguarding", "Safeguarding record"
    INTELLIGENCE = "intelligence", "Intelligence report"


class Sensitivity(models.TextChoices):
    """Why an item's revelation would give rise to a real risk of serious prejudice to an
    important public interest (CPS Disclosure Manual, chapter 8: MG6D)."""

    NONE = "", "Not sensitive"
    SAFEGUARDING = "safeguarding", "A safeguarding record"
    INTELLIGENCE = "intelligence", "An intelligence source"
    RESIDENT_IDENTITY = "resident_identity", "A resident's identity"
    OTHER = "other", "Another reason"


class Line(BaseModel):
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    case_id = models.UUIDField(db_index=True)
    source_kind = models.CharField(max_length=30)
    source_id = models.UUIDField()
    record_class = models.CharField(max_length=20, choices=RecordClass.choices)
    schedule = models.CharField(max_length=4, choices=Schedule.choices)
    exhibit_reference = models.CharField(max_length=20, blank=True)
    description = models.TextField()
    sensitivity = models.CharField(
        max_length=20, choices=Sensitivity.choices, blank=True, default=Sensitivity.NONE
    )
    sensitivity_detail = models.TextField(blank=True)
    # Flagged for the disclosure officer's report (MG6E): material that might undermine the
    # prosecution case or assist the case for the accused, with the officer's reason.
    undermines = models.BooleanField(default=False)
    undermines_reason = models.TextField(blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "source_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_id", "source_kind", "source_id"], name="disclosure_line_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_schedule_display()}: {self.description[:40]}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class ScheduleVersion(BaseModel):
    """The schedules as they were revealed: a frozen copy of every line (``lines``, in
    schedule order) and the SHA-256 of that copy. Never edited; a change makes a new one."""

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    case_id = models.UUIDField(db_index=True)
    number = models.PositiveIntegerField()
    lines = models.JSONField(default=list)
    sha256 = models.CharField(max_length=64)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_by_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["case_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case_id", "number"], name="disclosure_version_once")
        ]

    def __str__(self) -> str:
        return f"version {self.number}"


class DisclosureEvent(BaseModel):
    """A schedule version revealed to the prosecutor, or disclosed to the defence."""

    class Kind(models.TextChoices):
        REVELATION = "revelation", "Revealed to the prosecutor"
        DISCLOSURE = "disclosure", "Disclosed to the defence"

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    case_id = models.UUIDField(db_index=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    version = models.ForeignKey(ScheduleVersion, on_delete=models.PROTECT, related_name="events")
    happened_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["case_id", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (version {self.version.number})"
