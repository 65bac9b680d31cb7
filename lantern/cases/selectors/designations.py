"""The designations to issue notices of the people the actor manages."""

from __future__ import annotations

import uuid

from lantern.cases.models import Designation
from lantern.core.actor import Actor
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
    """The designations in force of the people the actor manages, with their names."""
    people = dict(designation_people(actor=actor))
    designations = Designation.objects.filter(revoked_at=None, user_id__in=list(people))
    return [(d, people[d.user_id]) for d in designations.order_by("created_at")]
