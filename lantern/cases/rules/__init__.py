"""The statutory and business rules of casework and enforcement (DOMAIN.md table of rules).

Each rule is a class: ``id`` names it, ``source`` cites the law or policy, the docstring is
the message an officer reads when the rule refuses a step. ``check(step)`` gets a ``Step``
(the action, the day, the actor and what they are doing) and answers True when the step may
go on; a rule that does not concern the action's kind answers True. workflow.py lists which
rules guard which transition; drafting runs the approval rules too (services/action_drafts.py)
and granting a designation runs DESIGNATING_BODY (services/designations.py). Every rule is
registered in lantern.core.rules: ``lantern rules --json`` lists them all.

Who may issue and who may designate is worked out in issuers.py, which requirements are in
force during an appeal in requirements.py; the rules here read them.

The rules live in modules by what they guard (enforcement, designations, keeper_letters,
case_reviews), with what they share in ``common``; this package names them all, and
importing it registers every rule.
"""

from lantern.cases.rules.case_reviews import (
    TELL_ABOUT_REVIEW_MONTHS,
    CaseReviewThreshold,
    Eligibility,
    case_review_eligibility,
)
from lantern.cases.rules.common import (
    ISSUED_STATES,
    PENALTY_NOTICES,
    WARNINGS_AND_NOTICES,
    K,
    S,
    Step,
    add_months,
    fpn_cap_pence,
    policy_for_action,
)
from lantern.cases.rules.designations import (
    DesignatingBody,
    DesignationStep,
)
from lantern.cases.rules.enforcement import (
    AppealOnlyAgainstANotice,
    AppealSuspendsRequirements,
    AppealWindow,
    ApprovedByAnotherSupervisor,
    CpnConductTest,
    CpnContent,
    CpnMinAge,
    CpnRequiresPriorWarning,
    CpnWarningNotExpired,
    CpnWarningSameConduct,
    DispersalLimits,
    EsoMeetingsWithinSixMonths,
    FpnAmountCap,
    FpnBlocksProsecution,
    FpnOnePerBreach,
    IssuerAuthorised,
)
from lantern.cases.rules.keeper_letters import (
    KEEPER_LETTER_FREE_TEXT,
    KeeperLetterNoAllegation,
)

__all__ = [
    "ISSUED_STATES",
    "KEEPER_LETTER_FREE_TEXT",
    "PENALTY_NOTICES",
    "TELL_ABOUT_REVIEW_MONTHS",
    "WARNINGS_AND_NOTICES",
    "AppealOnlyAgainstANotice",
    "AppealSuspendsRequirements",
    "AppealWindow",
    "ApprovedByAnotherSupervisor",
    "CaseReviewThreshold",
    "CpnConductTest",
    "CpnContent",
    "CpnMinAge",
    "CpnRequiresPriorWarning",
    "CpnWarningNotExpired",
    "CpnWarningSameConduct",
    "DesignatingBody",
    "DesignationStep",
    "DispersalLimits",
    "Eligibility",
    "EsoMeetingsWithinSixMonths",
    "FpnAmountCap",
    "FpnBlocksProsecution",
    "FpnOnePerBreach",
    "IssuerAuthorised",
    "K",
    "KeeperLetterNoAllegation",
    "S",
    "Step",
    "add_months",
    "case_review_eligibility",
    "fpn_cap_pence",
    "policy_for_action",
]
