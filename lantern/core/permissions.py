"""The one place that answers "may this actor do this (to this record)?"

It lives in the shared kernel so that every app, the audit log included, asks the same
question the same way (docs/adr/0003-permissions-in-core.md).

Permissions are granted to roles in ``ROLE_PERMISSIONS`` (the matrix a parametrised test
covers whole). Where a record is given, the object policy registered for its type narrows
the answer further: organisation, case membership, data class. Selectors use the same
policies to filter querysets, so a list never shows what a detail page would refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from lantern.core.actor import Actor, Role


class Permission(StrEnum):
    # Each app keeps its permissions in its own section, here and in GRANTS below.
    # --- frontend --------------------------------------------------------------------------
    STAFF_DASHBOARD_VIEW = "staff_dashboard.view"
    RESIDENT_HOME_VIEW = "resident_home.view"
    # --- accounts --------------------------------------------------------------------------
    ORGANISATION_VIEW = "organisation.view"
    ORGANISATION_MANAGE = "organisation.manage"
    USER_VIEW = "user.view"
    USER_MANAGE = "user.manage"
    MEMBERSHIP_MANAGE = "membership.manage"
    API_TOKEN_MANAGE_OWN = "api_token.manage_own"  # noqa: S105
    # A resident's rights over their own data: download it, correct their contact details,
    # close their account (issue 23 part 4). Only ever about the actor's own account.
    OWN_ACCOUNT_MANAGE = "own_account.manage"
    # --- audit -----------------------------------------------------------------------------
    AUDIT_VIEW = "audit.view"
    AUDIT_VERIFY = "audit.verify"
    # --- places ----------------------------------------------------------------------------
    AREA_VIEW = "area.view"
    AREA_MANAGE = "area.manage"
    CAMERA_REGISTER = "camera.register"
    CAMERA_SEARCH = "camera.search"
    FOOTAGE_REQUEST_SEND = "footage_request.send"
    FOOTAGE_REQUEST_VIEW = "footage_request.view"
    FOOTAGE_REQUEST_RESPOND = "footage_request.respond"
    # --- reports ---------------------------------------------------------------------------
    REPORT_VIEW_OWN = "report.view_own"
    REPORT_VIEW = "report.view"
    REPORT_TRIAGE = "report.triage"
    REPORT_UPDATE_PUBLIC = "report.update_public"
    CATEGORY_MANAGE = "report_category.manage"
    OPEN311_CLIENT_MANAGE = "open311_client.manage"
    # --- evidence --------------------------------------------------------------------------
    EVIDENCE_UPLOAD = "evidence.upload"
    EVIDENCE_VIEW = "evidence.view"
    EVIDENCE_MANAGE = "evidence.manage"
    EVIDENCE_REDACT = "evidence.redact"
    STATEMENT_MAKE = "statement.make"
    STATEMENT_VIEW = "statement.view"
    # --- cases -----------------------------------------------------------------------------
    CASE_VIEW = "case.view"
    CASE_MANAGE = "case.manage"
    ENFORCEMENT_PROPOSE = "enforcement.propose"
    ENFORCEMENT_APPROVE = "enforcement.approve"
    ENFORCEMENT_SERVE = "enforcement.serve"
    DESIGNATION_MANAGE = "designation.manage"
    CASE_REVIEW_APPLY = "case_review.apply"
    CASE_REVIEW_MANAGE = "case_review.manage"
    # --- safeguarding ----------------------------------------------------------------------
    SAFEGUARDING_RECORD_VIEW = "safeguarding_record.view"
    SAFEGUARDING_QUEUE_VIEW = "safeguarding_queue.view"
    SAFEGUARDING_STATUS_VIEW = "safeguarding_status.view"
    SAFEGUARDING_STATS_VIEW = "safeguarding_stats.view"
    SAFEGUARDING_PERSON_IDENTIFY = "safeguarding_person.identify"
    SCREENING_RECORD = "screening.record"
    SAFEGUARDING_REVIEW_RECORD = "safeguarding_review.record"
    CONSENT_RECORD = "consent.record"
    REFERRAL_MAKE = "referral.make"
    DUTY_TO_NOTIFY_RECORD = "duty_to_notify.record"
    AGENCY_REFERRAL_VIEW = "agency_referral.view"
    AGENCY_REFERRAL_UPDATE = "agency_referral.update"
    OUTREACH_LOG = "outreach.log"
    # --- intelligence ----------------------------------------------------------------------
    INTELLIGENCE_VIEW = "intelligence.view"
    INTELLIGENCE_RECORD = "intelligence.record"
    INTELLIGENCE_ANALYSE = "intelligence.analyse"
    SOURCE_RECORD_MANAGE = "source_record.manage"
    # --- disclosure ------------------------------------------------------------------------
    DISCLOSURE_MANAGE = "disclosure.manage"
    # --- dataprotection --------------------------------------------------------------------
    RETENTION_REVIEW = "retention.review"
    RETENTION_POLICY_MANAGE = "retention_policy.manage"
    # --- subjectaccess ---------------------------------------------------------------------
    SUBJECT_ACCESS_MANAGE = "subject_access.manage"
    # --- analytics -------------------------------------------------------------------------
    HOTSPOT_VIEW = "hotspot.view"
    POLICEUK_IMPORT = "policeuk.import"
    PATROL_PLAN_VIEW = "patrol_plan.view"
    PATROL_PLAN_PROPOSE = "patrol_plan.propose"
    PATROL_PLAN_PUBLISH = "patrol_plan.publish"
    PATROL_LOG = "patrol.log"
    PATROL_ADJUST = "patrol.adjust"
    IMPACT_VIEW = "impact.view"
    IMPACT_MANAGE = "impact.manage"
    PARTNERSHIP_DASHBOARD_VIEW = "partnership_dashboard.view"
    PARTNERSHIP_FIGURES_VIEW = "partnership_figures.view"


P = Permission
R = Role

# Groups of roles, for reading the grants below.
RESIDENTS = frozenset({R.RESIDENT})
STAFF = frozenset(r for r in Role if r.is_staff)
OFFICERS = frozenset({R.POLICE_OFFICER, R.PCSO, R.COUNCIL_OFFICER})  # front-line enforcement
SAFEGUARDING = frozenset({R.SAFEGUARDING_LEAD})
SUPPORT = frozenset({R.SUPPORT_WORKER})
ADMINS = frozenset({R.ADMIN})

# Who holds each permission. Every Permission must appear here (a test checks), and the
# role x permission matrix test in lantern/core/tests/test_permissions.py spells out the
# same table independently, so a change to who may do what is always made twice.
GRANTS: dict[Permission, frozenset[Role]] = {
    # --- frontend --------------------------------------------------------------------------
    P.STAFF_DASHBOARD_VIEW: STAFF,
    P.RESIDENT_HOME_VIEW: RESIDENTS,
    # --- accounts --------------------------------------------------------------------------
    P.ORGANISATION_VIEW: STAFF,
    P.ORGANISATION_MANAGE: ADMINS,
    P.USER_VIEW: frozenset({R.SUPERVISOR, R.ADMIN}),
    P.USER_MANAGE: ADMINS,
    P.MEMBERSHIP_MANAGE: ADMINS,
    P.API_TOKEN_MANAGE_OWN: STAFF,
    P.OWN_ACCOUNT_MANAGE: RESIDENTS,
    # --- audit -----------------------------------------------------------------------------
    P.AUDIT_VIEW: ADMINS,
    P.AUDIT_VERIFY: ADMINS,
    # --- places ----------------------------------------------------------------------------
    # Cameras are narrowed by the object policy (lantern/places/selectors.py): an owner
    # manages only their own; footage requests are seen by the requesting organisation.
    P.AREA_VIEW: STAFF,
    P.AREA_MANAGE: frozenset({R.ANALYST, R.ADMIN}),
    P.CAMERA_REGISTER: RESIDENTS,
    P.CAMERA_SEARCH: OFFICERS | frozenset({R.SUPERVISOR}),
    P.FOOTAGE_REQUEST_SEND: OFFICERS | frozenset({R.SUPERVISOR}),
    P.FOOTAGE_REQUEST_VIEW: OFFICERS | frozenset({R.SUPERVISOR}),
    P.FOOTAGE_REQUEST_RESPOND: RESIDENTS,
    # --- reports ---------------------------------------------------------------------------
    # Reports in the safeguarding queue are narrowed further by the object policy
    # (lantern/reports/selectors.py): only safeguarding leads and supervisors see them.
    P.REPORT_VIEW_OWN: RESIDENTS,
    P.REPORT_VIEW: OFFICERS | SAFEGUARDING | frozenset({R.SUPERVISOR, R.ANALYST}),
    P.REPORT_TRIAGE: OFFICERS | SAFEGUARDING | frozenset({R.SUPERVISOR}),
    P.REPORT_UPDATE_PUBLIC: OFFICERS | SAFEGUARDING | frozenset({R.SUPERVISOR}),
    P.CATEGORY_MANAGE: ADMINS,
    P.OPEN311_CLIENT_MANAGE: ADMINS,
    # --- evidence --------------------------------------------------------------------------
    P.EVIDENCE_UPLOAD: RESIDENTS | STAFF,
    P.EVIDENCE_VIEW: OFFICERS | SAFEGUARDING | frozenset({R.SUPERVISOR}),
    P.EVIDENCE_MANAGE: OFFICERS | frozenset({R.SUPERVISOR}),
    # Redacting evidence (boxes, muted sound, a redacted copy): narrowed to the items the
    # officer may see (lantern/evidence/redaction/selectors.py).
    P.EVIDENCE_REDACT: OFFICERS | frozenset({R.SUPERVISOR}),
    P.STATEMENT_MAKE: RESIDENTS | STAFF,
    P.STATEMENT_VIEW: OFFICERS | frozenset({R.SUPERVISOR}),
    # --- cases -----------------------------------------------------------------------------
    # Narrowed by the object policy (lantern/cases/selectors/cases.py): the case's
    # organisation and its partner organisations only.
    P.CASE_VIEW: OFFICERS | SAFEGUARDING | SUPPORT | frozenset({R.SUPERVISOR, R.ANALYST}),
    P.CASE_MANAGE: OFFICERS | frozenset({R.SUPERVISOR}),
    P.ENFORCEMENT_PROPOSE: OFFICERS | frozenset({R.SUPERVISOR}),
    P.ENFORCEMENT_APPROVE: frozenset({R.SUPERVISOR}),
    # Narrowed further by the ISSUER_AUTHORISED rule (lantern/cases/rules/).
    P.ENFORCEMENT_SERVE: OFFICERS | frozenset({R.SUPERVISOR}),
    P.DESIGNATION_MANAGE: frozenset({R.SUPERVISOR, R.ADMIN}),
    P.CASE_REVIEW_APPLY: RESIDENTS,
    P.CASE_REVIEW_MANAGE: OFFICERS | frozenset({R.SUPERVISOR}),
    # --- safeguarding ----------------------------------------------------------------------
    # Special category data. SAFEGUARDING_RECORD_VIEW is narrowed by the object policies in
    # lantern/safeguarding/selectors/access.py: officers and supervisors see a person's
    # records only as the lead officer of one of their cases; support workers see only their
    # agency's referrals; MS1 records only safeguarding leads. Everyone on the status list
    # sees that a review exists and its decision, not its content.
    P.SAFEGUARDING_RECORD_VIEW: SAFEGUARDING | OFFICERS | frozenset({R.SUPERVISOR}),
    P.SAFEGUARDING_QUEUE_VIEW: SAFEGUARDING,
    P.SAFEGUARDING_STATUS_VIEW: SAFEGUARDING | OFFICERS | frozenset({R.SUPERVISOR}),
    P.SAFEGUARDING_STATS_VIEW: STAFF,
    # Who the person in a safeguarding record is (their name from the cases app), even where
    # the case is not theirs to see: safeguarding leads only, for people whose records their
    # partnership holds or was shared (lantern/safeguarding/selectors/identity.py). Support
    # workers see only what the person consented to share, per referral; officers see names
    # through the cases they may see.
    P.SAFEGUARDING_PERSON_IDENTIFY: SAFEGUARDING,
    P.SCREENING_RECORD: SAFEGUARDING | OFFICERS,
    P.SAFEGUARDING_REVIEW_RECORD: SAFEGUARDING,
    P.CONSENT_RECORD: SAFEGUARDING,
    P.REFERRAL_MAKE: SAFEGUARDING,
    P.DUTY_TO_NOTIFY_RECORD: SAFEGUARDING,
    P.AGENCY_REFERRAL_VIEW: SUPPORT,
    P.AGENCY_REFERRAL_UPDATE: SUPPORT,
    P.OUTREACH_LOG: SUPPORT,
    # --- intelligence ----------------------------------------------------------------------
    # Narrowed by need to know (lantern/intelligence/selectors/access.py): police roles in a
    # police force read all intelligence in their partnerships; partners (council officers,
    # safeguarding leads) only what is graded P, or C with conditions that allow it. Support
    # workers and residents never reach it. Source records: source handlers only.
    P.INTELLIGENCE_VIEW: OFFICERS | SAFEGUARDING | {R.ANALYST, R.SUPERVISOR, R.SOURCE_HANDLER},
    P.INTELLIGENCE_RECORD: OFFICERS | {R.ANALYST, R.SUPERVISOR, R.SOURCE_HANDLER},
    P.INTELLIGENCE_ANALYSE: frozenset({R.ANALYST, R.SUPERVISOR}),
    P.SOURCE_RECORD_MANAGE: frozenset({R.SOURCE_HANDLER}),
    # --- disclosure ------------------------------------------------------------------------
    # The disclosure officer under the CPIA 1996 Code of Practice: a police officer, or their
    # supervisor, of a case they may see (lantern/disclosure/selectors/). Narrowed by the case's
    # object policy; what material they see is narrowed by each app's own policies.
    P.DISCLOSURE_MANAGE: frozenset({R.POLICE_OFFICER, R.SUPERVISOR}),
    # --- dataprotection --------------------------------------------------------------------
    # Retention review and disposal (issue 23, DESIGN.md principle 7): the data protection
    # officer decides, for the records of their partnerships (lantern/dataprotection/
    # selectors.py). Partnership retention periods: the officer or an administrator.
    P.RETENTION_REVIEW: frozenset({R.DATA_PROTECTION_OFFICER}),
    P.RETENTION_POLICY_MANAGE: frozenset({R.DATA_PROTECTION_OFFICER, R.ADMIN}),
    # --- subjectaccess ---------------------------------------------------------------------
    # Subject access requests (UK GDPR Art. 15; DPA 2018 s.45): the data protection officer
    # records them, searches every app for the person through the finders each app registers
    # (lantern/core/directory.py, which check this permission and search only the officer's
    # partnerships), reviews what was found and releases the response.
    P.SUBJECT_ACCESS_MANAGE: frozenset({R.DATA_PROTECTION_OFFICER}),
    # --- analytics -------------------------------------------------------------------------
    P.HOTSPOT_VIEW: OFFICERS | {R.ANALYST, R.SUPERVISOR},
    P.POLICEUK_IMPORT: frozenset({R.ANALYST, R.ADMIN}),
    P.PATROL_PLAN_VIEW: OFFICERS | {R.ANALYST, R.SUPERVISOR},
    P.PATROL_PLAN_PROPOSE: frozenset({R.ANALYST, R.SUPERVISOR}),
    P.PATROL_PLAN_PUBLISH: frozenset({R.SUPERVISOR}),
    P.PATROL_LOG: OFFICERS,
    # Joint patrols (issue 20): the front-line officers of the plan's own partnership, police
    # and council alike, move a published patrol's day and times to fit their shifts; each
    # change is audited (patrol_item.adjusted). Drafts stay with PATROL_PLAN_PUBLISH.
    P.PATROL_ADJUST: OFFICERS | {R.SUPERVISOR},
    P.IMPACT_VIEW: OFFICERS | {R.ANALYST, R.SUPERVISOR},
    P.IMPACT_MANAGE: frozenset({R.ANALYST, R.SUPERVISOR}),
    P.PARTNERSHIP_DASHBOARD_VIEW: STAFF,
    # The partnership's own figures by month (reports, enforcement, safeguarding counts,
    # patrols): for those who report to partnership meetings.
    P.PARTNERSHIP_FIGURES_VIEW: frozenset({R.ANALYST, R.SUPERVISOR}),
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    role: frozenset(p for p, roles in GRANTS.items() if role in roles) for role in Role
}

ObjectPolicy = Callable[[Actor, Permission, Any], bool]
_OBJECT_POLICIES: dict[type, ObjectPolicy] = {}


def register_object_policy(model: type, policy: ObjectPolicy) -> None:
    """Each app registers how its records narrow a role's permission (in AppConfig.ready)."""
    _OBJECT_POLICIES[model] = policy


def role_allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def can(actor: Actor, permission: Permission, record: Any = None) -> bool:
    """True when one of the actor's roles grants ``permission`` and, for a record, the
    record's object policy agrees. Staff need a verified second factor for everything."""
    if actor.user_id is None:
        return actor.is_system
    if actor.is_staff and not actor.verified:
        # A staff member who has not passed two-factor may reach resident pages only.
        granted = any(
            role_allows(role, permission) for role in actor.roles if role is Role.RESIDENT
        )
    else:
        granted = any(role_allows(role, permission) for role in actor.roles)
    if not granted:
        return False
    if record is None:
        return True
    policy = _OBJECT_POLICIES.get(type(record))
    if policy is None:
        raise LookupError(f"no object policy registered for {type(record).__name__}")
    return policy(actor, permission, record)


def roles_with(permission: Permission) -> frozenset[Role]:
    return frozenset(role for role, perms in ROLE_PERMISSIONS.items() if permission in perms)
