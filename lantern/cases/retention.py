"""Disposing of closed cases at the end of their retention (issue 23, docs/data-protection.md,
"What goes with a case").

A case's clock starts at its closure (rule ``partnership_casework``): an open case is never a
candidate, and the cases hold provider (lantern/cases/processing.py) holds a case with an
appeal or a prosecution pending. Disposal deletes, inside the caller's transaction:

- the case, its notes, its subject links and its report links (on both sides: the reports
  themselves stay, under their own rule);
- its enforcement actions with their steps, breaches and served documents;
- the statements of fact made on the case;
- each person, vehicle and body linked to it that nothing else still refers to: no other
  case links them or addresses an action to them, no statement of another case names the
  person as a vehicle's keeper, and no hold provider holds them (a safeguarding record, an
  intelligence entity, a subject access request in progress). Their remaining statements of
  fact go with them.

Evidence filed only under the case follows it (lantern/evidence/retention.py); exhibits,
statements, bundles and disclosure schedules are CPIA material and stay.

An ASB Case Review application is casework too: its clock starts when its outcome letter was
sent (the review's closure); an application still being decided, met or written to is never
a candidate. Disposal deletes the application with its statement, decision, recommendations
and the frozen outcome letter; the reports it was made on stay under their own rule.

A designation to issue notices is a staff record (rule ``staff_record``): a revoked one is
reviewed from its last change (its revocation); a designation in force is never a candidate.
It is reviewed in the first partnership its designating body joined. While an enforcement
action the designated user made or served is on a case that holds its records (open, an
appeal or a prosecution pending), the designation is held: it shows the notice was issued
with authority."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import datetime, time
from typing import Any

from django.db.models import Q
from django.utils import timezone

from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.cases.models import (
    ActionTransition,
    Body,
    Breach,
    Case,
    CaseNote,
    CaseReport,
    CaseReview,
    CaseSubject,
    Designation,
    Document,
    EnforcementAction,
    Fact,
    FactProperty,
    FactSubject,
    Person,
    Vehicle,
)
from lantern.cases.month_counts import case_uncounted
from lantern.core import clock, processing
from lantern.core.processing import Candidate, Disposal
from lantern.reports.retention import report_case_links_remove

MODEL = "cases.Case"
PERSON = "cases.Person"
VEHICLE = "cases.Vehicle"
RELIED_ON = "a notice on another case relies on one of its actions"

CASE_DISPOSED = catalogue.declare(
    "case.disposed",
    "A closed case was disposed of at the end of its retention, with its actions and the"
    " people, vehicles and bodies nothing else refers to; details are counts only (the"
    " tombstone names the rule).",
)


def case_candidates(started_by: datetime) -> Iterator[Candidate]:
    rows = Case.objects.filter(
        status=Case.Status.CLOSED, closed_at__isnull=False, closed_at__lte=started_by
    ).values_list("pk", "partnership_id", "closed_at")
    for case_id, partnership_id, closed_at in rows.iterator():
        if closed_at is not None:  # filtered above; the column is nullable
            yield Candidate(case_id, partnership_id, closed_at)


def case_describe(case_id: uuid.UUID) -> str:
    """The case's reference (no personal data), or "" when it is gone."""
    return Case.objects.filter(pk=case_id).values_list("reference", flat=True).first() or ""


