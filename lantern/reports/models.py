"""Resident incident reports, the categories they are filed under, and what happens to them.

A report is about an incident, never about a person: descriptions of people are optional
free text, and concern for someone's safety goes to the safeguarding queue.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lantern.core.models import BaseModel


class Queue(models.TextChoices):
    """Which team's queue a category's reports go to."""

    ENFORCEMENT = "enforcement", "Police and council enforcement"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    ENVIRONMENTAL = "environmental", "Council environmental services"


class AsbType(models.TextChoices):
    """The national ASB types (Home Office): personal, nuisance, environmental."""

    PERSONAL = "personal", "Personal"
    NUISANCE = "nuisance", "Nuisance"
    ENVIRONMENTAL = "environmental", "Environmental"


class Category(BaseModel):
    """A kind of incident; data an administrator can edit."""

    code = models.SlugField(max_length=60, unique=True, help_text="Also the Open311 service_code.")
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    asb_type = models.CharField(max_length=20, choices=AsbType.choices)
    queue = models.CharField(max_length=20, choices=Queue.choices, default=Queue.ENFORCEMENT)
    allows_anonymous = models.BooleanField(default=True)
    asks_about_vehicles = models.BooleanField(default=False)
    asks_about_people = models.BooleanField(
        default=True,
        help_text="Off for concern-for-safety: residents are never asked to describe a "
        "person who may be exploited.",
    )
    extra_questions = models.JSONField(
        default=list,
        blank=True,
        help_text='List of {"code", "question", "kind": "text"|"yes_no"|"choice", "choices", '
        '"required"}.',
    )
    is_hate_crime = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Report(BaseModel):
    class Status(models.TextChoices):
        NEW = "new", "Received"
        ASSIGNED = "assigned", "Being looked at"
        IN_PROGRESS = "in_progress", "Action being taken"
        DUPLICATE = "duplicate", "Already reported"
        CLOSED = "closed", "Closed"

    class Source(models.TextChoices):
        WEB = "web", "Lantern website"
        OPEN311 = "open311", "Open311 client"
        STAFF = "staff", "Recorded by staff"

    class Contact(models.TextChoices):
        NONE = "none", "Do not contact me"
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"

    # Indexes are written on every submission, so only those a query uses are kept: the
    # tracking code is checked with the reference (unique), and (category, occurred_from)
    # below serves lookups by category (migration 0006).
    reference = models.CharField(max_length=12, unique=True)
    tracking_code_hash = models.CharField(max_length=64, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="reports", db_index=False
    )
    queue = models.CharField(max_length=20, choices=Queue.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    anonymous = models.BooleanField(default=False)
    latitude = models.FloatField()
    longitude = models.FloatField()
    address = models.CharField(max_length=300, blank=True)
    place_name = models.CharField(
        max_length=160,
        blank=True,
        help_text="The street at the point, named when the report was made "
        "('On or near Larkspur Row'); empty if none was known or the place is approximate.",
    )
    location_approximate = models.BooleanField(
        default=False,
        help_text="Only an address was given: the point is the map's centre, not the place. "
        "Left out of hotspots and duplicate suggestions.",
    )
    occurred_from = models.DateTimeField()
    occurred_to = models.DateTimeField(null=True, blank=True)
    description = models.TextField()
    people_description = models.TextField(blank=True)
    answers = models.JSONField(default=dict, blank=True)
    contact = models.CharField(max_length=10, choices=Contact.choices, default=Contact.NONE)
    contact_name = models.CharField(
        max_length=200, blank=True, help_text="The name an Open311 client sent, if any."
    )
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    # Empty when a report is filed: their indexes (below) leave empty values out, so a
    # submission writes neither (migration 0007).
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_reports",
        db_index=False,
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        db_index=False,
    )
    # "Still happening": a later incident its reporter added to one of their reports, at the
    # same place and of the same kind (services.report_still_happening). It is a report of
    # its own (a complaint with its own date, in the triage queue, counted for the ASB Case
    # Review threshold), naming the first report of the series. Empty for most reports: its
    # index (below) leaves empty values out.
    continues = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="continuations",
        db_index=False,
    )
    open311_client = models.CharField(max_length=100, blank=True)
    # The partnership whose area holds the place (accounts.selectors.partnership_at), whoever
    # filed it: its staff see the report (docs/adr/0015-partnership-is-the-scope.md). Its
    # index below leads with it and serves the staff lists, newest first.
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["partnership", "-created_at"], name="report_partnership_idx"),
            # The triage list, newest first, by keyset (docs/scale.md): what a reader may see
            # is an OR (their partnerships' reports or those shared with them), which no
            # partnership-first index can answer in order.
            models.Index(fields=["-created_at", "-id"], name="report_created_idx"),
            # "Waiting for you": the oldest new reports first.
            models.Index(fields=["status", "created_at"], name="report_status_created_idx"),
            models.Index(fields=["category", "occurred_from"]),
            models.Index(fields=["status", "queue"]),
            models.Index(fields=["latitude", "longitude"]),
            models.Index(
                fields=["assigned_to"],
                condition=models.Q(assigned_to__isnull=False),
                name="report_assigned_to_idx",
            ),
            models.Index(
                fields=["duplicate_of"],
                condition=models.Q(duplicate_of__isnull=False),
                name="report_duplicate_of_idx",
            ),
            models.Index(
                fields=["continues"],
                condition=models.Q(continues__isnull=False),
                name="report_continues_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def where(self) -> str:
        """The place as people read it, never coordinates: the address given, with the
        street named at the map point ("Behind the shops (on or near Larkspur Row)")."""
        address = self.address.strip()
        name = self.place_name
        if address and name and name.lower().removeprefix("on or near ") not in address.lower():
            return f"{address} ({name[0].lower()}{name[1:]})"
        return address or name or (PIN_ONLY if not self.location_approximate else "")


# A report's place when it has neither an address nor a street named near its map point.
PIN_ONLY = "A pin on the map"


class ReportMonthCount(models.Model):
    """How many reports a partnership received each month (UK time), outside the
    safeguarding queue: what the partnership's figures show for its whole area, kept by the
    services that create and dispose of reports (lantern/reports/month_counts.py), so that
    the figures read one row per month instead of every report of the year (issue 21,
    docs/scale.md). A count, no report, reporter or place."""

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(help_text="The first day of the month (UK time).")
    reports = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "month"], name="report_month_count")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.reports}"


class VehicleMention(BaseModel):
    """A registration a report names, normalised, or the part of one the reporter saw
    (lantern.core.registration)."""

    # vehicle_once_per_report (report, registration) serves lookups by report.
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="vehicles", db_index=False
    )
    registration = models.CharField(max_length=8, db_index=True)
    # Only part of a plate was seen ("AB12 C", kept with its spaces): never matched or linked
    # as a whole vehicle (lantern.core.registration.normalise_sighting).
    partial = models.BooleanField(default=False)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "registration"], name="vehicle_once_per_report"
            )
        ]

    def __str__(self) -> str:
        return self.registration


class StatusChange(BaseModel):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    # Empty for the first status a report gets; its index leaves empty values out.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
    )

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(
                fields=["changed_by"],
                condition=models.Q(changed_by__isnull=False),
                name="statuschange_changed_by_idx",
            )
        ]


class PublicUpdate(BaseModel):
    """What officers tell the reporter. Residents see these, never internal notes."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="public_updates")
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["created_at"]


