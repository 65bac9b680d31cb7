"""Every write of the subject access app: recording a request, stopping and restarting its
clock, an extension, the search of every app, the reviewer's decision on each record found
and the release of the response. Each runs in one transaction with its audit event (whose
details never carry personal data); the rules in rules.py refuse what the law does not allow."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.timezone import localdate

from lantern.audit.services import audit_record
from lantern.core import clock, directory
from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied, ValidationFailed
from lantern.core.registration import normalise
from lantern.subjectaccess import documents, events, rules, selectors
from lantern.subjectaccess.models import (
    ClockPause,
    Decision,
    Exemption,
    FoundRecord,
    IdentityCheck,
    PauseKind,
    Regime,
    Status,
    SubjectAccessRequest,
)

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _today() -> date:
    return localdate(clock.now())


def _user(actor: Actor) -> uuid.UUID:
    """The signed-in person acting: requests are recorded by people, not by Lantern."""
    if actor.user_id is None:
        raise PermissionDenied
    return actor.user_id


def _reference() -> str:
    while True:
        reference = "SAR-" + "".join(secrets.choice(ALPHABET) for _ in range(6))
        if not SubjectAccessRequest.objects.filter(reference=reference).exists():
            return reference


def _locked(actor: Actor, request_id: uuid.UUID) -> SubjectAccessRequest:
    sar = selectors.sar_get(actor=actor, request_id=request_id)
    sar = SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)
    rules.ReleasedIsFinal().enforce(sar.status == Status.RELEASED)
    return sar


def _due(sar: SubjectAccessRequest) -> str:
    line = selectors.deadline_of(sar)
    return line.due_on.isoformat() if line.due_on else ""


@dataclass(frozen=True)
class RequestInput:
    regime: str
    received_on: date
    requester_name: str
    requester_contact: str
    identity_check: str
    subject_name: str
    identity_notes: str = ""
    subject_date_of_birth: date | None = None
    subject_email: str = ""
    subject_phone: str = ""
    subject_registration: str = ""
    partnership_id: uuid.UUID | None = None


def _check(data: RequestInput, actor: Actor) -> uuid.UUID:
    errors: dict[str, list[str]] = {}
    if data.regime not in Regime.values:
        errors["regime"] = ["Choose the law the request is made under"]
    if data.identity_check not in IdentityCheck.values:
        errors["identity_check"] = ["Choose how the requester's identity was checked"]
    if data.received_on > _today():
        errors["received_on"] = ["The day the request was received must be today or before"]
    for name in ("requester_name", "requester_contact", "subject_name"):
        if not getattr(data, name).strip():
            errors[name] = [
                {
                    "requester_name": "Enter the requester's name",
                    "requester_contact": "Enter how to contact the requester",
                    "subject_name": "Enter the name of the person the request is about",
                }[name]
            ]
    partnerships = sorted(actor.partnership_ids)
    partnership = data.partnership_id or (partnerships[0] if len(partnerships) == 1 else None)
    if partnership not in actor.partnership_ids:
        errors["partnership_id"] = ["Choose the partnership the request was made to"]
    if errors:
        raise ValidationFailed(errors)
    assert partnership is not None  # noqa: S101 (checked above)
    return partnership


def request_record(*, actor: Actor, data: RequestInput) -> SubjectAccessRequest:
    """Record a subject access request as received. Its clock starts on the day received."""
    selectors.sar_list(actor=actor)  # the permission check
    partnership_id = _check(data, actor)
    with transaction.atomic():
        sar = SubjectAccessRequest.objects.create(
            reference=_reference(),
            partnership_id=partnership_id,
            regime=data.regime,
            received_on=data.received_on,
            requester_name=data.requester_name.strip(),
            requester_contact=data.requester_contact.strip(),
            identity_check=data.identity_check,
            identity_notes=data.identity_notes.strip(),
            subject_name=data.subject_name.strip(),
            subject_date_of_birth=data.subject_date_of_birth,
            subject_email=data.subject_email.strip(),
            subject_phone=data.subject_phone.strip(),
            subject_registration=normalise(data.subject_registration)
            if data.subject_registration.strip()
            else "",
            created_by_id=_user(actor),
        )
        audit_record(
            actor=actor,
            action=events.RECORDED,
            object_type=events.REQUEST,
            object_id=sar.pk,
            details={
                "reference": sar.reference,
                "regime": sar.regime,
                "received_on": sar.received_on.isoformat(),
                "identity_check": sar.identity_check,
                "due_on": _due(sar),
            },
        )
    return sar


def clock_stop(*, actor: Actor, request_id: uuid.UUID, kind: str, on: date) -> ClockPause:
    """Stop the clock from ``on``, the day the requester was asked for information to check
    their identity or to clarify the request."""
    if kind not in PauseKind.values:
        raise ValidationFailed({"kind": ["Choose why the clock stops"]})
    with transaction.atomic():
        sar = _locked(actor, request_id)
        if selectors.open_pause(sar) is not None:
            raise ValidationFailed({"kind": ["The clock is already stopped: restart it first"]})
        if on < sar.received_on or on > _today():
            raise ValidationFailed(
                {"on": ["The day must be between the day the request was received and today"]}
            )
        pause = ClockPause.objects.create(
            request=sar, kind=kind, started_on=on, recorded_by_id=_user(actor)
        )
        audit_record(
            actor=actor,
            action=events.CLOCK_STOPPED,
            object_type=events.REQUEST,
            object_id=sar.pk,
            details={"reason": kind, "on": on.isoformat()},
        )
    return pause


def clock_restart(
    *, actor: Actor, request_id: uuid.UUID, on: date, identity_check: str = ""
) -> ClockPause:
    """The information asked for arrived on ``on``: the clock restarts. After an identity
    check, say how identity was confirmed (and a whole month starts again from ``on``)."""
    with transaction.atomic():
        sar = _locked(actor, request_id)
        pause = selectors.open_pause(sar)
        if pause is None:
            raise ValidationFailed({"on": ["The clock is not stopped"]})
        if on < pause.started_on or on > _today():
            raise ValidationFailed(
                {"on": ["The day must be between the day the clock stopped and today"]}
            )
        if pause.kind == PauseKind.IDENTITY:
            if identity_check not in IdentityCheck.values or identity_check == "not_yet":
                raise ValidationFailed(
                    {"identity_check": ["Choose how the requester's identity was confirmed"]}
                )
            sar.identity_check = identity_check
            sar.save(update_fields=["identity_check", "updated_at"])
        pause.ended_on = on
        pause.save(update_fields=["ended_on", "updated_at"])
        audit_record(
            actor=actor,
            action=events.CLOCK_RESTARTED,
            object_type=events.REQUEST,
            object_id=sar.pk,
            details={"reason": pause.kind, "on": on.isoformat(), "due_on": _due(sar)},
        )
    return pause


def extension_record(
    *, actor: Actor, request_id: uuid.UUID, months: int, noticed_on: date, reason: str
) -> SubjectAccessRequest:
    """Record the notice extending the time limit by ``months`` (one or two) for complexity
    or the number of requests. Refused once the first month has ended."""
    with transaction.atomic():
        sar = _locked(actor, request_id)
        if noticed_on < sar.received_on or noticed_on > _today():
            raise ValidationFailed(
                {"noticed_on": ["The notice must be dated between receipt and today"]}
            )
        first = selectors.deadline_of(sar).first_month_ends
        context = rules.Extension(months, noticed_on, reason, first)
        for rule in (
            rules.ExtensionAtMostTwoMonths,
            rules.ExtensionNoticeInTime,
            rules.ExtensionStatesReasons,
        ):
            rule().enforce(context)
        sar.extension_months = months
        sar.extension_noticed_on = noticed_on
        sar.extension_reason = reason.strip()
        sar.save(
            update_fields=[
                "extension_months",
                "extension_noticed_on",
                "extension_reason",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action=events.EXTENDED,
            object_type=events.REQUEST,
            object_id=sar.pk,
            details={"months": months, "noticed_on": noticed_on.isoformat(), "due_on": _due(sar)},
        )
    return sar


def _query(sar: SubjectAccessRequest) -> directory.SubjectQuery:
    return directory.SubjectQuery(
        partnership_ids=frozenset({sar.partnership_id}),
        name=sar.subject_name,
        date_of_birth=sar.subject_date_of_birth,
        email=sar.subject_email,
        phone=sar.subject_phone,
        registration=sar.subject_registration,
    )


def search_run(*, actor: Actor, request_id: uuid.UUID) -> dict[str, int]:
    """Search every app for the records held on the request's subject (each app's finder,
    lantern/core/directory.py) and keep what was found, with the decisions already made on
    records found before; records no longer found are dropped. Returns how many each app
    found: all zero for a person Lantern does not know, which is recorded as such."""
    with transaction.atomic():
        sar = _locked(actor, request_id)
        query = directory.subject_identify(actor, _query(sar))
        found = directory.subject_records(actor, query)
        existing = {(f.source, f.record_id): f for f in sar.found.select_for_update()}
        kept: set[tuple[str, uuid.UUID]] = set()
        for finder, records in found.items():
            for record in records:
                key = (record.source, record.record_id)
                if key in kept:
                    continue
                kept.add(key)
                row = existing.get(key) or FoundRecord(
                    request=sar, source=record.source, record_id=record.record_id
                )
                row.finder = finder
                row.reference = record.reference[:40]
                row.title = record.title[:300]
                row.why = record.why[:300]
                items = [{"label": i.label, "value": i.value} for i in record.items]
                if row.pk and row.items != items:
                    row.redacted = []  # what was marked may have moved
                row.items = items
                row.recorded_on = record.recorded_on
                row.save()
        for key, row in existing.items():
            if key not in kept:
                row.delete()
        sar.searched_at = clock.now()
        sar.save(update_fields=["searched_at", "updated_at"])
        counts = {name: len(records) for name, records in found.items()}
        audit_record(
            actor=actor,
            action=events.SEARCHED,
            object_type=events.REQUEST,
            object_id=sar.pk,
            details={"found": counts, "total": len(kept)},
        )
    return counts


def record_review(
    *,
    actor: Actor,
    request_id: uuid.UUID,
    found_id: uuid.UUID,
    decision: str,
    redacted: list[int] | None = None,
    exemption: str = "",
    exemption_reason: str = "",
) -> FoundRecord:
    """The reviewer's decision on one record found: give it (with the items marked as
    third-party data redacted), leave it out as not about the person, or withhold it under
    an exemption, with the reason."""
    if decision not in (Decision.GIVE, Decision.NOT_THEM, Decision.EXEMPT):
        raise ValidationFailed({"decision": ["Choose what to do with this record"]})
    if exemption not in Exemption.values:
        raise ValidationFailed({"exemption": ["Choose the exemption"]})
    with transaction.atomic():
        sar = _locked(actor, request_id)
        found = selectors.found_get(sar=sar, found_id=found_id)
        marks = sorted(set(redacted or []))
        if any(not 0 <= i < len(found.items) for i in marks):
            raise ValidationFailed({"redacted": ["Choose items of this record"]})
        if decision == Decision.EXEMPT:
            context = rules.Review(sar.regime, decision, exemption, exemption_reason)
            rules.ExemptionNeedsReason().enforce(context)
            rules.ExemptionFitsRegime().enforce(context)
        else:
            exemption, exemption_reason = Exemption.NONE, ""
        if decision != Decision.GIVE:
            marks = []
        found.decision = decision
        found.exemption = exemption
        found.exemption_reason = exemption_reason.strip()
        found.redacted = marks
        found.reviewed_by_id = actor.user_id
        found.save()
        audit_record(
            actor=actor,
            action=events.REVIEWED,
            object_type=events.FOUND,
            object_id=found.pk,
            details={
                "request": sar.reference,
                "source": found.source,
                "decision": decision,
                "exemption": exemption,
                "redacted": len(marks),
            },
        )
    return found


def response_release(*, actor: Actor, request_id: uuid.UUID) -> SubjectAccessRequest:
    """Release the response: the PDF and the JSON are made from the reviewed records, kept
    as released (never changed again) and their SHA-256 recorded in the audit log. The
    legal hold on the records found ends with it."""
    from lantern.subjectaccess import pdf  # reportlab, only when a response is made

    with transaction.atomic():
        sar = _locked(actor, request_id)
        context = rules.Release(
            searched=sar.searched_at is not None,
            identity_pending=any(
                p.kind == PauseKind.IDENTITY and p.ended_on is None for p in sar.pauses.all()
            ),
            undecided=selectors.undecided_count(sar),
        )
        for rule in (
            rules.ReleaseNeedsSearch,
            rules.ReleaseNeedsIdentity,
            rules.ReleaseNeedsEveryRecordReviewed,
        ):
            rule().enforce(context)
        now = clock.now()
        sar.released_at = now
        sar.released_by_id = actor.user_id
        response = documents.response(sar, selectors.found_records(sar=sar), released_on=now)
        sar.response_json = documents.as_json(response)
        sar.response_pdf = pdf.render_pdf(response)
        sar.json_sha256 = hashlib.sha256(sar.response_json).hexdigest()
        sar.pdf_sha256 = hashlib.sha256(sar.response_pdf).hexdigest()
        sar.status = Status.RELEASED
        sar.save()
        given = Counter(f.decision for f in sar.found.all())
        audit_record(
            actor=actor,
            action=events.RELEASED,
            object_type=events.REQUEST,
            object_id=sar.pk,
            details={
                "given": given[Decision.GIVE],
                "withheld": given[Decision.EXEMPT],
                "left_out": given[Decision.NOT_THEM],
                "pdf_sha256": sar.pdf_sha256,
                "json_sha256": sar.json_sha256,
                "released_on": localdate(now).isoformat(),
            },
        )
    return sar


def response_download(*, actor: Actor, request_id: uuid.UUID, fmt: str) -> bytes:
    """The released response as ``pdf`` or ``json``; each download is audited."""
    if fmt not in ("pdf", "json"):
        raise ValidationFailed({"format": ["Choose PDF or JSON"]})
    with transaction.atomic():
        sar = selectors.sar_get(actor=actor, request_id=request_id)
        if sar.status != Status.RELEASED:
            raise ValidationFailed({"format": ["The response has not been released yet"]})
        audit_record(
            actor=actor,
            action=events.DOWNLOADED,
            object_type=events.REQUEST,
            object_id=sar.pk,
            details={"format": fmt},
        )
    return bytes(sar.response_pdf if fmt == "pdf" else sar.response_json)
