from __future__ import annotations

from pathlib import Path

import pytest

from lantern.analytics.shared_data import policeuk_files


@pytest.fixture(scope="session")
def policeuk_paths() -> list[Path]:
    files = policeuk_files()
    if len(files) != 7:
        pytest.skip("the shared police.uk data is not present (set LANTERN_SHARED_DATA)")
    return files
