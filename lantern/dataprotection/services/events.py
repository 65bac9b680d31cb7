"""The audit actions of retention, declared once."""

from __future__ import annotations

from lantern.audit import catalogue

E = catalogue.declare
QUEUED = E(
    "retention.queued",
    "Records whose retention period has run were put on the review queue; details give how"
    " many, by record class.",
)
DECIDED = E(
    "retention.decided",
    "A reviewer decided on a record due for review: retain until a date, or dispose of it;"
    " details give the decision, the date, the record class and the rule, never the reason.",
)
DISPOSED = E(
    "retention.disposed",
    "A record was disposed of at the end of its retention and a tombstone left; details give"
    " the record class and the rule.",
)
HELD = E(
    "retention.held",
    "A disposal run left a record decided for disposal because a legal hold stops it; details"
    " give the record class and the holds (an open case, a pending appeal...).",
)
RUN = E(
    "retention.disposal_run",
    "A disposal run ended; details give how many records were disposed of, held, or already gone.",
)
OVERRIDE_SET = E(
    "retention.override_set",
    "A partnership's retention period for one rule was set; details give the rule and the"
    " period in days, never the reason.",
)
BLOB_DELETED = E(
    "retention.blob_deleted",
    "A disposed record's evidence bytes were deleted from the store.",
)
BLOB_DEFERRED = E(
    "retention.blob_deferred",
    "A disposed record's evidence bytes are under an S3 Object Lock: their deletion is"
    " scheduled for when the lock ends (details give that time).",
)

REVIEW_ITEM = "retention_review_item"
BLOB = "evidence_blob"
MAX_RETAIN_YEARS = 100
