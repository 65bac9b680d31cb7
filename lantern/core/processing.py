"""What each record class is processed under, and for how long it is kept (issue 23).

Every concrete model of a Lantern app is declared here, by its own app, in the app's
``processing.py`` (imported by ``DomainAppConfig.ready``): either a record class holding
personal data, with the regime it is processed under (UK GDPR, or DPA 2018 Part 3 for law
enforcement purposes, or both by purpose), the lawful basis and condition, and the id of its
retention rule; or "no personal data", with the reason. ``lantern dp records`` prints the
record of processing activities built from these declarations, and a test fails when a model
is declared neither way (lantern/dataprotection/tests/test_declarations.py).

The retention rules themselves (periods, sources, overrides per partnership) belong to the
dataprotection app; an app here names only the rule's id. Apps that can dispose of their
records register a ``RetentionSubject`` (which records are due, and how to dispose of one);
apps whose records stop a disposal (an open case, a disclosure schedule not yet closed, a
subject access request in progress) register a hold provider. Both live in the shared
kernel so that any app may register without importing the dataprotection app.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from django.db import models


class Regime(StrEnum):
    UK_GDPR = "uk_gdpr"
    DPA_PART_3 = "dpa_2018_part_3"

    @property
    def label(self) -> str:
        return REGIME_LABELS[self]


REGIME_LABELS = {
    Regime.UK_GDPR: "UK GDPR (with DPA 2018 Part 2)",
    Regime.DPA_PART_3: "DPA 2018 Part 3 (law enforcement processing)",
}

# Wording used by the declarations, each checked against DOMAIN.md 7 (or marked "confirm
# locally" where DOMAIN.md does not state it). A basis is the controller's decision: the
# record of processing activities says so (docs/data-protection.md).
ART_6_PUBLIC_TASK = "UK GDPR Art. 6(1)(e): a task in the public interest or official authority"
ART_6_LEGAL_OBLIGATION = "UK GDPR Art. 6(1)(c): a legal obligation"
ART_9_SUBSTANTIAL_PUBLIC_INTEREST = (
    "UK GDPR Art. 9(2)(g) special category data (health, sex life), with a DPA 2018 Sch. 1"
    " Part 2 condition (paragraph: confirm locally) and an appropriate policy document"
    " (Sch. 1 para 39)"
)
ART_10_CRIMINAL_OFFENCE = (
    "UK GDPR Art. 10 criminal offence data, with a DPA 2018 Sch. 1 condition (Parts 1-3;"
    " paragraph: confirm locally) and an appropriate policy document (Sch. 1 para 39)"
)
PART_3_LAW_ENFORCEMENT = (
    "DPA 2018 Part 3, a competent authority (s.30) processing for law enforcement purposes (s.31)"
)
PART_3_SENSITIVE = (
    "DPA 2018 s.35 sensitive processing (s.35(8): data concerning sex life or health), with"
    " an appropriate policy document (s.42)"
)


@dataclass(frozen=True)
class Processing:
    """One purpose a record class is processed for, under one regime."""

    regime: Regime
    purpose: str
    basis: str  # ART_6_* or PART_3_LAW_ENFORCEMENT
    conditions: tuple[str, ...] = ()  # ART_9_*, ART_10_*, PART_3_SENSITIVE


def gdpr(purpose: str, *conditions: str, basis: str = ART_6_PUBLIC_TASK) -> Processing:
    return Processing(Regime.UK_GDPR, purpose, basis, conditions)


def part3(purpose: str, *conditions: str) -> Processing:
    return Processing(Regime.DPA_PART_3, purpose, PART_3_LAW_ENFORCEMENT, conditions)


@dataclass(frozen=True)
class RecordClass:
    model: str  # "app_label.ModelName"
    name: str  # what people call it ("Resident incident report")
    personal_data: bool
    data: str = ""  # what personal data it holds, by kind (never values)
    processing: tuple[Processing, ...] = ()
    retention: str = ""  # a retention rule id (lantern/dataprotection/schedule.py)
    reason: str = ""  # for a class without personal data: why not

    @property
    def regimes(self) -> tuple[Regime, ...]:
        return tuple(dict.fromkeys(p.regime for p in self.processing))


_DECLARED: dict[str, RecordClass] = {}


def _label(model: type[models.Model]) -> str:
    return model._meta.label


def _register(record: RecordClass) -> RecordClass:
    existing = _DECLARED.get(record.model)
    if existing is not None and existing != record:
        raise ValueError(f"{record.model} is declared twice, differently")
    _DECLARED[record.model] = record
    return record


def declare(
    model: type[models.Model],
    *,
    name: str,
    data: str,
    processing: Sequence[Processing],
    retention: str,
) -> RecordClass:
    """Declare a record class that holds personal data."""
    if not processing:
        raise ValueError(f"{_label(model)}: a record class with personal data needs a basis")
    if not retention:
        raise ValueError(f"{_label(model)}: a record class with personal data needs a rule")
    return _register(
        RecordClass(
            model=_label(model),
            name=name,
            personal_data=True,
            data=data,
            processing=tuple(processing),
            retention=retention,
        )
    )


def no_personal_data(model: type[models.Model], *, name: str, reason: str) -> RecordClass:
    """Declare a model that holds no personal data, and say why."""
    if not reason:
        raise ValueError(f"{_label(model)}: say why it holds no personal data")
    return _register(
        RecordClass(model=_label(model), name=name, personal_data=False, reason=reason)
    )


def declarations() -> list[RecordClass]:
    return sorted(_DECLARED.values(), key=lambda r: r.model)


def declaration(model_label: str) -> RecordClass | None:
    return _DECLARED.get(model_label)


def undeclared(model_classes: Iterable[type[models.Model]]) -> list[str]:
    """The labels of those concrete models that no app has declared."""
    return sorted(
        _label(m)
        for m in model_classes
        if not m._meta.abstract and not m._meta.proxy and _label(m) not in _DECLARED
    )


# --- retention subjects --------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A record whose retention clock has started: its id, its partnership (whose override
    of the rule applies), and when the clock started (the rule's period runs from it)."""

    record_id: uuid.UUID
    partnership_id: uuid.UUID | None
    clock_start: datetime


