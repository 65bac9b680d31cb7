"""The reports API: categories, filing a report (anonymous, resident, staff), staff reads."""

from __future__ import annotations

import pytest

from lantern.accounts import services as accounts
from lantern.core.actor import SYSTEM, Role
from lantern.reports.models import Report
from lantern.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db

BODY = {
    "category_code": "kerb-crawling",
    "latitude": 51.5412,
    "longitude": 0.7183,
    "occurred_from": "2026-01-10T21:30:00Z",
    "description": "A car circled three times.",
    "vehicles": ["lr19 kxt"],
}


def bearer(make_user, role):
    user = make_user(role)
    _, token = accounts.api_token_create(actor=SYSTEM, user=user, name="test")
    return user, {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def visitor(client):
    """A visitor who is not signed in but has a session (from the report pages)."""
    client.get("/reports/new/what/")
    client.post("/reports/new/what/", {"category": "noise"})
    assert client.cookies.get("sessionid")
    return client


def test_categories_for_any_visitor_with_a_session(client):
    assert client.get("/api/v1/reports/categories").status_code == 401
    response = visitor(client).get("/api/v1/reports/categories")
    assert response.status_code == 200
    codes = [c["code"] for c in response.json()]
    assert "kerb-crawling" in codes and "concern-for-safety" in codes


def test_anonymous_visitor_files_a_report_and_gets_a_tracking_code(client):
    assert client.post("/api/v1/reports/", BODY, content_type="application/json").status_code == 401
    response = visitor(client).post("/api/v1/reports/", BODY, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"].startswith("R-") and body["tracking_code"]
    report = Report.objects.get()
    assert report.anonymous and list(report.vehicles.values_list("registration", flat=True)) == [
        "LR19KXT"
    ]


def test_resident_with_a_token_files_their_own_report(client, make_user):
    user, headers = bearer(make_user, Role.RESIDENT)
    response = client.post("/api/v1/reports/", BODY, content_type="application/json", **headers)
    assert response.status_code == 201 and response.json()["tracking_code"] is None
    assert Report.objects.get().reporter == user


def test_a_revoked_token_or_a_deactivated_user_files_nothing(client, make_user):
    user, headers = bearer(make_user, Role.RESIDENT)

    def file(body=BODY):
        return client.post("/api/v1/reports/", body, content_type="application/json", **headers)

    assert file().status_code == 201
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert file().status_code == 401
    user.is_active = True
    user.save(update_fields=["is_active"])
    assert file().status_code == 201
    accounts.api_token_revoke(actor=SYSTEM, token_id=user.api_tokens.get().pk)
    assert file().status_code == 401
    assert file({**BODY, "category_code": "nope"}).status_code == 401  # no error detail
    assert Report.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category_code": "nope"}, "category"),
        ({"latitude": 48.0, "longitude": 2.3}, "location"),
        ({"occurred_from": "2099-01-01T00:00:00Z"}, "occurred_from"),
        ({"occurred_from": "0001-01-01T00:00:00+05:00"}, "occurred_from"),
        ({"vehicles": ["not a reg!"]}, "vehicles"),
        ({"description": "bad\u0000"}, "description"),
        ({"latitude": None, "longitude": None}, "location"),
    ],
)
def test_bad_reports_are_422_with_the_field(client, change, field):
    response = visitor(client).post(
        "/api/v1/reports/", {**BODY, **change}, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert any(field in key for key in response.json()["errors"])
    assert not Report.objects.exists()


def test_staff_list_and_detail_with_contact_details_only_for_triage(client, make_user):
    created = make_report(contact="email", contact_email="me@example.test", anonymous=False)
    make_report(category="concern-for-safety")
    _, officer = bearer(make_user, Role.POLICE_OFFICER)
    response = client.get("/api/v1/reports/", **officer)
    assert response.status_code == 200
    items = response.json()["results"]
    assert [i["reference"] for i in items] == [created.report.reference]  # not safeguarding
    assert "contact_email" not in items[0]
    detail = client.get(f"/api/v1/reports/{created.report.pk}", **officer).json()
    assert detail["contact_details"]["email"] == "me@example.test"
    assert detail["category"] == "kerb-crawling"
    _, analyst = bearer(make_user, Role.ANALYST)
    detail = client.get(f"/api/v1/reports/{created.report.pk}", **analyst).json()
    assert detail["contact_details"] is None
    filtered = client.get("/api/v1/reports/?category=noise", **officer).json()
    assert filtered["results"] == []
    bbox = client.get("/api/v1/reports/?south=51.5&west=0.7&north=51.6&east=0.8", **officer).json()
    assert len(bbox["results"]) == 1


def test_residents_may_not_list_reports(client, make_user):
    _, resident = bearer(make_user, Role.RESIDENT)
    assert client.get("/api/v1/reports/", **resident).status_code == 403
    report = make_report().report
    assert client.get(f"/api/v1/reports/{report.pk}", **resident).status_code == 404
    assert client.get("/api/v1/reports/").status_code == 401
