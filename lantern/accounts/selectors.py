"""Every read of accounts data, already filtered for the actor (STYLE.md habit 2)."""

from __future__ import annotations

import uuid

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.lookups import IsNull

from lantern.accounts.models import (
    ApiToken,
    Membership,
    Organisation,
    Partnership,
    Share,
    User,
)
from lantern.audit.services import audit_access
from lantern.core.actor import Actor, Role
from lantern.core.dataclass import DataClass
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can, register_object_policy


def actor_for(
    user: User | None, *, verified: bool = False, partnership_id: uuid.UUID | None = None
) -> Actor:
    """Build the Actor for a signed-in user in one query: their memberships, each with the
    partnerships its organisation belongs to. ``partnership_id`` (an API token's binding)
    narrows the scope to that one partnership, if the user's organisations belong to it."""
    from lantern.core.actor import ANONYMOUS

    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    # No ordering: Membership's default one joins the user table for nothing here.
    rows = (
        Membership.objects.filter(user=user)
        .order_by()
        .values_list(
            "organisation_id", "role", "organisation__partnership_memberships__partnership"
        )
    )
    held: set[tuple[uuid.UUID | None, Role]] = set()
    scope: set[uuid.UUID] = set()
    for org_id, role, partnership in rows:
        held.add((org_id, Role(role)))
        if partnership is not None and Role(role).is_staff:
            scope.add(partnership)
    partnerships = frozenset(scope)
    if partnership_id is not None:
        partnerships = partnerships & {partnership_id}
    return Actor(
        user_id=user.pk,
        label=str(user.pk),
        memberships=frozenset(held),
        verified=verified,
        partnership_ids=partnerships,
    )


def api_token_live(token_hash: str) -> ApiToken | None:
    """For the authentication of every API request: the live token with this hash, with
    its active user, or None."""
    return (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_hash, revoked_at__isnull=True, user__is_active=True)
        .first()
    )


# --- object policies ----------------------------------------------------------------------


def _organisation_policy(actor: Actor, permission: Permission, record: Organisation) -> bool:
    if actor.has_role(Role.ADMIN):
        return True
    return record.pk in actor.organisation_ids


def _user_policy(actor: Actor, permission: Permission, record: User) -> bool:
    if actor.has_role(Role.ADMIN) or record.pk == actor.user_id:
        return True
    shared = set(
        Membership.objects.filter(user=record, organisation__isnull=False).values_list(
            "organisation_id", flat=True
        )
    )
    supervised = {org for org, role in actor.memberships if role is Role.SUPERVISOR}
    return bool(shared & supervised)


register_object_policy(Organisation, _organisation_policy)
register_object_policy(User, _user_policy)


# --- organisations --------------------------------------------------------------------------


def organisation_list(*, actor: Actor) -> QuerySet[Organisation]:
    if not can(actor, Permission.ORGANISATION_VIEW):
        return Organisation.objects.none()
    if actor.has_role(Role.ADMIN):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=actor.organisation_ids)


def organisation_get(*, actor: Actor, organisation_id: uuid.UUID) -> Organisation:
    try:
        return organisation_list(actor=actor).get(pk=organisation_id)
    except Organisation.DoesNotExist:
        raise NotFound("organisation") from None


def organisation_details_missing(org: Organisation) -> list[str]:
    """What the documents an organisation issues would need and it has not recorded: a
    council's fixed penalty notices name its address and how to pay it (ASBCPA 2014
    s.52(6)(d)-(e)); a keeper letter promises contact details and a privacy notice; a
    support agency is signposted by its contact details (docs/enforcement.md)."""
    missing: list[str] = []
    if not (org.address or org.telephone or org.email):
        missing.append("contact details")
    if org.kind == Organisation.Kind.COUNCIL:
        if not org.address:
            missing.append("postal address")
        if not org.payment_methods:
            missing.append("how to pay a fixed penalty")
    if org.kind in (Organisation.Kind.COUNCIL, Organisation.Kind.POLICE_FORCE):
        if not org.data_protection_contact:
            missing.append("data protection officer's contact")
        if not org.keeper_data_kept_for:
            missing.append("how long keeper details are kept")
    return missing


