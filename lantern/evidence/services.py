"""Writes to evidence items: storing one, links, custody events, exhibits, upload capabilities.

The tus upload services live in ``uploads.py``, derived copies in ``previews.py`` and
statements in ``statements.py``; the audit actions of all of them are declared in
``events.py``. Each custody event is an audit event on the item (object_type
"evidence_item"), written in the same transaction as the change.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction

from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can
from lantern.evidence.blobstore import blob_store
from lantern.evidence.contentchecks import Flag
from lantern.evidence.events import (
    EXHIBIT_ASSIGNED,
    ITEM,
    ITEM_DOWNLOADED,
    ITEM_EXPORTED,
    ITEM_FLAGGED,
    ITEM_HASHED,
    ITEM_LINKED,
    ITEM_RECEIVED,
    ITEM_STORED,
    ITEM_VIEWED,
    UPLOAD_TOKEN_ISSUED,
)
from lantern.evidence.filetypes import Verdict
from lantern.evidence.models import Blob, EvidenceItem, EvidenceLink, Exhibit, ItemFlag, LinkKind
from lantern.evidence.selectors import item_get_for_update, link_target_check
from lantern.evidence.tasks import make_playable, make_previews, read_metadata

# --- upload capabilities (anonymous reports) ----------------------------------------------------

_TOKEN_SALT = "lantern.evidence.upload-capability"  # noqa: S105 - a salt, not a secret
LINKABLE = {LinkKind.REPORT, LinkKind.FOOTAGE_REQUEST, LinkKind.CASE}


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def upload_token_issue(*, actor: Actor, link_kind: str, link_id: uuid.UUID) -> str:
    """A signed, short-lived capability to upload evidence to one report (or footage request),
    for someone who has no account. The report journey (or places) hands it out after it has
    created the record; the token names the record and expires after
    ``LANTERN_UPLOAD_TOKEN_HOURS``. Only its digest is ever stored."""
    if link_kind not in LINKABLE:
        raise ValidationFailed({"link_kind": ["Uploads can be attached to a report or request"]})
    with transaction.atomic():
        token = signing.dumps(
            {"k": link_kind, "i": str(link_id), "n": uuid.uuid4().hex}, salt=_TOKEN_SALT
        )
        audit_record(
            actor=actor,
            action=UPLOAD_TOKEN_ISSUED,
            object_type=link_kind,
            object_id=link_id,
            details={"capability": token_digest(token)[:16]},
        )
    return token


def upload_token_read(token: str) -> tuple[str, uuid.UUID] | None:
    """The (kind, id) a capability grants, or None when it is forged, altered or expired."""
    if not token or len(token) > 500:
        return None
    try:
        data = signing.loads(token, salt=_TOKEN_SALT, max_age=token_max_age())
        return str(data["k"]), uuid.UUID(data["i"])
    except (signing.BadSignature, KeyError, ValueError, TypeError):
        return None


def token_max_age() -> int:
    return int(getattr(settings, "LANTERN_UPLOAD_TOKEN_HOURS", 24)) * 3600


# --- items ----------------------------------------------------------------------------------


def item_create_from_upload(
    *,
    actor: Actor,
    source: Path,
    sha256: str,
    size: int,
    verdict: Verdict,
    flags: tuple[Flag, ...],
    filename: str,
    submitted_by: uuid.UUID | None,
    token_digest: str,
    device_kind: str,
    claimed_capture_at: datetime | None,
    clock_offset_seconds: int | None,
    audio_recorded: bool | None,
    link_kind: str,
    link_id: uuid.UUID | None,
    partnership_id: uuid.UUID,
    upload_id: uuid.UUID | None,
    via: str = "",
    move: bool = False,
) -> EvidenceItem:
    """Store the bytes (it may take a while and may fail cleanly), then record the item and
    its first custody events in one transaction. ``upload_id`` names the tus upload the bytes
    came through; ``via`` says how they came otherwise (an Open311 multipart field). The
    caller has decided the item's partnership (``lantern.evidence.scope``): the upload's, or
    the report's the files came with. ``flags`` are what the content checks found
    (``contentchecks.inspect``): recorded on the item and in its chain of custody; the bytes
    are stored unchanged all the same."""
    key = blob_store().put(source, sha256=sha256, size=size, move=move)  # or BlobStoreError
    with transaction.atomic():
        blob, created = Blob.objects.get_or_create(
            sha256=sha256, defaults={"size": size, "storage_key": key}
        )
        item = EvidenceItem.objects.create(
            blob=blob,
            partnership_id=partnership_id,
            filename=filename[:255],
            media_type=verdict.media_type,
            category=verdict.category,
            warning=verdict.warning,
            submitted_by=submitted_by,
            token_digest=token_digest,
            device_kind=device_kind,
            claimed_capture_at=claimed_capture_at,
            clock_offset_seconds=clock_offset_seconds,
            audio_recorded=audio_recorded,
        )
        audit_record(
            actor=actor,
            action=ITEM_RECEIVED,
            object_type=ITEM,
            object_id=item.pk,
            details={
                "bytes": size,
                "media_type": verdict.media_type,
                **({"upload": str(upload_id)} if upload_id else {}),
                **({"via": via} if via else {}),
            },
        )
        audit_record(
            actor=actor,
            action=ITEM_HASHED,
            object_type=ITEM,
            object_id=item.pk,
            details={"sha256": sha256},
        )
        audit_record(
            actor=actor,
            action=ITEM_STORED,
            object_type=ITEM,
            object_id=item.pk,
            details={"sha256": sha256, "already_stored": not created},
        )
        _flag(actor=actor, item=item, flags=flags)
        if link_kind and link_id:
            _link(actor=actor, item=item, kind=link_kind, target_id=link_id)
        transaction.on_commit(lambda: _previews_soon(item.pk, item.category))
    return item


def _flag(*, actor: Actor, item: EvidenceItem, flags: tuple[Flag, ...]) -> None:
    """Record the content checks' flags on a new item, with one custody event naming them."""
    if not flags:
        return
    ItemFlag.objects.bulk_create(
        [ItemFlag(item=item, code=flag.code, detail=flag.detail[:300]) for flag in flags]
    )
    audit_record(
        actor=actor,
        action=ITEM_FLAGGED,
        object_type=ITEM,
        object_id=item.pk,
        details={"flags": [str(flag.code) for flag in flags]},
    )


