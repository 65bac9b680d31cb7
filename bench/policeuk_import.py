"""Benchmark: ``lantern import policeuk`` on the seven full Essex Police files.

The demo and the tests use the small extract in lantern/analytics/data/policeuk; this reads
the full street-level files for Essex, 2018-01 to 2018-07 (115,065 rows, about 23 MB), from
``$LANTERN_SHARED_DATA/policeuk`` (default ``../shared/data`` beside the clone). It builds a
fresh database (a temporary SQLite file unless DATABASE_URL names an empty PostgreSQL
database), imports the files through the import service, checks the counts against the
table in that folder's README (rows, Southend-on-Sea rows, ASB rows, rows with no
location), imports them again (every row a duplicate) and reports the rates. There is no
goal: the figures are there to catch a regression. The last line printed is one JSON object.

    .venv/bin/python bench/policeuk_import.py
    LANTERN_SHARED_DATA=/data/shared .venv/bin/python bench/policeuk_import.py
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("LANTERN_SHARED_DATA", ROOT.parent / "shared" / "data"))
ASB = "Anti-social behaviour"
# ../shared/data/policeuk/README.md: rows, Southend-on-Sea rows, ASB rows (all / Southend),
# rows with no location.
README_TABLE = {
    "2018-01-essex-street.csv": (14786, 1868, 3420, 496, 2),
    "2018-02-essex-street.csv": (13752, 1703, 3238, 428, 0),
    "2018-03-essex-street.csv": (16014, 2072, 3878, 566, 17),
    "2018-04-essex-street.csv": (16709, 2117, 4194, 587, 48),
    "2018-05-essex-street.csv": (17618, 2226, 4525, 675, 16),
    "2018-06-essex-street.csv": (17473, 2308, 4627, 611, 62),
    "2018-07-essex-street.csv": (18713, 2591, 4868, 783, 73),
}


def check_counts() -> None:
    """The imported records agree with the README's table, month by month."""
    import datetime as dt

    from lantern.analytics.models import PoliceUkRecord

    for name, (rows, southend, asb, asb_southend, no_location) in README_TABLE.items():
        records = PoliceUkRecord.objects.filter(month=dt.date(2018, int(name[5:7]), 1))
        here = records.filter(lsoa_name__startswith="Southend-on-Sea ")
        found = (
            records.count(),
            here.count(),
            records.filter(crime_type=ASB).count(),
            here.filter(crime_type=ASB).count(),
            records.filter(longitude__isnull=True).count(),
        )
        if found != (rows, southend, asb, asb_southend, no_location):
            raise SystemExit(f"{name}: imported {found}, the README says {README_TABLE[name]}")


def import_all(paths: list[Path]) -> tuple[float, int, int]:
    """Seconds, rows imported and duplicates, importing every file once."""
    from lantern.analytics import services
    from lantern.core.actor import SYSTEM

    imported = duplicates = 0
    start = time.perf_counter()
    for path in paths:
        batch, bad = services.policeuk_import(actor=SYSTEM, path=path)
        if bad:
            raise SystemExit(f"{path.name}: {len(bad)} bad rows, first at line {bad[0].line}")
        imported += batch.imported
        duplicates += batch.duplicates
    return time.perf_counter() - start, imported, duplicates


def main() -> int:
    paths = [SHARED / "policeuk" / name for name in README_TABLE]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise SystemExit(f"not found (set LANTERN_SHARED_DATA): {', '.join(missing)}")
    rows = sum(v[0] for v in README_TABLE.values())

    sys.path.insert(0, str(ROOT))
    var_dir = Path(tempfile.mkdtemp(prefix="lantern-bench-policeuk-"))
    os.environ["LANTERN_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from lantern.analytics.models import PoliceUkRecord

        call_command("migrate", verbosity=0)
        if PoliceUkRecord.objects.exists():
            raise SystemExit("police.uk records exist; point DATABASE_URL at a fresh database")
        first_s, imported, _ = import_all(paths)
        if imported != rows:
            raise SystemExit(f"imported {imported} rows of {rows}")
        check_counts()
        again_s, imported_again, duplicates = import_all(paths)
        if (imported_again, duplicates) != (0, rows):
            raise SystemExit(f"the second import added {imported_again} rows")
        print(f"database       {connection.vendor} ({connection.settings_dict['NAME']})")
        print(f"import         {rows:,} rows in {first_s:.2f} s, {rows / first_s:,.0f} rows/s")
        print(f"again          every row a duplicate in {again_s:.2f} s")
        print("counts         as in the README's table")
        print(
            json.dumps(
                {
                    "name": "policeuk_import",
                    "value": round(rows / first_s),
                    "unit": "rows/s",
                    "rows": rows,
                    "database": connection.vendor,
                    "import_seconds": round(first_s, 3),
                    "reimport_seconds": round(again_s, 3),
                    "python": platform.python_version(),
                },
                sort_keys=True,
            )
        )
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
