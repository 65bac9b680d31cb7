"""Reads of "still happening" (lantern.reports.services.continuing): the reports of a
series among those a reader may see (``selectors.report_continuations`` gives them), and
their ids for the cases app. Importable from lantern.reports.selectors."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from lantern.reports.models import Report


def series(reports: QuerySet[Report], report: Report) -> list[Report]:
    """The other reports of ``report``'s series (the report it continues, if any, and every
    report continuing that one), among ``reports`` (those the reader may see), oldest
    incident first."""
    first = report.continues_id or report.pk
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
