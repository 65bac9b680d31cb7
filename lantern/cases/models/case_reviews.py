"""ASB Case Review applications (ss.104-105 ASBCPA 2014) and each local authority's
enforcement policy."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lantern.core.models import BaseModel


class CaseReview(BaseModel):
    """An ASB Case Review (Community Trigger) application, ss.104-105 ASBCPA 2014."""

    class Status(models.TextChoices):
        APPLIED = "applied", "Application received"
        THRESHOLD_MET = "threshold_met", "Threshold met: review to be held"
        NOT_MET = "not_met", "Threshold not met"
        MEETING_HELD = "meeting_held", "Review meeting held"
        CLOSED = "closed", "Outcome letter sent"

    reference = models.CharField(max_length=12, unique=True)
    # The partnership that handles it: the one whose area holds the places of the incidents
    # it is made on (among the council's partnerships), else the council's only partnership
    # (services/case_reviews.py, docs/adr/0015-partnership-is-the-scope.md).
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_reviews"
    )
    # The local authority applied to: its threshold applies (lantern/cases/policy.py). Empty
    # on an application made before Lantern recorded it (the deployment's defaults applied).
    council = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED)
    report_ids = models.JSONField(default=list)
    hate_incident = models.BooleanField(default=False)
    eligible_on_application = models.BooleanField(default=False)
    statement = models.TextField(blank=True)
    decision_due_on = models.DateField()
    threshold_met = models.BooleanField(null=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    meeting_due_on = models.DateField(null=True, blank=True)
    meeting_on = models.DateField(null=True, blank=True)
    recommendations = models.TextField(blank=True)
    outcome_due_on = models.DateField(null=True, blank=True)
    outcome_sent_on = models.DateField(null=True, blank=True)
    outcome_letter = models.TextField(blank=True)
    # The outcome letter as sent: PDF bytes frozen with their SHA-256, never changed.
    outcome_pdf = models.BinaryField(null=True, blank=True)
    outcome_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["partnership", "-created_at"], name="case_review_partnership")
        ]


class EnforcementPolicy(BaseModel):
    """A local authority's published enforcement policy: its ASB Case Review threshold, how
    long its warnings and notices last, its fixed penalty amounts and, where commencement
    differs for it, the day the higher fixed penalty cap applies. Keyed by the council
    today; a partnership may own it later (docs/adr/0014-enforcement-policy-per-authority.md).

    A value left empty is the deployment's default (docs/settings.md), so an authority sets
    only what differs. Read through lantern/cases/policy.py; written by
    services.enforcement_policy_set, audited."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="enforcement_policy"
    )
    # ASB Case Review threshold (ASBCPA 2014 s.104(4): no more than three complaints).
    case_review_incidents = models.PositiveSmallIntegerField(null=True, blank=True)
    case_review_months = models.PositiveSmallIntegerField(null=True, blank=True)
    case_review_hate_incidents = models.PositiveSmallIntegerField(null=True, blank=True)
    # How long a served warning or notice lasts (local practice; the Act sets no period).
    cpw_months = models.PositiveSmallIntegerField(null=True, blank=True)
    cpn_months = models.PositiveSmallIntegerField(null=True, blank=True)
    # The amount of a fixed penalty payable to it (s.52(7), s.68), never above the cap.
    fpn_cpn_pence = models.PositiveIntegerField(null=True, blank=True)
    fpn_pspo_pence = models.PositiveIntegerField(null=True, blank=True)
    fpn_cap_500_from = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "enforcement policies"

    def __str__(self) -> str:
        return f"Enforcement policy of {self.organisation_id}"
