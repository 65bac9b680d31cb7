"""Subject access requests (UK GDPR Art. 15; DPA 2018 Part 3 s.45): the request and who made
it, the clock's pauses, the records found on the person (a snapshot of what each app's
finder returned, with the reviewer's decisions), and the released response.

A found record names its source by the owning app's model label and id (``source``,
``record_id``), never by a foreign key into another app's tables. While a request is open,
the records it found are under a legal hold (``selectors.holds_for``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lantern.core.models import BaseModel


class Regime(models.TextChoices):
    UK_GDPR = "uk_gdpr", "UK GDPR (Article 15)"
    PART_3 = "dpa_part3", "DPA 2018 Part 3, law enforcement processing (section 45)"


class IdentityCheck(models.TextChoices):
    NOT_YET = "not_yet", "Not checked yet"
    DOCUMENT = "document", "An identity document was seen"
    ACCOUNT = "account", "They asked from their own Lantern account"
    KNOWN = "known", "Details they gave match what we hold and their contact details"
    REPRESENTATIVE = "representative", "A representative with their written authority"


class Status(models.TextChoices):
    OPEN = "open", "In progress"
    RELEASED = "released", "Response released"


class SubjectAccessRequest(BaseModel):
    reference = models.CharField(max_length=12, unique=True)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    regime = models.CharField(max_length=10, choices=Regime.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    received_on = models.DateField()
    # The requester, and how their identity was checked.
    requester_name = models.CharField(max_length=200)
    requester_contact = models.TextField()
    identity_check = models.CharField(max_length=20, choices=IdentityCheck.choices)
    identity_notes = models.TextField(blank=True)
    # Who the request is about, as the requester describes them (usually the requester).
    subject_name = models.CharField(max_length=200)
    subject_date_of_birth = models.DateField(null=True, blank=True)
    subject_email = models.EmailField(blank=True)
    subject_phone = models.CharField(max_length=30, blank=True)
    subject_registration = models.CharField(max_length=10, blank=True)
    # An extension for complexity or number (UK GDPR Art. 12(3); DPA 2018 s.54(3A)-(3B)).
    extension_months = models.PositiveSmallIntegerField(default=0)
    extension_noticed_on = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    searched_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    response_pdf = models.BinaryField(blank=True, default=b"")
    response_json = models.BinaryField(blank=True, default=b"")
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    json_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["received_on", "reference"]
        indexes = [models.Index(fields=["partnership", "status"], name="sar_open")]

    def __str__(self) -> str:
        return self.reference


class PauseKind(models.TextChoices):
    IDENTITY = "identity", "Checking the requester's identity"
    CLARIFICATION = "clarification", "Asking what the request is about"


class ClockPause(BaseModel):
    """The clock stopped: on ``started_on`` the controller asked for information; on
    ``ended_on`` it arrived (empty while still waiting)."""

    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.CASCADE, related_name="pauses"
    )
    kind = models.CharField(max_length=20, choices=PauseKind.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["started_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on}"


class Decision(models.TextChoices):
    UNDECIDED = "", "Not reviewed yet"
    GIVE = "give", "Give it to them"
    NOT_THEM = "not_them", "Not about them: leave it out"
    EXEMPT = "exempt", "Withhold it under an exemption"


class Exemption(models.TextChoices):
    NONE = "", "None"
    CRIME_TAXATION = "crime_taxation", "Crime and taxation (DPA 2018 Sch. 2 para 2)"
    PART3_RESTRICTION = "part3_restriction", "A Part 3 restriction (DPA 2018 s.45(4))"
    SAFEGUARDING = "safeguarding", "Safeguarding: giving it would put someone at risk of harm"


class FoundRecord(BaseModel):
    """What one app's finder returned about one of its records, as found, and the
    reviewer's decision on it. ``items`` is a list of {"label", "value"}; ``redacted`` the
    indexes of the items marked as third-party data, left out of the response."""

    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.CASCADE, related_name="found"
    )
    finder = models.CharField(max_length=40)
    source = models.CharField(max_length=60)
    record_id = models.UUIDField()
    reference = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=300)
    why = models.CharField(max_length=300)
    items = models.JSONField(default=list)
    recorded_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True, default="")
    exemption = models.CharField(max_length=20, choices=Exemption.choices, blank=True, default="")
    exemption_reason = models.TextField(blank=True)
    redacted = models.JSONField(default=list, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["finder", "recorded_on", "created_at"]
        indexes = [models.Index(fields=["source", "record_id"], name="sar_found_source")]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "source", "record_id"], name="sar_found_once"
            )
        ]

    def __str__(self) -> str:
        return self.title
