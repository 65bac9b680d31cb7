"""The ASB Case Review for staff and residents: the officers' pages and API take an
application through the threshold decision, the meeting and the outcome letter (a frozen
PDF), with their timescales; the resident sees where their application is and reads the
letter; nobody else does."""

from __future__ import annotations

import hashlib

import pytest

from conftest import actor_of
from lantern.accounts import services as account_services
from lantern.audit.models import AuditEvent
from lantern.cases import selectors, services
from lantern.cases.models import CaseReview
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import NotFound, ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(resident, make_report):
    for days in (20, 10, 2):
        make_report(category="noise", days_ago=days)
    return services.case_review_apply(actor=resident, statement="The noise goes on every night.")


def _bearer(user) -> dict[str, str]:
    _, token = account_services.api_token_create(actor=SYSTEM, user=user, name="test")
    return {"Authorization": f"Bearer {token}"}


def test_officer_takes_an_application_from_decision_to_outcome_letter(signed_in, application):
    client = signed_in(Role.POLICE_OFFICER)
    listing = client.get("/cases/reviews/")
    assert listing.status_code == 200
    assert application.reference.encode() in listing.content
    assert b"Decision on the threshold" in listing.content
    url = f"/cases/reviews/{application.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert b"Record the decision" in page.content
    assert b"The noise goes on every night." in page.content

    response = client.post(f"{url}decision/", {"threshold_met": "yes"})
    assert response.status_code == 302
    page = client.get(url)
    assert b"Record the meeting" in page.content

    response = client.post(
        f"{url}meeting/",
        {"held_on": clock.now().date().isoformat(), "recommendations": "Joint patrols at night."},
    )
    assert response.status_code == 302
    response = client.post(f"{url}outcome/", {"letter": "Patrols start on Monday."})
    assert response.status_code == 302

    review = CaseReview.objects.get(pk=application.pk)
    assert review.status == CaseReview.Status.CLOSED
    pdf = bytes(review.outcome_pdf)
    assert pdf.startswith(b"%PDF")
    assert review.outcome_sha256 == hashlib.sha256(pdf).hexdigest()
    letter = client.get(f"/cases/review/{review.pk}/letter/")
    assert letter.status_code == 200
    assert letter.content == pdf
    assert letter["X-Content-SHA256"] == review.outcome_sha256
    assert AuditEvent.objects.filter(action="case_review.outcome_sent").count() == 1


def test_step_forms_show_errors_not_500(signed_in, application):
    client = signed_in(Role.COUNCIL_OFFICER)
    url = f"/cases/reviews/{application.pk}/"
    missing = client.post(f"{url}decision/", {})
    assert missing.status_code == 422
    assert b"Say whether the threshold is met" in missing.content
    no_reason = client.post(f"{url}decision/", {"threshold_met": "no"})
    assert no_reason.status_code == 422
    assert b"Say why the threshold is not met" in no_reason.content
    # A meeting before the decision is out of order: the page says so.
    early = client.post(f"{url}meeting/", {"held_on": "2026-01-01", "recommendations": "x"})
    assert early.status_code == 422
    assert b"A meeting follows a decision" in early.content
    client.post(f"{url}decision/", {"threshold_met": "yes"})
    future = client.post(f"{url}meeting/", {"held_on": "2999-01-01", "recommendations": "x"})
    assert future.status_code == 422
    assert b"must not be in the future" in future.content
    nonsense = client.post(f"{url}meeting/", {"held_on": "not a date", "recommendations": "x"})
    assert nonsense.status_code == 422


def test_threshold_not_met_goes_straight_to_the_letter_with_its_reason(officer, application):
    review = services.case_review_decide(
        actor=officer,
        review_id=application.pk,
        threshold_met=False,
        reason="Two of the reports were made more than a month after the incident.",
    )
    assert review.status == CaseReview.Status.NOT_MET and review.outcome_due_on
    assert [s.name for s in selectors.review_steps(review)] == [
        "Decision on the threshold",
        "Outcome letter",
    ]
    review = services.case_review_outcome(
        actor=officer, review_id=review.pk, letter="You can still report."
    )
    assert review.status == CaseReview.Status.CLOSED and review.outcome_sha256
    with pytest.raises(ValidationFailed):
        services.case_review_outcome(actor=officer, review_id=review.pk, letter="Again")


