"""The cases app's models, declared for the record of processing activities; and the legal
holds cases put on records: an open case, a pending appeal, a pending prosecution."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from lantern.cases import retention
from lantern.cases.models import (
    ActionMonthCount,
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
    EnforcementPolicy,
    Fact,
    Person,
    Vehicle,
)
from lantern.cases.models.actions import ActionKind, ActionState
from lantern.core.processing import (
    ART_9_SUBSTANTIAL_PUBLIC_INTEREST,
    ART_10_CRIMINAL_OFFENCE,
    PART_3_SENSITIVE,
    RetentionSubject,
    Rule,
    declare,
    gdpr,
    no_personal_data,
    part3,
    register_case_holds,
    register_hold_provider,
    register_person_cases,
    register_retention_subject,
)

# A council runs casework and civil enforcement (warnings, notices) under UK GDPR, and
# prosecutes a CPN breach under Part 3; the police act under Part 3 (DOMAIN.md 7.2). People
# in cases may be exploited: their records may concern sex life or health (DOMAIN.md 7.1).
CASEWORK = gdpr(
    "Casework and civil enforcement against anti-social behaviour (ASBCPA 2014)",
    ART_9_SUBSTANTIAL_PUBLIC_INTEREST,
    ART_10_CRIMINAL_OFFENCE,
)
PROSECUTION = part3(
    "Investigating and prosecuting offences, breaches of notices included (ASBCPA 2014 s.48)",
    PART_3_SENSITIVE,
)
BOTH = (CASEWORK, PROSECUTION)

for model, name, data in (
    (Case, "Case", "What the case is about, its people, risk to victims, notes."),
    (Person, "Person in a case", "Name, aliases, date of birth or age, description, address."),
    (Body, "Body in a case", "A business or landlord: may be a sole trader's name and address."),
    (CaseSubject, "Case subject", "Which person, vehicle or body is in a case, in what role."),
    (CaseReport, "Report linked to a case", "Which reports a case rests on."),
    (CaseNote, "Case note", "Reviews, risk assessments and closure notes that name people."),
    (EnforcementAction, "Enforcement action", "Whom a warning or notice is for and why."),
    (ActionTransition, "Enforcement step", "Who moved an action on, when, with a note."),
    (Breach, "Breach of a notice", "What the person failed to do, when, on what evidence."),
    (Document, "Served document", "The letter or notice served, with the person's name."),
    (Fact, "Fact about a person or vehicle", "One organisation's statement about a subject."),
):
    declare(model, name=name, data=data, processing=BOTH, retention=Rule.CASEWORK)
declare(
    Vehicle,
    name="Vehicle",
    data="A registration mark (identifies a keeper through the DVLA).",
    processing=BOTH,
    retention=Rule.CASEWORK,
)
declare(
    CaseReview,
    name="ASB Case Review application",
    data="The applicant, their reports and statement, the decision and the outcome letter.",
    processing=(gdpr("Running the ASB Case Review (ASBCPA 2014 ss.104-105)"),),
    retention=Rule.CASEWORK,
)
declare(
    Designation,
    name="Designation to issue notices",
    data="Which staff member may issue which notices, granted by whom.",
    processing=(gdpr("Knowing who is authorised to issue notices (ASBCPA 2014 s.53)"),),
    retention=Rule.STAFF_RECORD,
)
no_personal_data(
    ActionMonthCount,
    name="Enforcement steps served by month",
    reason="How many steps of each kind a partnership's cases served each month: a count.",
)
no_personal_data(
    EnforcementPolicy,
    name="Enforcement policy",
    reason="A council's published thresholds and penalty amounts.",
)

# --- legal holds -------------------------------------------------------------------------

OPEN_CASE = "an open case"
PENDING_APPEAL = "a pending appeal"
PENDING_PROSECUTION = "a pending prosecution"
_LIVE_PROSECUTION = (ActionState.DRAFT, ActionState.APPROVED, ActionState.SERVED)


def case_holds(case_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Which of ``case_ids`` hold their records, and why (the first reason found)."""
    held: dict[uuid.UUID, str] = {}
    actions = EnforcementAction.objects.filter(case_id__in=case_ids)
    for case_id in actions.filter(state=ActionState.APPEALED).values_list("case_id", flat=True):
        held.setdefault(case_id, PENDING_APPEAL)
    prosecutions = actions.filter(kind=ActionKind.PROSECUTION, state__in=_LIVE_PROSECUTION)
    for case_id in prosecutions.values_list("case_id", flat=True):
        held.setdefault(case_id, PENDING_PROSECUTION)
    open_cases = Case.objects.filter(pk__in=case_ids, status=Case.Status.OPEN)
    for case_id in open_cases.values_list("pk", flat=True):
        held.setdefault(case_id, OPEN_CASE)
    return held


