"""Every read of cases, people, vehicles, actions and case reviews, filtered for the actor.

A case is seen by members of its organisation and of its partner organisations; a person or
vehicle by those who may see a case it is linked to, or who belong to the organisation that
recorded it. Reading one person, case or action is an access event (criminal-offence data,
UK GDPR Art. 10). One module per part, each registering its object policy; the names are
all here:

- cases.py: cases, and what a case's page shows (reports, subjects, actions, timeline);
- subjects.py: people and vehicles (with their sightings and letters);
- facts.py: what organisations state about a vehicle, as the actor may read it;
- actions.py: enforcement actions, their evidence, their draft and frozen documents, what
  is due on them;
- designations.py: who is designated to issue notices;
- case_reviews.py: ASB Case Review applications, their steps and a resident's eligibility;
- policies.py: the enforcement policy in force for a council, an action or an application.
"""

from lantern.cases.selectors.action_evidence import EvidenceOptions, evidence_options
from lantern.cases.selectors.actions import (
    PREVIEWABLE,
    DocumentPreview,
    Due,
    LinkedEvidence,
    action_documents,
    action_evidence,
    action_get,
    action_list,
    action_preview,
    document_get,
    document_hashes,
    due_for_officer,
)
from lantern.cases.selectors.case_reviews import (
    ReviewStep,
    case_review_get,
    case_review_list,
    case_review_reports,
    own_case_reviews,
    resident_eligibilities,
    resident_eligibility,
    review_councils,
    review_next_step,
    review_policy,
    review_steps,
)
from lantern.cases.selectors.cases import (
    TimelineEntry,
    case_actions,
    case_evidence,
    case_exhibit_references,
    case_get,
    case_linked,
    case_list,
    case_partnership_ids,
    case_report_ids,
    case_reports,
    case_shares,
    case_subjects,
    case_timeline,
    case_walk,
    cases_due_review,
    lead_officer_choices,
    partner_choices,
)
from lantern.cases.selectors.designations import (
    designation_list,
    designation_people,
    granting_bodies,
)
from lantern.cases.selectors.facts import (
    FactView,
    Statement,
    fact_get,
    fact_list,
    own_keeper,
    vehicle_view,
)
from lantern.cases.selectors.holds import Hold, safeguarding_holds
from lantern.cases.selectors.policies import action_policy, authority_get, authority_policy
from lantern.cases.selectors.subjects import (
    Sighting,
    person_cases,
    person_get,
    person_list,
    vehicle_cases,
    vehicle_find,
    vehicle_get,
    vehicle_letters,
    vehicle_list,
    vehicle_sightings,
)

__all__ = [
    "PREVIEWABLE",
    "DocumentPreview",
    "Due",
    "EvidenceOptions",
    "FactView",
    "Hold",
    "LinkedEvidence",
    "ReviewStep",
    "Sighting",
    "Statement",
    "TimelineEntry",
    "action_documents",
    "action_evidence",
    "action_get",
    "action_list",
    "action_policy",
    "action_preview",
    "authority_get",
    "authority_policy",
    "case_actions",
    "case_evidence",
    "case_exhibit_references",
    "case_get",
    "case_linked",
    "case_list",
    "case_partnership_ids",
    "case_report_ids",
    "case_reports",
    "case_review_get",
    "case_review_list",
    "case_review_reports",
    "case_shares",
    "case_subjects",
    "case_timeline",
    "case_walk",
    "cases_due_review",
    "designation_list",
    "designation_people",
    "document_get",
    "document_hashes",
    "due_for_officer",
    "evidence_options",
    "fact_get",
    "fact_list",
    "granting_bodies",
    "lead_officer_choices",
    "own_case_reviews",
    "own_keeper",
    "partner_choices",
    "person_cases",
    "person_get",
    "person_list",
    "resident_eligibilities",
    "resident_eligibility",
    "review_councils",
    "review_next_step",
    "review_policy",
    "review_steps",
    "safeguarding_holds",
    "vehicle_cases",
    "vehicle_find",
    "vehicle_get",
    "vehicle_letters",
    "vehicle_list",
    "vehicle_sightings",
    "vehicle_view",
]
