"""The intelligence pages: an entity's link chart and the whole network's disruption ranking
(docs/intelligence/chart.md).

Both are GET forms that work without JavaScript: the filters reload the page. The chart is
drawn with Cytoscape.js from a json_script block (no inline script: the Content Security
Policy forbids it), and every fact on it is on the page as tables too, since a canvas is not
accessible: the nodes with their measures, the links, a timeline of the same links, and the
neighbourhood's disruption ranking with the potential victims listed apart.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from lantern.core.errors import ValidationFailed
from lantern.core.http import LanternRequest
from lantern.frontend.components import table
from lantern.frontend.dates import format_date, format_datetime
from lantern.frontend.forms import errors_to_form
from lantern.intelligence.models import Origin
from lantern.intelligence.schema import ENTITIES, LINKS
from lantern.intelligence.selectors import access
from lantern.intelligence.selectors import chart as charts
from lantern.intelligence.selectors.network import ASSESSMENTS, MAX_HOPS, Filters

GRADES = [
    ("", "Any grading"),
    *[
        (f"{e}{a}", f"{e}{a} or better (source {e} or more reliable, assessment {a} or better)")
        for e in "123"
        for a in ASSESSMENTS
    ],
]
ORIGINS = dict(Origin.choices)


class NetworkFilterForm(forms.Form):
    link_types = forms.MultipleChoiceField(
        label="Types of link",
        required=False,
        choices=[(s.name, s.label.capitalize()) for s in LINKS.values()],
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick none to show every type.",
    )
    since = forms.DateField(
        label="From",
        required=False,
        help_text="Links valid or happening on or after this date, for example 2026-01-31",
        error_messages={"invalid": "Enter a real date, for example 2026-01-31"},
    )
    until = forms.DateField(
        label="To",
        required=False,
        help_text="Links valid or happening on or before this date, for example 2026-06-30",
        error_messages={"invalid": "Enter a real date, for example 2026-06-30"},
    )
    min_grade = forms.ChoiceField(label="Weakest grading shown", required=False, choices=GRADES)
    top = forms.IntegerField(
        label="How many to rank",
        required=False,
        min_value=1,
        max_value=charts.MAX_TOP,
        initial=charts.DEFAULT_TOP,
        error_messages={
            "invalid": f"Enter a whole number from 1 to {charts.MAX_TOP}",
            "min_value": f"Enter a whole number from 1 to {charts.MAX_TOP}",
            "max_value": f"Enter a whole number from 1 to {charts.MAX_TOP}",
        },
    )

    def chosen_filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            link_types=frozenset(data.get("link_types") or ()),
            since=data.get("since"),
            until=data.get("until"),
            min_grade=data.get("min_grade") or "",
        )

    def chosen_top(self) -> int:
        return self.cleaned_data.get("top") or charts.DEFAULT_TOP


class ChartForm(NetworkFilterForm):
    hops = forms.TypedChoiceField(
        label="How many links out from the centre",
        choices=[(str(n), str(n)) for n in range(1, MAX_HOPS + 1)],
        coerce=int,
        initial="2",
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    field_order = ["hops", "link_types", "since", "until", "min_grade", "top"]


def _signed_in(request: LanternRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def _with_defaults(request: LanternRequest, **defaults: str):
    """The query, with the form's defaults where it says nothing (a first visit)."""
    data = request.GET.copy()
    for key, value in {"top": str(charts.DEFAULT_TOP), **defaults}.items():
        data.setdefault(key, value)
    return data


def _when(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value)
    return format_date(value)


def _period(link: charts.ChartLink) -> str:
    if link.valid_from is None and link.valid_to is None:
        return ""
    return f"{_when(link.valid_from) or 'not known'} to {_when(link.valid_to) or 'now'}"


def _name(node: charts.ChartNode) -> str:
    return f"{node.caption} (potential victim)" if node.potential_victim else node.caption


def _chart_link(entity_id: uuid.UUID, caption: str):
    return format_html(
        '<a class="govuk-link" href="{}">{}</a>',
        reverse("intelligence:chart", args=[entity_id]),
        caption,
    )


def _tables(result: charts.Chart) -> dict:
    nodes = {n.id: n for n in result.nodes}

    def end(pk: uuid.UUID) -> str:
        node = nodes.get(pk)
        return _name(node) if node else str(pk)

    node_rows = [
        (
            _chart_link(n.id, n.caption),
            n.schema_label,
            "Potential victim" if n.potential_victim else ("Centre" if n.centre else ""),
            n.degree,
            f"{n.betweenness:.1f}",
            f"{n.eigenvector:.3f}",
            n.community + 1,
        )
        for n in result.nodes
    ]
    link_rows = [
        (
            end(link.source),
            link.label,
            end(link.target),
            link.grade + (f" ({link.handling_conditions})" if link.handling_conditions else ""),
            f"{link.weight:g}",
            _when(link.occurred_at),
            _period(link),
            ORIGINS.get(link.origin_type, link.origin_type),
        )
        for link in result.links
    ]
    timeline_rows = [
        (
            _when(link.when),
            link.when_is.capitalize(),
            f"{end(link.source)} {link.label} {end(link.target)}",
            link.grade,
        )
        for link in result.timeline
    ]
    return {
        "nodes_table": table(
            caption=f"Entities on the chart ({len(node_rows)})",
            head=[
                "Entity",
                "Type",
                "Marked",
                "Degree",
                "Betweenness",
                "Eigenvector",
                "Community",
            ],
            rows=node_rows,
            html_columns=frozenset({0}),
        ),
        "links_table": table(
            caption=f"Links on the chart ({len(link_rows)})",
            head=["From", "Link", "To", "Grading", "Weight", "When", "Valid", "Came from"],
            rows=link_rows,
        )
        if link_rows
        else None,
        "timeline_table": table(
            caption="Timeline of the same links, earliest first",
            head=["Date", "Date is", "What", "Grading"],
            rows=timeline_rows,
        )
        if timeline_rows
        else None,
    }


