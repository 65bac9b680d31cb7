"""Facts as statements (docs/adr/0016-facts-as-statements.md, DESIGN.md principle 8): what
an organisation holds about a vehicle or a person is kept as its own statement, with its
source, who asserted it and when, never as a column that the next organisation overwrites.

A ``Fact`` says: organisation O (in partnership P) asserts that property X of subject S has
value V, from source T (a case, a report, a sighting, a DVLA keeper enquiry...). An
organisation corrects only its own statements: a newer one on the same property supersedes
its older one (``superseded_by``), or it withdraws one (``retracted_at``). Pages show the
current view: per property, the statements the reader may see, with who said what and when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from lantern.core.models import BaseModel


class FactSubject(models.TextChoices):
    VEHICLE = "vehicle", "Vehicle"
    PERSON = "person", "Person"


class FactProperty(models.TextChoices):
    """The properties a statement may be about, declared once for every subject type."""

    MAKE = "make", "Make"
    MODEL = "model", "Model"
    COLOUR = "colour", "Colour"
    KEEPER_NAME = "keeper_name", "Registered keeper's name"
    KEEPER_ADDRESS = "keeper_address", "Registered keeper's address"
    KEEPER_PERSON = "keeper_person", "Registered keeper on Lantern's records"
    DATE_OF_BIRTH = "date_of_birth", "Date of birth"
    ADDRESS = "address", "Address"
    ALIAS = "alias", "Other name"


# Which properties each kind of subject has, in the order pages show them.
PROPERTIES: dict[str, tuple[str, ...]] = {
    FactSubject.VEHICLE: (
        FactProperty.MAKE,
        FactProperty.MODEL,
        FactProperty.COLOUR,
        FactProperty.KEEPER_NAME,
        FactProperty.KEEPER_ADDRESS,
        FactProperty.KEEPER_PERSON,
    ),
    FactSubject.PERSON: (FactProperty.DATE_OF_BIRTH, FactProperty.ADDRESS, FactProperty.ALIAS),
}

# Keeper details come from the DVLA, released to the organisation that asked for them:
# only that organisation sees their values; others see who holds them (ADR 0016).
KEEPER_PROPERTIES = frozenset(
    {FactProperty.KEEPER_NAME, FactProperty.KEEPER_ADDRESS, FactProperty.KEEPER_PERSON}
)


class FactSource(models.TextChoices):
    """Where a statement came from."""

    CASE = "case", "Case"
    REPORT = "report", "Resident report"
    SIGHTING = "sighting", "Sighting"
    DVLA = "dvla_keeper_enquiry", "DVLA keeper enquiry"
    INTELLIGENCE = "intelligence", "Intelligence report"
    SCREENING = "screening", "Safeguarding screening"
    UNKNOWN = "unknown", "Recorded before Lantern kept facts per organisation"


class Fact(BaseModel):
    """One organisation's statement about one property of a vehicle or a person."""

    subject_type = models.CharField(max_length=10, choices=FactSubject.choices)
    subject_id = models.UUIDField()
    property = models.CharField(max_length=30, choices=FactProperty.choices)
    # A string (a make, a name, an address, an ISO date) or a person's id as a string; None
    # where the statement is that there is none (the keeper is not a person on our records).
    value = models.JSONField(null=True, blank=True)
    # Who asserts it: its organisation, in one of that organisation's partnerships. None only
    # on statements recorded before Lantern kept them per organisation (migration 0009).
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    # The case it was asserted on, if any: a share of that case shares the statement too.
    case = models.ForeignKey(
        "Case", on_delete=models.PROTECT, null=True, blank=True, related_name="facts"
    )
    source_type = models.CharField(max_length=30, choices=FactSource.choices)
    # The record in Lantern it came from (a case, a report), where there is one.
    source_id = models.UUIDField(null=True, blank=True)
    asserted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    asserted_at = models.DateTimeField()
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    # The intelligence grading (3x5x2, DOMAIN.md 6.1) of a statement from intelligence: kept
    # empty until the intelligence app records graded statements (issue 19).
    grading = models.CharField(max_length=10, blank=True)
    # An organisation's correction of its own statement: the newer one that replaces it, or
    # its withdrawal. A statement with neither is current.
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    retracted_at = models.DateTimeField(null=True, blank=True)
    retracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["asserted_at"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "property"], name="fact_subject"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "property", "organisation", "partnership"],
                condition=Q(superseded_by__isnull=True, retracted_at__isnull=True),
                name="fact_one_current_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="fact_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_type} {self.property}"

    def is_current(self) -> bool:
        # Not a @property: the field named ``property`` shadows the builtin in this class.
        return self.superseded_by_id is None and self.retracted_at is None
