"""Reads the intelligence record pages need beyond records.py: what a report came from
(through the origin's own selectors, so a record the reader may not see is a 404), what was
recorded from a report, and lists whose every row read is logged. Need to know throughout
(access.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Model, Q
from django.urls import reverse

from lantern.cases.models import CaseNote
from lantern.cases.selectors import case_get
from lantern.core.actor import Actor, Role
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can
from lantern.core.registration import display
from lantern.frontend.dates import format_date
from lantern.intelligence.models import (
    Entity,
    IntelligenceReport,
    Link,
    Origin,
    Statement,
)
from lantern.intelligence.schema import ENTITIES, LINKS
from lantern.intelligence.selectors import access
from lantern.reports.selectors import report_get as resident_report_get
from lantern.safeguarding.selectors import screening_get

P = Permission
M = TypeVar("M", bound=Model)

# The origins a page may start a report from ("create intelligence from this").
STARTABLE = (Origin.REPORT, Origin.SIGHTING, Origin.CASE_NOTE, Origin.CASE)


@dataclass
class OriginView:
    """What a report came from, as the reader may see it."""

    kind: str
    kind_label: str
    title: str
    url: str = ""
    text: str = ""
    registrations: list[str] = field(default_factory=list)  # a sighting's vehicles

    @property
    def resident(self) -> bool:
        """A resident's report: its reporter is a witness, never a source."""
        return self.kind in (Origin.REPORT, Origin.SIGHTING)


def _day(value: Any) -> str:
    return format_date(value) if value else ""


def origin_view(actor: Actor, kind: str, record_id: uuid.UUID | None) -> OriginView:
    """The record ``kind``/``record_id`` names, read through its owner's selectors (each
    logs its own access event). NotFound when the reader may not see it."""
    access.require_reader(actor)
    labels = dict(Origin.choices)
    if kind not in labels:
        raise NotFound("origin")
    label = str(labels[kind])
    if kind in (Origin.REPORT, Origin.SIGHTING):
        if record_id is None:
            raise NotFound("report")
        report = resident_report_get(actor=actor, report_id=record_id)
        if not can(actor, P.REPORT_VIEW, report):  # a resident's own report is not staff's
            raise NotFound("report")
        # Whole registrations only: part of a plate cannot be an entity.
        registrations = sorted(v.registration for v in report.vehicles.all() if not v.partial)
        return OriginView(
            kind=kind,
            kind_label=label,
            title=f"Report {report.reference}: {report.category.name}, "
            f"{_day(report.occurred_from)}",
            url=reverse("reports:triage-detail", args=[report.pk]),
            text=report.description,
            registrations=registrations,
        )
    if kind == Origin.CASE:
        if record_id is None:
            raise NotFound("case")
        case = case_get(actor=actor, case_id=record_id)
        return OriginView(
            kind=kind,
            kind_label=label,
            title=f"Case {case.reference}: {case.title}",
            url=reverse("cases:case", args=[case.pk]),
        )
    if kind == Origin.CASE_NOTE:
        note = CaseNote.objects.filter(pk=record_id).first() if record_id else None
        if note is None:
            raise NotFound("case note")
        case = case_get(actor=actor, case_id=note.case_id)  # the note is read with its case
        return OriginView(
            kind=kind,
            kind_label=label,
            title=f"Note of {_day(note.created_at)} on case {case.reference}: {case.title}",
            url=reverse("cases:case", args=[case.pk]),
            text=note.text,
        )
    if kind == Origin.SCREENING:
        if record_id is None:
            raise NotFound("screening")
        screening = screening_get(actor=actor, screening_id=record_id)
        return OriginView(
            kind=kind,
            kind_label=label,
            title=f"Screening of {_day(screening.observed_at)}",
            url=reverse("safeguarding:screening", args=[screening.pk]),
        )
    return OriginView(kind=kind, kind_label=label, title=label)


def origin_view_or_none(actor: Actor, kind: str, record_id: uuid.UUID | None) -> OriginView:
    """For a report's page: its origin, or only the kind of it where the reader may not see
    the record itself."""
    try:
        return origin_view(actor, kind, record_id)
    except NotFound:
        return OriginView(
            kind=kind,
            kind_label=str(dict(Origin.choices).get(kind, kind)),
            title="A record you may not open",
        )


