"""Computing stored hotspot surfaces and keeping them (docs/hotspots.md "Stored
surfaces"): the work the background tasks (lantern/analytics/tasks.py) do. Asking for a
surface, which enqueues those tasks, is in surfaces.py beside this."""

from __future__ import annotations

import datetime as dt
import time

from django.db import transaction

from lantern.analytics import maps
from lantern.analytics.models import HotspotSurface
from lantern.analytics.selectors import Period, Source, analysis_points, policeuk_months
from lantern.analytics.selectors.surfaces import (
    StoredSurface,
    stored_surface,
    surface_version,
)
from lantern.analytics.surfaces import (
    OPEN,
    SurfaceInputs,
    SurfaceScope,
    compact,
    surface_key,
)
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied

HOTSPOT_SURFACE_COMPUTED = catalogue.declare(
    "analytics.hotspot_surface_computed",
    "A hotspot surface was computed and stored; details give the method, the period, the "
    "number of records and of partnerships in its scope.",
)
HOTSPOT_SURFACES_PRUNED = catalogue.declare(
    "analytics.hotspot_surfaces_pruned",
    "Stored hotspot surfaces not computed for a while were deleted; details give how many.",
)
KEEP = dt.timedelta(days=30)
DEFAULT_METHOD = "kde"


def _system(actor: Actor) -> None:
    if not actor.is_system:
        raise PermissionDenied("system")


def hotspot_surface_compute(
    *, actor: Actor, scope: SurfaceScope, inputs: SurfaceInputs
) -> StoredSurface:
    """Compute the surface of ``inputs`` for ``scope`` and store it (replacing an older
    one of the same key). Background work: the system only."""
    _system(actor)
    version = surface_version(scope=scope, inputs=inputs)  # before the points: see models
    started = time.perf_counter()
    points = analysis_points(
        actor=scope.reader(),
        period=inputs.period,
        category=inputs.category,
        area=inputs.area,
        sources=scope.sources(inputs),
    )
    result = compact(maps.surface(points, inputs.method, inputs.params), points)
    now = clock.now()
    with transaction.atomic():
        row, _ = HotspotSurface.objects.update_or_create(
            key=surface_key(scope, inputs),
            defaults={
                "scope": scope.text,
                "inputs": inputs.as_dict(),
                "data_version": version,
                "result": result,
                "computed_at": now,
                "seconds": round(time.perf_counter() - started, 4),
            },
        )
        audit_record(
            actor=actor,
            action=HOTSPOT_SURFACE_COMPUTED,
            object_type="analytics.hotspotsurface",
            object_id=str(row.pk),
            details={
                "method": inputs.method,
                "period": str(inputs.period),
                "records": result["records"],
                "partnerships": len(scope.partnership_ids),
            },
        )
    return StoredSurface(inputs, result, now)


def default_inputs(months: list[dt.date], method: str = DEFAULT_METHOD) -> SurfaceInputs:
    """The hotspot page's default view (lantern/analytics/views/hotspots.py): every month
    of the imported records, police.uk records only, all categories and areas."""
    period = Period.parse(f"{months[0]:%Y-%m}..{months[-1]:%Y-%m}")
    return SurfaceInputs(method=method, period=period, sources=frozenset({Source.IMPORTED}))


def hotspot_surfaces_prepare_defaults(*, actor: Actor) -> int:
    """Compute the default views' surfaces (every map method) for each partnership's
    staff, where not stored for the current data. Returns how many were computed."""
    from lantern.accounts.selectors import partnership_names

    _system(actor)
    months = policeuk_months(actor=actor)
    if not months:
        return 0
    computed = 0
    for partnership_id in sorted(str(p) for p in partnership_names()):
        scope = SurfaceScope((partnership_id,), OPEN)
        for method in maps.MAP_METHODS:
            inputs = default_inputs(months, method)
            if stored_surface(scope=scope, inputs=inputs) is None:
                hotspot_surface_compute(actor=actor, scope=scope, inputs=inputs)
                computed += 1
    return computed


def hotspot_surfaces_prune(*, actor: Actor) -> int:
    """Delete the stored surfaces not computed for KEEP (filters nobody asks for now)."""
    _system(actor)
    with transaction.atomic():
        deleted, _ = HotspotSurface.objects.filter(computed_at__lt=clock.now() - KEEP).delete()
        if deleted:
            audit_record(
                actor=actor,
                action=HOTSPOT_SURFACES_PRUNED,
                object_type="analytics.hotspotsurface",
                object_id="",
                details={"deleted": deleted},
            )
    return deleted
