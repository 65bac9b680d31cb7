"""Data-version stamps: one counter per source of analysed data and partnership, bumped by
the writes that change that data, read by whatever stores results computed from it (the
stored hotspot surfaces of lantern/analytics). A derived result is fresh while the stamps
it was computed from are the current ones.

A bump is part of the write that causes it (call it inside the write's transaction), so a
result computed from data read before the write commits always carries an older stamp. It
is not audited on its own: the write that bumps it is."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F

from lantern.core.models import DataVersion

# The sources of analysed data.
POLICEUK = "policeuk"  # imported police.uk records: open data, no partnership
REPORTS = "reports"  # resident reports, per partnership (its own and those shared with it)


def _scope(partnership_id: uuid.UUID | str | None) -> str:
    return "" if partnership_id is None else str(partnership_id)


def data_version_bump(*, source: str, partnership_id: uuid.UUID | str | None = None) -> None:
    """Move ``source``'s stamp for the partnership (or for no partnership) on by one."""
    scope = _scope(partnership_id)
    rows = DataVersion.objects.filter(source=source, scope=scope)
    if rows.update(version=F("version") + 1):
        return
    try:
        with transaction.atomic():
            DataVersion.objects.create(source=source, scope=scope, version=1)
    except IntegrityError:  # created by a concurrent first bump
        rows.update(version=F("version") + 1)


def data_versions(
    *, source: str, partnership_ids: Iterable[uuid.UUID | str | None]
) -> dict[str, int]:
    """The current stamps of ``source`` for each partnership (0 where nothing was written
    yet), keyed by the partnership id as text ("" for no partnership); one query."""
    scopes = sorted({_scope(p) for p in partnership_ids})
    found = dict(
        DataVersion.objects.filter(source=source, scope__in=scopes).values_list("scope", "version")
    )
    return {scope: int(found.get(scope, 0)) for scope in scopes}
