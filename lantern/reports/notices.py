"""Telling the reporter, by the channel they chose on the report (email, a text to their
phone, or not at all), that their report was received and each time it is updated
publicly. Called by the services once their transaction commits; the message carries the
reference, the tracking code (once, on receipt) and a link: never what was reported."""

from __future__ import annotations

from django.urls import reverse

from lantern.notifications.services import Channel, Recipient, absolute, notify_on_commit
from lantern.reports.models import Report

TRACKING = (
    "Your tracking code is {code}. Keep it: you need it with your reference to follow your report."
)


def _recipient(report: Report) -> Recipient | None:
    if report.source == Report.Source.OPEN311:
        return None  # the client that sent it tells its own users
    if report.contact == Report.Contact.EMAIL:
        return Recipient(Channel.EMAIL, report.contact_email, report.reporter_id)
    if report.contact == Report.Contact.PHONE:
        return Recipient(Channel.SMS, report.contact_phone, report.reporter_id)
    return None


def _link(report: Report) -> str:
    if report.reporter_id and report.source == Report.Source.WEB:
        return absolute(reverse("reports:mine-detail", args=[report.reference]))
    return absolute(reverse("reports:follow"))


def _tell(report: Report, template: str, **extra: str) -> None:
    recipient = _recipient(report)
    if recipient is None:
        return
    personalisation = {"reference": report.reference, "link": _link(report), **extra}
    notify_on_commit(template=template, recipient=recipient, personalisation=personalisation)


def tell_reporter_received(report: Report, tracking_code: str | None) -> None:
    _tell(
        report,
        "report_received",
        tracking=TRACKING.format(code=tracking_code) if tracking_code else "",
    )


def tell_reporter_updated(report: Report) -> None:
    _tell(report, "report_updated")
