"""The audit log in the API, for administrators."""

from ninja import Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from lantern.audit import selectors
from lantern.audit.schemas import AuditEventOut, VerdictOut
from lantern.audit.services import audit_chain_verify
from lantern.core.api import MAX_DB_INT, ErrorOut, SequenceCursorPagination, Text, actor_of
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can

router = Router(tags=["audit"])


class EventFilter(Schema):
    object_type: Text(100) = ""  # type: ignore[valid-type]
    object_id: Text(100) = ""  # type: ignore[valid-type]
    action: Text(100) = ""  # type: ignore[valid-type]


@router.get("/events", response=list[AuditEventOut])
@paginate(SequenceCursorPagination)
def event_list(request: LanternRequest, filters: Query[EventFilter]):
    """The log, newest first, 50 events a page (``page_size`` up to 500). The log holds
    millions of events, so it pages by cursor and is never counted: follow ``next`` for older
    events and ``previous`` for newer ones."""
    return selectors.audit_event_list(
        actor=actor_of(request),
        object_type=filters.object_type,
        object_id=filters.object_id,
        action=filters.action,
    )


@router.get("/events/{seq}", response={200: AuditEventOut, 404: ErrorOut})
def event_get(request: LanternRequest, seq: int = Path(..., ge=1, le=MAX_DB_INT)):
    return selectors.audit_event_get(actor=actor_of(request), seq=seq)


@router.post("/verify", response={200: VerdictOut, 403: ErrorOut})
def verify(request: LanternRequest):
    """Recompute the whole chain and check every signed checkpoint now (for large logs,
    prefer `lantern audit verify`)."""
    actor = actor_of(request)
    if not can(actor, Permission.AUDIT_VERIFY):
        return Status(403, {"detail": "You may not verify the audit log"})
    return Status(200, audit_chain_verify(actor=actor).as_dict())