def ranking_tables(ranking: charts.Ranking, *, caption: str) -> dict:
    steps = table(
        caption=caption,
        head=["Rank", "Entity", "Betweenness when removed", "Largest group left"],
        rows=[
            (
                s.rank,
                _chart_link(s.id, s.label),
                f"{s.score:.1f}",
                f"{s.lcc_fraction:.0%}",
            )
            for s in ranking.steps
        ],
        html_columns=frozenset({1}),
    )
    victims = table(
        caption="Potential victims: never targets",
        head=["Entity", "Why it is not ranked"],
        rows=[
            (
                _chart_link(v.id, v.label),
                "A potential victim (an exploitation concern on record, or under 18)",
            )
            for v in ranking.potential_victims
        ],
        html_columns=frozenset({0}),
    )
    return {
        "ranking_table": steps if ranking.steps else None,
        "victims_table": victims if ranking.potential_victims else None,
    }


def _chart_data(result: charts.Chart) -> dict:
    """What the script draws: Cytoscape.js elements, and labels spelt out in words."""
    elements = []
    for n in result.nodes:
        classes = [n.schema]
        if n.potential_victim:
            classes.append("victim")
        if n.centre:
            classes.append("centre")
        label = n.caption
        if n.potential_victim:
            label += "\n(potential victim)"
        if n.centre:
            label += "\n(centre)"
        elements.append(
            {
                "group": "nodes",
                "data": {
                    "id": str(n.id),
                    "label": label,
                    "type": ENTITIES[n.schema].label if n.schema in ENTITIES else n.schema,
                    "href": reverse("intelligence:chart", args=[n.id]),
                },
                "classes": " ".join(classes),
            }
        )
    for link in result.links:
        elements.append(
            {
                "group": "edges",
                "data": {
                    "id": str(link.id),
                    "source": str(link.source),
                    "target": str(link.target),
                    "label": f"{link.label} ({link.grade})",
                    "directed": LINKS[link.type].directed if link.type in LINKS else False,
                },
                "classes": link.type,
            }
        )
    return {"centre": str(result.centre), "elements": elements}


def chart(request: LanternRequest, entity_id: uuid.UUID) -> HttpResponse:
    """An entity's link chart: a 404 for anyone who may not read the entity."""
    if (answer := _signed_in(request)) is not None:
        return answer
    access.require_reader(request.actor)
    form = ChartForm(_with_defaults(request, hops="2"))
    context: dict = {"form": form, "entity_id": entity_id}
    result = None
    if form.is_valid():
        try:
            result = charts.chart(
                request.actor,
                entity_id=entity_id,
                hops=form.cleaned_data.get("hops") or 2,
                filters=form.chosen_filters(),
                top=form.chosen_top(),
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
    if result is None:
        # The entity's name is shown only once it has been read (and logged).
        return render(request, "intelligence/chart/chart.html", context)
    centre = next(n for n in result.nodes if n.centre)
    context |= {
        "result": result,
        "centre": centre,
        "victims": sum(1 for n in result.nodes if n.potential_victim),
        "chart_data": _chart_data(result),
        **_tables(result),
        **ranking_tables(
            result.ranking, caption="Disruption ranking of the entities on this chart"
        ),
    }
    if charts.may_rank(request.actor):
        context["ranking_url"] = reverse("intelligence:ranking")
    return render(request, "intelligence/chart/chart.html", context)


def ranking(request: LanternRequest) -> HttpResponse:
    """The whole network's disruption ranking (intelligence.analyse)."""
    if (answer := _signed_in(request)) is not None:
        return answer
    access.require_reader(request.actor)
    if not charts.may_rank(request.actor):
        raise PermissionDenied
    form = NetworkFilterForm(_with_defaults(request))
    context: dict = {"form": form}
    if form.is_valid():
        try:
            result = charts.ranking(
                request.actor, filters=form.chosen_filters(), top=form.chosen_top()
            )
        except ValidationFailed as exc:
            errors_to_form(form, exc)
        else:
            context |= {
                "result": result,
                **ranking_tables(
                    result,
                    caption=f"The {len(result.steps)} whose removal most breaks up the network",
                ),
            }
    return render(request, "intelligence/chart/ranking.html", context)


urlpatterns: list[URLPattern] = [
    path("entities/<uuid:entity_id>/chart/", chart, name="chart"),
    path("network/ranking/", ranking, name="ranking"),
]
