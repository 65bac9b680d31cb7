"""Who the person in a safeguarding record is: the name staff see on safeguarding pages.

People belong to the cases app, which answers through the shared person directory
(lantern/core/directory.py) and logs every read of a name as an access event (the event
names the person's id, never the name):
- a safeguarding lead (SAFEGUARDING_PERSON_IDENTIFY) sees the name of every person whose
  safeguarding records are in their scope (their partnership's, or shared with it), whether
  or not they may see the person's cases (``directory.person_names``);
- anyone else sees the name only where the cases app lets them see the person (the lead
  officer of a case the person is on: ``directory.person``);
- otherwise, and for an id the cases app does not know, "Person" and the first characters of
  the id. Support workers never reach these pages: they see, per referral, only what the
  person consented to share (agency.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from lantern.core import directory
from lantern.core.actor import Actor
from lantern.core.permissions import Permission, can
from lantern.safeguarding.selectors.access import is_safeguarding_lead
from lantern.safeguarding.selectors.scope import person_in_scope


def anonymous_label(person_id: uuid.UUID) -> str:
    return f"Person {str(person_id)[:8]}"


def may_identify(actor: Actor) -> bool:
    """The actor may see the names of people in their partnerships' safeguarding records."""
    return is_safeguarding_lead(actor) and can(actor, Permission.SAFEGUARDING_PERSON_IDENTIFY)


def person_names(*, actor: Actor, person_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The label of each person as the actor may see it (see the module's docstring). Each
    name read is an access event, written by the cases app."""
    ids = list(dict.fromkeys(person_ids))
    names: dict[uuid.UUID, str] = {}
    if ids and may_identify(actor):
        names = directory.person_names(actor, [p for p in ids if person_in_scope(actor, p)])
    for person_id in ids:
        if person_id not in names:
            summary = directory.person(actor, person_id)
            names[person_id] = summary.label if summary else anonymous_label(person_id)
    return names


def person_name(*, actor: Actor, person_id: uuid.UUID) -> str:
    return person_names(actor=actor, person_ids=[person_id])[person_id]
