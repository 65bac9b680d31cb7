"""Keeping the police.uk counts of each partnership's boundary and drawn areas
(PoliceUkAreaCount; selectors/policeuk_counts.py reads them).

Each import counts again the months it brought, for every partnership with a boundary and
every drawn area, inside its transaction. A boundary or an area drawn or changed since its
counts were made (its GeoJSON's SHA-256 is not its basis any more) is counted again whole,
by the next import or by the periodic sweep (tasks.py); until then the pages count the
records themselves, so they never show counts of an old shape. Open data counted: no
personal data, no audit event of its own (the import that causes it records one)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from lantern.accounts.models import Partnership
from lantern.analytics.models import PoliceUkAreaCount, PoliceUkCountBasis, PoliceUkRecord
from lantern.analytics.selectors.policeuk_counts import count_inside, of_shape, shape_sha256
from lantern.analytics.services._common import _require
from lantern.core import areas
from lantern.core.actor import Actor
from lantern.core.permissions import Permission
from lantern.places.models import Area


@dataclass(frozen=True)
class _Target:
    partnership_id: uuid.UUID
    area_id: uuid.UUID | None
    geojson: Any


def _targets() -> Iterator[_Target]:
    """Every partnership's boundary and every drawn area whose shape can be read."""
    boundaries = Partnership.objects.values_list("pk", "boundary")
    drawn = Area.objects.values_list("partnership_id", "pk", "geojson")
    found = [_Target(pk, None, geo) for pk, geo in boundaries]
    found += [_Target(p, pk, geo) for p, pk, geo in drawn]
    for target in found:
        if not target.geojson:
            continue
        try:
            areas.parse_area_geojson(target.geojson)
        except areas.InvalidGeometry:
            continue  # the pages cannot draw it either
        yield target


def _count(target: _Target, months: Iterable[dt.date] | None) -> None:
    records = PoliceUkRecord.objects.all()
    rows = PoliceUkAreaCount.objects.filter(of_shape(target.partnership_id, target.area_id))
    if months is not None:
        months = sorted(set(months))
        records = records.filter(month__in=months)
        rows = rows.filter(month__in=months)
    counts = count_inside(records, target.geojson)
    rows.delete()
    PoliceUkAreaCount.objects.bulk_create(
        PoliceUkAreaCount(
            partnership_id=target.partnership_id,
            area_id=target.area_id,
            month=month,
            crime_type=crime_type,
            records=n,
        )
        for (month, crime_type), n in sorted(counts.items())
    )


def policeuk_counts_refresh(*, actor: Actor, months: Iterable[dt.date] | None = ()) -> int:
    """Count again ``months`` (None: every month) for every boundary and area whose counts
    are of its current shape, and every month for those whose are not (or that have none).
    Returns how many boundaries and areas were counted. With the default (no months) it is
    the sweep: only the shapes counted for no longer, or never, are counted."""
    _require(actor, Permission.POLICEUK_IMPORT)
    wanted = None if months is None else sorted(set(months))
    counted = 0
    with transaction.atomic():
        bases = {
            (b.partnership_id, b.area_id): b for b in PoliceUkCountBasis.objects.select_for_update()
        }
        current = set()
        for target in _targets():
            key = (target.partnership_id, target.area_id)
            current.add(key)
            sha = shape_sha256(target.geojson)
            basis = bases.get(key)
            if basis is not None and basis.shape_sha256 == sha:
                if wanted is None or wanted:
                    _count(target, wanted)
                    counted += 1
                continue
            _count(target, None)
            counted += 1
            if basis is None:
                PoliceUkCountBasis.objects.create(
                    partnership_id=target.partnership_id,
                    area_id=target.area_id,
                    shape_sha256=sha,
                    counted_at=timezone.now(),
                )
            else:
                basis.shape_sha256, basis.counted_at = sha, timezone.now()
                basis.save(update_fields=["shape_sha256", "counted_at"])
        for key, basis in bases.items():  # a boundary taken away: its counts go with it
            if key not in current:
                PoliceUkAreaCount.objects.filter(of_shape(*key)).delete()
                basis.delete()
    return counted
