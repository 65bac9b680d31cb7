"""The audit actions of the evidence app (custody of items, uploads, statements), declared
once: each custody event is an audit event on the item (object_type ``ITEM``), written by the
service that makes the change, in the same transaction."""

from __future__ import annotations

from lantern.audit import catalogue

ITEM = "evidence_item"
UPLOAD = "evidence_upload"
STATEMENT = "witness_statement"

# --- custody of an item ----------------------------------------------------------------------
ITEM_RECEIVED = catalogue.declare(
    "evidence.received", "All the bytes of an evidence item arrived; details give size and type."
)
ITEM_HASHED = catalogue.declare(
    "evidence.hashed", "The SHA-256 of an evidence item's bytes was computed on receipt."
)
ITEM_STORED = catalogue.declare(
    "evidence.stored",
    "An evidence item's bytes were stored write-once by SHA-256 (or found already stored).",
)
ITEM_FLAGGED = catalogue.declare(
    "evidence.flagged",
    "The content checks on receipt flagged an evidence item, which was kept unchanged "
    "(data hidden after a picture, scripts or automatic actions in a PDF, a recording cut "
    "short); details give the flag codes.",
)
ITEM_DISPOSED = catalogue.declare(
    "evidence.disposed",
    "An evidence item was disposed of at the end of its retention: its rows deleted and its"
    " bytes deleted from the store (or scheduled, under an Object Lock); details are empty.",
)
ITEM_VIEWED = catalogue.declare("evidence.viewed", "An evidence item's page was opened.")
ITEM_DOWNLOADED = catalogue.declare(
    "evidence.downloaded", "An evidence item's original bytes were downloaded."
)
ITEM_EXPORTED = catalogue.declare(
    "evidence.exported", "An evidence item was included in an export bundle."
)
ITEM_LINKED = catalogue.declare(
    "evidence.linked", "An evidence item was attached to a report, footage request or case."
)
ITEM_DERIVED = catalogue.declare(
    "evidence.derived", "A derived copy (playable, redacted) was made; it names its parent."
)
ITEM_SHARED = catalogue.declare(
    "evidence.shared",
    "An evidence item was shared with another partnership; details give the partnership and "
    "the share, which holds the reason.",
)
ITEM_SHARE_WITHDRAWN = catalogue.declare(
    "evidence.share_withdrawn",
    "An evidence item's share with another partnership was withdrawn; details give both.",
)
EXHIBIT_ASSIGNED = catalogue.declare(
    "evidence.exhibit_assigned", "An evidence item was given an exhibit reference in a case."
)
# --- uploads ------------------------------------------------------------------------------
UPLOAD_STARTED = catalogue.declare("evidence.upload_started", "A resumable upload was started.")
UPLOAD_REJECTED = catalogue.declare(
    "evidence.upload_rejected", "A finished upload was refused; details give the reason code."
)
UPLOAD_FAILED = catalogue.declare(
    "evidence.upload_store_failed", "A finished upload could not be stored; nothing was kept."
)
UPLOAD_TERMINATED = catalogue.declare(
    "evidence.upload_terminated", "The uploader cancelled an upload; its partial bytes went."
)
UPLOADS_EXPIRED = catalogue.declare(
    "evidence.uploads_expired", "Abandoned uploads expired and their partial bytes were deleted."
)
UPLOAD_TOKEN_ISSUED = catalogue.declare(
    "evidence.upload_token_issued", "A short-lived upload capability was issued for a report."
)
# --- statements -------------------------------------------------------------------------------
STATEMENT_STARTED = catalogue.declare(
    "statement.started", "A witness statement (MG11) was started."
)
STATEMENT_UPDATED = catalogue.declare("statement.updated", "A draft witness statement was changed.")
STATEMENT_SIGNED = catalogue.declare(
    "statement.signed", "A witness statement was signed; details give its SHA-256."
)
STATEMENT_DRAFT_DELETED = catalogue.declare(
    "statement.draft_deleted",
    "A witness statement that was never signed was deleted because its maker closed their account.",
)
STATEMENT_PDF = catalogue.declare(
    "statement.pdf_made", "A PDF of a signed witness statement was produced."
)
STATEMENT_EXHIBIT_LINKED = catalogue.declare(
    "statement.exhibit_linked",
    "An officer linked an exhibit (its reference in a case) to a witness statement; on a "
    "draft it joins the references the witness signs, on a signed statement it is a separate "
    "record and the signed text is unchanged (details: case, reference, after_signing).",
)
STATEMENT_EXHIBIT_UNLINKED = catalogue.declare(
    "statement.exhibit_unlinked",
    "An officer removed an exhibit from a draft witness statement's references.",
)
# --- what a file says about itself (lantern.evidence.metadata) -------------------------------
ITEM_METADATA_READ = catalogue.declare(
    "evidence.metadata_read",
    "What an evidence item's file says about itself (container, codecs, device time, "
    "location, make and model) was read and recorded; details give whether it could be "
    "read, whether it has a location and whether that is marked personal, never the values.",
)
