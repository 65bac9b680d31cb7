"""Aggregate reads for the partnership's figures (lantern/analytics/selectors/figures.py):
how many enforcement steps of each kind the partnership's cases served each month. Counts
only: never a case, a person, a vehicle or an address.

Counted when served (``served_at``): drafts, and steps refused or withdrawn before service,
are not counted; a step served and later withdrawn, complied with or breached still counts
in the month it was served. A step belongs to its case's partnership."""

from __future__ import annotations

import uuid
from collections import Counter

from lantern.cases.models import ActionKind, EnforcementAction
from lantern.cases.month_counts import kept_by_month
from lantern.core.actor import Actor
from lantern.core.monthly import Months, Where, count_by_month, in_range
from lantern.core.permissions import Permission, can

# The kinds in the order a table shows them, with their labels.
KINDS: list[tuple[str, str]] = list(ActionKind.choices)


def actions_served_by_month(
    *, actor: Actor, partnership_id: uuid.UUID, months: Months, where: Where | None = None
) -> Counter[tuple]:
    """(first day of the month, kind) -> how many steps were served that month on the
    partnership's cases: for the whole partnership from the counts kept by month and kind
    (one query); in a drawn area, counted from the steps on cases linked to a report whose
    map pin lies in it (the reports app says which; two queries), as a pin inside a polygon
    drawn at any time cannot be kept per write."""
    if not can(actor, Permission.CASE_VIEW):
        return Counter()
    if partnership_id not in actor.partnership_ids and not actor.is_system:
        return Counter()
    if where is None:
        # The whole partnership: the counts its services keep as they serve steps and
        # dispose of cases (lantern/cases/month_counts.py, ADR 0022), the same answer as
        # counting the steps (the checks above are the whole scope of this count), read in
        # at most a row per month and kind whatever the number of steps and cases.
        return kept_by_month(partnership_id=partnership_id, months=months)
    actions = EnforcementAction.objects.filter(
        case__partnership_id=partnership_id, served_at__isnull=False
    )
    actions = in_range(actions, "served_at", months)
    from lantern.reports.area_counts import ids_in_area

    ids = ids_in_area(actor=actor, partnership_id=partnership_id, where=where, before=months.until)
    if not ids:
        return Counter()
    actions = actions.filter(case__report_links__report_id__in=ids)
    return count_by_month(actions, "served_at", group=("kind",), distinct="pk")
