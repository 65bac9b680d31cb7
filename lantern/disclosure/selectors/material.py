"""All the material of a case the disclosure officer may see, each piece read through its
own app's selectors with the actor (so each app's permission layer and access log apply):

- the case's reports (a resident's report names them);
- the evidence items on the case or its reports, with their exhibit references in the case;
- the signed witness statements about the case or its reports;
- the case's enforcement actions (the letters and notices are their documents);
- the safeguarding records of the case's people, for an actor who may see them;
- the intelligence reports that mention the case's people or vehicles.

Each piece carries the record class the schedules are drafted from, and a description that
names the kind of record and its date, never its content or a person."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from lantern.cases import selectors as case_selectors
from lantern.cases.models import Case
from lantern.core.actor import Actor
from lantern.disclosure.models import RecordClass, Schedule, Sensitivity
from lantern.frontend.dates import format_date
from lantern.intelligence import selectors as intelligence_selectors
from lantern.safeguarding import selectors as safeguarding_selectors


@dataclass(frozen=True)
class Material:
    source_kind: str
    source_id: uuid.UUID
    record_class: str
    description: str
    exhibit_reference: str = ""
    identifies_resident: bool = False

    def default_schedule(self) -> tuple[str, str]:
        """Where the draft puts it, and why if sensitive: used material (with an exhibit
        reference) on the exhibit list; safeguarding and intelligence always sensitive; what
        a resident handed over sensitive for their identity; the rest not sensitive."""
        if self.exhibit_reference:
            return Schedule.MG12, Sensitivity.NONE
        if self.record_class == RecordClass.SAFEGUARDING:
            return Schedule.MG6D, Sensitivity.SAFEGUARDING
        if self.record_class == RecordClass.INTELLIGENCE:
            return Schedule.MG6D, Sensitivity.INTELLIGENCE
        if self.identifies_resident:
            return Schedule.MG6D, Sensitivity.RESIDENT_IDENTITY
        return Schedule.MG6C, Sensitivity.NONE


@dataclass(frozen=True)
class CaseMaterial:
    items: list[Material]
    # People on the case with safeguarding records the actor may not see: their records are
    # not listed, and the page says to ask the safeguarding lead (counts only, no names).
    unseen_safeguarding: int


def _reports(actor: Actor, case: Case) -> list[Material]:
    return [
        Material(
            "report",
            report.pk,
            RecordClass.REPORT,
            f"Report {report.reference} of {report.category.name.lower()}, "
            f"incident on {format_date(report.occurred_from)}",
            identifies_resident=not getattr(report, "anonymous", False),
        )
        for report in case_selectors.case_reports(actor=actor, case=case)
    ]


def _evidence(actor: Actor, case: Case) -> list[Material]:
    options = case_selectors.evidence_options(actor=actor, case=case)
    on_case = {item.pk for item in case_selectors.case_evidence(actor=actor, case=case)}
    found = [
        Material(
            "evidence_item",
            item.pk,
            RecordClass.EVIDENCE,
            f"{item.get_category_display()} received {format_date(item.created_at)}",
            exhibit_reference=options.references.get(item.pk, ""),
            # Handed over with a resident's report, not attached to the case by staff.
            identifies_resident=item.pk not in on_case,
        )
        for item in options.items
    ]
    found += [
        Material(
            "statement",
            statement.pk,
            RecordClass.STATEMENT,
            f"Witness statement (MG11) signed {format_date(statement.signed_at)}",
            identifies_resident=statement.link_kind == "report",
        )
        for statement in options.statements
    ]
    return found


def _actions(case: Case) -> list[Material]:
    return [
        Material(
            "enforcement_action",
            action.pk,
            RecordClass.ENFORCEMENT,
            f"{action.get_kind_display()} ({action.get_state_display().lower()}), "
            f"drafted {format_date(action.created_at)}",
        )
        for action in case_selectors.case_actions(case=case)
    ]


_SAFEGUARDING_KINDS = (
    ("screenings", "safeguarding_screening", "Safeguarding screening"),
    ("reviews", "safeguarding_review", "Safeguarding review"),
    ("consents", "safeguarding_consent", "Record of consent"),
    ("referrals", "safeguarding_referral", "Safeguarding referral"),
    ("nrm_referrals", "safeguarding_duty", "National Referral Mechanism record"),
)


def _safeguarding(actor: Actor, person_ids: list[uuid.UUID]) -> list[Material]:
    found: list[Material] = []
    for person_id in person_ids:
        if not safeguarding_selectors.may_see_person(actor, person_id):
            continue
        records = safeguarding_selectors.person_records(actor=actor, person_id=person_id)
        for attribute, kind, label in _SAFEGUARDING_KINDS:
            for record in getattr(records, attribute):
                found.append(
                    Material(
                        kind,
                        record.pk,
                        RecordClass.SAFEGUARDING,
                        f"{label} recorded {format_date(record.created_at)}",
                    )
                )
    return found


def _unseen_safeguarding(actor: Actor, case: Case, person_ids: list[uuid.UUID]) -> int:
    screened = set(safeguarding_selectors.people_screened_in_case(case_id=case.pk))
    return sum(
        1
        for person_id in screened
        if person_id in person_ids and not safeguarding_selectors.may_see_person(actor, person_id)
    )


def _intelligence(actor: Actor, person_ids: list[Any], vehicle_ids: list[Any]) -> list[Material]:
    return [
        Material(
            "intelligence_report",
            report.pk,
            RecordClass.INTELLIGENCE,
            f"Intelligence report {report.reference}, submitted {format_date(report.submitted_at)}",
        )
        for report in intelligence_selectors.reports_about(
            actor, person_ids=person_ids, vehicle_ids=vehicle_ids
        )
    ]


def case_material(*, actor: Actor, case: Case) -> CaseMaterial:
    """Everything relevant to the case that the actor may see, by record class."""
    subjects = list(case_selectors.case_subjects(case=case))
    person_ids = [s.person_id for s in subjects if s.person_id]
    vehicle_ids = [s.vehicle_id for s in subjects if s.vehicle_id]
    items = (
        _reports(actor, case)
        + _evidence(actor, case)
        + _actions(case)
        + _safeguarding(actor, person_ids)
        + _intelligence(actor, person_ids, vehicle_ids)
    )
    return CaseMaterial(
        items=items, unseen_safeguarding=_unseen_safeguarding(actor, case, person_ids)
    )
