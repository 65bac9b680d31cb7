"""Upload pages (Uppy + tus) and the resident's receipt."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lantern.core.decorators import require_permission
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.evidence import selectors, services
from lantern.evidence.contentchecks.flag import uploader_notice
from lantern.evidence.forms import (
    CaptureForm,
    ReceiptForm,
)
from lantern.evidence.models import LinkKind
from lantern.evidence.scope import NOTHING_TO_CHOOSE
from lantern.evidence.uploads import max_bytes
from lantern.evidence.views.common import scope_choices, when
from lantern.frontend.components import table

# --- upload -----------------------------------------------------------------------------------


def _upload_page(
    request: LanternRequest, *, with_link: bool, choose: bool = False, **extra: str
) -> HttpResponse:
    """The uploader. ``choose``: the signed-in uploader says what the files are about (a
    resident) or which of their partnerships they are for (staff in several)."""
    form = CaptureForm()
    can_choose = scope_choices(request, form) if choose else True
    return render(
        request,
        "evidence/upload.html",
        {
            "form": form,
            "nothing_to_choose": NOTHING_TO_CHOOSE if not can_choose else "",
            "with_link": with_link,
            "max_bytes": max_bytes(),
            "max_gib": round(max_bytes() / 1024**3, 1),
            "receipt_form": ReceiptForm(),
            **extra,
        },
    )


@require_permission(Permission.EVIDENCE_UPLOAD)
def upload(request: LanternRequest) -> HttpResponse:
    """Files from a signed-in uploader: a resident says which of their reports or footage
    requests they are about; staff file them in their partnership."""
    return _upload_page(request, with_link=False, choose=True)


def upload_with_link(request: LanternRequest) -> HttpResponse:
    """For someone with the upload link from their report: the capability is in the URL's
    fragment (#token=...), which browsers never send to a server or write to its logs."""
    return _upload_page(request, with_link=True)


# The report journey (a sibling app: no import) keeps the report just made in the session
# under this key, as {"reference": "...", "id": "<uuid>"}. Holding it is what lets this
# session add files to that report; nothing else is looked up.
LAST_REPORT_SESSION_KEY = "reports_last_report"


def _session_report_id(request: LanternRequest, reference: str) -> uuid.UUID:
    held = request.session.get(LAST_REPORT_SESSION_KEY)
    if not isinstance(held, dict) or held.get("reference") != reference:
        raise Http404("no such report in this session")
    try:
        return uuid.UUID(str(held.get("id")))
    except ValueError:
        raise Http404("no such report in this session") from None


@never_cache
def report_upload(request: LanternRequest, reference: str) -> HttpResponse:
    """Add files to the report this session has just made (signed in or not): the page
    carries a capability for that report, so each file is linked to it as it arrives."""
    report_id = _session_report_id(request, reference)
    token = services.upload_token_issue(
        actor=request.actor, link_kind=LinkKind.REPORT, link_id=report_id
    )
    return _upload_page(
        request,
        with_link=not request.user.is_authenticated,
        upload_token=token,
        report_reference=reference,
    )


@require_http_methods(["GET", "POST"])
def receipt(request: LanternRequest) -> HttpResponse:
    """What the resident handed over, with the SHA-256 of each file. Signed-in residents see
    their own items; someone without an account posts their upload capability."""
    token = ""
    if request.method == "POST":
        form = ReceiptForm(request.POST)
        if form.is_valid() and services.upload_token_read(form.cleaned_data["token"]):
            token = form.cleaned_data["token"]
        else:
            return render(request, "evidence/receipt.html", {"expired": True}, status=400)
    elif not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:sign-in')}?next={request.path}")
    items = selectors.items_for_receipt(
        actor=request.actor, token_digest=services.token_digest(token) if token else ""
    )
    rows = [
        (
            item.filename or "(no name)",
            item.get_category_display(),
            f"{item.blob.size:,} bytes",
            when(item.created_at),
            format_html('<code class="lantern-hash">{}</code>', item.blob.sha256),
            uploader_notice([flag.code for flag in item.flags.all()]),
        )
        for item in items[:500]
    ]
    return render(
        request,
        "evidence/receipt.html",
        {
            "table": table(
                caption="Files you handed over",
                head=["File name", "Kind", "Size", "Received", "SHA-256", "What Lantern noticed"],
                rows=rows,
                html_columns=frozenset({4}),
            ),
            "count": len(rows),
        },
    )
