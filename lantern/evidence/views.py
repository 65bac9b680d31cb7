"""Evidence pages: upload (Uppy + tus), receipt, item with its custody timeline, witness
statements (MG11) and their PDF. Thin: parse, call a service or selector, render."""

from __future__ import annotations

import uuid

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, RuleRefused, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.evidence import selectors, services, statements
from lantern.evidence.blobstore import BlobStoreError, blob_store
from lantern.evidence.forms import (
    CaptureForm,
    ReceiptForm,
    SignForm,
    StatementForm,
    StatementStartForm,
)
from lantern.evidence.models import EvidenceItem, LinkKind, Statement
from lantern.evidence.rules import S9_DECLARATION
from lantern.evidence.uploads import max_bytes
from lantern.frontend.components import pagination, summary_list, table

AUDIO_GUIDANCE = (
    "This recording has sound. Recording sound is very intrusive: the ICO says audio "
    "recording should be disabled in most cases, and in Fairhurst v Woodard (2021) the court "
    "found a neighbour's doorbell audio 'even more problematic' than video. Before you use "
    "it, record why the sound is needed and check it does not capture private conversations."
)


def _when(value) -> str:
    return localtime(value).strftime("%-d %b %Y %H:%M:%S") if value else ""


# --- upload -----------------------------------------------------------------------------------


def _upload_page(request: LanternRequest, *, with_link: bool, **extra: str) -> HttpResponse:
    return render(
        request,
        "evidence/upload.html",
        {
            "form": CaptureForm(),
            "with_link": with_link,
            "max_bytes": max_bytes(),
            "max_gib": round(max_bytes() / 1024**3, 1),
            "receipt_form": ReceiptForm(),
            **extra,
        },
    )


@require_permission(Permission.EVIDENCE_UPLOAD)
def upload(request: LanternRequest) -> HttpResponse:
    return _upload_page(request, with_link=False)


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
            _when(item.created_at),
            format_html('<code class="lantern-hash">{}</code>', item.blob.sha256),
        )
        for item in items[:500]
    ]
    return render(
        request,
        "evidence/receipt.html",
        {
            "table": table(
                caption="Files you handed over",
                head=["File name", "Kind", "Size", "Received", "SHA-256"],
                rows=rows,
                html_columns=frozenset({4}),
            ),
            "count": len(rows),
        },
    )


# --- items ------------------------------------------------------------------------------------


@require_permission(Permission.EVIDENCE_VIEW)
def item_list(request: LanternRequest) -> HttpResponse:
    originals = selectors.item_list(actor=request.actor).filter(parent__isnull=True)
    page = Paginator(originals, 50).get_page(request.GET.get("page"))
    rows = [
        (
            format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                reverse("evidence:item", args=[item.pk]),
                item.filename or str(item.pk)[:8],
            ),
            item.get_category_display(),
            item.get_device_kind_display() if item.device_kind else "",
            "Yes" if item.has_audio else "",
            _when(item.created_at),
        )
        for item in page
    ]
    return render(
        request,
        "evidence/item_list.html",
        {
            "table": table(
                caption="Evidence items, newest first",
                head=["File", "Kind", "Device", "Sound", "Received"],
                rows=rows,
                html_columns=frozenset({0}),
            ),
            "pagination": pagination(page, request.GET),
        },
    )


def _item_or_404(request: LanternRequest, item_id: uuid.UUID) -> EvidenceItem:
    try:
        item = selectors.item_get(actor=request.actor, item_id=item_id)
    except NotFound:
        raise Http404 from None
    if not can(request.actor, Permission.EVIDENCE_VIEW, item):
        raise Http404
    return item


