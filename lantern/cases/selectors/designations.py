"""The designations to issue notices of the people the actor manages."""

from __future__ import annotations

import uuid

from lantern.cases.models import Designation
from lantern.core.actor import Actor, Role
from lantern.core.permissions import Permission, can


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
    designations = Designation.objects.filter(
        revoked_at=None, user_id__in=list(people)
    ).select_related("organisation")
    return [(d, people[d.user_id]) for d in designations.order_by("created_at")]


def granting_bodies(*, actor: Actor) -> list[tuple[uuid.UUID, str]]:
    """(id, name) of the organisations through which the actor may grant designations: those
    in which they hold a supervisor's or administrator's role (DESIGNATING_BODY narrows them
    by the kind of designation)."""
    from lantern.accounts import selectors as account_selectors

    if not can(actor, Permission.DESIGNATION_MANAGE):
        return []
    held = [
        org
        for org, role in actor.memberships
        if org is not None and role in (Role.SUPERVISOR, Role.ADMIN)
    ]
    bodies = account_selectors.organisation_list(actor=actor).filter(pk__in=held)
    return list(bodies.order_by("name").values_list("pk", "name"))