def test_resident_sees_where_their_application_is_and_reads_the_letter(
    client, signed_in, resident, application, officer, make_user
):
    from lantern.accounts.models import User

    user = User.objects.get(pk=resident.user_id)
    client.force_login(user)
    page = client.get("/cases/review/")
    assert b"Application received" in page.content
    assert b"Decision on the threshold" in page.content
    assert client.get(f"/cases/review/{application.pk}/letter/").status_code == 404
    services.case_review_decide(actor=officer, review_id=application.pk, threshold_met=True)
    services.case_review_meeting(
        actor=officer,
        review_id=application.pk,
        held_on=clock.now().date(),
        recommendations="Joint patrols.",
    )
    services.case_review_outcome(actor=officer, review_id=application.pk, letter="Patrols.")
    page = client.get("/cases/review/")
    assert b"Outcome letter sent" in page.content
    assert b"Download the letter (PDF)" in page.content
    letter = client.get(f"/cases/review/{application.pk}/letter/")
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    # The staff pages stay closed to residents; another resident cannot read the letter.
    assert client.get("/cases/reviews/").status_code == 403
    assert client.get(f"/cases/reviews/{application.pk}/").status_code == 403
    other = make_user(Role.RESIDENT)
    client.force_login(other)
    assert client.get(f"/cases/review/{application.pk}/letter/").status_code == 404


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.POLICE_OFFICER, True),
        (Role.PCSO, True),
        (Role.COUNCIL_OFFICER, True),
        (Role.SUPERVISOR, True),
        (Role.SAFEGUARDING_LEAD, False),
        (Role.SUPPORT_WORKER, False),
        (Role.ANALYST, False),
        (Role.ADMIN, False),
        (Role.RESIDENT, False),
    ],
)
def test_who_may_manage_applications(signed_in, application, role, allowed):
    client = signed_in(role)
    url = f"/cases/reviews/{application.pk}/"
    assert client.get("/cases/reviews/").status_code == (200 if allowed else 403)
    assert client.get(url).status_code == (200 if allowed else 403)
    response = client.post(f"{url}decision/", {"threshold_met": "yes"})
    assert response.status_code == (302 if allowed else 403)
    assert CaseReview.objects.get(pk=application.pk).status == (
        "threshold_met" if allowed else "applied"
    )


def test_reading_an_application_is_an_access_event(officer, application):
    before = AuditEvent.objects.filter(kind="access", object_id=str(application.pk)).count()
    selectors.case_review_get(actor=officer, review_id=application.pk)
    assert AuditEvent.objects.filter(kind="access", object_id=str(application.pk)).count() == (
        before + 1
    )


def test_the_api_runs_the_review_and_keeps_strangers_out(client, make_user, application):
    officer = make_user(Role.COUNCIL_OFFICER)
    headers = _bearer(officer)
    base = "/api/v1/cases/case-reviews"
    listed = client.get(base, headers=headers).json()
    assert [r["reference"] for r in listed["items"]] == [application.reference]
    detail = client.get(f"{base}/{application.pk}", headers=headers).json()
    assert detail["next_step"] == "Decision on the threshold"
    assert detail["qualifying_reports"] == 3

    def post(path, body):
        return client.post(
            f"{base}/{application.pk}/{path}",
            data=body,
            content_type="application/json",
            headers=headers,
        )

    refused = post("decision", {"threshold_met": False})
    assert refused.status_code == 422 and "reason" in refused.json()["errors"]
    assert post("decision", {"threshold_met": True}).json()["status"] == "threshold_met"
    today = clock.now().date().isoformat()
    met = post("meeting", {"held_on": today, "recommendations": "Patrols"}).json()
    assert met["status"] == "meeting_held" and met["next_step"] == "Outcome letter"
    sent = post("outcome", {"letter": "Patrols start on Monday."}).json()
    assert sent["status"] == "closed" and len(sent["outcome_sha256"]) == 64
    letter = client.get(f"{base}/{application.pk}/letter", headers=headers)
    assert letter.status_code == 200
    assert hashlib.sha256(letter.content).hexdigest() == sent["outcome_sha256"]

    analyst = _bearer(make_user(Role.ANALYST))
    assert client.get(base, headers=analyst).status_code == 403
    assert client.get(f"{base}/{application.pk}", headers=analyst).status_code == 404
    applicant = CaseReview.objects.get(pk=application.pk).applicant
    own = _bearer(applicant)
    assert client.get(base, headers=own).json()["count"] == 1
    assert client.get(f"{base}/{application.pk}/letter", headers=own).status_code == 200
    stranger = _bearer(make_user(Role.RESIDENT))
    assert client.get(base, headers=stranger).json()["count"] == 0
    assert client.get(f"{base}/{application.pk}", headers=stranger).status_code == 404
    decided = client.post(
        f"{base}/{application.pk}/decision",
        data={"threshold_met": True},
        content_type="application/json",
        headers=stranger,
    )
    assert decided.status_code == 404


def test_residents_cannot_take_a_step(resident, application):
    with pytest.raises(NotFound):
        services.case_review_meeting(
            actor=resident,
            review_id=application.pk,
            held_on=clock.now().date(),
            recommendations="x",
        )


def test_the_dashboard_lists_applications_due(signed_in, application):
    client = signed_in(Role.POLICE_OFFICER)
    page = client.get("/dashboard/")
    assert page.status_code == 200
    assert application.reference.encode() in page.content
    assert actor_of(client.user) is not None


def test_the_outcome_letter_is_signed_for_the_council_applied_to(
    resident, officer, make_report, orgs
):
    """Not by a name written into the code: the council the resident applied to signs for
    the relevant bodies in its area (s.104)."""
    import io

    from pypdf import PdfReader

    for days in (20, 10, 2):
        make_report(category="noise", days_ago=days)
    review = services.case_review_apply(
        actor=resident, statement="The noise goes on.", council_id=orgs["council"].pk
    )
    services.case_review_decide(
        actor=officer, review_id=review.pk, threshold_met=False, reason="Late."
    )
    review = services.case_review_outcome(
        actor=officer, review_id=review.pk, letter="Report again."
    )
    content = bytes(review.outcome_pdf)
    words = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split()
    )
    assert f"{orgs['council'].name}, for the relevant bodies in its area" in words
    assert "Eastmere Community Safety Partnership" not in words
