"""Graded intelligence, the entities it is about and the links between them (docs/intelligence.md).

Intelligence is its own data class (DataClass.INTELLIGENCE): every read is an access event.
What entities and links exist is declared in schema.py; these tables store them.

- ``IntelligenceReport``: the sanitised text, its 3x5x2 grading (DOMAIN.md 6.1) and where it
  came from. The source's identity is never on it: it is in ``SourceRecord``, which only a
  source handler reads.
- ``Entity``: one person, vehicle, phone, address, account, organisation or place in one
  partnership. A person or vehicle entity points at the casework record (never a copy).
- ``Statement`` (a property value) and ``Link`` (a tie between two entities) each carry
  their provenance and grading: where it came from, who asserted it, when, for what period.
- ``ResolutionCandidate``: two entities that record linkage thinks are one, until a person
  confirms or rejects it. A confirmed merge sets ``Entity.merged_into`` and nothing else:
  every statement and link stays on the entity it was asserted about, so an unmerge restores
  both exactly.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from lantern.core.models import BaseModel
from lantern.intelligence.schema import ENTITIES, LINKS


class SourceEvaluation(models.TextChoices):
    RELIABLE = "1", "1: reliable"
    UNTESTED = "2", "2: untested"
    NOT_RELIABLE = "3", "3: not reliable"


class Assessment(models.TextChoices):
    KNOWN_DIRECTLY = "A", "A: known directly to the source"
    CORROBORATED = "B", "B: known indirectly to the source but corroborated"
    KNOWN_INDIRECTLY = "C", "C: known indirectly to the source"
    NOT_KNOWN = "D", "D: not known"
    SUSPECTED_FALSE = "E", "E: suspected to be false"


class Handling(models.TextChoices):
    P = "P", "P: lawful sharing permitted"
    C = "C", "C: lawful sharing permitted with conditions"


class Origin(models.TextChoices):
    """Where a report, statement or link came from (its provenance)."""

    INTELLIGENCE_REPORT = "intelligence_report", "Intelligence report"
    REPORT = "report", "Resident report"
    SIGHTING = "sighting", "Sighting in a resident report"
    CASE = "case", "Case"
    CASE_NOTE = "case_note", "Case note"
    SCREENING = "screening", "Safeguarding screening"
    IMPORT = "import", "Imported edge list"
    OFFICER = "officer", "Officer's own knowledge"


SCHEMA_CHOICES = [(s.name, s.label) for s in ENTITIES.values()]
LINK_CHOICES = [(s.name, s.label) for s in LINKS.values()]


class Graded(models.Model):
    """The 3x5x2 grading (DOMAIN.md 6.1). Partners (not police) see a graded record only
    when it is P, or C with conditions that allow sharing with partners."""

    source_evaluation = models.CharField(max_length=1, choices=SourceEvaluation.choices)
    assessment = models.CharField(max_length=1, choices=Assessment.choices)
    handling = models.CharField(max_length=1, choices=Handling.choices)
    # For C: the handling instructions, written down; required.
    handling_conditions = models.TextField(blank=True)
    # For C: whether the conditions allow sharing with partner organisations (councils,
    # safeguarding); when not, only the police read it.
    partners_may_see = models.BooleanField(default=False)

    class Meta:
        abstract = True

    @property
    def grade(self) -> str:
        """The grading as written: "2B-P"."""
        return f"{self.source_evaluation}{self.assessment}-{self.handling}"


class Provenance(Graded):
    """Who asserted it, where it came from, when, for what period, and its grading."""

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    asserted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    asserted_at = models.DateTimeField()
    origin_type = models.CharField(max_length=30, choices=Origin.choices)
    # The record in Lantern it came from (a report, a case), where there is one.
    origin_id = models.UUIDField(null=True, blank=True)
    report = models.ForeignKey(
        "IntelligenceReport",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The intelligence report it was recorded from, if any.",
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    retracted_at = models.DateTimeField(null=True, blank=True)
    retracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True


class IntelligenceReport(BaseModel, Graded):
    reference = models.CharField(max_length=16, unique=True)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField()
    # Sanitised: nothing in it may identify the source, explicitly or implicitly.
    text = models.TextField()
    origin_type = models.CharField(max_length=30, choices=Origin.choices, default=Origin.OFFICER)
    origin_id = models.UUIDField(null=True, blank=True)
    # A named source for imported material ("Operation X call data"), never a person's name.
    source_name = models.CharField(max_length=200, blank=True)
    occurred_from = models.DateField(null=True, blank=True)
    occurred_to = models.DateField(null=True, blank=True)
    mentions: models.ManyToManyField[Entity, Any] = models.ManyToManyField(
        "Entity", related_name="mentioned_in", blank=True
    )

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["partnership", "-submitted_at"], name="intel_report_recent"),
            # The API's list walks it, newest first (docs/adr/0023-api-lists-page-by-cursor.md).
            models.Index(fields=["-submitted_at", "-id"], name="intel_report_submitted_list"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(handling="C") | ~Q(handling_conditions=""),
                name="intel_report_c_has_conditions",
            )
        ]

    def __str__(self) -> str:
        return self.reference


class SourceRecord(BaseModel):
    """Who the source of an intelligence report is, kept apart from its text. Read by a
    source handler only. A resident who reports is a witness: their report is the origin of
    intelligence, never a source record."""

    report = models.OneToOneField(
        IntelligenceReport, on_delete=models.PROTECT, related_name="source_record"
    )
    source_reference = models.CharField(max_length=50)
    identity = models.TextField(blank=True)
    handler_notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )


class Entity(BaseModel):
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    schema = models.CharField(max_length=20, choices=SCHEMA_CHOICES)
    # What pages call it: a person's name, a registration, a number.
    caption = models.CharField(max_length=200)
    # The identifying property, normalised (schema.normalise_key), or "".
    key = models.CharField(max_length=200, blank=True)
    person = models.ForeignKey(
        "cases.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vehicle = models.ForeignKey(
        "cases.Vehicle", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A confirmed merge: this entity is shown as part of ``merged_into``. Undone by clearing.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )

    class Meta:
        ordering = ["caption"]
        indexes = [
            models.Index(fields=["partnership", "schema"], name="intel_entity_schema"),
            # The API's list walks it, newest first (docs/adr/0023-api-lists-page-by-cursor.md).
            models.Index(fields=["-created_at", "-id"], name="intel_entity_created_list"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "schema", "key"],
                condition=~Q(key=""),
                name="intel_entity_one_per_key",
            ),
            models.UniqueConstraint(
                fields=["partnership", "person"],
                condition=Q(person__isnull=False),
                name="intel_entity_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["partnership", "vehicle"],
                condition=Q(vehicle__isnull=False),
                name="intel_entity_one_per_vehicle",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=F("id")), name="intel_entity_not_merged_into_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.caption


class Statement(BaseModel, Provenance):
    """One assertion of one property's value about one entity."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="statements")
    prop = models.CharField(max_length=40)
    value = models.CharField(max_length=500)

    class Meta:
        ordering = ["asserted_at"]
        indexes = [models.Index(fields=["entity", "prop"], name="intel_statement_entity")]

    def __str__(self) -> str:
        return f"{self.prop} ({self.grade})"


