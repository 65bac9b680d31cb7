"""The intelligence record pages: entities (search, recording one, the current view with
who said what) and the statements and links recorded about them."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantern.core.errors import ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import can
from lantern.frontend.components import table
from lantern.frontend.forms import errors_to_form
from lantern.intelligence import selectors, services
from lantern.intelligence.models import Handling, Origin
from lantern.intelligence.schema import ENTITIES
from lantern.intelligence.selectors import record_pages as pages
from lantern.intelligence.selectors.victims import potential_victim_entities
from lantern.intelligence.services import Origin_
from lantern.intelligence.views import records_forms as forms
from lantern.intelligence.views.records_common import (
    P,
    _chart_href,
    _entity_label,
    _link,
    _my_partnerships,
    _origin_label,
    _uuid,
    _when,
    reader,
)

# --- entities ------------------------------------------------------------------------------------


@require_GET
@reader()
def entity_list(request: LanternRequest) -> HttpResponse:
    actor = request.actor
    form = forms.EntitySearchForm(request.GET or None)
    schema = search = ""
    if form.is_valid():
        schema, search = form.cleaned_data["type"], form.cleaned_data["q"].strip()
    found = pages.entity_search(actor, schema=schema, search=search, limit=100)
    victims = potential_victim_entities([e.pk for e in found])
    rows = [
        (
            _link(reverse("intelligence:entity", args=[e.pk]), e.caption),
            ENTITIES[e.schema].label,
            "Potential victim: safeguarding first" if e.pk in victims else "",
        )
        for e in found
    ]
    return render(
        request,
        "intelligence/records/entity_list.html",
        {
            "form": form,
            "table": table(
                caption="Entities",
                caption_hidden=True,
                head=["Entity", "Type", "Safeguarding"],
                rows=rows,
                html_columns=frozenset({0}),
            )
            if rows
            else None,
            "may_record": can(actor, P.INTELLIGENCE_RECORD),
            "capped": len(found) >= 100,
        },
    )


@require_http_methods(["GET", "POST"])
@reader(P.INTELLIGENCE_RECORD)
def entity_new(request: LanternRequest) -> HttpResponse:
    actor = request.actor
    form = forms.EntityForm(request.POST or None, partnerships=_my_partnerships(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entity = report_entity_create(request, data)
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            if pages.may_read_entity(actor, entity.pk):
                messages.success(request, f"{entity.caption} recorded")
                return redirect("intelligence:entity", entity.pk)
            messages.success(
                request,
                f"{entity.caption} recorded. You will see it once intelligence you may read "
                "is recorded about it.",
            )
            return redirect("intelligence:entities")
    return render(request, "intelligence/records/entity_form.html", {"form": form})


def report_entity_create(request: LanternRequest, data: dict[str, Any]) -> Any:
    """The entity of the form (a vehicle by its registration)."""
    from lantern.core.registration import InvalidRegistration

    try:
        return services.entity_create(
            actor=request.actor,
            schema=data["schema"],
            caption=data.get("caption") or data["value"],
            value=data["value"],
            partnership_id=_uuid(data.get("partnership")),
        )
    except InvalidRegistration as exc:
        raise ValidationFailed({"value": [str(exc)]}) from None


def _provenance_cell(record: Any) -> str:
    who = record.organisation.name if record.organisation else "Lantern"
    origin = _origin_label(record.origin_type)
    if record.report_id:
        origin = format_html(
            "{}",
            _link(
                reverse("intelligence:report", args=[record.report_id]), "an intelligence report"
            ),
        )
    return format_html("{}, {} (from {})", who, _when(record.asserted_at), origin)


def _conditions(record: Any) -> str:
    if record.handling != Handling.C:
        return record.grade
    return f"{record.grade}. Conditions: {record.handling_conditions}"


def _entity_page(
    request: LanternRequest,
    entity_id: uuid.UUID,
    *,
    statement_form: forms.StatementForm | None = None,
    link_form: forms.LinkForm | None = None,
) -> HttpResponse:
    actor = request.actor
    picture = selectors.entity_picture(actor, entity_id=entity_id)
    entity = picture.entity
    schema = ENTITIES[entity.schema]
    member_ids = [entity.pk, *(m.pk for m in picture.merged)]
    victims = potential_victim_entities([*member_ids, *(lv.other.pk for lv in picture.links)])
    properties = [
        {
            "label": view.label,
            "table": table(
                caption=view.label,
                caption_hidden=True,
                head=["Value", "Said by", "Grading"],
                rows=[(s.value, _provenance_cell(s), _conditions(s)) for s in view.statements],
                html_columns=frozenset({1}),
            )
            if view.statements
            else None,
        }
        for view in picture.properties
    ]
    links = table(
        caption="Links",
        caption_hidden=True,
        head=["Link", "Entity", "Grading", "Said by", "When (a call)"],
        rows=[
            (
                f"{entity.caption} {lv.label}",
                format_html(
                    "{}{}",
                    _link(reverse("intelligence:entity", args=[lv.other.pk]), lv.other.caption),
                    " (potential victim: safeguarding first)" if lv.other.pk in victims else "",
                ),
                _conditions(lv.link),
                _provenance_cell(lv.link),
                _when(lv.link.occurred_at),
            )
            for lv in picture.links
        ],
        html_columns=frozenset({1, 3}),
    )
    may_record = can(actor, P.INTELLIGENCE_RECORD)
    report_choices = [(str(r.pk), f"{r.reference} ({r.grade})") for r in picture.reports]
    context: dict[str, Any] = {
        "entity": entity,
        "opened_merged": entity.pk != entity_id,
        "schema": schema,
        "potential_victim": entity.pk in victims or any(m in victims for m in member_ids),
        "properties": properties,
        "links_table": links if picture.links else None,
        "own_links": [
            {"id": lv.link.pk, "label": f"{entity.caption} {lv.label} {lv.other.caption}"}
            for lv in picture.links
            if lv.link.organisation_id in actor.organisation_ids
        ]
        if can(actor, P.INTELLIGENCE_RECORD)
        else [],
        "merged": picture.merged,
        "reports": picture.reports,
        "chart_href": _chart_href(entity.pk),
        "may_record": may_record,
        "may_analyse": can(actor, P.INTELLIGENCE_ANALYSE),
        "has_profile": entity.schema in {"person", "vehicle"},
    }
    if may_record:
        find = (request.GET.get("find") or "").strip()[:100]
        link_types = pages.link_choices(entity.schema)
        others = _link_others(request, entity, find)
        context |= {
            "statement_form": statement_form
            or forms.StatementForm(schema=entity.schema, reports=report_choices),
            "link_form": link_form
            or forms.LinkForm(link_types=link_types, others=others, reports=report_choices),
            "find": find,
            "link_find_form": forms.FindForm(initial={"find": find}),
            "found_none": bool(find) and not others,
        }
    return render(request, "intelligence/records/entity_detail.html", context)


def _link_others(request: LanternRequest, entity: Any, find: str) -> list[tuple[str, str]]:
    """The entities offered as the other end of a new link: those searched for, and the one
    posted (if the reader may see it), of the entity's partnership."""
    actor = request.actor
    found = []
    if find:
        found = pages.entity_search(
            actor, search=find, partnership_id=entity.partnership_id, exclude=entity.pk, limit=25
        )
    posted = _uuid(request.POST.get("link-other"))
    if posted is not None:
        found += pages.entities_by_id(actor, [posted])
    return list(dict.fromkeys((str(e.pk), _entity_label(e)) for e in found))


