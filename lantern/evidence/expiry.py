"""Abandoned uploads expire: their rows and partial bytes are deleted once past their expiry
time. The background task ``tasks.expire_uploads`` runs this; each new upload enqueues it."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.evidence.events import UPLOAD, UPLOADS_EXPIRED
from lantern.evidence.models import Upload
from lantern.evidence.partials import discard


def uploads_expire(*, actor: Actor, now: datetime | None = None) -> int:
    """Delete the partial bytes of uploads past their expiry time. Returns how many."""
    now = now or clock.now()
    stale = list(
        Upload.objects.filter(expires_at__lte=now)
        .exclude(status=Upload.Status.COMPLETE)
        .values_list("pk", flat=True)[:1000]
    )
    if not stale:
        return 0
    with transaction.atomic():
        Upload.objects.filter(pk__in=stale).delete()
        audit_record(
            actor=actor,
            action=UPLOADS_EXPIRED,
            object_type=UPLOAD,
            details={"count": len(stale)},
        )
    for upload_id in stale:
        discard(upload_id)
    return len(stale)
