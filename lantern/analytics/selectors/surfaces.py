"""Reading stored hotspot surfaces (lantern/analytics/surfaces.py): the one stored for the
actor's scope and these inputs, if it was computed from the data as it is now.

Permissions are checked on every read (HOTSPOT_VIEW), and the scope is worked out afresh
from the actor each time: a stored surface grants nothing, it only saves recomputing what
the actor may already see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lantern.analytics.models import HotspotSurface
from lantern.analytics.selectors.points import Source, _require
from lantern.analytics.surfaces import SurfaceInputs, SurfaceScope, scope_of, surface_key
from lantern.core import data_versions
from lantern.core.actor import Actor
from lantern.core.permissions import Permission


@dataclass(frozen=True)
class StoredSurface:
    inputs: SurfaceInputs
    result: dict[str, Any]
    computed_at: Any


def surface_version(*, scope: SurfaceScope, inputs: SurfaceInputs) -> str:
    """The data-version stamps a surface of ``inputs`` in ``scope`` depends on, as text:
    police.uk's (imported records; reports filtered by an LSOA-named area use their snap
    points too), the reports' of each partnership of the scope when it reads reports, and
    the drawn area's last change when the area names one."""
    from lantern.places import selectors as places

    imported = data_versions.data_versions(source=data_versions.POLICEUK, partnership_ids=[None])
    parts = [f"policeuk={imported['']}"]
    if Source.REPORTS in scope.sources(inputs):
        stamps = data_versions.data_versions(
            source=data_versions.REPORTS, partnership_ids=scope.partnership_ids
        )
        parts.append("reports=" + ",".join(f"{p}:{v}" for p, v in sorted(stamps.items())))
    if inputs.area.strip():
        drawn = (
            places.area_list(actor=scope.reader())
            .filter(name__iexact=inputs.area.strip())
            .values_list("pk", "updated_at")
            .first()
        )
        if drawn is not None:
            parts.append(f"area={drawn[0]}:{drawn[1].isoformat()}")
    return ";".join(parts)


def hotspot_surface_get(*, actor: Actor, inputs: SurfaceInputs) -> StoredSurface | None:
    """The stored surface of ``inputs`` for the actor's scope, if it is fresh; None when
    there is none yet or the data has changed since it was computed."""
    _require(actor, Permission.HOTSPOT_VIEW)
    scope = scope_of(actor, inputs)
    return stored_surface(scope=scope, inputs=inputs)


def stored_surface(*, scope: SurfaceScope, inputs: SurfaceInputs) -> StoredSurface | None:
    """The fresh stored surface of one scope (for the services; pages and the API use
    hotspot_surface_get, which works the scope out from the actor)."""
    row = (
        HotspotSurface.objects.filter(
            key=surface_key(scope, inputs),
            scope=scope.text,
            data_version=surface_version(scope=scope, inputs=inputs),
        )
        .values_list("result", "computed_at")
        .first()
    )
    if row is None:
        return None
    return StoredSurface(inputs, row[0], row[1])
