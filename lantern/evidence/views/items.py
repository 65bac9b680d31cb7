"""Evidence items: the list, an item with its preview, derived copies and custody timeline,
its download, and exhibit references in a case."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html

from lantern.core import directory
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.evidence import selectors, services
from lantern.evidence.blobstore import BlobStoreError, blob_store
from lantern.evidence.contentchecks.flag import explanation
from lantern.evidence.events import ITEM_DOWNLOADED, ITEM_VIEWED
from lantern.evidence.forms import (
    ExhibitForm,
    ShareForm,
)
from lantern.evidence.models import EvidenceItem
from lantern.evidence.views.common import errors_to_form, sharing_context, when
from lantern.evidence.views.metadata import metadata_panel
from lantern.frontend.components import pagination, summary_list, table
from lantern.frontend.dates import clock_offset_words

AUDIO_GUIDANCE = (
    "This recording has sound. Recording sound is very intrusive: the ICO says audio "
    "recording should be disabled in most cases, and in Fairhurst v Woodard (2021) the court "
    "found a neighbour's doorbell audio 'even more problematic' than video. Before you use "
    "it, record why the sound is needed and check it does not capture private conversations."
)


# --- items ------------------------------------------------------------------------------------


@require_permission(Permission.EVIDENCE_VIEW)
def item_list(request: LanternRequest) -> HttpResponse:
    originals = (
        selectors.item_list(actor=request.actor)
        .filter(parent__isnull=True)
        .annotate(flag_count=Count("flags"))
    )
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
            "Flagged" if item.flag_count else "",
            when(item.created_at),
        )
        for item in page
    ]
    return render(
        request,
        "evidence/item_list.html",
        {
            "table": table(
                caption="Evidence items, newest first",
                head=["File", "Kind", "Device", "Sound", "Checks", "Received"],
                rows=rows,
                html_columns=frozenset({0}),
            ),
            "pagination": pagination(page, request.GET),
        },
    )


def item_or_404(request: LanternRequest, item_id: uuid.UUID) -> EvidenceItem:
    try:
        item = selectors.item_get(actor=request.actor, item_id=item_id)
    except NotFound:
        raise Http404 from None
    if not can(request.actor, Permission.EVIDENCE_VIEW, item):
        raise Http404
    return item


@require_permission(Permission.EVIDENCE_VIEW)
def item_detail(request: LanternRequest, item_id: uuid.UUID) -> HttpResponse:
    return item_page(request, item_or_404(request, item_id))


def item_page(
    request: LanternRequest, item: EvidenceItem, *, share_form: ShareForm | None = None
) -> HttpResponse:
    """The item's page (each showing a custody event): its details, its player (or preview),
    derived copies, chain of custody, and for its own partnership's managers, its shares with others."""
    services.item_custody_event(actor=request.actor, item=item, action=ITEM_VIEWED)
    details = summary_list(
        [
            ("File name (as sent)", item.filename or "(none)"),
            ("Kind (decided by content)", f"{item.get_category_display()}, {item.media_type}"),
            ("Size", f"{item.blob.size:,} bytes"),
            ("SHA-256", item.blob.sha256),
            ("Device", item.get_device_kind_display() if item.device_kind else "Not given"),
            ("Claimed capture time", when(item.claimed_capture_at) or "Not given"),
            ("Clock offset given with the file", clock_offset_words(item.clock_offset_seconds)),
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
                when(copy.created_at),
            )
            for copy in derived
        ],
        html_columns=frozenset({0, 2}),
    )
    flags = [
        (
            flag.get_code_display(),
            explanation(flag.code)
            + (f" What Lantern found: {flag.detail}." if flag.detail else ""),
        )
        for flag in selectors.item_flags(actor=request.actor, item=item)
    ]
    playback = selectors.playback_of(actor=request.actor, item=item)
    events = selectors.custody_timeline(actor=request.actor, item=item)
    timeline = table(
        caption="Chain of custody",
        head=["Time", "Event", "By", "Details"],
        rows=[
            (when(e.occurred_at), e.action.removeprefix("evidence."), e.actor, e.details)
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
            "audio_guidance": _audio_guidance(item, playback),
            "flags": summary_list(flags) if flags else None,
            "preview": None  # the player shows it
            if playback.playable
            else selectors.item_preview(actor=request.actor, item=item),
            "playback": playback,
            "derived": derived_table if derived else None,
            "metadata": metadata_panel(request, item),
            **sharing_context(request, item, share_form),
        },
    )


def _audio_guidance(item: EvidenceItem, playback: selectors.Playback) -> str:
    """The warning about sound, for a recording with sound, or whose playable copy has sound
    (the uploader may not have said whether it had)."""
    copy = playback.playable if isinstance(playback.playable, EvidenceItem) else None
    return AUDIO_GUIDANCE if item.has_audio or (copy is not None and copy.has_audio) else ""


