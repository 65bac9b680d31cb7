from __future__ import annotations

from pathlib import Path

import pytest

from lantern.analytics import policeuk_extract


@pytest.fixture(scope="session")
def policeuk_paths() -> list[Path]:
    """The seven monthly files of the police.uk extract in the repository
    (lantern/analytics/data/policeuk)."""
    files = policeuk_extract.files()
    assert [p.name[:7] for p in files] == [f"2018-{m:02d}" for m in range(1, 8)], files
    return files
