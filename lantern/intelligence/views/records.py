"""The intelligence pages: records (docs/intelligence/records.md). The home page, graded
reports (recording one, from a resident report, a sighting, a case or a case note; reading
one; its source record for a source handler), entities (search, recording one, the current
view with who said what) and the statements and links recorded about them.

Need to know: anyone who may not read intelligence (a support worker, a resident) gets a
404 on every page; the selectors answer 404 for records of another partnership or of a
grading the reader may not see, and log every read. Writes go through the services."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantern.accounts.selectors import partnership_names
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.frontend.components import summary_list, table
from lantern.frontend.forms import errors_to_form
from lantern.intelligence import selectors, services
from lantern.intelligence.models import Handling, IntelligenceReport, Origin
from lantern.intelligence.schema import ENTITIES, LINKS
from lantern.intelligence.selectors import record_pages as pages
from lantern.intelligence.selectors.victims import potential_victim_entities
from lantern.intelligence.services import Origin_, SourceIn
from lantern.intelligence.services.report_entry import NewEntity, report_record_with_entities
from lantern.intelligence.views import records_forms as forms

P = Permission


def reader(permission: Permission = P.INTELLIGENCE_VIEW) -> Callable:
    """Signed-out visitors go to sign in; anyone who may not read intelligence gets a 404
    (they are not told it exists); a reader without ``permission`` gets a 403. A record the
    reader may not see is a 404."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: LanternRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.actor, P.INTELLIGENCE_VIEW):
                raise Http404
            if not can(request.actor, permission):
                raise DjangoPermissionDenied
            try:
                return view(request, *args, **kwargs)
            except NotFound:
                raise Http404 from None
            except PermissionDenied:
                raise DjangoPermissionDenied from None

        return wrapped

    return decorator


def _when(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        return localtime(value).strftime("%-d %b %Y, %H:%M")
    return value.strftime("%-d %b %Y")


def _link(url: str, text: str) -> str:
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, text)


def _my_partnerships(request: LanternRequest) -> list[tuple[uuid.UUID, str]]:
    names = partnership_names()
    return sorted(
        ((pk, names[pk]) for pk in request.actor.partnership_ids if pk in names),
        key=lambda pair: pair[1],
    )


def _uuid(text: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(text)) if text else None
    except ValueError:
        return None


def _origin_label(kind: str) -> str:
    return str(dict(Origin.choices).get(kind, kind))


def _graded_rows(record: Any) -> list[tuple[str, object]]:
    """The grading spelt out."""
    rows: list[tuple[str, object]] = [
        ("Grading", record.grade),
        ("Source evaluation", record.get_source_evaluation_display()),
        ("Intelligence assessment", record.get_assessment_display()),
        ("Handling code", record.get_handling_display()),
    ]
    if record.handling == Handling.C:
        rows.append(("Handling conditions", record.handling_conditions))
        rows.append(("Partners may see it", "Yes" if record.partners_may_see else "No"))
    return rows


def _chart_href(entity_id: uuid.UUID) -> str:
    # The chart page (url name intelligence:chart) is another part's; its path is fixed.
    return f"/intelligence/entities/{entity_id}/chart/"


# --- home ------------------------------------------------------------------------------------


@require_GET
@reader()
def home(request: LanternRequest) -> HttpResponse:
    actor = request.actor
    reports = pages.recent_reports(actor)
    rows = [
        (
            _link(reverse("intelligence:report", args=[r.pk]), r.reference),
            r.grade,
            _when(r.submitted_at),
            r.organisation.name,
            _origin_label(r.origin_type),
        )
        for r in reports
    ]
    return render(
        request,
        "intelligence/records/home.html",
        {
            "reports_table": table(
                caption="Recent intelligence reports",
                head=["Reference", "Grading", "Submitted", "Organisation", "From"],
                rows=rows,
                html_columns=frozenset({0}),
            )
            if rows
            else None,
            "search_form": forms.EntitySearchForm(),
            "may_record": can(actor, P.INTELLIGENCE_RECORD),
            "partner_view": not selectors.access.reads_all(actor),
        },
    )


# --- reports -----------------------------------------------------------------------------------


def _origin_from_query(request: LanternRequest) -> tuple[Origin_ | None, pages.OriginView | None]:
    kind = request.GET.get("origin", "")
    if not kind:
        return None, None
    record_id = _uuid(request.GET.get("id"))
    if kind not in pages.STARTABLE or record_id is None:
        raise NotFound("origin")
    view = pages.origin_view(request.actor, kind, record_id)
    return Origin_(kind, record_id), view


def _entity_label(entity: Any) -> str:
    return f"{entity.caption} ({ENTITIES[entity.schema].label.lower()})"


