"""Background work for analytics: thin wrappers over services."""

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
