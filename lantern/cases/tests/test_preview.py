"""Before approval and before service, the supervisor sees the document as it would be
served (the same renderer, marked DRAFT), what would stop it being served, and the conduct
and evidence being approved; each preview read is an access event."""

from __future__ import annotations

import io
import json
from html import unescape

import pytest
from pypdf import PdfReader

from conftest import actor_of
from lantern.accounts import services as account_services
from lantern.audit.models import AuditEvent
from lantern.cases import documents, selectors, services
from lantern.cases.tests.conftest import cpw_input
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import NotFound

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


def _previews(action_id, purpose) -> int:
    return sum(
        1
        for e in AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS, object_id=str(action_id))
        if json.loads(e.details).get("purpose") == purpose
    )


@pytest.fixture
def cpw(officer, case, person, linked_report):
    return services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
    )


@pytest.fixture
def boss(signed_in):
    return signed_in(Role.SUPERVISOR)


def test_the_preview_page_shows_the_conduct_evidence_and_the_draft(boss, cpw, linked_report):
    response = boss.get(f"/cases/actions/{cpw.pk}/preview/")
    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert "This is a draft. It has not been served." in page
    assert cpw.conduct in page and cpw.unreasonable_because in page
    assert linked_report.reference in page  # the evidence, by reference
    assert "Lantern finds nothing missing" in page  # a CPW needs no payee or contact details
    assert f"/cases/actions/{cpw.pk}/preview/document.pdf" in page
    assert 'value="approve"' in page  # the supervisor approves from here
    assert _previews(cpw.pk, "document_preview") == 1


def test_the_draft_pdf_is_the_same_renderer_marked_draft(boss, cpw):
    response = boss.get(f"/cases/actions/{cpw.pk}/preview/document.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"].split(", ")
    text = _text(response.content)
    assert text.startswith("DRAFT: not served.")
    # The same words as the document that will be served.
    served_text = _text(documents.render(cpw, served_on=None))
    assert served_text in text
    assert _previews(cpw.pk, "document_preview_pdf") == 1


def test_the_preview_lists_what_would_stop_a_fixed_penalty_being_served(
    officer, case, person, orgs, signed_in
):
    # A council that has recorded neither its address nor how to pay it.
    account_services.organisation_set_details(
        actor=actor_of(signed_in(Role.ADMIN).user),
        organisation_id=orgs["council"].pk,
        details=account_services.OrganisationDetails(),
    )
    penalty = services.action_draft(
        actor=officer,
        case_id=case.pk,
        data=services.ActionInput(
            kind="pspo_fpn", person_id=person.pk, conduct="Drinking in the restricted area."
        ),
    )
    client = signed_in(Role.SUPERVISOR)
    page = unescape(client.get(f"/cases/actions/{penalty.pk}/preview/").content.decode())
    for problem in documents.problems(penalty):
        assert problem in page
    assert "section 52(6)(e)" in page
    text = _text(client.get(f"/cases/actions/{penalty.pk}/preview/document.pdf").content)
    assert "Cannot be served yet" in text
    # The action's page lists them too, before anyone approves it.
    assert "It cannot be served yet" in client.get(f"/cases/actions/{penalty.pk}/").content.decode()


def test_the_action_page_shows_the_evidence_by_reference_and_hash(boss, cpw, linked_report):
    page = boss.get(f"/cases/actions/{cpw.pk}/").content.decode()
    assert "What is being approved" in page
    assert linked_report.reference in page
    assert f"/cases/actions/{cpw.pk}/preview/" in page
    linked = selectors.action_evidence(actor=actor_of(boss.user), action=cpw)
    assert [(e.kind, e.reference) for e in linked] == [("report", linked_report.reference)]


def test_there_is_no_preview_once_served_nor_for_another_force(cpw, officer, supervisor, signed_in):
    stranger = signed_in(Role.SUPERVISOR, "other_police")
    assert stranger.get(f"/cases/actions/{cpw.pk}/preview/").status_code == 404
    assert stranger.get(f"/cases/actions/{cpw.pk}/preview/document.pdf").status_code == 404
    services.action_approve(actor=supervisor, action_id=cpw.pk)
    services.action_serve(actor=officer, action_id=cpw.pk, how="hand")
    with pytest.raises(NotFound):
        selectors.action_preview(actor=officer, action_id=cpw.pk, purpose="document_preview")


def test_the_preview_in_the_api(cpw, linked_report, client, make_user):
    _, token = account_services.api_token_create(
        actor=SYSTEM, user=make_user(Role.SUPERVISOR), name="test"
    )
    headers = {"Authorization": f"Bearer {token}"}
    answer = client.get(f"/api/v1/cases/actions/{cpw.pk}/preview", headers=headers)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["draft"], body["servable"], body["problems"]) == (True, True, [])
    assert body["conduct"] == cpw.conduct
    assert body["evidence"] == [
        {
            "kind": "report",
            "id": str(linked_report.pk),
            "reference": linked_report.reference,
            "sha256": "",
            "visible": True,
        }
    ]
    pdf = client.get(f"/api/v1/cases/actions/{cpw.pk}/preview/pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["X-Content-SHA256"] == body["sha256"]
    assert _previews(cpw.pk, "document_preview") == 1
    assert _previews(cpw.pk, "document_preview_pdf") == 1
