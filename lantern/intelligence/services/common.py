"""What every intelligence write shares: the grading check, the organisation the writer acts
for, and where a record came from (its provenance), resolved through the owner's permission
layer so that an id the writer may not see is a 404 that writes nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from lantern.accounts.models import PartnershipMember
from lantern.accounts.selectors import partnership_for_creator
from lantern.cases.models import CaseNote
from lantern.cases.selectors import case_get
from lantern.core import directory
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, ValidationFailed
from lantern.core.permissions import Permission, can
from lantern.intelligence.models import Assessment, Handling, Origin, SourceEvaluation
from lantern.safeguarding.selectors import screening_get

P = Permission


@dataclass(frozen=True)
class Grading:
    """A 3x5x2 grading as given (DOMAIN.md 6.1)."""

    source_evaluation: str = ""
    assessment: str = ""
    handling: str = ""
    handling_conditions: str = ""
    partners_may_see: bool = False

    @classmethod
    def parse(cls, text: str, conditions: str = "", partners_may_see: bool = False) -> Grading:
        """From the written form "2B-P" (or "2BP", "2b p")."""
        compact = "".join(ch for ch in str(text or "").upper() if ch.isalnum())
        if len(compact) != 3:
            raise ValidationFailed(
                {
                    "grade": [
                        "Give the grading as source evaluation (1-3), intelligence assessment "
                        "(A-E) and handling code (P or C), such as 2B-P"
                    ]
                }
            )
        graded = cls(compact[0], compact[1], compact[2], conditions, partners_may_see)
        graded.check()
        return graded

    def check(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.source_evaluation not in SourceEvaluation.values:
            errors["source_evaluation"] = [
                "Choose the source evaluation: 1 reliable, 2 untested or 3 not reliable"
            ]
        if self.assessment not in Assessment.values:
            errors["assessment"] = ["Choose the intelligence assessment, A to E"]
        if self.handling not in Handling.values:
            errors["handling"] = [
                "Choose the handling code: P (lawful sharing permitted) or C (lawful sharing "
                "permitted with conditions)"
            ]
        elif self.handling == Handling.C and not self.handling_conditions.strip():
            errors["handling_conditions"] = [
                "Handling code C needs its conditions written down: say how the intelligence "
                "may be shared and with whom"
            ]
        elif len(self.handling_conditions) > 2000:
            errors["handling_conditions"] = ["Keep the conditions to 2000 characters or fewer"]
        if errors:
            raise ValidationFailed(errors)

    def fields(self) -> dict[str, object]:
        self.check()
        c = self.handling == Handling.C
        return {
            "source_evaluation": self.source_evaluation,
            "assessment": self.assessment,
            "handling": self.handling,
            "handling_conditions": self.handling_conditions.strip() if c else "",
            "partners_may_see": bool(self.partners_may_see) if c else True,
        }


@dataclass(frozen=True)
class Origin_:
    """Where something came from: its kind and, where there is one, the record in Lantern."""

    kind: str = Origin.OFFICER
    id: uuid.UUID | None = None


def require(actor: Actor, permission: Permission) -> None:
    if not can(actor, permission):
        raise NotFound("intelligence")


def resolve_origin(actor: Actor, origin: Origin_) -> uuid.UUID | None:
    """Check the origin names a record the actor may see; returns the partnership it belongs
    to (None for an origin with no record)."""
    if origin.kind not in Origin.values:
        raise ValidationFailed(
            {"origin_type": [f"Unknown origin: choose one of {', '.join(Origin.values)}"]}
        )
    needs_record = origin.kind in {
        Origin.REPORT,
        Origin.SIGHTING,
        Origin.CASE,
        Origin.CASE_NOTE,
        Origin.SCREENING,
    }
    if not needs_record:
        return None
    if origin.id is None:
        raise ValidationFailed({"origin_id": ["Say which record this came from"]})
    if origin.kind in {Origin.REPORT, Origin.SIGHTING}:
        if directory.report(actor, origin.id) is None:
            raise NotFound("report")
        return directory.partnership_of("report", origin.id)
    if origin.kind == Origin.CASE:
        return case_get(actor=actor, case_id=origin.id).partnership_id
    if origin.kind == Origin.CASE_NOTE:
        note = CaseNote.objects.filter(pk=origin.id).only("case_id").first()
        if note is None:
            raise NotFound("case note")
        return case_get(actor=actor, case_id=note.case_id).partnership_id
    return screening_get(actor=actor, screening_id=origin.id).partnership_id


def partnership_for(
    actor: Actor, *, chosen: uuid.UUID | None, origin_partnership: uuid.UUID | None
) -> uuid.UUID:
    """An origin's partnership, where it has one and it is the writer's; else the one the
    writer chose or their only one."""
    if origin_partnership is not None and (
        actor.is_system or origin_partnership in actor.partnership_ids
    ):
        return origin_partnership
    if actor.is_system and chosen is not None:
        return chosen
    return partnership_for_creator(actor=actor, partnership_id=chosen)


def acting_organisation(actor: Actor, partnership_id: uuid.UUID) -> uuid.UUID | None:
    """The organisation the writer acts for in this partnership: the first of theirs (by
    name) that is a member of it. None for the system."""
    mine = actor.organisation_ids
    if not mine:
        return None
    member = (
        PartnershipMember.objects.filter(partnership_id=partnership_id, organisation_id__in=mine)
        .order_by("organisation__name")
        .values_list("organisation_id", flat=True)
        .first()
    )
    if member is None:
        raise ValidationFailed(
            {"partnership": ["Your organisation is not a member of that partnership"]}
        )
    return member


def period(valid_from: date | None, valid_to: date | None) -> None:
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationFailed({"valid_to": ["The end of the period must not be before its start"]})