@dataclass(frozen=True)
class Disposal:
    """What a disposal removed: blob hashes the dataprotection app should delete from the
    evidence store once nothing else uses them (the owner has deleted its rows)."""

    blob_hashes: tuple[str, ...] = ()
    rows: int = 0


@dataclass(frozen=True)
class RetentionSubject:
    """How an app's record class is reviewed and disposed of.

    ``candidates(started_by)`` yields the records whose clock started at or before the given
    time (the dataprotection app applies each partnership's period to ``clock_start``).
    ``dispose(actor, record_id)`` deletes the record's personal data inside the caller's
    transaction (recording the owner's own audit events) and says what else must go; it
    returns None when the record no longer exists (a second disposal is a no-op).
    ``followers(model_label, record_id)`` names this class's records that are disposed of
    with a record of another class (evidence filed only under a report goes with it).
    ``describe(record_id)`` is a label with no personal data (a reference)."""

    model: str
    candidates: Callable[[datetime], Iterable[Candidate]]
    dispose: Callable[[Any, uuid.UUID], Disposal | None]
    followers: Callable[[str, uuid.UUID], list[uuid.UUID]] = field(default=lambda _m, _id: [])
    describe: Callable[[uuid.UUID], str] = field(default=lambda _id: "")


_SUBJECTS: dict[str, RetentionSubject] = {}


def register_retention_subject(subject: RetentionSubject) -> None:
    _SUBJECTS[subject.model] = subject


def retention_subjects() -> list[RetentionSubject]:
    return sorted(_SUBJECTS.values(), key=lambda s: s.model)


def retention_subject(model_label: str) -> RetentionSubject | None:
    return _SUBJECTS.get(model_label)


# --- legal holds ---------------------------------------------------------------------------

