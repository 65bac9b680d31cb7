"""Administrators edit the report categories: name, description, queue, whether they may
be anonymous, the extra questions, and whether residents can choose them."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from lantern.core.decorators import require_permission
from lantern.core.errors import ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.components import table
from lantern.reports import selectors, services
from lantern.reports.forms import CategoryEditForm
from lantern.reports.models import Category

FIELDS = (
    "name",
    "description",
    "asb_type",
    "queue",
    "allows_anonymous",
    "asks_about_vehicles",
    "asks_about_people",
    "active",
    "extra_questions",
)


@require_permission(Permission.CATEGORY_MANAGE)
def category_list(request: LanternRequest) -> HttpResponse:
    rows = [
        (
            format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                reverse("reports:category-edit", args=[c.code]),
                c.name,
            ),
            c.get_queue_display(),
            "Yes" if c.allows_anonymous else "No",
            str(len(c.extra_questions)),
            "Active" if c.active else "Not active",
        )
        for c in selectors.category_list(include_inactive=True)
    ]
    return render(
        request,
        "reports/category_list.html",
        {
            "table": table(
                caption="Report categories",
                caption_hidden=True,
                head=["Name", "Queue", "Anonymous allowed", "Extra questions", "State"],
                rows=rows,
                html_columns=frozenset({0}),
            )
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission(Permission.CATEGORY_MANAGE)
def category_edit(request: LanternRequest, code: str | None = None) -> HttpResponse:
    category: Category | None = None
    if code is not None:
        category = selectors.category_list(include_inactive=True).filter(code=code).first()
        if category is None:
            raise Http404
    initial: dict[str, object] = {
        "active": True,
        "allows_anonymous": True,
        "asks_about_people": True,
    }
    if category is not None:
        initial = {name: getattr(category, name) for name in ("code", *FIELDS)}
        initial["extra_questions"] = (
            json.dumps(category.extra_questions, indent=2) if category.extra_questions else ""
        )
    form = CategoryEditForm(request.POST or None, initial=initial, editing=category is not None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        new_code = category.code if category else c["code"]
        if (
            category is None
            and selectors.category_list(include_inactive=True).filter(code=new_code).exists()
        ):
            form.add_error("code", "A category already has this code")
        else:
            try:
                saved = services.category_save(
                    actor=request.actor, code=new_code, **{k: c[k] for k in FIELDS}
                )
            except ValidationFailed as exc:
                for field, errors in exc.errors.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, f"{saved.name} saved")
                return redirect("reports:categories")
    return render(request, "reports/category_edit.html", {"form": form, "category": category})
