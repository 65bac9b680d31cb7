"""Cases, subjects and need to know; the ASB Case Review from application to outcome."""

from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import actor_of
from lantern.audit.models import AuditEvent
from lantern.cases import selectors, services
from lantern.cases.models import CaseReview
from lantern.core import clock, directory
from lantern.core.actor import Role
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def test_reports_naming_a_vehicle_become_sightings_and_a_linked_vehicle(officer, case, make_report):
    first = make_report(vehicles=["ab12 cde"], days_ago=4)
    make_report(vehicles=["AB12CDE"], days_ago=2)
    services.case_link_report(actor=officer, case_id=case.pk, report_id=first.pk)
    subjects = list(selectors.case_subjects(case=case))
    assert [(s.vehicle.registration, s.role) for s in subjects] == [("AB12CDE", "associate")]
    sightings = selectors.vehicle_sightings(actor=officer, registration="AB12CDE")
    assert len(sightings) == 2 and sightings[0].seen_at < sightings[1].seen_at


def test_partners_see_a_case_other_forces_do_not(make_user, orgs, officer, case):
    stranger = actor_of(make_user(Role.POLICE_OFFICER, "other_police"))
    council = actor_of(make_user(Role.COUNCIL_OFFICER))
    with pytest.raises(NotFound):
        selectors.case_get(actor=stranger, case_id=case.pk)
    with pytest.raises(NotFound):
        selectors.case_get(actor=council, case_id=case.pk)
    services.case_update(actor=officer, case_id=case.pk, partner_ids=[orgs["council"].pk])
    assert selectors.case_get(actor=council, case_id=case.pk) == case
    with pytest.raises(NotFound):
        services.case_close(actor=stranger, case_id=case.pk, reason="Not mine")


def test_reading_a_person_is_an_access_event_and_the_directory_applies_policy(
    make_user, officer, person
):
    before = AuditEvent.objects.filter(kind="access", object_id=str(person.pk)).count()
    summary = directory.person(officer, person.pk)
    assert summary is not None and summary.label == "Corin Testwright"
    assert AuditEvent.objects.filter(kind="access", object_id=str(person.pk)).count() == before + 1
    stranger = actor_of(make_user(Role.POLICE_OFFICER, "other_police"))
    assert directory.person(stranger, person.pk) is None


def test_a_place_problem_moves_through_sara_with_a_valid_area(officer):
    with pytest.raises(ValidationFailed):
        services.case_open(
            actor=officer,
            data=services.CaseInput(
                kind="place", title="x", area={"type": "Point", "coordinates": [0, 51]}
            ),
        )
    area = {
        "type": "Polygon",
        "coordinates": [[[0.71, 51.54], [0.72, 51.54], [0.72, 51.545], [0.71, 51.54]]],
    }
    case = services.case_open(
        actor=officer, data=services.CaseInput(kind="place", title="Larkspur Row", area=area)
    )
    assert case.sara_stage == "scanning"
    assert (
        services.case_set_stage(actor=officer, case_id=case.pk, stage="response").sara_stage
        == "response"
    )
    services.case_close(actor=officer, case_id=case.pk, reason="Problem resolved")
    with pytest.raises(ValidationFailed):
        services.case_set_stage(actor=officer, case_id=case.pk, stage="assessment")


def test_residents_cannot_open_cases(resident):
    with pytest.raises(PermissionDenied):
        services.case_open(actor=resident, data=services.CaseInput(kind="person", title="x"))


def test_case_review_from_application_to_outcome_with_timescales(resident, officer, make_report):
    for days in (20, 10, 2):
        make_report(category="noise", days_ago=days)
    eligibility = selectors.resident_eligibility(actor=resident)
    assert eligibility.eligible and eligibility.should_be_told
    review = services.case_review_apply(actor=resident, statement="Please look again")
    assert review.decision_due_on > clock.now().date()
    assert (review.decision_due_on - clock.now().date()) >= timedelta(days=12)  # 10 working days
    review = services.case_review_decide(actor=officer, review_id=review.pk, threshold_met=True)
    assert review.status == CaseReview.Status.THRESHOLD_MET and review.meeting_due_on
    review = services.case_review_meeting(
        actor=officer,
        review_id=review.pk,
        held_on=clock.now().date(),
        recommendations="Joint patrols; a CPW for the person responsible.",
    )
    assert review.outcome_due_on
    review = services.case_review_outcome(actor=officer, review_id=review.pk, letter="Dear ...")
    assert review.status == CaseReview.Status.CLOSED
    with pytest.raises(NotFound):
        services.case_review_decide(actor=resident, review_id=review.pk, threshold_met=False)


def test_a_second_report_tells_the_resident_about_the_review(resident, make_report):
    make_report(category="noise")
    assert not selectors.resident_eligibility(actor=resident).should_be_told
    make_report(category="noise", days_ago=3)
    told = selectors.resident_eligibility(actor=resident)
    assert told.should_be_told and not told.eligible