SUPPORT_KINDS = (Organisation.Kind.SUPPORT_AGENCY, Organisation.Kind.HOUSING_PROVIDER)


def support_agencies(*, actor: Actor) -> QuerySet[Organisation]:
    """The partner organisations a person may be referred to (support agencies and housing
    providers), for those who may make referrals; none for anyone else. Names of
    organisations only: no personal data, so no access event."""
    if not can(actor, Permission.REFERRAL_MAKE):
        return Organisation.objects.none()
    return Organisation.objects.filter(kind__in=SUPPORT_KINDS).order_by("name")


def councils(*, actor: Actor) -> QuerySet[Organisation]:
    """The local authorities Lantern knows, by name: a fixed penalty is payable to one
    (ASBCPA 2014 s.52(3)-(4), s.68(2)-(3)). Names and public details only."""
    if not can(actor, Permission.ORGANISATION_VIEW):
        return Organisation.objects.none()
    return Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).order_by("name")


def support_contacts(*, actor: Actor) -> QuerySet[Organisation]:
    """Support agencies whose public contact details are recorded, by name: where a warning
    or notice says support is. Public details only (what the documents print), so no
    access event."""
    if not can(actor, Permission.ORGANISATION_VIEW):
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(kind=Organisation.Kind.SUPPORT_AGENCY)
        .exclude(address="", telephone="", email="")
        .order_by("name")
    )


# --- users (personal data: every read of one user is an access event) ------------------------


def user_list(*, actor: Actor) -> QuerySet[User]:
    if not can(actor, Permission.USER_VIEW):
        return User.objects.none()
    if actor.has_role(Role.ADMIN):
        return User.objects.all()
    supervised = [org for org, role in actor.memberships if role is Role.SUPERVISOR]
    return User.objects.filter(memberships__organisation__in=supervised).distinct()


def user_get(*, actor: Actor, user_id: uuid.UUID) -> User:
    if user_id == actor.user_id:
        user = User.objects.filter(pk=user_id).first()
    else:
        user = user_list(actor=actor).filter(pk=user_id).first()
    if user is None:
        raise NotFound("user")
    if user.pk != actor.user_id:  # reading one's own record is not logged
        audit_access(
            actor=actor, object_type="user", object_id=user.pk, data_class=DataClass.PERSONAL
        )
    return user


def membership_list(*, actor: Actor, user_id: uuid.UUID) -> QuerySet[Membership]:
    user_get(actor=actor, user_id=user_id)  # raises NotFound when not visible
    return Membership.objects.filter(user_id=user_id).select_related("organisation")


def holds_staff_role(user_id: uuid.UUID) -> bool:
    """Whether the user holds any staff role: a yes or no, nothing about them (evidence asks
    it to know whether a file came from a member of the public)."""
    return Membership.objects.filter(user_id=user_id).exclude(role=Role.RESIDENT).exists()


def own_memberships(*, actor: Actor) -> QuerySet[Membership]:
    if actor.user_id is None:
        return Membership.objects.none()
    return Membership.objects.filter(user_id=actor.user_id).select_related("organisation")


def api_token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    if actor.user_id is None or not can(actor, Permission.API_TOKEN_MANAGE_OWN):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=actor.user_id)


def can_manage_own_tokens(*, actor: Actor) -> bool:
    return can(actor, Permission.API_TOKEN_MANAGE_OWN)


# --- partnerships: the scope of every record (docs/adr/0015-partnership-is-the-scope.md) ---


