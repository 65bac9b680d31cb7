"""Cases and enforcement: cases, their subjects, enforcement actions and their documents,
issuers' designations, and ASB Case Review applications.

People are personal and criminal-offence data (UK GDPR Art. 10): every read of one goes
through lantern/cases/selectors/, which logs it. Reports and evidence belong to apps
below this one; a case holds their ids only.
"""

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

    def __str__(self) -> str:
        return self.reference


class Person(BaseModel):
    """A person a case is about (perpetrator, victim, witness...)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
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
    registration = models.CharField(max_length=8, unique=True)  # normalised
    make = models.CharField(max_length=60, blank=True)
    model = models.CharField(max_length=60, blank=True)
    colour = models.CharField(max_length=40, blank=True)
    keeper_name = models.CharField(max_length=200, blank=True)
    keeper_address = models.CharField(max_length=300, blank=True)
    # The registered keeper, when they are a person on Lantern's records: a keeper letter is
    # then addressed to that person, and safeguarding's gate applies to it.
    keeper_person = models.ForeignKey(
        "Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="kept_vehicles"
    )

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
        indexes = [models.Index(fields=["state", "expires_on"])]

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


class CaseReview(BaseModel):
    """An ASB Case Review (Community Trigger) application, ss.104-105 ASBCPA 2014."""

    class Status(models.TextChoices):
        APPLIED = "applied", "Application received"
        THRESHOLD_MET = "threshold_met", "Threshold met: review to be held"
        NOT_MET = "not_met", "Threshold not met"
        MEETING_HELD = "meeting_held", "Review meeting held"
        CLOSED = "closed", "Outcome letter sent"

    reference = models.CharField(max_length=12, unique=True)
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
