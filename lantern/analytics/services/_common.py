"""What every analytics service shares."""

from __future__ import annotations

import uuid

from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied
from lantern.core.permissions import Permission, can


def _require(actor: Actor, permission: Permission) -> None:
    if not can(actor, permission):
        raise PermissionDenied(permission.value)


def _creator_organisation(actor: Actor, partnership_id: uuid.UUID) -> uuid.UUID | None:
    """The organisation a plan or evaluation made by ``actor`` for a partnership is made
    by: the actor's organisation that is a member of the partnership (the first by id if
    several are), so that its colleagues there see the drafts."""
    from lantern.accounts.selectors import partnership_get, partnership_members

    partnership = partnership_get(actor=actor, partnership_id=partnership_id)
    members = partnership_members(partnership=partnership).filter(pk__in=actor.organisation_ids)
    found = sorted(members.values_list("pk", flat=True))
    return found[0] if found else next(iter(sorted(actor.organisation_ids)), None)
