"""police.uk records counted inside a partnership's boundary or one of its drawn areas, by
month and crime type, as the import service keeps them (PoliceUkAreaCount, maintained by
services/policeuk_counts.py): what the partnership dashboard and the partnership's figures
read instead of every record in the area's bounding box (docs/scale.md).

The counts are read only while they were made for the shape the boundary or the area has
now (``PoliceUkCountBasis``, the SHA-256 of its GeoJSON): a boundary or an area changed
since is counted from the records, as before, until the counts are made again. Either way
the answer is the same. Open data: the counts grant nothing; the callers check the
permission to see the page."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections import Counter
from typing import Any

import numpy as np
import shapely
from django.db.models import Count, Q, QuerySet, Sum

from lantern.analytics.models import PoliceUkAreaCount, PoliceUkCountBasis, PoliceUkRecord
from lantern.core import areas


def shape_sha256(geojson: Any) -> str:
    """The fingerprint of a boundary or an area's GeoJSON (keys sorted, no spaces)."""
    text = json.dumps(geojson, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def count_inside(records: QuerySet[PoliceUkRecord], geojson: Any) -> Counter[tuple]:
    """(month, crime type) -> how many of ``records`` lie inside the shape (on its edge
    included), in one query: the bounding box there, grouped by point (police.uk snaps its
    records to a fixed set of points), and the polygon test here on the groups."""
    shape = areas.parse_area_geojson(geojson)
    min_lng, min_lat, max_lng, max_lat = shape.bounds
    rows = list(
        records.filter(
            latitude__gte=min_lat,
            latitude__lte=max_lat,
            longitude__gte=min_lng,
            longitude__lte=max_lng,
        )
        .order_by()
        .values_list("month", "crime_type", "latitude", "longitude")
        .annotate(n=Count("id"))
    )
    counts: Counter[tuple] = Counter()
    if not rows:
        return counts
    inside = shapely.intersects_xy(
        shape, np.array([r[3] for r in rows], float), np.array([r[2] for r in rows], float)
    )
    for (month, crime_type, _lat, _lng, n), ok in zip(rows, inside, strict=True):
        if ok:
            counts[(month, crime_type)] += n
    return counts


def of_shape(partnership_id: uuid.UUID, area_id: uuid.UUID | None) -> Q:
    """The rows of the partnership's boundary (``area_id`` None) or of one drawn area."""
    if area_id is None:
        return Q(partnership_id=partnership_id, area__isnull=True)
    return Q(partnership_id=partnership_id, area_id=area_id)


def kept_counts(
    *,
    partnership_id: uuid.UUID,
    area_id: uuid.UUID | None,
    geojson: Any,
    first: dt.date | None = None,
    end: dt.date | None = None,
    category: str = "",
) -> Counter[tuple] | None:
    """(month, crime type) -> records inside the partnership's boundary (``area_id`` None)
    or the drawn area, for the months from ``first`` up to ``end`` (exclusive) and one crime
    type or all; None when no counts were made for the shape ``geojson`` (the caller then
    counts the records). Two small queries: the basis, and the counts of those months."""
    bases = PoliceUkCountBasis.objects.filter(of_shape(partnership_id, area_id))
    basis = bases.values_list("shape_sha256", flat=True).first()
    if basis is None or basis != shape_sha256(geojson):
        return None
    rows = PoliceUkAreaCount.objects.filter(of_shape(partnership_id, area_id))
    if first is not None:
        rows = rows.filter(month__gte=first)
    if end is not None:
        rows = rows.filter(month__lt=end)
    if category:
        rows = rows.filter(crime_type=category)
    found = rows.order_by().values_list("month", "crime_type").annotate(n=Sum("records"))
    return Counter({(month, crime_type): n for month, crime_type, n in found if n})
