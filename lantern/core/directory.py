"""Looking people, cases and reports up across apps that may not import their owner.

The cases app owns people (subjects); safeguarding, its sibling, may not import it, yet its
pages must say whom a screening is about. The owner registers a lookup here (in the shared
kernel) and others call it. Likewise cases, above evidence, registers a case lookup so that
evidence can give exhibit references within a case, and reports, above places, registers a
report lookup so that a footage request (places) or an evidence link names only a report the
actor may see. A lookup applies the owner's own permission layer: it returns None when the
actor may not know the record exists. Writes resolve every id they are given this way, so an
id the writer may not see, or one that names nothing, is a 404 that writes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

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


# Whether a person is on record, for those who may see safeguarding records even where they
# may not see the person's case (the safeguarding team screens and reviews people whoever's
# case they are on): a yes or no, no content. The cases app owns people and registers it;
# safeguarding asks it before writing a record about a person its writer cannot see through
# ``person`` above, so that a record is never written about an id that names no one.
PersonOnRecordLookup = Callable[[Actor, uuid.UUID], bool]
_person_on_record_lookup: PersonOnRecordLookup | None = None


def register_person_on_record_lookup(lookup: PersonOnRecordLookup) -> None:
    global _person_on_record_lookup
    _person_on_record_lookup = lookup


def person_on_record(actor: Actor, person_id: uuid.UUID) -> bool:
    """True when the person exists and the actor may see safeguarding records at all; the
    owner decides. False when no owner has registered."""
    if _person_on_record_lookup is None:
        return False
    return _person_on_record_lookup(actor, person_id)


# The names of people in safeguarding records, for a safeguarding lead who may not see the
# people's cases (issue 20: the lead must know whom she is acting for). A narrow read: a name
# and nothing else, for those who hold SAFEGUARDING_PERSON_IDENTIFY, of people whose
# partnership is theirs or who were shared with it; the cases app owns people, registers it
# and logs each name read as an access event (no name in the event). Safeguarding decides
# first that the actor may see the person's records (lantern/safeguarding/selectors/identity.py).
PersonNamesLookup = Callable[[Actor, Sequence[uuid.UUID]], dict[uuid.UUID, str]]
_person_names_lookup: PersonNamesLookup | None = None


def register_person_names_lookup(lookup: PersonNamesLookup) -> None:
    global _person_names_lookup
    _person_names_lookup = lookup


def person_names_lookup() -> PersonNamesLookup | None:
    return _person_names_lookup


def person_names(actor: Actor, person_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The names of those of ``person_ids`` the owner lets the actor identify ({} when no
    owner has registered)."""
    if _person_names_lookup is None or not person_ids:
        return {}
    return _person_names_lookup(actor, person_ids)


@dataclass(frozen=True)
class CaseSummary:
    """A case as apps below the cases app may know it (evidence's exhibit references)."""

    id: uuid.UUID
    label: str  # its reference and title
    report_ids: tuple[uuid.UUID, ...]  # the reports linked to it
    reference: str = ""  # its reference alone (a bundle's manifest names the case by it)


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


# A case by its reference (``lantern bundle create CASE``): the same answer as ``case``.
CaseByReferenceLookup = Callable[[Actor, str], CaseSummary | None]
_case_by_reference_lookup: CaseByReferenceLookup | None = None


def register_case_by_reference_lookup(lookup: CaseByReferenceLookup) -> None:
    global _case_by_reference_lookup
    _case_by_reference_lookup = lookup


def case_by_reference(actor: Actor, reference: str) -> CaseSummary | None:
    """The case with this reference, if it exists and the actor may see it; otherwise None."""
    if _case_by_reference_lookup is None:
        return None
    return _case_by_reference_lookup(actor, reference)


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


@dataclass(frozen=True)
class ReportSummary:
    """A report as apps below the reports app (places) and beside it (evidence) may know it."""

    id: uuid.UUID
    reference: str


ReportLookup = Callable[[Actor, uuid.UUID], ReportSummary | None]
_report_lookup: ReportLookup | None = None


def register_report_lookup(lookup: ReportLookup) -> None:
    global _report_lookup
    _report_lookup = lookup


def report(actor: Actor, report_id: uuid.UUID) -> ReportSummary | None:
    """The report, if it exists and the actor may see it (the reports app's permission layer
    applies); otherwise None."""
    if _report_lookup is None:
        return None
    return _report_lookup(actor, report_id)


@dataclass(frozen=True)
class ReportFacts:
    """What a report says about when and where, for evidence to set beside what a file says
    about itself (lantern.evidence.metadata): the time (a moment, or a span) and the place."""

    id: uuid.UUID
    reference: str
    occurred_from: datetime
    occurred_to: datetime | None
    latitude: float
    longitude: float
    location_approximate: bool  # only an address was given: the point is not the place
    from_resident: bool  # made by a member of the public (its place may be their home)