def _case_hold_provider(model_label: str, record_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    if model_label == retention.DESIGNATION_MODEL:
        return retention.designation_holds(record_ids)
    if model_label == "cases.Case":
        # A case is also held while another case's notice relies on one of its actions.
        # And while another app holds one of its parts (a subject access request in progress).
        return {
            **retention.parts_held(record_ids),
            **retention.relied_on(record_ids),
            **case_holds(record_ids),
        }
    if model_label == "reports.Report":
        pairs = list(
            CaseReport.objects.filter(report_id__in=record_ids).values_list("report_id", "case_id")
        )
    elif model_label == "places.FootageRequest":
        # A footage request is held by the cases its report is linked to.
        from lantern.places.models import FootageRequest

        report_of = dict(
            FootageRequest.objects.filter(pk__in=record_ids).values_list("pk", "report_id")
        )
        cases_of: dict[uuid.UUID, list[uuid.UUID]] = {}
        for report_id, case_id in CaseReport.objects.filter(
            report_id__in=set(report_of.values())
        ).values_list("report_id", "case_id"):
            cases_of.setdefault(report_id, []).append(case_id)
        pairs = [(rid, cid) for rid, rep in report_of.items() for cid in cases_of.get(rep, [])]
    else:
        return {}
    held_cases = case_holds(list({case_id for _, case_id in pairs}))
    return {rid: held_cases[cid] for rid, cid in pairs if cid in held_cases}


def person_cases(person_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[uuid.UUID]]:
    """The cases each person is a subject of, or addressed by an action in."""
    found: dict[uuid.UUID, set[uuid.UUID]] = {}
    for model in (CaseSubject, EnforcementAction):
        rows = model.objects.filter(person_id__in=person_ids).values_list("person_id", "case_id")
        for person_id, case_id in rows:
            if person_id is not None:
                found.setdefault(person_id, set()).add(case_id)
    return {person_id: sorted(cases) for person_id, cases in found.items()}


register_hold_provider("cases", _case_hold_provider)
# Apps below cases (evidence) map their records to cases and ask these.
register_case_holds(case_holds)
register_person_cases(person_cases)

# --- retention -----------------------------------------------------------------------------
# A closed case is reviewed from its closure (docs/data-protection.md, "What goes with a case").
register_retention_subject(
    RetentionSubject(
        model=retention.MODEL,
        candidates=retention.case_candidates,
        dispose=retention.case_dispose,
        describe=retention.case_describe,
    )
)
# An ASB Case Review application is reviewed from its closure, the outcome letter sent
# (docs/data-protection.md, "What goes with a case").
register_retention_subject(
    RetentionSubject(
        model=retention.CASE_REVIEW_MODEL,
        candidates=retention.case_review_candidates,
        dispose=retention.case_review_dispose,
        describe=retention.case_review_describe,
    )
)
# A revoked designation (a staff record) is reviewed from its last change, its revocation;
# one in force never is (docs/data-protection.md, "What goes with a case").
register_retention_subject(
    RetentionSubject(
        model=retention.DESIGNATION_MODEL,
        candidates=retention.designation_candidates,
        dispose=retention.designation_dispose,
        describe=retention.designation_describe,
    )
)
