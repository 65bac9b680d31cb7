"""Cases, as the actor may see them: staff see a case of their partnerships, or shared with
one of them (``scope_q``, docs/adr/0015-partnership-is-the-scope.md), and then only if they
belong to its organisation or to one of its partner organisations (the object policy
below). Reading one case is an access event (criminal-offence data, UK GDPR Art. 10). Also
what a case's page shows: its reports, subjects, actions, evidence, timeline and shares.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.lookups import IsNull

from lantern.accounts.models import Organisation, Share
from lantern.accounts.selectors import in_scope, scope_each_q, scope_q, shares_of
from lantern.audit.services import audit_access
from lantern.cases.models import ActionState, Case, CaseReport, CaseSubject, EnforcementAction
from lantern.core import clock, directory
from lantern.core.actor import Actor
from lantern.core.dataclass import DataClass
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can, register_object_policy
from lantern.reports import selectors as report_selectors


def case_visible_q(actor: Actor) -> Q:
    """The cases ``actor`` may see, as a condition on each case row: in their scope (their
    partnerships' cases, or shared with one of them) and owned by one of their organisations
    or worked with one as a partner (an EXISTS over the case's own partner links). Written
    row-wise, never as ``id IN`` every visible case, so that a newest-first page walks the
    ``(-created_at, -id)`` index and stops after a page, and finding one case costs the same
    however many the actor may see (docs/scale.md). ``case_policy`` is the same rule for one
    case; the tests hold the two, and the rule as sets, to the same answers.

    For the queries that test many cases at once (``case__in=case_list(...)``, the person
    and vehicle lists): PostgreSQL may answer the partner ``EXISTS`` (and the shares'
    ``IN``) with one hash of the actor's organisations' partner links, which is cheap per
    case tested but grows with the links. The lists that walk a page, newest first, use
    ``case_walk_q``: the same rule, looked up for each case the walk passes."""
    if actor.is_system:
        return Q()
    orgs = list(actor.organisation_ids)
    partnered = Case.partners.through.objects.filter(
        case_id=OuterRef("pk"), organisation_id__in=orgs
    )
    return scope_q(actor, object_type="case") & (Q(organisation_id__in=orgs) | Q(Exists(partnered)))


def case_walk_q(actor: Actor) -> Q:
    """``case_visible_q`` for the lists that walk the ``(-created_at, -id)`` index and stop
    after a page (``case_walk``): the same cases, with nothing read in proportion to the data
    before the first row. The partner link is looked up in the case's own links (a probe of
    the unique ``(case, organisation)`` index, made for a case that none of the actor's
    organisations owns) and the share in the case's own live shares (``scope_each_q``, for
    a case outside the actor's partnerships). ``case_visible_q``'s ``EXISTS`` and ``IN``
    let PostgreSQL hash every partner link of the actor's organisations, and every case
    shared with their partnerships, before the first row: 21 buffers at 50,000 reports,
    about 420 at 1,000,000 (docs/scale.md, "Run 8"). Each lookup here is a scalar subquery
    (the first match, or NULL), which PostgreSQL never hashes; a probe costs about two
    buffers, so this form is dearer for a query that tests every case (the reason
    ``case_visible_q`` keeps its own). The tests hold both to the same answers."""
    if actor.is_system:
        return Q()
    orgs = list(actor.organisation_ids)
    first_link = Case.partners.through.objects.filter(
        case_id=OuterRef("pk"), organisation_id__in=orgs
    ).values("case_id")[:1]
    return scope_each_q(actor, object_type="case") & (
        Q(organisation_id__in=orgs) | Q(IsNull(Subquery(first_link), False))
    )


def case_policy(actor: Actor, permission: Permission, case: Case) -> bool:
    if actor.is_system:
        return True
    if not in_scope(
        actor, object_type="case", object_id=case.pk, partnership_id=case.partnership_id
    ):
        return False
    orgs = actor.organisation_ids
    if case.organisation_id in orgs:
        return True
    return case.partners.filter(pk__in=orgs).exists()


register_object_policy(Case, case_policy)


def case_list(*, actor: Actor) -> QuerySet[Case]:
    if actor.is_system:
        return Case.objects.all()
    if not can(actor, Permission.CASE_VIEW):
        return Case.objects.none()
    return (
        Case.objects.filter(case_visible_q(actor))
        .select_related("lead_officer", "organisation", "partnership")
        .order_by("-created_at", "-pk")
    )


def case_walk(*, actor: Actor) -> QuerySet[Case]:
    """The cases ``actor`` may see, newest first (``-created_at, -id``), for the lists that
    read them a page at a time from the newest or from a cursor: the case list page
    (keyset) and the API's list (django-ninja's cursor). The condition is ``case_walk_q``,
    so a page reads the cases it passes and their own links, whatever the data's size. No
    related rows: both lists show the case's own columns (and the API its foreign keys'
    ids). For anything that tests a set of cases, ``case_list``."""
    if not actor.is_system and not can(actor, Permission.CASE_VIEW):
        return Case.objects.none()
    return Case.objects.filter(case_walk_q(actor)).order_by("-created_at", "-pk")


def case_get(*, actor: Actor, case_id: uuid.UUID) -> Case:
    case = case_list(actor=actor).filter(pk=case_id).first()
    if case is None:
        raise NotFound("case")
    audit_access(
        actor=actor, object_type="case", object_id=case.pk, data_class=DataClass.CRIMINAL_OFFENCE
    )
    return case


def case_partnership_ids(*, case: Case) -> set[uuid.UUID]:
    """The case's partnership and those it is shared with now (live shares)."""
    shared = shares_of(object_type="case", object_id=case.pk).filter(withdrawn_at__isnull=True)
    return {case.partnership_id, *shared.values_list("partnership_id", flat=True)}


