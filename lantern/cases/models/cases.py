"""Cases and their subjects: people, vehicles and bodies in roles, linked reports, notes,
and issuers' designations. People are personal and criminal-offence data (UK GDPR Art. 10):
every read of one goes through lantern/cases/selectors/, which logs it."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from lantern.core.models import BaseModel


class Case(BaseModel):
    class Kind(models.TextChoices):
        PERSON = "person", "Person-centred ASB case"
        PLACE = "place", "Place-based problem (SARA)"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Sara(models.TextChoices):
        SCANNING = "scanning", "Scanning"
        ANALYSIS = "analysis", "Analysis"
        RESPONSE = "response", "Response"
        ASSESSMENT = "assessment", "Assessment"

    class Risk(models.TextChoices):
        NOT_ASSESSED = "", "Not assessed"
        STANDARD = "standard", "Standard"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    reference = models.CharField(max_length=12, unique=True)
    # The scope (docs/adr/0015-partnership-is-the-scope.md): the partnership of its creator,
    # or the one they chose. Its subjects, notes, report links, actions, breaches and
    # documents belong to it through the case.
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    sara_stage = models.CharField(max_length=12, choices=Sara.choices, blank=True)
    area = models.JSONField(null=True, blank=True, help_text="A GeoJSON Polygon.")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="owned_cases"
    )
    partners = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="partner_cases"
    )
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_cases",
    )
    next_review_on = models.DateField(null=True, blank=True)
    victim_risk = models.CharField(max_length=10, choices=Risk.choices, blank=True)
    victim_risk_notes = models.TextField(blank=True)
    victim_risk_assessed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["partnership", "-created_at"], name="case_partnership_list"),
            # The case lists, newest first with the id to break ties (the list page's keyset
            # and the API's cursor order, docs/adr/0023): walked until a page of cases the reader may see is found
            # (``case_walk_q`` is a condition on each row), so a page costs the same
            # however many cases there are (docs/scale.md).
            models.Index(fields=["-created_at", "-id"], name="case_created_list"),
            # An officer's open cases by review date: the dashboard's "What is due" panel.
            models.Index(
                fields=["lead_officer", "status", "next_review_on"], name="case_lead_review_due"
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class Person(BaseModel):
    """A person a case is about (perpetrator, victim, witness...). The record belongs to the
    partnership of the case they were first added to: others see it only through a case
    they may see (a shared one included), and never change it."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(null=True, blank=True)
    estimated_on = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    address = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        name = f"{self.given_name} {self.family_name}".strip()
        return name or (self.aliases[0] if self.aliases else "Unnamed person")

    def age_on(self, day: date) -> int | None:
        """Age in whole years on ``day``: from the date of birth, else the estimate grown by
        the years since it was made."""
        if self.date_of_birth:
            dob = self.date_of_birth
            return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
        if self.estimated_age is not None:
            since = self.estimated_on or self.created_at.date()
            years = day.year - since.year - ((day.month, day.day) < (since.month, since.day))
            return self.estimated_age + max(years, 0)
        return None


class Vehicle(BaseModel):
    """One record per (normalised) registration: the vehicle's identity, shared by every
    organisation that links it to a case. What anyone knows about it (make, model, colour,
    its registered keeper) is a statement of theirs, a ``Fact`` with its source and owner
    (docs/adr/0016-facts-as-statements.md): nothing about the vehicle is kept on this row,
    so nobody overwrites another organisation's facts."""

    registration = models.CharField(max_length=8, unique=True)  # normalised

    class Meta:
        ordering = ["registration"]

    def __str__(self) -> str:
        return self.registration


class Body(BaseModel):
    """An organisation a case is about (a business, a landlord): a "body" in s.43."""

    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SubjectRole(models.TextChoices):
    PERPETRATOR = "perpetrator", "Perpetrator"
    VICTIM = "victim", "Victim"
    WITNESS = "witness", "Witness"
    EXPLOITATION = "potential_victim_of_exploitation", "Potential victim of exploitation"
    ASSOCIATE = "associate", "Associate"
    KEEPER = "registered_keeper", "Registered keeper"


class CaseSubject(BaseModel):
    """A person, vehicle or body linked to a case in a role."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="subjects")
    role = models.CharField(max_length=40, choices=SubjectRole.choices)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="links"
    )
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, null=True, blank=True, related_name="links"
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="links"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, vehicle__isnull=True, body__isnull=True)
                    | Q(person__isnull=True, vehicle__isnull=False, body__isnull=True)
                    | Q(person__isnull=True, vehicle__isnull=True, body__isnull=False)
                ),
                name="case_subject_exactly_one",
            ),
        ]


class CaseReport(BaseModel):
    """A report linked to the case (the reports app records the same link on its side)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="report_links")
    report_id = models.UUIDField()
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "report_id"], name="case_report_once")
        ]


class CaseNote(BaseModel):
    """A dated entry on the case timeline: reviews, risk assessments, SARA stages, closure."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=30)
    text = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["created_at"]


class Designation(BaseModel):
    """A power to issue notices that a role alone does not give (docs/enforcement.md), and
    the body that made it: a council designates its own people (s.53(1)(c)) and authorises
    social landlords (SI 2015/749); a police force's chief officer designates its PCSOs
    (PRA 2002 Sch.4). DESIGNATING_BODY checks who grants it."""

    class Kind(models.TextChoices):
        PCSO = "pcso", "PCSO designated by the chief officer (PRA 2002 Sch.4 para 1ZB)"
        COUNCIL = "council", "Person designated by the local authority (ASBCPA 2014 s.53(1)(c))"
        LANDLORD = "social_landlord", "Authorised social landlord (SI 2015/749)"

    user_id = models.UUIDField(db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The designating body; empty only on designations recorded before it was (they confer
    # no power until granted again).
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
