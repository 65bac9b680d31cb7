"""Need to know (docs/intelligence.md, "Who reads intelligence").

Intelligence is its own data class. First the partnership: a record is read only by staff
of its partnership (accounts.selectors.scope_q). Then the reader:
- police roles (officer, PCSO, analyst, supervisor, source handler) held in a police force:
  every graded record in scope;
- partners (a council officer, a safeguarding lead; police roles held outside a police
  force): what is graded P, or C with conditions that allow sharing with partners, and the
  conditions are shown with it;
- support workers and residents: nothing (a 404 on every page and endpoint).
Source records are read by source handlers only. Every read of an intelligence record, a
profile or a chart is an access event in the audit log.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, Model, OuterRef, Q

from lantern.accounts.models import Organisation
from lantern.accounts.selectors import scope_q
from lantern.audit.services import audit_access, audit_access_list
from lantern.core.actor import Actor, Role
from lantern.core.dataclass import DataClass
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can, register_object_policy
from lantern.intelligence.models import (
    Entity,
    Handling,
    IntelligenceReport,
    Link,
    SourceRecord,
    Statement,
)

P = Permission
INTEL = DataClass.INTELLIGENCE
POLICE_ROLES = frozenset(
    {Role.POLICE_OFFICER, Role.PCSO, Role.ANALYST, Role.SUPERVISOR, Role.SOURCE_HANDLER}
)

# The object types the audit log and shares name.
REPORT = "intelligence_report"
ENTITY = "intelligence_entity"
LINK = "intelligence_link"
SOURCE = "intelligence_source"


def may_read(actor: Actor) -> bool:
    return can(actor, P.INTELLIGENCE_VIEW)


def require_reader(actor: Actor) -> None:
    """Anyone who may not read intelligence at all gets a 404 (not a 403): they are not told
    that it exists."""
    if not may_read(actor):
        raise NotFound("intelligence")


def reads_all(actor: Actor) -> bool:
    """A police role held in a police force: reads C-graded intelligence whatever its
    conditions say about partners."""
    if actor.is_system:
        return True
    if not may_read(actor):
        return False
    orgs = {org for org, role in actor.memberships if org is not None and role in POLICE_ROLES}
    if not orgs:
        return False
    return Organisation.objects.filter(pk__in=orgs, kind=Organisation.Kind.POLICE_FORCE).exists()


def graded_q(actor: Actor, *, full: bool | None = None, prefix: str = "") -> Q:
    """The graded records (reports, statements, links) the actor's role lets them read."""
    if full is None:
        full = reads_all(actor)
    if full:
        return Q()
    return Q(**{f"{prefix}handling": Handling.P}) | Q(
        **{f"{prefix}handling": Handling.C, f"{prefix}partners_may_see": True}
    )


def visible_graded(record: Any, full: bool) -> bool:
    return full or record.handling == Handling.P or bool(record.partners_may_see)


def report_q(actor: Actor, *, full: bool | None = None) -> Q:
    return scope_q(actor, object_type=REPORT) & graded_q(actor, full=full)


def link_q(actor: Actor, *, full: bool | None = None) -> Q:
    """Links in scope, of a grading the actor reads, not retracted."""
    return (
        scope_q(actor, object_type=LINK) & graded_q(actor, full=full) & Q(retracted_at__isnull=True)
    )


def statement_q(actor: Actor, *, full: bool | None = None) -> Q:
    return (
        scope_q(actor, object_type=ENTITY)
        & graded_q(actor, full=full)
        & Q(retracted_at__isnull=True)
    )


def entity_q(actor: Actor, *, full: bool | None = None) -> Q:
    """Entities in scope. A partner sees an entity they recorded, or one that something they
    may read is about: a link, a statement, or a report that mentions it."""
    if full is None:
        full = reads_all(actor)
    scoped = scope_q(actor, object_type=ENTITY)
    if full:
        return scoped
    graded = graded_q(actor, full=False)
    links = Link.objects.filter(graded, retracted_at__isnull=True)
    statements = Statement.objects.filter(graded, retracted_at__isnull=True)
    reports = IntelligenceReport.objects.filter(graded)
    return scoped & (
        Q(created_by_id=actor.user_id)
        | Exists(links.filter(source=OuterRef("pk")))
        | Exists(links.filter(target=OuterRef("pk")))
        | Exists(statements.filter(entity=OuterRef("pk")))
        | Exists(reports.filter(mentions=OuterRef("pk")))
    )


def logged(actor: Actor, object_type: str, record_id: uuid.UUID, purpose: str = "view") -> None:
    audit_access(
        actor=actor, object_type=object_type, object_id=record_id, data_class=INTEL, purpose=purpose
    )


def logged_list(
    actor: Actor, object_type: str, record_ids: Iterable[uuid.UUID], purpose: str = "list"
) -> None:
    """The reads of a list of records: one access event naming them all (ADR 0020)."""
    audit_access_list(
        actor=actor,
        object_type=object_type,
        object_ids=record_ids,
        data_class=INTEL,
        purpose=purpose,
    )


def _graded_policy(actor: Actor, permission: Permission, record: Any) -> bool:
    if not may_read(actor):
        return False
    in_scope = actor.is_system or record.partnership_id in actor.partnership_ids
    return in_scope and visible_graded(record, reads_all(actor))


def _entity_policy(actor: Actor, permission: Permission, record: Entity) -> bool:
    return may_read(actor) and Entity.objects.filter(entity_q(actor), pk=record.pk).exists()


def _source_policy(actor: Actor, permission: Permission, record: SourceRecord) -> bool:
    return actor.has_role(Role.SOURCE_HANDLER) and can(actor, P.SOURCE_RECORD_MANAGE)


register_object_policy(IntelligenceReport, _graded_policy)
register_object_policy(Link, _graded_policy)
register_object_policy(Statement, _graded_policy)
register_object_policy(Entity, _entity_policy)
register_object_policy(SourceRecord, _source_policy)


def one(actor: Actor, model: type[Model], q: Q, pk: uuid.UUID, object_type: str) -> Any:
    """One record the actor may read, logged; otherwise NotFound."""
    require_reader(actor)
    record = model._default_manager.filter(q, pk=pk).first()
    if record is None:
        raise NotFound(object_type)
    logged(actor, object_type, record.pk)
    return record
