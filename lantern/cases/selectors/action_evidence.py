"""What an officer may choose as the evidence an action (or a breach) rests on: the case's
reports, the evidence items on the case or on its reports, and the signed witness
statements about the case or its reports. Each is read through its owner's selectors with
the actor, so only what they may see is offered; a statement must also belong to the
case's partnership or one the case is shared with. The same options validate a draft
(services.action_drafts.clean_evidence): anything else is refused."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from lantern.cases.models import Case
from lantern.cases.selectors.cases import (
    case_evidence,
    case_partnership_ids,
    case_report_ids,
    case_reports,
)
from lantern.core.actor import Actor
from lantern.evidence import selectors as evidence_selectors


@dataclass(frozen=True)
class EvidenceOptions:
    reports: list[Any]
    items: list[Any]  # evidence items: on the case or on one of its reports
    statements: list[Any]  # signed witness statements about the case or its reports
    references: dict[uuid.UUID, str]  # an item's exhibit reference in the case

    def ids(self) -> dict[str, set[str]]:
        """The ids that may be chosen, by the kind an action's evidence names them by."""
        return {
            "report": {str(r.pk) for r in self.reports},
            "evidence": {str(i.pk) for i in self.items},
            "statement": {str(s.pk) for s in self.statements},
        }


def evidence_options(*, actor: Actor, case: Case) -> EvidenceOptions:
    report_ids = case_report_ids(case=case)
    items = {
        item.pk: item
        for item in evidence_selectors.items_for_case(
            actor=actor, case_id=case.pk, report_ids=report_ids
        )
    }
    for item in case_evidence(actor=actor, case=case):  # anything linked to the case itself
        items.setdefault(item.pk, item)
    statements = list(
        evidence_selectors.statements_for_case(
            actor=actor,
            case_id=case.pk,
            report_ids=report_ids,
            signed_only=True,
            partnership_ids=case_partnership_ids(case=case),
        )
    )
    references = (
        dict(
            evidence_selectors.exhibits_in_case(actor=actor, case_id=case.pk).values_list(
                "item_id", "reference"
            )
        )
        if items
        else {}
    )
    return EvidenceOptions(
        reports=case_reports(actor=actor, case=case),
        items=sorted(items.values(), key=lambda i: i.created_at),
        statements=statements,
        references=references,
    )
