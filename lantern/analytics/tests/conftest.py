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


@pytest.fixture(scope="session")
def southend_csv(policeuk_paths, tmp_path_factory) -> Path:
    """The Southend-on-Sea rows of the seven real files, in one file with the same header:
    real data, a seventh of the import time."""
    out = tmp_path_factory.mktemp("policeuk") / "southend.csv"
    lines: list[bytes] = []
    for i, path in enumerate(policeuk_paths):
        data = path.read_bytes().split(b"\r\n")
        if i == 0:
            lines.append(data[0])
        lines.extend(line for line in data[1:] if b",Southend-on-Sea " in line)
    out.write_bytes(b"\r\n".join(lines) + b"\r\n")
    return out
