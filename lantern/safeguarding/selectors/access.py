"""Who may see safeguarding records, and the access log every read writes.

Safeguarding records are special category data (DOMAIN.md 7.1). First the partnership: a
record is seen only by staff of its partnership, or of one it was shared with (scope.py);
then who sees them:
- safeguarding leads: everything in scope;
- the lead officer of a case the person is on (``directory.person(...).lead_officer_ids``):
  that person's screenings, reviews, consents, referrals and NRM referrals;
- a support worker: referrals made to their own agency within their own partnerships, and
  only what the person agreed the agency may know (never the screening, the review, or other
  agencies' referrals), and their own agency's outreach contacts there;
- MS1 records (anonymous by law) are seen by safeguarding leads only.
Everyone else gets a 404. Every read of a record is an access event in the audit log; a
list is one access event naming every record on it (ADR 0020).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import Model, QuerySet

from lantern.audit.services import audit_access, audit_access_list
from lantern.core import directory
from lantern.core.actor import Actor, Role
from lantern.core.dataclass import DataClass
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can, register_object_policy
from lantern.safeguarding.models import (
    Consent,
    DutyRecord,
    OutreachContact,
    Referral,
    Review,
    Screening,
)
from lantern.safeguarding.selectors.scope import person_in_scope, record_in_scope

P = Permission
SPECIAL = DataClass.SPECIAL_CATEGORY


def is_safeguarding_lead(actor: Actor) -> bool:
    return actor.has_role(Role.SAFEGUARDING_LEAD) and can(actor, P.SAFEGUARDING_QUEUE_VIEW)


def is_case_lead(actor: Actor, person_id: uuid.UUID) -> bool:
    """The actor leads a case this person is on (the cases app answers, via the directory)."""
    if actor.user_id is None:
        return False
    summary = directory.person(actor, person_id)
    return summary is not None and actor.user_id in summary.lead_officer_ids


def may_see_person(actor: Actor, person_id: uuid.UUID) -> bool:
    if not can(actor, P.SAFEGUARDING_RECORD_VIEW) or not person_in_scope(actor, person_id):
        return False
    return is_safeguarding_lead(actor) or is_case_lead(actor, person_id)


def person_to_write_about(*, actor: Actor, person_id: uuid.UUID) -> uuid.UUID:
    """The person a new record is about, resolved before anything is written: someone the
    actor sees through the cases app's permission layer (the person directory), or, for a
    safeguarding lead, who sees every person's safeguarding records, someone on record.
    Anyone else, another force's person or an id that names no one, is NotFound (a 404), so
    a record can never reopen the safeguarding gate of a person its writer cannot see."""
    if directory.person(actor, person_id) is not None:
        return person_id
    if is_safeguarding_lead(actor) and directory.person_on_record(actor, person_id):
        return person_id
    raise NotFound("person")


def agency_ids(actor: Actor) -> list[uuid.UUID]:
    """The support agencies the actor works for."""
    return [org for org, role in actor.memberships if role is Role.SUPPORT_WORKER and org]


def _agency_worker(actor: Actor, agency_id: uuid.UUID | None) -> bool:
    return agency_id is not None and Role.SUPPORT_WORKER in actor.roles_in(agency_id)


# --- object policies ------------------------------------------------------------------------


# The audit object type of each record, which is also the object type it is shared under.
OBJECT_TYPES: dict[type[Model], str] = {
    Screening: "screening",
    Review: "safeguarding_review",
    Consent: "consent",
    Referral: "referral",
    DutyRecord: "duty_record",
    OutreachContact: "outreach_contact",
}


def _in_scope(actor: Actor, record: Any) -> bool:
    return record_in_scope(actor, OBJECT_TYPES[type(record)], record)


def _own(actor: Actor, record: Any) -> bool:
    """The record is held by one of the actor's own partnerships (the agency workspace)."""
    return actor.is_system or record.partnership_id in actor.partnership_ids


def _person_record_policy(actor: Actor, permission: Permission, record: Any) -> bool:
    return (
        permission is P.SAFEGUARDING_RECORD_VIEW
        and _in_scope(actor, record)
        and may_see_person(actor, record.person_id)
    )


def _referral_policy(actor: Actor, permission: Permission, record: Referral) -> bool:
    if permission in (P.AGENCY_REFERRAL_VIEW, P.AGENCY_REFERRAL_UPDATE):
        return _own(actor, record) and _agency_worker(actor, record.agency_id)
    return _person_record_policy(actor, permission, record)


def _duty_policy(actor: Actor, permission: Permission, record: DutyRecord) -> bool:
    if record.person_id is None:  # an MS1: safeguarding leads only
        return (
            permission is P.SAFEGUARDING_RECORD_VIEW
            and is_safeguarding_lead(actor)
            and _in_scope(actor, record)
        )
    return _person_record_policy(actor, permission, record)


def _contact_policy(actor: Actor, permission: Permission, record: OutreachContact) -> bool:
    return (
        permission is P.OUTREACH_LOG
        and _own(actor, record)
        and _agency_worker(actor, record.agency_id)
    )


for _model in (Screening, Review, Consent):
    register_object_policy(_model, _person_record_policy)
register_object_policy(Referral, _referral_policy)
register_object_policy(DutyRecord, _duty_policy)
register_object_policy(OutreachContact, _contact_policy)


# --- reading and logging ----------------------------------------------------------------------


def logged(actor: Actor, object_type: str, record: Model, purpose: str = "view") -> None:
    audit_access(
        actor=actor,
        object_type=object_type,
        object_id=record.pk,
        data_class=SPECIAL,
        purpose=purpose,
    )


def one(actor: Actor, queryset: QuerySet, object_type: str, pk: uuid.UUID) -> Any:
    """One record the actor may see (else NotFound), its read logged."""
    record = queryset.filter(pk=pk).first()
    if record is None or not can(actor, P.SAFEGUARDING_RECORD_VIEW, record):
        raise NotFound(object_type)
    logged(actor, object_type, record)
    return record


def listed(actor: Actor, object_type: str, records: Iterable[Model]) -> list:
    """Records already filtered for the actor, their reads logged as one list access event
    naming each of them (ADR 0020): one append to the chain per list, not one per record."""
    records = list(records)
    audit_access_list(
        actor=actor,
        object_type=object_type,
        object_ids=[record.pk for record in records],
        data_class=SPECIAL,
        purpose="list",
    )
    return records