def _previews_soon(item_id: uuid.UUID, category: str) -> None:
    """Ask the background worker for the item's preview (lantern.evidence.previews), what
    its file says about itself (lantern.evidence.metadata) and, for a recording, its
    playable copy (lantern.evidence.playable)."""
    make_previews.enqueue(str(item_id))
    if category != EvidenceItem.Category.DOCUMENT:
        read_metadata.enqueue(str(item_id))
    if category in (EvidenceItem.Category.VIDEO, EvidenceItem.Category.OPAQUE):
        make_playable.enqueue(str(item_id))


def _link(*, actor: Actor, item: EvidenceItem, kind: str, target_id: uuid.UUID) -> EvidenceLink:
    link, created = EvidenceLink.objects.get_or_create(item=item, kind=kind, target_id=target_id)
    if created:
        audit_record(
            actor=actor,
            action=ITEM_LINKED,
            object_type=ITEM,
            object_id=item.pk,
            details={"kind": kind, "target": str(target_id)},
        )
    return link


def item_link(*, actor: Actor, item_id: uuid.UUID, kind: str, target_id: uuid.UUID) -> EvidenceLink:
    """Attach an item to a report, footage request or case (by id). Evidence checks the
    actor may handle the item, and resolves the record through its owner for the actor: one
    they may not see, or that does not exist, is NotFound."""
    if kind not in LINKABLE:
        raise ValidationFailed({"kind": ["Evidence can be linked to a report, request or case"]})
    with transaction.atomic():
        item = item_get_for_update(actor=actor, item_id=item_id)
        if not can(actor, Permission.EVIDENCE_MANAGE, item):
            raise PermissionDenied("evidence link")
        link_target_check(actor=actor, kind=kind, target_id=target_id)
        return _link(actor=actor, item=item, kind=kind, target_id=target_id)


