"""The reports each partnership received by month (ReportMonthCount), kept by the writes
that change them: a report created (services.report_create) and a report disposed of
(retention.report_dispose) move its month's count by one, in the same transaction. Reports
in the safeguarding queue are not counted (the figures leave them out for every role), and
a report's partnership, queue and time of receipt never change after it is made.

One row per partnership and month, updated in place (``F() + 1``): the same single-row
write each report already makes to its partnership's data-version stamp
(lantern/core/data_versions.py), so it adds no new point where submissions wait."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import F

from lantern.core.monthly import Months, month_start
from lantern.reports.models import Queue, Report, ReportMonthCount


def report_counted(report: Report, delta: int) -> None:
    """Move the count of ``report``'s month by ``delta`` (+1 made, -1 disposed of)."""
    if report.queue == Queue.SAFEGUARDING:
        return
    month = month_start(report.created_at)
    rows = ReportMonthCount.objects.filter(partnership_id=report.partnership_id, month=month)
    if rows.update(reports=F("reports") + delta):
        return
    try:
        with transaction.atomic():
            ReportMonthCount.objects.create(
                partnership_id=report.partnership_id, month=month, reports=delta
            )
    except IntegrityError:  # made by a concurrent first report of the month
        rows.update(reports=F("reports") + delta)


def kept_by_month(*, partnership_id: uuid.UUID, months: Months) -> Counter[tuple]:
    """(first day of the month,) -> the partnership's reports that month, from the kept
    counts: one query over at most a row per month. The caller checks the permission."""
    rows = ReportMonthCount.objects.filter(
        partnership_id=partnership_id, month__gte=months.first, month__lt=months.end
    ).values_list("month", "reports")
    return Counter({(month,): n for month, n in rows if n})


def recount(*, partnership_ids: list[uuid.UUID] | None = None) -> int:
    """Count every month again from the reports (the borough-scale seeding writes reports
    in bulk, past the services). Returns how many rows it wrote."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    reports = Report.objects.exclude(queue=Queue.SAFEGUARDING)
    rows = ReportMonthCount.objects.all()
    if partnership_ids is not None:
        reports = reports.filter(partnership_id__in=partnership_ids)
        rows = rows.filter(partnership_id__in=partnership_ids)
    found = (
        reports.order_by()
        .annotate(m=TruncMonth("created_at"))
        .values_list("partnership_id", "m")
        .annotate(n=Count("pk"))
    )
    counts: Counter[tuple[uuid.UUID, dt.date]] = Counter()
    for partnership_id, month, n in found:
        counts[(partnership_id, month_start(month))] += n
    rows.delete()
    ReportMonthCount.objects.bulk_create(
        ReportMonthCount(partnership_id=p, month=m, reports=n) for (p, m), n in counts.items()
    )
    return len(counts)
