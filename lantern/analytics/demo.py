"""Demo data for analytics: the police.uk extract that ships with Lantern (seven months of
real street-level data for Southend-on-Sea and its neighbours, 2018-01 to 2018-07, Open
Government Licence v3.0; data/policeuk/README.md), and a published patrol plan for
Southend-on-Sea ASB, Eastmere's; then, for the second partnership, Westbrook's own plan for
Castle Point ASB. Idempotent: a file already imported (same SHA-256) is not imported
again, and each plan is made once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lantern.accounts.demo import demo_email
from lantern.accounts.models import User
from lantern.accounts.selectors import actor_for
from lantern.analytics import importer, policeuk_extract, services
from lantern.analytics.models import PatrolPlan, PoliceUkImport
from lantern.core.actor import SYSTEM, Role

PLAN_TITLE = "Southend-on-Sea ASB: evening patrols"


def seed(*, out: Any) -> None:
    files = policeuk_extract.files()
    done = set(PoliceUkImport.objects.values_list("sha256", flat=True))
    imported = 0
    for path in files:
        if importer.file_sha256(path) in done:
            continue
        batch, _ = services.policeuk_import(actor=SYSTEM, path=path)
        imported += batch.imported
    if imported:
        out.write(f"Analytics: imported {imported} police.uk records from {len(files)} files.\n")
    _patrol_plan(out)


def _patrol_plan(out: Any) -> None:
    if PatrolPlan.objects.filter(title=PLAN_TITLE).exists():
        return
    analyst = User.objects.filter(email=demo_email(Role.ANALYST)).first()
    supervisor = User.objects.filter(email=demo_email(Role.SUPERVISOR)).first()
    if analyst is None or supervisor is None:
        return
    today = dt.date.today()  # noqa: DTZ011  (a demo date, not a record time)
    plan = services.patrol_plan_propose(
        actor=actor_for(analyst, verified=True),
        title=PLAN_TITLE,
        period="2018-05..2018-07",
        starts_on=today,
        ends_on=today + dt.timedelta(days=27),
        category="Anti-social behaviour",
        area="Southend-on-Sea",
        cells=4,
        slots=2,
    )
    # Built here rather than by the worker, so that it can be published at once (the
    # worker's run then finds it prepared).
    services.patrol_plan_prepare(actor=actor_for(analyst, verified=True), plan_id=plan.pk)
    services.patrol_plan_publish(actor=actor_for(supervisor, verified=True), plan_id=plan.pk)
    out.write(f"Analytics: published the patrol plan {PLAN_TITLE!r}.\n")


# --- the second demo partnership: Westbrook (lantern/accounts/demo.py) ---------------------

WESTBROOK_PLAN_TITLE = "Castle Point ASB: evening patrols"


def seed_second_partnership(*, out: Any) -> None:
    """Westbrook's own published patrol plan, from the extract's Castle Point ASB records,
    proposed and published by its supervisor: it is Westbrook's, and Eastmere's staff never
    see it."""
    from lantern.accounts.demo import westbrook_email

    if PatrolPlan.objects.filter(title=WESTBROOK_PLAN_TITLE).exists():
        return
    user = User.objects.filter(email=westbrook_email(Role.SUPERVISOR)).first()
    if user is None:
        return
    supervisor = actor_for(user, verified=True)
    today = dt.date.today()  # noqa: DTZ011  (a demo date, not a record time)
    plan = services.patrol_plan_propose(
        actor=supervisor,
        title=WESTBROOK_PLAN_TITLE,
        period="2018-05..2018-07",
        starts_on=today,
        ends_on=today + dt.timedelta(days=27),
        category="Anti-social behaviour",
        area="Castle Point",
        cells=3,
        slots=2,
    )
    services.patrol_plan_prepare(actor=supervisor, plan_id=plan.pk)  # as above
    services.patrol_plan_publish(actor=supervisor, plan_id=plan.pk)
    out.write(f"Analytics: published Westbrook's patrol plan {WESTBROOK_PLAN_TITLE!r}.\n")
