"""Named areas: GeoJSON polygons other apps filter by. An area belongs to the partnership
its creator drew it for (``partnership_for_creator``: their only one, or the one they chose);
its name is unique within that partnership."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from lantern.accounts.selectors import partnership_at, partnership_for_creator, partnership_names
from lantern.audit.services import audit_record
from lantern.core import areas
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.permissions import Permission
from lantern.places.models import Area
from lantern.places.services.actions import (
    AREA_CREATED,
    AREA_PUBLICITY_CHANGED,
    AREA_UPDATED,
    require,
)

# --- areas ------------------------------------------------------------------------------------


def _clean_area(name: str, geojson: Any) -> tuple[str, Any, tuple[float, float, float, float]]:
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = ["Enter the area's name"]
    elif len(name) > 120:
        errors["name"] = ["The name must be 120 characters or fewer"]
    bounds = (0.0, 0.0, 0.0, 0.0)
    try:
        shape = areas.parse_area_geojson(geojson)
        bounds = shape.bounds
    except areas.InvalidGeometry as exc:
        errors["geojson"] = [str(exc)]
    if errors:
        raise ValidationFailed(errors)
    return name, shape.__geo_interface__, bounds


def _partnership(actor: Actor, partnership_id: uuid.UUID | None, geo: Any) -> uuid.UUID:
    """The creator's partnership (their only one, or the one they chose). Lantern itself
    (a command, the demo) names one, or gets the partnership whose area holds the area."""
    if not actor.is_system:
        return partnership_for_creator(actor=actor, partnership_id=partnership_id)
    if partnership_id is not None:
        if partnership_id not in partnership_names():
            raise ValidationFailed({"partnership": ["Choose the partnership this area is for"]})
        return partnership_id
    inside = areas.parse_area_geojson(geo).representative_point()
    found = partnership_at(inside.y, inside.x)
    if found is None:
        raise ValidationFailed({"partnership": ["No partnership serves this area"]})
    return found.pk


def area_create(
    *, actor: Actor, name: str, geojson: Any, partnership_id: uuid.UUID | None = None
) -> Area:
    """Draw a named area for one of the creator's partnerships (``partnership_id`` when
    they belong to several)."""
    require(actor, Permission.AREA_MANAGE)
    name, geo, (min_lng, min_lat, max_lng, max_lat) = _clean_area(name, geojson)
    partnership = _partnership(actor, partnership_id, geo)
    with transaction.atomic():
        if Area.objects.filter(partnership_id=partnership, name__iexact=name).exists():
            raise ValidationFailed({"name": ["An area with this name already exists"]})
        area = Area.objects.create(
            partnership_id=partnership,
            name=name,
            geojson=_jsonable(geo),
            min_lat=min_lat,
            min_lng=min_lng,
            max_lat=max_lat,
            max_lng=max_lng,
        )
        audit_record(actor=actor, action=AREA_CREATED, object_type="area", object_id=area.pk)
    return area


def area_update(*, actor: Actor, area_id: uuid.UUID, name: str, geojson: Any) -> Area:
    """Change an area's name or polygon: staff of its own partnership only."""
    require(actor, Permission.AREA_MANAGE)
    name, geo, (min_lng, min_lat, max_lng, max_lat) = _clean_area(name, geojson)
    with transaction.atomic():
        areas_here = Area.objects.select_for_update()
        if not actor.is_system:  # changed only by its own partnership's staff, never by a share
            areas_here = areas_here.filter(partnership_id__in=actor.partnership_ids)
        area = areas_here.filter(pk=area_id).first()
        if area is None:
            raise NotFound("area")
        same_name = Area.objects.filter(partnership_id=area.partnership_id, name__iexact=name)
        if same_name.exclude(pk=area.pk).exists():
            raise ValidationFailed({"name": ["An area with this name already exists"]})
        area.name, area.geojson = name, _jsonable(geo)
        area.min_lat, area.min_lng, area.max_lat, area.max_lng = min_lat, min_lng, max_lat, max_lng
        area.save()
        audit_record(actor=actor, action=AREA_UPDATED, object_type="area", object_id=area.pk)
    return area


def area_set_public(*, actor: Actor, area_id: uuid.UUID, public: bool) -> Area:
    """Show an area to anyone as a neighbourhood page (aggregate counts only), or stop:
    staff of its own partnership who manage areas."""
    require(actor, Permission.AREA_MANAGE)
    with transaction.atomic():
        areas_here = Area.objects.select_for_update()
        if not actor.is_system:
            areas_here = areas_here.filter(partnership_id__in=actor.partnership_ids)
        area = areas_here.filter(pk=area_id).first()
        if area is None:
            raise NotFound("area")
        if area.public != public:
            area.public = public
            area.save(update_fields=["public", "updated_at"])
            audit_record(
                actor=actor,
                action=AREA_PUBLICITY_CHANGED,
                object_type="area",
                object_id=area.pk,
                details={"public": public},
            )
    return area


def _jsonable(value: Any) -> Any:
    """Shapely's __geo_interface__ uses tuples; store plain lists."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
