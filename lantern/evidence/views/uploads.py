"""Upload pages (Uppy + tus) and the resident's receipt."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from lantern.core.decorators import require_permission
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.evidence import selectors, services, upload_selectors, uploads
from lantern.evidence.contentchecks.flag import uploader_notice
from lantern.evidence.forms import PlainUploadForm, ReceiptForm
from lantern.evidence.models import LinkKind
from lantern.evidence.plain_upload import LimitedTemporaryFileUploadHandler, size_in_words
from lantern.evidence.scope import NOTHING_TO_CHOOSE
from lantern.evidence.upload_checks import UploadError
from lantern.evidence.uploads import max_bytes, plain_max_bytes
from lantern.evidence.views.common import scope_choices, when
from lantern.frontend.components import table

# --- upload -----------------------------------------------------------------------------------


def _upload_page(
    request: LanternRequest,
    *,
    with_link: bool,
    choose: bool = False,
    form: PlainUploadForm | None = None,
    status: int = 200,
    **extra: str,
) -> HttpResponse:
    """The uploader: Uppy with tus when the page's script runs, otherwise the plain form
    (``upload_file``), which the script replaces. ``choose``: the signed-in uploader says
    what the files are about (a resident) or which of their partnerships they are for
    (staff in several)."""
    plain_limit = plain_max_bytes()
    if form is None:
        form = PlainUploadForm(
            initial={
                "upload_token": extra.get("upload_token", ""),
                "reference": extra.get("report_reference", ""),
            },
            limit_words=size_in_words(plain_limit),
        )
    can_choose = scope_choices(request, form) if choose else True
    return render(
        request,
        "evidence/upload.html",
        {
            "form": form,
            "nothing_to_choose": NOTHING_TO_CHOOSE if not can_choose else "",
            "with_link": with_link,
            # The plain form needs the server to know who uploads: signed in, or the page
            # of a report just made (its capability). The upload link's capability is in
            # the URL's fragment, which only the script can read.
            "plain_form": not with_link or bool(extra.get("upload_token")),
            "max_bytes": max_bytes(),
            "max_gib": round(max_bytes() / 1024**3, 1),
            "plain_max_bytes": plain_limit,
            "plain_limit": form.limit_words,
            "receipt_form": ReceiptForm(),
            **extra,
        },
        status=status,
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


# --- the plain upload form (no JavaScript) ---------------------------------------------------


@csrf_exempt  # the upload handlers must be set before anything reads the body; CSRF below
@require_POST
def upload_file(request: LanternRequest) -> HttpResponse:
    """One file from the upload page's plain form (a browser without JavaScript), written to
    a temporary file as it arrives (never into memory), up to LANTERN_PLAIN_UPLOAD_MAX_BYTES,
    then taken through the same intake as a tus upload (``uploads.upload_whole``)."""
    handler = LimitedTemporaryFileUploadHandler(request, limit=plain_max_bytes())
    request.upload_handlers = [handler]
    return _upload_file(request, handler)


@csrf_protect
def _upload_file(
    request: LanternRequest, handler: LimitedTemporaryFileUploadHandler
) -> HttpResponse:
    token = request.POST.get("upload_token", "").strip()
    reference = request.POST.get("reference", "").strip()
    signed_in = request.user.is_authenticated
    if not token and not (signed_in and can(request.actor, Permission.EVIDENCE_UPLOAD)):
        return redirect(f"{reverse('accounts:sign-in')}?next={reverse('evidence:upload')}")
    form = PlainUploadForm(
        request.POST,
        request.FILES,
        too_large=handler.too_large,
        limit_words=size_in_words(handler.limit),
    )
    choose = not token  # the capability already says what the files are about
    if choose:
        scope_choices(request, form)
    if form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            upload = uploads.upload_whole(
                actor=request.actor,
                stream=uploaded,
                size=uploaded.size,
                metadata=form.metadata(),
                token=token,
            )
        except UploadError as exc:
            form.add_error(_error_field(form, exc), _error_message(exc))
        else:
            _tell_received(request, upload)
            if token and reference:
                return redirect("evidence:report-upload", reference)
            return redirect("evidence:upload")
    extra = {"upload_token": token, "report_reference": reference} if token else {}
    return _upload_page(
        request,
        with_link=not signed_in,
        choose=choose,
        form=form,
        status=413 if handler.too_large else 400,
        **extra,
    )


def _error_field(form: PlainUploadForm, exc: UploadError) -> str | None:
    if exc.status in (413, 415, 507, 503) or (exc.status == 400 and "whole" in exc.message):
        return "file"
    if exc.status in (403, 404) and "about" in form.fields:
        return "about"
    return None


def _error_message(exc: UploadError) -> str:
    if exc.status == 415:
        return f"The selected file must be a video, photo, sound recording or PDF. {exc.message}"
    if exc.status == 413:
        return f"The selected file must be smaller than {size_in_words(plain_max_bytes())}"
    return exc.message


def _tell_received(request: LanternRequest, upload) -> None:
    """The success banner: the file's name and SHA-256, and what the checks noticed."""
    item = upload_selectors.upload_item(upload=upload)
    notice = uploader_notice(upload_selectors.upload_flag_codes(upload=upload))
    text = f"{item.filename} has been received. Its SHA-256 fingerprint is {item.blob.sha256}."
    messages.success(request, f"{text} {notice}".strip())


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
