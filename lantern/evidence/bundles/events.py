"""The audit actions of bundles, declared once."""

from __future__ import annotations

from lantern.audit import catalogue

BUNDLE = "evidence_bundle"
BUNDLE_KEY = "evidence_bundle_key"

BUNDLE_CREATED = catalogue.declare(
    "evidence.bundle_created",
    "A bundle of a case's evidence was made for the prosecution or the defence; details give "
    "the case, the recipient, the number of files, the manifest's SHA-256 and the signing key.",
)
BUNDLE_DOWNLOADED = catalogue.declare(
    "evidence.bundle_downloaded", "A bundle was downloaded; details give its recipient and case."
)
BUNDLE_KEY_CREATED = catalogue.declare(
    "evidence.bundle_key_created",
    "A partnership's key for signing bundles was made (on first use); details give its key id.",
)
BUNDLE_KEY_RETIRED = catalogue.declare(
    "evidence.bundle_key_retired",
    "A partnership's bundle signing key was retired: it signs no more bundles, stays "
    "published, and the next bundle makes a new key; details give its key id.",
)
