"""Every read of cases, people, vehicles, actions and case reviews, filtered for the actor.

A case is seen by members of its organisation and of its partner organisations (the object
policy below); a person or vehicle by those who may see a case it is linked to, or who
belong to the organisation that recorded it. Reading one person, case or action is an
access event (criminal-offence data, UK GDPR Art. 10).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from lantern.audit.services import audit_access
from lantern.cases.models import (
    ActionState,
    Case,
    CaseReport,
    CaseReview,
    CaseSubject,
    Designation,
    Document,
    EnforcementAction,
    Person,
    Vehicle,
)
from lantern.core import clock, directory
from lantern.core.actor import Actor, Role
from lantern.core.dataclass import DataClass
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can, register_object_policy
from lantern.reports import selectors as report_selectors

# --- object policies ---------------------------------------------------------------------------


def _case_visible_q(actor: Actor) -> Q:
    orgs = list(actor.organisation_ids)
    return Q(organisation_id__in=orgs) | Q(partners__in=orgs)


def _case_policy(actor: Actor, permission: Permission, case: Case) -> bool:
    if actor.is_system:
        return True
    orgs = actor.organisation_ids
    if case.organisation_id in orgs:
        return True
    return case.partners.filter(pk__in=orgs).exists()


def _person_policy(actor: Actor, permission: Permission, person: Person) -> bool:
    if actor.is_system or person.organisation_id in actor.organisation_ids:
        return True
    return case_list(actor=actor).filter(subjects__person=person).exists()


def _action_policy(actor: Actor, permission: Permission, action: EnforcementAction) -> bool:
    return _case_policy(actor, permission, action.case)


def _review_policy(actor: Actor, permission: Permission, review: CaseReview) -> bool:
    if permission is Permission.CASE_REVIEW_APPLY:
        return review.applicant_id == actor.user_id
    return True


register_object_policy(Case, _case_policy)
register_object_policy(Person, _person_policy)
register_object_policy(EnforcementAction, _action_policy)
register_object_policy(CaseReview, _review_policy)


# --- cases -----------------------------------------------------------------------------------------


def case_list(*, actor: Actor) -> QuerySet[Case]:
    if actor.is_system:
        return Case.objects.all()
    if not can(actor, Permission.CASE_VIEW):
        return Case.objects.none()
    ids = Case.objects.filter(_case_visible_q(actor)).values("pk")
    return Case.objects.filter(pk__in=ids).select_related("lead_officer", "organisation")


def case_get(*, actor: Actor, case_id: uuid.UUID) -> Case:
    case = case_list(actor=actor).filter(pk=case_id).first()
    if case is None:
        raise NotFound("case")
    audit_access(
        actor=actor, object_type="case", object_id=case.pk, data_class=DataClass.CRIMINAL_OFFENCE
    )
    return case


def lead_officer_choices(*, case: Case) -> list[tuple[uuid.UUID, str]]:
    """(user id, name) of those who may lead the case: members of its organisation or of a
    partner organisation in a role that may manage cases. Names of colleagues only."""
    from lantern.accounts.models import Membership
    from lantern.core.permissions import roles_with

    orgs = [case.organisation_id, *case.partners.values_list("pk", flat=True)]
    roles = sorted(role.value for role in roles_with(Permission.CASE_MANAGE))
    rows = (
        Membership.objects.filter(organisation_id__in=orgs, role__in=roles, user__is_active=True)
        .order_by("user__display_name", "user_id")
        .values_list("user_id", "user__display_name")
        .distinct()
    )
    return list(dict(rows).items())


def partner_choices(*, case: Case) -> list[tuple[uuid.UUID, str]]:
    """(id, name) of the organisations that may be given access to the case: every one but
    its own."""
    from lantern.accounts.models import Organisation

    rows = Organisation.objects.exclude(pk=case.organisation_id).order_by("name")
    return list(rows.values_list("pk", "name"))


def case_reports(*, actor: Actor, case: Case) -> list[Any]:
    """The reports linked to the case that the actor may see, oldest incident first."""
    ids = list(CaseReport.objects.filter(case=case).values_list("report_id", flat=True))
    return list(
        report_selectors.report_list(actor=actor).filter(pk__in=ids).order_by("occurred_from")
    )


def case_report_ids(*, case: Case) -> set[uuid.UUID]:
    return set(CaseReport.objects.filter(case=case).values_list("report_id", flat=True))


def case_subjects(*, case: Case) -> QuerySet[CaseSubject]:
    return CaseSubject.objects.filter(case=case).select_related("person", "vehicle", "body")


def case_actions(*, case: Case) -> QuerySet[EnforcementAction]:
    return (
        EnforcementAction.objects.filter(case=case)
        .select_related("person", "vehicle", "body")
        .order_by("created_at")
    )


def case_evidence(*, actor: Actor, case: Case) -> list[Any]:
    """Evidence linked to the case. The evidence app is below this one: if it offers
    ``items_linked_to`` we ask it, otherwise (while it is being built) there is none."""
    try:
        from lantern.evidence import selectors as evidence_selectors
    except ImportError:  # pragma: no cover - the evidence app always exists
        return []
    finder = getattr(evidence_selectors, "items_linked_to", None)
    if finder is None:
        return []
    return list(finder(actor=actor, kind="case", target_id=case.pk))


def case_exhibit_references(*, actor: Actor, case: Case) -> dict[uuid.UUID, str]:
    """The exhibit reference ("RP/1") each evidence item has in this case, by item id."""
    from lantern.evidence import selectors as evidence_selectors

    exhibits = evidence_selectors.exhibits_in_case(actor=actor, case_id=case.pk)
    return dict(exhibits.values_list("item_id", "reference"))


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    text: str
    link: str = ""


def case_timeline(*, actor: Actor, case: Case) -> list[TimelineEntry]:
    """One timeline: incidents reported, subjects linked, notes, and every action step."""
    entries: list[TimelineEntry] = [TimelineEntry(case.created_at, "case", "Case opened")]
    for report in case_reports(actor=actor, case=case):
        entries.append(
            TimelineEntry(
                report.occurred_from,
                "report",
                f"Incident reported: {report.category.name} ({report.reference})",
            )
        )
    for subject in case_subjects(case=case):
        what = subject.person or subject.vehicle or subject.body
        entries.append(
            TimelineEntry(
                subject.created_at, "subject", f"{subject.get_role_display()} linked: {what}"
            )
        )
    for note in case.notes.all():
        entries.append(TimelineEntry(note.created_at, note.kind, note.text))
    for action in case_actions(case=case).prefetch_related("transitions", "breaches"):
        entries.append(
            TimelineEntry(action.created_at, "action", f"{action.get_kind_display()} drafted")
        )
        for step in action.transitions.all():
            entries.append(
                TimelineEntry(
                    step.created_at,
                    "action",
                    f"{action.get_kind_display()}: {ActionState(step.to_state).label.lower()}",
                )
            )
        for breach in action.breaches.all():
            entries.append(
                TimelineEntry(
                    breach.created_at,
                    "breach",
                    f"Breach of the {action.get_kind_display()} recorded "
                    f"(on {breach.occurred_on:%-d %B %Y})",
                )
            )
    return sorted(entries, key=lambda e: e.at)


# --- people, bodies, vehicles ------------------------------------------------------------------


def person_list(*, actor: Actor) -> QuerySet[Person]:
    if actor.is_system:
        return Person.objects.all()
    if not can(actor, Permission.CASE_VIEW):
        return Person.objects.none()
    visible_cases = case_list(actor=actor).values("pk")
    ids = Person.objects.filter(
        Q(organisation_id__in=list(actor.organisation_ids)) | Q(links__case__in=visible_cases)
    ).values("pk")
    return Person.objects.filter(pk__in=ids)


def person_get(*, actor: Actor, person_id: uuid.UUID, log: bool = True) -> Person:
    person = person_list(actor=actor).filter(pk=person_id).first()
    if person is None:
        raise NotFound("person")
    if log:
        audit_access(
            actor=actor,
            object_type="person",
            object_id=person.pk,
            data_class=DataClass.CRIMINAL_OFFENCE,
        )
    return person


def person_cases(*, actor: Actor, person: Person) -> QuerySet[Case]:
    return case_list(actor=actor).filter(subjects__person=person).distinct()


def _lookup(actor: Actor, person_id: uuid.UUID) -> directory.PersonSummary | None:
    """The person directory for sibling apps (safeguarding): the permission layer applies,
    and the read is logged."""
    try:
        person = person_get(actor=actor, person_id=person_id)
    except NotFound:
        return None
    cases = person_cases(actor=actor, person=person)
    return directory.PersonSummary(
        id=person.pk,
        label=person.label,
        date_of_birth=person.date_of_birth,
        estimated_age=person.age_on(clock.now().date()) if person.date_of_birth is None else None,
        case_ids=tuple(c.pk for c in cases),
        lead_officer_ids=tuple(c.lead_officer_id for c in cases if c.lead_officer_id),
    )


directory.register_person_lookup(_lookup)


def _case_lookup(actor: Actor, case_id: uuid.UUID) -> directory.CaseSummary | None:
    """The case directory for apps below this one (evidence's exhibit references): the
    permission layer applies, and the read is logged."""
    try:
        case = case_get(actor=actor, case_id=case_id)
    except NotFound:
        return None
    return directory.CaseSummary(
        id=case.pk,
        label=f"{case.reference}: {case.title}",
        report_ids=tuple(sorted(case_report_ids(case=case), key=str)),
    )


directory.register_case_lookup(_case_lookup)


def vehicle_list(*, actor: Actor) -> QuerySet[Vehicle]:
    if actor.is_system:
        return Vehicle.objects.all()
    if not can(actor, Permission.CASE_VIEW):
        return Vehicle.objects.none()
    return Vehicle.objects.filter(links__case__in=case_list(actor=actor).values("pk")).distinct()


def vehicle_get(*, actor: Actor, vehicle_id: uuid.UUID) -> Vehicle:
    """A vehicle linked to a case the actor may see, by its id (never its registration, which
    is personal data, in a URL). A keeper's details are personal data: the read is logged."""
    vehicle = vehicle_list(actor=actor).filter(pk=vehicle_id).first()
    if vehicle is None:
        raise NotFound("vehicle")
    audit_access(
        actor=actor, object_type="vehicle", object_id=vehicle.pk, data_class=DataClass.PERSONAL
    )
    return vehicle


def vehicle_find(*, actor: Actor, registration: str) -> Vehicle | None:
    """The vehicle record with this (normalised) registration if one is linked to a case the
    actor may see (the read is logged); None when there is none."""
    vehicle = vehicle_list(actor=actor).filter(registration=registration).first()
    if vehicle is not None:
        audit_access(
            actor=actor, object_type="vehicle", object_id=vehicle.pk, data_class=DataClass.PERSONAL
        )
    return vehicle


@dataclass(frozen=True)
class Sighting:
    report_id: uuid.UUID
    reference: str
    seen_at: datetime
    place: str
    latitude: float
    longitude: float
    category: str


def vehicle_sightings(*, actor: Actor, registration: str) -> list[Sighting]:
    """Every report that names the registration is a sighting (as the actor may see them)."""
    reports = report_selectors.reports_naming_vehicle(
        actor=actor, registration=registration
    ).select_related("category")
    return [
        Sighting(
            report_id=r.pk,
            reference=r.reference,
            seen_at=r.occurred_from,
            place=r.address or f"{r.latitude:.5f}, {r.longitude:.5f}",
            latitude=r.latitude,
            longitude=r.longitude,
            category=r.category.name,
        )
        for r in reports.order_by("occurred_from")
    ]


def vehicle_cases(*, actor: Actor, vehicle: Vehicle) -> QuerySet[Case]:
    return case_list(actor=actor).filter(subjects__vehicle=vehicle).distinct()


def vehicle_letters(*, actor: Actor, vehicle: Vehicle) -> QuerySet[EnforcementAction]:
    return EnforcementAction.objects.filter(
        vehicle=vehicle, case__in=case_list(actor=actor).values("pk")
    ).select_related("case")


# --- actions -----------------------------------------------------------------------------------


def action_list(*, actor: Actor) -> QuerySet[EnforcementAction]:
    return EnforcementAction.objects.filter(
        case__in=case_list(actor=actor).values("pk")
    ).select_related("case", "person", "vehicle", "body")


def action_get(*, actor: Actor, action_id: uuid.UUID, log: bool = True) -> EnforcementAction:
    action = action_list(actor=actor).filter(pk=action_id).first()
    if action is None:
        raise NotFound("action")
    if log:
        audit_access(
            actor=actor,
            object_type="enforcement_action",
            object_id=action.pk,
            data_class=DataClass.CRIMINAL_OFFENCE,
        )
    return action


def action_documents(*, action: EnforcementAction) -> QuerySet[Document]:
    return Document.objects.filter(action=action).defer("content")


def document_hashes(*, actions: list[EnforcementAction]) -> dict[uuid.UUID, list[str]]:
    """The SHA-256 of each action's frozen documents, in one query for a list of actions."""
    hashes: dict[uuid.UUID, list[str]] = {}
    rows = Document.objects.filter(action__in=[a.pk for a in actions]).order_by("created_at")
    for action_id, sha in rows.values_list("action_id", "sha256"):
        hashes.setdefault(action_id, []).append(sha)
    return hashes


def document_get(*, actor: Actor, document_id: uuid.UUID) -> Document:
    document = (
        Document.objects.filter(pk=document_id, action__in=action_list(actor=actor).values("pk"))
        .select_related("action")
        .first()
    )
    if document is None:
        raise NotFound("document")
    audit_access(
        actor=actor,
        object_type="document",
        object_id=document.pk,
        data_class=DataClass.CRIMINAL_OFFENCE,
    )
    return document


@dataclass(frozen=True)
class Due:
    action: EnforcementAction
    what: str
    on: date


def due_for_officer(*, actor: Actor, within_days: int = 30) -> list[Due]:
    """What is due on the actor's actions and cases: compliance dates, appeal windows,
    expiry and review dates, case reviews, in date order."""
    today = clock.now().date()
    horizon = today + timedelta(days=within_days)
    mine = action_list(actor=actor).filter(
        Q(created_by_id=actor.user_id)
        | Q(served_by_id=actor.user_id)
        | Q(case__lead_officer_id=actor.user_id)
    )
    live = mine.filter(state__in=[ActionState.SERVED, ActionState.BREACHED, ActionState.APPEALED])
    due: list[Due] = []
    for action in live:
        if action.comply_by and today <= action.comply_by <= horizon:
            due.append(Due(action, "Time to comply ends", action.comply_by))
        if action.appeal_ends_on and today <= action.appeal_ends_on <= horizon:
            due.append(Due(action, "Appeal window closes", action.appeal_ends_on))
        if action.expires_on and action.expires_on <= horizon:
            due.append(Due(action, "Expires", action.expires_on))
    for action in mine.filter(state=ActionState.DRAFT):
        due.append(Due(action, "Draft awaiting approval", action.created_at.date()))
    if actor.has_role(Role.SUPERVISOR):
        for action in (
            action_list(actor=actor)
            .filter(state=ActionState.DRAFT)
            .exclude(pk__in=[d.action.pk for d in due])
        ):
            due.append(Due(action, "Draft awaiting approval", action.created_at.date()))
    return sorted(due, key=lambda d: d.on)


def cases_due_review(*, actor: Actor, within_days: int = 30) -> QuerySet[Case]:
    horizon = clock.now().date() + timedelta(days=within_days)
    return case_list(actor=actor).filter(
        status=Case.Status.OPEN, lead_officer_id=actor.user_id, next_review_on__lte=horizon
    )


# --- designations ------------------------------------------------------------------------------


def designation_people(*, actor: Actor) -> list[tuple[uuid.UUID, str]]:
    """(user id, name) of the people whose designations the actor manages: the users of the
    organisations they supervise (everyone, for an administrator)."""
    from lantern.accounts import selectors as account_selectors

    if not can(actor, Permission.DESIGNATION_MANAGE):
        return []
    users = account_selectors.user_list(actor=actor).order_by("display_name")
    return list(users.values_list("pk", "display_name")[:500])


def designation_list(*, actor: Actor) -> list[tuple[Designation, str]]:
    """The designations in force of the people the actor manages, with their names."""
    people = dict(designation_people(actor=actor))
    designations = Designation.objects.filter(revoked_at=None, user_id__in=list(people))
    return [(d, people[d.user_id]) for d in designations.order_by("created_at")]


# --- ASB Case Review ---------------------------------------------------------------------------


def own_case_reviews(*, actor: Actor) -> QuerySet[CaseReview]:
    if actor.user_id is None or not can(actor, Permission.CASE_REVIEW_APPLY):
        return CaseReview.objects.none()
    return CaseReview.objects.filter(applicant_id=actor.user_id).defer("outcome_pdf")


def case_review_list(*, actor: Actor) -> QuerySet[CaseReview]:
    """Every application, for the partnership's officers (reports, and so applications, are
    shared across the partnership). No personal data in the list: the applicant's name is on
    the application's page, whose read is logged."""
    if not can(actor, Permission.CASE_REVIEW_MANAGE):
        return CaseReview.objects.none()
    return CaseReview.objects.defer("outcome_pdf").order_by("-created_at")


@dataclass(frozen=True)
class ReviewStep:
    """One step of an ASB Case Review with its timescale: when it is due, when it was done."""

    name: str
    due_on: date | None
    done_on: date | None

    @property
    def late(self) -> bool:
        if self.due_on is None:
            return False
        if self.done_on is not None:
            return self.done_on > self.due_on
        return clock.now().date() > self.due_on


def review_steps(review: CaseReview) -> list[ReviewStep]:
    """The steps the review has taken or has still to take, in order."""
    steps = [ReviewStep("Decision on the threshold", review.decision_due_on, review.decided_on)]
    if review.threshold_met:
        steps.append(ReviewStep("Review meeting", review.meeting_due_on, review.meeting_on))
    if review.outcome_due_on or review.outcome_sent_on:
        steps.append(ReviewStep("Outcome letter", review.outcome_due_on, review.outcome_sent_on))
    return steps


def review_next_step(review: CaseReview) -> ReviewStep | None:
    """The first step not yet done, or None once the outcome letter has been sent."""
    return next((step for step in review_steps(review) if step.done_on is None), None)


def case_review_get(*, actor: Actor, review_id: uuid.UUID) -> CaseReview:
    review = CaseReview.objects.select_related("applicant").filter(pk=review_id).first()
    if review is None:
        raise NotFound("case review")
    if can(actor, Permission.CASE_REVIEW_MANAGE, review):
        audit_access(
            actor=actor,
            object_type="case_review",
            object_id=review.pk,
            data_class=DataClass.PERSONAL,
        )
        return review
    if can(actor, Permission.CASE_REVIEW_APPLY, review):
        return review
    raise NotFound("case review")


def case_review_reports(*, actor: Actor, review: CaseReview) -> list[Any]:
    """The qualifying reports the application was made on, as the actor may see them."""
    return list(
        report_selectors.report_list(actor=actor)
        .filter(pk__in=list(review.report_ids))
        .order_by("occurred_from")
    )


def resident_eligibility(*, actor: Actor) -> Any:
    """The actor's own ASB Case Review eligibility, from their own reports."""
    from lantern.cases.rules import case_review_eligibility

    if actor.user_id is None:
        return None
    reports = list(
        report_selectors.reports_made_by(reporter_id=actor.user_id).select_related("category")
    )
    return case_review_eligibility(reports, clock.now())