def listed(actor: Actor, object_type: str, records: Iterable[M]) -> list[M]:
    """Records already filtered for the reader, their reads logged as one list access event
    naming each of them (ADR 0020)."""
    rows = list(records)
    access.logged_list(actor, object_type, [row.pk for row in rows])
    return rows


def recent_reports(actor: Actor, *, limit: int = 25) -> list[IntelligenceReport]:
    """The newest reports the reader may see, each read logged."""
    access.require_reader(actor)
    reports = (
        IntelligenceReport.objects.filter(access.report_q(actor))
        .select_related("organisation")
        .order_by("-submitted_at")[:limit]
    )
    return listed(actor, access.REPORT, reports)


def entity_search(
    actor: Actor,
    *,
    schema: str = "",
    search: str = "",
    schemas: Iterable[str] | None = None,
    partnership_id: uuid.UUID | None = None,
    exclude: uuid.UUID | None = None,
    limit: int = 50,
) -> list[Entity]:
    """Entities the reader may see (merged ones as the entity they were merged into), by
    type and text, each read logged as part of a list."""
    access.require_reader(actor)
    found = Entity.objects.filter(access.entity_q(actor), merged_into__isnull=True)
    if schema:
        found = found.filter(schema=schema)
    if schemas is not None:
        found = found.filter(schema__in=list(schemas))
    if search:
        found = found.filter(Q(caption__icontains=search) | Q(key__icontains=search.lower()))
    if partnership_id is not None:
        found = found.filter(partnership_id=partnership_id)
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return listed(actor, access.ENTITY, found.order_by("caption", "pk")[:limit])


def entities_by_id(actor: Actor, ids: Iterable[uuid.UUID]) -> list[Entity]:
    """Those of ``ids`` the reader may see (a form's chosen entities), each read logged."""
    access.require_reader(actor)
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    found = Entity.objects.filter(access.entity_q(actor), pk__in=wanted).order_by("caption")
    return listed(actor, access.ENTITY, found)


@dataclass
class RecordedFrom:
    """What was recorded from one intelligence report that the reader may see."""

    links: list[Link]
    statements: list[Statement]


def recorded_from(actor: Actor, report: IntelligenceReport) -> RecordedFrom:
    """The links and statements recorded from ``report`` (already read through report_get)."""
    links = list(
        Link.objects.filter(access.link_q(actor), report=report)
        .select_related("source", "target")
        .order_by("asserted_at")
    )
    statements = list(
        Statement.objects.filter(access.statement_q(actor), report=report)
        .select_related("entity")
        .order_by("asserted_at")
    )
    return RecordedFrom(links, statements)


def mentioned(actor: Actor, report: IntelligenceReport) -> list[Entity]:
    """The entities a report mentions that the reader may see."""
    return list(report.mentions.filter(access.entity_q(actor)).order_by("caption"))


def may_handle_sources(actor: Actor) -> bool:
    """A source handler: sees and records who a source is."""
    return actor.has_role(Role.SOURCE_HANDLER) and can(actor, P.SOURCE_RECORD_MANAGE)


def may_read_report(actor: Actor, report_id: uuid.UUID) -> bool:
    """Whether the reader may open the report (without logging: for where to go next)."""
    return IntelligenceReport.objects.filter(access.report_q(actor), pk=report_id).exists()


def may_read_entity(actor: Actor, entity_id: uuid.UUID) -> bool:
    return Entity.objects.filter(access.entity_q(actor), pk=entity_id).exists()


def link_choices(schema: str) -> list[tuple[str, str]]:
    """The link types an entity of ``schema`` may have, read from its side: "uses phone"
    from a person, "is used by" (``uses_phone:reverse``) from a phone."""
    choices = []
    for link in LINKS.values():
        others_forward = sorted(link.targets) if schema in link.sources else []
        if not link.directed and schema in link.targets:
            others_forward = sorted(set(others_forward) | set(link.sources))
        if others_forward:
            choices.append((link.name, f"{link.label} ({_kinds(others_forward)})"))
        if link.directed and schema in link.targets:
            choices.append(
                (f"{link.name}:reverse", f"{link.reverse_label} ({_kinds(sorted(link.sources))})")
            )
    return choices


def _kinds(names: list[str]) -> str:
    if len(names) == len(ENTITIES):
        return "anything"
    labels = [ENTITIES[n].label.lower() for n in names]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def vehicle_caption(registration: str) -> str:
    return display(registration)
