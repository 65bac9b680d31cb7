"""Aggregate reads for the public neighbourhood pages (lantern/analytics/views/areas.py):
how many enforcement actions of each kind were served each month on cases linked to given
reports. Counts only: never a case, a person, a vehicle or an address."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable

from django.utils.timezone import localtime

from lantern.cases.models import ActionKind, CaseReport, EnforcementAction


def actions_served_for_reports(
    *, report_ids: Iterable[uuid.UUID], since: dt.datetime
) -> Counter[tuple[dt.date, str]]:
    """(first day of the month, kind of action) -> how many were served since ``since`` on
    the cases the reports are linked to. Drafts, refusals and withdrawals before service are
    not counted: only what was done."""
    ids = list(report_ids)
    counts: Counter[tuple[dt.date, str]] = Counter()
    if not ids:
        return counts
    cases = CaseReport.objects.filter(report_id__in=ids).values("case_id")
    served = EnforcementAction.objects.filter(
        case_id__in=cases, served_at__isnull=False, served_at__gte=since
    ).values_list("kind", "served_at")
    labels = dict(ActionKind.choices)
    for kind, served_at in served.iterator():
        counts[(localtime(served_at).date().replace(day=1), labels.get(kind, kind))] += 1
    return counts
