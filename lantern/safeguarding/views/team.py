"""The safeguarding team's pages, and the partnership's numbers. Thin: parse, call a
service or selector, render."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.views.decorators.http import require_POST

from lantern.core import directory
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, PermissionDenied, RuleRefused, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.components import summary_list, table
from lantern.safeguarding import forms, selectors, services
from lantern.safeguarding.models import Indicator, NrmExplained, Referral

P = Permission


def _found(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A record the actor may not see is a 404; a step they may not take, a 403."""

    @wraps(view)
    def wrapped(request: LanternRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None
        except PermissionDenied:
            raise DjangoPermissionDenied from None

    return wrapped


def person_label(request: LanternRequest, person_id: uuid.UUID) -> str:
    summary = directory.person(request.actor, person_id)
    return summary.label if summary else f"Person {str(person_id)[:8]}"


def _when(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        return localtime(value).strftime("%-d %b %Y, %H:%M")
    return value.strftime("%-d %b %Y")


def _link(url: str, text: str) -> str:
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, text)


def _indicators(codes: list[str]) -> str:
    labels = dict(Indicator.choices)
    return "; ".join(labels.get(code, code) for code in codes) or "None recorded"


def _form_page(request: LanternRequest, form: Any, *, title: str, button: str, **extra: Any):
    return render(
        request,
        "safeguarding/form.html",
        {"form": form, "title": title, "button": button, **extra},
    )


def _apply_errors(form: Any, exc: ValidationFailed) -> None:
    for field, errors in exc.errors.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


# --- the safeguarding team's pages -----------------------------------------------------------


def home(request: LanternRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:sign-in')}?next={request.path}")
    actor = request.actor
    if not can(actor, P.SAFEGUARDING_QUEUE_VIEW):
        if can(actor, P.AGENCY_REFERRAL_VIEW):
            return redirect("safeguarding:agency")
        raise DjangoPermissionDenied
    queue = selectors.open_concerns(actor=actor)
    rows = [
        (
            _link(
                reverse("safeguarding:person", args=[s.person_id]),
                person_label(request, s.person_id),
            ),
            s.get_outcome_display(),
            _when(s.observed_at),
        )
        for s in queue
    ]
    return render(
        request,
        "safeguarding/home.html",
        {
            "table": table(
                caption="Open concerns waiting for a review",
                head=["Person", "Outcome", "Observed"],
                rows=rows,
                html_columns=frozenset({0}),
            ),
            "count": len(rows),
        },
    )


@require_permission(P.SAFEGUARDING_RECORD_VIEW)
@_found
def person(request: LanternRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = request.actor
    records = selectors.person_records(actor=actor, person_id=person_id)
    lead = selectors.is_safeguarding_lead(actor)
    screenings = table(
        caption="Screenings",
        head=["Observed", "Outcome", "Indicators", "Duty to Notify"],
        rows=[
            (
                _link(reverse("safeguarding:screening", args=[s.pk]), _when(s.observed_at)),
                s.get_outcome_display(),
                _indicators(s.indicators),
                {"nrm": "NRM referral", "ms1": "MS1 (anonymous)"}.get(s.duty_met_by, "")
                or ("Outstanding" if s.outcome == "potential_victim" else "Not needed"),
            )
            for s in records.screenings
        ],
        html_columns=frozenset({0}),
    )
    reviews = table(
        caption="Reviews",
        head=["Date", "Decision"],
        rows=[
            (
                _link(reverse("safeguarding:review", args=[r.pk]), _when(r.decided_on)),
                r.get_decision_display(),
            )
            for r in records.reviews
        ],
        html_columns=frozenset({0}),
    )
    consents = table(
        caption="Consent",
        head=["Explained", "Purpose", "Consented", "In force"],
        rows=[
            (
                _link(reverse("safeguarding:consent", args=[c.pk]), _when(c.explained_at)),
                c.get_purpose_display(),
                "Yes" if c.given else "No",
                "Yes" if c.in_force else "No",
            )
            for c in records.consents
        ],
        html_columns=frozenset({0}),
    )
    referrals = table(
        caption="Referrals",
        head=["Sent", "To", "Status"],
        rows=[
            (
                _link(reverse("safeguarding:referral", args=[r.pk]), _when(r.sent_at)),
                r.agency.name if r.agency else r.get_kind_display(),
                r.get_status_display(),
            )
            for r in records.referrals
        ],
        html_columns=frozenset({0}),
    )
    return render(
        request,
        "safeguarding/person.html",
        {
            "person_id": person_id,
            "label": person_label(request, person_id),
            "records": records,
            "screenings": screenings,
            "reviews": reviews,
            "consents": consents,
            "referrals": referrals,
            "is_lead": lead,
            "can_screen": can(actor, P.SCREENING_RECORD),
        },
    )


@require_permission(P.SCREENING_RECORD)
@_found
def screening_new(request: LanternRequest, person_id: uuid.UUID) -> HttpResponse:
    form = forms.ScreeningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.screening_record(
                actor=request.actor,
                person_id=person_id,
                observed_at=form.observed_at(),
                context=data["context"],
                indicators=data["indicators"],
                age_band=data["age_band"],
                outcome=data["outcome"],
                notes=data["notes"],
            )
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Screening recorded")
            if selectors.may_see_person(request.actor, person_id):
                return redirect("safeguarding:person", person_id)
            return redirect("frontend:dashboard")
    return _form_page(
        request,
        form,
        title="Record a screening",
        button="Record screening",
        caption=person_label(request, person_id),
    )


@require_permission(P.SAFEGUARDING_RECORD_VIEW)
@_found
def screening_detail(request: LanternRequest, screening_id: uuid.UUID) -> HttpResponse:
    s = selectors.screening_get(actor=request.actor, screening_id=screening_id)
    rows = [
        ("Person", person_label(request, s.person_id)),
        ("Observed", _when(s.observed_at)),
        ("Observed by", s.observed_by.display_name),
        ("Context", s.context),
        ("Indicators", _indicators(s.indicators)),
        ("Age", s.get_age_band_display()),
        ("Outcome", s.get_outcome_display()),
        ("Child sexual exploitation", "Yes" if s.child_sexual_exploitation else "No"),
        ("Notes", s.notes),
        ("Duty to Notify", s.duty_met_by.upper() or "Not met"),
    ]
    actions = []
    if (
        s.outcome == "potential_victim"
        and not s.duty_met_by
        and can(request.actor, P.DUTY_TO_NOTIFY_RECORD)
    ):
        actions.append((reverse("safeguarding:duty-new", args=[s.pk]), "Meet the Duty to Notify"))
    return _detail(request, "Screening", s.person_id, rows, actions)


def _detail(request, title, person_id, rows, actions=(), extra=None) -> HttpResponse:
    return render(
        request,
        "safeguarding/detail.html",
        {
            "title": title,
            "summary": summary_list(rows),
            "person_id": person_id,
            "actions": actions,
            **(extra or {}),
        },
    )


@require_permission(P.SAFEGUARDING_REVIEW_RECORD)
@_found
def review_new(request: LanternRequest, person_id: uuid.UUID) -> HttpResponse:
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_record(actor=request.actor, person_id=person_id, **form.cleaned_data)
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Review recorded")
            return redirect("safeguarding:person", person_id)
    return _form_page(
        request,
        form,
        title="Record a safeguarding review",
        button="Record review",
        caption=person_label(request, person_id),
        intro="Your decision says whether any warning, notice or penalty may go ahead.",
    )


@require_permission(P.SAFEGUARDING_RECORD_VIEW)
@_found
def review_detail(request: LanternRequest, review_id: uuid.UUID) -> HttpResponse:
    r = selectors.review_get(actor=request.actor, review_id=review_id)
    rows = [
        ("Person", person_label(request, r.person_id)),
        ("Decision", r.get_decision_display()),
        ("Rationale", r.rationale),
        ("Date", _when(r.decided_on)),
        ("Reviewer", r.reviewer.display_name),
    ]
    return _detail(request, "Safeguarding review", r.person_id, rows)


@require_permission(P.CONSENT_RECORD)
@_found
def consent_new(request: LanternRequest, person_id: uuid.UUID) -> HttpResponse:
    form = forms.ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_record(
                actor=request.actor,
                person_id=person_id,
                purpose=data["purpose"],
                given=data["given"] == "yes",
                explanation=data["explanation"],
                explained_at=form.explained_at(),
                nrm_explained=data["nrm_explained"],
            )
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Consent recorded")
            return redirect("safeguarding:person", person_id)
    return _form_page(
        request,
        form,
        title="Record consent",
        button="Record consent",
        caption=person_label(request, person_id),
    )


@require_permission(P.SAFEGUARDING_RECORD_VIEW)
@_found
def consent_detail(request: LanternRequest, consent_id: uuid.UUID) -> HttpResponse:
    c = selectors.consent_get(actor=request.actor, consent_id=consent_id)
    explained = dict(NrmExplained.choices)
    rows = [
        ("Person", person_label(request, c.person_id)),
        ("Purpose", c.get_purpose_display()),
        ("Consented", "Yes" if c.given else "No"),
        ("Explained by", c.explained_by.display_name),
        ("Explained", _when(c.explained_at)),
        ("What was explained", c.explanation),
        ("NRM points explained", "; ".join(explained.get(p, p) for p in c.nrm_explained)),
        ("Withdrawn", _when(c.withdrawn_at) or "No"),
    ]
    can_withdraw = c.in_force and can(request.actor, P.CONSENT_RECORD)
    return _detail(
        request, "Consent", c.person_id, rows, extra={"withdraw": can_withdraw, "consent": c}
    )


@require_POST
@require_permission(P.CONSENT_RECORD)
@_found
def consent_withdraw(request: LanternRequest, consent_id: uuid.UUID) -> HttpResponse:
    try:
        consent = services.consent_withdraw(actor=request.actor, consent_id=consent_id)
    except ValidationFailed:
        messages.info(request, "That consent was not in force")
        return redirect("safeguarding:consent", consent_id)
    messages.success(request, "Withdrawal of consent recorded")
    return redirect("safeguarding:person", consent.person_id)


@require_permission(P.REFERRAL_MAKE)
@_found
def referral_new(request: LanternRequest, person_id: uuid.UUID) -> HttpResponse:
    form = forms.ReferralForm(request.POST or None, agencies=selectors.support_agencies())
    refusal = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_send(
                actor=request.actor,
                data=services.ReferralInput(
                    person_id=person_id,
                    kind=data["kind"],
                    service=forms.chosen(data["service"]) or Referral.Service.SOCIAL_CARE,
                    agency_id=uuid.UUID(data["agency"]) if forms.chosen(data["agency"]) else None,
                    reason=data["reason"],
                    shared_information=data["shared_information"],
                    override=data["override"] or "",
                    override_rationale=data["override_rationale"],
                    s42_care_needs=form.yes_no("s42_care_needs"),
                    s42_abuse_or_risk=form.yes_no("s42_abuse_or_risk"),
                    s42_unable_to_protect=form.yes_no("s42_unable_to_protect"),
                ),
            )
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        except RuleRefused as exc:
            refusal = exc
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Referral sent")
            return redirect("safeguarding:person", person_id)
    return _form_page(
        request,
        form,
        title="Make a referral",
        button="Send referral",
        caption=person_label(request, person_id),
        refusal=refusal,
    )


def _referral_rows(request: LanternRequest, r: Referral, *, agency_view: bool) -> list:
    rows: list[tuple[str, object]] = [
        ("Sent", _when(r.sent_at)),
        ("To", r.agency.name if r.agency else r.get_kind_display()),
        ("Support", r.get_service_display()),
        ("Reason", r.reason),
        ("Status", r.get_status_display()),
        ("Outcome", r.outcome),
    ]
    if agency_view:
        shared = r.shared_information if selectors.agency_shares_information(referral=r) else ""
        rows.insert(0, ("Referral", str(r.pk)[:8]))
        rows.append(("What you may know", shared or "Nothing more was agreed"))
        return rows
    rows.insert(0, ("Person", person_label(request, r.person_id)))
    rows += [
        ("Consent", "Yes" if r.consent_id else "No"),
        ("Lawful override", r.get_override_display() if r.override else "None"),
        ("Reasons for the override", r.override_rationale),
        ("Shared with the agency", r.shared_information),
    ]
    if r.kind == Referral.Kind.ADULT_SOCIAL_CARE:
        rows.append(("Care Act s.42 conditions all met", "Yes" if r.s42_met else "No"))
    return rows


@require_permission(P.SAFEGUARDING_RECORD_VIEW)
@_found
def referral_detail(request: LanternRequest, referral_id: uuid.UUID) -> HttpResponse:
    r = selectors.referral_get(actor=request.actor, referral_id=referral_id)
    return _detail(request, "Referral", r.person_id, _referral_rows(request, r, agency_view=False))


@require_permission(P.DUTY_TO_NOTIFY_RECORD)
@_found
def duty_new(request: LanternRequest, screening_id: uuid.UUID) -> HttpResponse:
    screening = selectors.screening_get(actor=request.actor, screening_id=screening_id)
    form = forms.DutyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.duty_to_notify(
                actor=request.actor, screening_id=screening.pk, **form.cleaned_data
            )
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        else:
            if outcome.record.kind == "ms1":
                messages.success(request, "Anonymous MS1 notification recorded: it names no one")
            else:
                messages.success(request, "NRM referral recorded")
            return redirect("safeguarding:duty-record", outcome.record.pk)
    return _form_page(
        request,
        form,
        title="Meet the Duty to Notify",
        button="Record",
        caption=person_label(request, screening.person_id),
        intro=(
            "A child goes into the NRM with a referral to children's services. An adult who "
            "has consented goes into the NRM. An adult who has not is notified anonymously "
            "on an MS1."
        ),
    )


@require_permission(P.SAFEGUARDING_RECORD_VIEW)
@_found
def duty_record(request: LanternRequest, record_id: uuid.UUID) -> HttpResponse:
    d = selectors.duty_record_get(actor=request.actor, record_id=record_id)
    rows: list[tuple[str, object]] = [
        ("Kind", d.get_kind_display()),
        ("Month", d.month.strftime("%B %Y")),
        ("Type of exploitation", d.exploitation_type),
        ("Indicators", _indicators(d.indicators)),
        ("Reference", d.reference),
    ]
    if d.person_id:
        rows.insert(0, ("Person", person_label(request, d.person_id)))
        rows.append(("Child", "Yes" if d.is_child else "No"))
    title = "MS1 notification" if d.kind == "ms1" else "NRM referral"
    return _detail(request, title, d.person_id, rows)


@require_permission(P.SAFEGUARDING_QUEUE_VIEW)
@_found
def duties(request: LanternRequest) -> HttpResponse:
    met, outstanding = selectors.duties_report(actor=request.actor)

    def rows(lines):
        return [
            (
                _link(
                    reverse("safeguarding:screening", args=[x.screening.pk]),
                    _when(x.screening.observed_at),
                ),
                person_label(request, x.screening.person_id),
                {"nrm": "NRM referral", "ms1": "MS1 (anonymous)"}.get(x.met_by, "Outstanding"),
                _when(x.met_at),
            )
            for x in lines
        ]

    head = ["Screening", "Person", "How met", "When"]
    return render(
        request,
        "safeguarding/duties.html",
        {
            "outstanding": table(
                caption="Outstanding",
                head=head,
                rows=rows(outstanding),
                html_columns=frozenset({0}),
            ),
            "met": table(caption="Met", head=head, rows=rows(met), html_columns=frozenset({0})),
            "ms1": table(
                caption="Anonymous MS1 notifications",
                head=["Month", "Type of exploitation"],
                rows=[
                    (
                        _link(
                            reverse("safeguarding:duty-record", args=[m.pk]),
                            m.month.strftime("%B %Y"),
                        ),
                        m.exploitation_type,
                    )
                    for m in selectors.ms1_records(actor=request.actor)
                ],
                html_columns=frozenset({0}),
            ),
            "counts": (len(met), len(outstanding)),
        },
    )


@require_permission(P.SAFEGUARDING_STATS_VIEW)
@_found
def numbers(request: LanternRequest) -> HttpResponse:
    months = selectors.partnership_numbers(actor=request.actor)
    return render(
        request,
        "safeguarding/numbers.html",
        {
            "table": table(
                caption="Safeguarding by month",
                head=[
                    "Month",
                    "Screenings",
                    "Concerns",
                    "Reviews",
                    "Referrals",
                    "NRM referrals",
                    "MS1 notifications",
                    "Outreach contacts",
                ],
                rows=[
                    (
                        m.month.strftime("%B %Y"),
                        m.screenings,
                        m.concerns,
                        m.reviews,
                        m.referrals,
                        m.nrm,
                        m.ms1,
                        m.outreach_contacts,
                    )
                    for m in months
                ],
            )
        },
    )
