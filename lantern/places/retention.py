"""Disposing of footage requests at their own expiry (issue 23, docs/data-protection.md):
the rule ``footage_request_expiry`` starts the clock at the request's ``expires_at``. The
dataprotection app checks the legal holds (a request for a report in an open case...) before
it asks; evidence uploaded only in answer to the request goes with it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core.processing import Candidate, Disposal
from lantern.places.models import FootageRequest

MODEL = "places.FootageRequest"

FOOTAGE_REQUEST_DISPOSED = catalogue.declare(
    "footage_request.disposed",
    "A footage request was disposed of after its own expiry; details are empty (the tombstone"
    " names the rule).",
)


def request_candidates(started_by: datetime) -> Iterator[Candidate]:
    rows = FootageRequest.objects.filter(expires_at__lte=started_by).values_list(
        "pk", "camera__partnership_id", "expires_at"
    )
    for request_id, partnership_id, expires_at in rows.iterator():
        yield Candidate(request_id, partnership_id, expires_at)


def request_dispose(actor: Any, request_id: uuid.UUID) -> Disposal | None:
    rows = FootageRequest.objects.filter(pk=request_id).delete()[0]
    if not rows:
        return None
    audit_record(
        actor=actor,
        action=FOOTAGE_REQUEST_DISPOSED,
        object_type="footage_request",
        object_id=request_id,
    )
    return Disposal(rows=rows)
