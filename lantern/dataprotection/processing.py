"""The dataprotection app's own models, declared for the record of processing activities."""

from lantern.core.processing import ART_6_LEGAL_OBLIGATION, Rule, declare, gdpr, no_personal_data
from lantern.dataprotection.models import (
    BlobDeletion,
    Decision,
    RetentionOverride,
    ReviewItem,
    Tombstone,
)

declare(
    Decision,
    name="Retention decision",
    data="Which reviewer decided, and their reason (written without naming people).",
    processing=(
        gdpr("Recording retention decisions (DESIGN.md principle 7)", basis=ART_6_LEGAL_OBLIGATION),
    ),
    retention=Rule.AUDIT_LOG,
)
declare(
    RetentionOverride,
    name="Retention override",
    data="Who set a partnership's retention period, and why.",
    processing=(gdpr("Applying the partnership's retention policy"),),
    retention=Rule.STAFF_RECORD,
)
for model, name, reason in (
    (ReviewItem, "Retention review item", "A record's class, id, rule and due date."),
    (Tombstone, "Tombstone", "A disposed record's class, id, rule and time of disposal."),
    (BlobDeletion, "Scheduled blob deletion", "A SHA-256 and when its lock ends."),
):
    no_personal_data(model, name=name, reason=reason)
