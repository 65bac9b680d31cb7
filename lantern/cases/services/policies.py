"""A local authority's enforcement policy: the thresholds and periods it publishes, set by an
administrator, audited (lantern/cases/policy.py reads it; ADR 0014)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date

from django.db import transaction

from lantern.accounts.models import Organisation
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.cases.models import EnforcementPolicy
from lantern.cases.policy import RAISED_CAP_PENCE, policy_for
from lantern.cases.selectors.policies import authorities_in_scope
from lantern.cases.services.common import require
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.permissions import Permission

POLICY_SET = catalogue.declare(
    "enforcement_policy.set",
    "A local authority's enforcement policy (ASB Case Review threshold, how long warnings "
    "and notices last, fixed penalty amounts, the higher cap's date) was set.",
)

# What each value may be: the Act's limits where it sets one, otherwise sane bounds.
LIMITS: dict[str, tuple[int, int, str]] = {
    # s.104(4): a threshold of no more than three complaints.
    "case_review_incidents": (
        1,
        3,
        "The threshold must be 1 to 3 incidents (section 104(4) allows no more than three)",
    ),
    "case_review_months": (1, 12, "Give 1 to 12 months"),
    "case_review_hate_incidents": (
        0,
        3,
        "Give 0 to 3 hate incidents (0: a hate incident counts like any other)",
    ),
    "cpw_months": (1, 60, "Give 1 to 60 months"),
    "cpn_months": (1, 60, "Give 1 to 60 months"),
    # s.52(7), s.68: never more than the cap, which is at most 500 GBP once raised.
    "fpn_cpn_pence": (100, RAISED_CAP_PENCE, "Give an amount from £1 to £500"),
    "fpn_pspo_pence": (100, RAISED_CAP_PENCE, "Give an amount from £1 to £500"),
}


@dataclass
class PolicyInput:
    """The values an authority sets; None leaves a value to the deployment's default."""

    case_review_incidents: int | None = None
    case_review_months: int | None = None
    case_review_hate_incidents: int | None = None
    cpw_months: int | None = None
    cpn_months: int | None = None
    fpn_cpn_pence: int | None = None
    fpn_pspo_pence: int | None = None
    fpn_cap_500_from: date | None = None


def _validate(data: PolicyInput) -> None:
    errors: dict[str, list[str]] = {}
    for name, (low, high, message) in LIMITS.items():
        value = getattr(data, name)
        if value is not None and not low <= value <= high:
            errors[name] = [message]
    if errors:
        raise ValidationFailed(errors)


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _authority(actor: Actor, organisation_id: uuid.UUID) -> Organisation:
    authority = authorities_in_scope(actor=actor).filter(pk=organisation_id).first()
    if authority is None:
        raise NotFound("local authority")
    return authority


def enforcement_policy_set(
    *, actor: Actor, organisation_id: uuid.UUID, data: PolicyInput
) -> EnforcementPolicy:
    """Replace a council's enforcement policy (all of it: an empty value returns to the
    deployment's default). Actions already served keep the dates and amounts they were
    given; the policy applies from the next check or draft."""
    require(actor, Permission.ORGANISATION_MANAGE)
    _validate(data)
    with transaction.atomic():
        authority = _authority(actor, organisation_id)
        record, _ = EnforcementPolicy.objects.select_for_update().get_or_create(
            organisation=authority
        )
        values = {f.name: getattr(data, f.name) for f in fields(PolicyInput)}
        changed = sorted(name for name, value in values.items() if getattr(record, name) != value)
        for name, value in values.items():
            setattr(record, name, value)
        record.save()
        in_force = policy_for(authority)
        audit_record(
            actor=actor,
            action=POLICY_SET,
            object_type="organisation",
            object_id=authority.pk,
            details={
                "changed": changed,
                "in_force": {name: _plain(getattr(in_force, name)) for name in values},
            },
        )
    return record
