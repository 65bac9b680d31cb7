"""Report intake, triage and the permission layer around reports."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from conftest import fake_case
from lantern.accounts.selectors import actor_for
from lantern.audit.models import AuditEvent
from lantern.core import clock
from lantern.core.actor import ANONYMOUS, Role
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.reports import reference, selectors, services
from lantern.reports.models import Report
from lantern.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db


def staff(make_user, role=Role.POLICE_OFFICER, org="default"):
    return actor_for(make_user(role, org), verified=True)


def test_reference_avoids_ambiguous_characters():
    for _ in range(200):
        ref = reference.new_reference()
        assert ref.startswith("R-") and len(ref) == 11
        assert not set(ref.replace("R-", "").replace("-", "")) & set("01OIL5SZ28BUV")
    assert reference.normalise_reference("r 7k3m q9xt") == "R-7K3M-Q9XT"


def test_every_character_of_a_code_is_drawn_from_the_whole_alphabet():
    codes = [reference.new_tracking_code().replace("-", "") for _ in range(2000)]
    assert all(len(code) == 12 for code in codes)
    for position in range(12):
        seen = {code[position] for code in codes}
        assert seen == set(reference.ALPHABET), position  # 2000 draws miss a letter ~1e-36
    assert len(set(codes)) == len(codes)


def test_anonymous_report_gets_a_tracking_code_and_can_be_followed():
    created = make_report(vehicles=["ab12 cde", "AB12CDE", "a1 abc"])
    report = created.report
    assert report.anonymous and report.reporter_id is None and created.tracking_code
    assert sorted(report.vehicles.values_list("registration", flat=True)) == ["A1ABC", "AB12CDE"]
    found = selectors.report_by_tracking_code(
        reference_text=report.reference.lower(),
        tracking_code=created.tracking_code.lower(),
        client_address="192.0.2.1",
    )
    assert found == report
    with pytest.raises(NotFound):
        selectors.report_by_tracking_code(
            reference_text=report.reference, tracking_code="WRONG", client_address="192.0.2.1"
        )
    event = AuditEvent.objects.get(action="report.created")
    assert event.actor == "anonymous" and "ab12" not in event.details.lower()


def test_signed_out_reporter_who_gives_contact_details_is_not_anonymous():
    created = make_report(contact="phone", contact_phone="01632 960 555")
    report = created.report
    assert not report.anonymous and report.reporter_id is None
    assert report.contact_phone == "01632 960 555"
    assert created.tracking_code  # still how they follow it without an account
    asked = make_report(anonymous=True, contact="phone", contact_phone="01632 960 555").report
    assert asked.anonymous and asked.contact_phone == "" and asked.contact == "none"


def test_signed_in_resident_sees_own_reports_only(make_user):
    resident = actor_for(make_user(Role.RESIDENT))
    other = actor_for(make_user(Role.RESIDENT))
    mine = make_report(resident).report
    make_report(other)
    assert list(selectors.own_reports(actor=resident)) == [mine]
    assert selectors.report_get(actor=resident, report_id=mine.pk) == mine
    theirs = selectors.own_reports(actor=other).get()
    with pytest.raises(NotFound):
        selectors.report_get(actor=resident, report_id=theirs.pk)


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("category", {"category": "no-such"}),
        ("location", {"at": (48.0, 2.3)}),
        ("occurred_from", {"hours_ago": -3}),
        ("description", {"description": "  "}),
        ("vehicles", {"vehicles": ["not a reg!"]}),
        ("people_description", {"category": "concern-for-safety", "people_description": "x"}),
        ("answers.needles", {"category": "drug-litter"}),
        ("contact_email", {"contact": "email"}),
    ],
)
def test_bad_input_names_the_field(field, change):
    with pytest.raises(ValidationFailed) as refusal:
        make_report(**change)
    assert field in refusal.value.errors
    assert not Report.objects.exists()


def test_concern_for_safety_goes_to_the_safeguarding_queue_only(make_user):
    concern = make_report(category="concern-for-safety").report
    assert concern.queue == "safeguarding"
    officer = staff(make_user)
    lead = staff(make_user, Role.SAFEGUARDING_LEAD)
    assert concern not in selectors.report_list(actor=officer)
    with pytest.raises(NotFound):
        selectors.report_get(actor=officer, report_id=concern.pk)
    assert concern in selectors.report_list(actor=lead)
    assert selectors.report_get(actor=lead, report_id=concern.pk) == concern


def test_reading_a_report_is_an_access_event(make_user):
    report = make_report().report
    officer = staff(make_user)
    selectors.report_get(actor=officer, report_id=report.pk)
    event = AuditEvent.objects.filter(kind="access").latest("seq")
    assert event.object_type == "report" and event.object_id == str(report.pk)


def test_duplicates_are_suggested_and_marked(make_user):
    officer = staff(make_user)
    first = make_report(hours_ago=3).report
    near = make_report(hours_ago=2, at=(51.5413, 0.7184)).report
    make_report(hours_ago=2, at=(51.56, 0.74))  # too far
    make_report(hours_ago=2, category="noise")  # another category
    make_report(hours_ago=60)  # too long before
    suggestions = selectors.possible_duplicates(actor=officer, report=near)
    assert [r for r, _ in suggestions] == [first]
    assert suggestions[0][1] < 20
    services.report_mark_duplicate(actor=officer, report_id=near.pk, original_id=first.pk)
    near.refresh_from_db()
    assert near.status == "duplicate" and near.duplicate_of == first
    with pytest.raises(ValidationFailed):
        services.report_mark_duplicate(actor=officer, report_id=first.pk, original_id=first.pk)


def test_triage_assign_status_updates_and_notes(make_user):
    officer_user = make_user(Role.POLICE_OFFICER)
    officer = actor_for(officer_user, verified=True)
    report = make_report().report
    services.report_assign(actor=officer, report_id=report.pk, assignee_id=officer_user.pk)
    report.refresh_from_db()
    assert report.assigned_to == officer_user and report.status == "assigned"
    services.report_add_public_update(actor=officer, report_id=report.pk, text="We are on it.")
    services.report_add_internal_note(actor=officer, report_id=report.pk, text="Check CCTV")
    services.report_set_status(actor=officer, report_id=report.pk, status="closed")
    report.refresh_from_db()
    assert [c.to_status for c in report.status_changes.all()] == ["new", "assigned", "closed"]
    outsider = actor_for(make_user(Role.RESIDENT))
    with pytest.raises(NotFound):
        services.report_set_status(actor=outsider, report_id=report.pk, status="new")
    analyst = staff(make_user, Role.ANALYST)
    with pytest.raises(PermissionDenied):
        services.report_set_status(actor=analyst, report_id=report.pk, status="new")


def test_linking_to_a_case_is_recorded_once(make_user):
    officer = staff(make_user)
    report = make_report().report
    with pytest.raises(NotFound):  # a case the officer may not see, or none
        services.report_link_case(actor=officer, report_id=report.pk, case_id=uuid.uuid4())
    case_id = fake_case()
    services.report_link_case(actor=officer, report_id=report.pk, case_id=case_id)
    services.report_link_case(actor=officer, report_id=report.pk, case_id=case_id)
    assert report.case_links.count() == 1
    assert AuditEvent.objects.filter(action="report.linked_to_case").count() == 1
    report.refresh_from_db()
    assert report.status == "in_progress"


def test_points_for_analytics_carry_no_personal_data(make_user):
    make_report(hours_ago=5)
    make_report(category="concern-for-safety")
    analyst = staff(make_user, Role.ANALYST)
    points = selectors.report_points(actor=analyst, start=clock.now() - timedelta(days=1))
    assert len(points) == 1 and points[0].category == "kerb-crawling"
    assert selectors.report_points(actor=ANONYMOUS) == []
