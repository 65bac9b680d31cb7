"""The subject access app's models, declared for the record of processing activities, and
its legal hold: a record found for a request in progress is not disposed of until the
response is released (issue 23)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from lantern.core.processing import (
    ART_6_LEGAL_OBLIGATION,
    ART_9_SUBSTANTIAL_PUBLIC_INTEREST,
    ART_10_CRIMINAL_OFFENCE,
    PART_3_SENSITIVE,
    Rule,
    declare,
    gdpr,
    part3,
    register_hold_provider,
)
from lantern.subjectaccess import selectors
from lantern.subjectaccess.models import ClockPause, FoundRecord, SubjectAccessRequest

ANSWERING = (
    gdpr("Answering a subject access request (UK GDPR Art. 15)", basis=ART_6_LEGAL_OBLIGATION),
    part3("Answering a subject access request under DPA 2018 s.45"),
)

declare(
    SubjectAccessRequest,
    name="Subject access request",
    data="Who asked, how to reach them, how their identity was checked, who the request is"
    " about (name, date of birth, email, phone, vehicle), and the response released.",
    processing=ANSWERING,
    retention=Rule.SUBJECT_ACCESS,
)
declare(
    ClockPause,
    name="Subject access request: clock stopped",
    data="When the request's clock was stopped and restarted, and why.",
    processing=ANSWERING,
    retention=Rule.SUBJECT_ACCESS,
)
declare(
    FoundRecord,
    name="Subject access request: record found",
    data="A copy of what an app holds on the person (which may be safeguarding or criminal"
    " offence data), the reviewer's redactions and exemptions.",
    processing=(
        gdpr(
            "Answering a subject access request (UK GDPR Art. 15)",
            ART_9_SUBSTANTIAL_PUBLIC_INTEREST,
            ART_10_CRIMINAL_OFFENCE,
            basis=ART_6_LEGAL_OBLIGATION,
        ),
        part3("Answering a subject access request under DPA 2018 s.45", PART_3_SENSITIVE),
    ),
    retention=Rule.SUBJECT_ACCESS,
)

HOLD_REASON = "a subject access request in progress"


def _request_holds(model_label: str, record_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Records found for a request not yet released (found records are named by their
    model's lower-case label, ``reports.report``)."""
    held = selectors.holds_for(source=model_label.lower(), record_ids=record_ids)
    return dict.fromkeys(held, HOLD_REASON)


register_hold_provider("subjectaccess", _request_holds)
