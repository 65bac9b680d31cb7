"""Disclosure in the JSON API: a case's schedules as they stand, for a disclosure officer
of a case they may see (403 without the permission, 404 for a case they may not see)."""

from __future__ import annotations

import uuid

from ninja import Router

from lantern.core.api import ErrorOut, actor_of
from lantern.core.http import LanternRequest
from lantern.disclosure import schemas, selectors

router = Router(tags=["disclosure"])


@router.get(
    "/cases/{case_id}/schedules",
    response={200: schemas.SchedulesOut, 403: ErrorOut, 404: ErrorOut},
)
def schedules_get(request: LanternRequest, case_id: uuid.UUID):
    actor = actor_of(request)
    case = selectors.disclosure_case(actor=actor, case_id=case_id)
    lines = selectors.case_lines(case=case)
    confirmed = {str(line.pk): line.is_confirmed for line in lines}
    version = selectors.latest_version(case=case)
    return schemas.SchedulesOut(
        case_reference=case.reference,
        lines=[
            schemas.LineOut(
                id=row["line"],
                schedule=row["schedule"],
                number=row["number"],
                record_class=row["record_class"],
                exhibit_reference=row["reference"],
                description=row["description"],
                reason=row["reason"],
                mg6e=row.get("mg6e"),
                confirmed=confirmed[row["line"]],
            )
            for row in selectors.snapshot(lines)
        ],
        latest_version=version.number if version else None,
        revealed_as_they_stand=selectors.readiness(case=case).revealed,
        events=[
            schemas.EventOut(kind=e.kind, happened_on=e.happened_on, version=e.version.number)
            for e in selectors.case_events(case=case)
        ],
    )
