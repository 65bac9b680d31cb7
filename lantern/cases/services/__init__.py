"""Every write to cases, subjects, designations, ASB Case Reviews and enforcement actions,
each with its audit event in the same transaction. One module per part; the names are all
here:

- cases.py: opening, changing and closing a case, linking reports;
- subjects.py: the people, vehicles and bodies on a case, and their roles;
- facts.py: what an organisation states about a vehicle (make, colour, its keeper), as its
  own statements (docs/adr/0016-facts-as-statements.md);
- shares.py: sharing a case with another partnership, and withdrawing the share;
- designations.py: who is designated to issue notices;
- case_reviews.py: the ASB Case Review, from application to outcome letter;
- action_drafts.py: drafting an enforcement action (what each kind needs);
- action_steps.py: its steps through the transition table (lantern/cases/workflow.py);
- policies.py: a local authority's enforcement policy (thresholds and periods);
- common.py: what they share, including ``case_changed``, the end of every change to a
  case (save, note on the timeline, audit event).
"""

from lantern.cases.services.action_drafts import ActionInput, action_draft
from lantern.cases.services.action_steps import (
    action_approve,
    action_serve,
    action_supersede,
    action_transition,
    breach_record,
)
from lantern.cases.services.case_reviews import (
    case_review_apply,
    case_review_decide,
    case_review_meeting,
    case_review_outcome,
)
from lantern.cases.services.cases import (
    CaseInput,
    case_assess_risk,
    case_close,
    case_link_report,
    case_link_report_by_reference,
    case_open,
    case_record_review,
    case_set_stage,
    case_update,
)
from lantern.cases.services.designations import designation_grant, designation_revoke
from lantern.cases.services.facts import vehicle_fact_assert, vehicle_fact_retract
from lantern.cases.services.policies import PolicyInput, enforcement_policy_set
from lantern.cases.services.shares import case_share, case_share_withdraw
from lantern.cases.services.subjects import (
    PersonInput,
    body_link,
    person_link,
    person_link_existing,
    subject_set_role,
    vehicle_link,
    vehicle_set_keeper,
)

__all__ = [
    "ActionInput",
    "CaseInput",
    "PersonInput",
    "PolicyInput",
    "action_approve",
    "action_draft",
    "action_serve",
    "action_supersede",
    "action_transition",
    "body_link",
    "breach_record",
    "case_assess_risk",
    "case_close",
    "case_link_report",
    "case_link_report_by_reference",
    "case_open",
    "case_record_review",
    "case_review_apply",
    "case_review_decide",
    "case_review_meeting",
    "case_review_outcome",
    "case_set_stage",
    "case_share",
    "case_share_withdraw",
    "case_update",
    "designation_grant",
    "designation_revoke",
    "enforcement_policy_set",
    "person_link",
    "person_link_existing",
    "subject_set_role",
    "vehicle_fact_assert",
    "vehicle_fact_retract",
    "vehicle_link",
    "vehicle_set_keeper",
]
