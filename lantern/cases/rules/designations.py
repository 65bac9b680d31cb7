"""Who may grant a designation (s.53(1)(c) ASBCPA 2014; PRA 2002 Sch.4; SI 2015/749)."""

from __future__ import annotations

from dataclasses import dataclass

from lantern.accounts.models import Organisation
from lantern.cases.issuers import (
    DESIGNATING_KIND,
    GRANTING_ROLES,
)
from lantern.core import rules
from lantern.core.actor import Actor


@dataclass(frozen=True)
class DesignationStep:
    """A designation about to be granted: by whom, of what kind, made by which body."""

    actor: Actor
    kind: str
    organisation: Organisation | None


@rules.register
class DesignatingBody(rules.Rule):
    """Only the body that makes a designation can grant it, through its own supervisors or
    administrators: a council designates its own people and authorises social landlords; a
    police force designates its PCSOs. A police force cannot designate anyone for a council."""

    id = "DESIGNATING_BODY"
    source = "ASBCPA 2014 s.53(1)(c); Police Reform Act 2002 Sch.4 para 1ZB; SI 2015/749"

    def check(self, step: DesignationStep) -> bool:
        body = step.organisation
        if body is None or body.kind != DESIGNATING_KIND.get(step.kind):
            return False
        return bool(step.actor.roles_in(body.pk) & GRANTING_ROLES)