@require_permission(Permission.EVIDENCE_VIEW)
def item_detail(request: LanternRequest, item_id: uuid.UUID) -> HttpResponse:
    item = _item_or_404(request, item_id)
    services.item_custody_event(actor=request.actor, item=item, action=services.ITEM_VIEWED)
    details = summary_list(
        [
            ("File name (as sent)", item.filename or "(none)"),
            ("Kind (decided by content)", f"{item.get_category_display()}, {item.media_type}"),
            ("Size", f"{item.blob.size:,} bytes"),
            ("SHA-256", item.blob.sha256),
            ("Device", item.get_device_kind_display() if item.device_kind else "Not given"),
            ("Claimed capture time", _when(item.claimed_capture_at) or "Not given"),
            (
                "Device clock offset",
                f"{item.clock_offset_seconds} seconds"
                if item.clock_offset_seconds is not None
                else "Not known",
            ),
            ("Sound recorded", {True: "Yes", False: "No", None: "Not known"}[item.audio_recorded]),
            (
                "Derived from",
                format_html(
                    '<a class="govuk-link" href="{}">the original</a> ({})',
                    reverse("evidence:item", args=[item.parent_id]),
                    item.derived_purpose or "a copy",
                )
                if item.parent_id
                else "Nothing: this is the original as received",
            ),
            (
                "Linked to",
                ", ".join(
                    f"{link.get_kind_display()} {link.target_id}"
                    for link in selectors.item_links(actor=request.actor, item=item)
                )
                or "Nothing yet",
            ),
            (
                "Exhibit references",
                ", ".join(
                    e.reference for e in selectors.item_exhibits(actor=request.actor, item=item)
                )
                or "None",
            ),
        ]
    )
    derived = list(selectors.item_derivatives(actor=request.actor, item=item))
    derived_table = table(
        caption="Derived copies (made by Lantern; the original is unchanged)",
        head=["Copy", "Kind", "SHA-256", "Made"],
        rows=[
            (
                format_html(
                    '<a class="govuk-link" href="{}">{}</a>',
                    reverse("evidence:item", args=[copy.pk]),
                    (copy.derived_purpose or "copy").capitalize(),
                ),
                copy.media_type,
                format_html('<code class="lantern-hash">{}</code>', copy.blob.sha256),
                _when(copy.created_at),
            )
            for copy in derived
        ],
        html_columns=frozenset({0, 2}),
    )
    preview = selectors.item_preview(actor=request.actor, item=item)
    events = selectors.custody_timeline(actor=request.actor, item=item)
    timeline = table(
        caption="Chain of custody",
        head=["Time", "Event", "By", "Details"],
        rows=[
            (_when(e.occurred_at), e.action.removeprefix("evidence."), e.actor, e.details)
            for e in events
        ],
    )
    return render(
        request,
        "evidence/item_detail.html",
        {
            "item": item,
            "details": details,
            "timeline": timeline,
            "audio_guidance": AUDIO_GUIDANCE if item.has_audio else "",
            "preview": preview,
            "derived": derived_table if derived else None,
        },
    )


@require_permission(Permission.EVIDENCE_VIEW)
def item_preview(request: LanternRequest, item_id: uuid.UUID) -> HttpResponse | FileResponse:
    """The preview picture of an item (a derived JPEG), shown on its page to officers. The
    view is recorded in the preview's own chain of custody."""
    item = _item_or_404(request, item_id)
    preview = selectors.item_preview(actor=request.actor, item=item)
    if preview is None:
        raise Http404
    try:
        handle = blob_store().open(preview.blob.sha256)
    except BlobStoreError as exc:
        return render(request, "evidence/store_error.html", {"message": exc.message}, status=503)
    services.item_custody_event(
        actor=request.actor, item=preview, action=services.ITEM_VIEWED, shown_as="preview"
    )
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_permission(Permission.EVIDENCE_VIEW)
def item_download(request: LanternRequest, item_id: uuid.UUID) -> HttpResponse | FileResponse:
    item = _item_or_404(request, item_id)
    try:
        handle = blob_store().open(item.blob.sha256)
    except BlobStoreError as exc:
        return render(request, "evidence/store_error.html", {"message": exc.message}, status=503)
    services.item_custody_event(actor=request.actor, item=item, action=services.ITEM_DOWNLOADED)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{item.blob.sha256}",
        content_type="application/octet-stream",
    )


# --- statements ---------------------------------------------------------------------------------


@require_permission(Permission.STATEMENT_MAKE)
def statement_list(request: LanternRequest) -> HttpResponse:
    rows = [
        (
            format_html(
                '<a class="govuk-link" href="{}">Statement of {}</a>',
                reverse("evidence:statement", args=[s.pk]),
                s.witness_name,
            ),
            s.get_status_display(),
            _when(s.signed_at or s.created_at),
        )
        for s in selectors.statement_list(actor=request.actor)[:200]
    ]
    return render(
        request,
        "evidence/statement_list.html",
        {
            "table": table(
                caption="Witness statements",
                head=["Statement", "Status", "Date"],
                rows=rows,
                html_columns=frozenset({0}),
            )
        },
    )


@require_permission(Permission.STATEMENT_MAKE)
def statement_start(request: LanternRequest) -> HttpResponse:
    form = StatementStartForm(request.POST or None)
    corrects = request.GET.get("corrects") or request.POST.get("corrects") or ""
    if request.method == "POST" and form.is_valid():
        try:
            statement = statements.statement_start(
                actor=request.actor,
                witness_name=form.cleaned_data["witness_name"],
                corrects_id=uuid.UUID(corrects) if corrects else None,
            )
        except (NotFound, ValueError):
            raise Http404 from None
        except ValidationFailed as exc:
            _errors_to_form(form, exc)
        else:
            return redirect("evidence:statement-edit", statement.pk)
    return render(request, "evidence/statement_start.html", {"form": form, "corrects": corrects})


