"""Closed cases at the end of their retention: what goes with a case, what stays, holds
(issue 23; docs/data-protection.md, "What goes with a case")."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from conftest import actor_of
from lantern.audit.models import AuditEvent
from lantern.audit.services import audit_chain_verify
from lantern.cases import services as case_services
from lantern.cases.models import (
    ActionState,
    ActionTransition,
    Case,
    CaseNote,
    CaseSubject,
    Document,
    EnforcementAction,
    Fact,
    Person,
    Vehicle,
)
from lantern.cases.tests.conftest import cpw_input, served
from lantern.core import clock, processing
from lantern.core.actor import SYSTEM, Role
from lantern.dataprotection.models import ReviewItem, Tombstone
from lantern.dataprotection.services import (
    retention_decide,
    retention_dispose,
    retention_queue_refresh,
)
from lantern.reports.models import CaseLink, Report
from lantern.safeguarding.tests.factories import screen

pytestmark = pytest.mark.django_db

SEVEN_YEARS = timedelta(days=7 * 365)


@pytest.fixture
def supervisor(make_user):
    return actor_of(make_user(Role.SUPERVISOR))


def _open_case(officer, title="Persistent nuisance on Larkspur Row") -> Case:
    return case_services.case_open(
        actor=officer, data=case_services.CaseInput(kind="person", title=title)
    )


def _person(officer, case: Case, given: str = "Corin") -> Person:
    person = case_services.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=case_services.PersonInput(
            given_name=given, family_name="Testwright", date_of_birth=date(1990, 3, 4)
        ),
    ).person
    assert person is not None
    return person


def _close_long_ago(officer, case: Case, age: timedelta = SEVEN_YEARS) -> None:
    case_services.case_close(actor=officer, case_id=case.pk, reason="Resolved")
    Case.objects.filter(pk=case.pk).update(closed_at=clock.now() - age)


def _decide_all(dpo) -> None:
    retention_queue_refresh(actor=SYSTEM)
    for item in ReviewItem.objects.filter(
        record_class="cases.Case", status=ReviewItem.Status.PENDING
    ):
        retention_decide(actor=dpo, item_id=item.pk, kind="dispose")


def test_only_closed_cases_past_their_period_are_queued(officer) -> None:
    expired, recent, still_open = (_open_case(officer, t) for t in ("A", "B", "C"))
    _close_long_ago(officer, expired)
    _close_long_ago(officer, recent, age=timedelta(days=30))
    # An open case whose closure fields were somehow set is still open: never a candidate.
    Case.objects.filter(pk=still_open.pk).update(closed_at=clock.now() - SEVEN_YEARS)

    assert retention_queue_refresh(actor=SYSTEM) == {"cases.Case": 1}
    item = ReviewItem.objects.get(record_class="cases.Case")
    assert item.record_id == expired.pk
    assert item.rule == "partnership_casework"
    assert item.label == expired.reference
    assert retention_queue_refresh(actor=SYSTEM) == {}


def test_disposal_takes_the_case_its_actions_and_people_only_it_refers_to(
    officer, supervisor, dpo, make_report
) -> None:
    case = _open_case(officer)
    person = _person(officer, case)
    shared = _person(officer, case, given="Dara")
    other = _open_case(officer, "Another case")
    case_services.person_link_existing(
        actor=officer, case_id=other.pk, person_id=shared.pk, role="witness"
    )
    case_services.vehicle_link(actor=officer, case_id=case.pk, registration="AB12CDE", make="Ford")
    report = make_report()
    case_services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    warning = case_services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, report)
    )
    served(warning.pk, officer=officer, supervisor=supervisor)
    assert Document.objects.filter(action=warning).exists()
    _close_long_ago(officer, case)
    _decide_all(dpo)

    preview = retention_dispose(actor=dpo, dry_run=True)
    assert [d["record_id"] for d in preview.disposed] == [str(case.pk)]
    assert Case.objects.filter(pk=case.pk).exists()

    run = retention_dispose(actor=dpo)
    assert [d["record_id"] for d in run.disposed] == [str(case.pk)]
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not EnforcementAction.objects.filter(pk=warning.pk).exists()
    assert not ActionTransition.objects.filter(action_id=warning.pk).exists()
    assert not Document.objects.filter(action_id=warning.pk).exists()
    assert not CaseNote.objects.filter(case_id=case.pk).exists()
    assert not CaseSubject.objects.filter(case_id=case.pk).exists()
    assert not Fact.objects.filter(case_id=case.pk).exists()
    # The person only this case named goes, with the vehicle; the one on another case stays.
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Vehicle.objects.filter(registration="AB12CDE").exists()
    assert Person.objects.filter(pk=shared.pk).exists()
    assert CaseSubject.objects.filter(case=other, person=shared).exists()
    # The report stays, under its own rule, without the link to a case that is gone.
    assert Report.objects.filter(pk=report.pk).exists()
    assert not CaseLink.objects.filter(case_id=case.pk).exists()
    tombstone = Tombstone.objects.get(record_class="cases.Case", record_id=case.pk)
    assert tombstone.rule == "partnership_casework"

    again = retention_dispose(actor=dpo)
    assert again.disposed == [] and again.held == []
    subject = processing.retention_subject("cases.Case")
    assert subject is not None and subject.dispose(SYSTEM, case.pk) is None
    assert audit_chain_verify(actor=SYSTEM).ok


def test_a_pending_appeal_holds_a_closed_case(officer, supervisor, dpo, make_report) -> None:
    case = _open_case(officer)
    person = _person(officer, case)
    report = make_report()
    case_services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    warning = case_services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, report)
    )
    served(warning.pk, officer=officer, supervisor=supervisor)
    _close_long_ago(officer, case)
    # An appeal lodged and not yet decided (the state the appeal step leaves it in).
    EnforcementAction.objects.filter(pk=warning.pk).update(state=ActionState.APPEALED)
    _decide_all(dpo)

    run = retention_dispose(actor=dpo)
    assert run.disposed == []
    assert run.held[0]["holds"] == ["a pending appeal"]
    assert Case.objects.filter(pk=case.pk).exists()
    assert Person.objects.filter(pk=person.pk).exists()


def test_a_notice_on_another_case_holds_the_warning_it_relies_on(officer, dpo, make_report) -> None:
    case = _open_case(officer)
    person = _person(officer, case)
    report = make_report()
    case_services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    warning = case_services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, report)
    )
    other = _open_case(officer, "Another case")
    case_services.case_link_report(actor=officer, case_id=other.pk, report_id=report.pk)
    case_services.person_link_existing(
        actor=officer, case_id=other.pk, person_id=person.pk, role="perpetrator"
    )
    notice = case_services.action_draft(
        actor=officer, case_id=other.pk, data=cpw_input(person, report)
    )
    EnforcementAction.objects.filter(pk=notice.pk).update(prior_warning=warning)
    _close_long_ago(officer, case)
    _decide_all(dpo)

    run = retention_dispose(actor=dpo)
    assert run.disposed == []
    assert run.held[0]["holds"] == ["a notice on another case relies on one of its actions"]
    assert EnforcementAction.objects.filter(pk=warning.pk).exists()


def test_a_person_with_a_safeguarding_record_stays(officer, dpo, make_user) -> None:
    case = _open_case(officer)
    person = _person(officer, case)
    lead = actor_of(make_user(Role.SAFEGUARDING_LEAD))
    screen(lead, person.pk)
    _close_long_ago(officer, case)
    _decide_all(dpo)

    assert [d["record_id"] for d in retention_dispose(actor=dpo).disposed] == [str(case.pk)]
    assert not Case.objects.filter(pk=case.pk).exists()
    assert Person.objects.filter(pk=person.pk).exists()


def test_audit_events_of_a_case_disposal_carry_no_personal_data(officer, dpo) -> None:
    case = _open_case(officer)
    person = _person(officer, case)
    _close_long_ago(officer, case)
    _decide_all(dpo)
    first = AuditEvent.objects.order_by("-seq").first()
    assert first is not None
    retention_dispose(actor=dpo)
    written = AuditEvent.objects.filter(seq__gt=first.seq)
    assert {"case.disposed", "retention.disposed"} <= {e.action for e in written}
    text = json.dumps([[e.object_type, e.object_id, e.details] for e in written])
    for value in (person.given_name, person.family_name, case.title, case.reference):
        assert value not in text


def test_a_person_named_in_intelligence_stays(officer, dpo) -> None:
    from lantern.intelligence import services as intelligence_services

    case = _open_case(officer)
    person = _person(officer, case)
    intelligence_services.entity_for_person(actor=officer, person_id=person.pk)
    _close_long_ago(officer, case)
    _decide_all(dpo)

    assert [d["record_id"] for d in retention_dispose(actor=dpo).disposed] == [str(case.pk)]
    assert Person.objects.filter(pk=person.pk).exists()
    assert processing.holds("cases.Person", [person.pk]) == {
        person.pk: ["an intelligence record names them"]
    }


def test_a_subject_access_request_that_found_part_of_a_case_holds_it(officer, dpo) -> None:
    from lantern.subjectaccess import services as sar_services
    from lantern.subjectaccess.models import FoundRecord, Status, SubjectAccessRequest

    case = _open_case(officer)
    person = _person(officer, case)
    _close_long_ago(officer, case)
    _decide_all(dpo)
    sar = sar_services.request_record(
        actor=dpo,
        data=sar_services.RequestInput(
            regime="uk_gdpr",
            received_on=clock.now().date(),
            requester_name="Requester",
            requester_contact="By post",
            identity_check="not_yet",
            subject_name="Requester",
        ),
    )
    # What the cases app's finder stores for the person's link to the case.
    link = CaseSubject.objects.get(case=case, person=person)
    FoundRecord.objects.create(
        request=sar, finder="cases", source="cases.casesubject", record_id=link.pk, title="Link"
    )

    run = retention_dispose(actor=dpo)
    assert run.disposed == []
    assert run.held[0]["holds"] == ["a subject access request in progress"]
    assert Person.objects.filter(pk=person.pk).exists()

    SubjectAccessRequest.objects.filter(pk=sar.pk).update(status=Status.RELEASED)
    assert [d["record_id"] for d in retention_dispose(actor=dpo).disposed] == [str(case.pk)]
