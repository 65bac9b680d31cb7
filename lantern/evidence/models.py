"""Evidence: blobs (bytes, content-addressed), uploads in progress (tus), evidence items and
their links, exhibits and witness statements (MG11).

Bytes are never stored in the database and never named after anything a client sent: a blob
is named by its SHA-256 only. Items point at blobs, so the same bytes handed over twice are
stored once and linked twice. Signed statements are frozen (a correction is a new statement).

Items, statements and uploads belong to a partnership (docs/adr/0015-partnership-is-the-scope.md),
taken from what they are attached to when made: a report's, a footage request's camera's, a
case's, a derived copy's parent's; otherwise their maker's. An exhibit belongs through its item.
"""

from __future__ import annotations

from django.db import models

from lantern.core.models import BaseModel


class Blob(models.Model):
    """Bytes kept write-once in the blob store, named by their SHA-256."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    size = models.BigIntegerField()
    storage_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.sha256


class LinkKind(models.TextChoices):
    """What an upload or item can be attached to. Ids only: evidence never imports them."""

    REPORT = "report", "Report"
    FOOTAGE_REQUEST = "footage_request", "Footage request"
    CASE = "case", "Case"
    NONE = "", "Nothing yet"


class DeviceKind(models.TextChoices):
    DOORBELL = "doorbell", "Doorbell camera"
    CCTV = "cctv", "CCTV"
    PHONE = "phone", "Phone"
    DASHCAM = "dashcam", "Dashcam"
    OTHER = "other", "Other or not known"


class Upload(BaseModel):
    """A tus upload in progress. Its partial bytes live in a file named by this id."""

    class Status(models.TextChoices):
        OPEN = "open", "Receiving"
        COMPLETE = "complete", "Complete"
        REJECTED = "rejected", "Rejected"
        FAILED = "failed", "Failed to store"

    owner_id = models.UUIDField(null=True, blank=True)  # the signed-in user, if any
    # The partnership of the item this upload becomes, decided when it starts.
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    token_digest = models.CharField(max_length=64, blank=True)  # SHA-256 of the capability
    link_kind = models.CharField(max_length=20, choices=LinkKind.choices, blank=True)
    link_id = models.UUIDField(null=True, blank=True)
    length = models.BigIntegerField()
    offset = models.BigIntegerField(default=0)
    expires_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    filename = models.CharField(max_length=255, blank=True)  # metadata only, never a path
    client_type = models.CharField(max_length=100, blank=True)  # the client's claim: ignored
    device_kind = models.CharField(max_length=10, choices=DeviceKind.choices, blank=True)
    claimed_capture_at = models.DateTimeField(null=True, blank=True)
    clock_offset_seconds = models.IntegerField(null=True, blank=True)
    audio_recorded = models.BooleanField(null=True, blank=True)
    problem = models.CharField(max_length=300, blank=True)
    item = models.ForeignKey(
        "EvidenceItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"upload {self.pk}"


# The derived_purpose of the previews made for officers to look at (lantern.evidence.previews).
THUMBNAIL = "thumbnail"
POSTER = "poster frame"
PREVIEW_PURPOSES = (THUMBNAIL, POSTER)
# The derived_purpose of a video's copy that plays in browsers (lantern.evidence.playable).
PLAYABLE = "playable"


class EvidenceItem(BaseModel):
    """One thing handed over: a file (its blob) and what we know about how it was made."""

    class Category(models.TextChoices):
        VIDEO = "video", "Video"
        IMAGE = "image", "Image"
        AUDIO = "audio", "Audio"
        DOCUMENT = "document", "Document (PDF)"
        OPAQUE = "opaque", "Unrecognised recording (kept as it is)"

    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="items")
    # Indexed with the time received, for the staff list (Meta.indexes).
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    filename = models.CharField(max_length=255, blank=True)  # metadata only, never a path
    media_type = models.CharField(max_length=100)  # decided by content
    category = models.CharField(max_length=10, choices=Category.choices)
    warning = models.CharField(max_length=300, blank=True)
    submitted_by = models.UUIDField(null=True, blank=True)
    token_digest = models.CharField(max_length=64, blank=True)
    device_kind = models.CharField(max_length=10, choices=DeviceKind.choices, blank=True)
    claimed_capture_at = models.DateTimeField(null=True, blank=True)
    clock_offset_seconds = models.IntegerField(null=True, blank=True)
    audio_recorded = models.BooleanField(null=True, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="derivatives"
    )
    derived_purpose = models.CharField(max_length=40, blank=True)  # for a derived copy

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["partnership", "-created_at"], name="evidence_item_scope"),
            # The API's list pages by cursor in this order (docs/adr/0023).
            models.Index(fields=["-created_at", "-id"], name="evidence_item_created_idx"),
        ]

    def __str__(self) -> str:
        return f"evidence item {self.pk}"

    @property
    def has_audio(self) -> bool:
        return bool(self.audio_recorded) or self.category == self.Category.AUDIO


class ItemFlag(BaseModel):
    """Something the content checks found in an item as it arrived (``contentchecks``): data
    hidden after a picture, scripts or automatic actions in a PDF, a recording cut short; or
    that making its playable copy found later (no picture decodable, a copy that stops early,
    a sound track the uploader said was not recorded). The item is kept byte for byte all the
    same; the flag warns whoever handles it."""

    class Code(models.TextChoices):
        IMAGE_TRAILING_DATA = "image_trailing_data", "Data hidden after the picture"
        PDF_JAVASCRIPT = "pdf_javascript", "JavaScript in the PDF"
        PDF_AUTOMATIC_ACTION = "pdf_automatic_action", "Automatic actions in the PDF"
        PDF_LAUNCH = "pdf_launch", "The PDF can start programs"
        PDF_EMBEDDED_FILE = "pdf_embedded_file", "Files inside the PDF"
        PDF_RICH_MEDIA = "pdf_rich_media", "Embedded media (such as Flash) in the PDF"
        PDF_XFA = "pdf_xfa", "An XFA form in the PDF"
        PDF_DISGUISED_NAMES = "pdf_disguised_names", "Disguised instructions in the PDF"
        PDF_ENCRYPTED = "pdf_encrypted", "Encrypted PDF, not fully checked"
        VIDEO_CUT_SHORT = "video_cut_short", "Recording cut short"
        VIDEO_NO_INDEX = "video_no_index", "Recording without its index (moov)"
        CHECK_FAILED = "check_failed", "Content not fully checked"
        # Added later, by the background work that makes a playable copy (``playable``).
        NO_PLAYABLE_COPY = "no_playable_copy", "No copy that plays in a browser"
        PLAYABLE_COPY_PARTIAL = "playable_copy_partial", "Playable copy incomplete"
        SOUND_NOT_DECLARED = "sound_not_declared", "Sound track not declared"
        # Added later, by the background work that reads what a file says about itself.
        METADATA_UNREADABLE = "metadata_unreadable", "What the file says about itself unreadable"

    item = models.ForeignKey("EvidenceItem", on_delete=models.PROTECT, related_name="flags")
    code = models.CharField(max_length=30, choices=Code.choices)
    detail = models.CharField(max_length=300, blank=True)  # what was found, in words

    class Meta:
        ordering = ["created_at", "code"]
        constraints = [
            models.UniqueConstraint(fields=["item", "code"], name="evidence_flag_once_per_item")
        ]

    def __str__(self) -> str:
        return self.code


class ItemMetadata(BaseModel):
    """What an original file says about itself, read in the background by
    ``lantern.evidence.metadata`` (PyAV for recordings, Pillow's EXIF reader for photos):
    its container and codecs, length, frame rate and picture size, the time the device
    stamped on it, where the device said it was (GPS) and the device's make and model.

    What a device says is only a claim (clocks drift, tags can be edited): the item's page
    sets it beside what the resident said, and flags a gap. ``personal`` marks a location
    that may identify the resident (their home): it is left out of anything that leaves the
    partnership (``metadata_selectors.metadata_for_disclosure``). A file that could not be
    read has ``status`` unreadable, the reason in ``problem``, and the item the flag
    ``metadata_unreadable``; it is not read again."""

    class Status(models.TextChoices):
        READ = "read", "Read"
        UNREADABLE = "unreadable", "Could not be read"

    item = models.OneToOneField(EvidenceItem, on_delete=models.PROTECT, related_name="metadata")
    status = models.CharField(max_length=12, choices=Status.choices)
    reader = models.CharField(max_length=60)  # the library and its version
    problem = models.CharField(max_length=300, blank=True)
    container = models.CharField(max_length=100, blank=True)
    video_codec = models.CharField(max_length=40, blank=True)
    audio_codec = models.CharField(max_length=40, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    frame_rate = models.FloatField(null=True, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    device_time = models.DateTimeField(null=True, blank=True)  # as stamped: clock not corrected
    device_time_tag = models.CharField(max_length=60, blank=True)  # which tag it came from
    device_make = models.CharField(max_length=100, blank=True)
    device_model = models.CharField(max_length=100, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    altitude_m = models.FloatField(null=True, blank=True)
    location_tag = models.CharField(max_length=60, blank=True)
    personal = models.BooleanField(default=False)  # the location may identify the resident
    personal_reason = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"metadata of {self.item_id}"

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class EvidenceLink(BaseModel):
    """An item attached to something elsewhere in Lantern, by kind and id."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="links")
    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    target_id = models.UUIDField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "kind", "target_id"], name="evidence_link_once")
        ]
        indexes = [models.Index(fields=["kind", "target_id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.target_id}"


class Exhibit(BaseModel):
    """An item produced as an exhibit in a case: producer's initials and a number ("RP/1")."""

    case_id = models.UUIDField()
    item = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="exhibits")
    initials = models.CharField(max_length=4)
    number = models.PositiveIntegerField()
    reference = models.CharField(max_length=20)
    produced_by = models.UUIDField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case_id", "reference"], name="exhibit_ref_per_case"),
            models.UniqueConstraint(fields=["case_id", "item"], name="exhibit_item_per_case"),
        ]

    def __str__(self) -> str:
        return self.reference


class Statement(BaseModel):
    """A witness statement (MG11, s.9 CJA 1967). Frozen once signed."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SIGNED = "signed", "Signed"

    witness_id = models.UUIDField()  # the user who makes (and signs) it
    # Indexed with the time started, for the staff list (Meta.indexes).
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    witness_name = models.CharField(max_length=200)
    age_if_under_18 = models.PositiveSmallIntegerField(null=True, blank=True)
    occupation = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    exhibit_references = models.JSONField(default=list, blank=True)
    willing_to_attend_court = models.BooleanField(null=True, blank=True)
    dates_to_avoid = models.TextField(blank=True)
    no_dates_to_avoid = models.BooleanField(default=False)
    special_measures = models.TextField(blank=True)
    consent_share_contact = models.BooleanField(null=True, blank=True)
    link_kind = models.CharField(max_length=20, choices=LinkKind.choices, blank=True)
    link_id = models.UUIDField(null=True, blank=True)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    signed_name = models.CharField(max_length=200, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    signed_text = models.TextField(blank=True)  # the exact canonical text that was hashed

    class Meta:
        indexes = [
            models.Index(fields=["partnership", "-created_at"], name="statement_scope"),
        ]

    def __str__(self) -> str:
        return f"statement {self.pk}"

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED


class StatementExhibit(BaseModel):
    """An exhibit (an item's reference in a case) that a statement refers to, linked by an
    officer: residents are never asked for references nobody gave them.

    On a draft, the links fill the statement's ``exhibit_references``, which the witness
    then checks and signs with the rest (they become part of the signed text). A signed
    statement is never changed (s.9 CJA 1967; STATEMENT_SIGNED_IS_FINAL): a link made after
    signing is this record alone, marked ``after_signing``, and the signed text, its hash and
    ``exhibit_references`` stay as they were signed (docs/evidence.md, "Exhibits referred to").
    """

    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="exhibit_links")
    exhibit = models.ForeignKey(Exhibit, on_delete=models.PROTECT, related_name="statement_links")
    linked_by = models.UUIDField(null=True, blank=True)
    after_signing = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "exhibit"], name="statement_exhibit_once")
        ]

    def __str__(self) -> str:
        return f"{self.statement_id} refers to {self.exhibit_id}"


# --- bundles for the prosecution or the defence (lantern.evidence.bundles) -----------------


class Recipient(models.TextChoices):
    PROSECUTION = "prosecution", "Prosecution"
    DEFENCE = "defence", "Defence"


class BundleKey(BaseModel):
    """A partnership's Ed25519 key for signing bundles (docs/adr/0019). The private key is
    kept sealed (AES-GCM, under a key derived from SECRET_KEY and bound to this row); the
    public key is published. A retired key stays, so that bundles it signed still check."""

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    key_id = models.CharField(max_length=16, unique=True)  # SHA-256 of the raw public key
    public_key = models.CharField(max_length=44)  # base64 of the raw 32 bytes
    sealed_private_key = models.BinaryField()
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"],
                condition=models.Q(retired_at__isnull=True),
                name="bundle_key_one_current_per_partnership",
            )
        ]

    def __str__(self) -> str:
        return self.key_id


class Bundle(BaseModel):
    """A bundle made for a case and a recipient: what it holds is in its signed manifest;
    the ZIP made on a page is kept in the store for download (``storage_key``), one made on
    the command line is written where the command was told."""

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    case_id = models.UUIDField()
    case_reference = models.CharField(max_length=20)
    recipient = models.CharField(max_length=12, choices=Recipient.choices)
    created_by = models.UUIDField(null=True, blank=True)
    creator_role = models.CharField(max_length=60)
    key_id = models.CharField(max_length=16)
    manifest_sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    files = models.PositiveIntegerField()
    storage_key = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["case_id", "-created_at"], name="bundle_case")]

    def __str__(self) -> str:
        return f"bundle {self.pk}"


# Redactions live in their own module; imported here so Django finds them in this app.
from lantern.evidence.redaction.models import (  # noqa: E402, F401
    Redaction,
    RedactionMute,
    RedactionRegion,
    RedactionSuggestion,
)
