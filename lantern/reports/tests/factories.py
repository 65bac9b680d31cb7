"""Building reports through the real service, for tests here and in other apps."""

from __future__ import annotations

import importlib
from datetime import timedelta

from lantern.core import clock
from lantern.core.actor import ANONYMOUS, Actor
from lantern.reports.services import Created, ReportInput, report_create

LARKSPUR_ROW = (51.5412, 0.7183)


def make_report(
    actor: Actor = ANONYMOUS,
    *,
    category: str = "kerb-crawling",
    hours_ago: float = 2,
    at: tuple[float, float] = LARKSPUR_ROW,
    **fields,
) -> Created:
    data = ReportInput(
        category_code=category,
        latitude=at[0],
        longitude=at[1],
        occurred_from=clock.now() - timedelta(hours=hours_ago),
        description=fields.pop("description", "A car slowed down and stopped by the corner."),
        **fields,
    )
    return report_create(actor=actor, data=data)


def demo_partnership() -> None:
    """For tests that seed the demo: the organisations in no partnership yet (the demo's,
    once its accounts are seeded) join the partnership serving Larkspur Row, or a new one
    serving Great Britain, so that the demo's reports have a partnership and its staff see
    them. A demo that seeds its own partnerships leaves nothing to do."""
    from lantern.accounts.models import Organisation
    from lantern.accounts.selectors import partnership_at
    from lantern.accounts.services import partnership_add_member, partnership_create
    from lantern.core.actor import SYSTEM

    outside = list(Organisation.objects.filter(partnership_memberships__isnull=True))
    serving = partnership_at(*LARKSPUR_ROW)
    if serving is None:
        ring = [[-11.0, 49.0], [3.0, 49.0], [3.0, 61.0], [-11.0, 61.0], [-11.0, 49.0]]
        partnership_create(
            actor=SYSTEM,
            name="Demo test partnership",
            boundary={"type": "Polygon", "coordinates": [ring]},
            members=outside,
        )
        return
    for organisation in outside:
        partnership_add_member(
            actor=SYSTEM, partnership_id=serving.pk, organisation_id=organisation.pk
        )


def load_default_categories() -> None:
    """The categories the data migration loads, again: transactional tests (the browser
    journeys) flush the database after each test, migration data included."""
    from lantern.core.actor import SYSTEM
    from lantern.reports.selectors import category_list
    from lantern.reports.services import category_save

    migration = importlib.import_module("lantern.reports.migrations.0002_default_categories")
    for entry in migration.DEFAULT_CATEGORIES:
        fields = {k: v for k, v in entry.items() if k != "code"}
        if not category_list(include_inactive=True).filter(code=entry["code"]).exists():
            category_save(actor=SYSTEM, code=entry["code"], **fields)
