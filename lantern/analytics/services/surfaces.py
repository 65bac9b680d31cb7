"""Computing and keeping stored hotspot surfaces (docs/hotspots.md "Stored surfaces").

A surface is computed in the background (lantern/analytics/tasks.py) by the system, as the
stand-in reader of its scope (lantern/analytics/surfaces.py), and stored with the
data-version stamps read before its points; the pages ask for one with
``hotspot_surface_request``, which enqueues the computation once per scope, inputs and data
version. After a police.uk import the default view of every partnership is computed at
once, so the first page after an import reads a stored surface."""

from __future__ import annotations

import datetime as dt
import hashlib
import time

from django.core.cache import cache
from django.db import transaction

from lantern.analytics import maps
from lantern.analytics.models import HotspotSurface
from lantern.analytics.selectors import Period, Source, analysis_points, policeuk_months
from lantern.analytics.selectors.surfaces import (
    StoredSurface,
    hotspot_surface_get,
    stored_surface,
    surface_version,
)
from lantern.analytics.services._common import _require
from lantern.analytics.surfaces import (
    OPEN,
    SurfaceInputs,
    SurfaceScope,
    compact,
    scope_of,
    surface_key,
)
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied
from lantern.core.permissions import Permission

HOTSPOT_SURFACE_COMPUTED = catalogue.declare(
    "analytics.hotspot_surface_computed",
    "A hotspot surface was computed and stored; details give the method, the period, the "
    "number of records and of partnerships in its scope.",
)
HOTSPOT_SURFACES_PRUNED = catalogue.declare(
    "analytics.hotspot_surfaces_pruned",
    "Stored hotspot surfaces not computed for a while were deleted; details give how many.",
)
# How long a request for a surface holds back another for the same surface and data: a
# computation that failed is asked for again after this.
REQUEST_SECONDS = 120
# How long the page and the API tell a client to wait before asking again.
RETRY_SECONDS = 3
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


def hotspot_surface_request(*, actor: Actor, inputs: SurfaceInputs) -> bool:
    """Ask the background worker for the surface of ``inputs`` in the actor's scope; True
    if this asked, False if the same surface of the same data was asked for lately."""
    from lantern.analytics.tasks import compute_hotspot_surface

    _require(actor, Permission.HOTSPOT_VIEW)
    scope = scope_of(actor, inputs)
    version = surface_version(scope=scope, inputs=inputs)
    marker = hashlib.sha256(f"{surface_key(scope, inputs)}|{version}".encode()).hexdigest()
    if not cache.add(f"hotspot-surface-requested:{marker}", 1, timeout=REQUEST_SECONDS):
        return False
    # Enqueued at once, not on commit: asking writes nothing the task would have to wait for.
    compute_hotspot_surface.enqueue(scope.as_dict(), inputs.as_dict())
    return True


def hotspot_surface_for(*, actor: Actor, inputs: SurfaceInputs) -> StoredSurface | None:
    """The stored surface of ``inputs`` for the actor's scope (checking HOTSPOT_VIEW), or
    None once it is asked for; with the immediate task backend (tests) it is computed while
    it is asked for, and returned."""
    stored = hotspot_surface_get(actor=actor, inputs=inputs)
    if stored is None and hotspot_surface_request(actor=actor, inputs=inputs):
        stored = hotspot_surface_get(actor=actor, inputs=inputs)
    return stored


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


def hotspot_surfaces_soon() -> None:
    """Enqueue the default views' surfaces once the current transaction commits (called by
    the police.uk import)."""
    from lantern.analytics.tasks import prepare_default_hotspot_surfaces

    transaction.on_commit(prepare_default_hotspot_surfaces.enqueue)


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
