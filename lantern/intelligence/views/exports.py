"""The intelligence pages: exports. ``/intelligence/export/`` exports the whole network the
analyst may read; ``/intelligence/entities/<id>/export/`` one entity's neighbourhood. Both
need INTELLIGENCE_ANALYSE (anyone else gets a 404) and a reason, which the audit log keeps
with who exported what (docs/intelligence/exports.md)."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.forms import errors_to_form
from lantern.intelligence import selectors
from lantern.intelligence.selectors.network import MAX_HOPS
from lantern.intelligence.services import exchange

FORMAT_CHOICES = [
    ("graphml", "GraphML, for Gephi, yEd and other network tools"),
    ("csv", "CSV tables (entities and links, zipped), for i2 Analyst's Notebook"),
]


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label="Format",
        choices=FORMAT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the format"},
    )
    reason = forms.CharField(
        label="Why are you exporting it?",
        max_length=exchange.REASON_LIMIT,
        help_text=(
            "The purpose, such as the operation or tasking meeting it is for. It is kept in "
            "the audit log with your name. No personal data: do not name anyone."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say why you are exporting it",
            "max_length": "Keep the reason to 200 characters or fewer",
        },
    )


class EntityExportForm(ExportForm):
    hops = forms.TypedChoiceField(
        label="How far from this entity",
        choices=[(str(n), f"{n} link{'s' if n > 1 else ''} away") for n in range(1, MAX_HOPS + 1)],
        coerce=int,
        initial="2",
        error_messages={"required": "Choose how far from this entity to export"},
    )


def _analyst(request: LanternRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can(request.actor, Permission.INTELLIGENCE_ANALYSE):
        raise Http404
    return None


def _download(export: exchange.Export) -> HttpResponse:
    name, content_type, content = export.single()
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def export(request: LanternRequest) -> HttpResponse:
    if (redirect := _analyst(request)) is not None:
        return redirect
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = exchange.network_export(
                actor=request.actor,
                format=form.cleaned_data["format"],
                reason=form.cleaned_data["reason"],
            )
        except NotFound:
            raise Http404 from None
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            return _download(result)
    return render(request, "intelligence/exports/export.html", {"form": form, "entity": None})


@require_http_methods(["GET", "POST"])
def entity_export(request: LanternRequest, entity_id: uuid.UUID) -> HttpResponse:
    if (redirect := _analyst(request)) is not None:
        return redirect
    try:
        entity = selectors.entity_get(request.actor, entity_id=entity_id)
    except NotFound:
        raise Http404 from None
    form = EntityExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = exchange.network_export(
                actor=request.actor,
                format=form.cleaned_data["format"],
                reason=form.cleaned_data["reason"],
                entity_id=entity.pk,
                hops=form.cleaned_data["hops"],
            )
        except NotFound:
            raise Http404 from None
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            return _download(result)
    return render(request, "intelligence/exports/export.html", {"form": form, "entity": entity})


urlpatterns: list[URLPattern] = [
    path("export/", export, name="export"),
    path("entities/<uuid:entity_id>/export/", entity_export, name="entity-export"),
]
