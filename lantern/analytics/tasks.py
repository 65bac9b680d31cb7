"""Background work for analytics: thin wrappers over services."""

import uuid
from datetime import timedelta
from typing import Any

from django_tasks import task

from lantern.core.actor import SYSTEM
from lantern.core.periodic import every


@task()
def compute_hotspot_surface(scope: dict[str, Any], inputs: dict[str, Any]) -> int:
    """Compute and store one hotspot surface (asked for by the hotspot page or its API);
    returns how many records it counts."""
    from lantern.analytics.services.surface_computing import hotspot_surface_compute
    from lantern.analytics.surfaces import SurfaceInputs, SurfaceScope

    stored = hotspot_surface_compute(
        actor=SYSTEM,
        scope=SurfaceScope.from_dict(scope),
        inputs=SurfaceInputs.from_dict(inputs),
    )
    return int(stored.result["records"])


@task()
def prepare_default_hotspot_surfaces() -> int:
    """Compute the hotspot page's default surfaces for every partnership (enqueued by each
    police.uk import); returns how many were computed."""
    from lantern.analytics.services.surface_computing import hotspot_surfaces_prepare_defaults

    return hotspot_surfaces_prepare_defaults(actor=SYSTEM)


@every(timedelta(days=1))
@task()
def prune_hotspot_surfaces() -> int:
    """Delete stored hotspot surfaces nobody has needed for 30 days (daily)."""
    from lantern.analytics.services.surface_computing import hotspot_surfaces_prune

    return hotspot_surfaces_prune(actor=SYSTEM)


@every(timedelta(minutes=10))
@task()
def count_policeuk_in_areas() -> int:
    """Count the police.uk records inside each partnership boundary and drawn area made or
    changed since its counts were (every ten minutes); returns how many were counted."""
    from lantern.analytics.services.policeuk_counts import policeuk_counts_refresh

    return policeuk_counts_refresh(actor=SYSTEM)


@task()
def prepare_patrol_plan(*, plan_id: str, user_id: str | None, verified: bool) -> str:
    """Build a proposed patrol plan (choosing its hotspot method takes seconds), as the
    person who proposed it: their permissions and partnerships are rebuilt from their
    account when it runs, so an account closed or a role removed since prepares nothing.
    Returns the plan's state."""
    from lantern.accounts.models import User
    from lantern.accounts.selectors import actor_for
    from lantern.analytics.services.patrol_preparing import patrol_plan_fail, patrol_plan_prepare

    if user_id is None:  # proposed by the system (never by a request)
        actor = SYSTEM
    else:
        # They passed two-factor when they asked (if they had); the task runs for them.
        actor = actor_for(User.objects.filter(pk=user_id).first(), verified=verified)
    try:
        plan = patrol_plan_prepare(actor=actor, plan_id=uuid.UUID(plan_id))
    except Exception:
        patrol_plan_fail(actor=actor, plan_id=uuid.UUID(plan_id))
        raise
    return str(plan.state)
