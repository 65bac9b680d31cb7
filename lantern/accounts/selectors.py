"""Every read of accounts data, already filtered for the actor (STYLE.md habit 2)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from functools import cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import QuerySet

from lantern.accounts.holders import Holder
from lantern.accounts.models import ApiToken, Membership, Organisation, User
from lantern.audit.services import audit_access
from lantern.core.actor import Actor, Role
from lantern.core.dataclass import DataClass
from lantern.core.db import prepared_cursor
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can, register_object_policy


def actor_for(user: User | None, *, verified: bool = False) -> Actor:
    """Build the Actor for a signed-in user: one query for their memberships."""
    from lantern.core.actor import ANONYMOUS

    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    # No ordering: Membership's default one joins the user table for nothing here.
    memberships = Membership.objects.filter(user=user).order_by()
    return actor_with(
        user.pk, memberships.values_list("organisation_id", "role"), verified=verified
    )


def actor_with(
    user_id: uuid.UUID, memberships: Iterable[tuple[uuid.UUID | None, str]], *, verified: bool
) -> Actor:
    """The Actor for an active user whose memberships (organisation id, role) are already
    read, for callers that read them in the same query as the user (API tokens)."""
    held = frozenset((org_id, Role(role)) for org_id, role in memberships)
    return Actor(user_id=user_id, label=str(user_id), memberships=held, verified=verified)


def _roles_key_sql(user_alias: str) -> str:
    """PostgreSQL: the roles of the user ``user_alias`` written out as one string, in an
    order that does not depend on the database's collation ("" for none). A remembered
    holder is confirmed while this string is unchanged (``holders``, ADR 0011)."""
    q = connection.ops.quote_name
    membership = q(Membership._meta.db_table)
    key = f"coalesce(k.{q('organisation_id')}::text, '') || ':' || k.{q('role')}"
    return (
        f"(SELECT coalesce(string_agg({key}, ',' ORDER BY ({key}) COLLATE \"C\"), '') "  # noqa: S608
        f"FROM {membership} k WHERE k.{q('user_id')} = {user_alias}.{q('id')})"
    )


def _token_holder_sql() -> tuple[str, list[tuple[list[Any], Any]]]:
    """The token-holder query, and each selected column's converters, for this connection
    (built once per database vendor from the models' metadata). On PostgreSQL it also
    selects the user's roles key."""
    vendor = connection.vendor
    if vendor not in _TOKEN_HOLDER_SQL:
        ops, q = connection.ops, connection.ops.quote_name
        token_fields: list[Any] = [ApiToken._meta.get_field(n) for n in ("id", "last_used_at")]
        organisation, role = (Membership._meta.get_field(n) for n in ("organisation", "role"))
        selected: list[Any] = [
            *(f.get_col("t") for f in token_fields),
            User._meta.pk.get_col("u"),
            organisation.get_col("m"),  # type: ignore[union-attr]
            role.get_col("m"),  # type: ignore[union-attr]
        ]
        columns = ", ".join(f"{q(col.alias)}.{q(col.target.column)}" for col in selected)
        if vendor == "postgresql":
            columns += f", {_roles_key_sql('u')}"
        token, user, membership = (q(m._meta.db_table) for m in (ApiToken, User, Membership))
        sql = (
            f"SELECT {columns} FROM {token} t "  # noqa: S608  (identifiers from the models)
            f"JOIN {user} u ON u.{q('id')} = t.{q('user_id')} "
            f"LEFT JOIN {membership} m ON m.{q('user_id')} = u.{q('id')} "
            f"WHERE t.{q('token_hash')} = %s AND t.{q('revoked_at')} IS NULL "
            f"AND u.{q('is_active')}"
        )
        converters = [
            (
                [*ops.get_db_converters(col), *col.output_field.get_db_converters(connection)],
                col,
            )
            for col in selected
        ]
        _TOKEN_HOLDER_SQL[vendor] = (sql, converters)
    return _TOKEN_HOLDER_SQL[vendor]


_TOKEN_HOLDER_SQL: dict[str, tuple[str, list[tuple[list[Any], Any]]]] = {}


def api_token_holder(token_hash: str) -> Holder | None:
    """For the authentication of every API request: the live token with this hash, its
    active user and the user's (organisation, role) memberships, in one query, or None.
    Written as SQL (built once from the models) because the ORM's query building cost more
    than the rest of a report submission."""
    sql, converters = _token_holder_sql()
    db = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the per-thread proxy
    with prepared_cursor(db) as cursor:
        cursor.execute(sql, [token_hash])
        rows = cursor.fetchall()
    if not rows:
        return None
    values = []
    for row in rows:
        converted = []
        for value, (funcs, col) in zip(row[: len(converters)], converters, strict=True):
            for func in funcs:
                value = func(value, col, db)
            converted.append(value)
        values.append(converted)
    token_id, last_used_at, user_id = values[0][:3]
    return Holder(
        token_hash=token_hash,
        token_id=token_id,
        last_used_at=last_used_at,
        user_id=user_id,
        memberships=tuple((v[3], v[4]) for v in values if v[4]),
        roles_key=rows[0][len(converters)] if len(rows[0]) > len(converters) else "",
    )


def holder_confirmation_sql(holder: Holder) -> tuple[str, list[Any]]:
    """PostgreSQL: a condition, and its parameters, that holds while ``holder``'s token is
    live, its user active and the user's roles those remembered: the write of an operation
    that took a remembered holder includes it (``holders``, ADR 0011)."""
    return _holder_confirmation_sql(), [holder.token_id, holder.user_id, holder.roles_key]


@cache
def _holder_confirmation_sql() -> str:
    q = connection.ops.quote_name
    token, user = (q(m._meta.db_table) for m in (ApiToken, User))
    return (
        f"EXISTS (SELECT 1 FROM {token} t "  # noqa: S608  (identifiers from the models)
        f"JOIN {user} u ON u.{q('id')} = t.{q('user_id')} "
        f"WHERE t.{q('id')} = %s::uuid AND t.{q('user_id')} = %s::uuid "
        f"AND t.{q('revoked_at')} IS NULL AND u.{q('is_active')} "
        f"AND {_roles_key_sql('u')} = %s::text)"
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
