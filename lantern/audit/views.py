"""Pages for administrators: the audit log, its verification and its signed checkpoints."""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist

from lantern.audit import selectors
from lantern.audit.forms import EventFilterForm
from lantern.audit.tasks import verify_audit_chain
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.components import summary_list, table
from lantern.frontend.dates import format_datetime
from lantern.frontend.keyset import keyset_page


@require_permission(Permission.AUDIT_VIEW)
def event_list(request: LanternRequest) -> HttpResponse:
    actor = request.actor
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_event_list(
        actor=actor,
        object_type=filters.get("object_type", ""),
        object_id=filters.get("object_id", ""),
        action=filters.get("action", ""),
    )
    # Keyset pages by event number: the log holds millions of events (lantern.frontend.keyset).
    page = keyset_page(events, query=request.GET, field="seq")
    rows = [
        (
            format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                reverse("audit:event", args=[e.seq]),
                e.seq,
            ),
            format_datetime(e.occurred_at, seconds=True),
            e.get_kind_display(),
            e.action,
            f"{e.object_type} {e.object_id}".strip(),
            e.actor,
        )
        for e in page.items
    ]
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "table": table(
                caption="Audit events, newest first",
                head=["Number", "Time", "Kind", "Action", "Object", "Actor"],
                rows=rows,
                html_columns=frozenset({0}),
            ),
            "pagination": page.pagination,
            "last_verification": selectors.last_verification(actor=actor),
            "can_verify": can(actor, Permission.AUDIT_VERIFY),
        },
    )


@require_permission(Permission.AUDIT_VIEW)
def event_detail(request: LanternRequest, seq: int) -> HttpResponse:
    try:
        event = selectors.audit_event_get(actor=request.actor, seq=seq)
    except NotFound:
        raise Http404 from None
    summary = summary_list(
        [
            ("Sequence number", event.seq),
            ("Time (UTC)", event.occurred_at.isoformat()),
            ("Kind", event.get_kind_display()),
            ("Actor", event.actor),
            ("Action", event.action),
            ("Object type", event.object_type),
            ("Object id", event.object_id),
            ("Details", event.details),
            ("Previous hash", event.prev_hash),
            ("Hash", event.hash),
        ]
    )
    return render(request, "audit/event_detail.html", {"event": event, "summary": summary})


@require_http_methods(["GET", "POST"])
@require_permission(Permission.AUDIT_VERIFY)
def verify(request: LanternRequest) -> HttpResponse:
    """Verification runs as background work; this page starts it and shows where it is."""
    if request.method == "POST":
        enqueued = verify_audit_chain.enqueue()
        request.session["audit_verify"] = {
            "task": str(enqueued.id),
            # A backend that runs tasks at once has the verdict already.
            "verdict": enqueued.return_value if enqueued.is_finished else None,
        }
        return redirect("audit:verify")
    state = request.session.get("audit_verify") or {}
    verdict, status = state.get("verdict"), None
    if state and verdict is None:
        with contextlib.suppress(TaskResultDoesNotExist, ValueError, NotImplementedError):
            result = default_task_backend.get_result(state["task"])
            status = str(result.status)
            if result.is_finished and result.status == TaskResultStatus.SUCCESSFUL:
                verdict = result.return_value
    return render(
        request,
        "audit/verify.html",
        {
            "started": bool(state),
            "verdict": verdict,
            "status": status,
            "checkpoints": _checkpoints_table(request),
            "checkpoint_every": f"{settings.AUDIT_CHECKPOINT_EVERY:,}",
        },
    )


def _checkpoints_table(request: LanternRequest):
    checkpoints = selectors.checkpoint_list(actor=request.actor, limit=10)
    if not checkpoints:
        return None
    rows = [
        (
            format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                reverse("audit:event", args=[c.seq]),
                c.seq,
            ),
            format_datetime(c.signed_at, seconds=True),
            f"{c.head_hash[:16]}…",
            c.key_id,
        )
        for c in checkpoints
    ]
    return table(
        caption="Latest signed checkpoints, newest first",
        caption_hidden=True,
        head=["Event", "Signed", "Hash of the event", "Key"],
        rows=rows,
        html_columns=frozenset({0}),
    )
