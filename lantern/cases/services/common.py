"""What the cases services share: the permission check, the case a change is made to
(locked), a reference, an area's polygon, and the end of every change to a case (save,
note, audit)."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Model

from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.cases.models import Case, CaseNote
from lantern.cases.selectors.cases import case_list
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can

# Declared here, not in cases.py: withdrawing a share (shares.py) can change the case too.
CASE_UPDATED = catalogue.declare(
    "case.updated", "A case's lead officer, partners, review date or area changed."
)

REFERENCE_ALPHABET = "34679ACDEFGHJKMNPQRTWXY"


def draw_reference(prefix: str) -> str:
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{prefix}-{body[:4]}-{body[4:]}"


def require(actor: Actor, permission: Permission, record: Any = None) -> None:
    if not can(actor, permission, record):
        raise PermissionDenied(str(permission))


def case_for_update(actor: Actor, case_id: uuid.UUID) -> Case:
    """The open case the actor may manage, locked until the end of the transaction so that
    two changes to it cannot overwrite each other."""
    case = case_list(actor=actor).select_for_update(of=("self",)).filter(pk=case_id).first()
    if case is None:
        raise NotFound("case")
    require(actor, Permission.CASE_MANAGE, case)
    if case.status == Case.Status.CLOSED:
        raise ValidationFailed({"case": ["This case is closed"]})
    return case


def case_changed(
    actor: Actor,
    case: Case,
    *,
    event: str,
    note_kind: str,
    notes: Iterable[str],
    details: dict[str, Any] | None = None,
    record: Model | None = None,
    fields: Sequence[str] | None = None,
) -> None:
    """The end of every change to a case, inside the transaction that locked it: save the
    record that changed (the case, unless another is given; only ``fields`` if given), put
    each line of ``notes`` on the case's timeline and record the audit event on the case."""
    (record or case).save(update_fields=fields)
    for text in notes:
        CaseNote.objects.create(case=case, kind=note_kind, text=text, author_id=actor.user_id)
    audit_record(actor=actor, action=event, object_type="case", object_id=case.pk, details=details)


def validate_area(area: Any, field: str = "area") -> dict | None:
    """An area drawn on the map: one valid GeoJSON polygon, or None when none was drawn."""
    if area in (None, "", {}):
        return None
    from shapely.geometry import shape

    try:
        geometry = shape(area)
    except Exception:
        raise ValidationFailed({field: ["Draw the area as a polygon on the map"]}) from None
    if geometry.geom_type != "Polygon" or not geometry.is_valid or geometry.is_empty:
        raise ValidationFailed({field: ["Draw the area as one polygon whose edges do not cross"]})
    return dict(area)
