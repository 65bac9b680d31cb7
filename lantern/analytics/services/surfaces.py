"""Asking for stored hotspot surfaces (docs/hotspots.md "Stored surfaces"): the page and
the API read the stored one or, when there is none for the current data, ask the
background worker for it (lantern/analytics/tasks.py, which computes it with
surface_computing.py) once per scope, inputs and data version. A police.uk import asks for
every partnership's default views once it commits."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db import transaction

from lantern.analytics.selectors.surfaces import (
    StoredSurface,
    hotspot_surface_get,
    surface_version,
)
from lantern.analytics.services._common import _require
from lantern.analytics.surfaces import SurfaceInputs, scope_of, surface_key
from lantern.core.actor import Actor
from lantern.core.permissions import Permission

# How long a request for a surface holds back another for the same surface and data: a
# computation that failed is asked for again after this.
REQUEST_SECONDS = 120
# How long the page and the API tell a client to wait before asking again.
RETRY_SECONDS = 3


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


def hotspot_surfaces_soon() -> None:
    """Enqueue the default views' surfaces once the current transaction commits (called by
    the police.uk import)."""
    from lantern.analytics.tasks import prepare_default_hotspot_surfaces

    transaction.on_commit(prepare_default_hotspot_surfaces.enqueue)
