"""The partnership scope of safeguarding records (issue 18; docs/safeguarding.md,
"Partnerships").

Every record belongs to one partnership. A record about a person belongs to the person's:
the cases app owns people and says which (``directory.person_partnership``), so a screening,
review, consent, referral or NRM referral sits with the person, whoever wrote it, and only
staff of that partnership may write one (lantern/safeguarding/services/scope.py). Where the
cases app does not know a person's partnership, the record takes its writer's. An MS1, and
the queue it waits in, takes its screening's; an outreach contact its referral's, or its
agency worker's.

Staff see the records of their own partnerships, then role and case lead decide
(access.py). A safeguarding lead may share a person's safeguarding records, as one set, with
another partnership: a Share of object type ``safeguarding_person`` whose object id is the
person's id. It shows the other partnership's leads (and the lead officers of that person's
cases there) every record the sharing partnership holds about the person, those written
later included, and nothing another partnership holds; withdrawn, it shows nothing. A share
gives sight, never the pen: writes stay with the person's partnership. The work lists (the
queue, the Duty to Notify report, the MS1 queue, the agency workspace) and the numbers are
the actor's own partnerships' only.
"""

from __future__ import annotations

import operator
import uuid
from collections.abc import Iterable
from functools import reduce
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from lantern.accounts import selectors as accounts
from lantern.core import directory
from lantern.core.actor import Actor

if TYPE_CHECKING:
    from lantern.accounts.models import Organisation, Share

PERSON_SHARE = "safeguarding_person"


def scope(actor: Actor, object_type: str) -> Q:
    """The records of ``object_type`` the actor's partnerships hold, or that were shared with
    one of them (the record, or its person's set). Applied before any role rule."""
    mine = accounts.scope_q(actor, object_type=object_type)
    if actor.is_system:
        return mine
    return mine | accounts.shared_set_q(actor, object_type=PERSON_SHARE, key_field="person_id")


def own(actor: Actor) -> Q:
    """The records of the actor's own partnerships: for work lists and counts."""
    if actor.is_system:
        return Q()
    return Q(partnership_id__in=list(actor.partnership_ids))


def record_in_scope(actor: Actor, object_type: str, record: Any) -> bool:
    """One record: the actor's partnerships', or shared with one of them."""
    if accounts.in_scope(
        actor, object_type=object_type, object_id=record.pk, partnership_id=record.partnership_id
    ):
        return True
    person_id = getattr(record, "person_id", None)
    return person_id is not None and accounts.in_shared_set(
        actor,
        object_type=PERSON_SHARE,
        object_id=person_id,
        from_partnership_id=record.partnership_id,
    )


def person_in_scope(actor: Actor, person_id: uuid.UUID) -> bool:
    """The person belongs to one of the actor's partnerships, or their safeguarding records
    were shared with one. A person whose partnership the cases app does not know is in
    scope: what is shown of them is then filtered record by record."""
    if actor.is_system:
        return True
    partnership_id = directory.person_partnership(person_id)
    if partnership_id is None or partnership_id in actor.partnership_ids:
        return True
    return accounts.in_shared_set(
        actor, object_type=PERSON_SHARE, object_id=person_id, from_partnership_id=partnership_id
    )


def person_writable(actor: Actor, person_id: uuid.UUID) -> bool:
    """Whether the actor's partnerships hold the person's records (a share gives sight only)."""
    if actor.is_system:
        return True
    partnership_id = directory.person_partnership(person_id)
    return partnership_id is None or partnership_id in actor.partnership_ids


def person_shares(*, actor: Actor, person_id: uuid.UUID) -> list[Share]:
    """The live shares of the person's safeguarding records that the actor's partnerships
    gave, newest first: for the leads who may withdraw them (the caller checks the role)."""
    if actor.is_system:
        return []
    return list(
        accounts.shares_of(object_type=PERSON_SHARE, object_id=person_id).filter(
            withdrawn_at__isnull=True, from_partnership_id__in=list(actor.partnership_ids)
        )
    )


def share_choices(*, actor: Actor, person_id: uuid.UUID) -> list[tuple[str, str]]:
    """The partnerships the person's records may be shared with: every other one they are
    not shared with yet, by name."""
    holder = directory.person_partnership(person_id)
    exclude = {holder} if holder else set(actor.partnership_ids)
    exclude |= {share.partnership_id for share in person_shares(actor=actor, person_id=person_id)}
    return [
        (str(pk), name) for pk, name in accounts.partnership_names().items() if pk not in exclude
    ]


def referral_agencies(
    *, actor: Actor, partnership_ids: Iterable[uuid.UUID]
) -> QuerySet[Organisation]:
    """The support agencies a referral held by one of these partnerships may go to: partner
    agencies that are members of it (their workers see only their partnerships' referrals)."""
    members = [
        Q(pk__in=accounts.partnership_members(partnership=partnership).values("pk"))
        for partnership in accounts.partnership_list(actor=actor).filter(
            pk__in=list(partnership_ids)
        )
    ]
    if not members:
        return accounts.support_agencies(actor=actor).none()
    return accounts.support_agencies(actor=actor).filter(reduce(operator.or_, members))


def person_referral_agencies(*, actor: Actor, person_id: uuid.UUID) -> QuerySet[Organisation]:
    """For the referral form: the agencies of the person's partnership (the writer's own
    where the cases app does not know it)."""
    holder = directory.person_partnership(person_id)
    return referral_agencies(
        actor=actor, partnership_ids=[holder] if holder else actor.partnership_ids
    )
