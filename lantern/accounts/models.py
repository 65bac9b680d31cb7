"""Users (email to sign in), organisations, memberships with roles, and API tokens."""

from __future__ import annotations

import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models import Q

from lantern.core.actor import ROLE_LABELS, Role
from lantern.core.models import BaseModel


class UserManager(BaseUserManager["User"]):
    # Not in migrations: a migration that names it would import application code, and no
    # migration needs it (historical models get a plain manager).
    use_in_migrations = False

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    date_joined = models.DateTimeField(auto_now_add=True)
    # A resident's own contact details besides their email (they correct them themselves).
    phone = models.CharField(max_length=30, blank=True)
    # A new email address the user asked to change to, until they confirm it from that
    # address (the one they sign in with stays until then).
    pending_email = models.EmailField(blank=True)
    # When the resident closed their account: contact details gone, no sign-in. What was
    # kept, by class of record and count (no personal data), as they were told it.
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_summary = models.JSONField(default=list, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.display_name or self.email


class Organisation(BaseModel):
    class Kind(models.TextChoices):
        POLICE_FORCE = "police_force", "Police force"
        COUNCIL = "council", "Council"
        SUPPORT_AGENCY = "support_agency", "Support agency"
        HOUSING_PROVIDER = "housing_provider", "Housing provider"
        RESIDENTS_GROUP = "residents_group", "Residents' group"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    # Its public contact details, printed on the documents it issues (docs/enforcement.md,
    # "Documents"): the contact a keeper letter promises, where a support agency is, the
    # payee of a fixed penalty (ASBCPA 2014 s.52(6)(d)) and how to pay it (s.52(6)(e)).
    address = models.TextField(blank=True, help_text="Postal address, one line per line.")
    telephone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    payment_methods = models.TextField(
        blank=True,
        help_text="A council's permissible methods of paying a fixed penalty to it "
        "(ASBCPA 2014 s.52(6)(e) and s.68(5)(e)), as printed on the notice.",
    )
    # The keeper letter's privacy notice (docs/enforcement.md): who to ask about the data.
    data_protection_contact = models.TextField(
        blank=True, help_text="How to contact its data protection officer."
    )
    keeper_data_kept_for = models.CharField(
        max_length=200,
        blank=True,
        help_text="How long it keeps a registered keeper's details after a letter, as the "
        "letter states it (for example: 12 months from the date of the letter).",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(BaseModel):
    """A role a user holds, in an organisation. Residents hold theirs in no organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=[(r.value, ROLE_LABELS[r]) for r in Role])

    class Meta:
        ordering = ["user__email", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(organisation__isnull=True),
                name="membership_one_unattached_role",
            ),
            models.CheckConstraint(
                condition=Q(role=Role.RESIDENT.value) | Q(organisation__isnull=False),
                name="membership_staff_roles_need_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} @ {self.organisation_id}"


class ApiToken(BaseModel):
    """A client's bearer token. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    # The one partnership the token acts in: a client sees and files only its records
    # (docs/adr/0015-partnership-is-the-scope.md). Residents' tokens have none.
    partnership = models.ForeignKey(
        "Partnership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Partnership(BaseModel):
    """A community safety partnership: the scope of everything Lantern holds (DESIGN.md
    principle 8, docs/adr/0015-partnership-is-the-scope.md). Its member organisations' staff
    see its records; a record belongs to the partnership whose area it happened in, or
    whose member created it. An organisation may belong to several partnerships."""

    name = models.CharField(max_length=200, unique=True)
    # The area it serves: a GeoJSON Polygon or MultiPolygon (longitude, latitude), with its
    # bounding box for a cheap first filter. A partnership without one takes no report by
    # place (only what its members create).
    boundary = models.JSONField(null=True, blank=True)
    min_lat = models.FloatField(null=True, blank=True)
    min_lng = models.FloatField(null=True, blank=True)
    max_lat = models.FloatField(null=True, blank=True)
    max_lng = models.FloatField(null=True, blank=True)
    members: models.ManyToManyField[Organisation, PartnershipMember] = models.ManyToManyField(
        Organisation, through="PartnershipMember", related_name="partnerships"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnershipMember(BaseModel):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnership_memberships"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="partnership_member_unique"
            )
        ]


class Share(BaseModel):
    """One record of one partnership, shared with another on purpose: who shared it, when,
    why, and whether it has been withdrawn. The record is named by its audit object type
    and id (the owning app checks the sharer may see it). Staff of the receiving
    partnership then see it as if it were theirs; role and case membership still apply."""

    object_type = models.CharField(max_length=40)
    object_id = models.UUIDField()
    from_partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="shares_given"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="shares_received"
    )
    reason = models.TextField()
    # None when Lantern itself shared it (the demo, a command).
    shared_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["object_type", "partnership", "object_id"], name="share_lookup")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["object_type", "object_id", "partnership"],
                condition=Q(withdrawn_at__isnull=True),
                name="share_one_live_per_partnership",
            ),
            models.CheckConstraint(
                condition=~Q(from_partnership=models.F("partnership")),
                name="share_to_another_partnership",
            ),
        ]
