"""Places and cameras: named areas, the camera registry, and footage requests.

A camera record is personal data: it says where someone lives and what they watch. Its
owner sees and edits it; officers read it only through the camera search, and each read
is an access event. A footage request is tied to a report by the report's id (no foreign
key: reports sit above places), and answered by an upload the evidence app handles.

Each record belongs to a partnership (docs/adr/0015-partnership-is-the-scope.md): a camera
to the one whose area holds it, a named area to the one its creator drew it for, and a
footage request to its camera's (no column of its own).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from lantern.core.models import BaseModel

# The largest clock offset a camera's owner may declare: a clock never set may be years out
# (the same limit as the offset given when a file is handed over).
MAX_CLOCK_OFFSET_SECONDS = 10 * 365 * 24 * 3600


class Area(BaseModel):
    """A named area drawn as a GeoJSON polygon (longitude, latitude), used by other apps to
    filter what falls inside it. Its bounding box is kept for a cheap first filter."""

    name = models.CharField(max_length=120)
    # Indexed by the (partnership, name) constraint below.
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    geojson = models.JSONField(help_text="A GeoJSON Polygon or MultiPolygon geometry.")
    min_lat = models.FloatField()
    min_lng = models.FloatField()
    max_lat = models.FloatField()
    max_lng = models.FloatField()
    public = models.BooleanField(
        default=False,
        help_text="Shown to anyone as a neighbourhood with its own page of what was reported "
        "and done, in aggregate. Off by default: an area drawn for an operation stays unseen.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            # Names are unique within a partnership: another partnership's "Town centre"
            # neither clashes with nor reveals this one's.
            models.UniqueConstraint(
                fields=["partnership", "name"], name="area_name_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Camera(BaseModel):
    class OwnerKind(models.TextChoices):
        RESIDENT = "resident", "A home (resident)"
        BUSINESS = "business", "A business"

    class Contact(models.TextChoices):
        EMAIL = "email", "Email (to the address you sign in with)"
        PHONE = "phone", "Phone"
        LANTERN = "lantern", "Only through Lantern (a message on my home page)"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cameras"
    )
    # The partnership whose area holds the camera (set again when the camera moves);
    # indexed with the latitude for the officers' search (Meta.indexes).
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    owner_kind = models.CharField(max_length=16, choices=OwnerKind.choices)
    business_name = models.CharField(max_length=150, blank=True)
    label = models.CharField(max_length=80, help_text="For example 'Front doorbell'.")
    latitude = models.FloatField()
    longitude = models.FloatField()
    direction = models.PositiveSmallIntegerField(help_text="Bearing, degrees from north.")
    angle = models.PositiveSmallIntegerField(help_text="Field of view, degrees.")
    range_m = models.PositiveSmallIntegerField(help_text="How far it sees, metres.")
    records_audio = models.BooleanField()
    covers_street = models.BooleanField(
        help_text="Captures beyond the owner's boundary: a street, footpath, shared space "
        "or a neighbour's property."
    )
    retention_days = models.PositiveSmallIntegerField()
    # How far the camera's own clock is ahead of the true time, in seconds, as the owner
    # declares it (DOMAIN.md 5.5: record the device and its clock offset): +180 for a clock
    # that runs three minutes fast, -60 for one a minute slow; None when not declared.
    clock_offset_seconds = models.IntegerField(
        null=True,
        blank=True,
        help_text="Seconds the camera's clock is ahead of the true time (negative: behind).",
    )
    contact_preference = models.CharField(max_length=16, choices=Contact.choices)
    contact_phone = models.CharField(max_length=30, blank=True)
    guidance_acknowledged_at = models.DateTimeField()
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["label", "created_at"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="camera_lat_lng"),
            models.Index(fields=["partnership", "latitude"], name="camera_partnership_lat"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90) & Q(latitude__lte=90), name="camera_latitude"
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180) & Q(longitude__lte=180),
                name="camera_longitude",
            ),
            models.CheckConstraint(condition=Q(direction__lt=360), name="camera_direction"),
            models.CheckConstraint(
                condition=Q(angle__gte=1) & Q(angle__lte=360), name="camera_angle"
            ),
            models.CheckConstraint(
                condition=Q(clock_offset_seconds__isnull=True)
                | (
                    Q(clock_offset_seconds__gte=-MAX_CLOCK_OFFSET_SECONDS)
                    & Q(clock_offset_seconds__lte=MAX_CLOCK_OFFSET_SECONDS)
                ),
                name="camera_clock_offset",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def flags(self) -> list[str]:
        """Plain-English flags an owner and an officer should see (DOMAIN.md 7.4-7.5)."""
        out = []
        if self.records_audio:
            out.append("Records audio")
        if self.covers_street:
            out.append("Covers the street or beyond the boundary")
        return out


class FootageRequest(BaseModel):
    class Status(models.TextChoices):
        SENT = "sent", "Sent"
        SEEN = "seen", "Seen by the owner"
        DECLINED = "declined", "Declined"
        ANSWERED = "answered", "Footage uploaded"
        EXPIRED = "expired", "Expired"

    camera = models.ForeignKey(Camera, on_delete=models.PROTECT, related_name="requests")
    report_id = models.UUIDField(db_index=True, help_text="The report this request is for.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="footage_requests_sent"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="footage_requests"
    )
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    message = models.TextField(blank=True, max_length=1000)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SENT)
    expires_at = models.DateTimeField(
        help_text="When the camera's retention means none of the window's footage is kept."
    )
    seen_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True, max_length=1000)
    answered_at = models.DateTimeField(null=True, blank=True)
    item_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The API's list walks it, newest first (docs/adr/0023-api-lists-page-by-cursor.md).
            models.Index(fields=["-created_at", "-id"], name="footage_request_created_list")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__gt=models.F("window_start")),
                name="footage_request_window_order",
            ),
        ]

    def __str__(self) -> str:
        return f"Footage request {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.SENT, self.Status.SEEN}


class GazetteerEntry(BaseModel):
    """A named point the local geocoder finds by name and names by position
    (lantern/places/geocoding/local.py): a street, a postcode or a place. Reference data, not
    personal: street names from the partnership's own list (the demo's are fictional) and the
    location names police.uk publishes ("On or near Banham Drive") with their points.

    ``key`` is the name normalised (lower case, letters and digits, single spaces) and indexed
    for prefix search; ``postcode_key`` is the postcode without its space. A street spans
    several rows, one for each point known on it."""

    class Kind(models.TextChoices):
        STREET = "street", "Street"
        PLACE = "place", "Place"
        FEATURE = "feature", "Kind of place"  # police.uk's "Supermarket", "Parking Area"

    class Source(models.TextChoices):
        LOCAL = "local", "The partnership's list of streets"
        POLICEUK = "policeuk", "police.uk location names"

    name = models.CharField(max_length=120)
    key = models.CharField(max_length=120, db_index=True)
    locality = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    postcode = models.CharField(max_length=8, blank=True)
    postcode_key = models.CharField(max_length=7, blank=True, db_index=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    source = models.CharField(max_length=10, choices=Source.choices)

    class Meta:
        ordering = ["key"]
        verbose_name_plural = "gazetteer entries"
        indexes = [models.Index(fields=["latitude", "longitude"], name="gazetteer_lat_lng")]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "key", "locality", "latitude", "longitude"],
                name="gazetteer_point_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FootageDeletionReminder(BaseModel):
    """A reminder sent to a camera's owner, at the retention period they declared when they
    registered it, to delete footage older than that which no open footage request needs
    (DOMAIN.md 7.4: filming beyond the boundary, an owner should delete regularly). One per
    camera per period: ``period_start`` is when the period began (registration, or the last
    reminder), unique with the camera so that two runs of the daily task never send two."""

    camera = models.ForeignKey(Camera, on_delete=models.CASCADE, related_name="reminders")
    period_start = models.DateTimeField()
    delete_before = models.DateTimeField(
        help_text="Footage recorded before this may be deleted, except the windows kept."
    )
    kept_windows = models.JSONField(
        default=list,
        blank=True,
        help_text="The windows [start, end] (ISO 8601) that open footage requests still need.",
    )
    done_at = models.DateTimeField(
        null=True, blank=True, help_text="When the owner said they had deleted the footage."
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["camera", "period_start"], name="footage_reminder_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"Footage deletion reminder {self.pk}"
