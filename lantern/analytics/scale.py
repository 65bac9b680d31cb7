"""Police.uk records of the borough-scale data set (``lantern.core.scale``): fictional
street-level records in the demo partnership's area, one import batch over the five years,
concentrated in the same hotspots as the reports. Like real police.uk data they carry a
month, not a day, and their points are snapped to a fixed set of anonymised map points.
Then the patrol plans and the patrols logged against them (scale_patrols.py)."""

from __future__ import annotations

import hashlib
from datetime import date

from lantern.analytics.scale_patrols import seed_patrols
from lantern.analytics.services.imports import POLICEUK_IMPORTED, count_months
from lantern.analytics.services.policeuk_counts import policeuk_counts_refresh
from lantern.core.actor import SYSTEM
from lantern.core.scale import YEARS, ScaleContext, place

CRIME_TYPES = [
    ("Anti-social behaviour", 40),
    ("Violence and sexual offences", 25),
    ("Criminal damage and arson", 8),
    ("Drugs", 6),
    ("Public order", 8),
    ("Vehicle crime", 7),
    ("Other theft", 6),
]
SNAP_POINTS = 2000  # the anonymised map points records are snapped to


def seed_scale(ctx: ScaleContext) -> None:
    rng, add = ctx.rng, ctx.writer.add
    count = ctx.count("policeuk")
    snaps = [place(ctx) for _ in range(SNAP_POINTS)]
    batch_id = ctx.uuid()
    digest = hashlib.sha256(batch_id.bytes).hexdigest()
    add("analytics.PoliceUkImport", id=batch_id, file_name="scale-data-set.csv", sha256=digest,
        read=count, imported=count, actor="system", created_at=ctx.now,
        updated_at=ctx.now)  # fmt: skip
    months = []
    first = date(ctx.now.year - YEARS, ctx.now.month, 1)
    for offset in range(YEARS * 12):
        year, month = divmod(first.month - 1 + offset, 12)
        months.append(date(first.year + year, month + 1, 1))
    types, weights = [t for t, _ in CRIME_TYPES], [w for _, w in CRIME_TYPES]
    for number in range(count):
        lat, lon = snaps[min(SNAP_POINTS - 1, int(SNAP_POINTS * rng.random() ** 2))]
        crime_type = rng.choices(types, weights)[0]
        add(
            "analytics.PoliceUkRecord",
            natural_key=hashlib.sha256(f"{digest}:{number}".encode()).hexdigest(),
            crime_id="" if crime_type == types[0] else f"{number:064x}"[-64:],
            month=rng.choice(months),
            reported_by="Eastmere Constabulary",
            falls_within="Eastmere Constabulary",
            latitude=lat,
            longitude=lon,
            location="On or near a fictional street",
            lsoa_code=f"E0100{number % 97:04d}",
            lsoa_name=f"Eastmere {number % 97:03d}A",
            crime_type=crime_type,
            batch_id=batch_id,
        )
    if ctx.audit:
        ctx.audit(at=ctx.now, actor="system", action=POLICEUK_IMPORTED,
                  object_type="analytics.policeukimport", object_id=batch_id,
                  details={"sha256": digest, "read": count, "imported": count,
                           "duplicates": 0, "no_location": 0, "bad_rows": 0})  # fmt: skip
    # What the import service keeps after an import: the counts by month and crime type,
    # and inside each partnership's boundary and drawn area (the dashboard and figures).
    ctx.writer.flush()
    count_months(set(months))
    policeuk_counts_refresh(actor=SYSTEM, months=None)
    ctx.say(f"analytics: {count} police.uk records")
    seed_patrols(ctx)