def _errors_to_form(form, exc: ValidationFailed) -> None:
    for field, errors in exc.errors.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _own_statement(request: LanternRequest, statement_id: uuid.UUID) -> Statement:
    try:
        return selectors.statement_get(actor=request.actor, statement_id=statement_id)
    except NotFound:
        raise Http404 from None


def _initial(statement: Statement) -> dict:
    def yn(value: bool | None) -> str:
        return {True: "yes", False: "no", None: ""}[value]

    return {
        "witness_name": statement.witness_name,
        "under_18": "yes" if statement.age_if_under_18 else ("no" if statement.body else ""),
        "age_if_under_18": statement.age_if_under_18,
        "occupation": statement.occupation,
        "body": statement.body,
        "exhibit_references": ", ".join(statement.exhibit_references),
        "willing_to_attend_court": yn(statement.willing_to_attend_court),
        "dates_to_avoid": statement.dates_to_avoid,
        "no_dates_to_avoid": statement.no_dates_to_avoid,
        "special_measures": statement.special_measures,
        "consent_share_contact": yn(statement.consent_share_contact),
    }


@require_permission(Permission.STATEMENT_MAKE)
def statement_edit(request: LanternRequest, statement_id: uuid.UUID) -> HttpResponse:
    statement = _own_statement(request, statement_id)
    if statement.witness_id != request.actor.user_id:
        raise Http404
    if statement.is_signed:
        return redirect("evidence:statement", statement.pk)
    form = StatementForm(request.POST or None, initial=_initial(statement))
    if request.method == "POST" and form.is_valid():
        try:
            statements.statement_update(
                actor=request.actor, statement_id=statement.pk, **form.service_fields()
            )
        except ValidationFailed as exc:
            _errors_to_form(form, exc)
        else:
            return redirect("evidence:statement-sign", statement.pk)
    return render(request, "evidence/statement_edit.html", {"form": form, "statement": statement})


def _statement_summary(statement: Statement):
    def yn(value: bool | None) -> str:
        return {True: "Yes", False: "No", None: "Not answered"}[value]

    return summary_list(
        [
            ("Statement of", statement.witness_name),
            ("Age if under 18", statement.age_if_under_18 or "Over 18"),
            ("Occupation", statement.occupation or "Not given"),
            ("Statement", statement.body),
            ("Exhibits referred to", ", ".join(statement.exhibit_references) or "None"),
            ("Willing to attend court", yn(statement.willing_to_attend_court)),
            (
                "Dates to avoid",
                "None" if statement.no_dates_to_avoid else statement.dates_to_avoid or "Not given",
            ),
            ("Special measures", statement.special_measures or "None stated"),
            ("Consent to share contact details", yn(statement.consent_share_contact)),
        ]
    )


@require_permission(Permission.STATEMENT_MAKE)
def statement_sign(request: LanternRequest, statement_id: uuid.UUID) -> HttpResponse:
    statement = _own_statement(request, statement_id)
    if statement.witness_id != request.actor.user_id:
        raise Http404
    if statement.is_signed:
        return redirect("evidence:statement", statement.pk)
    form = SignForm(request.POST or None, staff=request.actor.is_staff)
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            statements.statement_sign(
                actor=request.actor,
                statement_id=statement.pk,
                typed_name=form.cleaned_data["typed_name"],
                secret=form.cleaned_data["secret"],
                declaration_accepted=form.cleaned_data["declaration"],
            )
        except RuleRefused as exc:
            refusal = exc
            field = {
                "STATEMENT_DECLARATION": "declaration",
                "STATEMENT_SIGNED_BY_WITNESS": "typed_name",
            }.get(exc.rule_id)
            form.add_error(field, exc.message)
        except ValidationFailed as exc:
            _errors_to_form(form, exc)
        else:
            return redirect("evidence:statement", statement.pk)
    return render(
        request,
        "evidence/statement_sign.html",
        {
            "form": form,
            "statement": statement,
            "summary": _statement_summary(statement),
            "declaration": S9_DECLARATION,
            "refusal": refusal,
        },
    )


@require_permission(Permission.STATEMENT_MAKE)
def statement_detail(request: LanternRequest, statement_id: uuid.UUID) -> HttpResponse:
    statement = _own_statement(request, statement_id)
    return render(
        request,
        "evidence/statement_detail.html",
        {
            "statement": statement,
            "summary": _statement_summary(statement),
            "declaration": S9_DECLARATION,
            "is_witness": statement.witness_id == request.actor.user_id,
            "signed_at": _when(statement.signed_at),
        },
    )


@require_permission(Permission.STATEMENT_MAKE)
def statement_pdf(request: LanternRequest, statement_id: uuid.UUID) -> HttpResponse:
    statement = _own_statement(request, statement_id)
    if not statement.is_signed:
        raise Http404
    pdf = statements.statement_pdf(actor=request.actor, statement=statement)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="MG11-{statement.pk}.pdf"'
    return response
