"""Panels on the staff dashboard and the resident home page.

The frontend app sits below every domain app, so it cannot ask them for data. Instead each
app registers panels here (in its AppConfig.ready): a template and a function that builds
its context for the request's actor, or returns None when there is nothing to show. The
permission layer decides who sees which panel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can


class Page(StrEnum):
    STAFF_DASHBOARD = "staff_dashboard"
    RESIDENT_HOME = "resident_home"
    # Pages about one record, owned by one app, that sibling apps add panels to (the cases
    # app's person and case pages show safeguarding's panels without importing it). Their
    # context functions are called with the record's id as a keyword argument.
    CASE = "case"  # context(request, case_id=...)
    PERSON = "person"  # context(request, person_id=...)
    # The accounts app's organisation page: the cases app adds a council's enforcement
    # policy to it.
    ORGANISATION = "organisation"  # context(request, organisation_id=...)
    # The reports app's pages about one report: staff (triage) and the resident who made it.
    # The evidence app adds what was handed over with the report.
    REPORT = "report"  # context(request, report_id=...)
    RESIDENT_REPORT = "resident_report"  # context(request, report_id=...)


class Column(StrEnum):
    MAIN = "main"
    SIDE = "side"


@dataclass(frozen=True)
class Panel:
    name: str
    page: Page
    column: Column
    template: str
    permission: Permission
    context: Callable[..., dict[str, Any] | None]
    order: int = 100


_PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> Panel:
    _PANELS[panel.name] = panel
    return panel


@dataclass(frozen=True)
class RenderedPanel:
    template: str
    context: dict[str, Any]


def panels_for(
    request: LanternRequest, page: Page, **record: Any
) -> dict[str, list[RenderedPanel]]:
    """The panels of ``page`` the actor may see, by column, in order. ``record`` (e.g.
    ``case_id=...``) is passed on to each panel's context function."""
    columns: dict[str, list[RenderedPanel]] = {column.value: [] for column in Column}
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.name)):
        if panel.page is not page or not can(request.actor, panel.permission):
            continue
        context = panel.context(request, **record)
        if context is not None:
            columns[panel.column.value].append(RenderedPanel(panel.template, context))
    return columns
