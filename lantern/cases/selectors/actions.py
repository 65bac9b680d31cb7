"""Enforcement actions and their frozen documents, as the actor may see them (those of the
cases they may see), the evidence an action rests on, the draft document before service,
and what is due on an officer's actions. Reading one action, document or preview is an
access event (criminal-offence data, UK GDPR Art. 10).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from lantern.accounts.selectors import scope_q
from lantern.audit.services import audit_access
from lantern.cases.models import ActionState, Document, EnforcementAction
from lantern.cases.selectors.cases import case_list, case_policy
from lantern.core import clock
from lantern.core.actor import Actor, Role
from lantern.core.dataclass import DataClass
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, register_object_policy
from lantern.evidence import selectors as evidence_selectors
from lantern.reports import selectors as report_selectors


def _action_policy(actor: Actor, permission: Permission, action: EnforcementAction) -> bool:
    return case_policy(actor, permission, action.case)


register_object_policy(EnforcementAction, _action_policy)


def action_list(*, actor: Actor) -> QuerySet[EnforcementAction]:
    """The actions of the cases the actor may see: an action, its breaches and documents
    belong to its case's partnership (docs/adr/0015-partnership-is-the-scope.md)."""
    return (
        EnforcementAction.objects.filter(
            scope_q(actor, object_type="case", field="case__partnership")
        )
        .filter(case__in=case_list(actor=actor).values("pk"))
        .select_related("case", "person", "vehicle", "body")
    )


def action_get(*, actor: Actor, action_id: uuid.UUID, log: bool = True) -> EnforcementAction:
    action = action_list(actor=actor).filter(pk=action_id).first()
    if action is None:
        raise NotFound("action")
    if log:
        audit_access(
            actor=actor,
            object_type="enforcement_action",
            object_id=action.pk,
            data_class=DataClass.CRIMINAL_OFFENCE,
        )
    return action


def action_documents(*, action: EnforcementAction) -> QuerySet[Document]:
    return Document.objects.filter(action=action).defer("content")


def document_hashes(*, actions: list[EnforcementAction]) -> dict[uuid.UUID, list[str]]:
    """The SHA-256 of each action's frozen documents, in one query for a list of actions."""
    hashes: dict[uuid.UUID, list[str]] = {}
    rows = Document.objects.filter(action__in=[a.pk for a in actions]).order_by("created_at")
    for action_id, sha in rows.values_list("action_id", "sha256"):
        hashes.setdefault(action_id, []).append(sha)
    return hashes


def document_get(*, actor: Actor, document_id: uuid.UUID) -> Document:
    document = (
        Document.objects.filter(pk=document_id, action__in=action_list(actor=actor).values("pk"))
        .select_related("action")
        .first()
    )
    if document is None:
        raise NotFound("document")
    audit_access(
        actor=actor,
        object_type="document",
        object_id=document.pk,
        data_class=DataClass.CRIMINAL_OFFENCE,
    )
    return document


# --- before service: what is being approved, and the document as it would be served -------


@dataclass(frozen=True)
class LinkedEvidence:
    """A report or evidence item an action rests on, as the actor may see it."""

    kind: str  # "report", "evidence" or "statement"
    id: str
    reference: str  # a report's reference; an item's exhibit reference in the case, if any
    sha256: str  # an item's SHA-256 (its content's), a signed statement's; empty for a report
    record: Any  # the report, item or statement, or None where the actor may not see it


def _records(actor: Actor, action: EnforcementAction, refs: list[tuple[str, str]]) -> dict:
    """The records the action names, by kind and id, each read through its owner's selector
    with the actor (what they may not see is missing), and the items' exhibit references."""

    def ids(kind: str) -> list[str]:
        return [ref_id for k, ref_id in refs if k == kind]

    found: dict[str, dict[Any, Any]] = {"report": {}, "evidence": {}, "statement": {}}
    if ids("report"):
        reports = report_selectors.report_list(actor=actor).filter(pk__in=ids("report"))
        found["report"] = {str(r.pk): r for r in reports}
    if ids("evidence"):
        items = evidence_selectors.item_list(actor=actor).filter(pk__in=ids("evidence"))
        found["evidence"] = {str(i.pk): i for i in items}
    if ids("statement"):
        statements = evidence_selectors.statement_list(actor=actor).filter(pk__in=ids("statement"))
        found["statement"] = {str(s.pk): s for s in statements}
    found["exhibits"] = (
        dict(
            evidence_selectors.exhibits_in_case(actor=actor, case_id=action.case_id).values_list(
                "item_id", "reference"
            )
        )
        if found["evidence"]
        else {}
    )
    return found


