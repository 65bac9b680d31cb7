"""The messages Lantern sends, by key. With GOV.UK Notify each key names a template made in
Notify (its id in LANTERN_NOTIFY_TEMPLATES); the text here is what to paste into it, and
what the SMTP and console backends send. Placeholders are Notify's ``((name))``.

No message carries a name or a description: a reference and a link, so that a message read
over someone's shoulder, or forwarded, says nothing about the people involved."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    key: str
    subject: str
    body: str  # for email; texts use ``sms`` when given, else the body
    sms: str = ""

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(_PLACEHOLDER.findall(self.subject + self.body + self.sms))


_PLACEHOLDER = re.compile(r"\(\(([a-z_]+)\)\)")

MESSAGES: dict[str, Message] = {
    m.key: m
    for m in (
        Message(
            "report_received",
            "Your report ((reference)) has been received",
            "Thank you for your report.\n\n"
            "Your reference is ((reference)).\n"
            "((tracking))\n\n"
            "Follow your report at ((link))",
            "Lantern: report ((reference)) received. ((tracking)) Follow it at ((link))",
        ),
        Message(
            "report_updated",
            "There is an update on your report ((reference))",
            "There is an update on your report ((reference)).\n\nRead it at ((link))",
            "Lantern: update on report ((reference)). Read it at ((link))",
        ),
        Message(
            "approval_waiting",
            "An action waits for your approval (((reference)))",
            "An enforcement action on case ((reference)) waits for a supervisor's approval.\n\n"
            "Open it at ((link))",
        ),
        Message(
            "review_needed",
            "A safeguarding review is needed (((reference)))",
            "A screening found signs of exploitation or a risk of harm, and a safeguarding "
            "review is needed (((reference))).\n\nOpen the queue at ((link))",
        ),
        Message(
            "referral_received",
            "A referral has been received (((reference)))",
            "Your organisation has received a referral (((reference))).\n\nOpen it at ((link))",
        ),
        Message(
            "footage_requested",
            "Footage has been requested from your camera",
            "The police or council have asked whether your camera recorded footage that "
            "may help with a report (((reference))).\n\nSee the request at ((link))",
            "Lantern: footage has been requested from your camera (((reference))). See the "
            "request at ((link))",
        ),
        Message(
            "footage_deletion_reminder",
            "Time to delete old footage from your camera",
            "You told us your camera (((reference))) keeps footage for ((days)) days. Please "
            "delete the footage it recorded before ((delete_before)).\n\n((keep))\n\n"
            "If your camera films beyond your boundary (a street, a footpath, shared space or "
            "a neighbour's home), data protection law applies to you and you should delete "
            "footage regularly. The ICO's guidance for people using CCTV at home: "
            "((guidance))\n\nSee your camera at ((link))",
            "Lantern: time to delete footage your camera (((reference))) recorded before "
            "((delete_before)). ((keep)) See ((link))",
        ),
        Message(
            "waiting_digest",
            "((count)) things wait for you in Lantern",
            "These wait for you in Lantern:\n\n((items))\n\n"
            "Open your dashboard at ((link))\n\n"
            "To stop this daily email, change your settings at ((settings_link))",
        ),
    )
}


def render(text: str, personalisation: dict[str, object]) -> str:
    """Fill Notify-style placeholders; a list becomes bullet lines, as Notify renders it."""

    def value(match: re.Match[str]) -> str:
        found = personalisation.get(match.group(1), "")
        if isinstance(found, list):
            return "\n".join(f"* {item}" for item in found)
        return str(found)

    return _PLACEHOLDER.sub(value, text)
