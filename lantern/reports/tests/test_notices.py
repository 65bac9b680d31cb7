"""The reporter is told, by the channel they chose, that their report was received (with its
reference and tracking code) and each time it is updated publicly; staff see new reports
waiting for them."""

from __future__ import annotations

import pytest
from django.core import mail

from conftest import actor_of
from lantern.core.actor import Role
from lantern.notifications.models import Notification
from lantern.notifications.selectors import waiting_list
from lantern.reports.services import report_add_public_update, report_set_status
from lantern.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    settings.LANTERN_NOTIFICATIONS_BACKEND = "smtp"


def test_an_emailing_reporter_gets_the_reference_and_tracking_code(
    smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = make_report(contact="email", contact_email="reporter@example.test")
    (sent,) = mail.outbox
    assert sent.to == ["reporter@example.test"]
    assert created.report.reference in sent.subject
    assert f"Your tracking code is {created.tracking_code}." in sent.body
    assert "/reports/follow/" in sent.body
    # A reference and a link only: nothing of what was reported.
    assert created.report.description not in sent.body
    notification = Notification.objects.get()
    assert (notification.template, notification.status) == ("report_received", "sent")


def test_a_signed_in_reporter_is_linked_to_their_report(
    smtp, make_user, django_capture_on_commit_callbacks
):
    resident = actor_of(make_user(Role.RESIDENT))
    with django_capture_on_commit_callbacks(execute=True):
        created = make_report(resident, contact="email", contact_email="me@example.test")
    (sent,) = mail.outbox
    assert created.tracking_code is None
    assert "tracking code" not in sent.body
    assert f"/reports/mine/{created.report.reference}/" in sent.body
    assert Notification.objects.get().recipient_user_id == resident.user_id


def test_a_reporter_who_chose_their_phone_gets_a_text(
    settings, capsys, django_capture_on_commit_callbacks
):
    settings.LANTERN_NOTIFICATIONS_BACKEND = "console"
    with django_capture_on_commit_callbacks(execute=True):
        created = make_report(contact="phone", contact_phone="07700900123")
    printed = capsys.readouterr().out
    assert "Text message to 07700900123" in printed
    assert f"report {created.report.reference} received" in printed
    assert Notification.objects.get().channel == "sms"


def test_a_reporter_who_chose_not_to_be_contacted_is_not(smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_report(contact="none")
        make_report(anonymous=True, contact="email", contact_email="x@example.test")
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_each_public_update_is_sent_but_not_other_changes(
    smtp, make_user, django_capture_on_commit_callbacks
):
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    report = make_report(contact="email", contact_email="reporter@example.test").report
    with django_capture_on_commit_callbacks(execute=True):
        report_set_status(actor=officer, report_id=report.pk, status="assigned")
        report_add_public_update(
            actor=officer, report_id=report.pk, text="An officer visited Larkspur Row."
        )
    (sent,) = mail.outbox
    assert sent.subject == f"There is an update on your report {report.reference}"
    assert "visited" not in sent.body  # read on the report's page, not in the email


def test_new_reports_wait_for_officers_of_their_partnership_only(make_user, far):
    report = make_report(contact="none").report
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    far_officer = actor_of(make_user(Role.POLICE_OFFICER, "far_police"))
    (item,) = waiting_list(actor=officer)
    assert report.reference in item.title
    assert item.url == f"/reports/triage/{report.pk}/"
    assert waiting_list(actor=far_officer) == []
    # Safeguarding leads and supervisors are told of their own work, not the triage queue.
    assert waiting_list(actor=actor_of(make_user(Role.SAFEGUARDING_LEAD))) == []
