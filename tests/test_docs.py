"""Tests that keep the docs honest: every setting and every audit action is documented."""

from __future__ import annotations

import re
from pathlib import Path

from lantern.audit import catalogue

ROOT = Path(__file__).resolve().parents[1]


def _settings_read() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "config" / "settings").glob("*.py"):
        names |= set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]+)\"", path.read_text()))
    return names


def test_every_setting_is_documented():
    documented = set(
        re.findall(r"`([A-Z][A-Z0-9_]+)`", (ROOT / "docs" / "settings.md").read_text())
    )
    names = _settings_read()
    assert len(names) > 20  # the scan itself works
    missing = sorted(names - documented)
    assert not missing, f"settings missing from docs/settings.md: {missing}"


def test_every_audit_action_is_documented():
    from lantern.audit.management.commands.audit import catalogue_markdown

    text = (ROOT / "docs" / "audit-events.md").read_text()
    missing = [event.action for event in catalogue.all_events() if f"`{event.action}`" not in text]
    assert not missing, f"audit actions missing from docs/audit-events.md: {missing}"
    assert text == catalogue_markdown(), (
        "regenerate: lantern audit catalogue > docs/audit-events.md"
    )