class InternalNote(BaseModel):
    """Officers' notes on a report. Never shown to residents."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="internal_notes")
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["created_at"]


class CaseLink(BaseModel):
    """A report linked to a case. The cases app (above this one) fills it in through
    ``services.report_link_case``; here the case is only an id."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="case_links")
    case_id = models.UUIDField(db_index=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "case_id"], name="report_case_once")
        ]


class IdempotencyKey(BaseModel):
    """The first answer to ``POST /api/v1/reports/`` sent with an ``Idempotency-Key``, kept
    for 24 hours so that a client retrying after a lost answer gets that answer again, never
    a second report (lantern/reports/idempotency.py, docs/api.md).

    Written in the transaction that files the report, so a crash leaves both or neither.
    Neither the key nor the caller is stored as given: ``client_hash`` is the SHA-256 of
    who sent it (a user, or the session of a visitor who is not signed in), ``key_hash`` the
    SHA-256 of the key. The answer (which carries an anonymous report's tracking code) is
    sealed with AES-GCM under a key derived from the Idempotency-Key and ``SECRET_KEY``, so
    the database alone cannot give the tracking code back."""

    client_hash = models.CharField(max_length=64)
    key_hash = models.CharField(max_length=64)
    request_sha256 = models.CharField(
        max_length=64, help_text="SHA-256 of the request body: a different body is refused."
    )
    # Only 24 hours of keys are kept: a report's deletion finds its key without an index.
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="idempotency_keys", db_index=False
    )
    status = models.PositiveSmallIntegerField()
    answer = models.BinaryField(help_text="The answer's JSON body, sealed (AES-GCM).")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client_hash", "key_hash"], name="idempotency_key_once_per_client"
            )
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_key_created_idx")]


# Open311 GeoReport v2 models (clients, submissions, updates) live in their own package;
# importing them here makes them models of this app.
from lantern.reports.open311.models import *  # noqa: E402, F403
