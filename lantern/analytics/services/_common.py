"""What every analytics service shares."""

from __future__ import annotations

from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied
from lantern.core.permissions import Permission, can


def _require(actor: Actor, permission: Permission) -> None:
    if not can(actor, permission):
        raise PermissionDenied(permission.value)
