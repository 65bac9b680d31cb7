"""The designations to issue notices of the people the actor manages. A designation is its
designating body's act: staff see those made by an organisation of their partnerships
(docs/adr/0015-partnership-is-the-scope.md), and grant them only through such a body."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet

from lantern.accounts.models import Organisation
from lantern.cases.models import Designation
from lantern.core.actor import Actor, Role
from lantern.core.permissions import Permission, can


def bodies_in_scope(*, actor: Actor) -> QuerySet[Organisation]:
    """The organisations the actor may see (accounts' selector) that are members of one of
    the actor's partnerships: the bodies whose designations they see and may grant."""
    from lantern.accounts import selectors as account_selectors

    visible = account_selectors.organisation_list(actor=actor)
    if actor.is_system:
        return visible
    members = Organisation.objects.filter(
        partnership_memberships__partnership_id__in=list(actor.partnership_ids)
    ).values("pk")
    return visible.filter(pk__in=members)


def designations_in_scope(*, actor: Actor) -> QuerySet[Designation]:
    """Designations made by a body of the actor's partnerships, and those recorded before
    bodies were (they confer no power until granted again; their person's managers see
    them to grant them again)."""
    if actor.is_system:
        return Designation.objects.all()
    members = Organisation.objects.filter(
        partnership_memberships__partnership_id__in=list(actor.partnership_ids)
    ).values("pk")
    return Designation.objects.filter(Q(organisation__isnull=True) | Q(organisation__in=members))


def designation_people(*, actor: Actor) -> list[tuple[uuid.UUID, str]]:
    """(user id, name) of the people whose designations the actor manages: the users of the
    organisations they supervise (everyone, for an administrator)."""
    from lantern.accounts import selectors as account_selectors

    if not can(actor, Permission.DESIGNATION_MANAGE):
        return []
    users = account_selectors.user_list(actor=actor).order_by("display_name")
    return list(users.values_list("pk", "display_name")[:500])


def designation_list(*, actor: Actor) -> list[tuple[Designation, str]]:
    """The designations in force of the people the actor manages, with their names and the
    body that made each."""
    people = dict(designation_people(actor=actor))
    designations = (
        designations_in_scope(actor=actor)
        .filter(revoked_at=None, user_id__in=list(people))
        .select_related("organisation")
    )
    return [(d, people[d.user_id]) for d in designations.order_by("created_at")]


def granting_bodies(*, actor: Actor) -> list[tuple[uuid.UUID, str]]:
    """(id, name) of the organisations through which the actor may grant designations: those
    in which they hold a supervisor's or administrator's role, in their partnerships
    (DESIGNATING_BODY narrows them by the kind of designation)."""
    if not can(actor, Permission.DESIGNATION_MANAGE):
        return []
    held = [
        org
        for org, role in actor.memberships
        if org is not None and role in (Role.SUPERVISOR, Role.ADMIN)
    ]
    bodies = bodies_in_scope(actor=actor).filter(pk__in=held)
    return list(bodies.order_by("name").values_list("pk", "name"))