# A hold provider answers, for one record class and some of its record ids, which of them are
# held and why: {record_id: reason}. The reason is a short phrase with no personal data ("an
# open case", "a disclosure schedule not yet closed", "a subject access request in
# progress"). A provider that does not know the record class returns {}. Providers register
# in their app's ``processing.py`` (or AppConfig.ready); a disposal run asks every provider
# immediately before it deletes, inside the same transaction.
HoldProvider = Callable[[str, Sequence[uuid.UUID]], dict[uuid.UUID, str]]
_HOLD_PROVIDERS: dict[str, HoldProvider] = {}


def register_hold_provider(name: str, provider: HoldProvider) -> None:
    """Register (or replace, by name) a provider of legal holds."""
    _HOLD_PROVIDERS[name] = provider


def unregister_hold_provider(name: str) -> None:
    _HOLD_PROVIDERS.pop(name, None)


def hold_providers() -> dict[str, HoldProvider]:
    return dict(_HOLD_PROVIDERS)


# Whether cases hold their records (an open case, a pending appeal or prosecution): the cases
# app registers it, so that apps below it (evidence) can answer for records filed in a case.
CaseHolds = Callable[[Sequence[uuid.UUID]], dict[uuid.UUID, str]]
_case_holds: CaseHolds | None = None


def register_case_holds(lookup: CaseHolds) -> None:
    global _case_holds
    _case_holds = lookup


def case_holds(case_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """{case_id: reason} for those cases that hold their records. With no cases app
    registered, every case holds (never dispose of what a case might need)."""
    if not case_ids:
        return {}
    if _case_holds is None:
        return dict.fromkeys(case_ids, "a case")
    return _case_holds(case_ids)


# Which cases each person is in (a subject, or addressed by an action): the cases app
# registers it, so that apps beside it (safeguarding) can hold a person's records while one
# of their cases holds its records.
PersonCases = Callable[[Sequence[uuid.UUID]], dict[uuid.UUID, list[uuid.UUID]]]
_person_cases: PersonCases | None = None


def register_person_cases(lookup: PersonCases) -> None:
    global _person_cases
    _person_cases = lookup


def person_case_holds(person_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """{person_id: reason} for those people one of whose cases holds its records (an open
    case, a pending appeal or prosecution). With no cases app registered, every person is
    held (never dispose of what a case might need)."""
    if not person_ids:
        return {}
    if _person_cases is None:
        return dict.fromkeys(person_ids, "a case")
    cases_of = _person_cases(person_ids)
    held = case_holds(sorted({c for cases in cases_of.values() for c in cases}))
    found: dict[uuid.UUID, str] = {}
    for person_id, cases in cases_of.items():
        for case_id in cases:
            if case_id in held:
                found.setdefault(person_id, held[case_id])
    return found


def holds(model_label: str, record_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    """Every hold on the given records, from every provider: {record_id: [reasons]}."""
    found: dict[uuid.UUID, list[str]] = {}
    if not record_ids:
        return found
    for _name, provider in sorted(_HOLD_PROVIDERS.items()):
        for record_id, reason in provider(model_label, record_ids).items():
            found.setdefault(record_id, []).append(reason)
    return found


class Rule(StrEnum):
    """Retention rule ids. Their periods, clocks and sources are in the dataprotection app
    (lantern/dataprotection/schedule.py) and docs/data-protection.md."""

    RESIDENT_REPORT = "resident_report"
    EVIDENCE = "evidence"
    FOOTAGE_REQUEST = "footage_request_expiry"
    REGISTERED_CAMERA = "registered_camera"
    CASEWORK = "partnership_casework"
    SAFEGUARDING = "safeguarding_record"
    MOPI_GROUP_1 = "mopi_group_1"
    MOPI_GROUP_2 = "mopi_group_2"
    MOPI_GROUP_3 = "mopi_group_3"
    CPIA_MATERIAL = "cpia_material"
    USER_ACCOUNT = "user_account"
    AUDIT_LOG = "audit_log"
    EXPIRES_BY_DESIGN = "expires_by_design"
    NOTIFICATION = "notification"
    STAFF_RECORD = "staff_record"
    SUBJECT_ACCESS = "subject_access_request"
