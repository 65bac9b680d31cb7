"""Retention review and disposal (issue 23, docs/data-protection.md).

A daily task puts the records whose retention period has run on the review queue; the data
protection officer decides "retain until DATE, because REASON" or "dispose"; a disposal run
disposes of what was decided, unless a legal hold stops it, leaving a tombstone. Every step
is audited with no personal data: events name record classes, ids and rules, never content.
"""

from lantern.dataprotection.services.decisions import retention_decide
from lantern.dataprotection.services.disposal import (
    DisposalRun,
    blob_deletions_run,
    retention_dispose,
)
from lantern.dataprotection.services.events import MAX_RETAIN_YEARS
from lantern.dataprotection.services.overrides import retention_override_set
from lantern.dataprotection.services.queue import retention_queue_refresh

__all__ = [
    "MAX_RETAIN_YEARS",
    "DisposalRun",
    "blob_deletions_run",
    "retention_decide",
    "retention_dispose",
    "retention_override_set",
    "retention_queue_refresh",
]
