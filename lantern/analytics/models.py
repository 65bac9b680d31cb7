"""Analytics: imported police.uk records, patrol plans and impact evaluations.

Imported police.uk street-level records are public open data (OGL v3.0), kept in their own
table, apart from resident reports; analysis can read both (selectors.py). They belong to no
partnership: every partnership's staff read the same open data. Patrol plans and impact
evaluations belong to the partnership they were made for
(docs/adr/0015-partnership-is-the-scope.md).
"""

from __future__ import annotations

from django.db import models

from lantern.core.models import BaseModel


class PoliceUkImport(BaseModel):
    """One run of ``lantern import policeuk`` over one file: where it came from and what it
    gave. Counts only; the file itself is not kept. Shared by every partnership, like the
    records it brought in (no partnership scope: police.uk data is public)."""

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    read = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    no_location = models.PositiveIntegerField(default=0)
    bad_rows = models.PositiveIntegerField(default=0)
    actor = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


class PoliceUkRecord(models.Model):
    """A street-level crime or ASB record from data.police.uk.

    ``natural_key`` makes imports idempotent: SHA-256 of the month and Crime ID where there is
    one, otherwise of the whole row and its occurrence number among identical rows in its
    file (ASB rows have no Crime ID, and two identical ASB rows are two incidents).

    Public open data (Open Government Licence v3.0), published by the Home Office for
    anyone to read: it belongs to no partnership and every partnership's staff see all of
    it. The partnership dashboard shows the records inside a partnership's area as a view,
    not as a permission."""

    id = models.BigAutoField(primary_key=True)
    natural_key = models.CharField(max_length=64, unique=True)
    crime_id = models.CharField(max_length=64, blank=True)
    month = models.DateField(help_text="The first day of the month the record belongs to.")
    reported_by = models.CharField(max_length=100, blank=True)
    falls_within = models.CharField(max_length=100, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    location = models.CharField(max_length=255, blank=True)
    lsoa_code = models.CharField(max_length=16, blank=True)
    lsoa_name = models.CharField(max_length=100, blank=True)
    crime_type = models.CharField(max_length=100)
    last_outcome = models.CharField(max_length=255, blank=True)
    context = models.TextField(blank=True)
    batch = models.ForeignKey(PoliceUkImport, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["crime_type", "month"]),
            models.Index(fields=["lsoa_name"]),
            models.Index(fields=["month"]),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.crime_type}"

    @property
    def has_location(self) -> bool:
        return self.longitude is not None and self.latitude is not None


class PoliceUkMonthCount(models.Model):
    """How many police.uk records each month and crime type holds, kept by the import
    service after each import: the analysis forms offer months and crime types from these
    few rows rather than a DISTINCT over every record (issue 21). Open data, like the
    records."""

    month = models.DateField()
    crime_type = models.CharField(max_length=100)
    records = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "crime_type"], name="policeuk_month_type")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.crime_type}: {self.records}"


class PoliceUkAreaCount(models.Model):
    """How many police.uk records lie inside a partnership's boundary (``area`` empty) or
    inside one of its drawn areas, by month and crime type: what the partnership dashboard
    and the partnership's figures show, kept by the import service for the months each
    import brings and counted again when the boundary or the area changes
    (services/policeuk_counts.py), so that the pages read a few rows per month instead of
    every record in the area's bounding box (issue 21). Open data, like the records: it
    belongs to the partnership only as what its pages are about."""

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    area = models.ForeignKey(
        "places.Area", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    month = models.DateField()
    crime_type = models.CharField(max_length=100)
    records = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "month", "crime_type"],
                condition=models.Q(area__isnull=True),
                name="policeuk_count_partnership",
            ),
            models.UniqueConstraint(
                fields=["area", "month", "crime_type"],
                condition=models.Q(area__isnull=False),
                name="policeuk_count_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.crime_type}: {self.records}"


class PoliceUkCountBasis(models.Model):
    """Which shape a partnership's (or one drawn area's) PoliceUkAreaCount rows were counted
    for: the SHA-256 of its GeoJSON. The pages read the counts only while it is the shape's
    current one; otherwise they count the records as before, until the counts are made
    again (by the next import, or the periodic sweep in tasks.py)."""

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    area = models.ForeignKey(
        "places.Area", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    shape_sha256 = models.CharField(max_length=64)
    counted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"],
                condition=models.Q(area__isnull=True),
                name="policeuk_basis_partnership",
            ),
            models.UniqueConstraint(
                fields=["area"],
                condition=models.Q(area__isnull=False),
                name="policeuk_basis_area",
            ),
        ]

    def __str__(self) -> str:
        return self.shape_sha256