def scope_q(actor: Actor, *, object_type: str, field: str = "partnership") -> Q:
    """The records of ``object_type`` in the actor's partnerships, or shared with one of
    them on purpose (a live Share). For a queryset's ``filter``; the system sees everything.
    ``field`` names the record's partnership foreign key (``"case__partnership"`` for a
    record that belongs to its case's partnership)."""
    if actor.is_system:
        return Q()
    mine = list(actor.partnership_ids)
    pk = field.rsplit("__", 1)[0] + "__pk" if "__" in field else "pk"
    shared = Share.objects.filter(
        object_type=object_type, partnership_id__in=mine, withdrawn_at__isnull=True
    ).values("object_id")
    return Q(**{f"{field}_id__in": mine}) | Q(**{f"{pk}__in": shared})


def scope_each_q(actor: Actor, *, object_type: str) -> Q:
    """``scope_q`` for a list that walks its records in index order and stops after a page
    (the case lists, newest first): the same records, but the share is looked up for each
    record the walk passes outside the actor's partnerships (one probe of the live shares'
    unique index, ``share_one_live_per_partnership``), never by reading every live share to
    the actor's partnerships into a hash first, which grows with the shares and is what
    PostgreSQL makes of ``scope_q``'s ``IN`` (docs/scale.md, "Run 8"). A scalar subquery
    (the first such share's record id, or NULL) is used rather than ``EXISTS`` because
    PostgreSQL may turn an ``EXISTS`` back into that hash. For records that are the rows
    of the query themselves (``pk``); the tests hold it to ``scope_q``'s answers."""
    if actor.is_system:
        return Q()
    mine = list(actor.partnership_ids)
    # Any one will do: no order (Share's default one would sort the matches first).
    live_share = Share.objects.filter(
        object_type=object_type,
        object_id=OuterRef("pk"),
        partnership_id__in=mine,
        withdrawn_at__isnull=True,
    ).order_by()
    first = Subquery(live_share.values("object_id")[:1])
    return Q(partnership_id__in=mine) | Q(IsNull(first, False))


def in_scope(
    actor: Actor, *, object_type: str, object_id: uuid.UUID, partnership_id: uuid.UUID | None
) -> bool:
    """Whether one record (of ``partnership_id``) is in the actor's scope: theirs, or shared
    with one of their partnerships."""
    if actor.is_system:
        return True
    if partnership_id in actor.partnership_ids:
        return True
    return Share.objects.filter(
        object_type=object_type,
        object_id=object_id,
        partnership_id__in=actor.partnership_ids,
        withdrawn_at__isnull=True,
    ).exists()


def shared_set_q(
    actor: Actor, *, object_type: str, key_field: str, field: str = "partnership"
) -> Q:
    """Records shared as a set rather than one by one: those whose ``key_field`` (say, the
    person a safeguarding record is about) is the object id of a live Share of
    ``object_type`` to one of the actor's partnerships, given by the record's own partnership
    (``field``), so a set shared by one partnership never shows another's records. For a
    queryset's ``filter``, beside scope_q; the system sees everything."""
    if actor.is_system:
        return Q()
    shares = Share.objects.filter(
        object_type=object_type,
        object_id=OuterRef(key_field),
        from_partnership_id=OuterRef(f"{field}_id"),
        partnership_id__in=list(actor.partnership_ids),
        withdrawn_at__isnull=True,
    )
    return Q(Exists(shares))


def in_shared_set(
    actor: Actor, *, object_type: str, object_id: uuid.UUID, from_partnership_id: uuid.UUID
) -> bool:
    """Whether the set ``object_id`` of ``object_type`` (say, a person's safeguarding
    records) held by ``from_partnership_id`` is shared with one of the actor's partnerships."""
    if actor.is_system:
        return True
    return Share.objects.filter(
        object_type=object_type,
        object_id=object_id,
        from_partnership_id=from_partnership_id,
        partnership_id__in=actor.partnership_ids,
        withdrawn_at__isnull=True,
    ).exists()


def partnership_list(*, actor: Actor) -> QuerySet[Partnership]:
    """Partnerships by name: all for an administrator, the actor's own for other staff."""
    if not can(actor, Permission.ORGANISATION_VIEW):
        return Partnership.objects.none()
    if actor.has_role(Role.ADMIN):
        return Partnership.objects.all()
    return Partnership.objects.filter(pk__in=actor.partnership_ids)


