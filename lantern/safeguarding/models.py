"""Safeguarding records: screenings, reviews, consent, referrals, NRM referrals and
anonymous MS1 notifications, and support agencies' outreach contacts.

Every record here about a person is special category data (UK GDPR Art. 9: data concerning
sex life; DOMAIN.md 7.1). People belong to the cases app, our sibling: a record names its
person by id only (``person_id``), never by a foreign key into another app's tables.
An MS1 record (Duty to Notify, Modern Slavery Act 2015 s.52(3)) has no person id at all.

Every record belongs to one partnership (``partnership``, DESIGN.md principle 8): a record
about a person to the person's partnership, an MS1 to its screening's, an outreach contact to
its referral's or its agency worker's (lantern/safeguarding/services/scope.py says how).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from lantern.accounts.models import Organisation
from lantern.core.models import BaseModel

USER = settings.AUTH_USER_MODEL


class Indicator(models.TextChoices):
    """Indicators a first responder may observe (DOMAIN.md 4.3): general indicators of
    modern slavery and exploitation, then those specific to sex work (NPCC 2019)."""

    PHYSICAL_ABUSE = "physical_abuse", "Signs of physical or emotional abuse"
    UNKEMPT = "unkempt", "Malnourished or unkempt"
    CONTROLLED = "controlled", "Isolated, or under the control or influence of others"
    ACCOMMODATION = "accommodation", "Overcrowded accommodation, or lives where they work"
    NO_ID = "no_id", "No personal effects or identity documents"
    FEAR = "fear", "Avoids eye contact, or fears law enforcers"
    NO_EARNINGS = "no_earnings", "Has no access to their earnings"
    INSTRUCTED = "instructed", "Acts as if instructed by someone else"
    NO_PASSPORT = "no_passport", "Does not have access to their own passport"
    DROP_OFF = "drop_off", "Dropped off and picked up at unusual times"
    # Sex-work-specific coercion indicators (NPCC 2019 guidance, as reported).
    ADVERT_CONTROL = "advert_control", "Cannot edit their own advert"
    PHONE_CONTROL = "phone_control", "Does not control their own contact number"
    HIGH_RISK_SERVICES = "high_risk_services", "Offers high-risk services"


SEX_WORK_INDICATORS = frozenset(
    {Indicator.ADVERT_CONTROL, Indicator.PHONE_CONTROL, Indicator.HIGH_RISK_SERVICES}
)


class Outcome(models.TextChoices):
    NO_CONCERN = "no_concern", "No concern"
    CONCERN = "concern", "Concern"
    POTENTIAL_VICTIM = "potential_victim", "Potential victim of modern slavery or exploitation"


CONCERN_OUTCOMES = (Outcome.CONCERN, Outcome.POTENTIAL_VICTIM)


class AgeBand(models.TextChoices):
    ADULT = "adult", "18 or over"
    CHILD = "child", "Under 18"
    UNKNOWN = "unknown", "Not known"


class Screening(BaseModel):
    """The indicators observed at one contact, by whom, when, and the outcome."""

    person_id = models.UUIDField(db_index=True)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    case_id = models.UUIDField(null=True, blank=True, db_index=True)
    observed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    observed_at = models.DateTimeField()
    context = models.TextField(help_text="Where and how the contact happened.")
    indicators = models.JSONField(default=list)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    # With the age not known: are there reasonable grounds to believe the person may be under
    # 18 (Modern Slavery Act 2015 s.51(1)(b))? Only "yes" makes them treated as a child.
    may_be_under_18 = models.BooleanField(null=True, blank=True)
    may_be_under_18_reason = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    child_sexual_exploitation = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    # The Duty to Notify (s.52) for a potential victim: how it was met, and on which day (a
    # date, never a time: an MS1 must not be matched to the screening by its moment).
    duty_met_by = models.CharField(max_length=10, blank=True)  # "nrm" or "ms1"
    duty_met_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-observed_at"]
        indexes = [
            models.Index(fields=["partnership", "-created_at"], name="screening_partnership_list"),
            # The partnership's figures count a period's screenings by month from this
            # index's range (docs/scale.md), not every screening the partnership holds.
            models.Index(
                fields=["partnership", "observed_at"],
                include=["id"],
                name="screening_partnership_seen",
            ),
        ]

    @property
    def is_concern(self) -> bool:
        return self.outcome in CONCERN_OUTCOMES

    @property
    def treated_as_child(self) -> bool:
        """Under 18 as seen, or of an age not known with reasonable grounds to believe they
        may be under 18 (s.51): "not known" alone is not "a child"."""
        if self.age_band == AgeBand.CHILD:
            return True
        return self.age_band == AgeBand.UNKNOWN and bool(self.may_be_under_18)

    @property
    def short_id(self) -> str:
        return str(self.pk)[:8]


class Review(BaseModel):
    """A safeguarding lead's review of enforcement against a person (the gate)."""

    class Decision(models.TextChoices):
        PROCEED = "proceed", "Enforcement may proceed"
        PROCEED_WITH_SUPPORT = "proceed_with_support", "Enforcement may proceed, with support"
        DO_NOT_PROCEED = "do_not_proceed", "Enforcement should not proceed"

    person_id = models.UUIDField(db_index=True)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    screening = models.ForeignKey(
        Screening, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    reviewer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=30, choices=Decision.choices)
    rationale = models.TextField()
    decided_on = models.DateField()

    class Meta:
        ordering = ["-created_at"]


