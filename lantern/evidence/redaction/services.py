"""Writes to redactions: start one, add or take off boxes and muted sound, ask for and decide
suggestions, and ask for the redacted copy. Each in one transaction with its audit event on
the redaction. A redaction is changed only while it is a draft (or after a failed render); once
its copy is made it is frozen: a different redaction is a new one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction

from lantern.audit.services import audit_record
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.evidence.blobstore import blob_store
from lantern.evidence.redaction import events
from lantern.evidence.redaction.geometry import (
    Box,
    Picture,
    box_errors,
    mute_errors,
    range_errors,
)
from lantern.evidence.redaction.models import (
    Redaction,
    RedactionMute,
    RedactionRegion,
    RedactionSuggestion,
    RegionLabel,
)
from lantern.evidence.redaction.selectors import may_redact, redaction_get
from lantern.evidence.selectors import item_get
from lantern.evidence.tasks import render_redaction, suggest_redaction

MAX_REASON = 2000


def _audit(actor: Actor, action: str, redaction: Redaction, **details) -> None:
    audit_record(
        actor=actor,
        action=action,
        object_type=events.REDACTION,
        object_id=redaction.pk,
        details={"item": str(redaction.item_id), **details},
    )


def picture_of(redaction: Redaction) -> Picture:
    return Picture(
        redaction.width,
        redaction.height,
        redaction.is_video,
        redaction.seconds,
        redaction.frame_rate or 1.0,
        redaction.frame_count,
    )


def redaction_create(*, actor: Actor, item_id: uuid.UUID, reason: str, style: str) -> Redaction:
    """Start redacting an original video or photo: reads its size and length (the original
    is only read), then records the draft."""
    from lantern.evidence.redaction import media  # PyAV and Pillow, when a redaction starts

    item = item_get(actor=actor, item_id=item_id)
    if not may_redact(actor=actor, item=item):
        raise PermissionDenied("redact")
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = ["Say why this item is being redacted"]
    elif len(reason) > MAX_REASON:
        errors["reason"] = [f"The reason must be {MAX_REASON} characters or fewer"]
    if style not in Redaction.Style.values:
        errors["style"] = ["Choose blur or solid boxes"]
    if errors:
        raise ValidationFailed(errors)
    is_video = item.category == item.Category.VIDEO
    try:
        with blob_store().open(item.blob.sha256) as stream:
            found = media.probe_video(stream) if is_video else media.probe_photo(stream)
    except media.Unreadable:
        raise ValidationFailed(
            {"item": ["Lantern cannot read this file's pictures, so it cannot be redacted"]}
        ) from None
    picture = found.picture
    with transaction.atomic():
        redaction = Redaction.objects.create(
            item=item,
            partnership_id=item.partnership_id,
            created_by=actor.user_id,
            reason=reason.strip(),
            style=style,
            is_video=is_video,
            width=picture.width,
            height=picture.height,
            seconds=round(picture.seconds, 3),
            frame_rate=picture.rate,
            frame_count=picture.count,
            # Sound the uploader said was not recorded is left out, as in the playable copy.
            has_sound=found.has_sound and item.audio_recorded is not False,
        )
        _audit(actor, events.REDACTION_CREATED, redaction, style=style)
    return redaction


def _draft(actor: Actor, redaction_id: uuid.UUID) -> Redaction:
    redaction = redaction_get(actor=actor, redaction_id=redaction_id, for_update=True)
    if not redaction.is_draft:
        raise ValidationFailed(
            {"redaction": ["This redaction has been sent to be made: start a new one to change it"]}
        )
    return redaction


@dataclass(frozen=True)
class RegionInput:
    label: str
    box: Box
    start: float = 0.0
    end: float = 0.0
    end_box: Box | None = None  # where the box is at ``end``, when it moves


def region_add(*, actor: Actor, redaction_id: uuid.UUID, data: RegionInput) -> RedactionRegion:
    """Add a box (moving linearly to ``end_box`` by ``end``, when given) to a draft."""
    with transaction.atomic():
        redaction = _draft(actor, redaction_id)
        picture = picture_of(redaction)
        start, end = (data.start, data.end) if redaction.is_video else (0.0, 0.0)
        errors = box_errors(data.box, picture)
        if data.end_box is not None:
            errors = errors or box_errors(data.end_box, picture, "end_box")
        if redaction.is_video:
            errors = errors or range_errors(start, end, picture)
        if data.label not in RegionLabel.values:
            errors["label"] = ["Choose what the box covers"]
        if errors:
            raise ValidationFailed(errors)
        keyframes = [[start, *_values(data.box)]]
        if data.end_box is not None and end > start:
            keyframes.append([end, *_values(data.end_box)])
        region = RedactionRegion.objects.create(
            redaction=redaction,
            label=data.label,
            start=start,
            end=end,
            keyframes=keyframes,
            added_by=actor.user_id,
        )
        _audit(
            actor,
            events.REDACTION_REGION_ADDED,
            redaction,
            region=str(region.pk),
            label=data.label,
            start=start,
            end=end,
            keyframes=keyframes,
        )
    return region


def _values(box: Box) -> list[int]:
    return [box.x, box.y, box.w, box.h]


def region_remove(*, actor: Actor, redaction_id: uuid.UUID, region_id: uuid.UUID) -> None:
    with transaction.atomic():
        redaction = _draft(actor, redaction_id)
        region = redaction.regions.filter(pk=region_id).first()
        if region is None:
            raise NotFound("region")
        redaction.suggestions.filter(region=region).update(
            decision=RedactionSuggestion.Decision.PENDING, region=None, decided_by=None
        )
        region.delete()
        _audit(actor, events.REDACTION_REGION_REMOVED, redaction, region=str(region_id))


def mute_add(*, actor: Actor, redaction_id: uuid.UUID, start: float, end: float) -> RedactionMute:
    with transaction.atomic():
        redaction = _draft(actor, redaction_id)
        errors = mute_errors(start, end, picture_of(redaction), has_sound=redaction.has_sound)
        if errors:
            raise ValidationFailed(errors)
        mute = RedactionMute.objects.create(
            redaction=redaction,
            start=start,
            end=min(end, redaction.seconds + 1),
            added_by=actor.user_id,
        )
        _audit(actor, events.REDACTION_MUTE_ADDED, redaction, start=start, end=mute.end)
    return mute


def mute_remove(*, actor: Actor, redaction_id: uuid.UUID, mute_id: uuid.UUID) -> None:
    with transaction.atomic():
        redaction = _draft(actor, redaction_id)
        deleted, _ = redaction.mutes.filter(pk=mute_id).delete()
        if not deleted:
            raise NotFound("mute")
        _audit(actor, events.REDACTION_MUTE_REMOVED, redaction, mute=str(mute_id))


def suggestions_ask(*, actor: Actor, redaction_id: uuid.UUID) -> None:
    """Ask Lantern to look for faces and number plates, in the background."""
    with transaction.atomic():
        redaction = _draft(actor, redaction_id)
        if redaction.search == Redaction.Search.SEARCHING:
            return
        redaction.search = Redaction.Search.SEARCHING
        redaction.save(update_fields=["search", "updated_at"])
        _audit(actor, events.REDACTION_SUGGESTIONS_ASKED, redaction)
        pk = str(redaction.pk)
        transaction.on_commit(lambda: suggest_redaction.enqueue(pk))


def suggestion_decide(
    *, actor: Actor, redaction_id: uuid.UUID, suggestion_id: uuid.UUID, accept: bool
) -> RedactionSuggestion:
    """Accept a suggestion (it becomes a region with its keyframes) or reject it."""
    with transaction.atomic():
        redaction = _draft(actor, redaction_id)
        suggestion = redaction.suggestions.select_for_update().filter(pk=suggestion_id).first()
        if suggestion is None:
            raise NotFound("suggestion")
        if suggestion.decision != RedactionSuggestion.Decision.PENDING:
            raise ValidationFailed({"suggestion": ["This suggestion has already been decided"]})
        suggestion.decided_by = actor.user_id
        if accept:
            suggestion.region = RedactionRegion.objects.create(
                redaction=redaction,
                label=suggestion.label,
                start=suggestion.start,
                end=suggestion.end,
                keyframes=suggestion.keyframes,
                added_by=actor.user_id,
            )
            suggestion.decision = RedactionSuggestion.Decision.ACCEPTED
        else:
            suggestion.decision = RedactionSuggestion.Decision.REJECTED
        suggestion.save(update_fields=["decision", "decided_by", "region", "updated_at"])
        action = (
            events.REDACTION_SUGGESTION_ACCEPTED if accept else events.REDACTION_SUGGESTION_REJECTED
        )
        _audit(
            actor,
            action,
            redaction,
            suggestion=str(suggestion.pk),
            label=suggestion.label,
            region=str(suggestion.region_id or ""),
        )
    return suggestion


def render_ask(*, actor: Actor, redaction_id: uuid.UUID) -> Redaction:
    """The officer has checked the redaction: make the redacted copy in the background."""
    with transaction.atomic():
        redaction = _draft(actor, redaction_id)
        if not redaction.regions.exists() and not redaction.mutes.exists():
            raise ValidationFailed(
                {"redaction": ["Add at least one box, or sound to mute, before you make the copy"]}
            )
        redaction.status = Redaction.Status.RENDERING
        redaction.requested_by = actor.user_id
        redaction.progress = 0
        redaction.problem = ""
        redaction.save(
            update_fields=["status", "requested_by", "progress", "problem", "updated_at"]
        )
        _audit(actor, events.REDACTION_RENDER_ASKED, redaction)
        pk = str(redaction.pk)
        transaction.on_commit(lambda: render_redaction.enqueue(pk))
    return redaction