@require_permission(Permission.EVIDENCE_VIEW)
def item_preview(request: LanternRequest, item_id: uuid.UUID) -> HttpResponse | FileResponse:
    """The preview picture of an item (a derived JPEG), shown on its page to officers. The
    view is recorded in the preview's own chain of custody."""
    item = item_or_404(request, item_id)
    preview = selectors.item_preview(actor=request.actor, item=item)
    if preview is None:
        raise Http404
    try:
        handle = blob_store().open(preview.blob.sha256)
    except BlobStoreError as exc:
        return render(request, "evidence/store_error.html", {"message": exc.message}, status=503)
    services.item_custody_event(
        actor=request.actor, item=preview, action=ITEM_VIEWED, shown_as="preview"
    )
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_permission(Permission.EVIDENCE_VIEW)
def item_download(request: LanternRequest, item_id: uuid.UUID) -> HttpResponse | FileResponse:
    item = item_or_404(request, item_id)
    try:
        handle = blob_store().open(item.blob.sha256)
    except BlobStoreError as exc:
        return render(request, "evidence/store_error.html", {"message": exc.message}, status=503)
    services.item_custody_event(actor=request.actor, item=item, action=ITEM_DOWNLOADED)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{item.blob.sha256}",
        content_type="application/octet-stream",
    )


# --- exhibit references in a case ---------------------------------------------------------------


@require_permission(Permission.EVIDENCE_MANAGE)
def case_exhibits(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    """An officer gives the items on a case (attached to it or to its reports) exhibit
    references: the producer's initials and a number, unique within the case."""
    case = directory.case(request.actor, case_id)
    if case is None:
        raise Http404
    items = list(
        selectors.items_for_case(actor=request.actor, case_id=case.id, report_ids=case.report_ids)
    )
    references = {
        e.item_id: e.reference
        for e in selectors.exhibits_in_case(actor=request.actor, case_id=case.id)
    }
    unreferenced = [
        (str(item.pk), f"{item.filename or str(item.pk)[:8]} ({item.get_category_display()}, "
         f"received {when(item.created_at)})")
        for item in items
        if item.pk not in references
    ]  # fmt: skip
    form = ExhibitForm(
        request.POST or None,
        items=unreferenced,
        initial={"initials": services.initials_of(request.actor.label)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            exhibit = services.exhibit_assign(
                actor=request.actor,
                case_id=case.id,
                item_id=uuid.UUID(form.cleaned_data["item"]),
                initials=form.cleaned_data["initials"],
                number=form.cleaned_data["number"],
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        except (NotFound, PermissionDenied):
            form.add_error("item", "This item cannot be given a reference: choose another")
        else:
            messages.success(request, f"The item is now exhibit {exhibit.reference}")
            return redirect("evidence:case-exhibits", case.id)
    rows = [
        (
            format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                reverse("evidence:item", args=[item.pk]),
                item.filename or str(item.pk)[:8],
            ),
            item.get_category_display(),
            when(item.created_at),
            references.get(item.pk, "None yet"),
        )
        for item in items
    ]
    return render(
        request,
        "evidence/case_exhibits.html",
        {
            "case": case,
            "form": form,
            "has_unreferenced": bool(unreferenced),
            "table": table(
                caption="Evidence on this case",
                head=["Item", "Kind", "Received", "Exhibit reference"],
                rows=rows,
                html_columns=frozenset({0}),
            ),
            "count": len(items),
            "statements": _case_statements(request, case),
        },
    )


def _case_statements(request: LanternRequest, case: directory.CaseSummary):
    """The witness statements about the case or its reports, each with its exhibits page:
    how a statement started from a report is found from the report's case."""
    if not can(request.actor, Permission.STATEMENT_VIEW):
        return None
    rows = [
        (
            format_html(
                '<a class="govuk-link" href="{}">Statement of {}</a>',
                reverse("evidence:statement", args=[s.pk]),
                s.witness_name,
            ),
            s.get_status_display(),
            ", ".join(s.exhibit_references) or "None",
            format_html(
                '<a class="govuk-link" href="{}">Exhibits referred to'
                '<span class="govuk-visually-hidden"> in the statement of {}</span></a>',
                reverse("evidence:case-statement-exhibits", args=[case.id, s.pk]),
                s.witness_name,
            ),
        )
        for s in selectors.statements_for_case(
            actor=request.actor, case_id=case.id, report_ids=case.report_ids
        )
    ]
    if not rows:
        return None
    return table(
        caption="Witness statements about this case or its reports",
        head=["Statement", "Status", "Exhibits referred to", "Link exhibits"],
        rows=rows,
        html_columns=frozenset({0, 3}),
    )
