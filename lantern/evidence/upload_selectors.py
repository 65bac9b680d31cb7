"""Reads of uploads, for their uploader only: their own (signed in) or one made with the
same capability (tus and the receipt page). Split from ``selectors`` for its length."""

from __future__ import annotations

import uuid

from lantern.core.actor import Actor
from lantern.core.errors import NotFound
from lantern.evidence.models import EvidenceItem, ItemFlag, Upload


def upload_for_client(*, actor: Actor, token_digest: str, upload_id: uuid.UUID) -> Upload:
    """An upload as its uploader sees it: their own (signed in) or one made with the same
    capability. Anyone else gets NotFound."""
    upload = Upload.objects.filter(pk=upload_id).first()
    if upload is None:
        raise NotFound("upload")
    if upload.owner_id is not None and upload.owner_id == actor.user_id:
        return upload
    if upload.token_digest and token_digest and upload.token_digest == token_digest:
        return upload
    raise NotFound("upload")


def upload_flag_codes(*, upload: Upload) -> list[str]:
    """The flag codes of a finished upload's item, for its uploader: ``upload`` comes from
    ``upload_for_client`` (or was just made by them), which is the permission check."""
    if upload.item_id is None:
        return []
    return list(
        ItemFlag.objects.filter(item_id=upload.item_id)
        .order_by("created_at", "code")
        .values_list("code", flat=True)
    )


def upload_item(*, upload: Upload) -> EvidenceItem:
    """The item a finished upload became (with its blob), for its uploader: ``upload`` comes
    from ``upload_for_client`` (or was just made by them), which is the permission check."""
    if upload.item_id is None:
        raise NotFound("evidence item")
    return EvidenceItem.objects.select_related("blob").get(pk=upload.item_id)
