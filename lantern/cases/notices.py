"""Telling the partnership's supervisors that an enforcement action waits for approval: the
case's reference and a link, never whom the action is against."""

from __future__ import annotations

from django.urls import reverse

from lantern.cases.models import EnforcementAction
from lantern.core.actor import Role
from lantern.notifications.services import staff_told_on_commit


def approval_waiting(action: EnforcementAction) -> None:
    staff_told_on_commit(
        template="approval_waiting",
        path=reverse("cases:action", args=[action.pk]),
        reference=action.case.reference,
        role=Role.SUPERVISOR,
        partnership_id=action.case.partnership_id,
        except_user_id=action.created_by_id,
    )
