"""The data protection demo: one expired, closed report in Eastmere, queued for review as
the daily task would (docs/data-protection.md), so that the data protection officer's
retention review shows a record to decide on. Idempotent: the report is made once, and a
record already queued is not queued again."""

from __future__ import annotations

from typing import Any

from lantern.core.actor import SYSTEM
from lantern.dataprotection.services import retention_queue_refresh
from lantern.reports.demo import seed_expired_report


def seed(*, out: Any) -> None:
    seed_expired_report(out=out)
    queued = retention_queue_refresh(actor=SYSTEM)  # what the daily task does
    if queued:
        out.write(f"{sum(queued.values())} record(s) queued for the retention review.\n")
