"""Cases and enforcement: cases, their subjects, enforcement actions and their documents,
issuers' designations, and ASB Case Review applications.

People are personal and criminal-offence data (UK GDPR Art. 10): every read of one goes
through lantern/cases/selectors/, which logs it. Reports and evidence belong to apps
below this one; a case holds their ids only.

The models live in modules by sub-domain (cases, actions, case_reviews, facts); import them
from here.
"""

from lantern.cases.models.actions import (
    ActionKind,
    ActionMonthCount,
    ActionState,
    ActionTransition,
    Breach,
    Conduct,
    Document,
    EnforcementAction,
    ServedHow,
)
from lantern.cases.models.case_reviews import (
    CaseReview,
    EnforcementPolicy,
)
from lantern.cases.models.cases import (
    Body,
    Case,
    CaseNote,
    CaseReport,
    CaseSubject,
    Designation,
    Person,
    SubjectRole,
    Vehicle,
)
from lantern.cases.models.facts import (
    KEEPER_PROPERTIES,
    PROPERTIES,
    Fact,
    FactProperty,
    FactSource,
    FactSubject,
)

__all__ = [
    "KEEPER_PROPERTIES",
    "PROPERTIES",
    "ActionKind",
    "ActionMonthCount",
    "ActionState",
    "ActionTransition",
    "Body",
    "Breach",
    "Case",
    "CaseNote",
    "CaseReport",
    "CaseReview",
    "CaseSubject",
    "Conduct",
    "Designation",
    "Document",
    "EnforcementAction",
    "EnforcementPolicy",
    "Fact",
    "FactProperty",
    "FactSource",
    "FactSubject",
    "Person",
    "ServedHow",
    "SubjectRole",
    "Vehicle",
]
