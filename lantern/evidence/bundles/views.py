"""Bundle pages: a case's bundles (choose exhibits and recipient, make, download), and the
public page of the partnerships' signing keys with the standalone checking script. Thin:
parse, call a service or selector, render."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods

from lantern.core import directory
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.evidence import selectors
from lantern.evidence.bundles import keys, rules, services
from lantern.evidence.bundles import selectors as bundle_selectors
from lantern.evidence.bundles.forms import BundleForm
from lantern.evidence.bundles.writer import BundleWriteError
from lantern.evidence.views.common import errors_to_form, when
from lantern.frontend.components import summary_list, table

SCRIPT = Path(__file__).with_name("verify.py")


def _case(request: LanternRequest, case_id: uuid.UUID) -> directory.CaseSummary:
    case = directory.case(request.actor, case_id)
    if case is None:
        raise Http404
    return case


def _item_choices(request: LanternRequest, case: directory.CaseSummary) -> list[tuple[str, str]]:
    items = list(
        selectors.items_for_case(actor=request.actor, case_id=case.id, report_ids=case.report_ids)
    )
    references = {
        e.item_id: e.reference
        for e in selectors.exhibits_in_case(actor=request.actor, case_id=case.id)
    }
    copies = bundle_selectors.derivatives_of(actor=request.actor, items=items)
    choices = []
    for item in items:
        label = references.get(item.pk) or f"Item {str(item.pk)[:8]}"
        label += f": {item.get_category_display()}, received {when(item.created_at)}"
        if any(rules.is_redacted_copy(c) for c in copies.get(item.pk, [])):
            label += " (has a redacted copy: the defence gets that)"
        choices.append((str(item.pk), label))
    return choices


def _bundle_rows(request: LanternRequest, case: directory.CaseSummary) -> list[tuple]:
    rows = []
    for bundle in bundle_selectors.bundles_for_case(actor=request.actor, case_id=case.id):
        download = (
            format_html(
                '<a class="govuk-link" href="{}">Download<span class="govuk-visually-hidden"> '
                "the bundle for the {} made {}</span></a>",
                reverse("evidence:case-bundle-download", args=[case.id, bundle.pk]),
                bundle.get_recipient_display().lower(),
                when(bundle.created_at),
            )
            if bundle.storage_key
            else "Written on the command line"
        )
        rows.append(
            (
                when(bundle.created_at),
                bundle.get_recipient_display(),
                str(bundle.files),
                bundle.key_id,
                download,
            )
        )
    return rows


@require_http_methods(["GET", "POST"])
@require_permission(Permission.EVIDENCE_MANAGE)
def case_bundles(request: LanternRequest, case_id: uuid.UUID) -> HttpResponse:
    """An officer makes a signed bundle of a case's exhibits for the prosecution or the
    defence, and downloads the bundles made for the case."""
    case = _case(request, case_id)
    choices = _item_choices(request, case)
    form = BundleForm(
        request.POST if request.method == "POST" else None,
        items=choices,
        initial={"items": [value for value, _ in choices]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            bundle = services.bundle_create_stored(
                actor=request.actor,
                case_id=case.id,
                recipient=form.cleaned_data["recipient"],
                item_ids=[uuid.UUID(i) for i in form.cleaned_data["items"]],
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        except BundleWriteError as exc:
            form.add_error(None, exc.message)
        except (NotFound, PermissionDenied):
            raise Http404 from None
        else:
            messages.success(
                request,
                f"The bundle for the {bundle.get_recipient_display().lower()} is ready: "
                f"{bundle.files} files, signed with key {bundle.key_id}",
            )
            return redirect("evidence:case-bundles", case.id)
    rows = _bundle_rows(request, case)
    return render(
        request,
        "evidence/bundles/case_bundles.html",
        {
            "case": case,
            "form": form,
            "has_items": bool(choices),
            "back_url": reverse("cases:case", args=[case.id]),
            "back_text": "Back to the case",
            "bundles": table(
                caption="Bundles made for this case",
                head=["Made", "For", "Files", "Signing key", "Download"],
                rows=rows,
                html_columns=frozenset({4}),
            )
            if rows
            else None,
        },
    )


@require_GET
@require_permission(Permission.EVIDENCE_MANAGE)
def case_bundle_download(
    request: LanternRequest, case_id: uuid.UUID, bundle_id: uuid.UUID
) -> FileResponse:
    """The bundle's ZIP; the download is recorded with its recipient."""
    case = _case(request, case_id)
    try:
        bundle, handle = services.bundle_download(
            actor=request.actor, case_id=case.id, bundle_id=bundle_id
        )
    except NotFound:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"bundle-{bundle.recipient}-{bundle.pk.hex[:8]}.zip",
        content_type="application/zip",
    )


@require_GET
def public_keys(request: LanternRequest) -> HttpResponse:
    """Public: every partnership's bundle signing keys, to check bundles against."""
    rows = [
        {
            "name": row.partnership.name,
            "key_id": row.key_id,
            "pem": keys.public_pem(row),
            "summary": summary_list(
                [
                    ("Key id", row.key_id),
                    ("Made", when(row.created_at)),
                    ("Status", "Retired " + when(row.retired_at) if row.retired_at else "Current"),
                ]
            ),
        }
        for row in keys.published_keys()
    ]
    return render(
        request,
        "evidence/bundles/public_keys.html",
        {"rows": rows, "back_url": reverse("frontend:home"), "back_text": "Home"},
    )


@require_GET
def public_key_pem(request: LanternRequest, key_id: str) -> HttpResponse:
    row = keys.published_key(key_id)
    if row is None:
        raise Http404
    response = HttpResponse(keys.public_pem(row), content_type="application/x-pem-file")
    response["Content-Disposition"] = f'attachment; filename="lantern-bundle-key-{row.key_id}.pem"'
    return response


@require_GET
def verify_script(request: LanternRequest) -> HttpResponse:
    """The standalone checking script (tools/verify_bundle.py), the same file Lantern runs."""
    response = HttpResponse(SCRIPT.read_bytes(), content_type="text/x-python; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="verify_bundle.py"'
    return response