class Link(BaseModel, Provenance):
    """One assertion that two entities are tied (schema.LINKS), with its provenance."""

    link_type = models.CharField(max_length=30, choices=LINK_CHOICES)
    source = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="links_out")
    target = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="links_in")
    # For a timed link (a call): when it happened.
    occurred_at = models.DateTimeField(null=True, blank=True)
    # How strong the tie is: calls, meetings, sightings together (imported edge weights).
    weight = models.FloatField(default=1.0)

    class Meta:
        ordering = ["asserted_at"]
        indexes = [
            models.Index(fields=["partnership", "link_type"], name="intel_link_type"),
            models.Index(fields=["source"], name="intel_link_source"),
            models.Index(fields=["target"], name="intel_link_target"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=F("target")), name="intel_link_not_to_itself"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="intel_link_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.link_type} ({self.grade})"


class ResolutionCandidate(BaseModel):
    """Two entities record linkage thinks may be one; nothing merges until a person says so."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        CONFIRMED = "confirmed", "Confirmed: merged"
        REJECTED = "rejected", "Rejected: not the same"
        UNDONE = "undone", "Merged, then unmerged"

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    schema = models.CharField(max_length=20, choices=SCHEMA_CHOICES)
    # entity_a keeps its identity in a merge; entity_b is merged into it.
    entity_a = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="+")
    entity_b = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="+")
    probability = models.FloatField(null=True, blank=True)
    found_by = models.CharField(max_length=30, default="linkage")  # linkage, analyst
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    undone_reason = models.TextField(blank=True)
    # The entity a confirmed merge moved (entity_b, or the entity it was itself merged into):
    # unmerging clears its ``merged_into``.
    merged_entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-probability", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["entity_a", "entity_b"], name="intel_candidate_once"),
            models.CheckConstraint(
                condition=~Q(entity_a=F("entity_b")), name="intel_candidate_two_entities"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.schema} candidate ({self.status})"


class TaskingAction(BaseModel):
    """An action agreed at a tasking meeting on a subject or problem profile (NIM: Tactical
    Tasking and Co-ordinating Group), with its owner and due date. Open until its owner or an
    analyst completes it, or an analyst cancels it; never edited otherwise."""

    class Kind(models.TextChoices):
        SUBJECT = "subject", "Subject profile"
        PROBLEM = "problem", "Problem profile"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    profile_kind = models.CharField(max_length=10, choices=Kind.choices)
    # A subject profile's entity.
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, null=True, blank=True, related_name="tasking_actions"
    )
    # A problem profile's place and period: a named area (None for the partnership's whole
    # area), its name as shown when the action was agreed, and the period.
    area = models.ForeignKey(
        "places.Area", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    area_name = models.CharField(max_length=200, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    action = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closing_note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [
            models.Index(fields=["partnership", "status", "due_on"], name="intel_tasking_open"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(profile_kind="subject") | Q(entity__isnull=False),
                name="intel_tasking_subject_has_entity",
            ),
        ]

    def __str__(self) -> str:
        return f"Tasking action ({self.status})"