def case_shares(*, case: Case) -> QuerySet[Share]:
    """The case's live shares with other partnerships, newest first: for its page, to those
    who may see the case."""
    return shares_of(object_type="case", object_id=case.pk).filter(withdrawn_at__isnull=True)


def _eligible_organisations(case: Case) -> QuerySet[Organisation]:
    """The organisations that may be given access to the case: members of its partnership
    or of a partnership it is shared with."""
    return Organisation.objects.filter(
        partnership_memberships__partnership_id__in=case_partnership_ids(case=case)
    ).distinct()


def lead_officer_choices(*, case: Case) -> list[tuple[uuid.UUID, str]]:
    """(user id, name) of those who may lead the case: members of its organisation or of a
    partner organisation (of its partnership or one it is shared with) in a role that may
    manage cases. Names of colleagues only."""
    from lantern.accounts.models import Membership
    from lantern.core.permissions import roles_with

    orgs = _eligible_organisations(case).filter(
        Q(pk=case.organisation_id) | Q(pk__in=case.partners.values("pk"))
    )
    roles = sorted(role.value for role in roles_with(Permission.CASE_MANAGE))
    rows = (
        Membership.objects.filter(
            organisation_id__in=orgs.values("pk"), role__in=roles, user__is_active=True
        )
        .order_by("user__display_name", "user_id")
        .values_list("user_id", "user__display_name")
        .distinct()
    )
    return list(dict(rows).items())


def partner_choices(*, case: Case) -> list[tuple[uuid.UUID, str]]:
    """(id, name) of the organisations that may be given access to the case: the members of
    its partnership and of the partnerships it is shared with, but its own."""
    rows = _eligible_organisations(case).exclude(pk=case.organisation_id).order_by("name")
    return list(rows.values_list("pk", "name"))


def case_reports(*, actor: Actor, case: Case) -> list[Any]:
    """The reports on the case that the actor may see (case_report_ids), oldest incident
    first."""
    return list(
        report_selectors.report_list(actor=actor)
        .filter(pk__in=case_report_ids(case=case))
        .select_related("continues")
        .order_by("occurred_from")
    )


def case_report_ids(*, case: Case) -> set[uuid.UUID]:
    """The reports linked to the case, and the later incidents their reporters added to
    them ("still happening", lantern.reports.services.report_still_happening): officers
    see those on the case without linking each one."""
    linked = set(CaseReport.objects.filter(case=case).values_list("report_id", flat=True))
    return linked | report_selectors.continuation_ids(report_ids=linked)


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


def case_linked(*, actor: Actor, case: Case, reports: list[Any]) -> Any:
    """The items and statements linked to the case or to its reports (``reports``, as
    ``case_reports`` gave them), through the evidence app's selectors (a
    ``lantern.evidence.selectors.Linked``)."""
    from lantern.evidence import selectors as evidence_selectors

    return evidence_selectors.linked_to_any(
        actor=actor, targets={"case": [case.pk], "report": [r.pk for r in reports]}
    )


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
    note_id: uuid.UUID | None = None  # a case note's, for "create intelligence from this"


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
        entries.append(TimelineEntry(note.created_at, note.kind, note.text, note_id=note.pk))
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
        reference=case.reference,
    )


directory.register_case_lookup(_case_lookup)


def _case_by_reference(actor: Actor, reference: str) -> directory.CaseSummary | None:
    """A case by its reference for apps below this one (``lantern bundle create``)."""
    found = case_list(actor=actor).filter(reference=reference).values_list("pk", flat=True).first()
    return None if found is None else _case_lookup(actor, found)


directory.register_case_by_reference_lookup(_case_by_reference)


def cases_due_review(*, actor: Actor, within_days: int = 30) -> QuerySet[Case]:
    horizon = clock.now().date() + timedelta(days=within_days)
    return case_list(actor=actor).filter(
        status=Case.Status.OPEN, lead_officer_id=actor.user_id, next_review_on__lte=horizon
    )
