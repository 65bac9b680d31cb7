"""Where the shared open data lives (settings.LANTERN_SHARED_DATA, docs/settings.md)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def shared_data_dir() -> Path:
    configured = getattr(settings, "LANTERN_SHARED_DATA", None)
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR).parent / "shared" / "data"


def policeuk_files() -> list[Path]:
    """The police.uk CSVs in the shared data, oldest month first (empty if absent)."""
    folder = shared_data_dir() / "policeuk"
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []
