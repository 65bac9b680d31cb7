"""Reads of "still happening" (lantern.reports.services.continuing): the later incidents
of a report's series, as the actor may see them, and their ids for the cases app. Importable
from lantern.reports.selectors."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db.models import Q

from lantern.core.actor import Actor
from lantern.core.permissions import Permission, can
from lantern.reports.models import Report


def report_continuations(*, actor: Actor, report: Report) -> list[Report]:
    """The later incidents of the report's series (the report it continues, if any, and
    every report continuing that one, but this one), oldest incident first: staff see those
    they may see, a resident their own. ``report`` must come from a selector for the actor."""
    from lantern.reports import selectors  # it imports this module at its end

    first = report.continues_id or report.pk
    if can(actor, Permission.REPORT_VIEW, report):
        reports = selectors.report_list(actor=actor)
    elif can(actor, Permission.REPORT_VIEW_OWN, report):
        reports = selectors.own_reports(actor=actor)
    else:
        return []
    return list(
        reports.filter(Q(pk=first) | Q(continues_id=first))
        .exclude(pk=report.pk)
        .select_related("category")
        .order_by("occurred_from")
    )


def continuation_ids(*, report_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """The ids of the reports that continue any of ``report_ids`` ("still happening"), for
    the cases app: a case linked to a report has its later incidents too. Ids only: the
    caller reads the reports through ``report_list`` with its actor."""
    ids = list(report_ids)
    if not ids:
        return set()
    return set(Report.objects.filter(continues_id__in=ids).values_list("pk", flat=True))