class PatrolPlan(BaseModel):
    """Patrols proposed from a hotspot surface and the hour-of-week pattern; a supervisor
    adjusts and publishes them; officers log the patrols they do against its items.

    It belongs to one partnership (its proposer's, or the one they chose); its patrols and
    logs belong to it through the plan. A published plan is for every front-line officer of
    the partnership's member organisations (police, PCSOs and council officers alike); a
    draft stays with the proposing organisation's analysts and supervisors."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class State(models.TextChoices):
        """Whether its patrols are there yet: a proposal is built in the background
        (lantern/analytics/tasks.py prepare_patrol_plan)."""

        PREPARING = "preparing", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be prepared"

    title = models.CharField(max_length=120)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    organisation_id = models.UUIDField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    category = models.CharField(max_length=100, blank=True)
    area = models.CharField(max_length=100, blank=True)
    basis = models.CharField(max_length=200, blank=True, help_text="Method and period used.")
    method = models.CharField(
        max_length=40, blank=True, help_text="The hotspot method chosen (analysis.METHODS)."
    )
    method_label = models.CharField(
        max_length=200, blank=True, help_text="The method chosen, with its parameters."
    )
    method_reason = models.CharField(
        max_length=400, blank=True, help_text="Why: the rolling-origin validation's result."
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.READY)
    failure = models.CharField(
        max_length=300, blank=True, help_text="Why it could not be prepared, for its reader."
    )
    inputs = models.JSONField(
        default=dict,
        blank=True,
        help_text="What it is built from: basis period, places, time windows, sources.",
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    proposed_by = models.CharField(max_length=64)
    published_by = models.CharField(max_length=64, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["partnership", "-created_at"], name="patrolplan_partnership")
        ]

    def __str__(self) -> str:
        return self.title


class PatrolItem(BaseModel):
    """One patrol: where (a hotspot cell), which day, which time window, how many visits."""

    plan = models.ForeignKey(PatrolPlan, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=120)
    latitude = models.FloatField()
    longitude = models.FloatField()
    radius_m = models.PositiveIntegerField(default=100)
    weekday = models.PositiveSmallIntegerField(help_text="0 is Monday.")
    start_time = models.TimeField()
    end_time = models.TimeField()
    visits = models.PositiveSmallIntegerField(default=2)
    dosage_minutes = models.PositiveSmallIntegerField(default=15)

    class Meta:
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.label


class PatrolLog(BaseModel):
    """A patrol an officer did against a plan item."""

    item = models.ForeignKey(PatrolItem, on_delete=models.CASCADE, related_name="logs")
    officer_id = models.UUIDField()
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]

    @property
    def minutes(self) -> int:
        return max(0, int((self.ended_at - self.started_at).total_seconds() // 60))


class ImpactEvaluation(BaseModel):
    """Before and after counts for a problem area, a comparison area and a buffer, with the
    rate ratio and the WDQ (DOMAIN.md 8.3). Part of the assessment stage of a place-based
    problem case (``case_id`` links it, by id, to the case). It belongs to one partnership:
    its case's, or its creator's (the one they chose when they have several)."""

    title = models.CharField(max_length=120)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    organisation_id = models.UUIDField(null=True, blank=True)
    case_id = models.UUIDField(null=True, blank=True)
    category = models.CharField(max_length=100, blank=True)
    problem_area = models.JSONField(help_text="GeoJSON Polygon (WGS84).")
    comparison_area = models.JSONField(help_text="GeoJSON Polygon (WGS84).")
    buffer_m = models.PositiveIntegerField(default=250)
    before_start = models.DateField()
    before_end = models.DateField(help_text="Exclusive.")
    after_start = models.DateField()
    after_end = models.DateField(help_text="Exclusive.")
    counts = models.JSONField(default=dict, help_text="rb, ra, cb, ca, db, da.")
    results = models.JSONField(default=dict, help_text="Rate ratio, CI, WDQ, reading.")
    created_by = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["partnership", "-created_at"], name="impact_partnership")]

    def __str__(self) -> str:
        return self.title


class HotspotSurface(BaseModel):
    """A hotspot surface computed once, in the background, and read by the hotspot map
    and its API (docs/hotspots.md "Stored surfaces").

    ``key`` is a SHA-256 over the scope and every input (method, period, category, area,
    sources, parameters): the scope is the reader's partnerships and what they may see of
    resident reports, so one partnership's surface can never answer another's request.
    ``data_version`` is the data-version stamps (lantern/core/data_versions.py) read before
    the points were: the surface is fresh while they are the current ones. ``result`` is
    compact: the grid and the strongest cells with their scores (or H3 cells), the counts
    and the hour-of-week matrix. Aggregate data only: no record, person or place name."""

    key = models.CharField(max_length=64, unique=True)
    scope = models.TextField(help_text="Partnership ids and report audience.")
    inputs = models.JSONField(help_text="Method, period, category, area, sources, parameters.")
    data_version = models.TextField()
    result = models.JSONField()
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0, help_text="How long the computation took.")

    class Meta:
        indexes = [models.Index(fields=["computed_at"], name="hotspotsurface_computed")]

    def __str__(self) -> str:
        return f"{self.inputs.get('method', '')} {self.inputs.get('period', '')}"
