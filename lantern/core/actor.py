"""The Actor: who is doing something, as services and selectors see them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    RESIDENT = "resident"
    POLICE_OFFICER = "police_officer"
    PCSO = "pcso"
    COUNCIL_OFFICER = "council_officer"
    SAFEGUARDING_LEAD = "safeguarding_lead"
    SUPPORT_WORKER = "support_worker"
    ANALYST = "analyst"
    SUPERVISOR = "supervisor"
    SOURCE_HANDLER = "source_handler"
    DATA_PROTECTION_OFFICER = "data_protection_officer"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def is_staff(self) -> bool:
        return self is not Role.RESIDENT


ROLE_LABELS = {
    Role.RESIDENT: "Resident",
    Role.POLICE_OFFICER: "Police officer",
    Role.PCSO: "Police community support officer",
    Role.COUNCIL_OFFICER: "Council officer",
    Role.SAFEGUARDING_LEAD: "Safeguarding lead",
    Role.SUPPORT_WORKER: "Support worker",
    Role.ANALYST: "Analyst",
    Role.SUPERVISOR: "Supervisor",
    Role.SOURCE_HANDLER: "Source handler",
    Role.DATA_PROTECTION_OFFICER: "Data protection officer",
    Role.ADMIN: "Administrator",
}


@dataclass(frozen=True)
class Actor:
    """A signed-in user with the roles they hold in each organisation, or the system."""

    user_id: uuid.UUID | None
    label: str
    memberships: frozenset[tuple[uuid.UUID | None, Role]] = field(default_factory=frozenset)
    verified: bool = False
    # The partnerships whose records the actor's staff roles reach: those their organisations
    # belong to, or the one an API token is bound to (docs/adr/0015-partnership-is-the-scope.md).
    partnership_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(role for _, role in self.memberships)

    @property
    def organisation_ids(self) -> frozenset[uuid.UUID]:
        return frozenset(org for org, _ in self.memberships if org is not None)

    @property
    def is_system(self) -> bool:
        """Lantern itself (commands, background work), not a person."""
        return self.user_id is None and self.label == "system"

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None and self.label != "system"

    @property
    def is_staff(self) -> bool:
        return any(role.is_staff for role in self.roles)

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    def roles_in(self, organisation_id: uuid.UUID) -> frozenset[Role]:
        return frozenset(role for org, role in self.memberships if org == organisation_id)

    @property
    def audit_id(self) -> str:
        """How the audit log names the actor: a user id, "system" or "anonymous"."""
        return self.label if self.user_id is None else str(self.user_id)


SYSTEM = Actor(user_id=None, label="system")
ANONYMOUS = Actor(user_id=None, label="anonymous")
