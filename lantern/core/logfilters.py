"""Logging filters named in LOGGING (config/settings/base.py).

Django's ``django.request`` logger writes a refusal raised in a view (``PermissionDenied``,
``Http404``) as a warning with the exception's traceback. A refusal is an expected answer,
not a fault: a traceback for each would bury real errors, and a prober can fill the log with
them. ``OneLineRefusals`` keeps such a record to its one line ("Forbidden (Permission
denied): /path/", "Not Found: /path/"); the line has the path only, never the query string,
as Django writes it. Errors (5xx) keep their traceback.
"""

from __future__ import annotations

import logging

EXPECTED_REFUSALS = frozenset({403, 404})


class OneLineRefusals(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in EXPECTED_REFUSALS:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
