"""The subject profile (NIM target profile) as a page, a PDF and JSON: graded, sanitised,
with the handling conditions of C-graded items beside them, the network with potential
victims marked and never ranked, and an access event for every read."""

from __future__ import annotations

import io
import json
from datetime import date
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from conftest import actor_of
from lantern.accounts import services as account_services
from lantern.audit.models import AuditEvent
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import NotFound
from lantern.intelligence import services
from lantern.intelligence.models import Origin
from lantern.intelligence.profile_documents import PROTECTIVE_MARKING
from lantern.intelligence.selectors import profiles
from lantern.intelligence.services import Origin_, SourceIn
from lantern.intelligence.tests.conftest import C_GRADE, P_GRADE
from lantern.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db

C_CONDITIONS = C_GRADE.handling_conditions


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def signed_in_as(client, user):
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def subject(officer, handler):
    """A controller with P and C content: a P alias and a C description, a P link to his
    phone and a C link to a woman under 18 he is suspected of controlling, a P report and a
    C report from a source (whose identity must never appear)."""
    jay = services.entity_create(actor=officer, schema="person", caption="Jay Controller")
    phone = services.entity_create(actor=officer, schema="phone", value="07700 900123")
    girl = services.entity_create(actor=officer, schema="person", caption="Girl A")
    other = services.entity_create(actor=officer, schema="person", caption="Associate B")
    services.statement_add(
        actor=officer, entity_id=jay.pk, prop="alias", value="Jay", grading=P_GRADE
    )
    services.statement_add(
        actor=officer,
        entity_id=jay.pk,
        prop="description",
        value="Scar on left hand",
        grading=C_GRADE,
    )
    services.statement_add(
        actor=officer,
        entity_id=girl.pk,
        prop="date_of_birth",
        value=date(clock.now().year - 15, 1, 1).isoformat(),
        grading=P_GRADE,
    )
    services.link_add(
        actor=officer, link_type="uses_phone", source_id=jay.pk, target_id=phone.pk,
        grading=P_GRADE,
    )  # fmt: skip
    services.link_add(
        actor=officer, link_type="controls", source_id=jay.pk, target_id=girl.pk,
        grading=C_GRADE,
    )  # fmt: skip
    services.link_add(
        actor=officer, link_type="associate_of", source_id=girl.pk, target_id=other.pk,
        grading=P_GRADE,
    )  # fmt: skip
    services.link_add(
        actor=officer, link_type="associate_of", source_id=jay.pk, target_id=other.pk,
        grading=P_GRADE,
    )  # fmt: skip
    services.report_record(
        actor=officer, text="Jay seen at the corner most nights", grading=P_GRADE,
        mentions=[jay.pk],
    )  # fmt: skip
    services.report_record(
        actor=handler,
        text="Jay collects the money on Fridays",
        grading=C_GRADE,
        mentions=[jay.pk],
        source=SourceIn("DSU-9", "Real Name Of Source"),
    )
    return {"jay": jay, "phone": phone, "girl": girl, "other": other}


def test_the_officer_sees_p_and_c_with_conditions_and_the_network(officer, subject):
    profile = profiles.subject_profile(officer, entity_id=subject["jay"].pk)
    texts = [r.text for r in profile.timeline]
    assert "Other name: Jay" in texts and "Description: Scar on left hand" in texts
    c_rows = [r for r in profile.timeline if r.handling == "C"]
    assert c_rows and all(r.conditions == C_CONDITIONS for r in c_rows)
    assert any("Jay collects the money" in r.text for r in profile.reports)
    assert all("Real Name Of Source" not in r.text + r.origin for r in profile.timeline)
    # The timeline is in date order.
    days = [r.on for r in profile.timeline]
    assert days == sorted(days)
    # The network: Girl A is a potential victim, marked and never ranked.
    victims = {n.caption for n in profile.network.nodes if n.potential_victim}
    assert victims == {"Girl A"}
    assert "Girl A" in profile.network.potential_victims
    assert "Girl A" not in [r.caption for r in profile.network.ranking]
    assert profile.network.ranking[0].caption == "Jay Controller"
    centre = next(n for n in profile.network.nodes if n.centre)
    assert centre.caption == "Jay Controller"


def test_the_council_sees_only_p(council, subject):
    profile = profiles.subject_profile(council, entity_id=subject["jay"].pk)
    assert {r.handling for r in profile.timeline} == {"P"}
    assert all("Scar" not in r.text for r in profile.timeline)
    assert all(link.grade.endswith("P") for link in profile.network.links)
    assert profile.conditions == []


