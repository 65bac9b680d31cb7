"""Enforcement actions: their kinds, states and conduct, transitions, breaches and the
frozen documents served."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lantern.cases.models.cases import Body, Case, Person, Vehicle
from lantern.core.models import BaseModel


class ActionKind(models.TextChoices):
    KEEPER_LETTER = "keeper_letter", "Letter to a registered keeper"
    ABA = "aba", "Acceptable Behaviour Agreement"
    CPW = "cpw", "Community Protection Warning"
    CPN = "cpn", "Community Protection Notice"
    FPN_CPN = "fpn_cpn", "Fixed penalty for a CPN breach"
    PROSECUTION = "prosecution", "Prosecution referral"
    DISPERSAL = "dispersal", "Dispersal direction"
    PSPO_FPN = "pspo_fpn", "Fixed penalty for a PSPO breach"
    ESO = "eso", "Engagement and Support Order"


class Conduct(models.TextChoices):
    """The kind of conduct a warning or notice is about, from a fixed list, recorded beside
    the conduct described so that a notice can be compared with the warning it follows
    (CPN_WARNING_SAME_CONDUCT)."""

    NOISE = "noise", "Noise"
    DOORSTEP = "doorstep", "Knocking on doors or disturbance at people's homes"
    GATHERING = "gathering", "Gathering or loitering in doorways, entrances or passages"
    INTIMIDATION = "intimidation", "Intimidation, harassment or abusive behaviour"
    SOLICITING = "soliciting", "Soliciting in the street, on foot or from a vehicle"
    DRUGS = "drugs", "Drug dealing or drug use in a public place"
    LITTER = "litter", "Litter, waste or drug litter"
    VEHICLES = "vehicles", "Nuisance with vehicles"
    DAMAGE = "damage", "Damage or graffiti"
    PREMISES = "premises", "The condition of land or premises"
    ANIMALS = "animals", "Nuisance from animals"
    OTHER = "other", "Other conduct (as described)"


class ActionState(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    SERVED = "served", "Served"
    COMPLIED = "complied", "Complied"
    BREACHED = "breached", "Breached"
    APPEALED = "appealed", "Appealed"
    EXPIRED = "expired", "Expired"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ServedHow(models.TextChoices):
    HAND = "hand", "Handed to the person"
    ADDRESS = "address", "Left at their proper address"
    POST = "post", "Sent by post"
    VERBAL = "verbal", "Given verbally and confirmed in writing"


class EnforcementAction(BaseModel):
    """One enforcement step, run through the transition table in workflow.py (by
    services/action_steps.py). Once served it is never edited: a correction supersedes it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(max_length=20, choices=ActionKind.choices)
    state = models.CharField(max_length=12, choices=ActionState.choices, default="draft")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    # The CPN conduct test (s.43(1)) and the conduct named in a warning or notice: its kind
    # from a fixed list (to compare a notice with its warning) and its description.
    conduct_category = models.CharField(max_length=20, choices=Conduct.choices, blank=True)
    conduct = models.TextField(blank=True)
    detrimental_effect = models.TextField(blank=True)
    persistent_nature = models.TextField(blank=True)
    unreasonable_because = models.TextField(blank=True)
    # [{"kind": "report"|"evidence", "id": "<uuid>"}]
    evidence = models.JSONField(default=list, blank=True)
    # [{"kind": "stop"|"do"|"steps", "text": "...", "period_days": int|None}]
    requirements = models.JSONField(default=list, blank=True)
    exclusion_area = models.JSONField(null=True, blank=True, help_text="A GeoJSON Polygon.")
    compliance_days = models.PositiveSmallIntegerField(null=True, blank=True)
    prior_warning = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="notices"
    )
    breach = models.ForeignKey(
        "Breach", on_delete=models.PROTECT, null=True, blank=True, related_name="penalties"
    )
    supersedes = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    amount_pence = models.PositiveIntegerField(null=True, blank=True)
    # Dispersal (s.34-35)
    inspector_authorisation = models.CharField(max_length=100, blank=True)
    duration_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    locality = models.CharField(max_length=300, blank=True)
    # Keeper letter: the sighting it records (time, place, vehicle). The letter is a fixed
    # template: nothing an officer writes is printed in it (docs/enforcement.md).
    sighting = models.JSONField(default=dict, blank=True)
    # ESO (Street Offences Act 1959 s.1(2A))
    supervisor_name = models.CharField(max_length=200, blank=True)
    meetings_by = models.DateField(null=True, blank=True)
    # Lifecycle
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    served_at = models.DateTimeField(null=True, blank=True)
    served_on = models.DateField(null=True, blank=True)
    served_how = models.CharField(max_length=10, choices=ServedHow.choices, blank=True)
    comply_by = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    appeal_ends_on = models.DateField(null=True, blank=True)
    appeal_lodged_on = models.DateField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["state", "expires_on"]),
            # The partnership's figures count a period's steps served from this range
            # (docs/scale.md), then keep those of the partnership's cases.
            models.Index(
                fields=["served_at"],
                include=["case", "kind"],
                condition=models.Q(served_at__isnull=False),
                name="action_served_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_state_display()})"

    @property
    def addressee_label(self) -> str:
        if self.person is not None:
            return self.person.label
        if self.body is not None:
            return self.body.name
        if self.vehicle is not None:
            return f"Registered keeper of {self.vehicle.registration}"
        return ""


class ActionMonthCount(models.Model):
    """How many enforcement steps of each kind a partnership's cases served each month (UK
    time): what the partnership's figures show for its whole area, kept by the services that
    serve a step and dispose of a case (lantern/cases/month_counts.py), so that the figures
    read at most a row per month and kind instead of every step served that year and its
    case (issue 21, docs/scale.md). A count, no case, person or step."""

    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(help_text="The first day of the month (UK time).")
    kind = models.CharField(max_length=20, choices=ActionKind.choices)
    served = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "month", "kind"], name="action_month_count"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.kind}: {self.served}"


class ActionTransition(BaseModel):
    """The history of an action's states (the audit log holds the same, chained)."""

    action = models.ForeignKey(
        EnforcementAction, on_delete=models.CASCADE, related_name="transitions"
    )
    name = models.CharField(max_length=30)
    from_state = models.CharField(max_length=12)
    to_state = models.CharField(max_length=12)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    on = models.DateField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]


class Breach(BaseModel):
    """A failure to comply with a CPN (s.48), recorded against its evidence."""

    action = models.ForeignKey(EnforcementAction, on_delete=models.PROTECT, related_name="breaches")
    occurred_on = models.DateField()
    requirement_index = models.PositiveSmallIntegerField()
    details = models.TextField()
    evidence = models.JSONField(default=list)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)

    class Meta:
        ordering = ["occurred_on", "created_at"]


class Document(BaseModel):
    """A served document, frozen: its bytes and SHA-256 are never changed."""

    action = models.ForeignKey(
        EnforcementAction, on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(max_length=200)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["created_at"]
