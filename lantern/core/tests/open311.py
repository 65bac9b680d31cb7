"""The Open311 GeoReport v2 JSON Schemas that the reports and evidence tests validate
Lantern's answers against (open311_schemas/README.md gives their source and licence)."""

from __future__ import annotations

from pathlib import Path

SCHEMAS = Path(__file__).resolve().parent / "open311_schemas"