@require_GET
@reader()
def entity_detail(request: LanternRequest, entity_id: uuid.UUID) -> HttpResponse:
    return _entity_page(request, entity_id)


def _reports_of(request: LanternRequest, entity_id: uuid.UUID) -> list[tuple[str, str]]:
    picture = selectors.entity_picture(request.actor, entity_id=entity_id)
    return [(str(r.pk), f"{r.reference} ({r.grade})") for r in picture.reports]


@require_POST
@reader(P.INTELLIGENCE_RECORD)
def entity_statement(request: LanternRequest, entity_id: uuid.UUID) -> HttpResponse:
    actor = request.actor
    entity = selectors.entity_get(actor, entity_id=entity_id)
    form = forms.StatementForm(
        request.POST, schema=entity.schema, reports=_reports_of(request, entity_id)
    )
    if form.is_valid():
        data = form.cleaned_data
        report_id = _uuid(data.get("report"))
        try:
            services.statement_add(
                actor=actor,
                entity_id=entity.pk,
                prop=data["prop"],
                value=data["value"],
                grading=form.grading() if form.graded() or report_id is None else None,
                origin=Origin_(Origin.OFFICER),
                report_id=report_id,
                valid_from=data.get("valid_from"),
                valid_to=data.get("valid_to"),
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc, rename={"grade": "handling"})
        else:
            messages.success(request, "Statement recorded")
            return redirect("intelligence:entity", entity.pk)
    return _entity_page(request, entity_id, statement_form=form)


