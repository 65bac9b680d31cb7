"""The whole role x permission matrix, written out here independently of the code, so any
change to who may do what has to be made twice: once in the policy, once in this table."""

from __future__ import annotations

import itertools

import pytest

from lantern.core.actor import Actor, Role
from lantern.core.permissions import GRANTS, ROLE_PERMISSIONS, Permission, can

R = Role
P = Permission
STAFF: set[Role] = {r for r in Role if r is not R.RESIDENT}

EXPECTED: dict[Permission, set[Role]] = {
    # --- frontend --------------------------------------------------------------------------
    P.STAFF_DASHBOARD_VIEW: STAFF,
    P.RESIDENT_HOME_VIEW: {R.RESIDENT},
    # --- accounts --------------------------------------------------------------------------
    P.ORGANISATION_VIEW: STAFF,
    P.ORGANISATION_MANAGE: {R.ADMIN},
    P.USER_VIEW: {R.SUPERVISOR, R.ADMIN},
    P.USER_MANAGE: {R.ADMIN},
    P.MEMBERSHIP_MANAGE: {R.ADMIN},
    P.API_TOKEN_MANAGE_OWN: STAFF,
    P.OWN_ACCOUNT_MANAGE: {R.RESIDENT},
    # --- audit -----------------------------------------------------------------------------
    P.AUDIT_VIEW: {R.ADMIN},
    P.AUDIT_VERIFY: {R.ADMIN},
    # --- places ----------------------------------------------------------------------------
    P.AREA_VIEW: STAFF,
    P.AREA_MANAGE: {R.ANALYST, R.ADMIN},
    P.CAMERA_REGISTER: {R.RESIDENT},
    P.CAMERA_SEARCH: {R.POLICE_OFFICER, R.PCSO, R.COUNCIL_OFFICER, R.SUPERVISOR},
    P.FOOTAGE_REQUEST_SEND: {R.POLICE_OFFICER, R.PCSO, R.COUNCIL_OFFICER, R.SUPERVISOR},
    P.FOOTAGE_REQUEST_VIEW: {R.POLICE_OFFICER, R.PCSO, R.COUNCIL_OFFICER, R.SUPERVISOR},
    P.FOOTAGE_REQUEST_RESPOND: {R.RESIDENT},
    # --- reports ---------------------------------------------------------------------------
    P.REPORT_VIEW_OWN: {R.RESIDENT},
    P.REPORT_VIEW: {
        R.POLICE_OFFICER,
        R.PCSO,
        R.COUNCIL_OFFICER,
        R.SAFEGUARDING_LEAD,
        R.SUPERVISOR,
        R.ANALYST,
    },
    P.REPORT_TRIAGE: {
        R.POLICE_OFFICER,
        R.PCSO,
        R.COUNCIL_OFFICER,
        R.SAFEGUARDING_LEAD,
        R.SUPERVISOR,
    },
    P.REPORT_UPDATE_PUBLIC: {
        R.POLICE_OFFICER,
        R.PCSO,
        R.COUNCIL_OFFICER,
        R.SAFEGUARDING_LEAD,
        R.SUPERVISOR,
    },
    P.CATEGORY_MANAGE: {R.ADMIN},
    P.OPEN311_CLIENT_MANAGE: {R.ADMIN},
    # --- evidence --------------------------------------------------------------------------
    P.EVIDENCE_UPLOAD: set(Role),
    P.EVIDENCE_VIEW: {
        R.POLICE_OFFICER,
        R.PCSO,
        R.COUNCIL_OFFICER,
        R.SAFEGUARDING_LEAD,
        R.SUPERVISOR,
    },
    P.EVIDENCE_MANAGE: {R.POLICE_OFFICER, R.PCSO, R.COUNCIL_OFFICER, R.SUPERVISOR},
    P.EVIDENCE_REDACT: {R.POLICE_OFFICER, R.PCSO, R.COUNCIL_OFFICER, R.SUPERVISOR},
    P.STATEMENT_MAKE: set(Role),
    P.STATEMENT_VIEW: {R.POLICE_OFFICER, R.PCSO, R.COUNCIL_OFFICER, R.SUPERVISOR},
    # --- cases -----------------------------------------------------------------------------
    P.CASE_VIEW: {
        R.POLICE_OFFICER,
        R.PCSO,
        R.COUNCIL_OFFICER,
        R.SAFEGUARDING_LEAD,
        R.SUPPORT_WORKER,
        R.SUPERVISOR,
        R.ANALYST,
    },
    P.CASE_MANAGE: {R.POLICE_OFFICER, R.PCSO, R.COUNCIL_OFFICER, R.SUPERVISOR},
    P.ENFORCEMENT_PROPOSE: {R.POLICE_OFFICER, R.PCSO, R.COUNCIL_OFFICER, R.SUPERVISOR},
    P.ENFORCEMENT_APPROVE: {R.SUPERVISOR},
    P.ENFORCEMENT_SERVE: {R.POLICE_OFFICER, R.PCSO, R.COUNCIL_OFFICER, R.SUPERVISOR},
    P.DESIGNATION_MANAGE: {R.SUPERVISOR, R.ADMIN},
    P.CASE_REVIEW_APPLY: {R.RESIDENT},
    P.CASE_REVIEW_MANAGE: {R.POLICE_OFFICER, R.PCSO, R.COUNCIL_OFFICER, R.SUPERVISOR},
    # --- safeguarding ----------------------------------------------------------------------
    P.SAFEGUARDING_RECORD_VIEW: {
        R.SAFEGUARDING_LEAD,
        R.POLICE_OFFICER,
        R.PCSO,
        R.COUNCIL_OFFICER,
        R.SUPERVISOR,
    },
    P.SAFEGUARDING_QUEUE_VIEW: {R.SAFEGUARDING_LEAD},
    P.SAFEGUARDING_STATUS_VIEW: {
        R.SAFEGUARDING_LEAD,
        R.POLICE_OFFICER,
        R.PCSO,
        R.COUNCIL_OFFICER,
        R.SUPERVISOR,
    },
    P.SAFEGUARDING_STATS_VIEW: STAFF,
    P.SAFEGUARDING_PERSON_IDENTIFY: {R.SAFEGUARDING_LEAD},
    P.SCREENING_RECORD: {R.SAFEGUARDING_LEAD, R.POLICE_OFFICER, R.PCSO, R.COUNCIL_OFFICER},
    P.SAFEGUARDING_REVIEW_RECORD: {R.SAFEGUARDING_LEAD},
    P.CONSENT_RECORD: {R.SAFEGUARDING_LEAD},
    P.REFERRAL_MAKE: {R.SAFEGUARDING_LEAD},
    P.DUTY_TO_NOTIFY_RECORD: {R.SAFEGUARDING_LEAD},
    P.AGENCY_REFERRAL_VIEW: {R.SUPPORT_WORKER},
    P.AGENCY_REFERRAL_UPDATE: {R.SUPPORT_WORKER},
    P.OUTREACH_LOG: {R.SUPPORT_WORKER},
    # --- intelligence ----------------------------------------------------------------------
    P.INTELLIGENCE_VIEW: {
        R.POLICE_OFFICER,
        R.PCSO,
        R.COUNCIL_OFFICER,
        R.SAFEGUARDING_LEAD,
        R.ANALYST,
        R.SUPERVISOR,
        R.SOURCE_HANDLER,
    },
    P.INTELLIGENCE_RECORD: {
        R.POLICE_OFFICER,
        R.PCSO,
        R.COUNCIL_OFFICER,
        R.ANALYST,
        R.SUPERVISOR,
        R.SOURCE_HANDLER,
    },
    P.INTELLIGENCE_ANALYSE: {R.ANALYST, R.SUPERVISOR},
    P.SOURCE_RECORD_MANAGE: {R.SOURCE_HANDLER},
    # --- disclosure ------------------------------------------------------------------------
    P.DISCLOSURE_MANAGE: {R.POLICE_OFFICER, R.SUPERVISOR},
    # --- dataprotection --------------------------------------------------------------------
    P.RETENTION_REVIEW: {R.DATA_PROTECTION_OFFICER},
    P.RETENTION_POLICY_MANAGE: {R.DATA_PROTECTION_OFFICER, R.ADMIN},
    # --- subjectaccess ---------------------------------------------------------------------
    P.SUBJECT_ACCESS_MANAGE: {R.DATA_PROTECTION_OFFICER},
    # --- analytics -------------------------------------------------------------------------
    P.HOTSPOT_VIEW: {R.POLICE_OFFICER, R.PCSO, R.COUNCIL_OFFICER, R.ANALYST, R.SUPERVISOR},
    P.POLICEUK_IMPORT: {R.ANALYST, R.ADMIN},
    P.PATROL_PLAN_VIEW: {R.POLICE_OFFICER, R.PCSO, R.COUNCIL_OFFICER, R.ANALYST, R.SUPERVISOR},
    P.PATROL_PLAN_PROPOSE: {R.ANALYST, R.SUPERVISOR},
    P.PATROL_PLAN_PUBLISH: {R.SUPERVISOR},
    P.PATROL_LOG: {R.POLICE_OFFICER, R.PCSO, R.COUNCIL_OFFICER},
    P.PATROL_ADJUST: {R.POLICE_OFFICER, R.PCSO, R.COUNCIL_OFFICER, R.SUPERVISOR},
    P.IMPACT_VIEW: {R.POLICE_OFFICER, R.PCSO, R.COUNCIL_OFFICER, R.ANALYST, R.SUPERVISOR},
    P.IMPACT_MANAGE: {R.ANALYST, R.SUPERVISOR},
    P.PARTNERSHIP_DASHBOARD_VIEW: STAFF,
    P.PARTNERSHIP_FIGURES_VIEW: {R.ANALYST, R.SUPERVISOR},
}


def _actor(role: Role, verified: bool = True) -> Actor:
    import uuid

    org = None if role is R.RESIDENT else uuid.uuid4()
    return Actor(
        user_id=uuid.uuid4(), label="t", memberships=frozenset({(org, role)}), verified=verified
    )


def test_every_permission_is_in_the_expected_matrix():
    assert set(EXPECTED) == set(Permission)
    assert set(GRANTS) == set(Permission)
    assert set(ROLE_PERMISSIONS) == set(Role)


@pytest.mark.parametrize(("role", "permission"), list(itertools.product(Role, Permission)))
def test_role_permission_matrix(role: Role, permission: Permission):
    assert can(_actor(role), permission) is (role in EXPECTED[permission])


@pytest.mark.parametrize("role", sorted(STAFF))
def test_staff_without_two_factor_have_no_staff_permission(role: Role):
    actor = _actor(role, verified=False)
    assert not any(can(actor, permission) for permission in Permission)


def test_anonymous_may_do_nothing():
    from lantern.core.actor import ANONYMOUS

    assert not any(can(ANONYMOUS, permission) for permission in Permission)
