"""Patrol plans: propose (analysts, supervisors), adjust and publish (supervisors), log
patrols (officers), planned against done (everyone who may see the plan). Joint patrols
(issue 20): once published, the front-line officers of the plan's partnership (police and
council) move a patrol's day and times (patrol.adjust)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST

from lantern.analytics import selectors, services
from lantern.analytics.forms import (
    PatrolAdjustForm,
    PatrolItemForm,
    PatrolLogForm,
    PatrolPlanForm,
)
from lantern.analytics.methods.cells import DAYS, LONDON
from lantern.analytics.models import PatrolItem, PatrolPlan
from lantern.core import clock
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.components import summary_list, table
from lantern.frontend.forms import errors_to_form
from lantern.places.geocoding import place_name_at

STALLED_AFTER = dt.timedelta(minutes=10)


def _place(latitude: float, longitude: float) -> str:
    """A patrol's centre by its street, with the point for the map and the radio."""
    point = f"{latitude:.5f}, {longitude:.5f}"
    name = place_name_at(latitude, longitude)
    return f"{name} ({point})" if name else point


def _plan(request: LanternRequest, plan_id: uuid.UUID) -> PatrolPlan:
    try:
        return selectors.patrol_plan_get(actor=request.actor, plan_id=plan_id)
    except NotFound:
        raise Http404 from None


@require_permission(Permission.PATROL_PLAN_VIEW)
def plan_list(request: LanternRequest) -> HttpResponse:
    plans = selectors.patrol_plan_list(actor=request.actor).select_related("partnership")[:200]
    # Which partnership each plan is for, when the actor works in several.
    several = len(request.actor.partnership_ids) > 1
    rows = [
        (
            format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                reverse("analytics:patrol-plan", args=[p.pk]),
                p.title,
            ),
            *([p.partnership.name] if several else []),
            p.get_status_display()
            if p.state == PatrolPlan.State.READY
            else f"{p.get_status_display()}: {p.get_state_display().lower()}",
            f"{p.starts_on:%-d %b %Y} to {p.ends_on:%-d %b %Y}",
        )
        for p in plans
    ]
    return render(
        request,
        "analytics/plan_list.html",
        {
            "table": table(
                caption="Patrol plans",
                head=["Plan", *(["Partnership"] if several else []), "Status", "Dates"],
                rows=rows,
                html_columns=frozenset({0}),
            )
            if rows
            else None,
            "can_propose": can(request.actor, Permission.PATROL_PLAN_PROPOSE),
        },
    )


