"""The disclosure app's models, declared for the record of processing activities; and the
legal hold disclosure puts on material scheduled for a case (CPIA 1996 Code, DOMAIN.md 5.3:
material is kept at least until a decision on proceedings)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from lantern.core.processing import (
    PART_3_SENSITIVE,
    Rule,
    case_holds,
    declare,
    part3,
    register_hold_provider,
)
from lantern.disclosure.models import DisclosureEvent, Line, RecordClass, ScheduleVersion

CPIA = part3(
    "Recording, retaining and revealing material in a criminal investigation (CPIA 1996"
    " Code of Practice)",
    PART_3_SENSITIVE,
)
for model, name, data in (
    (Line, "Disclosure schedule line", "A description of material that may name people."),
    (ScheduleVersion, "Revealed schedule version", "A frozen copy of a case's schedules."),
    (DisclosureEvent, "Revelation or disclosure", "When schedules were revealed or disclosed."),
):
    declare(model, name=name, data=data, processing=(CPIA,), retention=Rule.CPIA_MATERIAL)

# The record classes a schedule line can list, by the model that holds them.
_LINE_CLASSES = {
    "reports.Report": RecordClass.REPORT,
    "evidence.EvidenceItem": RecordClass.EVIDENCE,
    "evidence.Statement": RecordClass.STATEMENT,
}
ON_A_SCHEDULE = "material on a disclosure schedule not yet closed"


def _schedule_hold_provider(
    model_label: str, record_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, str]:
    """Material listed on a case's schedules is held while the case holds its records (open,
    an appeal or a prosecution pending), and while a version revealed to the prosecutor has
    not been disclosed to the defence (proceedings not yet decided)."""
    if model_label == "cases.Case":
        return _case_schedule_holds(record_ids)
    record_class = _LINE_CLASSES.get(model_label)
    if record_class is None:
        return {}
    pairs = list(
        Line.objects.filter(record_class=record_class, source_id__in=record_ids).values_list(
            "source_id", "case_id"
        )
    )
    case_ids = list({case_id for _, case_id in pairs})
    if not case_ids:
        return {}
    held = set(case_holds(case_ids))
    kinds: dict[uuid.UUID, set[str]] = {}
    for case_id, kind in DisclosureEvent.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "kind"
    ):
        kinds.setdefault(case_id, set()).add(kind)
    for case_id, seen in kinds.items():
        if DisclosureEvent.Kind.REVELATION in seen and DisclosureEvent.Kind.DISCLOSURE not in seen:
            held.add(case_id)
    return {rid: ON_A_SCHEDULE for rid, cid in pairs if cid in held}


SCHEDULES_NOT_DISCLOSED = "disclosure schedules revealed and not yet disclosed"


def _case_schedule_holds(case_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """A case whose schedules were revealed to the prosecutor and not yet disclosed to the
    defence (proceedings not yet decided) is kept, with the material on them."""
    kinds: dict[uuid.UUID, set[str]] = {}
    for case_id, kind in DisclosureEvent.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "kind"
    ):
        kinds.setdefault(case_id, set()).add(kind)
    return {
        case_id: SCHEDULES_NOT_DISCLOSED
        for case_id, seen in kinds.items()
        if DisclosureEvent.Kind.REVELATION in seen and DisclosureEvent.Kind.DISCLOSURE not in seen
    }


register_hold_provider("disclosure", _schedule_hold_provider)
