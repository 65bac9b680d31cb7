"""The retention pages: the review queue, the decision on one record, the disposal run with
its dry-run preview, the tombstones, and the partnership's retention periods. Thin:
selectors read, services write."""

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

from lantern.accounts.selectors import partnership_get, partnership_list
from lantern.core import processing
from lantern.core.decorators import require_permission
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.core.processing import Rule
from lantern.dataprotection import forms, selectors, services
from lantern.dataprotection.models import ReviewItem
from lantern.dataprotection.schedule import RULES
from lantern.frontend.components import summary_list, table
from lantern.frontend.dates import format_date, format_datetime
from lantern.frontend.forms import errors_to_form

P = Permission


def found(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A record the actor may not know of is a 404; a step they may not take, a 403."""

    @wraps(view)
    def wrapped(request: LanternRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None
        except PermissionDenied:
            raise DjangoPermissionDenied from None

    return wrapped


def record_class_name(model_label: str) -> str:
    declared = processing.declaration(model_label)
    return declared.name if declared else model_label


def _rule_title(rule_id: str) -> str:
    return RULES[Rule(rule_id)].title


@require_permission(P.RETENTION_REVIEW)
@found
def queue(request: LanternRequest) -> HttpResponse:
    pending = list(selectors.review_queue(actor=request.actor)[:200])
    to_dispose = selectors.review_queue(actor=request.actor, status=ReviewItem.Status.DISPOSE)
    rows = [
        [
            record_class_name(item.record_class),
            item.label or "None",
            _rule_title(item.rule),
            format_date(item.due_on),
            format_html(
                '<a class="govuk-link" href="{}">Decide<span class="govuk-visually-hidden">'
                " on {} {}</span></a>",
                reverse("dataprotection:decide", args=[item.pk]),
                record_class_name(item.record_class),
                item.label,
            ),
        ]
        for item in pending
    ]
    return render(
        request,
        "dataprotection/queue.html",
        {
            "pending": pending,
            "table": table(
                caption="Records due for review",
                head=["Record", "Reference", "Retention rule", "Due for review", ""],
                rows=rows,
                html_columns=frozenset({4}),
            ),
            "to_dispose": to_dispose.count(),
        },
    )


@require_permission(P.RETENTION_REVIEW)
@found
def decide(request: LanternRequest, item_id: uuid.UUID) -> HttpResponse:
    item = selectors.review_item_get(actor=request.actor, item_id=item_id)
    if item.status not in (ReviewItem.Status.PENDING, ReviewItem.Status.DISPOSE):
        raise Http404
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.retention_decide(actor=request.actor, item_id=item.pk, **form.cleaned_data)
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "Decision recorded")
            return redirect("dataprotection:queue")
    retention = RULES[Rule(item.rule)]
    return render(
        request,
        "dataprotection/decide.html",
        {
            "item": item,
            "form": form,
            "name": record_class_name(item.record_class),
            "summary": summary_list(
                [
                    ("Record", record_class_name(item.record_class)),
                    ("Reference", item.label or "None"),
                    ("Retention rule", retention.title),
                    ("Period", f"{item.period_days} days"),
                    ("Due for review", format_date(item.due_on)),
                    ("Source", retention.source),
                ]
            ),
            "back_url": reverse("dataprotection:queue"),
        },
    )


def _run_table(entries: list[dict[str, Any]], caption: str, *, held: bool = False) -> Any:
    head = ["Record", "Reference", "Retention rule"] + (["Held by"] if held else [])
    return table(
        caption=caption,
        head=head,
        rows=[
            [
                record_class_name(e["record_class"]),
                e["label"] or "None",
                _rule_title(e["rule"]),
                *([", ".join(e["holds"]).capitalize()] if held else []),
            ]
            for e in entries
        ],
    )


@require_permission(P.RETENTION_REVIEW)
@found
def dispose(request: LanternRequest) -> HttpResponse:
    if request.method == "POST":
        run = services.retention_dispose(actor=request.actor)
        messages.success(
            request,
            f"Disposed of {len(run.disposed)} records; {len(run.held)} held by a legal hold",
        )
        return redirect("dataprotection:tombstones")
    preview = services.retention_dispose(actor=request.actor, dry_run=True)
    return render(
        request,
        "dataprotection/dispose.html",
        {
            "preview": preview,
            "would": _run_table(preview.disposed, "Records that will be disposed of"),
            "held": _run_table(preview.held, "Records held by a legal hold", held=True),
            "back_url": reverse("dataprotection:queue"),
        },
    )


@require_permission(P.RETENTION_REVIEW)
@found
def tombstone_list(request: LanternRequest) -> HttpResponse:
    stones = list(selectors.tombstones(actor=request.actor)[:500])
    return render(
        request,
        "dataprotection/tombstones.html",
        {
            "stones": stones,
            "table": table(
                caption="Records disposed of",
                caption_hidden=True,
                head=["Record", "Retention rule", "Disposed of", "With"],
                rows=[
                    [
                        record_class_name(t.record_class),
                        _rule_title(t.rule),
                        format_datetime(t.disposed_at),
                        "The record above it" if t.followed_id else "",
                    ]
                    for t in stones
                ],
            ),
        },
    )


@require_permission(P.RETENTION_POLICY_MANAGE)
@found
def rules(request: LanternRequest) -> HttpResponse:
    overrides = {
        (o.partnership_id, o.rule): o for o in selectors.retention_overrides(actor=request.actor)
    }
    sections = []
    for partnership in partnership_list(actor=request.actor):
        rows = []
        for rule in RULES.values():
            own = overrides.get((partnership.pk, rule.id.value))
            change = (
                format_html(
                    '<a class="govuk-link" href="{}">Set<span class="govuk-visually-hidden">'
                    " the period for {}</span></a>",
                    reverse("dataprotection:override", args=[partnership.pk])
                    + f"?rule={rule.id.value}",
                    rule.title,
                )
                if rule.overridable
                else ""
            )
            rows.append(
                [
                    rule.title,
                    rule.default_label + (" (confirm locally)" if rule.confirm_locally else ""),
                    f"{own.period_days} days" if own else "The default",
                    change,
                ]
            )
        sections.append(
            table(
                caption=partnership.name,
                head=["Retention rule", "Default", "This partnership", ""],
                rows=rows,
                html_columns=frozenset({3}),
            )
        )
    return render(request, "dataprotection/rules.html", {"sections": sections})


@require_permission(P.RETENTION_POLICY_MANAGE)
@found
def override(request: LanternRequest, partnership_id: uuid.UUID) -> HttpResponse:
    partnership = partnership_get(actor=request.actor, partnership_id=partnership_id)
    form = forms.OverrideForm(request.POST or None, initial={"rule": request.GET.get("rule")})
    if request.method == "POST" and form.is_valid():
        try:
            services.retention_override_set(
                actor=request.actor,
                partnership_id=partnership.pk,
                rule_id=form.cleaned_data["rule"],
                period_days=form.cleaned_data["period_days"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, "Retention period set")
            return redirect("dataprotection:rules")
    return render(
        request,
        "dataprotection/override.html",
        {
            "partnership": partnership,
            "form": form,
            "defaults": summary_list(
                [
                    (
                        r.title,
                        f"{r.default_label}{' (confirm locally)' if r.confirm_locally else ''}."
                        f" Runs from: {r.clock} Source: {r.source}",
                    )
                    for r in RULES.values()
                    if r.overridable
                ]
            ),
            "back_url": reverse("dataprotection:rules"),
        },
    )
