"""Before approval and before service: what is being approved (the conduct, the requirements
and the evidence, by reference and hash) and the document as it would be served (the same
renderer, marked DRAFT), with what would stop it being served. Each read of a preview is an
access event (selectors.action_preview)."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from govuk_frontend_django.components.summary_list import GovUKSummaryList
from govuk_frontend_django.components.table import GovUKTable

from lantern.cases import forms, selectors, workflow
from lantern.cases.models import ActionKind, EnforcementAction
from lantern.cases.policy import Policy, pounds
from lantern.cases.views.common import day, evidence_label, statement_label, when
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.components import summary_list, table

K = ActionKind


def open_steps(actor: Any, action: EnforcementAction) -> list[workflow.Transition]:
    """The steps the actor may take on the action now, as buttons (a breach has its form)."""
    return [
        t
        for t in workflow.transitions_for(action)
        if can(actor, t.permission, action) and t.name != "breach"
    ]


Rows = list[tuple[str, object]]
NOT_RECORDED = "Not recorded"


def _conduct_rows(action: EnforcementAction) -> Rows:
    """A warning's or notice's conduct, the warning a notice follows, and the conduct test
    (s.43(1))."""
    rows: Rows = []
    if action.kind in (K.CPW, K.CPN):
        rows.append(("Kind of conduct", action.get_conduct_category_display() or NOT_RECORDED))
    if action.kind in (K.CPW, K.CPN, K.ABA, K.PSPO_FPN) or action.conduct:
        rows.append(("Conduct", action.conduct or NOT_RECORDED))
    warning = action.prior_warning
    if warning is not None:
        kind = warning.get_conduct_category_display() or "kind of conduct not recorded"
        rows.append(
            ("Follows the warning", f"Served {day(warning.served_on)}: {kind}: {warning.conduct}")
        )
    if action.kind in (K.CPW, K.CPN):
        rows += [
            ("Its detrimental effect", action.detrimental_effect or NOT_RECORDED),
            ("Why it is persistent or continuing", action.persistent_nature or NOT_RECORDED),
            ("Why it is unreasonable", action.unreasonable_because or NOT_RECORDED),
        ]
    if action.kind == K.CPW:
        rows.append(("Days given to comply", action.compliance_days or NOT_RECORDED))
    return rows


def _kind_rows(action: EnforcementAction) -> Rows:
    """What a penalty, a dispersal direction or a keeper letter adds."""
    rows: Rows = []
    if action.amount_pence:
        rows.append(("Amount", pounds(action.amount_pence)))
    if action.kind == K.DISPERSAL:
        rows += [
            ("Locality", action.locality),
            ("Hours", action.duration_hours or ""),
            ("Inspector's authorisation", action.inspector_authorisation),
        ]
    if action.kind == K.KEEPER_LETTER:
        sighting = action.sighting or {}
        rows += [
            ("Seen", sighting.get("seen_at_text") or sighting.get("seen_at") or ""),
            ("Place", sighting.get("place") or ""),
        ]
    return rows


def particulars(action: EnforcementAction) -> GovUKSummaryList:
    """What a supervisor approves: who it is addressed to and, for a warning or notice, the
    conduct and the three parts of the conduct test (s.43(1))."""
    addressee: Rows = [("Addressed to", action.addressee_label or "No one")]
    return summary_list(addressee + _conduct_rows(action) + _kind_rows(action))


def requirements_list(action: EnforcementAction) -> GovUKSummaryList | None:
    rows = [
        (
            f"{i + 1}. {dict(forms.REQUIREMENT_KINDS).get(q['kind'], q['kind'])}",
            q["text"] + (f" (within {q['period_days']} days)" if q.get("period_days") else ""),
        )
        for i, q in enumerate(action.requirements)
    ]
    return summary_list(rows) if rows else None


def evidence_table(actor: Any, action: EnforcementAction) -> GovUKTable | None:
    """The reports, evidence items and witness statements the action rests on: reference,
    what it is, and an item's or signed statement's SHA-256 (what the evidence bundle and
    the custody log name it by)."""
    rows = []
    for linked in selectors.action_evidence(actor=actor, action=action):
        record = linked.record
        if record is None:
            what = "Linked, but you cannot see it"
        elif linked.kind == "report":
            what = f"Report: {record.category.name}, {when(record.occurred_from)}"
        elif linked.kind == "statement":
            what = statement_label(record)
        else:
            what = evidence_label(record)
        rows.append(
            (
                linked.reference or "No reference",
                what,
                format_html('<span class="govuk-!-text-break-word">{}</span>', linked.sha256)
                if linked.sha256
                else "Not a file",
            )
        )
    if not rows:
        return None
    return table(
        caption="Evidence",
        caption_hidden=True,
        head=["Reference", "What", "SHA-256"],
        rows=rows,
        html_columns=frozenset({2}),
    )


def policy_line(action: EnforcementAction, policy: Policy) -> str:
    """The local policy the action is drafted under, in one sentence (empty where none)."""
    who = f"{policy.authority_name}'s policy" if policy.authority_name else "The default policy"
    if action.kind == K.CPW:
        return f"{who}: a warning lasts {policy.display('cpw_months')} from the day it is served."
    if action.kind == K.CPN:
        return f"{who}: a notice lasts {policy.display('cpn_months')} from the day it is served."
    amount = policy.fpn_amount_for(action.kind)
    if amount is not None:
        return f"{who}: a fixed penalty of {pounds(amount)}."
    return ""


def _preview(request: LanternRequest, action_id: uuid.UUID, purpose: str) -> Any:
    try:
        return selectors.action_preview(actor=request.actor, action_id=action_id, purpose=purpose)
    except NotFound:
        raise Http404 from None


@require_permission(Permission.CASE_VIEW)
def action_preview(request: LanternRequest, action_id: uuid.UUID) -> HttpResponse:
    preview = _preview(request, action_id, "document_preview")
    action = preview.action
    return render(
        request,
        "cases/action_preview.html",
        {
            "action": action,
            "title": f"Preview: {preview.title}",
            "preview": preview,
            "size_kb": max(1, round(len(preview.content) / 1024)),
            "pdf_url": reverse("cases:action-preview-pdf", args=[action.pk]),
            "particulars": particulars(action),
            "requirements": requirements_list(action),
            "evidence": evidence_table(request.actor, action),
            "policy": policy_line(action, selectors.action_policy(action=action)),
            "steps": open_steps(request.actor, action),
            "serve_form": forms.ServeForm(),
        },
    )


@require_permission(Permission.CASE_VIEW)
def action_preview_pdf(request: LanternRequest, action_id: uuid.UUID) -> HttpResponse:
    """The draft PDF itself, shown in the browser; never cached (it holds personal data)."""
    preview = _preview(request, action_id, "document_preview_pdf")
    response = HttpResponse(preview.content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="draft-{preview.action.kind}-{str(preview.action.pk)[:8]}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-SHA256"] = preview.sha256
    return response
