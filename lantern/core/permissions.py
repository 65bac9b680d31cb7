"""The one place that answers "may this actor do this (to this record)?"

It lives in the shared kernel so that every app, the audit log included, asks the same
question the same way (docs/adr/0003-permissions-in-core.md).

Permissions are granted to roles in ``ROLE_PERMISSIONS`` (the matrix a parametrised test
covers whole). Where a record is given, the object policy registered for its type narrows
the answer further: organisation, case membership, data class. Selectors use the same
policies to filter querysets, so a list never shows what a detail page would refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from lantern.core.actor import Actor, Role


class Permission(StrEnum):
    # Each app keeps its permissions in its own section, here and in GRANTS below.
    # --- frontend --------------------------------------------------------------------------
    STAFF_DASHBOARD_VIEW = "staff_dashboard.view"
    RESIDENT_HOME_VIEW = "resident_home.view"
    # --- accounts --------------------------------------------------------------------------
    ORGANISATION_VIEW = "organisation.view"
    ORGANISATION_MANAGE = "organisation.manage"
    USER_VIEW = "user.view"
    USER_MANAGE = "user.manage"
    MEMBERSHIP_MANAGE = "membership.manage"
    API_TOKEN_MANAGE_OWN = "api_token.manage_own"  # noqa: S105
    # --- audit -----------------------------------------------------------------------------
    AUDIT_VIEW = "audit.view"
    AUDIT_VERIFY = "audit.verify"
    # --- places ----------------------------------------------------------------------------
    # --- reports ---------------------------------------------------------------------------
    # --- evidence --------------------------------------------------------------------------
    # --- cases -----------------------------------------------------------------------------
    # --- safeguarding ----------------------------------------------------------------------
    # --- intelligence ----------------------------------------------------------------------
    # --- analytics -------------------------------------------------------------------------


P = Permission
R = Role

# Groups of roles, for reading the grants below.
RESIDENTS = frozenset({R.RESIDENT})
STAFF = frozenset(r for r in Role if r.is_staff)
OFFICERS = frozenset({R.POLICE_OFFICER, R.PCSO, R.COUNCIL_OFFICER})  # front-line enforcement
SAFEGUARDING = frozenset({R.SAFEGUARDING_LEAD})
SUPPORT = frozenset({R.SUPPORT_WORKER})
ADMINS = frozenset({R.ADMIN})

# Who holds each permission. Every Permission must appear here (a test checks), and the
# role x permission matrix test in lantern/core/tests/test_permissions.py spells out the
# same table independently, so a change to who may do what is always made twice.
GRANTS: dict[Permission, frozenset[Role]] = {
    # --- frontend --------------------------------------------------------------------------
    P.STAFF_DASHBOARD_VIEW: STAFF,
    P.RESIDENT_HOME_VIEW: RESIDENTS,
    # --- accounts --------------------------------------------------------------------------
    P.ORGANISATION_VIEW: STAFF,
    P.ORGANISATION_MANAGE: ADMINS,
    P.USER_VIEW: frozenset({R.SUPERVISOR, R.ADMIN}),
    P.USER_MANAGE: ADMINS,
    P.MEMBERSHIP_MANAGE: ADMINS,
    P.API_TOKEN_MANAGE_OWN: STAFF,
    # --- audit -----------------------------------------------------------------------------
    P.AUDIT_VIEW: ADMINS,
    P.AUDIT_VERIFY: ADMINS,
    # --- places ----------------------------------------------------------------------------
    # --- reports ---------------------------------------------------------------------------
    # --- evidence --------------------------------------------------------------------------
    # --- cases -----------------------------------------------------------------------------
    # --- safeguarding ----------------------------------------------------------------------
    # --- intelligence ----------------------------------------------------------------------
    # --- analytics -------------------------------------------------------------------------
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    role: frozenset(p for p, roles in GRANTS.items() if role in roles) for role in Role
}

ObjectPolicy = Callable[[Actor, Permission, Any], bool]
_OBJECT_POLICIES: dict[type, ObjectPolicy] = {}


def register_object_policy(model: type, policy: ObjectPolicy) -> None:
    """Each app registers how its records narrow a role's permission (in AppConfig.ready)."""
    _OBJECT_POLICIES[model] = policy


def role_allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def can(actor: Actor, permission: Permission, record: Any = None) -> bool:
    """True when one of the actor's roles grants ``permission`` and, for a record, the
    record's object policy agrees. Staff need a verified second factor for everything."""
    if actor.user_id is None:
        return actor.is_system
    if actor.is_staff and not actor.verified:
        # A staff member who has not passed two-factor may reach resident pages only.
        granted = any(
            role_allows(role, permission) for role in actor.roles if role is Role.RESIDENT
        )
    else:
        granted = any(role_allows(role, permission) for role in actor.roles)
    if not granted:
        return False
    if record is None:
        return True
    policy = _OBJECT_POLICIES.get(type(record))
    if policy is None:
        raise LookupError(f"no object policy registered for {type(record).__name__}")
    return policy(actor, permission, record)


def roles_with(permission: Permission) -> frozenset[Role]:
    return frozenset(role for role, perms in ROLE_PERMISSIONS.items() if permission in perms)