ReportFactsLookup = Callable[[Actor, uuid.UUID], ReportFacts | None]
_report_facts_lookup: ReportFactsLookup | None = None


def register_report_facts_lookup(lookup: ReportFactsLookup | None) -> None:
    global _report_facts_lookup
    _report_facts_lookup = lookup


def report_facts_lookup() -> ReportFactsLookup | None:
    return _report_facts_lookup


def report_facts(actor: Actor, report_id: uuid.UUID) -> ReportFacts | None:
    """The report's time and place, if it exists and the actor may see it (the reports
    app's permission layer applies and logs the read); otherwise None."""
    if _report_facts_lookup is None:
        return None
    return _report_facts_lookup(actor, report_id)


# The partnership a record belongs to (docs/adr/0015-partnership-is-the-scope.md), for an
# app that files something under a record it may not import: evidence attached to a report
# (a sibling) or a case (above it) belongs to that record's partnership. The owner registers
# one lookup per kind of record ("report", "case") when it starts. The answer is an id and
# nothing else, with no permission check: the caller has already reached the record by its
# own right (an upload capability, the resident's own record, the owner's selector), and
# decides whether the actor may file under that partnership.
PartnershipLookup = Callable[[uuid.UUID], uuid.UUID | None]
_partnership_lookups: dict[str, PartnershipLookup] = {}


def register_partnership_lookup(kind: str, lookup: PartnershipLookup) -> None:
    """Register (or replace) the lookup of the partnership of records of ``kind``."""
    _partnership_lookups[kind] = lookup


def unregister_partnership_lookup(kind: str, lookup: PartnershipLookup) -> None:
    if _partnership_lookups.get(kind) is lookup:
        del _partnership_lookups[kind]


def partnership_lookup(kind: str) -> PartnershipLookup | None:
    return _partnership_lookups.get(kind)


def partnership_of(kind: str, record_id: uuid.UUID) -> uuid.UUID | None:
    """The id of the partnership the record of ``kind`` belongs to; None when the record
    does not exist or no app answers for that kind."""
    lookup = _partnership_lookups.get(kind)
    if lookup is None:
        return None
    return lookup(record_id)


@dataclass(frozen=True)
class RecordChoice:
    """One of a resident's own records, for them to say what a file or statement is about."""

    id: uuid.UUID
    label: str  # the record's reference and what it was about: nothing about anyone else


# The reports a resident made while signed in, newest first (the reports app registers it):
# the evidence app lets them say which of their reports a file or a statement is about.
OwnReportsLookup = Callable[[Actor], list[RecordChoice]]
_own_reports_lookup: OwnReportsLookup | None = None


def register_own_reports_lookup(lookup: OwnReportsLookup) -> None:
    global _own_reports_lookup
    _own_reports_lookup = lookup


def own_reports_lookup() -> OwnReportsLookup | None:
    return _own_reports_lookup


def own_reports(actor: Actor) -> list[RecordChoice]:
    """The actor's own reports ([] for someone without an account, or no reports app)."""
    if _own_reports_lookup is None or actor.user_id is None:
        return []
    return _own_reports_lookup(actor)


def person_partnership(person_id: uuid.UUID) -> uuid.UUID | None:
    """The id of the partnership a person belongs to (the cases app answers): safeguarding
    gives a record about the person that partnership, and compares it with the writer's,
    never showing it. None when not known."""
    return partnership_of("person", person_id)


def case_partnership(case_id: uuid.UUID) -> uuid.UUID | None:
    """The id of the partnership a case belongs to (the cases app answers): safeguarding's
    gate reads that partnership's records only. None when not known."""
    return partnership_of("case", case_id)


# The documents a disclosure bundle carries beside its exhibits (the CPIA schedules): the
# disclosure app, above evidence, registers them; the evidence app's bundle builder asks.
# (file name, bytes) pairs, none when the schedules have not been revealed yet.
BundleDocumentsLookup = Callable[[Actor, uuid.UUID, str], list[tuple[str, bytes]]]
_bundle_documents_lookup: BundleDocumentsLookup | None = None


def register_bundle_documents_lookup(lookup: BundleDocumentsLookup) -> None:
    global _bundle_documents_lookup
    _bundle_documents_lookup = lookup


def bundle_documents(actor: Actor, case_id: uuid.UUID, recipient: str) -> list[tuple[str, bytes]]:
    if _bundle_documents_lookup is None:
        return []
    return _bundle_documents_lookup(actor, case_id, recipient)


