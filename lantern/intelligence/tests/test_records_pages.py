"""The intelligence record pages: each renders for an officer, refusals are shown on the form
and write nothing, need to know holds on every page, "create intelligence from this" keeps
its origin, and only a source handler meets the source."""

from __future__ import annotations

from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from conftest import actor_of
from lantern.audit.models import AuditEvent
from lantern.cases import services as cases
from lantern.core.actor import Role
from lantern.intelligence import services
from lantern.intelligence.models import (
    Entity,
    IntelligenceReport,
    Link,
    Origin,
    SourceRecord,
    Statement,
)
from lantern.intelligence.services import Grading
from lantern.intelligence.tests.conftest import C_GRADE, P_GRADE
from lantern.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db

PARTNERS_C = Grading("2", "B", "C", "Share with the council's ASB team only", True)


def _text(response) -> str:
    return unescape(response.content.decode())


def _counts() -> tuple[int, ...]:
    return (
        IntelligenceReport.objects.count(),
        Entity.objects.count(),
        Statement.objects.count(),
        Link.objects.count(),
        SourceRecord.objects.count(),
        AuditEvent.objects.exclude(kind="access").count(),
    )


GRADED = {"source_evaluation": "2", "assessment": "B", "handling": "P"}


@pytest.fixture
def officer_client(signed_in):
    client = signed_in(Role.POLICE_OFFICER)
    client.actor = actor_of(client.user)
    return client


@pytest.fixture
def world(officer_client):
    actor = officer_client.actor
    phone = services.entity_create(actor=actor, schema="phone", value="07700 900123")
    person = services.entity_create(actor=actor, schema="person", caption="Unknown male 'Jay'")
    report = services.report_record(
        actor=actor, text="Jay uses the phone ending 123", grading=P_GRADE, mentions=[phone.pk]
    )
    c_report = services.report_record(actor=actor, text="Police eyes only", grading=C_GRADE)
    shared_c = services.report_record(actor=actor, text="Council may know", grading=PARTNERS_C)
    services.link_add(
        actor=actor,
        link_type="uses_phone",
        source_id=person.pk,
        target_id=phone.pk,
        report_id=report.pk,
    )
    services.statement_add(
        actor=actor, entity_id=person.pk, prop="alias", value="Jay", grading=P_GRADE
    )
    return {
        "phone": phone,
        "person": person,
        "report": report,
        "c_report": c_report,
        "shared_c": shared_c,
    }


def _pages(world) -> list[str]:
    return [
        reverse("intelligence:home"),
        reverse("intelligence:report-new"),
        reverse("intelligence:report", args=[world["report"].pk]),
        reverse("intelligence:entities"),
        reverse("intelligence:entity-new"),
        reverse("intelligence:entity", args=[world["person"].pk]),
        reverse("intelligence:entity", args=[world["phone"].pk]),
    ]


def test_every_page_renders_for_an_officer(officer_client, world):
    for url in _pages(world):
        response = officer_client.get(url)
        assert response.status_code == 200, url
        assert b'href="/intelligence/"' in response.content  # the navigation item
    home = _text(officer_client.get(reverse("intelligence:home")))
    assert world["report"].reference in home and "2B-P" in home
    person = _text(officer_client.get(reverse("intelligence:entity", args=[world["person"].pk])))
    assert "uses phone" in person and "07700 900123" in person
    assert "Jay" in person and "Test Constabulary" in person  # who said what
    assert f"/intelligence/entities/{world['person'].pk}/chart/" in person
    phone = _text(officer_client.get(reverse("intelligence:entity", args=[world["phone"].pk])))
    assert "is used by" in phone  # the link read from the phone's side


def test_every_view_of_a_record_is_an_access_event(officer_client, world):
    before = AuditEvent.objects.filter(kind="access").count()
    officer_client.get(reverse("intelligence:report", args=[world["report"].pk]))
    assert AuditEvent.objects.filter(kind="access", object_id=str(world["report"].pk)).exists()
    assert AuditEvent.objects.filter(kind="access").count() > before


