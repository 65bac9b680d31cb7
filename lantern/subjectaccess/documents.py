"""The response to a subject access request as data: what the PDF shows and the JSON holds,
made from the reviewed records. Items marked as third-party data are replaced by a note;
records left out as not about the person are not mentioned; records withheld under an
exemption are counted, by exemption, so that the person knows something was withheld and
why (UK GDPR Art. 12(4); DPA 2018 s.45(5))."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from typing import Any

from django.utils.timezone import localdate

from lantern.frontend.dates import format_date
from lantern.subjectaccess.models import (
    Decision,
    Exemption,
    FoundRecord,
    Regime,
    SubjectAccessRequest,
)

FORMAT = "lantern.subject-access-response/1"
REDACTED = "[Removed: information about someone else]"

NOTES = {
    Regime.UK_GDPR: [
        "This is a copy of the personal data the partnership's organisations hold about you in"
        " Lantern, given under Article 15 of the UK GDPR.",
        "You have the right to ask for inaccurate data to be corrected, and to complain to the"
        " Information Commissioner's Office (ico.org.uk) if you are unhappy with this response"
        " (UK GDPR Art. 15(1)(e)-(f)).",
    ],
    Regime.PART_3: [
        "This is a copy of the personal data held about you in Lantern for law enforcement"
        " purposes, given under section 45 of the Data Protection Act 2018.",
        "You have the right to ask for inaccurate data to be corrected, and to complain to the"
        " Information Commissioner's Office (ico.org.uk) if you are unhappy with this response"
        " (DPA 2018 s.45(2)).",
    ],
}


def _items(found: FoundRecord) -> list[dict[str, Any]]:
    marked = set(found.redacted)
    return [
        {"label": item["label"], "value": REDACTED, "redacted": True}
        if index in marked
        else {"label": item["label"], "value": item["value"], "redacted": False}
        for index, item in enumerate(found.items)
    ]


def response(
    sar: SubjectAccessRequest, found: list[FoundRecord], *, released_on: datetime
) -> dict[str, Any]:
    given = [f for f in found if f.decision == Decision.GIVE]
    withheld = Counter(f.exemption for f in found if f.decision == Decision.EXEMPT)
    labels = dict(Exemption.choices)
    return {
        "format": FORMAT,
        "reference": sar.reference,
        "regime": sar.get_regime_display(),
        "about": sar.subject_name,
        "received_on": sar.received_on.isoformat(),
        "released_on": localdate(released_on).isoformat(),
        "records": [
            {
                "kind": f.title,
                "source": f.source,
                "reference": f.reference,
                "recorded_on": f.recorded_on.isoformat() if f.recorded_on else None,
                "items": _items(f),
            }
            for f in given
        ],
        "withheld": [
            {"exemption": str(labels[code]), "records": count}
            for code, count in sorted(withheld.items())
        ],
        "notes": NOTES[Regime(sar.regime)],
    }


def as_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False).encode()


def heading(data: dict[str, Any]) -> list[str]:
    """The lines at the top of the PDF."""
    from datetime import date

    return [
        f"Reference: {data['reference']}",
        f"About: {data['about']}",
        f"Made under: {data['regime']}",
        f"Received on {format_date(date.fromisoformat(data['received_on']))};"
        f" answered on {format_date(date.fromisoformat(data['released_on']))}.",
    ]