class Purpose(models.TextChoices):
    SUPPORT_REFERRAL = "support_referral", "Referral to a support agency"
    NRM = "nrm", "Referral into the National Referral Mechanism"
    INFORMATION_SHARING = "information_sharing", "Sharing information with partners"


class NrmExplained(models.TextChoices):
    """What a first responder must explain before an adult consents to the NRM."""

    WHAT = "what", "What the NRM is"
    SUPPORT = "support", "What support is available"
    OUTCOMES = "outcomes", "What the possible outcomes are"


class Consent(BaseModel):
    person_id = models.UUIDField(db_index=True)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(max_length=30, choices=Purpose.choices)
    given = models.BooleanField()
    explained_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    explained_at = models.DateTimeField()
    explanation = models.TextField(help_text="What was explained, in the words used.")
    nrm_explained = models.JSONField(default=list, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-explained_at"]

    @property
    def in_force(self) -> bool:
        return self.given and self.withdrawn_at is None


class SharedItem(models.TextChoices):
    """What a person may agree a referral tells the agency about them, item by item. The
    referrer records each item the person consented to; the agency sees those only."""

    NAME = "name", "Their name"
    CONTACT = "contact", "How to reach them"
    PLACE = "place", "Where to find them"
    REFERRER = "referrer_contact", "The referrer's contact details"


class Referral(BaseModel):
    class Kind(models.TextChoices):
        SUPPORT_AGENCY = "support_agency", "Support agency"
        ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care (Care Act 2014 s.42)"
        CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"

    class Service(models.TextChoices):
        OUTREACH = "outreach", "Outreach charity"
        DRUG_ALCOHOL = "drug_alcohol", "Drug and alcohol service"
        SEXUAL_VIOLENCE = "sexual_violence", "Sexual violence service"
        HOUSING = "housing", "Housing"
        SOCIAL_CARE = "social_care", "Social care"

    class Override(models.TextChoices):
        NONE = "", "None: the person consented"
        CHILD = "child", "The person is a child"
        SERIOUS_HARM = "serious_harm", "Risk of serious harm"

    class Status(models.TextChoices):
        SENT = "sent", "Sent"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        CLOSED = "closed", "Closed"

    person_id = models.UUIDField(db_index=True)
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    service = models.CharField(max_length=20, choices=Service.choices)
    agency = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    override = models.CharField(max_length=20, choices=Override.choices, blank=True)
    override_rationale = models.TextField(blank=True)
    # Care Act 2014 s.42(1): all three conditions must be met for an enquiry.
    s42_care_needs = models.BooleanField(null=True, blank=True)
    s42_abuse_or_risk = models.BooleanField(null=True, blank=True)
    s42_unable_to_protect = models.BooleanField(null=True, blank=True)
    reason = models.TextField()
    shared_information = models.TextField(
        blank=True, help_text="What the person agreed the agency may know."
    )
    # Item by item, what the person consented to the agency knowing (SharedItem codes), and
    # the value of each: an item not consented to is never stored (blank).
    shared_items = models.JSONField(default=list, blank=True)
    shared_name = models.CharField(
        max_length=200, blank=True, help_text="The name the person agreed to give the agency."
    )
    shared_contact = models.CharField(
        max_length=200, blank=True, help_text="How the agency may reach the person."
    )
    shared_place = models.CharField(
        max_length=200, blank=True, help_text="Where the agency may find the person."
    )
    referrer_contact = models.CharField(
        max_length=200, blank=True, help_text="How the agency may reach the referrer."
    )
    referred_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SENT)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-sent_at"]
        indexes = [
            models.Index(
                fields=["partnership", "agency", "-sent_at"], name="referral_partnership_agency"
            ),
            # The partnership's figures: a period's referrals from this index's range.
            models.Index(
                fields=["partnership", "sent_at"], include=["id"], name="referral_partnership_sent"
            ),
        ]

    def shared_value(self, item: str) -> str:
        """The value recorded for a SharedItem (blank when the person did not consent)."""
        return {
            SharedItem.NAME: self.shared_name,
            SharedItem.CONTACT: self.shared_contact,
            SharedItem.PLACE: self.shared_place,
            SharedItem.REFERRER: self.referrer_contact,
        }[SharedItem(item)]

    @property
    def s42_met(self) -> bool:
        return bool(self.s42_care_needs and self.s42_abuse_or_risk and self.s42_unable_to_protect)


