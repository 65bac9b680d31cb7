"""Looking people and cases up across apps that may not import their owner.

The cases app owns people (subjects); safeguarding, its sibling, may not import it, yet its
pages must say whom a screening is about. The owner registers a lookup here (in the shared
kernel) and others call it. Likewise cases, above evidence, registers a case lookup so that
evidence can give exhibit references within a case. A lookup applies the owner's own
permission layer: it returns None when the actor may not know the record exists.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from lantern.core.actor import Actor


@dataclass(frozen=True)
class PersonSummary:
    id: uuid.UUID
    label: str  # the name the owner's permission layer lets this actor see
    date_of_birth: date | None
    estimated_age: int | None
    case_ids: tuple[uuid.UUID, ...]
    lead_officer_ids: tuple[uuid.UUID, ...]

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth:
            dob = self.date_of_birth
            return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
        return self.estimated_age


PersonLookup = Callable[[Actor, uuid.UUID], PersonSummary | None]
_person_lookup: PersonLookup | None = None


def register_person_lookup(lookup: PersonLookup) -> None:
    global _person_lookup
    _person_lookup = lookup


def person(actor: Actor, person_id: uuid.UUID) -> PersonSummary | None:
    if _person_lookup is None:
        return None
    return _person_lookup(actor, person_id)


@dataclass(frozen=True)
class CaseSummary:
    """A case as apps below the cases app may know it (evidence's exhibit references)."""

    id: uuid.UUID
    label: str  # its reference and title
    report_ids: tuple[uuid.UUID, ...]  # the reports linked to it


CaseLookup = Callable[[Actor, uuid.UUID], CaseSummary | None]
_case_lookup: CaseLookup | None = None


def register_case_lookup(lookup: CaseLookup) -> None:
    global _case_lookup
    _case_lookup = lookup


def case(actor: Actor, case_id: uuid.UUID) -> CaseSummary | None:
    """The case, if it exists and the actor may see it (the cases app's permission layer
    applies and logs the read); otherwise None."""
    if _case_lookup is None:
        return None
    return _case_lookup(actor, case_id)


# Whether a safeguarding review decided that enforcement against a person may proceed *with
# support*: safeguarding owns reviews and registers the answer; the cases app's documents
# then say where support is (docs/enforcement.md, "Documents"). A yes or no, no content.
SupportLookup = Callable[[uuid.UUID], bool]
_support_lookup: SupportLookup | None = None


def register_support_lookup(lookup: SupportLookup) -> None:
    global _support_lookup
    _support_lookup = lookup


def support_advised(person_id: uuid.UUID) -> bool:
    """True when the latest safeguarding review covering the person decided that
    enforcement may proceed with support."""
    if _support_lookup is None:
        return False
    return _support_lookup(person_id)


# The age band a person's recorded date of birth implies, for safeguarding: a narrow read
# that says only "under 18" or "18 and over" (or None: no date of birth recorded), given to
# those who may see safeguarding records even when they may not see the person's case. The
# cases app owns people and registers it; the read is logged there.
UNDER_18 = "under_18"
ADULT = "18_and_over"
AgeBandLookup = Callable[[Actor, uuid.UUID, date], str | None]
_age_band_lookup: AgeBandLookup | None = None


def register_age_band_lookup(lookup: AgeBandLookup) -> None:
    global _age_band_lookup
    _age_band_lookup = lookup


def age_band(actor: Actor, person_id: uuid.UUID, on: date) -> str | None:
    """UNDER_18 or ADULT on ``on`` by the person's date of birth; None when none is recorded
    (or the actor may not ask)."""
    if _age_band_lookup is None:
        return None
    return _age_band_lookup(actor, person_id, on)


# The partnership a person, or a case, belongs to (docs/adr/0015-partnership-is-the-scope.md):
# safeguarding gives a record about a person the person's partnership, and its gate reads the
# records of the case's partnership only. The cases app owns both and registers the lookups.
# They return an id and nothing else, with no permission check and no access event: callers
# compare it with the actor's partnerships (lantern/safeguarding/services/scope.py) and never
# show it. None: not known (no such person or case, or no lookup registered).
PartnershipLookup = Callable[[uuid.UUID], uuid.UUID | None]
_person_partnership_lookup: PartnershipLookup | None = None
_case_partnership_lookup: PartnershipLookup | None = None


def register_person_partnership_lookup(lookup: PartnershipLookup) -> None:
    global _person_partnership_lookup
    _person_partnership_lookup = lookup


def register_case_partnership_lookup(lookup: PartnershipLookup) -> None:
    global _case_partnership_lookup
    _case_partnership_lookup = lookup


def person_partnership(person_id: uuid.UUID) -> uuid.UUID | None:
    """The id of the partnership the person belongs to, or None when not known."""
    if _person_partnership_lookup is None:
        return None
    return _person_partnership_lookup(person_id)


def case_partnership(case_id: uuid.UUID) -> uuid.UUID | None:
    """The id of the partnership the case belongs to, or None when not known."""
    if _case_partnership_lookup is None:
        return None
    return _case_partnership_lookup(case_id)
