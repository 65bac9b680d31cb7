"""Importing police.uk street-level files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from django.db import transaction
from django.db.models import Count

from lantern.analytics import importer
from lantern.analytics.models import PoliceUkImport, PoliceUkMonthCount, PoliceUkRecord
from lantern.analytics.services._common import _require
from lantern.analytics.services.policeuk_counts import policeuk_counts_refresh
from lantern.analytics.services.surfaces import hotspot_surfaces_soon
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core import data_versions
from lantern.core.actor import Actor
from lantern.core.data_versions import data_version_bump
from lantern.core.errors import ValidationFailed
from lantern.core.permissions import Permission
from lantern.places.models import GazetteerEntry
from lantern.places.services import NamedPoint, gazetteer_add
from lantern.places.services.gazetteer import policeuk_point

POLICEUK_IMPORTED = catalogue.declare(
    "policeuk.imported",
    "A police.uk street-level file was imported; details give the file's hash and the counts.",
)

BATCH_SIZE = 2000


def policeuk_import(
    *,
    actor: Actor,
    path: Path,
    progress: Callable[[int], None] | None = None,
) -> tuple[PoliceUkImport, list[importer.BadRow]]:
    """Import one police.uk CSV. Idempotent: rows already held (by natural key) are counted
    as duplicates and left alone. Bad rows are skipped and returned with their line numbers."""
    _require(actor, Permission.POLICEUK_IMPORT)
    try:
        parsed = importer.parse_file(path, progress=progress)
    except importer.HeaderError as exc:
        raise ValidationFailed({"file": [str(exc)]}) from None
    except OSError as exc:
        raise ValidationFailed({"file": [f"cannot read {path.name}: {exc.strerror}"]}) from None
    with transaction.atomic():
        batch = PoliceUkImport.objects.create(
            file_name=path.name[:255], sha256=importer.file_sha256(path), actor=actor.audit_id
        )
        before = PoliceUkRecord.objects.count()
        records = [
            PoliceUkRecord(natural_key=row.natural_key, batch=batch, **row.values)
            for row in parsed.rows
        ]
        PoliceUkRecord.objects.bulk_create(records, batch_size=BATCH_SIZE, ignore_conflicts=True)
        imported = PoliceUkRecord.objects.count() - before
        batch.read = parsed.read
        batch.imported = imported
        batch.duplicates = len(parsed.rows) - imported
        batch.no_location = parsed.no_location
        batch.bad_rows = len(parsed.bad)
        batch.save()
        audit_record(
            actor=actor,
            action=POLICEUK_IMPORTED,
            object_type="analytics.policeukimport",
            object_id=str(batch.pk),
            details={
                "sha256": batch.sha256,
                "read": batch.read,
                "imported": batch.imported,
                "duplicates": batch.duplicates,
                "no_location": batch.no_location,
                "bad_rows": batch.bad_rows,
            },
        )
        gazetteer_add(
            actor=actor, source=GazetteerEntry.Source.POLICEUK, points=_places(parsed.rows)
        )
        if imported:
            months: set[dt.date] = {row.values["month"] for row in parsed.rows}  # type: ignore[misc]
            count_months(months)
            policeuk_counts_refresh(actor=actor, months=months)
            # Stored hotspot surfaces of the old data go stale; the default views' are
            # computed again in the background once this commits.
            data_version_bump(source=data_versions.POLICEUK)
            hotspot_surfaces_soon()
    return batch, parsed.bad


def count_months(months: set) -> None:
    """Count again the records of ``months`` by crime type (PoliceUkMonthCount)."""
    counts = (
        PoliceUkRecord.objects.filter(month__in=months)
        .values_list("month", "crime_type")
        .annotate(n=Count("id"))
        .order_by()
    )
    PoliceUkMonthCount.objects.filter(month__in=months).delete()
    PoliceUkMonthCount.objects.bulk_create(
        PoliceUkMonthCount(month=m, crime_type=t, records=n) for m, t, n in counts
    )


def _places(rows: list[importer.ParsedRow]) -> list[NamedPoint]:
    """The rows' location names with their points, once each, for the local gazetteer."""
    seen: dict[tuple[object, ...], NamedPoint] = {}
    for row in rows:
        v = row.values
        if not v.get("location") or v.get("latitude") is None or v.get("longitude") is None:
            continue
        here = (v["location"], v["latitude"], v["longitude"], v.get("lsoa_name", ""))
        if here not in seen:
            seen[here] = policeuk_point(
                str(v["location"]),
                float(v["latitude"]),  # type: ignore[arg-type]
                float(v["longitude"]),  # type: ignore[arg-type]
                str(v.get("lsoa_name", "")),
            )
    return list(seen.values())


def policeuk_gazetteer_fill(*, actor: Actor) -> int:
    """Put the location names of the police.uk records already held into the local
    gazetteer (for records imported before the gazetteer existed). Returns how many named
    points were new."""
    _require(actor, Permission.POLICEUK_IMPORT)
    held = (
        PoliceUkRecord.objects.exclude(location="")
        .filter(latitude__isnull=False, longitude__isnull=False)
        .values_list("location", "latitude", "longitude", "lsoa_name")
        .distinct()
    )
    points = [
        policeuk_point(loc, lat, lon, lsoa)
        for loc, lat, lon, lsoa in held.iterator()
        if lat is not None and lon is not None
    ]
    return gazetteer_add(actor=actor, source=GazetteerEntry.Source.POLICEUK, points=points)