def test_page_and_pdf_as_officer_and_council(client, make_user, subject):
    jay = subject["jay"]
    officer = signed_in_as(client, make_user(Role.POLICE_OFFICER))
    page = officer.get(reverse("intelligence:subject-profile", args=[jay.pk]))
    assert page.status_code == 200
    html = unescape(page.content.decode())
    assert "Scar on left hand" in html and C_CONDITIONS in html and PROTECTIVE_MARKING in html
    assert "Potential victim: never a target" in html
    assert "Real Name Of Source" not in html
    pdf = officer.get(reverse("intelligence:subject-profile-pdf", args=[jay.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = text_of(pdf.content)
    assert text.count(PROTECTIVE_MARKING) >= 2
    assert "Page 1" in text and "Generated by" in text
    assert "Scar on left hand" in text
    assert " ".join(f"Handling conditions: {C_CONDITIONS}".split()) in text
    assert "Real Name Of Source" not in text and "DSU-9" not in text

    council = signed_in_as(client, make_user(Role.COUNCIL_OFFICER))
    html = unescape(
        council.get(reverse("intelligence:subject-profile", args=[jay.pk])).content.decode()
    )
    assert "Other name: Jay" in html
    assert "Scar on left hand" not in html and C_CONDITIONS not in html
    text = text_of(council.get(reverse("intelligence:subject-profile-pdf", args=[jay.pk])).content)
    assert "Other name: Jay" in text and "Scar" not in text and "DSU" not in text


def test_support_worker_gets_404_everywhere(client, make_user, subject):
    jay = subject["jay"]
    user = make_user(Role.SUPPORT_WORKER)
    worker = signed_in_as(client, user)
    for name, args in [
        ("intelligence:subject-profile", [jay.pk]),
        ("intelligence:subject-profile-pdf", [jay.pk]),
        ("intelligence:problem-profile", []),
        ("intelligence:problem-profile-pdf", []),
        ("intelligence:tasking", []),
    ]:
        assert worker.get(reverse(name, args=args)).status_code == 404, name
    assert worker.post(reverse("intelligence:tasking-add"), {}).status_code == 404
    _, token = account_services.api_token_create(actor=SYSTEM, user=user, name="t")
    api = client.get(
        f"/api/v1/intelligence/entities/{jay.pk}/profile",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 404
    with pytest.raises(NotFound):
        profiles.subject_profile(actor_of(user), entity_id=jay.pk)


def test_only_people_and_vehicles_have_a_subject_profile(officer, subject):
    with pytest.raises(NotFound):
        profiles.subject_profile(officer, entity_id=subject["phone"].pk)


def test_every_read_is_an_access_event_with_its_purpose(client, make_user, officer, subject):
    jay = subject["jay"]
    profiles.subject_profile(officer, entity_id=jay.pk)
    user = make_user(Role.ANALYST)
    signed_in_as(client, user).get(reverse("intelligence:subject-profile-pdf", args=[jay.pk]))
    events = [
        e
        for e in AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS, object_id=str(jay.pk))
        if json.loads(e.details).get("purpose") == "subject profile"
    ]
    assert len(events) == 2
    assert {json.loads(e.details)["data_class"] for e in events} == {"intelligence"}


def test_the_api_gives_the_same_content(client, make_user, subject):
    user = make_user(Role.COUNCIL_OFFICER)
    _, token = account_services.api_token_create(actor=SYSTEM, user=user, name="t")
    response = client.get(
        f"/api/v1/intelligence/entities/{subject['jay'].pk}/profile",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["protective_marking"] == PROTECTIVE_MARKING
    assert body["entity_type"] == "person"
    assert {r["grade"][-1] for r in body["timeline"]} == {"P"}
    assert "Girl A" not in [r["caption"] for r in body["network"]["disruption_ranking"]]


def test_the_profile_query_count_does_not_grow_with_reports(client, make_user, officer, subject):
    page = signed_in_as(client, make_user(Role.POLICE_OFFICER))
    url = reverse("intelligence:subject-profile", args=[subject["jay"].pk])
    with CaptureQueriesContext(connection) as before:
        assert page.get(url).status_code == 200
    for n in range(4):
        services.report_record(
            actor=officer, text=f"Sighting {n}", grading=P_GRADE, mentions=[subject["jay"].pk]
        )
    with CaptureQueriesContext(connection) as after:
        assert b"Sighting 3" in page.get(url).content
    assert len(after) == len(before), len(before)


def test_origins_are_named_by_type_and_reference(officer, council, subject):
    report = make_report(category="kerb-crawling").report
    services.link_add(
        actor=officer,
        link_type="frequents",
        source_id=subject["jay"].pk,
        target_id=services.entity_create(actor=officer, schema="place", caption="Corner").pk,
        grading=P_GRADE,
        origin=Origin_(Origin.SIGHTING, report.pk),
    )
    ir = services.report_record(actor=officer, text="From the report", grading=C_GRADE)
    services.statement_add(
        actor=officer, entity_id=subject["jay"].pk, prop="nationality", value="X", report_id=ir.pk
    )
    origins = {
        r.text: r.origin
        for r in profiles.subject_profile(officer, entity_id=subject["jay"].pk).timeline
    }
    assert origins["frequents Corner"] == f"Sighting in a resident report {report.reference}"
    assert origins["Nationality: X"] == f"Intelligence report {ir.reference}"
    assert origins["Other name: Jay"] == "Officer's own knowledge"
