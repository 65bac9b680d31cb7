"""The audit actions of redaction, on the redaction (object_type ``REDACTION``); the copy it
makes is recorded on both items as ``evidence.derived``, naming the redaction."""

from __future__ import annotations

from lantern.audit import catalogue

REDACTION = "evidence_redaction"

REDACTION_CREATED = catalogue.declare(
    "redaction.created",
    "An officer started a redaction of an evidence item; details give the item and style "
    "(the reason is kept with the redaction).",
)
REDACTION_REGION_ADDED = catalogue.declare(
    "redaction.region_added",
    "A box to obscure was added to a redaction; details give its label, times and keyframes.",
)
REDACTION_REGION_REMOVED = catalogue.declare(
    "redaction.region_removed", "A box was taken off a draft redaction."
)
REDACTION_MUTE_ADDED = catalogue.declare(
    "redaction.mute_added", "A range of sound to mute was added to a redaction."
)
REDACTION_MUTE_REMOVED = catalogue.declare(
    "redaction.mute_removed", "A range of sound to mute was taken off a draft redaction."
)
REDACTION_SUGGESTIONS_ASKED = catalogue.declare(
    "redaction.suggestions_asked",
    "An officer asked Lantern to look for faces and number plates to redact (detection only).",
)
REDACTION_SUGGESTED = catalogue.declare(
    "redaction.suggested",
    "Lantern found faces and number plates on sampled frames; details give how many of each.",
)
REDACTION_SUGGESTION_ACCEPTED = catalogue.declare(
    "redaction.suggestion_accepted",
    "An officer accepted a suggested box; it became a region of the redaction.",
)
REDACTION_SUGGESTION_REJECTED = catalogue.declare(
    "redaction.suggestion_rejected", "An officer rejected a suggested box."
)
REDACTION_RENDER_ASKED = catalogue.declare(
    "redaction.render_asked",
    "An officer checked a redaction and asked for the redacted copy to be made.",
)
REDACTION_RENDERED = catalogue.declare(
    "redaction.rendered",
    "A redacted copy was made; details give the copy, its SHA-256 and how many boxes and "
    "mutes (the redaction log says which frames).",
)
REDACTION_FAILED = catalogue.declare(
    "redaction.failed", "A redacted copy could not be made; the redaction says why."
)
