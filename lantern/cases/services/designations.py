"""Designating a user to issue notices (and revoking it): who may serve what is a rule of
law (ISSUER_AUTHORISED in rules.py reads these), and so is who may designate
(DESIGNATING_BODY): each designation records the body that made it."""

from __future__ import annotations

import uuid

from django.db import transaction

from lantern.accounts import selectors as account_selectors
from lantern.accounts.models import Organisation
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.cases import issuers
from lantern.cases import rules as r
from lantern.cases.models import Designation
from lantern.cases.selectors.designations import bodies_in_scope, designations_in_scope
from lantern.cases.services.common import require
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.permissions import Permission

E = catalogue.declare
DESIGNATION_GRANTED = E("designation.granted", "A user was designated to issue notices.")
DESIGNATION_REVOKED = E("designation.revoked", "A user's designation to issue was revoked.")


def designating_bodies(*, actor: Actor, kind: str) -> list[Organisation]:
    """The organisations through which the actor may make a designation of ``kind``: those of
    the designating kind (DESIGNATING_BODY) in which they hold a granting role."""
    wanted = issuers.DESIGNATING_KIND.get(kind)
    held = [
        org for org, role in actor.memberships if org is not None and role in issuers.GRANTING_ROLES
    ]
    return list(bodies_in_scope(actor=actor).filter(pk__in=held, kind=wanted).order_by("name"))


def designation_grant(
    *, actor: Actor, user_id: uuid.UUID, kind: str, organisation_id: uuid.UUID | None = None
) -> Designation:
    """Designate a user, for the body named (or the one body through which the actor may
    make this kind of designation). DESIGNATING_BODY refuses a body that cannot make it, or
    that the actor does not act for."""
    require(actor, Permission.DESIGNATION_MANAGE)
    if kind not in Designation.Kind.values:
        raise ValidationFailed({"kind": ["Choose the designation"]})
    account_selectors.user_get(actor=actor, user_id=user_id)  # NotFound if not visible
    if organisation_id is not None:
        body = bodies_in_scope(actor=actor).filter(pk=organisation_id).first()
        if body is None:
            raise ValidationFailed({"organisation": ["Choose an organisation from the list"]})
    else:
        bodies = designating_bodies(actor=actor, kind=kind)
        if len(bodies) > 1:
            raise ValidationFailed(
                {"organisation": ["Choose the organisation that makes the designation"]}
            )
        body = bodies[0] if bodies else None
    r.DesignatingBody().enforce(r.DesignationStep(actor=actor, kind=kind, organisation=body))
    assert body is not None  # noqa: S101  (DESIGNATING_BODY refuses none)
    with transaction.atomic():
        designation = Designation.objects.create(
            user_id=user_id, kind=kind, organisation=body, granted_by_id=actor.user_id
        )
        audit_record(
            actor=actor,
            action=DESIGNATION_GRANTED,
            object_type="user",
            object_id=user_id,
            details={"kind": kind, "organisation": str(body.pk)},
        )
    return designation


def designation_revoke(*, actor: Actor, designation_id: uuid.UUID) -> Designation:
    require(actor, Permission.DESIGNATION_MANAGE)
    with transaction.atomic():
        designation = (
            designations_in_scope(actor=actor).filter(pk=designation_id, revoked_at=None).first()
        )
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