def item_custody_event(*, actor: Actor, item: EvidenceItem, action: str, **details: object) -> None:
    """Record a read-side custody event (viewed, downloaded, exported) on an item."""
    if action not in (ITEM_VIEWED, ITEM_DOWNLOADED, ITEM_EXPORTED):
        raise ValueError(f"{action} is not a read-side custody event")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=action,
            object_type=ITEM,
            object_id=item.pk,
            details={k: v for k, v in details.items() if isinstance(v, (str, int, bool))},
        )


# --- exhibits -------------------------------------------------------------------------------

_INITIALS = re.compile(r"^[A-Z]{1,4}$")


def initials_of(display_name: str) -> str:
    """A producer's initials from their name: "Rosa Pike" -> "RP"."""
    letters = [part[0] for part in re.split(r"[\s\-]+", display_name.strip()) if part[:1].isalpha()]
    return "".join(letters).upper()[:4] or "X"


def exhibit_assign(
    *,
    actor: Actor,
    case_id: uuid.UUID,
    item_id: uuid.UUID,
    initials: str,
    number: int | None = None,
) -> Exhibit:
    """Give an item an exhibit reference in a case, in the police style: the producer's
    initials and a number ("RP/1"). Without ``number``, the producer's next number in the
    case. References are unique within the case, and an item has one reference per case:
    a reference already used, or an item already referenced, is refused with the reason.
    The case is resolved for the actor (lantern.core.directory): one they may not see, or
    that does not exist, is NotFound."""
    initials = (initials or "").strip().upper()
    if not _INITIALS.match(initials):
        raise ValidationFailed({"initials": ["Enter the producer's initials, 1 to 4 letters"]})
    if number is not None and not 1 <= number <= 99_999:
        raise ValidationFailed({"number": ["Enter a number from 1 to 99999"]})
    for _attempt in range(3):
        try:
            with transaction.atomic():
                item = item_get_for_update(actor=actor, item_id=item_id)
                if not can(actor, Permission.EVIDENCE_MANAGE, item):
                    raise PermissionDenied("exhibit")
                link_target_check(actor=actor, kind=LinkKind.CASE, target_id=case_id)
                existing = Exhibit.objects.filter(case_id=case_id, item=item).first()
                if existing is not None:
                    raise ValidationFailed(
                        {
                            "item": [
                                f"This item is already exhibit {existing.reference} in this case"
                            ]
                        }
                    )
                chosen = number
                if chosen is None:
                    used = Exhibit.objects.filter(case_id=case_id, initials=initials)
                    chosen = max(used.values_list("number", flat=True), default=0) + 1
                reference = f"{initials}/{chosen}"
                if Exhibit.objects.filter(case_id=case_id, reference=reference).exists():
                    raise ValidationFailed(
                        {
                            "number": [
                                f"{reference} is already used in this case for another item: "
                                "choose another number, or leave it blank for the next one"
                            ]
                        }
                    )
                exhibit = Exhibit.objects.create(
                    case_id=case_id,
                    item=item,
                    initials=initials,
                    number=chosen,
                    reference=reference,
                    produced_by=actor.user_id,
                )
                _link(actor=actor, item=item, kind=LinkKind.CASE, target_id=case_id)
                audit_record(
                    actor=actor,
                    action=EXHIBIT_ASSIGNED,
                    object_type=ITEM,
                    object_id=item.pk,
                    details={"case": str(case_id), "reference": exhibit.reference},
                )
                return exhibit
        except IntegrityError:  # a racer took the reference (or the item) first: look again
            continue
    raise ValidationFailed({"number": ["Could not give a unique reference: try again"]})
