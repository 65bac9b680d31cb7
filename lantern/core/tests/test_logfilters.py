"""Expected refusals (403, 404) from pages and the API are logged as one line: no
traceback, no query string (lantern/core/logfilters.py)."""

from __future__ import annotations

import logging
import sys
import uuid

from lantern.core.actor import Role
from lantern.core.logfilters import OneLineRefusals


def test_refusals_are_one_line_without_the_query_string(signed_in, caplog):
    client = signed_in(Role.RESIDENT)
    missing = uuid.uuid4()
    with caplog.at_level(logging.INFO, logger="django.request"):
        assert client.get("/reports/triage/?name=Ann+Smith").status_code == 403
        assert client.get(f"/evidence/items/{missing}/?name=Ann+Smith").status_code == 403
        assert client.get(f"/api/v1/evidence/items/{missing}?name=Ann+Smith").status_code == 404
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [r.status_code for r in records] == [403, 403, 404]
    for record in records:
        assert record.levelname == "WARNING"
        assert record.exc_info is None
        assert "Ann" not in record.getMessage() and "?" not in record.getMessage()
    assert "Traceback" not in caplog.text
    assert "\n" not in records[0].getMessage()


def test_errors_keep_their_traceback():
    try:
        raise RuntimeError("a fault")
    except RuntimeError:
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            ("/x/",),
            sys.exc_info(),
        )
    record.status_code = 500
    assert OneLineRefusals().filter(record)
    assert record.exc_info is not None
