"""Tests that keep the docs honest: every setting, audit action and command is documented,
and docs/architecture.md shows the API routers, the import layers and the test-only apps
as the code has them."""

from __future__ import annotations

import ast
import re
import tomllib
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


def _section(path: Path, heading: str) -> str:
    """The text under a Markdown heading, up to the next heading of any level."""
    text = path.read_text()
    start = text.index(heading) + len(heading)
    following = re.search(r"^#", text[start:], flags=re.MULTILINE)
    return text[start : start + following.start()] if following else text[start:]


def test_the_readme_lists_every_lantern_command_and_only_commands_that_exist():
    """The README's command table names each command a Lantern app defines (the apps of
    the base settings: a test-only app's commands are not for users), and nothing else but
    commands that exist (Django's own, such as ``check``, may be listed too)."""
    from django.core.management import get_commands

    from config.settings import base

    commands = get_commands()  # name -> the app that defines it
    lantern_apps = {app for app in base.INSTALLED_APPS if app.startswith("lantern.")}
    defined = {name for name, app in commands.items() if app in lantern_apps}
    assert {"serve", "audit", "token"} <= defined  # the scan itself works
    table = _section(ROOT / "README.md", "## The command line")
    listed = set(re.findall(r"^\| `lantern ([\w-]+)", table, flags=re.MULTILINE))
    assert sorted(defined - listed) == [], "commands missing from the README's table"
    assert sorted(listed - set(commands)) == [], "the README lists commands that do not exist"


def _routers_mounted() -> set[tuple[str, str]]:
    """(module of the router, prefix) for each ``api.add_router(...)`` in config/api.py."""
    tree = ast.parse((ROOT / "config" / "api.py").read_text())
    imported = {
        alias.asname or alias.name: node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }
    return {
        (imported[call.args[1].id], call.args[0].value.strip("/"))
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "add_router"
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[1], ast.Name)
    }


def test_architecture_lists_the_api_routers_mounted():
    mounted = _routers_mounted()
    assert ("lantern.accounts.api", "") in mounted and len(mounted) > 5  # the scan works
    section = _section(ROOT / "docs" / "architecture.md", "## The API")
    documented = {
        (module, prefix.strip("/"))
        for module, prefix in re.findall(
            r"^\| `(lantern\.\w+\.api)` \| `/api/v1/([^`]*)`", section, flags=re.MULTILINE
        )
    }
    assert documented == mounted


def test_architecture_shows_the_layers_of_the_import_contract():
    """The dependency diagram in docs/architecture.md is pyproject's import-linter layers,
    top to bottom."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    layers = [
        " | ".join(part.strip(" ()").removeprefix("lantern.") for part in layer.split("|"))
        for layer in contract["layers"]
    ]
    text = (ROOT / "docs" / "architecture.md").read_text()
    diagram = text[text.index("Apps depend only downwards:") :].split("```")[1]
    shown = [line.split("  ")[0].strip() for line in diagram.strip().splitlines()]
    assert shown == layers


def test_architecture_names_the_test_only_apps():
    from config.settings import base, test

    test_only = [app for app in test.INSTALLED_APPS if app not in base.INSTALLED_APPS]
    assert test_only
    text = (ROOT / "docs" / "architecture.md").read_text()
    assert all(f"`{app}`" in text for app in test_only)
