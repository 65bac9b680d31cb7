"""The evidence app's models, declared for the record of processing activities."""

from lantern.core.processing import (
    ART_10_CRIMINAL_OFFENCE,
    PART_3_SENSITIVE,
    RetentionSubject,
    Rule,
    declare,
    gdpr,
    no_personal_data,
    part3,
    register_hold_provider,
    register_retention_subject,
)
from lantern.evidence import retention
from lantern.evidence.models import (
    Blob,
    Bundle,
    BundleKey,
    EvidenceItem,
    EvidenceLink,
    Exhibit,
    ItemFlag,
    ItemMetadata,
    Redaction,
    RedactionMute,
    RedactionRegion,
    RedactionSuggestion,
    Statement,
    StatementExhibit,
    Upload,
)

# Footage, photos and statements are handed over about incidents; they are evidence when an
# offence is investigated or prosecuted (DOMAIN.md 5, 7.2), and may show a person's sex life
# or health (DOMAIN.md 7.1).
HANDLING = gdpr(
    "Receiving and keeping evidence of anti-social behaviour for casework",
    ART_10_CRIMINAL_OFFENCE,
)
PROSECUTION = part3("Evidence for the investigation and prosecution of offences", PART_3_SENSITIVE)
BOTH = (HANDLING, PROSECUTION)

declare(
    Blob,
    name="Evidence file (bytes)",
    data="Footage, photographs, audio and documents as handed over: may show anyone.",
    processing=BOTH,
    retention=Rule.EVIDENCE,
)
for model, name, data in (
    (Upload, "Upload in progress", "Partial bytes of a file being handed over, its uploader."),
    (EvidenceItem, "Evidence item", "Who handed a file over, its name, how and when made."),
    (ItemFlag, "Evidence content check", "What the checks found in a file."),
    (ItemMetadata, "Evidence file metadata", "Device, time and position a file records."),
    (EvidenceLink, "Evidence link", "Which report, case or request a file belongs to."),
    (Exhibit, "Exhibit", "The producing officer's initials and the exhibit number."),
    (Redaction, "Redaction", "What was obscured in a copy and why."),
    (RedactionRegion, "Redaction region", "A box obscuring a face, plate or place."),
    (RedactionMute, "Redaction mute", "A stretch of sound silenced."),
    (RedactionSuggestion, "Redaction suggestion", "A face or plate found by detection."),
    (StatementExhibit, "Statement exhibit", "Which exhibit a statement refers to."),
):
    declare(model, name=name, data=data, processing=BOTH, retention=Rule.EVIDENCE)
declare(
    Statement,
    name="Witness statement (MG11)",
    data="The witness's name, age if under 18, occupation, account, availability for court.",
    processing=BOTH,
    retention=Rule.CPIA_MATERIAL,
)
declare(
    Bundle,
    name="Evidence bundle",
    data="A case's exhibits and statements as sent to a recipient (a signed manifest).",
    processing=(PROSECUTION,),
    retention=Rule.CPIA_MATERIAL,
)
no_personal_data(
    BundleKey,
    name="Bundle signing key",
    reason="A partnership's signing key pair (sealed private key, public key).",
)

# --- retention -----------------------------------------------------------------------------
# Evidence has no clock of its own: it is disposed of with the record it was filed under.
register_retention_subject(
    RetentionSubject(
        model=retention.MODEL,
        candidates=lambda _started_by: [],
        dispose=retention.item_dispose,
        followers=retention.items_following,
    )
)
register_hold_provider("evidence", retention.item_holds)