@require_permission(Permission.PATROL_PLAN_PROPOSE)
@require_http_methods(["GET", "POST"])
def plan_new(request: LanternRequest) -> HttpResponse:
    months = selectors.analysis_months(actor=request.actor)
    categories = selectors.analysis_categories(actor=request.actor)
    form = PatrolPlanForm(
        request.POST or None,
        months=months,
        categories=categories,
        partnerships=selectors.partnership_choices(actor=request.actor),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.patrol_plan_propose(
                actor=request.actor,
                partnership_id=data.get("partnership"),
                title=data["title"],
                period=f"{data['start']}..{data['end']}",
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                category=data["category"] or "",
                area=data["area"] or "",
                cells=data["cells"],
                sources=frozenset({"imported", "reports"})
                if data["source"] in ("", "both")
                else frozenset({data["source"]}),
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            return redirect("analytics:patrol-plan", plan.pk)
    return render(request, "analytics/plan_new.html", {"form": form})


@require_permission(Permission.PATROL_PLAN_VIEW)
def plan_detail(request: LanternRequest, plan_id: uuid.UUID) -> HttpResponse:
    """The plan, planned against done; while it is being prepared in the background, a
    page that says so with a link to look again (no automatic refresh); if it could not be
    prepared, why."""
    plan = _plan(request, plan_id)
    if plan.state != PatrolPlan.State.READY:
        return render(
            request,
            "analytics/plan_preparing.html",
            {
                "plan": plan,
                "preparing": plan.state == PatrolPlan.State.PREPARING,
                # Long past the half a minute it takes: most likely no worker is running.
                "stalled": clock.now() - plan.created_at > STALLED_AFTER,
                "can_propose": can(request.actor, Permission.PATROL_PLAN_PROPOSE),
            },
        )
    progress = selectors.patrol_plan_progress(actor=request.actor, plan=plan)
    draft = plan.status == PatrolPlan.Status.DRAFT
    may_publish = draft and can(request.actor, Permission.PATROL_PLAN_PUBLISH)
    may_adjust = may_publish or (not draft and _may_move(request, plan))
    may_log = not draft and can(request.actor, Permission.PATROL_LOG)
    rows = []
    for p in progress:
        item = p.item
        actions = []
        if may_adjust:
            actions.append(
                format_html(
                    '<a class="govuk-link" href="{}">Adjust<span class="govuk-visually-hidden"> patrol {}</span></a>',
                    reverse("analytics:patrol-item", args=[item.pk]),
                    item.order + 1,
                )
            )
        if may_log:
            actions.append(
                format_html(
                    '<a class="govuk-link" href="{}">Log a patrol<span class="govuk-visually-hidden"> for patrol {}</span></a>',
                    reverse("analytics:patrol-log", args=[item.pk]),
                    item.order + 1,
                )
            )
        rows.append(
            (
                item.order + 1,
                item.label,
                _place(item.latitude, item.longitude),
                DAYS[item.weekday],
                f"{item.start_time:%H:%M} to {item.end_time:%H:%M}",
                f"{p.planned_visits} x {item.dosage_minutes} min",
                f"{p.logged} ({p.logged_minutes} min)",
                format_html(" ".join(["{}"] * len(actions)), *actions) if actions else "",
            )
        )
    planned = sum(p.planned_visits for p in progress)
    done = sum(p.logged for p in progress)
    return render(
        request,
        "analytics/plan_detail.html",
        {
            "plan": plan,
            "summary": summary_list(
                [
                    ("Status", plan.get_status_display()),
                    ("Partnership", plan.partnership.name),
                    ("Dates", f"{plan.starts_on:%-d %B %Y} to {plan.ends_on:%-d %B %Y}"),
                    ("Category", plan.category or "All categories"),
                    ("Area", plan.area or "All areas"),
                    ("Based on", plan.basis),
                    ("Method", plan.method_label or "Not recorded"),
                    ("Why this method", plan.method_reason or "Not recorded"),
                    ("Planned against done", f"{done} of {planned} visits logged each week"),
                ]
            ),
            "table": table(
                caption="Patrols: planned against done",
                head=["#", "Place", "Centre", "Day", "Time", "Planned", "Logged", "Actions"],
                rows=rows,
                html_columns=frozenset({7}),
            ),
            "may_publish": may_publish,
        },
    )


@require_permission(Permission.PATROL_PLAN_PUBLISH)
@require_POST
def plan_publish(request: LanternRequest, plan_id: uuid.UUID) -> HttpResponse:
    try:
        services.patrol_plan_publish(actor=request.actor, plan_id=plan_id)
    except NotFound:
        raise Http404 from None
    except ValidationFailed as exc:
        messages.error(request, " ".join(m for ms in exc.errors.values() for m in ms))
    else:
        messages.success(request, "Patrol plan published to officers.")
    return redirect("analytics:patrol-plan", plan_id)


def _may_move(request: LanternRequest, plan: PatrolPlan) -> bool:
    """Whether the actor may move the patrols of a published plan: an officer or supervisor
    of the plan's own partnership (not of one it was shared with)."""
    return (
        plan.status == PatrolPlan.Status.PUBLISHED
        and can(request.actor, Permission.PATROL_ADJUST)
        and plan.partnership_id in request.actor.partnership_ids
    )


def _item(request: LanternRequest, item_id: uuid.UUID) -> PatrolItem:
    try:  # 404 unless the actor may see the plan
        return selectors.patrol_item_get(actor=request.actor, item_id=item_id)
    except NotFound:
        raise Http404 from None


@require_permission(Permission.PATROL_PLAN_VIEW)
@require_http_methods(["GET", "POST"])
def item_edit(request: LanternRequest, item_id: uuid.UUID) -> HttpResponse:
    """A draft's patrol: day, times and visits, by a supervisor. A published plan's patrol:
    day and times, by an officer or supervisor of the plan's partnership (joint patrols)."""
    item = _item(request, item_id)
    draft = item.plan.status == PatrolPlan.Status.DRAFT
    if draft and not can(request.actor, Permission.PATROL_PLAN_PUBLISH):
        raise PermissionDenied
    if not draft and not _may_move(request, item.plan):
        raise PermissionDenied
    initial = {
        "weekday": item.weekday,
        "start_time": item.start_time.strftime("%H:%M"),
        "end_time": item.end_time.strftime("%H:%M"),
        "visits": item.visits,
    }
    form_class = PatrolItemForm if draft else PatrolAdjustForm
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if draft:
                services.patrol_item_update(
                    actor=request.actor, item_id=item.pk, **form.cleaned_data
                )
            else:
                services.patrol_item_adjust(
                    actor=request.actor, item_id=item.pk, **form.cleaned_data
                )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "Patrol changed.")
            return redirect("analytics:patrol-plan", item.plan_id)
    return render(request, "analytics/item_edit.html", {"form": form, "item": item, "draft": draft})


@require_permission(Permission.PATROL_LOG)
@require_http_methods(["GET", "POST"])
def log_new(request: LanternRequest, item_id: uuid.UUID) -> HttpResponse:
    item = _item(request, item_id)
    form = PatrolLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        started = dt.datetime.combine(data["date"], data["start_time"], tzinfo=LONDON)
        ended = dt.datetime.combine(data["date"], data["end_time"], tzinfo=LONDON)
        if ended <= started:
            ended += dt.timedelta(days=1)  # past midnight
        try:
            services.patrol_log(
                actor=request.actor, item_id=item.pk, started_at=started, ended_at=ended,
                notes=data["notes"],
            )  # fmt: skip
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "Patrol logged.")
            return redirect("analytics:patrol-plan", item.plan_id)
    return render(request, "analytics/log_new.html", {"form": form, "item": item})