@require_POST
@reader(P.INTELLIGENCE_RECORD)
def entity_link(request: LanternRequest, entity_id: uuid.UUID) -> HttpResponse:
    actor = request.actor
    entity = selectors.entity_get(actor, entity_id=entity_id)
    form = forms.LinkForm(
        request.POST,
        link_types=pages.link_choices(entity.schema),
        others=_link_others(request, entity, ""),
        reports=_reports_of(request, entity_id),
    )
    if form.is_valid():
        data = form.cleaned_data
        link_type, reverse_ = form.direction()
        other = uuid.UUID(data["other"])
        source, target = (other, entity.pk) if reverse_ else (entity.pk, other)
        report_id = _uuid(data.get("report"))
        try:
            services.link_add(
                actor=actor,
                link_type=link_type,
                source_id=source,
                target_id=target,
                grading=form.grading() if form.graded() or report_id is None else None,
                origin=Origin_(Origin.OFFICER),
                report_id=report_id,
                occurred_at=data.get("occurred_at"),
                valid_from=data.get("valid_from"),
                valid_to=data.get("valid_to"),
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc, rename={"grade": "handling", "target": "other"})
        else:
            messages.success(request, "Link recorded")
            return redirect("intelligence:entity", entity.pk)
    return _entity_page(request, entity_id, link_form=form)


@require_POST
@reader(P.INTELLIGENCE_RECORD)
def entity_link_withdraw(
    request: LanternRequest, entity_id: uuid.UUID, link_id: uuid.UUID
) -> HttpResponse:
    """An organisation withdraws one of its own links: kept, marked withdrawn, no longer in
    charts, rankings or exports."""
    try:
        services.link_retract(actor=request.actor, link_id=link_id, about=entity_id)
    except ValidationFailed as exc:
        for problems in exc.errors.values():
            for problem in problems:
                messages.error(request, problem)
    else:
        messages.success(request, "Link withdrawn")
    return redirect("intelligence:entity", entity_id)


@require_POST
@reader(P.INTELLIGENCE_RECORD)
def entity_for_person(request: LanternRequest, person_id: uuid.UUID) -> HttpResponse:
    """A casework person's entity, made on first use; then its page (or, for a partner who
    may not read it yet, the person's page with a message)."""
    entity = services.entity_for_person(actor=request.actor, person_id=person_id)
    if pages.may_read_entity(request.actor, entity.pk):
        return redirect("intelligence:entity", entity.pk)
    messages.success(
        request,
        "Their intelligence entity is ready: you will see it once intelligence you "
        "may read is recorded about them.",
    )
    return redirect("cases:person", person_id)
