"""The audit app's models, declared for the record of processing activities."""

from lantern.audit.models import AuditCheckpoint, AuditEvent, AuditEventObject
from lantern.core.processing import ART_6_LEGAL_OBLIGATION, Rule, declare, gdpr, no_personal_data

declare(
    AuditEvent,
    name="Audit event",
    data="Who acted (a user id) and on which record (an id); details carry no personal data"
    " (lantern/audit/services.py checks them).",
    processing=(
        gdpr(
            "Accountability: showing what was done to personal data, by whom",
            basis=ART_6_LEGAL_OBLIGATION,
        ),
    ),
    retention=Rule.AUDIT_LOG,
)
declare(
    AuditEventObject,
    name="Audit event record",
    data="A record a list access event names (its type and id), as in the event's details.",
    processing=(
        gdpr(
            "Accountability: finding who read a record when it was read as part of a list",
            basis=ART_6_LEGAL_OBLIGATION,
        ),
    ),
    retention=Rule.AUDIT_LOG,
)
no_personal_data(
    AuditCheckpoint,
    name="Audit checkpoint",
    reason="A signed hash of the chain's head: an event number, a hash and a key id.",
)
