"""Writes check what the writer can see (issue 18 item 3; docs/architecture.md).

Every write of the API (each POST, PUT, PATCH and DELETE route of the NinjaAPI, read from its
OpenAPI schema) and every page that takes a form (each Django URL pattern) is in a table
below. Each id a write takes, in its path or its body, is tried twice by a suitably
privileged caller: with a random id, and with the id of a real record the caller may not see
(another force's case, person, vehicle or action, a report in the safeguarding queue,
another resident's camera or statement, another agency's referral, ...). Either must be
refused, 404 unless the table gives the documented reason for another answer, and must
write nothing: no row in any Lantern table and no change event in the audit log.

A new write endpoint, or a new page, is not in a table and fails
``test_every_write_endpoint_is_in_the_table``: add it to the table.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.api import api
from conftest import actor_of
from lantern.accounts import services as accounts
from lantern.accounts.models import Partnership
from lantern.audit.models import AuditEvent, AuditEventObject
from lantern.cases import services as cases
from lantern.cases.tests.conftest import cpw_input
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.evidence import statements
from lantern.places.tests.factories import make_camera, make_request
from lantern.reports.tests.factories import make_report
from lantern.safeguarding import services as safeguarding

pytestmark = pytest.mark.django_db

NOW = clock.now


# --- the table -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Try:
    """One id of one write endpoint. ``target`` is a path parameter or a body field; the
    other path parameters and ``body`` name records the caller may see (World.mine).
    ``hidden`` names a real record the caller may not see (World.hidden), or is None with
    ``why`` saying why there is none. ``expect`` is 404 unless ``why`` gives the reason."""

    role: str
    target: str
    hidden: str | None
    body: Callable[[World], dict[str, Any]] = lambda w: {}
    expect: int = 404
    why: str = ""
    method: str = "post"
    headers: Callable[[World, str], dict[str, str]] | None = None


NO_HIDDEN_ADMIN = "an administrator sees every organisation and partnership"
NO_HIDDEN_ITEM = "an item of another partnership is tried in lantern/evidence/tests/test_scope.py"
NO_HIDDEN_REDACTION = (
    "a redaction of another partnership's item, and a box, mute or suggestion of another "
    "redaction, are tried in lantern/evidence/tests/test_redaction.py"
)
NO_HIDDEN_LEAD = (
    "a safeguarding lead sees every person's safeguarding records, so may write about anyone "
    "on record (tests/test_safeguarding_write_scope.py)"
)
NO_HIDDEN_LINE = (
    "a schedule line is looked up within the case in its path, which is tried above; a line "
    "of another case is tried in lantern/disclosure/tests/test_pages.py"
)
NO_HIDDEN_REVIEWS = "every officer sees every ASB Case Review application (the partnership's)"
NO_HIDDEN_PATROLS = (
    "a patrol plan is proposed from recorded incidents only; the analytics tests cover "
    "another organisation's plan"
)
NO_SHARES = "the world shares nothing: a random share id (lantern/cases/tests/test_scope.py)"
NO_HIDDEN_FACTS = (
    "an organisation withdraws only its own statements (lantern/cases/tests/test_facts.py)"
)
NO_HIDDEN_SAR = (
    "a subject access request of another partnership, and a record found for another request,"
    " are tried in lantern/subjectaccess/tests/test_pages.py"
)
CHOICE = "an organisation or colleague chosen from the list offered: a field error"
FORM = "a choice the form does not offer: the form is shown again with the error"


def _tasking(w: World, kind: str, **extra: Any) -> dict[str, Any]:
    body = {
        "profile_kind": kind,
        "action": "Visit the address",
        "owner_id": w.mine["analyst_user_id"],
        "due_on": NOW().date().isoformat(),
        "period_start": (NOW().date() - timedelta(days=30)).isoformat(),
        "period_end": NOW().date().isoformat(),
    }
    return {**body, **extra}


def _tasking_form(w: World, **extra: Any) -> dict[str, Any]:
    body = {
        "profile_kind": "subject",
        "action": "Visit the address",
        "owner": w.mine["analyst_user_id"],
        "due_on": NOW().date().isoformat(),
    }
    return {**body, **extra}


GRADE = {"source_evaluation": "2", "assessment": "B", "handling": "P"}
SOURCE_ONLY = "source handlers only: anyone else is refused whatever the id"


def _link_api(w: World, **ends: str) -> dict[str, Any]:
    return {"link_type": "associate_of", "grade": "2B-P", **ends}


def _screening(w: World) -> dict[str, Any]:
    return {
        "person_id": w.mine["person_id"],
        "observed_at": (NOW() - timedelta(hours=1)).isoformat(),
        "context": "Spoken to on Larkspur Row",
        "indicators": ["controlled"],
        "age_band": "adult",
        "outcome": "concern",
    }


def _review(w: World) -> dict[str, Any]:
    return {
        "person_id": w.mine["person_id"],
        "decision": "proceed",
        "rationale": "Safe to be warned",
        "decided_on": NOW().date().isoformat(),
    }


def _consent(w: World) -> dict[str, Any]:
    return {
        "person_id": w.mine["person_id"],
        "purpose": "support_referral",
        "given": True,
        "explanation": "Explained who Lamplight are",
        "explained_at": (NOW() - timedelta(minutes=5)).isoformat(),
    }


def _referral(w: World) -> dict[str, Any]:
    return {
        "person_id": w.mine["person_id"],
        "kind": "support_agency",
        "service": "outreach",
        "agency_id": w.mine["agency_id"],
        "reason": "Wants help",
        "override": "serious_harm",
        "override_rationale": "Threats seen",
    }


def _footage(w: World) -> dict[str, Any]:
    return {
        "camera_id": w.mine["camera_id"],
        "report_id": w.mine["report_id"],
        "window_start": (NOW() - timedelta(hours=3)).isoformat(),
        "window_end": (NOW() - timedelta(hours=2)).isoformat(),
    }


def _cpw(w: World) -> dict[str, Any]:
    return {
        "kind": "cpw",
        "person_id": w.mine["person_id"],
        "conduct_category": "doorstep",
        "conduct": "Banging on doors at night.",
        "detrimental_effect": "Residents cannot sleep.",
        "persistent_nature": "Three nights in a month.",
        "unreasonable_because": "No reason to bang on doors at night.",
        "evidence": [{"kind": "report", "id": w.mine["report_id"]}],
        "requirements": [{"kind": "stop", "text": "Stop knocking", "period_days": None}],
        "compliance_days": 14,
    }


def _square(lat: float = 51.5412, lon: float = 0.7183, d: float = 0.003) -> dict[str, Any]:
    ring = [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d]]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def _impact(w: World) -> dict[str, Any]:
    return {
        "title": "Lighting",
        "case_id": w.mine["place_case_id"],
        "comparison_area": _square(d=0.01),
        "before": "2026-01..2026-02",
        "after": "2026-03..2026-04",
    }


def _tus(w: World, request_id: str) -> dict[str, str]:
    """A tus upload answering a footage request (named in its metadata)."""

    def b64(text: str) -> str:
        return base64.b64encode(text.encode()).decode()

    return {
        "content_type": "application/offset+octet-stream",
        "HTTP_TUS_RESUMABLE": "1.0.0",
        "HTTP_UPLOAD_LENGTH": "10",
        "HTTP_UPLOAD_METADATA": f"link_kind {b64('footage_request')},link_id {b64(request_id)}",
    }


def _tus_patch(w: World, upload_id: str) -> dict[str, str]:
    return {
        "content_type": "application/offset+octet-stream",
        "HTTP_TUS_RESUMABLE": "1.0.0",
        "HTTP_UPLOAD_OFFSET": "0",
    }


# Every write of the API by (method, path as in the OpenAPI schema).
API: dict[tuple[str, str], list[Try]] = {
    ("POST", "/api/v1/intelligence/reports/"): [
        Try(
            "officer",
            "partnership_id",
            "far_partnership",
            lambda w: {"text": "Seen", "grade": "2B-P"},
            422,
            "a partnership not the writer's: a field error (mentions and origins of another "
            "partnership: lantern/intelligence/tests/test_records_api.py)",
        )
    ],
    ("POST", "/api/v1/intelligence/reports/{report_id}/source"): [
        Try("officer", "report_id", "far_intel_report", lambda w: {"reference": "X"})
    ],
    ("POST", "/api/v1/intelligence/entities/"): [
        Try("officer", "person_id", "person"),
        Try(
            "officer",
            "partnership_id",
            "far_partnership",
            lambda w: {"schema": "phone", "value": "07700900001"},
            422,
            "a partnership not the writer's: a field error",
        ),
    ],
    ("POST", "/api/v1/intelligence/entities/{entity_id}/statements"): [
        Try(
            "officer",
            "entity_id",
            "far_entity",
            lambda w: {"prop": "alias", "value": "X", "grade": "2B-P"},
        ),
        Try(
            "officer",
            "report_id",
            "far_intel_report",
            lambda w: {"prop": "alias", "value": "X"},
        ),
    ],
    ("POST", "/api/v1/intelligence/links/"): [
        Try(
            "officer",
            "target_id",
            "far_entity",
            lambda w: _link_api(w, source_id=w.mine["entity_id"]),
        ),
        Try(
            "officer",
            "source_id",
            "far_entity",
            lambda w: _link_api(w, target_id=w.mine["other_entity_id"]),
        ),
    ],
    ("POST", "/api/v1/intelligence/links/{link_id}/retract"): [
        Try("officer", "link_id", "far_link")
    ],
    ("POST", "/api/v1/intelligence/resolution/candidates"): [
        Try("analyst", "entity_b_id", "far_entity", lambda w: {"entity_a_id": w.mine["entity_id"]})
    ],
    ("POST", "/api/v1/intelligence/resolution/candidates/{candidate_id}/confirm"): [
        Try("analyst", "candidate_id", "far_candidate", lambda w: {"reason": "Same man"})
    ],
    ("POST", "/api/v1/intelligence/resolution/candidates/{candidate_id}/reject"): [
        Try("analyst", "candidate_id", "far_candidate", lambda w: {"reason": "Not him"})
    ],
    ("POST", "/api/v1/intelligence/resolution/candidates/{candidate_id}/unmerge"): [
        Try("analyst", "candidate_id", "far_candidate", lambda w: {"reason": "Two men"})
    ],
    ("POST", "/api/v1/intelligence/exports"): [
        Try("analyst", "entity_id", "far_entity", lambda w: {"format": "csv", "reason": "Tasking"})
    ],
    ("POST", "/api/v1/intelligence/tasking/"): [
        Try("analyst", "entity_id", "far_entity", lambda w: _tasking(w, "subject")),
        Try("analyst", "area_id", "far_area", lambda w: _tasking(w, "problem")),
        Try("analyst", "partnership_id", "far_partnership", lambda w: _tasking(w, "problem")),
        Try(
            "analyst",
            "owner_id",
            "far_user",
            lambda w: _tasking(w, "subject", entity_id=w.mine["entity_id"]),
            422,
            "an owner must be a member of the profile's partnership: a field error",
        ),
    ],
    ("POST", "/api/v1/intelligence/tasking/{action_id}/complete"): [
        Try("analyst", "action_id", "far_tasking")
    ],
    ("DELETE", "/api/v1/tokens/{token_id}"): [Try("officer", "token_id", "token", method="delete")],
    ("DELETE", "/api/v1/places/cameras/{camera_id}"): [
        Try("resident", "camera_id", "camera", method="delete")
    ],
    ("POST", "/api/v1/places/areas/{area_id}/public"): [
        Try("analyst", "area_id", "far_area", lambda w: {"public": True})
    ],
    ("POST", "/api/v1/places/footage-requests"): [
        Try("officer", "camera_id", "removed_camera", _footage),
        Try("officer", "report_id", "queue_report", _footage),
    ],
    ("POST", "/api/v1/places/footage-requests/{request_id}/decline"): [
        Try("resident", "request_id", "footage_request")
    ],
    ("POST", "/api/v1/cases/cases/{case_id}/actions"): [
        Try("officer", "case_id", "case", _cpw),
        Try("officer", "person_id", "person", _cpw, 422, "a person on this case, chosen"),
    ],
    ("POST", "/api/v1/cases/actions/{action_id}/approve"): [
        Try("supervisor", "action_id", "action")
    ],
    ("POST", "/api/v1/cases/actions/{action_id}/serve"): [
        Try("officer", "action_id", "action", lambda w: {"how": "hand"})
    ],
    ("POST", "/api/v1/cases/actions/{action_id}/transitions"): [
        Try("officer", "action_id", "action", lambda w: {"name": "withdraw", "note": "x"})
    ],
    ("POST", "/api/v1/cases/actions/{action_id}/breaches"): [
        Try(
            "officer",
            "action_id",
            "action",
            lambda w: {
                "occurred_on": NOW().date().isoformat(),
                "requirement_index": 0,
                "details": "Knocked again",
                "evidence": [{"kind": "report", "id": w.mine["report_id"]}],
            },
        )
    ],
    ("POST", "/api/v1/cases/case-reviews"): [
        Try("resident", "council_id", None, lambda w: {"statement": "x"}, 422, CHOICE)
    ],
    ("POST", "/api/v1/cases/case-reviews/{review_id}/decision"): [
        Try("officer", "review_id", None, lambda w: {"threshold_met": True}, why=NO_HIDDEN_REVIEWS)
    ],
    ("POST", "/api/v1/cases/case-reviews/{review_id}/meeting"): [
        Try(
            "officer",
            "review_id",
            None,
            lambda w: {"held_on": NOW().date().isoformat(), "recommendations": "x"},
            why=NO_HIDDEN_REVIEWS,
        )
    ],
    ("POST", "/api/v1/cases/case-reviews/{review_id}/outcome"): [
        Try("officer", "review_id", None, lambda w: {"letter": "x"}, why=NO_HIDDEN_REVIEWS)
    ],
    ("POST", "/api/v1/cases/cases/{case_id}/reports"): [
        Try("officer", "case_id", "case", lambda w: {"report_id": w.mine["report_id"]}),
        Try("officer", "report_id", "queue_report", lambda w: {"report_id": ""}),
    ],
    ("POST", "/api/v1/cases/cases/{case_id}/people"): [
        Try("officer", "case_id", "case", lambda w: {"role": "perpetrator", "family_name": "X"})
    ],
    ("POST", "/api/v1/cases/cases/{case_id}/vehicles"): [
        Try("officer", "case_id", "case", lambda w: {"registration": "AB12CDE"})
    ],
    ("POST", "/api/v1/cases/cases/{case_id}/shares"): [
        Try(
            "officer",
            "case_id",
            "case",
            lambda w: {"partnership_id": w.mine["partnership_id"], "reason": "Joint work"},
        )
    ],
    ("POST", "/api/v1/cases/cases/{case_id}/shares/{share_id}/withdraw"): [
        Try("officer", "case_id", "case"),
        Try("officer", "share_id", None, why=NO_SHARES),
    ],
    ("POST", "/api/v1/cases/cases/{case_id}/vehicles/{vehicle_id}/facts"): [
        Try("officer", "case_id", "case", lambda w: {"property": "colour", "value": "Red"}),
        Try("officer", "vehicle_id", "vehicle", lambda w: {"property": "colour", "value": "Red"}),
    ],
    ("POST", "/api/v1/cases/facts/{fact_id}/withdraw"): [
        Try("officer", "fact_id", None, why=NO_HIDDEN_FACTS)
    ],
    ("POST", "/api/v1/cases/cases/{case_id}/vehicles/{vehicle_id}/keeper"): [
        Try("officer", "case_id", "case", lambda w: {"name": "Ann Test", "address": "1 High St"}),
        Try("officer", "vehicle_id", "vehicle", lambda w: {"name": "Ann Test", "address": "1 X"}),
        Try(
            "officer",
            "person_id",
            "person",
            lambda w: {"name": "Ann Test", "address": "9 Quillon Close, Eastmere EM4 2ZZ"},
            422,
            "the keeper must be a person on this case, chosen",
        ),
    ],
    ("POST", "/api/v1/safeguarding/screenings"): [
        Try("officer", "person_id", "person", _screening),
        Try("officer", "case_id", "case", _screening),
    ],
    ("POST", "/api/v1/safeguarding/screenings/{screening_id}/duty-to-notify"): [
        Try("lead", "screening_id", None, why=NO_HIDDEN_LEAD)
    ],
    ("POST", "/api/v1/safeguarding/reviews"): [
        Try("lead", "person_id", "far_person", _review),
        Try("lead", "screening_id", None, _review, why=NO_HIDDEN_LEAD),
    ],
    ("POST", "/api/v1/safeguarding/consents"): [Try("lead", "person_id", "far_person", _consent)],
    ("POST", "/api/v1/safeguarding/consents/{consent_id}/withdraw"): [
        Try("lead", "consent_id", None, why=NO_HIDDEN_LEAD)
    ],
    ("POST", "/api/v1/safeguarding/referrals"): [
        Try("lead", "person_id", "far_person", _referral),
        Try("lead", "agency_id", None, _referral, 422, CHOICE),
    ],
    ("POST", "/api/v1/safeguarding/agency/referrals/{referral_id}/status"): [
        Try("worker", "referral_id", "agency_referral", lambda w: {"status": "accepted"})
    ],
    ("POST", "/api/v1/safeguarding/agency/contacts"): [
        Try(
            "worker",
            "referral_id",
            "agency_referral",
            lambda w: {"contacted_on": NOW().date().isoformat(), "support": ["welfare"]},
        )
    ],
    ("POST", "/api/v1/analytics/patrol-items/{item_id}/logs"): [
        Try(
            "officer",
            "item_id",
            None,
            lambda w: {
                "started_at": (NOW() - timedelta(hours=2)).isoformat(),
                "ended_at": (NOW() - timedelta(hours=1)).isoformat(),
            },
            why=NO_HIDDEN_PATROLS,
        )
    ],
    ("POST", "/api/v1/analytics/impact-evaluations"): [
        Try("analyst", "case_id", "place_case", _impact)
    ],
}

# Writes that take no id of another record.
API_NO_ID = {
    (
        "POST",
        "/api/v1/intelligence/resolution/find",
    ): "a search over the analyst's own partnerships",
    ("POST", "/api/v1/reports/"): "a new report: a category by its code",
    ("POST", "/api/v1/tokens"): "the caller's own new token",
    ("POST", "/api/v1/audit/verify"): "verifies the whole chain",
    ("POST", "/api/v1/places/cameras"): "the caller's own new camera",
    ("POST", "/api/v1/cases/cases"): "a new case in the caller's organisation",
    ("POST", "/api/v1/cases/vehicles/lookup"): "a registration, read only",
}

# Every page by URL name: a write with ids, a write with none, or a page that only reads.
PAGES: dict[str, list[Try]] = {
    "intelligence:report-source": [
        Try(
            "officer",
            "intel_report_id",
            "far_intel_report",
            lambda w: {"source_reference": "X"},
            403,
            SOURCE_ONLY,
        )
    ],
    "intelligence:entity-statement": [
        Try(
            "officer", "entity_id", "far_entity", lambda w: {**GRADE, "prop": "alias", "value": "X"}
        )
    ],
    "intelligence:entity-link": [
        Try(
            "officer",
            "entity_id",
            "far_entity",
            lambda w: {**GRADE, "link_type": "associate_of", "other": w.mine["other_entity_id"]},
        ),
        Try(
            "officer",
            "other",
            "far_entity",
            lambda w: {**GRADE, "link_type": "associate_of"},
            200,
            FORM,
        ),
    ],
    "intelligence:entity-for-person": [Try("officer", "person_id", "person")],
    "intelligence:entity-link-withdraw": [
        Try("officer", "link_id", "far_link"),
        Try("officer", "entity_id", "far_entity"),
    ],
    "intelligence:entity-export": [
        Try("analyst", "entity_id", "far_entity", lambda w: {"format": "csv", "reason": "Tasking"})
    ],
    "intelligence:resolution-confirm": [
        Try("analyst", "candidate_id", "far_candidate", lambda w: {"confirm-reason": "Same"})
    ],
    "intelligence:resolution-reject": [
        Try("analyst", "candidate_id", "far_candidate", lambda w: {"reject-reason": "Not"})
    ],
    "intelligence:resolution-unmerge": [
        Try("analyst", "candidate_id", "far_candidate", lambda w: {"unmerge-reason": "Two"})
    ],
    "intelligence:tasking-add": [
        Try("analyst", "entity", "far_entity", lambda w: _tasking_form(w)),
        Try(
            "analyst",
            "owner",
            "far_user",
            lambda w: _tasking_form(w, entity=w.mine["entity_id"]),
            200,
            FORM,
        ),
    ],
    "intelligence:tasking-complete": [Try("analyst", "action_id", "far_tasking")],
    "intelligence:tasking-cancel": [
        Try("analyst", "action_id", "far_tasking", lambda w: {"reason": "Superseded"})
    ],
    "accounts:organisation-details": [Try("admin", "organisation_id", None, why=NO_HIDDEN_ADMIN)],
    "accounts:partnership-area": [Try("admin", "partnership_id", None, why=NO_HIDDEN_ADMIN)],
    "accounts:partnership-member-add": [Try("admin", "partnership_id", None, why=NO_HIDDEN_ADMIN)],
    "accounts:partnership-member-remove": [
        Try("admin", "partnership_id", None, why=NO_HIDDEN_ADMIN),
        Try("admin", "organisation_id", None, why=NO_HIDDEN_ADMIN),
    ],
    "places:camera-edit": [Try("resident", "camera_id", "camera")],
    "places:camera-remove": [Try("resident", "camera_id", "camera")],
    "places:camera-footage-deleted": [Try("resident", "camera_id", "camera")],
    "places:request-new": [
        Try("officer", "camera_id", "removed_camera"),
        Try(
            "officer",
            "report_id",
            "queue_report",
            lambda w: {
                "report_id": "",
                "window_start": (NOW() - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
                "window_end": (NOW() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            },
        ),
    ],
    "places:request-decline": [Try("resident", "request_id", "footage_request")],
    "reports:triage-assign": [Try("officer", "report_id", "queue_report")],
    "reports:triage-status": [Try("officer", "report_id", "queue_report")],
    "reports:triage-update": [Try("officer", "report_id", "queue_report")],
    "reports:triage-duplicate": [Try("officer", "report_id", "queue_report")],
    "evidence:case-exhibits": [Try("officer", "case_id", "case")],
    "evidence:case-bundles": [
        Try("officer", "case_id", "case", lambda w: {"recipient": "defence", "items": []})
    ],
    "evidence:statement-start": [
        Try("resident", "corrects", "statement", lambda w: {"witness_name": "Ada Test"})
    ],
    "evidence:statement-start-report": [Try("resident", "report_id", "o_report")],
    "evidence:case-statement-exhibits": [
        Try("officer", "case_id", "case", lambda w: {"exhibit": str(uuid.uuid4())}),
        Try("officer", "statement_id", "statement", lambda w: {"exhibit": str(uuid.uuid4())}),
    ],
    "evidence:case-statement-exhibit-remove": [
        Try("officer", "case_id", "case", lambda w: {"exhibit": str(uuid.uuid4())}),
        Try("officer", "statement_id", "statement", lambda w: {"exhibit": str(uuid.uuid4())}),
    ],
    "evidence:statement-edit": [Try("resident", "statement_id", "statement")],
    "evidence:statement-sign": [Try("resident", "statement_id", "statement")],
    "tus:collection": [Try("resident", "link_id", "footage_request", headers=_tus)],
    "tus:upload": [
        Try(
            "resident",
            "upload_id",
            None,
            method="patch",
            headers=_tus_patch,
            why="an upload is seen only by whoever made it (lantern/evidence/tests/test_tus.py)",
        )
    ],
    "cases:link-report": [Try("officer", "case_id", "case")],
    "cases:person-new": [Try("officer", "case_id", "case")],
    "cases:vehicle-new": [Try("officer", "case_id", "case")],
    "cases:action-new": [Try("officer", "case_id", "case")],
    "cases:lead-officer": [Try("officer", "case_id", "case")],
    "cases:partners": [Try("officer", "case_id", "case")],
    "cases:case-review": [Try("officer", "case_id", "case")],
    "cases:stage": [Try("officer", "case_id", "case")],
    "cases:risk": [Try("officer", "case_id", "case")],
    "cases:close": [Try("officer", "case_id", "case")],
    "cases:subject-role": [
        Try("officer", "case_id", "case"),
        Try("officer", "subject_id", "subject"),
    ],
    "cases:share": [Try("officer", "case_id", "case")],
    "cases:share-withdraw": [
        Try("officer", "case_id", "case"),
        Try("officer", "share_id", None, why=NO_SHARES),
    ],
    "cases:fact-withdraw": [Try("officer", "fact_id", None, why=NO_HIDDEN_FACTS)],
    "cases:vehicle-keeper": [
        Try("officer", "case_id", "case"),
        Try("officer", "vehicle_id", "vehicle"),
    ],
    "cases:action-step": [Try("officer", "action_id", "action")],
    "cases:breach-new": [Try("officer", "action_id", "action")],
    "cases:supersede": [Try("supervisor", "action_id", "action")],
    "cases:designation-revoke": [Try("supervisor", "designation_id", "designation")],
    "cases:policy": [Try("admin", "organisation_id", None, why=NO_HIDDEN_ADMIN)],
    "cases:review-decide": [Try("officer", "review_id", None, why=NO_HIDDEN_REVIEWS)],
    "cases:review-meeting": [Try("officer", "review_id", None, why=NO_HIDDEN_REVIEWS)],
    "cases:review-outcome": [Try("officer", "review_id", None, why=NO_HIDDEN_REVIEWS)],
    "disclosure:case": [Try("officer", "case_id", "case")],
    "disclosure:line": [
        Try("officer", "case_id", "case"),
        Try("officer", "line_id", None, why=NO_HIDDEN_LINE),
    ],
    "disclosure:reveal": [Try("officer", "case_id", "case")],
    **{
        f"subjectaccess:{name}": [Try("dpo", "request_id", None, why=NO_HIDDEN_SAR)]
        for name in ("clock", "extend", "search", "release")
    },
    "subjectaccess:review": [
        Try("dpo", "request_id", None, why=NO_HIDDEN_SAR),
        Try("dpo", "found_id", None, why=NO_HIDDEN_SAR),
    ],
    "disclosure:disclose": [Try("officer", "case_id", "case")],
    "safeguarding:screening-new": [Try("officer", "person_id", "person")],
    "safeguarding:review-new": [Try("lead", "person_id", "far_person")],
    "safeguarding:consent-new": [Try("lead", "person_id", "far_person")],
    "safeguarding:referral-new": [Try("lead", "person_id", "far_person")],
    "safeguarding:duty-new": [Try("lead", "screening_id", None, why=NO_HIDDEN_LEAD)],
    "safeguarding:person-share": [Try("lead", "person_id", "far_person")],
    "safeguarding:share-withdraw": [
        Try("lead", "person_id", "far_person"),
        Try("lead", "share_id", None, why=NO_SHARES),
    ],
    "reports:triage-share": [Try("officer", "report_id", "queue_report")],
    "reports:triage-share-withdraw": [Try("officer", "report_id", "queue_report")],
    "evidence:item-share": [Try("officer", "item_id", None, why=NO_HIDDEN_ITEM)],
    "evidence:item-redact": [Try("officer", "item_id", None, why=NO_HIDDEN_ITEM)],
    **{
        name: [Try("officer", "redaction_id", None, why=NO_HIDDEN_REDACTION)]
        for name in (
            "evidence:redaction-box",
            "evidence:redaction-mute",
            "evidence:redaction-remove",
            "evidence:redaction-suggest",
            "evidence:redaction-decide",
            "evidence:redaction-check",
        )
    },
    "evidence:item-share-withdraw": [
        Try("officer", "item_id", None, why=NO_HIDDEN_ITEM),
        Try("officer", "share_id", None, why=NO_SHARES),
    ],
    "safeguarding:consent-withdraw": [Try("lead", "consent_id", None, why=NO_HIDDEN_LEAD)],
    "safeguarding:agency-referral": [Try("worker", "referral_id", "agency_referral")],
    "safeguarding:contact-new": [
        Try(
            "worker",
            "referral",
            "agency_referral",
            lambda w: {"contacted_on": NOW().date().isoformat()},
            200,
            FORM,
        )
    ],
    "analytics:patrol-plan-publish": [Try("supervisor", "plan_id", None, why=NO_HIDDEN_PATROLS)],
    "analytics:patrol-item": [
        Try("supervisor", "item_id", None, why=NO_HIDDEN_PATROLS),
        Try("officer", "item_id", None, why=NO_HIDDEN_PATROLS),  # joint patrols: patrol.adjust
    ],
    "analytics:patrol-log": [Try("officer", "item_id", None, why=NO_HIDDEN_PATROLS)],
    "analytics:impact-new-for-case": [Try("analyst", "case_id", "place_case")],
    "dataprotection:decide": [
        Try(
            "dpo",
            "item_id",
            None,
            lambda w: {"kind": "dispose"},
            why="a review item of another partnership is tried in "
            "lantern/dataprotection/tests/test_pages.py",
        )
    ],
    "dataprotection:override": [
        Try(
            "dpo",
            "partnership_id",
            "far_partnership",
            lambda w: {"rule": "resident_report", "period_days": "30", "reason": "Policy 4"},
        )
    ],
}

PAGES_NO_ID = {
    "intelligence:report-new": "a new report: entities mentioned are chosen from those offered",
    "intelligence:entity-new": "a new entity in the writer's partnership",
    "intelligence:export": "an export of what the analyst may read (an audit event only)",
    "intelligence:resolution-find": "a search over the analyst's own partnerships",
    "intelligence:resolution-propose": "two entities chosen from those the search offers",
    "accounts:sign-in": "sign-in (not tested here)",
    "accounts:sign-out": "sign-out (not tested here)",
    "accounts:two-factor-setup": "two-factor (not tested here)",
    "accounts:two-factor-verify": "two-factor (not tested here)",
    "accounts:register": "registration (not tested here)",
    "accounts:partnership-new": "a new partnership (administrators)",
    "accounts:confirm-email": "registration (not tested here)",
    "accounts:own-details": "the caller's own contact details: no id is taken",
    "accounts:own-email-confirm": "a signed link for one account's new email address "
    "(tests/test_resident_rights.py)",
    "accounts:own-close": "the caller's own account: no id is taken",
    "audit:verify": "verifies the whole chain",
    "places:camera-register": "the caller's own new camera",
    "reports:check": "a new report (the journey holds it in the session)",
    "reports:step": "a step of a new report",
    "reports:follow": "a reference and tracking code, read only",
    "reports:category-add": "a new category by its code",
    "reports:category-edit": "a category by its code (administrators)",
    "open311:requests": "a new report from an Open311 client",
    "open311:updates": "read only",
    "evidence:receipt": "the caller's own upload, held in the session",
    "evidence:upload-file": "the caller's own new upload; the report it is about is checked as "
    "tus uploads' are (lantern/evidence/tests/test_plain_upload.py)",
    "reports:still-happening": "the caller's own report by its reference, not an id: anyone "
    "else's is a 404 (lantern/cases/tests/test_still_happening.py)",
    "notifications:settings": "the caller's own notification preferences",
    "cases:new": "a new case in the caller's organisation",
    "subjectaccess:new": "a new subject access request in the caller's own partnership",
    "cases:designations": "a colleague chosen from the list offered",
    "cases:review": "a resident's own application; a council chosen from the list",
    "analytics:patrol-plan-new": "a new plan from recorded incidents",
    "analytics:impact-new": "a new evaluation of areas drawn on the map",
    "dataprotection:dispose": "disposes of the caller's partnerships' records decided for "
    "disposal (lantern/dataprotection/tests/test_pages.py)",
}


# --- the world -------------------------------------------------------------------------------


@dataclass
class World:
    clients: dict[str, Client] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    mine: dict[str, str] = field(default_factory=dict)
    hidden: dict[str, str] = field(default_factory=dict)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def world(make_user, orgs, far) -> World:
    w = World()
    roles = {
        "officer": (Role.POLICE_OFFICER, "police"),
        "supervisor": (Role.SUPERVISOR, "police"),
        "lead": (Role.SAFEGUARDING_LEAD, "council"),
        "admin": (Role.ADMIN, "council"),
        "dpo": (Role.DATA_PROTECTION_OFFICER, "council"),
        "analyst": (Role.ANALYST, "police"),
        "worker": (Role.SUPPORT_WORKER, "charity"),
        "resident": (Role.RESIDENT, None),
    }
    users = {key: make_user(role, org) for key, (role, org) in roles.items()}
    for key, user in users.items():
        w.clients[key] = _client(user)
        w.tokens[key] = accounts.api_token_create(actor=SYSTEM, user=user, name="t")[1]
    actors = {key: actor_of(user) for key, user in users.items()}
    officer, lead, resident = actors["officer"], actors["lead"], actors["resident"]
    other = actor_of(make_user(Role.POLICE_OFFICER, "other_police"))
    neighbour = actor_of(make_user(Role.RESIDENT))

    def case_with_person(actor, title, registration):
        case = cases.case_open(actor=actor, data=cases.CaseInput(kind="person", title=title))
        person = cases.person_link(
            actor=actor,
            case_id=case.pk,
            role="perpetrator",
            data=cases.PersonInput(
                given_name="Corin", family_name="Test", date_of_birth=date(1990, 3, 4)
            ),
        )
        report = make_report(resident).report
        cases.case_link_report(actor=actor, case_id=case.pk, report_id=report.pk)
        vehicle = cases.vehicle_link(actor=actor, case_id=case.pk, registration=registration)
        action = cases.action_draft(
            actor=actor, case_id=case.pk, data=cpw_input(person.person, report)
        )
        return case, person, report, vehicle, action

    case, person, report, vehicle, action = case_with_person(officer, "Larkspur Row", "KX19LRW")
    o_case, o_person, _o_report, o_vehicle, o_action = case_with_person(
        other, "Elsewhere", "AB12CDE"
    )
    # Another partnership's person: safeguarding leads see their own partnership's people.
    far_officer = actor_of(make_user(Role.POLICE_OFFICER, "far_police"))
    far_case = cases.case_open(
        actor=far_officer, data=cases.CaseInput(kind="person", title="Far away")
    )
    far_person = cases.person_link(
        actor=far_officer,
        case_id=far_case.pk,
        role="perpetrator",
        data=cases.PersonInput(given_name="Fen", family_name="Test"),
    )
    place = cases.case_open(actor=officer, data=cases.CaseInput(kind="place", title="Row"))
    o_place = cases.case_open(actor=other, data=cases.CaseInput(kind="place", title="There"))
    queue_report = make_report(resident, category="concern-for-safety").report
    orgs["other_support"] = accounts.organisation_create(
        actor=SYSTEM, name="Other Support", kind="support_agency"
    )
    accounts.partnership_add_member(  # a second agency of the same partnership
        actor=SYSTEM,
        partnership_id=Partnership.objects.get(name="Test Partnership").pk,
        organisation_id=orgs["other_support"].pk,
    )
    safeguarding.screening_record(
        actor=officer,
        person_id=person.person.pk,
        observed_at=NOW() - timedelta(hours=2),
        context="Larkspur Row",
        indicators=["controlled"],
        age_band="adult",
        outcome="potential_victim",
    )

    def agency_referral(agency):
        return safeguarding.referral_send(
            actor=lead,
            data=safeguarding.ReferralInput(
                person_id=person.person.pk,
                kind="support_agency",
                service="outreach",
                agency_id=agency.pk,
                reason="Wants help",
                override="serious_harm",
                override_rationale="Threats seen",
            ),
        )

    camera, o_camera = make_camera(resident), make_camera(neighbour)
    removed = make_camera(neighbour)
    from lantern.places import services as places

    places.camera_deregister(actor=neighbour, camera_id=removed.pk)
    my_request = make_request(officer, camera)
    o_request = make_request(officer, o_camera)
    o_report = make_report(neighbour).report
    my_statement = statements.statement_start(
        actor=resident, witness_name="Ada Test", link_kind="report", link_id=report.pk
    )
    o_statement = statements.statement_start(
        actor=neighbour,
        witness_name="Bea Test",
        link_kind="report",
        link_id=make_report(neighbour).report.pk,  # a witness's statement is about their report
    )
    o_token = accounts.api_token_create(actor=SYSTEM, user=users["admin"], name="other")[0]
    o_supervisor = actor_of(make_user(Role.SUPERVISOR, "other_police"))
    o_pcso = make_user(Role.PCSO, "other_police")
    o_designation = cases.designation_grant(actor=o_supervisor, user_id=o_pcso.pk, kind="pcso")
    from lantern.intelligence import services as intelligence
    from lantern.intelligence.services import tasking as intelligence_tasking
    from lantern.places.services import area_create

    far_analyst = actor_of(make_user(Role.ANALYST, "far_police"))
    far_entity = intelligence.entity_create(actor=far_analyst, schema="person", caption="Far X")
    far_tasking = intelligence_tasking.tasking_add(
        actor=far_analyst,
        profile_kind="subject",
        action="Far away",
        owner_id=far_analyst.user_id,
        due_on=NOW().date(),
        entity_id=far_entity.pk,
    )
    far_area = area_create(
        actor=far_analyst,
        name="Far square",
        geojson={
            "type": "Polygon",
            "coordinates": [
                [[-2.09, 54.01], [-2.01, 54.01], [-2.01, 54.05], [-2.09, 54.05], [-2.09, 54.01]]
            ],
        },
    )
    my_entity = intelligence.entity_create(actor=officer, schema="person", caption="Mine X")
    other_entity = intelligence.entity_create(actor=officer, schema="person", caption="Mine Y")
    far_grade = intelligence.Grading("2", "B", "P")
    far_report = intelligence.report_record(actor=far_analyst, text="Far", grading=far_grade)
    far_other = intelligence.entity_create(actor=far_analyst, schema="person", caption="Far Y")
    far_link = intelligence.link_add(
        actor=far_analyst,
        link_type="associate_of",
        source_id=far_entity.pk,
        target_id=far_other.pk,
        grading=far_grade,
    )
    far_candidate = intelligence.candidate_propose(
        actor=far_analyst, entity_a_id=far_entity.pk, entity_b_id=far_other.pk
    )
    my_link = intelligence.link_add(
        actor=officer,
        link_type="associate_of",
        source_id=my_entity.pk,
        target_id=other_entity.pk,
        grading=far_grade,
    )
    w.mine = {
        "link_id": str(my_link.pk),
        "analyst_user_id": str(actors["analyst"].user_id),
        "entity_id": str(my_entity.pk),
        "other_entity_id": str(other_entity.pk),
        "partnership_id": str(Partnership.objects.get(name="Test Partnership").pk),
        "organisation_id": str(orgs["police"].pk),
        "case_id": str(case.pk),
        "share_id": str(uuid.uuid4()),
        "fact_id": str(uuid.uuid4()),
        "place_case_id": str(place.pk),
        "person_id": str(person.person.pk),
        "report_id": str(report.pk),
        "vehicle_id": str(vehicle.vehicle.pk),
        "subject_id": str(person.pk),
        "action_id": str(action.pk),
        "camera_id": str(camera.pk),
        "request_id": str(my_request.pk),
        "agency_id": str(orgs["charity"].pk),
        "referral_id": str(agency_referral(orgs["charity"]).pk),
        "statement_id": str(my_statement.pk),
    }
    w.hidden = {
        "far_entity": str(far_entity.pk),
        "far_intel_report": str(far_report.pk),
        "far_link": str(far_link.pk),
        "far_candidate": str(far_candidate.pk),
        "far_tasking": str(far_tasking.pk),
        "far_area": str(far_area.pk),
        "far_partnership": str(Partnership.objects.get(name="Far Partnership").pk),
        "far_user": str(far_analyst.user_id),
        "case": str(o_case.pk),
        "place_case": str(o_place.pk),
        "person": str(o_person.person.pk),
        None: str(uuid.UUID(int=1)),
        "vehicle": str(o_vehicle.vehicle.pk),
        "subject": str(o_person.pk),
        "action": str(o_action.pk),
        "queue_report": str(queue_report.pk),
        "far_person": str(far_person.person.pk),
        "far_case": str(far_case.pk),
        "camera": str(o_camera.pk),
        "removed_camera": str(removed.pk),
        "footage_request": str(o_request.pk),
        "statement": str(o_statement.pk),
        "o_report": str(o_report.pk),
        "token": str(o_token.pk),
        "agency_referral": str(agency_referral(orgs["other_support"]).pk),
        "designation": str(o_designation.pk),
    }
    return w


# --- counting what was written ------------------------------------------------------------------


def _counter() -> Callable[[], tuple[int, ...]]:
    """One query that counts the rows of every Lantern table, and the audit log's change
    events (reads are logged as access events, which a refused write may rightly make, with
    the lookup rows of a list access event)."""
    tables = sorted(
        m._meta.db_table
        for m in apps.get_models()
        if m.__module__.startswith("lantern.")
        and not m._meta.proxy
        and m not in (AuditEvent, AuditEventObject)
    )
    quote = connection.ops.quote_name
    parts = [f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables]
    audit = quote(AuditEvent._meta.db_table)
    parts.append(f"(SELECT COUNT(*) FROM {audit} WHERE kind <> 'access')")
    sql = "SELECT " + ", ".join(parts)

    def count() -> tuple[int, ...]:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return tuple(cursor.fetchone())

    return count


# --- enumerating the endpoints ----------------------------------------------------------------


def _api_writes() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method.upper() in ("POST", "PUT", "PATCH", "DELETE")
    }


def _patterns(patterns=None, namespace: str = "", prefix: str = ""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace or ""]))
            yield from _patterns(p.url_patterns, ns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield ":".join(filter(None, [namespace, p.name or ""])), prefix + str(p.pattern), p


def _pages() -> dict[str, URLPattern]:
    return {
        name: pattern
        for name, route, pattern in _patterns()
        if not route.startswith("api/v1/") and name != "health"
    }


READ_ONLY_PAGES = {
    "intelligence:home", "intelligence:entities", "intelligence:entity", "intelligence:report",
    "intelligence:resolution", "intelligence:resolution-decided",
    "intelligence:resolution-candidate", "intelligence:chart", "intelligence:ranking",
    "frontend:home", "frontend:dashboard", "accounts:register-sent", "accounts:organisations",
    "accounts:organisation", "accounts:own-data", "accounts:own-data-download",
    "accounts:own-closed", "accounts:partnerships", "accounts:partnership", "audit:events", "audit:event", "places:cameras", "places:camera",
    "places:search", "places:requests", "places:requests-sent", "places:request",
    "reports:start", "reports:sent", "reports:mine", "reports:mine-detail", "reports:followed",
    "reports:triage", "reports:triage-find", "reports:client-updates", "reports:triage-detail",
    "reports:categories", "open311:discovery", "open311:services", "open311:service",
    "open311:request", "open311:token", "evidence:upload", "evidence:upload-with-link", "evidence:item-play",
    "analytics:neighbourhoods", "analytics:neighbourhood", "analytics:partnership-figures",
    "analytics:partnership-figures-csv",
    "evidence:report-upload", "evidence:items", "evidence:item", "evidence:item-download",
    "evidence:item-preview", "evidence:statements", "evidence:statement",
    "evidence:statement-pdf", "evidence:case-bundle-download", "evidence:public-keys",
    "evidence:public-key", "evidence:verify-script", "cases:list", "cases:case", "cases:person", "cases:vehicle",
    "evidence:redaction", "evidence:redaction-frame", "evidence:redaction-progress",
    "cases:actions", "cases:action", "cases:action-preview", "cases:action-preview-pdf",
    "cases:action-serve",
    "cases:document", "cases:review-letter", "cases:reviews", "cases:review-detail",
    "safeguarding:home", "safeguarding:person", "safeguarding:screening",
    "safeguarding:review", "safeguarding:consent", "safeguarding:referral",
    "safeguarding:duty-record", "safeguarding:duties", "safeguarding:numbers",
    "safeguarding:agency", "analytics:dashboard", "analytics:hotspots",
    "analytics:hotspots-geojson", "analytics:hotspots-png", "analytics:patrol-plans",
    "analytics:patrol-plan", "analytics:impacts", "analytics:impact", "analytics:impact-chart",
    "intelligence:subject-profile", "intelligence:subject-profile-pdf",
    "intelligence:problem-profile", "intelligence:problem-profile-pdf", "intelligence:tasking",
    "disclosure:pdf",
    "dataprotection:queue", "dataprotection:tombstones", "dataprotection:rules",
    "subjectaccess:list", "subjectaccess:detail", "subjectaccess:download",
}  # fmt: skip


def test_every_write_endpoint_is_in_the_table():
    missing = _api_writes() - set(API) - set(API_NO_ID)
    assert not missing, f"add these API writes to the table in {__name__}: {sorted(missing)}"
    stale = (set(API) | set(API_NO_ID)) - _api_writes()
    assert not stale, f"these API writes no longer exist: {sorted(stale)}"
    pages = set(_pages())
    missing_pages = pages - set(PAGES) - set(PAGES_NO_ID) - READ_ONLY_PAGES
    assert not missing_pages, f"add these pages to the table in {__name__}: {missing_pages}"
    stale_pages = (set(PAGES) | set(PAGES_NO_ID) | READ_ONLY_PAGES) - pages
    assert not stale_pages, f"these pages no longer exist: {sorted(stale_pages)}"
    for name, pattern in _pages().items():  # a page with ids in its path is tried
        ids = [
            k for k, v in pattern.pattern.converters.items() if type(v).__name__ == "UUIDConverter"
        ]
        if ids and name in PAGES:
            assert set(ids) <= {t.target for t in PAGES[name]}, (name, ids)


# --- calling them -------------------------------------------------------------------------------


def _fill(template: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def _variants(w: World, t: Try) -> list[tuple[str, str]]:
    chosen = [("a random id", str(uuid.uuid4()))]
    if t.hidden is not None:
        chosen.append((f"the hidden {t.hidden}", w.hidden[t.hidden]))
    else:
        assert t.why, f"{t}: say why there is no record the caller cannot see"
    return chosen


def _outcome(response) -> str:
    return f"{response.status_code} {response.content[:200]!r}"


def test_api_writes_with_an_id_the_caller_cannot_see_are_refused_and_write_nothing(world):
    count = _counter()
    failures = []
    for (method, path), tries in API.items():
        for t in tries:
            for label, wanted in _variants(world, t):
                values = {**world.mine, t.target: wanted}
                body = t.body(world)
                if "{" + t.target + "}" not in path:
                    body[t.target] = wanted
                url = _fill(path, values)
                client = Client()
                before = count()
                response = getattr(client, method.lower())(
                    url,
                    body,
                    content_type="application/json",
                    headers={"Authorization": f"Bearer {world.tokens[t.role]}"},
                )
                after = count()
                if response.status_code != t.expect or after != before:
                    failures.append(
                        f"{method} {path} {t.target}={label}: {_outcome(response)}"
                        + ("; something was written" if after != before else "")
                    )
    assert not failures, "\n".join(failures)


def test_page_writes_with_an_id_the_caller_cannot_see_are_refused_and_write_nothing(world):
    count = _counter()
    pages = _pages()
    failures = []
    for name, tries in PAGES.items():
        pattern = pages[name]
        converters = pattern.pattern.converters
        for t in tries:
            for label, wanted in _variants(world, t):
                kwargs = {k: world.mine.get(k, str(uuid.uuid4())) for k in converters}
                body = t.body(world)
                if t.target in converters:
                    kwargs[t.target] = wanted
                else:
                    body[t.target] = wanted
                route = str(pattern.pattern)
                prefix = next(r for n, r, _p in _patterns() if n == name)
                url = "/" + _fill(prefix.replace("<uuid:", "{").replace(">", "}"), kwargs)
                client = world.clients[t.role]
                before = count()
                extra = t.headers(world, wanted) if t.headers else {}
                if "content_type" in extra:  # a body of bytes, not a form
                    body = b""  # type: ignore[assignment]
                response = getattr(client, t.method)(url, body, **extra)
                after = count()
                ok = response.status_code == t.expect and after == before
                if ok and t.expect == 200:
                    ok = b"govuk-error-summary" in response.content
                if not ok:
                    failures.append(
                        f"{name} {t.target}={label}: {_outcome(response)} ({route})"
                        + ("; something was written" if after != before else "")
                    )
    assert not failures, "\n".join(failures)


def test_read_only_pages_write_nothing_when_posted_to_with_a_random_id(world):
    count = _counter()
    failures = []
    client = world.clients["supervisor"]
    for name, route, pattern in _patterns():
        ids = [
            k for k, v in pattern.pattern.converters.items() if type(v).__name__ == "UUIDConverter"
        ]
        if name not in READ_ONLY_PAGES or not ids:
            continue
        url = "/" + _fill(
            route.replace("<uuid:", "{").replace(">", "}"), {k: str(uuid.uuid4()) for k in ids}
        )
        before = count()
        response = client.post(url, {})
        if response.status_code not in (403, 404, 405) or count() != before:
            failures.append(f"{name}: {_outcome(response)}")
    assert not failures, "\n".join(failures)
