"""Which copy of an exhibit each recipient gets: one small rule, kept apart so it is easy to
read and to change.

The prosecution gets the original, byte for byte. The defence gets the newest redacted copy
of an item when there is one, and then never the original: redaction is how a partnership
keeps out of the defence's hands what must not leave it (a bystander's face, a resident's
home). An item with no redacted copy goes to the defence as it is.
"""

from __future__ import annotations

from collections.abc import Iterable

from lantern.evidence.models import EvidenceItem, Recipient
from lantern.evidence.redaction.models import REDACTED


def is_redacted_copy(item: EvidenceItem) -> bool:
    return item.parent_id is not None and item.derived_purpose == REDACTED


def copy_for_recipient(
    original: EvidenceItem, derivatives: Iterable[EvidenceItem], recipient: str
) -> EvidenceItem:
    """The item whose bytes go in the recipient's bundle in place of ``original``."""
    if recipient == Recipient.DEFENCE:
        redacted = [d for d in derivatives if is_redacted_copy(d)]
        if redacted:
            return max(redacted, key=lambda d: d.created_at)
    return original
