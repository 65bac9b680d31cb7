"""A subject access request from receipt to release, through the services, on the demo:
its clock, the search of every app, the review and the response."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils.timezone import localdate

from lantern.audit.models import AuditEvent
from lantern.core import clock
from lantern.core.actor import Role
from lantern.core.demo import DEMO_PERSON_ID
from lantern.core.errors import NotFound, PermissionDenied, RuleRefused, ValidationFailed
from lantern.subjectaccess import selectors, services
from lantern.subjectaccess.models import Decision, FoundRecord, Status
from lantern.subjectaccess.tests.conftest import demo_actor

pytestmark = pytest.mark.django_db


def _today():
    return localdate(clock.now())


def _request(dpo, *, name="Mara", received=None, **extra):
    data = {
        "regime": "uk_gdpr",
        "received_on": received or _today(),
        "requester_name": name,
        "requester_contact": "By post: c/o Lamplight Outreach Trust",
        "identity_check": "not_yet",
        "subject_name": name,
        **extra,
    }
    return services.request_record(actor=dpo, data=services.RequestInput(**data))


def test_a_request_finds_her_across_cases_reports_and_safeguarding(dpo):
    sar = _request(dpo)
    counts = services.search_run(actor=dpo, request_id=sar.pk)
    assert counts["cases"] >= 2  # her person record and her place on the case
    assert counts["safeguarding"] >= 3  # screening, review, consent, referral
    assert counts["reports"] >= 3  # the reports linked to the case she is named on
    sources = {f.source for f in selectors.found_records(sar=sar)}
    assert {"cases.person", "cases.casesubject", "reports.report"} <= sources
    assert {"safeguarding.screening", "safeguarding.referral"} <= sources
    person = FoundRecord.objects.get(request=sar, source="cases.person")
    assert person.record_id == DEMO_PERSON_ID
    event = AuditEvent.objects.filter(action="subject_access.searched").get()
    assert json.loads(event.details)["found"]["cases"] == counts["cases"]
    assert "Mara" not in event.details
    # Searching again keeps the decisions already made.
    services.record_review(actor=dpo, request_id=sar.pk, found_id=person.pk, decision=Decision.GIVE)
    services.search_run(actor=dpo, request_id=sar.pk)
    assert FoundRecord.objects.get(pk=person.pk).decision == Decision.GIVE


def test_someone_lantern_does_not_know_gets_an_empty_recorded_answer(dpo):
    sar = _request(dpo, name="Nobody Atall", subject_email="nobody@example.test")
    counts = services.search_run(actor=dpo, request_id=sar.pk)
    assert set(counts.values()) == {0}
    assert not selectors.found_records(sar=sar)
    released = services.response_release(actor=dpo, request_id=sar.pk)
    data = json.loads(bytes(released.response_json))
    assert data["records"] == [] and data["withheld"] == []
    assert bytes(released.response_pdf).startswith(b"%PDF")
    assert (
        json.loads(AuditEvent.objects.filter(action="subject_access.searched").get().details)[
            "total"
        ]
        == 0
    )


def test_review_redacts_third_parties_and_withholds_with_a_reason(dpo):
    sar = _request(dpo)
    services.search_run(actor=dpo, request_id=sar.pk)
    screening = FoundRecord.objects.get(request=sar, source="safeguarding.screening")
    where = [i for i, item in enumerate(screening.items) if item["label"] == "Where and how"]
    services.record_review(
        actor=dpo, request_id=sar.pk, found_id=screening.pk, decision="give", redacted=where
    )
    referral = FoundRecord.objects.get(request=sar, source="safeguarding.referral")
    with pytest.raises(RuleRefused) as refused:
        services.record_review(
            actor=dpo,
            request_id=sar.pk,
            found_id=referral.pk,
            decision="exempt",
            exemption="safeguarding",
        )
    assert refused.value.rule_id == "SAR_EXEMPTION_NEEDS_REASON"
    with pytest.raises(RuleRefused) as refused:
        services.record_review(
            actor=dpo,
            request_id=sar.pk,
            found_id=referral.pk,
            decision="exempt",
            exemption="part3_restriction",
            exemption_reason="An investigation is open",
        )
    assert refused.value.rule_id == "SAR_EXEMPTION_FITS_REGIME"
    services.record_review(
        actor=dpo,
        request_id=sar.pk,
        found_id=referral.pk,
        decision="exempt",
        exemption="crime_taxation",
        exemption_reason="It would prejudice an investigation",
    )
    with pytest.raises(RuleRefused) as refused:
        services.response_release(actor=dpo, request_id=sar.pk)
    assert refused.value.rule_id == "SAR_RELEASE_NEEDS_EVERY_RECORD_REVIEWED"
    for found in FoundRecord.objects.filter(request=sar, decision=""):
        services.record_review(actor=dpo, request_id=sar.pk, found_id=found.pk, decision="give")
    assert selectors.holds_for(source="safeguarding.screening", record_ids=[screening.record_id])
    released = services.response_release(actor=dpo, request_id=sar.pk)
    data = json.loads(bytes(released.response_json))
    items = [i for r in data["records"] for i in r["items"]]
    assert any(i["redacted"] and i["label"] == "Where and how" for i in items)
    assert not any("answered her phone" in i["value"] for i in items)
    assert data["withheld"] == [
        {"exemption": "Crime and taxation (DPA 2018 Sch. 2 para 2)", "records": 1}
    ]
    assert "safeguarding.referral" not in {r["source"] for r in data["records"]}
    assert released.status == Status.RELEASED
    # Released: final, and the hold is gone.
    assert not selectors.holds_for(
        source="safeguarding.screening", record_ids=[screening.record_id]
    )
    with pytest.raises(RuleRefused) as refused:
        services.search_run(actor=dpo, request_id=sar.pk)
    assert refused.value.rule_id == "SAR_RELEASED_IS_FINAL"
    pdf = services.response_download(actor=dpo, request_id=sar.pk, fmt="pdf")
    assert pdf == bytes(released.response_pdf)
    for event in AuditEvent.objects.filter(action__startswith="subject_access."):
        text = event.details
        assert "Mara" not in text and "phone" not in text.replace("phone_", "")


def test_the_clock_stops_for_identity_and_a_whole_month_restarts(dpo):
    received = _today() - timedelta(days=10)
    sar = _request(dpo, received=received)
    services.clock_stop(actor=dpo, request_id=sar.pk, kind="identity", on=received)
    sar.refresh_from_db()
    assert selectors.deadline_of(sar).stopped
    services.search_run(actor=dpo, request_id=sar.pk)
    for found in selectors.found_records(sar=sar):
        services.record_review(actor=dpo, request_id=sar.pk, found_id=found.pk, decision="give")
    with pytest.raises(RuleRefused) as refused:
        services.response_release(actor=dpo, request_id=sar.pk)
    assert refused.value.rule_id == "SAR_RELEASE_NEEDS_IDENTITY"
    with pytest.raises(ValidationFailed):
        services.clock_restart(actor=dpo, request_id=sar.pk, on=_today())  # how confirmed?
    services.clock_restart(
        actor=dpo, request_id=sar.pk, on=_today() - timedelta(days=2), identity_check="document"
    )
    line = selectors.deadline_of(sar)
    assert not line.stopped and line.relevant_on == _today() - timedelta(days=2)
    sar.refresh_from_db()
    assert sar.identity_check == "document"


def test_a_late_extension_is_refused_with_the_rule(dpo):
    received = _today() - timedelta(days=45)
    sar = _request(dpo, received=received)
    with pytest.raises(RuleRefused) as refused:
        services.extension_record(
            actor=dpo, request_id=sar.pk, months=2, noticed_on=_today(), reason="Many records"
        )
    assert refused.value.rule_id == "SAR_EXTENSION_NOTICE_IN_TIME"
    assert "before the first month ends" in refused.value.message
    services.extension_record(
        actor=dpo,
        request_id=sar.pk,
        months=2,
        noticed_on=received + timedelta(days=20),
        reason="Records in five organisations",
    )
    sar.refresh_from_db()
    assert selectors.deadline_of(sar).due_on > _today()


def test_the_dashboard_list_shows_overdue_and_due_soon(dpo):
    overdue = _request(dpo, received=_today() - timedelta(days=40))
    soon = _request(dpo, received=_today() - timedelta(days=27))
    _request(dpo)  # due in a month: not listed
    rows = selectors.due_list(actor=dpo, today=_today())
    assert [(r.sar.pk, r.overdue) for r in rows] == [(overdue.pk, True), (soon.pk, False)]


@pytest.mark.parametrize("role", [Role.ADMIN, Role.POLICE_OFFICER, Role.SAFEGUARDING_LEAD])
def test_only_the_data_protection_officer_may(demo, dpo, role):
    sar = _request(dpo)
    other = demo_actor(role)
    with pytest.raises(PermissionDenied):
        services.search_run(actor=other, request_id=sar.pk)
    with pytest.raises(PermissionDenied):
        selectors.sar_list(actor=other)
    from lantern.core import directory

    query = directory.SubjectQuery(partnership_ids=other.partnership_ids, name="Mara")
    assert directory.subject_identify(other, query) == query
    assert all(not r for r in directory.subject_records(other, query).values())


def test_another_partnerships_request_is_not_found(dpo):
    import dataclasses
    import uuid

    sar = _request(dpo)
    elsewhere = dataclasses.replace(dpo, partnership_ids=frozenset({uuid.uuid4()}))
    with pytest.raises(NotFound):
        selectors.sar_get(actor=elsewhere, request_id=sar.pk)


def test_a_residents_request_finds_their_account_reports_and_cameras(dpo):
    from lantern.accounts.demo import demo_email
    from lantern.places.tests.factories import make_camera

    resident = demo_actor(Role.RESIDENT)
    camera = make_camera(resident)
    sar = _request(dpo, name="Somebody Unknown", subject_email=demo_email(Role.RESIDENT))
    counts = services.search_run(actor=dpo, request_id=sar.pk)
    assert counts["accounts"] == 1
    assert counts["reports"] >= 4  # the demo resident made the demo's reports
    found = {(f.source, f.record_id) for f in selectors.found_records(sar=sar)}
    assert ("places.camera", camera.pk) in found
    assert not any(source.startswith("safeguarding.") for source, _ in found)
