"""Reports are filed only where a partnership serves the place: every database test here runs
with the test partnership (the root conftest's ``orgs``), which serves Great Britain."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _a_partnership_serves_great_britain(request) -> None:
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        request.getfixturevalue("orgs")