def test_a_graded_report_is_recorded_with_its_mentions_and_new_entities(officer_client, world):
    url = reverse("intelligence:report-new") + f"?mention={world['phone'].pk}"
    page = _text(officer_client.get(url))
    assert "1: reliable" in page and "B: known indirectly to the source but corroborated" in page
    assert "C: lawful sharing permitted with conditions" in page
    assert "Source reference" not in page  # an officer is not a source handler
    response = officer_client.post(
        url,
        {
            "text": "A silver car drops two women at the corner most nights",
            **GRADED,
            "mentions": [str(world["phone"].pk)],
            "new_type_1": "vehicle",
            "new_value_1": "kx19 lrw",
            "new_type_2": "phone",
            "new_value_2": "+44 7700 900123",  # the phone already on record
        },
    )
    assert response.status_code == 302
    report = IntelligenceReport.objects.get(text__startswith="A silver car")
    assert response.url == reverse("intelligence:report", args=[report.pk])
    assert report.grade == "2B-P" and report.origin_type == Origin.OFFICER
    mentioned = {e.caption for e in report.mentions.all()}
    assert mentioned == {world["phone"].caption, "KX19 LRW"}
    detail = _text(officer_client.get(response.url))
    assert "2: untested" in detail and "KX19 LRW" in detail


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "Seen at the corner"}, "Choose the source evaluation"),
        (
            {"text": "Seen", "source_evaluation": "1", "assessment": "A", "handling": "C"},
            "Handling code C needs its conditions written down",
        ),
        ({**GRADED, "text": ""}, "Write the intelligence, sanitised"),
        (
            {**GRADED, "text": "", "new_type_1": "phone", "new_value_1": "07700 900999"},
            "Write the intelligence, sanitised",
        ),
        (
            {**GRADED, "text": "x", "new_type_1": "vehicle", "new_value_1": "NOT A REG!!"},
            "registration",
        ),
        ({**GRADED, "text": "x", "new_value_1": "07700 900999"}, "Choose what new entity 1 is"),
        (
            {**GRADED, "text": "x", "occurred_from": "2026-11-30", "occurred_to": "2026-11-01"},
            "must not be before its start",
        ),
    ],
)
def test_a_refused_report_shows_why_and_writes_nothing(officer_client, world, data, message):
    before = _counts()
    response = officer_client.post(reverse("intelligence:report-new"), data)
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert message in _text(response)
    assert _counts() == before


def test_a_council_officer_sees_only_p_and_shared_c(signed_in, world):
    council = signed_in(Role.COUNCIL_OFFICER)
    home = _text(council.get(reverse("intelligence:home")))
    assert world["report"].reference in home
    assert world["shared_c"].reference in home
    assert world["c_report"].reference not in home
    assert (
        council.get(reverse("intelligence:report", args=[world["c_report"].pk])).status_code == 404
    )
    shared = _text(council.get(reverse("intelligence:report", args=[world["shared_c"].pk])))
    assert "Share with the council's ASB team only" in shared
    assert "Handling code C: share it only under these conditions" in shared
    assert council.get(reverse("intelligence:report", args=[world["report"].pk])).status_code == 200


