"""Where messages go: GOV.UK Notify, SMTP (Django's email backend) or the console (the demo).
LANTERN_NOTIFICATIONS_BACKEND chooses one. A backend sends one message or raises
``TransientFailure`` (try again later: a timeout, a 5xx, a rate limit) or
``PermanentFailure`` (trying again cannot help: a refused address, a missing template).
The error text a backend gives is recorded, so it never holds the address."""

from __future__ import annotations

import smtplib
import sys
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from lantern.notifications.messages import MESSAGES, render
from lantern.notifications.models import Channel


class TransientFailure(Exception):
    """The message could not be sent now; it may go later."""


class PermanentFailure(Exception):
    """The message cannot be sent; trying again would fail the same way."""


@dataclass(frozen=True)
class Outgoing:
    channel: str
    address: str
    template: str
    personalisation: dict[str, object]
    reference: str  # the notification's id: names no one


class Backend(Protocol):
    def send(self, message: Outgoing) -> str:
        """Send it; return the provider's id for it ("" when there is none)."""


def _text(message: Outgoing) -> tuple[str, str]:
    template = MESSAGES[message.template]
    body = template.sms if message.channel == Channel.SMS and template.sms else template.body
    return (
        render(template.subject, message.personalisation),
        render(body, message.personalisation),
    )


class ConsoleBackend:
    """Prints each message to the worker's console, readably: the demo's backend."""

    def send(self, message: Outgoing) -> str:
        subject, body = _text(message)
        kind = "Text message" if message.channel == Channel.SMS else "Email"
        rule = "-" * 72
        sys.stdout.write(
            f"\n{rule}\n{kind} to {message.address}\n"
            + ("" if message.channel == Channel.SMS else f"Subject: {subject}\n")
            + f"\n{body}\n{rule}\n"
        )
        sys.stdout.flush()
        return ""


class SmtpBackend:
    """Email through Django's email backend (EMAIL_BACKEND, EMAIL_HOST, ...). It cannot send
    texts: a text message is a permanent failure, recorded, so that an operator sees it."""

    def send(self, message: Outgoing) -> str:
        if message.channel != Channel.EMAIL:
            raise PermanentFailure("the SMTP backend cannot send text messages")
        subject, body = _text(message)
        email = EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.address],
            headers={"X-Lantern-Reference": message.reference},
            connection=get_connection(timeout=30),
        )
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused:
            raise PermanentFailure("the mail server refused the address") from None
        except smtplib.SMTPResponseException as exc:
            failure = TransientFailure if 400 <= exc.smtp_code < 500 else PermanentFailure
            raise failure(f"the mail server answered {exc.smtp_code}") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise TransientFailure(
                f"could not reach the mail server ({type(exc).__name__})"
            ) from None
        return ""


class NotifyBackend:
    """GOV.UK Notify, through its Python client: the template of each key by its id
    (LANTERN_NOTIFY_TEMPLATES; a text message's key ends in "_sms"), the API key from
    LANTERN_NOTIFY_API_KEY."""

    def __init__(self) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(
            settings.LANTERN_NOTIFY_API_KEY,
            base_url=settings.LANTERN_NOTIFY_BASE_URL,
            timeout=settings.LANTERN_NOTIFY_TIMEOUT,
        )

    def send(self, message: Outgoing) -> str:
        from notifications_python_client.errors import APIError

        # A Notify template is an email or a text message: a text's key ends in "_sms".
        key = message.template + ("_sms" if message.channel == Channel.SMS else "")
        template_id = settings.LANTERN_NOTIFY_TEMPLATES.get(key)
        if not template_id:
            raise PermanentFailure(f"no Notify template id for {key}")
        try:
            if message.channel == Channel.SMS:
                answer = self.client.send_sms_notification(
                    phone_number=message.address,
                    template_id=template_id,
                    personalisation=message.personalisation,
                    reference=message.reference,
                )
            else:
                answer = self.client.send_email_notification(
                    email_address=message.address,
                    template_id=template_id,
                    personalisation=message.personalisation,
                    reference=message.reference,
                )
        except APIError as exc:
            # Notify's errors name the problem, never echo the address; keep the status and
            # the error types only, to be sure.
            status = exc.status_code
            failure = TransientFailure if status >= 500 or status == 429 else PermanentFailure
            raise failure(f"GOV.UK Notify answered {status}: {_error_names(exc)}") from None
        return str((answer or {}).get("id", ""))


def _error_names(exc: object) -> str:
    response = getattr(exc, "response", None)
    try:
        errors = response.json().get("errors", []) if response is not None else []
    except ValueError:
        errors = []
    names = [str(e.get("error", "")) for e in errors if isinstance(e, dict)]
    return ", ".join(n for n in names if n) or "request failed"


BACKENDS: dict[str, type[ConsoleBackend] | type[SmtpBackend] | type[NotifyBackend]] = {
    "console": ConsoleBackend,
    "smtp": SmtpBackend,
    "notify": NotifyBackend,
}


def backend() -> Backend:
    return BACKENDS[settings.LANTERN_NOTIFICATIONS_BACKEND]()