class DutyRecord(BaseModel):
    """The Duty to Notify (Modern Slavery Act 2015 s.52) met: an NRM referral for a child or
    a consenting adult, or an anonymous MS1 for an adult who declined. An MS1 record never
    carries a person id or anything that identifies the person (s.52(3)), nor anything that
    links it to the screening: no recorder, no indicators, and no time of day (it is written
    by the daily batch, QueuedMs1, with its times set to midnight of the day it was made)."""

    class Kind(models.TextChoices):
        NRM = "nrm", "NRM referral"
        MS1 = "ms1", "MS1 notification (anonymous)"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    person_id = models.UUIDField(null=True, blank=True, db_index=True)  # NRM only
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    childrens_referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_child = models.BooleanField(default=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set by the service, not on save: an MS1's are midnight (UTC) of its day.
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # NRM only
    month = models.DateField(help_text="The first day of the month it was made.")
    exploitation_type = models.CharField(max_length=40, blank=True)
    indicators = models.JSONField(default=list, blank=True)
    reference = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]  # within a day, an MS1's random id: no order
        indexes = [
            models.Index(
                fields=["partnership", "kind", "-created_at"], name="duty_partnership_kind"
            ),
            # The partnership's figures: a period's NRM referrals and MS1s by month.
            models.Index(
                fields=["partnership", "kind", "month"],
                include=["id"],
                name="duty_partnership_month",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="ms1") | models.Q(person_id__isnull=True),
                name="ms1_has_no_person",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="ms1")
                | models.Q(recorded_by__isnull=True, consent__isnull=True),
                name="ms1_has_no_recorder_or_consent",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="nrm") | models.Q(person_id__isnull=False),
                name="nrm_names_its_person",
            ),
        ]


class QueuedMs1(models.Model):
    """An MS1 waiting for the daily batch (services.ms1_batch_write), which writes the day's
    MS1s in a shuffled order and deletes these. It holds no person, no screening, no user
    and no time: only the day, the partnership, the authority, and what the MS1 says."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    day = models.DateField()
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    exploitation_type = models.CharField(max_length=40, blank=True)
    reference = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["day", "id"]

    def __str__(self) -> str:
        return f"MS1 queued on {self.day:%d %b %Y}"


class OutreachContact(BaseModel):
    """A support agency's outreach contact: minimal data, no names."""

    class Support(models.TextChoices):
        WELFARE = "welfare", "Welfare check"
        HEALTH = "health", "Health or harm reduction"
        HOUSING = "housing", "Housing advice"
        DRUGS = "drugs", "Drug or alcohol support"
        SIGNPOSTED = "signposted", "Signposted to another service"

    agency = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    partnership = models.ForeignKey(
        "accounts.Partnership", on_delete=models.PROTECT, related_name="+"
    )
    logged_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    contacted_on = models.DateField()
    area = models.CharField(max_length=100, blank=True, help_text="A street or area, no address.")
    support = models.JSONField(default=list, blank=True)
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )

    class Meta:
        ordering = ["-contacted_on", "-created_at"]
        indexes = [
            models.Index(
                fields=["partnership", "agency", "-contacted_on"],
                name="outreach_partnership_agency",
            )
        ]
