"""Supervisors are told that a draft waits for their approval (by email, and on their
dashboard's "Waiting for you"), in their own partnership only."""

from __future__ import annotations

import pytest
from django.core import mail

from conftest import actor_of
from lantern.accounts.models import User
from lantern.cases import services
from lantern.cases.tests.conftest import cpw_input
from lantern.core.actor import Role
from lantern.notifications.selectors import waiting_list

pytestmark = pytest.mark.django_db


def test_a_draft_waits_for_the_partnerships_supervisors(
    settings,
    officer,
    supervisor,
    case,
    person,
    linked_report,
    make_user,
    far,
    django_capture_on_commit_callbacks,
):
    settings.LANTERN_NOTIFICATIONS_BACKEND = "smtp"
    far_supervisor = actor_of(make_user(Role.SUPERVISOR, "far_police"))
    with django_capture_on_commit_callbacks(execute=True):
        action = services.action_draft(
            actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
        )
    (sent,) = mail.outbox
    assert sent.subject == f"An action waits for your approval ({case.reference})"
    assert f"/cases/actions/{action.pk}/" in sent.body
    # A link and the case's reference: never whom the warning is against.
    assert "Testwright" not in sent.body and "Corin" not in sent.body
    assert sent.to == [User.objects.get(pk=supervisor.user_id).email]

    (item,) = waiting_list(actor=supervisor)
    assert item.title == f"Community Protection Warning on case {case.reference} to approve"
    assert item.url == f"/cases/actions/{action.pk}/"
    assert waiting_list(actor=far_supervisor) == []
    assert waiting_list(actor=officer) == []

    services.action_approve(actor=supervisor, action_id=action.pk)
    assert waiting_list(actor=supervisor) == []
