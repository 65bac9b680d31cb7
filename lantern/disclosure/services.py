"""Every write of the disclosure app: drafting the schedules from the case's material, the
disclosure officer's changes and confirmation of each line, and the recorded events of
revelation to the prosecutor and disclosure to the defence. Each runs in one transaction
with its audit event; the rules in rules.py refuse what the schedules may not hold."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter
from datetime import date

from django.db import transaction
from django.utils.timezone import localtime

from lantern.audit.services import audit_record
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import PermissionDenied, ValidationFailed
from lantern.disclosure import documents, events, rules, selectors
from lantern.disclosure.models import DisclosureEvent, Line, Schedule, ScheduleVersion, Sensitivity


def schedule_draft(*, actor: Actor, case_id: uuid.UUID) -> int:
    """Add a line for each piece of the case's material not yet scheduled, placed by its
    record class (selectors.Material.default_schedule); lines already there are kept as the
    officer left them, except that an exhibit reference given since is filled in. Returns
    how many lines were added."""
    with transaction.atomic():
        case = selectors.disclosure_case(actor=actor, case_id=case_id)
        material = selectors.case_material(actor=actor, case=case)
        existing = {(line.source_kind, line.source_id): line for line in _lines(case.pk)}
        added: Counter[str] = Counter()
        for piece in material.items:
            line = existing.get((piece.source_kind, piece.source_id))
            if line is not None:
                if piece.exhibit_reference and not line.exhibit_reference:
                    line.exhibit_reference = piece.exhibit_reference
                    line.save(update_fields=["exhibit_reference", "updated_at"])
                continue
            schedule, sensitivity = piece.default_schedule()
            Line.objects.create(
                partnership_id=case.partnership_id,
                case_id=case.pk,
                source_kind=piece.source_kind,
                source_id=piece.source_id,
                record_class=piece.record_class,
                schedule=schedule,
                exhibit_reference=piece.exhibit_reference,
                description=piece.description,
                sensitivity=sensitivity,
            )
            added[str(schedule)] += 1
        audit_record(
            actor=actor,
            action=events.DRAFTED,
            object_type="case",
            object_id=case.pk,
            details={"added": dict(sorted(added.items()))},
        )
    return sum(added.values())


def _lines(case_id: uuid.UUID) -> list[Line]:
    return list(Line.objects.select_for_update().filter(case_id=case_id))


def line_update(
    *,
    actor: Actor,
    case_id: uuid.UUID,
    line_id: uuid.UUID,
    schedule: str,
    description: str,
    sensitivity: str = "",
    sensitivity_detail: str = "",
    undermines: bool | None = None,
    undermines_reason: str = "",
    confirm: bool = False,
) -> Line:
    """Change where a line goes and how it reads, and whether the disclosure officer's
    report (MG6E) flags it (with the reason); with ``confirm``, the disclosure officer
    confirms it as it will appear (``undermines`` None: the flag and its reason as they
    are). A change to a confirmed line unconfirms it unless confirmed again. Safeguarding and intelligence never go on the MG6C."""
    if schedule not in Schedule.values:
        raise ValidationFailed({"schedule": ["Choose a schedule"]})
    if schedule != Schedule.MG6D:
        sensitivity, sensitivity_detail = Sensitivity.NONE, ""
    elif sensitivity not in Sensitivity.values:
        raise ValidationFailed({"sensitivity": ["Choose why this item is sensitive"]})
    description = (description or "").strip()
    with transaction.atomic():
        case = selectors.disclosure_case(actor=actor, case_id=case_id)
        line = selectors.line_get(actor=actor, case=case, line_id=line_id)
        line = Line.objects.select_for_update().get(pk=line.pk)
        if undermines is None:
            undermines, undermines_reason = line.undermines, line.undermines_reason
        undermines_reason = (undermines_reason or "").strip() if undermines else ""
        change = rules.LineChange(
            record_class=line.record_class,
            schedule=schedule,
            exhibit_reference=line.exhibit_reference,
            sensitivity=sensitivity,
            description=description,
            undermines=undermines,
            undermines_reason=undermines_reason,
        )
        for rule in (
            rules.SensitiveClassNeverOnMg6c,
            rules.UsedNeedsExhibitReference,
            rules.Mg6dNeedsReason,
            rules.LineNeedsDescription,
            rules.Mg6eNeedsReason,
        ):
            rule().enforce(change)
        before = line.schedule
        new = (
            schedule,
            description,
            sensitivity,
            sensitivity_detail.strip(),
            undermines,
            undermines_reason,
        )
        changed = new != (
            line.schedule,
            line.description,
            line.sensitivity,
            line.sensitivity_detail,
            line.undermines,
            line.undermines_reason,
        )
        (
            line.schedule,
            line.description,
            line.sensitivity,
            line.sensitivity_detail,
            line.undermines,
            line.undermines_reason,
        ) = new
        if changed:
            line.confirmed_at, line.confirmed_by_id = None, None
            audit_record(
                actor=actor,
                action=events.LINE_CHANGED,
                object_type=events.LINE,
                object_id=line.pk,
                details={
                    "case": str(case.pk),
                    "from": before,
                    "to": schedule,
                    "mg6e": undermines,
                },
            )
        if confirm:
            line.confirmed_at, line.confirmed_by_id = clock.now(), actor.user_id
            audit_record(
                actor=actor,
                action=events.LINE_CONFIRMED,
                object_type=events.LINE,
                object_id=line.pk,
                details={"case": str(case.pk), "schedule": schedule},
            )
        line.save()
    return line


def _officer(actor: Actor) -> uuid.UUID:
    """Revelation and disclosure are recorded by a person, the disclosure officer."""
    if actor.user_id is None:
        raise PermissionDenied("disclosure")
    return actor.user_id


def _day(happened_on: date) -> date:
    if happened_on > localtime(clock.now()).date():
        raise ValidationFailed({"happened_on": ["The date must be today or in the past"]})
    return happened_on


def revelation_record(*, actor: Actor, case_id: uuid.UUID, happened_on: date) -> DisclosureEvent:
    """Record that the schedules were revealed to the prosecutor on ``happened_on``: the
    confirmed lines are frozen as a new version (or the latest, if nothing changed)."""
    happened_on = _day(happened_on)
    with transaction.atomic():
        case = selectors.disclosure_case(actor=actor, case_id=case_id)
        lines = selectors.case_lines(case=case)
        rules.ConfirmedBeforeRevelation().enforce(selectors.readiness(case=case))
        frozen = selectors.snapshot(lines)
        version = selectors.latest_version(case=case)
        if version is None or version.lines != frozen:
            version = ScheduleVersion.objects.create(
                partnership_id=case.partnership_id,
                case_id=case.pk,
                number=(version.number + 1) if version else 1,
                lines=frozen,
                sha256=hashlib.sha256(
                    json.dumps(frozen, sort_keys=True, separators=(",", ":")).encode()
                ).hexdigest(),
                made_by_id=_officer(actor),
                made_by_name=selectors.officer_name(actor),
            )
        event = _event(actor, case, DisclosureEvent.Kind.REVELATION, version, happened_on)
        audit_record(
            actor=actor,
            action=events.REVEALED,
            object_type=events.EVENT,
            object_id=event.pk,
            details={"case": str(case.pk), "version": version.number, "sha256": version.sha256},
        )
    return event


def disclosure_record(*, actor: Actor, case_id: uuid.UUID, happened_on: date) -> DisclosureEvent:
    """Record that the version revealed to the prosecutor (its MG6C and MG12) was disclosed
    to the defence on ``happened_on``. The schedules must be revealed as they stand now."""
    happened_on = _day(happened_on)
    with transaction.atomic():
        case = selectors.disclosure_case(actor=actor, case_id=case_id)
        rules.RevealedBeforeDisclosure().enforce(selectors.readiness(case=case))
        version = selectors.latest_version(case=case)
        if version is None:  # pragma: no cover - the rule above needs one
            raise rules.RevealedBeforeDisclosure.refusal()
        event = _event(actor, case, DisclosureEvent.Kind.DISCLOSURE, version, happened_on)
        audit_record(
            actor=actor,
            action=events.DISCLOSED,
            object_type=events.EVENT,
            object_id=event.pk,
            details={"case": str(case.pk), "version": version.number},
        )
    return event


def _event(
    actor: Actor, case, kind: str, version: ScheduleVersion, happened_on: date
) -> DisclosureEvent:
    return DisclosureEvent.objects.create(
        partnership_id=case.partnership_id,
        case_id=case.pk,
        kind=kind,
        version=version,
        happened_on=happened_on,
        recorded_by_id=_officer(actor),
    )


def schedule_download(
    *, actor: Actor, case_id: uuid.UUID, schedule: str, version_number: int | None
) -> tuple[str, bytes]:
    """One schedule's PDF (or the disclosure officer's report, "mg6e"), of a version or
    (``None``) the current draft; audited."""
    if schedule not in documents.DOCUMENTS:
        raise ValidationFailed({"schedule": ["Choose a schedule"]})
    case = selectors.disclosure_case(actor=actor, case_id=case_id)
    if version_number is None:
        content = selectors.draft_pdf(actor=actor, case=case, schedule=schedule)
        name = f"{case.reference}-draft-{schedule.upper()}.pdf"
    else:
        version = selectors.version_get(case=case, number=version_number)
        content = selectors.version_pdf(version=version, case=case, schedule=schedule)
        name = f"{case.reference}-v{version.number}-{schedule.upper()}.pdf"
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=events.SCHEDULE_DOWNLOADED,
            object_type="case",
            object_id=case.pk,
            details={"schedule": schedule, "version": version_number or 0},
        )
    return name, content