def relied_on(case_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Cases one of whose actions another case's action names as its prior warning, the
    breach it penalises, or the action it supersedes: the other case needs it."""
    own = EnforcementAction.objects.filter(case_id__in=case_ids)
    outside = EnforcementAction.objects.exclude(case_id__in=case_ids)
    needed = outside.filter(
        Q(prior_warning__in=own) | Q(supersedes__in=own) | Q(breach__action__in=own)
    ).values_list("prior_warning__case_id", "supersedes__case_id", "breach__action__case_id")
    held: dict[uuid.UUID, str] = {}
    for row in needed:
        for case_id in row:
            if case_id in case_ids:
                held[case_id] = RELIED_ON
    return held


# The parts of a case that other apps may hold on their own (a subject access request in
# progress found a subject link, an action or a statement of fact): the case is held with them.
_PARTS = (
    ("cases.CaseSubject", CaseSubject),
    ("cases.EnforcementAction", EnforcementAction),
    ("cases.CaseNote", CaseNote),
    ("cases.Fact", Fact),
)


def parts_held(case_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Cases one of whose parts a hold provider holds, with the first reason given."""
    held: dict[uuid.UUID, str] = {}
    for label, model in _PARTS:
        case_of = dict(
            model._default_manager.filter(case_id__in=case_ids).values_list("pk", "case_id")
        )
        for part_id, reasons in processing.holds(label, sorted(case_of)).items():
            case_id = case_of[part_id]
            if case_id is not None and reasons:
                held.setdefault(case_id, reasons[0])
    return held


def _referred_elsewhere(
    case_id: uuid.UUID, people: set[uuid.UUID], vehicles: set[uuid.UUID], bodies: set[uuid.UUID]
) -> tuple[set[uuid.UUID], set[uuid.UUID], set[uuid.UUID]]:
    """Of the case's people, vehicles and bodies, those something other than the case still
    refers to (they stay)."""
    links = CaseSubject.objects.exclude(case_id=case_id)
    actions = EnforcementAction.objects.exclude(case_id=case_id)
    kept_people = set(links.filter(person_id__in=people).values_list("person_id", flat=True))
    kept_people |= set(actions.filter(person_id__in=people).values_list("person_id", flat=True))
    kept_vehicles = set(links.filter(vehicle_id__in=vehicles).values_list("vehicle_id", flat=True))
    kept_vehicles |= set(
        actions.filter(vehicle_id__in=vehicles).values_list("vehicle_id", flat=True)
    )
    kept_bodies = set(links.filter(body_id__in=bodies).values_list("body_id", flat=True))
    kept_bodies |= set(actions.filter(body_id__in=bodies).values_list("body_id", flat=True))
    # Anything an app above cases holds (safeguarding, intelligence, subject access).
    kept_people |= set(processing.holds(PERSON, sorted(people - kept_people)))
    kept_vehicles |= set(processing.holds(VEHICLE, sorted(vehicles - kept_vehicles)))
    # A vehicle that stays, on a statement of another case, names the person as its keeper.
    going_vehicles = vehicles - kept_vehicles
    keeper_statements = (
        Fact.objects.filter(subject_type=FactSubject.VEHICLE, property=FactProperty.KEEPER_PERSON)
        .exclude(case_id=case_id)
        .exclude(subject_id__in=going_vehicles)
        .values_list("value", flat=True)
    )
    named = {str(v) for v in keeper_statements if v}
    kept_people |= {p for p in people if str(p) in named}
    return kept_people, kept_vehicles, kept_bodies


def _facts_delete(facts: Any) -> int:
    """Delete these statements. An older statement elsewhere that one of them superseded is
    no longer current either: it is marked withdrawn, not restored."""
    ids = set(facts.values_list("pk", flat=True))
    if not ids:
        return 0
    Fact.objects.filter(superseded_by_id__in=ids).exclude(pk__in=ids).update(
        superseded_by=None, retracted_at=clock.now()
    )
    Fact.objects.filter(pk__in=ids).update(superseded_by=None)
    return Fact.objects.filter(pk__in=ids).delete()[0]


def case_dispose(actor: Any, case_id: uuid.UUID) -> Disposal | None:
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        return None
    subjects = CaseSubject.objects.filter(case_id=case_id)
    actions = EnforcementAction.objects.filter(case_id=case_id)
    people = {p for p in subjects.values_list("person_id", flat=True) if p}
    people |= {p for p in actions.values_list("person_id", flat=True) if p}
    vehicles = {v for v in subjects.values_list("vehicle_id", flat=True) if v}
    vehicles |= {v for v in actions.values_list("vehicle_id", flat=True) if v}
    bodies = {b for b in subjects.values_list("body_id", flat=True) if b}
    bodies |= {b for b in actions.values_list("body_id", flat=True) if b}
    kept_people, kept_vehicles, kept_bodies = _referred_elsewhere(case_id, people, vehicles, bodies)
    going_people = people - kept_people
    going_vehicles = vehicles - kept_vehicles
    going_bodies = bodies - kept_bodies

    rows = 0
    # Enforcement: the actions name each other (a notice its warning, a penalty its breach),
    # so those pointers go first.
    actions.update(prior_warning=None, supersedes=None, breach=None)
    case_uncounted(case_id)  # the steps it served leave the partnership's kept counts
    for model in (Document, ActionTransition, Breach):
        rows += model.objects.filter(action__case_id=case_id).delete()[0]
    rows += actions.delete()[0]
    rows += _facts_delete(Fact.objects.filter(case_id=case_id))
    rows += subjects.delete()[0]
    rows += CaseNote.objects.filter(case_id=case_id).delete()[0]
    rows += CaseReport.objects.filter(case_id=case_id).delete()[0]
    rows += report_case_links_remove(case_id)
    rows += _facts_delete(
        Fact.objects.filter(
            Q(subject_type=FactSubject.PERSON, subject_id__in=going_people)
            | Q(subject_type=FactSubject.VEHICLE, subject_id__in=going_vehicles)
        )
    )
    rows += Person.objects.filter(pk__in=going_people).delete()[0]
    rows += Vehicle.objects.filter(pk__in=going_vehicles).delete()[0]
    rows += Body.objects.filter(pk__in=going_bodies).delete()[0]
    case.partners.clear()
    rows += Case.objects.filter(pk=case_id).delete()[0]
    audit_record(
        actor=actor,
        action=CASE_DISPOSED,
        object_type="case",
        object_id=case_id,
        details={
            "people": len(going_people),
            "people_kept": len(kept_people),
            "vehicles": len(going_vehicles),
            "vehicles_kept": len(kept_vehicles),
            "bodies": len(going_bodies),
            "bodies_kept": len(kept_bodies),
        },
    )
    return Disposal(rows=rows)


# --- ASB Case Review applications ------------------------------------------------------------
CASE_REVIEW_MODEL = "cases.CaseReview"
CASE_REVIEW_DISPOSED = catalogue.declare(
    "case_review.disposed",
    "An ASB Case Review application was disposed of at the end of its retention, with its"
    " outcome letter; details are empty (the tombstone names the rule).",
)


def _start_of(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def case_review_candidates(started_by: datetime) -> Iterator[Candidate]:
    """Applications whose outcome letter was sent on or before ``started_by``'s day."""
    rows = CaseReview.objects.filter(
        status=CaseReview.Status.CLOSED,
        outcome_sent_on__isnull=False,
        outcome_sent_on__lte=timezone.localdate(started_by),
    ).values_list("pk", "partnership_id", "outcome_sent_on")
    for review_id, partnership_id, sent_on in rows.iterator():
        closed = _start_of(sent_on)
        if closed <= started_by:
            yield Candidate(review_id, partnership_id, closed)


def case_review_describe(review_id: uuid.UUID) -> str:
    """The application's reference (no personal data), or "" when it is gone."""
    reference = CaseReview.objects.filter(pk=review_id).values_list("reference", flat=True)
    return reference.first() or ""


def case_review_dispose(actor: Any, review_id: uuid.UUID) -> Disposal | None:
    rows = CaseReview.objects.filter(pk=review_id).delete()[0]
    if not rows:
        return None
    audit_record(
        actor=actor,
        action=CASE_REVIEW_DISPOSED,
        object_type="case_review",
        object_id=review_id,
    )
    return Disposal(rows=rows)


# --- designations to issue notices -----------------------------------------------------------
DESIGNATION_MODEL = "cases.Designation"
AUTHORISED_A_HELD_NOTICE = "a notice issued under it is on a case that holds its records"
DESIGNATION_DISPOSED = catalogue.declare(
    "designation.disposed",
    "A revoked designation to issue notices was disposed of at the end of its retention;"
    " details are empty (the tombstone names the rule).",
)


def _first_partnerships(organisation_ids: set[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """The first partnership each organisation joined."""
    from lantern.accounts.models import PartnershipMember

    first: dict[uuid.UUID, uuid.UUID] = {}
    rows = (
        PartnershipMember.objects.filter(organisation_id__in=organisation_ids)
        .order_by("created_at", "pk")
        .values_list("organisation_id", "partnership_id")
    )
    for organisation_id, partnership_id in rows:
        first.setdefault(organisation_id, partnership_id)
    return first


def designation_candidates(started_by: datetime) -> Iterator[Candidate]:
    """Revoked designations whose last change is at or before ``started_by``."""
    rows = list(
        Designation.objects.filter(revoked_at__isnull=False, updated_at__lte=started_by)
        .order_by("updated_at", "pk")
        .values_list("pk", "organisation_id", "updated_at")
    )
    partnership_of = _first_partnerships({org for _, org, _ in rows if org is not None})
    for designation_id, organisation_id, changed in rows:
        yield Candidate(designation_id, partnership_of.get(organisation_id), changed)


def designation_describe(designation_id: uuid.UUID) -> str:
    """The kind of designation and the day it was granted: no personal data."""
    row = Designation.objects.filter(pk=designation_id).values_list("kind", "created_at").first()
    if row is None:
        return ""
    kind, granted = row
    name = "Designation to issue notices"
    if kind in Designation.Kind.values:
        name = f"{name} ({Designation.Kind(kind).name.lower().replace('_', ' ')})"
    return f"{name} of {timezone.localdate(granted):%-d %B %Y}"


def designation_dispose(actor: Any, designation_id: uuid.UUID) -> Disposal | None:
    rows = Designation.objects.filter(pk=designation_id, revoked_at__isnull=False).delete()[0]
    if not rows:
        return None
    audit_record(
        actor=actor,
        action=DESIGNATION_DISPOSED,
        object_type="designation",
        object_id=designation_id,
    )
    return Disposal(rows=rows)


def designation_holds(designation_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Designations whose user made or served an enforcement action on a case that holds."""
    user_of = dict(Designation.objects.filter(pk__in=designation_ids).values_list("pk", "user_id"))
    if not user_of:
        return {}
    users = set(user_of.values())
    cases_of: dict[uuid.UUID, set[uuid.UUID]] = {}
    actions = EnforcementAction.objects.filter(
        Q(created_by_id__in=users) | Q(served_by_id__in=users)
    ).values_list("case_id", "created_by_id", "served_by_id")
    for case_id, made_by, served_by in actions:
        for user_id in (made_by, served_by):
            if user_id in users:
                cases_of.setdefault(user_id, set()).add(case_id)
    held_cases = processing.case_holds(sorted({c for cases in cases_of.values() for c in cases}))
    return {
        designation_id: AUTHORISED_A_HELD_NOTICE
        for designation_id, user_id in user_of.items()
        if any(case_id in held_cases for case_id in cases_of.get(user_id, ()))
    }