@require_http_methods(["GET", "POST"])
@reader(P.INTELLIGENCE_RECORD)
def report_new(request: LanternRequest) -> HttpResponse:
    actor = request.actor
    origin, origin_view = _origin_from_query(request)
    source_section = pages.may_handle_sources(actor) and not (origin_view and origin_view.resident)
    find = (request.GET.get("find") or "").strip()[:100]
    find_type = request.GET.get("find_type", "")
    if find_type not in ENTITIES:
        find_type = ""
    # Entities offered to mention: those searched for, those asked for (?mention=) and
    # those already ticked (a POST); each one the reader may see.
    chosen = [i for i in map(_uuid, request.GET.getlist("mention")) if i]
    chosen += [i for i in map(_uuid, request.POST.getlist("mentions")) if i]
    offered = pages.entities_by_id(actor, chosen)
    if find:
        offered += pages.entity_search(actor, schema=find_type, search=find, limit=25)
    entities = list(dict.fromkeys((str(e.pk), _entity_label(e)) for e in offered))
    registrations = [
        (r, pages.vehicle_caption(r)) for r in (origin_view.registrations if origin_view else [])
    ]
    initial: dict[str, Any] = {
        "mentions": [str(i) for i in chosen],
        "registrations": [r for r, _ in registrations],
    }
    form = forms.ReportForm(
        request.POST or None,
        initial=initial,
        partnerships=[] if origin else _my_partnerships(request),
        entities=entities,
        registrations=registrations,
        source_section=source_section,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source = None
        if source_section and (data.get("source_reference") or data.get("source_identity")):
            source = SourceIn(
                data.get("source_reference") or "",
                data.get("source_identity") or "",
                data.get("handler_notes") or "",
            )
        new: list[NewEntity | None] = [NewEntity(*row) if row else None for row in form.new_rows()]
        new += [NewEntity("vehicle", r) for r in data.get("registrations") or []]
        try:
            report = report_record_with_entities(
                actor=actor,
                text=data["text"],
                grading=form.grading(),
                origin=origin,
                partnership_id=_uuid(data.get("partnership")),
                mentions=[uuid.UUID(i) for i in data.get("mentions") or []],
                new_entities=new,
                source=source,
                occurred_from=data.get("occurred_from"),
                occurred_to=data.get("occurred_to"),
            )
        except ValidationFailed as exc:
            rename = {f"new_entity_{n}": f"new_value_{n}" for n in range(1, len(new) + 1)}
            rename |= {"grade": "handling", "origin_id": "text", "origin_type": "text"}
            rename |= {"source": "source_reference", "mentions": "mentions"}
            errors_to_form(form, exc, rename=rename)
        else:
            if pages.may_read_report(actor, report.pk):
                messages.success(request, f"Intelligence report {report.reference} recorded")
                return redirect("intelligence:report", report.pk)
            messages.success(
                request,
                f"Intelligence report {report.reference} recorded. Its handling code keeps it "
                "from partners, so you cannot open it.",
            )
            return redirect("intelligence:home")
    keep = {k: v for k, v in request.GET.items() if k in ("origin", "id")}
    return render(
        request,
        "intelligence/records/report_form.html",
        {
            "form": form,
            "groups": form.field_groups(),
            "origin": origin_view,
            "keep": keep,
            "mention_ids": [str(i) for i in chosen],
            "find": find,
            "find_form": forms.FindForm(initial={"find": find, "find_type": find_type}),
            "found_none": bool(find) and not any(True for _ in offered),
        },
    )


def _origin_cell(report: IntelligenceReport, view: pages.OriginView) -> str:
    if view.url:
        return format_html("{}: {}", view.kind_label, _link(view.url, view.title))
    if report.origin_type == Origin.OFFICER:
        return view.kind_label
    return format_html("{}: {}", view.kind_label, view.title)


def _report_page(
    request: LanternRequest,
    intel_report_id: uuid.UUID,
    source_form: forms.SourceForm | None = None,
) -> HttpResponse:
    actor = request.actor
    report = selectors.report_get(actor, report_id=intel_report_id)
    origin = pages.origin_view_or_none(actor, report.origin_type, report.origin_id)
    recorded = pages.recorded_from(actor, report)
    rows: list[tuple[str, object]] = [
        ("Reference", report.reference),
        *_graded_rows(report),
        ("Organisation", report.organisation.name),
        ("Submitted", _when(report.submitted_at)),
        ("Submitted by", report.submitted_by.display_name if report.submitted_by else ""),
        ("Period", " to ".join(_when(d) for d in (report.occurred_from, report.occurred_to) if d)),
    ]
    if report.source_name:
        rows.append(("Named source of imported material", report.source_name))
    source_record = None
    may_add_source = False
    if pages.may_handle_sources(actor):
        if selectors.has_source_record(actor, report_id=report.pk):
            source_record = selectors.source_record_get(actor, report_id=report.pk)
        elif report.origin_type not in (Origin.REPORT, Origin.SIGHTING):
            may_add_source = True
            source_form = source_form or forms.SourceForm()
    links = [
        (
            _link(reverse("intelligence:entity", args=[link.source_id]), link.source.caption),
            LINKS[link.link_type].label,
            _link(reverse("intelligence:entity", args=[link.target_id]), link.target.caption),
            link.grade,
            _when(link.occurred_at),
        )
        for link in recorded.links
    ]
    statements = [
        (
            _link(reverse("intelligence:entity", args=[s.entity_id]), s.entity.caption),
            _prop_label(s.entity.schema, s.prop),
            s.value,
            s.grade,
        )
        for s in recorded.statements
    ]
    mentions = pages.mentioned(actor, report)
    return render(
        request,
        "intelligence/records/report_detail.html",
        {
            "report": report,
            "summary": summary_list(rows),
            "origin": origin,
            "origin_cell": _origin_cell(report, origin),
            "mentions": mentions,
            "links_table": table(
                caption="Links recorded from this report",
                head=["From", "Link", "To", "Grading", "When (a call)"],
                rows=links,
                html_columns=frozenset({0, 2}),
            )
            if links
            else None,
            "statements_table": table(
                caption="Statements recorded from this report",
                head=["Entity", "Property", "Value", "Grading"],
                rows=statements,
                html_columns=frozenset({0}),
            )
            if statements
            else None,
            "source_record": source_record,
            "source_summary": summary_list(
                [
                    ("Source reference", source_record.source_reference),
                    ("Who the source is", source_record.identity),
                    ("Handler's notes", source_record.handler_notes),
                ]
            )
            if source_record
            else None,
            "conditions_text": "Handling code C: share it only under these conditions. "
            + report.handling_conditions,
            "may_add_source": may_add_source,
            "source_form": source_form,
            "is_c": report.handling == Handling.C,
        },
        status=200,
    )


def _prop_label(schema: str, prop: str) -> str:
    declared = ENTITIES[schema].prop(prop) if schema in ENTITIES else None
    return declared.label if declared else prop


@require_GET
@reader()
def report_detail(request: LanternRequest, intel_report_id: uuid.UUID) -> HttpResponse:
    return _report_page(request, intel_report_id)


@require_POST
@reader(P.SOURCE_RECORD_MANAGE)
def report_source(request: LanternRequest, intel_report_id: uuid.UUID) -> HttpResponse:
    form = forms.SourceForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.source_record_add(
                actor=request.actor,
                report_id=intel_report_id,
                source=SourceIn(
                    data["source_reference"], data["source_identity"], data["handler_notes"]
                ),
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc, rename={"source": "source_reference"})
        else:
            messages.success(request, "Source recorded")
            return redirect("intelligence:report", intel_report_id)
    return _report_page(request, intel_report_id, source_form=form)


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
            _link(reverse("intelligence:report", args=[record.report_id]), "an intelligence report"),
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
        "merged": picture.merged,
        "reports": picture.reports,
        "chart_href": _chart_href(entity.pk),
        "may_record": may_record,
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
def entity_for_person(request: LanternRequest, person_id: uuid.UUID) -> HttpResponse:
    """A casework person's entity, made on first use; then its page (or, for a partner who
    may not read it yet, the person's page with a message)."""
    entity = services.entity_for_person(actor=request.actor, person_id=person_id)
    if pages.may_read_entity(request.actor, entity.pk):
        return redirect("intelligence:entity", entity.pk)
    messages.success(
        request, "Their intelligence entity is ready: you will see it once intelligence you "
        "may read is recorded about them."
    )
    return redirect("cases:person", person_id)


urlpatterns: list[URLPattern] = [
    path("", home, name="home"),
    path("reports/new/", report_new, name="report-new"),
    path("reports/<uuid:intel_report_id>/", report_detail, name="report"),
    path("reports/<uuid:intel_report_id>/source/", report_source, name="report-source"),
    path("entities/", entity_list, name="entities"),
    path("entities/new/", entity_new, name="entity-new"),
    path("entities/<uuid:entity_id>/", entity_detail, name="entity"),
    path("entities/<uuid:entity_id>/statements/", entity_statement, name="entity-statement"),
    path("entities/<uuid:entity_id>/links/", entity_link, name="entity-link"),
    path("people/<uuid:person_id>/entity/", entity_for_person, name="entity-for-person"),
]
