"""The partnership a new safeguarding record belongs to, who may write to one, and sharing a
person's safeguarding records with another partnership (lantern/safeguarding/selectors/
scope.py has the whole design).

Why the person's partnership, and the writer's only as a fallback: the records about a
person are one partnership's casework, and its safeguarding gate reads them; were a record to
take its writer's partnership, a force of another partnership could add a screening or a
review to the person's file and so open, close or reset that partnership's gate (issue 18).
So a record takes the partnership the cases app gives the person, and only a member of that
partnership may write it: anyone else gets a 404, as if the person were not there. Where the
cases app does not know the person's partnership (an id it holds no person for), the record
takes the writer's own (``partnership_for_creator``): it then counts in the writer's
partnership only, and its gate reads it only there.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.db import transaction

from lantern.accounts import selectors as accounts
from lantern.accounts import services as accounts_services
from lantern.core import directory
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied
from lantern.safeguarding import selectors

if TYPE_CHECKING:
    from lantern.accounts.models import Share


def person_partnership_for_write(actor: Actor, person_id: uuid.UUID) -> uuid.UUID:
    """The partnership a new record about the person belongs to: the person's, which the
    writer must belong to (else NotFound), or, where the cases app does not know it, the
    writer's own (ValidationFailed when they have none, or several)."""
    partnership_id = directory.person_partnership(person_id)
    if partnership_id is None:
        return accounts.partnership_for_creator(actor=actor)
    if not actor.is_system and partnership_id not in actor.partnership_ids:
        raise NotFound("person")
    return partnership_id


def require_own(actor: Actor, record: Any, object_type: str) -> None:
    """A change to a record is for its own partnership's staff: a share gives sight only."""
    if not actor.is_system and record.partnership_id not in actor.partnership_ids:
        raise NotFound(object_type)


def _require_lead(actor: Actor) -> None:
    if not selectors.is_safeguarding_lead(actor):
        raise PermissionDenied("only a safeguarding lead may share a person's records")


def safeguarding_person_share(
    *, actor: Actor, person_id: uuid.UUID, to_partnership_id: uuid.UUID, reason: str
) -> Share:
    """Share every safeguarding record the person's partnership holds about them (those
    written later included) with another partnership, for a reason: a safeguarding lead of
    the person's partnership only. Audited as ``record.shared`` on ``safeguarding_person``
    with the person's id; the reason stays on the share."""
    _require_lead(actor)
    selectors.person_to_write_about(actor=actor, person_id=person_id)  # else NotFound
    with transaction.atomic():
        from_partnership_id = person_partnership_for_write(actor, person_id)
        return accounts_services.record_share(
            actor=actor,
            object_type=selectors.PERSON_SHARE,
            object_id=person_id,
            from_partnership_id=from_partnership_id,
            to_partnership_id=to_partnership_id,
            reason=reason,
        )


def safeguarding_person_share_withdraw(
    *, actor: Actor, person_id: uuid.UUID, share_id: uuid.UUID
) -> Share:
    """Withdraw a share of the person's records: a safeguarding lead of the partnership that
    gave it. The other partnership then sees none of them again."""
    _require_lead(actor)
    if not any(s.pk == share_id for s in selectors.person_shares(actor=actor, person_id=person_id)):
        raise NotFound("share")
    return accounts_services.share_withdraw(actor=actor, share_id=share_id)