# --- subject access (issue 23; lantern/subjectaccess) --------------------------------------
# A subject access request must find everything Lantern holds on a person, in every app,
# while the subject access app imports none of them. Each app that holds personal data
# registers here, in its AppConfig.ready: an *identifier* that adds to the query the ids it
# knows the person by (the accounts app: user accounts by email; the cases app: person
# records by name and date of birth, and their cases), and a *finder* that returns the
# records it holds on the person. Both check that the actor holds SUBJECT_ACCESS_MANAGE and
# search only the query's partnerships. A finder answers with plain values (the record as
# the person will read it, item by item): the subject access app stores what it was given
# and never reads another app's tables.


@dataclass(frozen=True)
class SubjectQuery:
    """Who a subject access request is about, as the requester described them, and the ids
    the identifiers found for them."""

    partnership_ids: frozenset[uuid.UUID]
    name: str = ""
    date_of_birth: date | None = None
    email: str = ""
    phone: str = ""
    registration: str = ""
    user_ids: frozenset[uuid.UUID] = frozenset()  # resident accounts (accounts)
    person_ids: frozenset[uuid.UUID] = frozenset()  # person records (cases)
    case_ids: frozenset[uuid.UUID] = frozenset()  # cases the person is a subject of (cases)
    vehicle_ids: frozenset[uuid.UUID] = frozenset()  # vehicles they are keeper of (cases)

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.date_of_birth or self.email or self.phone) and not (
            self.registration
        )


@dataclass(frozen=True)
class HeldItem:
    """One piece of a record as the person will read it: a label and its value."""

    label: str
    value: str


@dataclass(frozen=True)
class HeldRecord:
    """A record an app holds on the person. ``source`` is the model's label
    (``app_label.model``, e.g. ``cases.person``) and ``record_id`` its id: with them the
    retention app's hold registry knows which records an open request holds."""

    source: str
    record_id: uuid.UUID
    reference: str  # how staff find it (a case or report reference), or ""
    title: str  # what kind of record it is, in words
    why: str  # why it was found (which detail matched), for the reviewer
    items: tuple[HeldItem, ...]
    recorded_on: date | None = None


SubjectIdentifier = Callable[[Actor, SubjectQuery], SubjectQuery]
SubjectFinder = Callable[[Actor, SubjectQuery], list[HeldRecord]]
_subject_identifiers: dict[str, SubjectIdentifier] = {}
_subject_finders: dict[str, SubjectFinder] = {}


def register_subject_identifier(name: str, identifier: SubjectIdentifier) -> None:
    """Register (or replace) ``name``'s identifier: it returns the query with the ids it
    knows the person by added (never removed)."""
    _subject_identifiers[name] = identifier


def register_subject_finder(name: str, finder: SubjectFinder) -> None:
    """Register (or replace) ``name``'s finder of the records it holds on the person."""
    _subject_finders[name] = finder


def subject_finder_names() -> list[str]:
    return sorted(_subject_finders)


def subject_identify(actor: Actor, query: SubjectQuery) -> SubjectQuery:
    """The query with every id the identifiers know the person by. One identifier's ids can
    lead another to more (an account's email to the person records it reported as), so they
    run until nothing more is found (a few rounds at most)."""
    for _ in range(len(_subject_identifiers) + 1):
        before = query
        for name in sorted(_subject_identifiers):
            query = _subject_identifiers[name](actor, query)
        if query == before:
            break
    return query


def subject_records(actor: Actor, query: SubjectQuery) -> dict[str, list[HeldRecord]]:
    """Every registered finder's records on the person, by finder name (an empty list from
    a finder that holds nothing on them)."""
    return {name: _subject_finders[name](actor, query) for name in sorted(_subject_finders)}


def subject_access_allowed(actor: Actor) -> bool:
    """Whether the actor may search for a person's records for a subject access request:
    every identifier and finder asks this first and answers nothing otherwise."""
    from lantern.core.permissions import Permission, can

    return can(actor, Permission.SUBJECT_ACCESS_MANAGE)


def name_tokens(text: str) -> frozenset[str]:
    """A name as a set of case-folded words, so "Penwarden, Jory" is "Jory Penwarden"."""
    return frozenset(text.replace(",", " ").casefold().split())


def names_match(wanted: str, *candidates: str) -> bool:
    """True when one of ``candidates`` is the same name as ``wanted``, word for word in any
    order; an empty name matches nothing."""
    tokens = name_tokens(wanted)
    return bool(tokens) and any(name_tokens(c) == tokens for c in candidates if c)


def held(label: str, value: object) -> HeldItem | None:
    """One item of a held record, or None when there is nothing in it (blank values are
    left out of the response)."""
    text = "" if value is None else str(value).strip()
    return HeldItem(label, text) if text else None


def held_items(*items: HeldItem | None) -> tuple[HeldItem, ...]:
    return tuple(item for item in items if item is not None)