def partnership_get(*, actor: Actor, partnership_id: uuid.UUID) -> Partnership:
    found = partnership_list(actor=actor).filter(pk=partnership_id).first()
    if found is None:
        raise NotFound("partnership")
    return found


def partnership_names() -> dict[uuid.UUID, str]:
    """Every partnership's name by id: public names, for labels and for choosing whom to
    share a record with."""
    return dict(Partnership.objects.order_by("name").values_list("pk", "name"))


def partnership_members(*, partnership: Partnership) -> QuerySet[Organisation]:
    return Organisation.objects.filter(partnership_memberships__partnership=partnership)


def partnership_at(latitude: float, longitude: float) -> Partnership | None:
    """The partnership whose area contains the point. Where areas overlap (a force-wide
    partnership around a borough's), the smallest wins: the most local partnership; a tie
    goes to the name first in order, so the answer never depends on the database."""
    from lantern.core import areas

    candidates = Partnership.objects.filter(
        min_lat__lte=latitude, max_lat__gte=latitude, min_lng__lte=longitude, max_lng__gte=longitude
    )
    found: list[tuple[float, str, Partnership]] = []
    for partnership in candidates:
        shape = areas.parse_area_geojson(partnership.boundary)
        if areas.contains(shape, latitude, longitude):
            found.append((shape.area, partnership.name, partnership))
    return min(found, key=lambda row: row[:2])[2] if found else None


def partnership_for_creator(*, actor: Actor, partnership_id: uuid.UUID | None = None) -> uuid.UUID:
    """The partnership a record made by ``actor`` (not placed on the map) belongs to: the
    one they chose among theirs, or their only one. Raises ValidationFailed with a plain
    message when they must choose, or have none."""
    from lantern.core.errors import ValidationFailed

    mine = actor.partnership_ids
    if partnership_id is not None:
        if partnership_id not in mine:
            raise ValidationFailed({"partnership": ["Choose one of your partnerships"]})
        return partnership_id
    if len(mine) == 1:
        return next(iter(mine))
    if not mine:
        raise ValidationFailed(
            {"partnership": ["Your organisation is not a member of any partnership yet"]}
        )
    raise ValidationFailed({"partnership": ["Choose which partnership this belongs to"]})


def shares_of(*, object_type: str, object_id: uuid.UUID) -> QuerySet[Share]:
    """The shares of one record, live and withdrawn, newest first: for its page, to those
    who may see the record."""
    return Share.objects.filter(object_type=object_type, object_id=object_id).select_related(
        "partnership", "from_partnership", "shared_by"
    )


def notifiable_users(
    *,
    user_ids: list[uuid.UUID] | None = None,
    role: Role | None = None,
    organisation_id: uuid.UUID | None = None,
    partnership_id: uuid.UUID | None = None,
    staff_only: bool = False,
) -> QuerySet[User]:
    """Whom the notifications app tells something (lantern.notifications.services): active
    users, narrowed to these ids, to holders of ``role``, to members of an organisation or of
    a partnership's organisations. Their email addresses leave only to the mail backend."""
    users = User.objects.filter(is_active=True)
    if user_ids is not None:
        users = users.filter(pk__in=user_ids)
    memberships = Membership.objects.filter(user=OuterRef("pk"))
    if role is not None:
        memberships = memberships.filter(role=role)
    elif staff_only:
        memberships = memberships.exclude(role=Role.RESIDENT)
    if organisation_id is not None:
        memberships = memberships.filter(organisation_id=organisation_id)
    if partnership_id is not None:
        memberships = memberships.filter(
            organisation__partnership_memberships__partnership_id=partnership_id
        )
    if role is not None or staff_only or organisation_id or partnership_id:
        users = users.filter(Exists(memberships))
    return users.order_by("pk")
