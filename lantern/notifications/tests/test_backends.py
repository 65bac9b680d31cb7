"""Each backend on its own: what it sends, and how it says a failure is transient or not."""

from __future__ import annotations

import smtplib

import jwt
import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from lantern.notifications import backends
from lantern.notifications.backends import Outgoing, PermanentFailure, TransientFailure
from lantern.notifications.tests.conftest import SECRET, SERVICE_ID, TEMPLATES

RECEIVED = {
    "reference": "LAN-7K2P9Q",
    "tracking": "Your tracking code is ABCD-EFGH.",
    "link": "https://lantern.example.test/reports/follow/",
}


def outgoing(channel: str = "email", template: str = "report_received", **kw) -> Outgoing:
    address = "resident@example.test" if channel == "email" else "07700900123"
    return Outgoing(
        channel=channel,
        address=kw.pop("address", address),
        template=template,
        personalisation=kw.pop("personalisation", RECEIVED),
        reference="6b1f8c1e-0000-4000-8000-000000000001",
    )


def test_console_prints_an_email_readably(capsys):
    backends.ConsoleBackend().send(outgoing())
    printed = capsys.readouterr().out
    assert "Email to resident@example.test" in printed
    assert "Subject: Your report LAN-7K2P9Q has been received" in printed
    assert "Your tracking code is ABCD-EFGH." in printed
    assert "Follow your report at https://lantern.example.test/reports/follow/" in printed
    assert "((" not in printed


def test_console_prints_a_text_message_with_its_short_wording(capsys):
    backends.ConsoleBackend().send(outgoing("sms"))
    printed = capsys.readouterr().out
    assert "Text message to 07700900123" in printed
    assert "Subject:" not in printed
    assert "Lantern: report LAN-7K2P9Q received." in printed


def test_smtp_sends_through_djangos_email_backend():
    backends.SmtpBackend().send(outgoing())
    (sent,) = mail.outbox
    assert sent.to == ["resident@example.test"]
    assert sent.subject == "Your report LAN-7K2P9Q has been received"
    assert "Your reference is LAN-7K2P9Q." in sent.body
    assert sent.extra_headers["X-Lantern-Reference"] == "6b1f8c1e-0000-4000-8000-000000000001"


def test_smtp_cannot_send_a_text_message():
    with pytest.raises(PermanentFailure, match="cannot send text messages"):
        backends.SmtpBackend().send(outgoing("sms"))
    assert mail.outbox == []


class _Disconnected(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("gone")


class _Busy(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPDataError(451, b"try later")


class _Refused(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"resident@example.test": (550, b"no such user")})


@pytest.mark.parametrize(
    ("backend", "failure", "words"),
    [
        (_Disconnected, TransientFailure, "could not reach the mail server"),
        (_Busy, TransientFailure, "answered 451"),
        (_Refused, PermanentFailure, "refused the address"),
    ],
)
def test_smtp_failures_are_sorted_and_name_no_address(settings, backend, failure, words):
    settings.EMAIL_BACKEND = f"{__name__}.{backend.__name__}"
    with pytest.raises(failure) as raised:
        backends.SmtpBackend().send(outgoing())
    assert words in str(raised.value)
    assert "resident@example.test" not in str(raised.value)


def test_notify_posts_the_email_notification_notify_expects(notify_api):
    provider_id = backends.NotifyBackend().send(outgoing())
    (request,) = notify_api.received
    assert request.path == "/v2/notifications/email"
    assert request.body == {
        "email_address": "resident@example.test",
        "template_id": TEMPLATES["report_received"],
        "personalisation": RECEIVED,
        "reference": "6b1f8c1e-0000-4000-8000-000000000001",
    }
    # Notify's authorisation: a JWT signed with the key's secret, issued by the service id.
    scheme, token = request.headers["Authorization"].split(" ")
    assert scheme == "Bearer"
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert claims["iss"] == SERVICE_ID
    assert len(provider_id) == 36


def test_notify_posts_a_text_message_to_the_sms_endpoint(notify_api):
    backends.NotifyBackend().send(outgoing("sms", template="report_updated"))
    (request,) = notify_api.received
    assert request.path == "/v2/notifications/sms"
    assert request.body["phone_number"] == "07700900123"
    assert request.body["template_id"] == TEMPLATES["report_updated_sms"]
    assert "email_address" not in request.body


@pytest.mark.parametrize(
    ("status", "failure"),
    [
        (500, TransientFailure),
        (429, TransientFailure),
        (400, PermanentFailure),
        (403, PermanentFailure),
    ],
)
def test_notify_errors_are_sorted_by_status(notify_api, status, failure):
    notify_api.statuses = [status]
    with pytest.raises(failure) as raised:
        backends.NotifyBackend().send(outgoing())
    assert f"answered {status}" in str(raised.value)
    assert "resident@example.test" not in str(raised.value)


def test_notify_unreachable_is_transient(notify_api, settings):
    settings.LANTERN_NOTIFY_BASE_URL = "http://127.0.0.1:9"  # discard: nothing listens
    with pytest.raises(TransientFailure):
        backends.NotifyBackend().send(outgoing())


def test_notify_without_a_template_id_for_the_key_is_permanent(notify_api):
    with pytest.raises(PermanentFailure, match="no Notify template id for review_needed"):
        backends.NotifyBackend().send(
            outgoing(template="review_needed", personalisation={"reference": "SC-1", "link": "/"})
        )
    assert notify_api.received == []


def test_the_docs_hold_every_message_as_sent():
    from pathlib import Path

    from lantern.notifications.messages import MESSAGES

    docs = (Path(__file__).resolve().parents[3] / "docs" / "notifications.md").read_text()
    for message in MESSAGES.values():
        assert f"### `{message.key}`" in docs
        assert f"Subject: `{message.subject}`" in docs
        assert f"```text\n{message.body}\n```" in docs
        if message.sms:
            assert f"```text\n{message.sms}\n```" in docs


def test_deploy_checks_name_a_console_backend_and_a_notify_backend_without_its_key(settings):
    from lantern.notifications.checks import notifications_configured

    settings.LANTERN_NOTIFICATIONS_BACKEND = "console"
    assert [c.id for c in notifications_configured(None)] == ["notifications.W001"]
    settings.LANTERN_NOTIFICATIONS_BACKEND = "notify"
    settings.LANTERN_NOTIFY_API_KEY = ""
    settings.LANTERN_NOTIFY_TEMPLATES = {"report_received": "6f1c"}
    found = {c.id: c.msg for c in notifications_configured(None)}
    assert set(found) == {"notifications.E001", "notifications.W002"}
    assert "report_updated_sms" in found["notifications.W002"]
    assert "report_received," not in found["notifications.W002"]
    settings.LANTERN_NOTIFICATIONS_BACKEND = "smtp"
    assert notifications_configured(None) == []
