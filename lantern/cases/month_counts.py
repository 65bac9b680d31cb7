"""The enforcement steps each partnership's cases served by month and kind
(ActionMonthCount), kept by the writes that change them: a step served
(services.action_serve) adds one to its month, and a case disposed of
(retention.case_dispose) takes away its served steps, in the same transaction. A step is
counted in the month it was served (``served_at``, UK time) whatever happens to it after
(withdrawn, complied with, breached: lantern/cases/selectors/counts.py), a served step is
never edited (a correction supersedes it), and a case's partnership never changes.

One row per partnership, month and kind, updated in place (``F() + 1``), as the reports'
counts are (lantern/reports/month_counts.py, ADR 0022)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import Count, F, QuerySet
from django.db.models.functions import TruncMonth

from lantern.cases.models import ActionMonthCount, EnforcementAction
from lantern.core.monthly import Months, month_start


def _move(partnership_id: uuid.UUID, month: dt.date, kind: str, delta: int) -> None:
    rows = ActionMonthCount.objects.filter(partnership_id=partnership_id, month=month, kind=kind)
    if rows.update(served=F("served") + delta):
        return
    try:
        with transaction.atomic():
            ActionMonthCount.objects.create(
                partnership_id=partnership_id, month=month, kind=kind, served=delta
            )
    except IntegrityError:  # made by a concurrent first step of the month
        rows.update(served=F("served") + delta)


def action_counted(action: EnforcementAction, partnership_id: uuid.UUID) -> None:
    """Add ``action``, just served on a case of ``partnership_id``, to its month."""
    if action.served_at is None:
        raise ValueError("only a served step is counted")
    _move(partnership_id, month_start(action.served_at), action.kind, 1)


def _served_by_month(actions: QuerySet) -> Counter[tuple[uuid.UUID, dt.date, str]]:
    found = (
        actions.filter(served_at__isnull=False)
        .order_by()
        .annotate(m=TruncMonth("served_at"))
        .values_list("case__partnership_id", "m", "kind")
        .annotate(n=Count("pk"))
    )
    counts: Counter[tuple[uuid.UUID, dt.date, str]] = Counter()
    for partnership_id, month, kind, n in found:
        counts[(partnership_id, month_start(month), kind)] += n
    return counts


def case_uncounted(case_id: uuid.UUID) -> None:
    """Take the served steps of a case about to be disposed of away from their months (one
    grouped query, then a row per month and kind it served in)."""
    for (partnership_id, month, kind), n in _served_by_month(
        EnforcementAction.objects.filter(case_id=case_id)
    ).items():
        _move(partnership_id, month, kind, -n)


def kept_by_month(*, partnership_id: uuid.UUID, months: Months) -> Counter[tuple]:
    """(first day of the month, kind) -> steps served on the partnership's cases that month,
    from the kept counts: one query over at most a row per month and kind. The caller
    checks the permission."""
    rows = ActionMonthCount.objects.filter(
        partnership_id=partnership_id, month__gte=months.first, month__lt=months.end
    ).values_list("month", "kind", "served")
    return Counter({(month, kind): n for month, kind, n in rows if n})


def recount(*, partnership_ids: list[uuid.UUID] | None = None) -> int:
    """Count every month again from the steps served (the borough-scale seeding serves
    steps in bulk, past the services). Returns how many rows it wrote."""
    actions = EnforcementAction.objects.all()
    rows = ActionMonthCount.objects.all()
    if partnership_ids is not None:
        actions = actions.filter(case__partnership_id__in=partnership_ids)
        rows = rows.filter(partnership_id__in=partnership_ids)
    counts = _served_by_month(actions)
    rows.delete()
    ActionMonthCount.objects.bulk_create(
        ActionMonthCount(partnership_id=p, month=m, kind=k, served=n)
        for (p, m, k), n in counts.items()
    )
    return len(counts)
