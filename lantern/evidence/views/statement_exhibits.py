"""An officer links a case's exhibits to the witness statements about the case or its
reports (lantern.evidence.statement_exhibits): on a draft they become the references the
witness signs; on a signed statement they are recorded beside it, which stays unchanged."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from lantern.core import directory
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, PermissionDenied, RuleRefused, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.evidence import selectors, statement_exhibits
from lantern.evidence.forms import StatementExhibitForm
from lantern.evidence.models import Statement
from lantern.evidence.views.common import errors_to_form, when
from lantern.frontend.components import summary_list


def _statement(request: LanternRequest, case_id: uuid.UUID, statement_id: uuid.UUID):
    """The case (as the evidence app knows it) and a statement about it, or 404."""
    case = directory.case(request.actor, case_id)
    if case is None:
        raise Http404
    statement = (
        selectors.statements_for_case(
            actor=request.actor, case_id=case.id, report_ids=case.report_ids
        )
        .filter(pk=statement_id)
        .first()
    )
    if statement is None:
        raise Http404
    return case, statement


def _status(statement: Statement) -> str:
    if statement.is_signed:
        return f"Signed {when(statement.signed_at)}: it cannot be changed"
    return "Draft: the witness has not signed it yet"


@require_http_methods(["GET", "POST"])
@require_permission(Permission.EVIDENCE_MANAGE)
def statement_exhibits_page(
    request: LanternRequest, case_id: uuid.UUID, statement_id: uuid.UUID
) -> HttpResponse:
    case, statement = _statement(request, case_id, statement_id)
    links = list(selectors.statement_exhibits(actor=request.actor, statement=statement))
    linked = {link.exhibit_id for link in links}
    choices = [
        (str(e.pk), f"{e.reference}: {e.item.filename or 'item'} ({e.item.get_category_display()})")
        for e in selectors.exhibits_in_case(actor=request.actor, case_id=case.id)
        if e.pk not in linked
    ]
    form = StatementExhibitForm(
        request.POST if request.method == "POST" else None, exhibits=choices
    )
    if request.method == "POST" and form.is_valid():
        try:
            link = statement_exhibits.statement_exhibit_link(
                actor=request.actor,
                case_id=case.id,
                statement_id=statement.pk,
                exhibit_id=uuid.UUID(form.cleaned_data["exhibit"]),
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        except (NotFound, PermissionDenied):
            raise Http404 from None
        else:
            where = (
                "recorded beside the signed statement, which is unchanged"
                if link.after_signing
                else "added to the draft: the witness checks it before signing"
            )
            messages.success(request, f"Exhibit {link.exhibit.reference} {where}")
            return redirect("evidence:case-statement-exhibits", case.id, statement.pk)
    return render(
        request,
        "evidence/statement_exhibits.html",
        {
            "case": case,
            "statement": statement,
            "summary": summary_list(
                [
                    ("Statement of", statement.witness_name),
                    ("Status", _status(statement)),
                    (
                        "Exhibits referred to",
                        ", ".join(statement.exhibit_references) or "None",
                    ),
                ]
            ),
            "links": links,
            "form": form,
        },
    )


@require_POST
@require_permission(Permission.EVIDENCE_MANAGE)
def statement_exhibit_remove(
    request: LanternRequest, case_id: uuid.UUID, statement_id: uuid.UUID
) -> HttpResponse:
    """Take an exhibit off a draft's references (a signed statement's links stay)."""
    case, statement = _statement(request, case_id, statement_id)
    try:
        exhibit_id = uuid.UUID(request.POST.get("exhibit", ""))
        statement_exhibits.statement_exhibit_unlink(
            actor=request.actor, case_id=case.id, statement_id=statement.pk, exhibit_id=exhibit_id
        )
    except (ValueError, NotFound, PermissionDenied):
        raise Http404 from None
    except RuleRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The exhibit was taken off the draft")
    return redirect("evidence:case-statement-exhibits", case.id, statement.pk)
