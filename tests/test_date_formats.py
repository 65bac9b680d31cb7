"""One date format on every page: "7 December 2026", "7 December 2026 at 2:15pm"
(lantern/frontend/dates.py, the ``|govuk_date`` family of filters). This scan fails on any
other way of showing a date in a template, or in the Python that builds pages."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "lantern"

# Django's own date and time filters and tags, in any spelling.
_TEMPLATE = re.compile(r"\|\s*(date|time|naturaltime|naturalday|timesince|timeuntil)\b|\{%\s*now\b")
# strftime in code that builds pages: only the values of inputs and links are allowed.
_STRFTIME = re.compile(r"strftime\(\s*[\"']([^\"']*)[\"']")
_PAGE_CODE = ("views", "panels.py", "selectors", "components.py", "templatetags")


def _templates():
    return sorted(ROOT.glob("**/templates/**/*.html"))


def _page_code():
    for path in sorted(ROOT.glob("**/*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        if any(part.startswith(_PAGE_CODE) for part in parts):
            yield path


def test_templates_show_dates_only_through_the_govuk_filters():
    templates = _templates()
    assert len(templates) > 100
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in templates
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if _TEMPLATE.search(line)
    ]
    assert found == []


def test_pages_python_formats_dates_only_through_lantern_frontend_dates():
    files = list(_page_code())
    assert len(files) > 50
    found = [
        f"{path.relative_to(ROOT)}:{number}: {match[1]}"
        for path in files
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        for match in _STRFTIME.finditer(line)
        # ISO values and 24-hour times: what an input holds, or a link's query.
        if not (match[1].startswith("%Y-%m") or match[1] == "%H:%M")
    ]
    assert found == []


def test_abbreviated_months_are_nowhere():
    found = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("**/*.py")
        if "tests" not in path.parts and re.search(r"strftime\([^)]*%b", path.read_text())
    ]
    assert found == []


def test_the_scan_finds_what_it_forbids():
    assert _TEMPLATE.search('{{ case.opened_at|date:"j M Y" }}')
    assert _TEMPLATE.search("{{ when|time }}") and _TEMPLATE.search('{% now "Y" %}')
    assert not _TEMPLATE.search("{{ case.opened_at|govuk_date }}")
    assert _STRFTIME.search('value.strftime("%-d %b %Y")')
