"""Witness statements (MG11): start, edit, sign, read, PDF."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html

from lantern.core import directory
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, RuleRefused, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.evidence import scope, selectors, statements
from lantern.evidence.forms import (
    SignForm,
    StatementForm,
    StatementStartForm,
)
from lantern.evidence.models import LinkKind, Statement
from lantern.evidence.rules import S9_DECLARATION
from lantern.evidence.scope import NOTHING_TO_CHOOSE
from lantern.evidence.views.common import chosen_scope, errors_to_form, scope_choices, when
from lantern.frontend.components import summary_list, table

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
            when(s.signed_at or s.created_at),
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
    """Start a statement: a resident says which of their reports or footage requests it is
    about, a member of staff in several partnerships which one it is for (a further
    statement goes where the one it corrects went)."""
    form = StatementStartForm(request.POST or None)
    corrects = request.GET.get("corrects") or request.POST.get("corrects") or ""
    can_choose = True if corrects else scope_choices(request, form)
    if request.method == "POST" and can_choose and form.is_valid():
        try:
            statement = statements.statement_start(
                actor=request.actor,
                witness_name=form.cleaned_data["witness_name"],
                corrects_id=uuid.UUID(corrects) if corrects else None,
                **chosen_scope(form.cleaned_data),
            )
        except (NotFound, ValueError):
            raise Http404 from None
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            return redirect("evidence:statement-edit", statement.pk)
    return render(
        request,
        "evidence/statement_start.html",
        {
            "form": form,
            "corrects": corrects,
            "nothing_to_choose": "" if can_choose else NOTHING_TO_CHOOSE,
        },
    )


@require_permission(Permission.STATEMENT_MAKE)
def statement_start_report(request: LanternRequest, report_id: uuid.UUID) -> HttpResponse:
    """ "Give a statement about this" on a report: the report is in the path (its id, never
    anything personal). A resident may start one about their own report only, a member of
    staff about a report they may read; any other report is a 404. The statement is the
    maker's own, as the witness, linked to the report (and so found from its case)."""
    actor = request.actor
    report = directory.report(actor, report_id)  # the reports app's permission layer
    if report is None or (
        not actor.is_staff and not scope.resident_may_attach(actor, LinkKind.REPORT, report_id)
    ):
        raise Http404
    form = StatementStartForm(
        request.POST if request.method == "POST" else None,
        initial={"witness_name": actor.label},
    )
    if request.method == "POST" and form.is_valid():
        try:
            statement = statements.statement_start(
                actor=actor,
                witness_name=form.cleaned_data["witness_name"],
                link_kind=LinkKind.REPORT,
                link_id=report_id,
            )
        except NotFound:
            raise Http404 from None
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            return redirect("evidence:statement-edit", statement.pk)
    return render(
        request,
        "evidence/statement_start.html",
        {
            "form": form,
            "corrects": "",
            "nothing_to_choose": "",
            "report": report,
            # Back to the report the statement is about: the resident's own page, or staff's.
            "back_url": reverse("reports:triage-detail", args=[report_id])
            if actor.is_staff
            else reverse("reports:mine-detail", args=[report.reference]),
            "back_text": "Back to the report",
        },
    )


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
            errors_to_form(form, exc)
        else:
            return redirect("evidence:statement-sign", statement.pk)
    return render(request, "evidence/statement_edit.html", {"form": form, "statement": statement})


def _statement_summary(statement: Statement, after_signing: list[str] | None = None):
    """The statement as signed (or to be signed). ``after_signing``: references of exhibits
    an officer linked after it was signed, shown apart: they are not part of it."""

    def yn(value: bool | None) -> str:
        return {True: "Yes", False: "No", None: "Not answered"}[value]

    exhibits: list[tuple[str, object]] = [
        ("Exhibits referred to", ", ".join(statement.exhibit_references) or "None"),
    ]
    if after_signing:
        exhibits.append(
            (
                "Exhibits linked by an officer after signing (not part of the signed statement)",
                ", ".join(after_signing),
            )
        )
    return summary_list(
        [
            ("Statement of", statement.witness_name),
            ("Age if under 18", statement.age_if_under_18 or "Over 18"),
            ("Occupation", statement.occupation or "Not given"),
            ("Statement", statement.body),
            *exhibits,
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
                exhibits_seen=[
                    r for r in request.POST.get("exhibits_seen", "").split(",") if r.strip()
                ],
            )
        except RuleRefused as exc:
            refusal = exc
            field = {
                "STATEMENT_DECLARATION": "declaration",
                "STATEMENT_SIGNED_BY_WITNESS": "typed_name",
            }.get(exc.rule_id)
            form.add_error(field, exc.message)
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "Statement signed")
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
            "exhibits_seen": ",".join(statement.exhibit_references),
        },
    )


@require_permission(Permission.STATEMENT_MAKE)
def statement_detail(request: LanternRequest, statement_id: uuid.UUID) -> HttpResponse:
    statement = _own_statement(request, statement_id)
    after_signing = [
        link.exhibit.reference
        for link in selectors.statement_exhibits(actor=request.actor, statement=statement)
        if link.after_signing
    ]
    return render(
        request,
        "evidence/statement_detail.html",
        {
            "statement": statement,
            "summary": _statement_summary(statement, after_signing),
            "declaration": S9_DECLARATION,
            "is_witness": statement.witness_id == request.actor.user_id,
            "signed_at": when(statement.signed_at),
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
