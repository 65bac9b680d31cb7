"""Designating a user to issue notices (and revoking it): who may serve what is a rule of
law (ISSUER_AUTHORISED in rules.py reads these)."""

from __future__ import annotations

import uuid

from django.db import transaction

from lantern.accounts import selectors as account_selectors
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.cases.models import Designation
from lantern.cases.services.common import require
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.permissions import Permission

E = catalogue.declare
DESIGNATION_GRANTED = E("designation.granted", "A user was designated to issue notices.")
DESIGNATION_REVOKED = E("designation.revoked", "A user's designation to issue was revoked.")


def designation_grant(*, actor: Actor, user_id: uuid.UUID, kind: str) -> Designation:
    require(actor, Permission.DESIGNATION_MANAGE)
    if kind not in Designation.Kind.values:
        raise ValidationFailed({"kind": ["Choose the designation"]})
    account_selectors.user_get(actor=actor, user_id=user_id)  # NotFound if not visible
    with transaction.atomic():
        designation = Designation.objects.create(
            user_id=user_id, kind=kind, granted_by_id=actor.user_id
        )
        audit_record(
            actor=actor,
            action=DESIGNATION_GRANTED,
            object_type="user",
            object_id=user_id,
            details={"kind": kind},
        )
    return designation


def designation_revoke(*, actor: Actor, designation_id: uuid.UUID) -> Designation:
    require(actor, Permission.DESIGNATION_MANAGE)
    with transaction.atomic():
        designation = Designation.objects.filter(pk=designation_id, revoked_at=None).first()
        if designation is None:
            raise NotFound("designation")
        account_selectors.user_get(actor=actor, user_id=designation.user_id)
        designation.revoked_at = clock.now()
        designation.save()
        audit_record(
            actor=actor,
            action=DESIGNATION_REVOKED,
            object_type="user",
            object_id=designation.user_id,
            details={"kind": designation.kind},
        )
    return designation
