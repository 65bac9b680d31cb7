"""The enforcement policy in force: a council's (for its page), an action's (the authority it
answers to) and an ASB Case Review's. Policies are public: reading one logs nothing."""

from __future__ import annotations

import uuid

from lantern.accounts.models import Organisation
from lantern.accounts.selectors import organisation_list
from lantern.cases.models import EnforcementAction
from lantern.cases.policy import Policy, policy_for
from lantern.core.actor import Actor
from lantern.core.errors import NotFound


def authority_get(*, actor: Actor, organisation_id: uuid.UUID) -> Organisation:
    """A council the actor may see, whose enforcement policy its page shows."""
    authority = (
        organisation_list(actor=actor)
        .filter(pk=organisation_id, kind=Organisation.Kind.COUNCIL)
        .first()
    )
    if authority is None:
        raise NotFound("local authority")
    return authority


def authority_policy(*, authority: Organisation) -> Policy:
    return policy_for(authority)


def action_policy(*, action: EnforcementAction) -> Policy:
    """The policy of the authority the action answers to (rules.policy_for_action)."""
    from lantern.cases.rules import policy_for_action

    return policy_for_action(action)