def _linked(kind: str, ref_id: str, record: Any, exhibits: dict) -> LinkedEvidence:
    if record is None:
        return LinkedEvidence(kind, ref_id, "", "", None)
    if kind == "report":
        return LinkedEvidence(kind, ref_id, record.reference, "", record)
    if kind == "evidence":
        return LinkedEvidence(kind, ref_id, exhibits.get(record.pk, ""), record.blob_id, record)
    return LinkedEvidence(kind, ref_id, "MG11", record.sha256, record)  # a signed statement


def action_evidence(*, actor: Actor, action: EnforcementAction) -> list[LinkedEvidence]:
    """The reports, evidence items and witness statements linked to the action, in the
    order they were linked, read through the reports' and evidence's own selectors with the
    actor: what a supervisor approves the action on."""
    refs = [(str(r.get("kind", "")), str(r.get("id", ""))) for r in action.evidence]
    found = _records(actor, action, refs)
    return [
        _linked(kind, ref_id, found[kind].get(ref_id), found["exhibits"])
        for kind, ref_id in refs
        if kind in ("report", "evidence", "statement")
    ]


# Only an action not yet served has a preview; a served one has its frozen document.
PREVIEWABLE = frozenset({ActionState.DRAFT, ActionState.APPROVED})


@dataclass(frozen=True)
class DocumentPreview:
    """The document an action would be served as: the same renderer, marked DRAFT, with what
    would stop it being served (``documents.problems``)."""

    action: EnforcementAction
    title: str
    content: bytes
    sha256: str
    problems: list[str]


def action_preview(*, actor: Actor, action_id: uuid.UUID, purpose: str) -> DocumentPreview:
    """Render the draft document of an action not yet served, for the actor who may see the
    action. The document prints the addressee's personal data, so each preview is an access
    event (``purpose``: "document_preview" for the page, "document_preview_pdf" for the
    PDF)."""
    action = action_get(actor=actor, action_id=action_id, log=False)
    if action.state not in PREVIEWABLE:
        raise NotFound("preview")
    audit_access(
        actor=actor,
        object_type="enforcement_action",
        object_id=action.pk,
        data_class=DataClass.CRIMINAL_OFFENCE,
        purpose=purpose,
    )
    # Imported here, not at the top: documents load reportlab (see services/action_steps.py).
    from lantern.cases import documents

    content = documents.render(action, served_on=None, draft=True)
    return DocumentPreview(
        action=action,
        title=documents.title_of(action),
        content=content,
        sha256=documents.sha256(content),
        problems=documents.problems(action),
    )


@dataclass(frozen=True)
class Due:
    action: EnforcementAction
    what: str
    on: date


def due_for_officer(*, actor: Actor, within_days: int = 30, limit: int | None = None) -> list[Due]:
    """What is due on the actor's actions and cases: compliance dates, appeal windows,
    expiry and review dates, case reviews, in date order; with ``limit``, the ``limit``
    soonest. The dates are chosen by the database, each kind of date its soonest ``limit``,
    so the cost follows the limit, not how many actions the officer has ever served."""
    today = clock.now().date()
    horizon = today + timedelta(days=within_days)
    mine = action_list(actor=actor).filter(
        Q(created_by_id=actor.user_id)
        | Q(served_by_id=actor.user_id)
        | Q(case__lead_officer_id=actor.user_id)
    )
    live = mine.filter(state__in=[ActionState.SERVED, ActionState.BREACHED, ActionState.APPEALED])
    # A supervisor sees every draft awaiting approval, the officer's own among them.
    drafts = action_list(actor=actor) if actor.has_role(Role.SUPERVISOR) else mine
    kinds = [
        (live.filter(comply_by__range=(today, horizon)), "comply_by", "Time to comply ends"),
        (
            live.filter(appeal_ends_on__range=(today, horizon)),
            "appeal_ends_on",
            "Appeal window closes",
        ),
        (live.filter(expires_on__lte=horizon), "expires_on", "Expires"),
        (drafts.filter(state=ActionState.DRAFT), "created_at", "Draft awaiting approval"),
    ]
    due: list[Due] = []
    for actions, field, what in kinds:
        ordered = actions.order_by(field, "pk")
        for action in ordered if limit is None else ordered[:limit]:
            on = getattr(action, field)
            due.append(Due(action, what, on.date() if isinstance(on, datetime) else on))
    due.sort(key=lambda d: d.on)
    return due if limit is None else due[:limit]
