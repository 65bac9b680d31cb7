"""Writes to partnerships: creating one, its area, its member organisations, and sharing one
record with another partnership (an explicit, audited act with a reason). Each write has its
audit event in the same transaction (docs/adr/0015-partnership-is-the-scope.md)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import IntegrityError, transaction

from lantern.accounts.models import Organisation, Partnership, PartnershipMember, Share
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.core import areas, clock
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can

E = catalogue.declare
PARTNERSHIP_CREATED = E("partnership.created", "A partnership was created.")
PARTNERSHIP_AREA_SET = E(
    "partnership.area_set", "A partnership's area (the places its reports come from) was set."
)
PARTNERSHIP_MEMBER_ADDED = E(
    "partnership.member_added", "An organisation joined a partnership; details name it."
)
PARTNERSHIP_MEMBER_REMOVED = E(
    "partnership.member_removed", "An organisation left a partnership; details name it."
)
RECORD_SHARED = E(
    "record.shared",
    "A record was shared with another partnership; details give the partnership it was "
    "shared with and the share, which holds the reason.",
)
SHARE_WITHDRAWN = E(
    "record.share_withdrawn", "A record's share with another partnership was withdrawn."
)


def _require_admin(actor: Actor) -> None:
    if not can(actor, Permission.ORGANISATION_MANAGE):
        raise PermissionDenied("organisation.manage refused")


def _clean_area(boundary: Any) -> tuple[dict[str, Any] | None, tuple[float, ...] | None]:
    if boundary in (None, "", {}):
        return None, None
    try:
        shape = areas.parse_area_geojson(boundary)
    except areas.InvalidGeometry as exc:
        raise ValidationFailed({"boundary": [str(exc)]}) from None
    return shape.__geo_interface__, shape.bounds


def _set_area(partnership: Partnership, boundary: Any) -> None:
    geo, bounds = _clean_area(boundary)
    partnership.boundary = _jsonable(geo)
    if bounds is None:
        partnership.min_lng = partnership.min_lat = None
        partnership.max_lng = partnership.max_lat = None
    else:
        (
            partnership.min_lng,
            partnership.min_lat,
            partnership.max_lng,
            partnership.max_lat,
        ) = bounds


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def partnership_create(
    *,
    actor: Actor,
    name: str,
    boundary: Any = None,
    members: list[Organisation] | tuple[Organisation, ...] = (),
) -> Partnership:
    """Create a partnership, with its area (GeoJSON, optional) and first members."""
    _require_admin(actor)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed({"name": ["Enter the partnership's name"]})
    if len(name) > 200:
        raise ValidationFailed({"name": ["The name must be 200 characters or fewer"]})
    partnership = Partnership(name=name)
    _set_area(partnership, boundary)
    with transaction.atomic():
        if Partnership.objects.filter(name__iexact=name).exists():
            raise ValidationFailed({"name": ["A partnership with this name already exists"]})
        partnership.save()
        audit_record(
            actor=actor,
            action=PARTNERSHIP_CREATED,
            object_type="partnership",
            object_id=partnership.pk,
        )
        for organisation in members:
            _add_member(actor, partnership, organisation)
    return partnership


def partnership_set_area(*, actor: Actor, partnership_id: uuid.UUID, boundary: Any) -> Partnership:
    _require_admin(actor)
    with transaction.atomic():
        partnership = Partnership.objects.select_for_update().filter(pk=partnership_id).first()
        if partnership is None:
            raise NotFound("partnership")
        _set_area(partnership, boundary)
        partnership.save()
        audit_record(
            actor=actor,
            action=PARTNERSHIP_AREA_SET,
            object_type="partnership",
            object_id=partnership.pk,
            details={"has_area": partnership.boundary is not None},
        )
    return partnership


def _add_member(actor: Actor, partnership: Partnership, organisation: Organisation) -> None:
    _, created = PartnershipMember.objects.get_or_create(
        partnership=partnership, organisation=organisation
    )
    if created:
        audit_record(
            actor=actor,
            action=PARTNERSHIP_MEMBER_ADDED,
            object_type="partnership",
            object_id=partnership.pk,
            details={"organisation": str(organisation.pk)},
        )


def partnership_add_member(
    *, actor: Actor, partnership_id: uuid.UUID, organisation_id: uuid.UUID
) -> None:
    _require_admin(actor)
    with transaction.atomic():
        partnership = Partnership.objects.filter(pk=partnership_id).first()
        organisation = Organisation.objects.filter(pk=organisation_id).first()
        if partnership is None or organisation is None:
            raise NotFound("partnership" if partnership is None else "organisation")
        _add_member(actor, partnership, organisation)


def partnership_remove_member(
    *, actor: Actor, partnership_id: uuid.UUID, organisation_id: uuid.UUID
) -> None:
    """An organisation leaves: its staff no longer see the partnership's records. The
    records stay the partnership's."""
    _require_admin(actor)
    with transaction.atomic():
        deleted, _ = PartnershipMember.objects.filter(
            partnership_id=partnership_id, organisation_id=organisation_id
        ).delete()
        if not deleted:
            raise NotFound("partnership member")
        audit_record(
            actor=actor,
            action=PARTNERSHIP_MEMBER_REMOVED,
            object_type="partnership",
            object_id=partnership_id,
            details={"organisation": str(organisation_id)},
        )


