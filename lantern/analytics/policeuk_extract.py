"""The police.uk extract that ships with Lantern (data/policeuk/README.md): street-level
crime and ASB in Southend-on-Sea, Castle Point and Rochford, 2018-01 to 2018-07, under the
Open Government Licence v3.0. The demo imports it and the tests read it."""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "data" / "policeuk"


def files() -> list[Path]:
    """The extract's monthly files (gzip'd police.uk CSVs), oldest month first."""
    return sorted(FOLDER.glob("*.csv.gz"))
