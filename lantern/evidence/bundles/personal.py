"""What a bundle says of each exhibit's metadata, and the personal data in it that may not
leave the partnership (docs/evidence.md "Bundles").

Each exhibit's manifest entry carries what its file says about itself
(``metadata_selectors.metadata_for_disclosure``): a device location that may identify the
resident (the GPS of their home) is left out for every recipient and named as personal data
(``personal_data_removed`` with the reason). The prosecution gets the original byte for
byte, which still carries the location: its entry says so (``personal_data_in_file``), for
the prosecutor to redact before it goes further. The defence never gets a file carrying it:
a redacted copy carries none of the original's metadata (``redaction.render``), and an
original whose location is personal and which has no redacted copy stops the defence bundle
with a message naming it.
"""

from __future__ import annotations

from typing import Any

from lantern.core.actor import SYSTEM, Actor
from lantern.evidence.metadata import READABLE, metadata_read
from lantern.evidence.metadata_selectors import Disclosed, metadata_for_disclosure
from lantern.evidence.models import EvidenceItem, ItemMetadata, Recipient

IN_FILE = (
    "The file itself still carries the location left out here (it is the original, byte for "
    "byte): redact it before the file goes any further"
)


def _unread(item: EvidenceItem) -> bool:
    return item.category in READABLE and not ItemMetadata.objects.filter(item=item).exists()


def disclosed_metadata(*, actor: Actor, original: EvidenceItem) -> Disclosed:
    """The original's metadata as it may leave the partnership, read now (headers only:
    quick) when the background task has not read it yet, so that a location is never
    missed for being unread."""
    if _unread(original):
        metadata_read(actor=SYSTEM, item_id=original.pk)
    return metadata_for_disclosure(actor=actor, item=original)


def metadata_entry(disclosed: Disclosed, *, carries_original: bool) -> dict[str, Any]:
    """The manifest's ``metadata`` for one exhibit."""
    entry: dict[str, Any] = {"status": disclosed.status, **disclosed.fields}
    if disclosed.removed:
        entry["personal_data_removed"] = list(disclosed.removed)
        entry["personal_data_reason"] = disclosed.reason
        if carries_original:
            entry["personal_data_in_file"] = IN_FILE
    return entry


def defence_refusal(name: str, disclosed: Disclosed) -> str:
    return (
        f"{name} carries a location that may show where the resident lives "
        f"({disclosed.reason}). Make a redacted copy of it first (a redacted copy carries none "
        "of the original's metadata), or leave it out of the defence bundle"
    )


def refusal_for(
    recipient: str, name: str, disclosed: Disclosed, *, carries_original: bool
) -> str | None:
    """Why the exhibit may not go to this recipient as it is, or None."""
    if recipient == Recipient.DEFENCE and carries_original and disclosed.removed:
        return defence_refusal(name, disclosed)
    return None