def record_share(
    *,
    actor: Actor,
    object_type: str,
    object_id: uuid.UUID,
    from_partnership_id: uuid.UUID,
    to_partnership_id: uuid.UUID,
    reason: str,
) -> Share:
    """Share one record with another partnership. The owning app's service calls this once
    it has checked that the actor may see and share the record (it resolves the record
    through its own selectors); here: the actor must belong to the record's partnership,
    give a reason, and name another partnership that exists."""
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if from_partnership_id not in actor.partnership_ids and not actor.is_system:
        raise NotFound(object_type)
    if not reason:
        errors["reason"] = ["Say why the other partnership needs this record"]
    if to_partnership_id == from_partnership_id:
        errors["partnership"] = ["The record already belongs to this partnership"]
    elif not Partnership.objects.filter(pk=to_partnership_id).exists():
        errors["partnership"] = ["Choose a partnership to share with"]
    if errors:
        raise ValidationFailed(errors)
    try:
        with transaction.atomic():
            share = Share.objects.create(
                object_type=object_type,
                object_id=object_id,
                from_partnership_id=from_partnership_id,
                partnership_id=to_partnership_id,
                reason=reason[:2000],
                shared_by_id=actor.user_id,
            )
            audit_record(
                actor=actor,
                action=RECORD_SHARED,
                object_type=object_type,
                object_id=object_id,
                # The reason stays on the share (it may name people); the event points to it.
                details={"partnership": str(to_partnership_id), "share": str(share.pk)},
            )
    except IntegrityError:
        raise ValidationFailed(
            {"partnership": ["The record is already shared with this partnership"]}
        ) from None
    return share


def share_withdraw(*, actor: Actor, share_id: uuid.UUID) -> Share:
    """Withdraw a share: only staff of the partnership that gave it."""
    with transaction.atomic():
        share = Share.objects.select_for_update().filter(pk=share_id).first()
        if share is None or (
            share.from_partnership_id not in actor.partnership_ids and not actor.is_system
        ):
            raise NotFound("share")
        if share.withdrawn_at is None:
            share.withdrawn_at = clock.now()
            share.withdrawn_by_id = actor.user_id
            share.save(update_fields=["withdrawn_at", "withdrawn_by"])
            audit_record(
                actor=actor,
                action=SHARE_WITHDRAWN,
                object_type=share.object_type,
                object_id=share.object_id,
                details={"partnership": str(share.partnership_id)},
            )
    return share
