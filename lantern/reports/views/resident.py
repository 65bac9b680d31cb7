"""Residents follow their reports: "Your reports" when signed in, "Follow a report" with a
reference and tracking code when anonymous. Status history and public updates only: never
internal notes, never who was warned or referred."""

from __future__ import annotations

import math

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from lantern.core.client_address import client_address
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, TooManyAttempts, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.components import pagination, summary_list, table
from lantern.frontend.dates import format_datetime
from lantern.frontend.forms import errors_to_form
from lantern.frontend.panels import Page, panels_for
from lantern.reports import selectors
from lantern.reports.components import date_input
from lantern.reports.forms import FollowForm, StillHappeningForm
from lantern.reports.models import Report
from lantern.reports.services import continuing

FOLLOWED_KEY = "reports_followed"


def _when(value) -> str:
    return format_datetime(value)


def _status_label(value: str) -> str:
    return Report.Status(value).label if value in Report.Status.values else value


def resident_view(request: LanternRequest, report: Report, *, back: str, back_text: str):
    timeline = selectors.report_timeline(actor=request.actor, report=report)
    summary = summary_list(
        [
            ("Reference", report.reference),
            ("What happened", report.category.name),
            ("When", _when(report.occurred_from)),
            ("Where", report.where),
            ("Status", report.get_status_display()),
            ("Sent", _when(report.created_at)),
        ]
    )
    history = table(
        caption="Status history",
        head=["When", "Status"],
        rows=[(_when(c.created_at), _status_label(c.to_status)) for c in timeline.status_changes],
    )
    own = report.reporter_id is not None and report.reporter_id == request.actor.user_id
    later = selectors.report_continuations(actor=request.actor, report=report) if own else []
    return render(
        request,
        "reports/resident_report.html",
        {
            "report": report,
            "summary": summary,
            "history": history,
            "updates": [(_when(u.created_at), u.text) for u in timeline.public_updates],
            "back": back,
            "back_text": back_text,
            # Their own statement as a witness, about this report (the report's id in the
            # path: nothing personal). Only for the signed-in reporter.
            "statement_url": reverse("evidence:statement-start-report", args=[report.pk])
            if own and can(request.actor, Permission.STATEMENT_MAKE)
            else "",
            # "Still happening": add a later incident (signed-in reporters of their own).
            "still_happening_url": reverse("reports:still-happening", args=[report.reference])
            if own
            else "",
            "series": [
                (
                    reverse("reports:mine-detail", args=[r.reference]),
                    r.reference,
                    _when(r.occurred_from),
                )
                for r in later
            ],
            # What the resident handed over with it (the evidence app's panel).
            "panels": panels_for(request, Page.RESIDENT_REPORT, report_id=report.pk),
        },
    )


@require_permission(Permission.REPORT_VIEW_OWN)
def mine(request: LanternRequest) -> HttpResponse:
    reports = selectors.own_reports(actor=request.actor).order_by("-created_at")
    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    rows = [
        (
            format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                reverse("reports:mine-detail", args=[r.reference]),
                r.reference,
            ),
            r.category.name,
            _when(r.occurred_from),
            r.get_status_display(),
        )
        for r in page
    ]
    return render(
        request,
        "reports/mine.html",
        {
            "page": page,
            "table": table(
                caption="Your reports, newest first",
                caption_hidden=True,
                head=["Reference", "What happened", "When", "Status"],
                rows=rows,
                html_columns=frozenset({0}),
            ),
            "pagination": pagination(page, request.GET),
        },
    )


@require_permission(Permission.REPORT_VIEW_OWN)
def mine_detail(request: LanternRequest, reference: str) -> HttpResponse:
    try:
        report = selectors.own_report_get(actor=request.actor, reference_text=reference)
    except NotFound:
        raise Http404 from None
    return resident_view(request, report, back=reverse("reports:mine"), back_text="Your reports")


# Where a service's report fields go on the "still happening" form.
_STILL_FIELDS = {"occurred_from": "day", "occurred_to": "end_time"}


@require_http_methods(["GET", "POST"])
@require_permission(Permission.REPORT_VIEW_OWN)
def still_happening(request: LanternRequest, reference: str) -> HttpResponse:
    """ "Still happening": the reporter adds a later incident to their own report (its date,
    time and what happened); it is filed as a new report naming the first."""
    try:
        report = selectors.own_report_get(actor=request.actor, reference_text=reference)
    except NotFound:
        raise Http404 from None
    form = StillHappeningForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            later = continuing.report_still_happening(
                actor=request.actor,
                report_id=report.pk,
                occurred_from=form.cleaned_data["occurred_from"],
                occurred_to=form.cleaned_data["occurred_to"],
                description=form.cleaned_data["description"],
            )
        except NotFound:
            raise Http404 from None
        except ValidationFailed as exc:
            errors_to_form(form, exc, rename=_STILL_FIELDS)
        else:
            messages.success(
                request,
                f"Thank you: we have added it to your report as {later.reference}. "
                "Officers see it with your report.",
            )
            return redirect("reports:mine-detail", report.reference)
    return render(
        request,
        "reports/still_happening.html",
        {
            "report": report,
            "form": form,
            "date": date_input(
                form, legend="What date did it happen again?", hint="For example, 27 11 2026"
            ),
            "back": reverse("reports:mine-detail", args=[report.reference]),
        },
    )


def _wait(request: LanternRequest, seconds: int) -> HttpResponse:
    """Too many failed attempts from this address: 429, saying how long to wait."""
    response = render(
        request,
        "reports/follow_wait.html",
        {"minutes": math.ceil(seconds / 60)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


@require_http_methods(["GET", "POST"])
def follow(request: LanternRequest) -> HttpResponse:
    """An anonymous reporter enters the reference and tracking code (in a POST body, never
    in the URL); the report they may see is remembered in their session. Failed attempts
    are limited per client address (``selectors.follow_limit``)."""
    form = FollowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = selectors.report_by_tracking_code(
                reference_text=form.cleaned_data["reference"],
                tracking_code=form.cleaned_data["tracking_code"],
                client_address=client_address(request),
            )
        except TooManyAttempts as exc:
            return _wait(request, exc.retry_after)
        except NotFound:
            form.add_error(
                "reference",
                "We cannot find a report with that reference and tracking code: check both",
            )
        else:
            request.session[FOLLOWED_KEY] = str(report.pk)
            return redirect("reports:followed")
    return render(request, "reports/follow.html", {"form": form})


def followed(request: LanternRequest) -> HttpResponse:
    report_id = request.session.get(FOLLOWED_KEY)
    report = selectors.report_followed(report_id=report_id) if report_id else None
    if report is None:
        return redirect("reports:follow")
    return resident_view(request, report, back=reverse("reports:follow"), back_text="Back")