def test_a_council_officer_who_records_c_for_police_only_is_told_so(signed_in, orgs):
    council = signed_in(Role.COUNCIL_OFFICER)
    response = council.post(
        reverse("intelligence:report-new"),
        {
            "text": "Police only",
            "source_evaluation": "1",
            "assessment": "A",
            "handling": "C",
            "handling_conditions": "Police only",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "you cannot open it" in _text(response)


@pytest.mark.parametrize("role", [Role.SUPPORT_WORKER, Role.RESIDENT])
def test_support_workers_and_residents_get_404_on_every_page(signed_in, world, role):
    client = signed_in(role)
    for url in _pages(world):
        assert client.get(url).status_code == 404, url
    before = _counts()
    for url, data in [
        (reverse("intelligence:report-new"), {**GRADED, "text": "x"}),
        (reverse("intelligence:entity-new"), {"schema": "phone", "value": "07700 900777"}),
        (
            reverse("intelligence:entity-statement", args=[world["person"].pk]),
            {"statement-prop": "alias", "statement-value": "J", **_prefixed("statement", GRADED)},
        ),
        (reverse("intelligence:report-source", args=[world["report"].pk]), {}),
    ]:
        assert client.post(url, data).status_code == 404, url
    assert _counts() == before
    assert b'href="/intelligence/"' not in client.get("/").content


def test_another_partnership_gets_404(make_user, far, world):
    from django.test import Client

    client = _signed(Client(), make_user(Role.POLICE_OFFICER, "far_police"))
    for url in _pages(world):
        if "/new/" in url or url.rstrip("/").endswith(("intelligence", "entities")):
            page = _text(client.get(url))
            assert world["report"].reference not in page and "Jay" not in page
            continue
        assert client.get(url).status_code == 404, url


def _signed(client, user):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _prefixed(prefix: str, data: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}-{k}": v for k, v in data.items()}


def test_create_intelligence_from_a_sighting_keeps_its_origin(officer_client, make_user):
    resident = actor_of(make_user(Role.RESIDENT))
    report = make_report(resident, vehicles=["AB12 CDE"]).report
    triage = _text(officer_client.get(reverse("reports:triage-detail", args=[report.pk])))
    assert "Create intelligence from this" in triage
    assert f"origin=sighting&id={report.pk}" in triage
    url = reverse("intelligence:report-new") + f"?origin=sighting&id={report.pk}"
    page = _text(officer_client.get(url))
    assert report.reference in page and "A resident who reports is a witness" in page
    assert "AB12 CDE" in page
    response = officer_client.post(
        url,
        {
            "text": "The car in the report is the controller's",
            **GRADED,
            "registrations": ["AB12CDE"],
        },
    )
    assert response.status_code == 302
    intel = IntelligenceReport.objects.get()
    assert (intel.origin_type, intel.origin_id) == (Origin.SIGHTING, report.pk)
    assert [e.caption for e in intel.mentions.all()] == ["AB12 CDE"]
    detail = _text(officer_client.get(response.url))
    assert (
        report.reference in detail and reverse("reports:triage-detail", args=[report.pk]) in detail
    )


def test_create_intelligence_from_a_report_the_officer_may_not_see_is_404(
    officer_client, make_user, far
):
    from conftest import FAR_POINT
    from lantern.reports.tests.factories import make_report as made

    far_report = made(actor_of(make_user(Role.RESIDENT)), at=FAR_POINT).report
    url = reverse("intelligence:report-new") + f"?origin=report&id={far_report.pk}"
    assert officer_client.get(url).status_code == 404
    assert (
        officer_client.get(reverse("intelligence:report-new") + "?origin=nope&id=1").status_code
        == 404
    )


def test_create_intelligence_from_a_case_note(officer_client):
    actor = officer_client.actor
    case = cases.case_open(actor=actor, data=cases.CaseInput(kind="person", title="Larkspur Row"))
    cases.case_record_review(
        actor=actor,
        case_id=case.pk,
        note="A man seen collecting money",
        next_review_on=date(2099, 1, 1),
    )
    page = _text(officer_client.get(reverse("cases:case", args=[case.pk])))
    assert "Create intelligence from this" in page
    from lantern.cases.models import CaseNote

    note = CaseNote.objects.get(case=case, kind="review")
    url = reverse("intelligence:report-new") + f"?origin=case_note&id={note.pk}"
    form = _text(officer_client.get(url))
    assert "A man seen collecting money" in form and case.reference in form
    response = officer_client.post(url, {"text": "Collector seen", **GRADED})
    assert response.status_code == 302
    intel = IntelligenceReport.objects.get()
    assert (intel.origin_type, intel.origin_id) == (Origin.CASE_NOTE, note.pk)


def test_the_create_link_is_only_for_those_who_record_intelligence(signed_in, make_user):
    resident = actor_of(make_user(Role.RESIDENT))
    report = make_report(resident).report
    support = signed_in(Role.SAFEGUARDING_LEAD)
    response = support.get(reverse("reports:triage-detail", args=[report.pk]))
    assert b"Create intelligence from this" not in response.content


def test_only_a_source_handler_meets_the_source(signed_in, orgs):
    handler = signed_in(Role.SOURCE_HANDLER)
    page = _text(handler.get(reverse("intelligence:report-new")))
    assert "Source reference" in page and "Who the source is" in page
    response = handler.post(
        reverse("intelligence:report-new"),
        {
            "text": "Sanitised account",
            **GRADED,
            "source_reference": "DSU-77",
            "source_identity": "Real Name",
        },
    )
    assert response.status_code == 302
    report = IntelligenceReport.objects.get()
    assert SourceRecord.objects.get(report=report).identity == "Real Name"
    assert "Real Name" in _text(handler.get(response.url))
    officer = signed_in(Role.POLICE_OFFICER)  # the same client, now an officer
    detail = _text(officer.get(reverse("intelligence:report", args=[report.pk])))
    assert report.reference in detail and "Real Name" not in detail and "DSU-77" not in detail


def test_a_source_handler_adds_a_source_later_but_never_for_a_resident(signed_in, make_user):
    handler = signed_in(Role.SOURCE_HANDLER)
    actor = actor_of(handler.user)
    report = services.report_record(actor=actor, text="Sanitised", grading=P_GRADE)
    page = _text(handler.get(reverse("intelligence:report", args=[report.pk])))
    assert "Record the source" in page
    url = reverse("intelligence:report-source", args=[report.pk])
    before = _counts()
    refused = handler.post(url, {"source_reference": ""})
    assert refused.status_code == 200 and b"govuk-error-summary" in refused.content
    assert _counts() == before
    assert (
        handler.post(url, {"source_reference": "DSU-9", "source_identity": "X"}).status_code == 302
    )
    assert SourceRecord.objects.get(report=report).source_reference == "DSU-9"
    resident_report = make_report(actor_of(make_user(Role.RESIDENT))).report
    from_resident = reverse("intelligence:report-new") + f"?origin=report&id={resident_report.pk}"
    assert "Source reference" not in _text(handler.get(from_resident))


def test_statements_and_links_from_the_entity_page(officer_client, world):
    person, phone = world["person"], world["phone"]
    page = _text(
        officer_client.get(reverse("intelligence:entity", args=[person.pk]) + "?find=0770")
    )
    assert "Add a statement" in page and phone.caption in page
    url = reverse("intelligence:entity-statement", args=[person.pk])
    before = _counts()
    refused = officer_client.post(url, {"statement-prop": "name", "statement-value": "Jay Test"})
    assert refused.status_code == 200 and "Choose the source evaluation" in _text(refused)
    assert _counts() == before
    ok = officer_client.post(
        url,
        {"statement-prop": "name", "statement-value": "Jay Test", **_prefixed("statement", GRADED)},
    )
    assert ok.status_code == 302
    assert Statement.objects.filter(entity=person, prop="name", value="Jay Test").exists()
    # From the report that mentions it: the report's grading is taken.
    ok = officer_client.post(
        reverse("intelligence:entity-statement", args=[phone.pk]),
        {
            "statement-prop": "handset",
            "statement-value": "Black Nokia",
            "statement-report": str(world["report"].pk),
        },
    )
    assert ok.status_code == 302
    assert Statement.objects.get(prop="handset").report_id == world["report"].pk
    # A link: a phone is used by the person (read from the phone's side).
    other = services.entity_create(actor=officer_client.actor, schema="person", caption="Kit")
    link_url = reverse("intelligence:entity-link", args=[phone.pk])
    before = _counts()
    refused = officer_client.post(
        link_url,
        {"link-link_type": "uses_phone", "link-other": str(other.pk), **_prefixed("link", GRADED)},
    )
    assert refused.status_code == 200 and b"govuk-error-summary" in refused.content
    assert _counts() == before
    refused = officer_client.post(
        link_url,
        {"link-link_type": "called", "link-other": str(other.pk), **_prefixed("link", GRADED)},
    )
    assert refused.status_code == 200 and "does not join" in _text(refused)
    assert _counts() == before
    ok = officer_client.post(
        link_url,
        {
            "link-link_type": "uses_phone:reverse",
            "link-other": str(other.pk),
            **_prefixed("link", GRADED),
        },
    )
    assert ok.status_code == 302
    link = Link.objects.get(source=other)
    assert (link.link_type, link.target_id) == ("uses_phone", phone.pk)


def test_a_potential_victim_is_marked_in_words(officer_client):
    actor = officer_client.actor
    girl = services.entity_create(actor=actor, schema="person", caption="Girl A")
    services.statement_add(
        actor=actor, entity_id=girl.pk, prop="date_of_birth", value="2012-01-01", grading=P_GRADE
    )
    page = _text(officer_client.get(reverse("intelligence:entity", args=[girl.pk])))
    assert "Potential victim: safeguarding first" in page
    listing = _text(officer_client.get(reverse("intelligence:entities") + "?q=Girl"))
    assert "Potential victim: safeguarding first" in listing


def test_entities_are_searched_and_recorded(officer_client, world):
    listing = _text(officer_client.get(reverse("intelligence:entities") + "?type=phone&q=900123"))
    assert world["phone"].caption in listing and "Jay" not in listing
    before = _counts()
    refused = officer_client.post(
        reverse("intelligence:entity-new"), {"schema": "vehicle", "value": "!!"}
    )
    assert refused.status_code == 200 and b"govuk-error-summary" in refused.content
    assert _counts() == before
    response = officer_client.post(
        reverse("intelligence:entity-new"), {"schema": "address", "value": "1 Larkspur Row"}
    )
    assert response.status_code == 302
    assert Entity.objects.filter(schema="address", key="1 larkspur row").exists()


def test_a_persons_entity_is_opened_from_casework(officer_client):
    actor = officer_client.actor
    case = cases.case_open(actor=actor, data=cases.CaseInput(kind="person", title="Row"))
    subject = cases.person_link(
        actor=actor,
        case_id=case.pk,
        role="perpetrator",
        data=cases.PersonInput(given_name="Corin", family_name="Test"),
    )
    url = reverse("intelligence:entity-for-person", args=[subject.person.pk])
    person_page = _text(officer_client.get(reverse("cases:person", args=[subject.person.pk])))
    assert "Open their intelligence entity" in person_page and url in person_page
    response = officer_client.post(url)
    entity = Entity.objects.get(person=subject.person)
    assert response.status_code == 302 and response.url == reverse(
        "intelligence:entity", args=[entity.pk]
    )
    assert officer_client.post(url).url == response.url  # one entity, never a copy
    assert Entity.objects.filter(person=subject.person).count() == 1


def test_an_organisation_withdraws_its_own_link_from_the_entity_page(
    officer_client, world, signed_in
):
    from lantern.intelligence.models import Link

    person, phone = world["person"], world["phone"]
    link = Link.objects.get(source=person, target=phone)
    page = _text(officer_client.get(reverse("intelligence:entity", args=[person.pk])))
    assert "Withdraw a link your organisation recorded" in page
    url = reverse("intelligence:entity-link-withdraw", args=[person.pk, link.pk])
    assert officer_client.post(url).status_code == 302
    link.refresh_from_db()
    assert link.retracted_at is not None
    page = _text(officer_client.get(reverse("intelligence:entity", args=[person.pk])))
    assert "No links you may see" in page
    # A withdrawn link is gone from what anyone reads: withdrawing it again finds nothing.
    assert officer_client.post(url).status_code == 404
    # A council officer (another organisation) is offered no withdrawal of police links.
    council = signed_in(Role.COUNCIL_OFFICER)
    other = services.entity_create(actor=officer_client.actor, schema="person", caption="Kit")
    services.link_add(
        actor=officer_client.actor,
        link_type="associate_of",
        source_id=person.pk,
        target_id=other.pk,
        grading=P_GRADE,
    )
    page = _text(council.get(reverse("intelligence:entity", args=[person.pk])))
    assert "Withdraw a link your organisation recorded" not in page
