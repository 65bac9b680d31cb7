"""The evidence pages: upload, receipt, item with custody timeline, statement journey, PDF."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from conftest import PASSWORD, actor_of
from lantern.core.actor import SYSTEM, Role
from lantern.core.tests.test_headers import assert_not_kept
from lantern.evidence import services
from lantern.evidence.models import Statement
from lantern.evidence.tests.factories import clip, new_id, sha, upload_bytes


def test_upload_page_for_signed_in_and_link_holders(signed_in, client, own_reports):
    resident = signed_in(Role.RESIDENT)
    report_id = uuid.uuid4()
    own_reports[resident.user.pk] = [report_id]
    page = resident.get(reverse("evidence:upload"))
    assert page.status_code == 200
    assert b'data-endpoint="/uploads/"' in page.content
    assert b"evidence-upload.js" in page.content
    # The resident says which of their reports (or footage requests) the files are about.
    assert "What is this about?" in page.content.decode()
    assert f'value="report:{report_id}"' in page.content.decode()
    client.logout()
    assert client.get(reverse("evidence:upload-with-link")).status_code == 200


def test_a_resident_with_nothing_to_hand_over_for_is_told_so(signed_in, own_reports):
    page = signed_in(Role.RESIDENT).get(reverse("evidence:upload")).content.decode()
    assert "make a report first" in page and 'data-endpoint="/uploads/"' not in page
    page = signed_in(Role.RESIDENT).get(reverse("evidence:statement-start")).content.decode()
    assert "make a report first" in page and 'name="witness_name"' not in page


def test_receipt_lists_sha256_for_the_resident(signed_in, local_store):
    client = signed_in(Role.RESIDENT)
    data = clip()
    upload_bytes(actor=actor_of(client.user), data=data, metadata={"filename": "door.mp4"})
    page = client.get(reverse("evidence:receipt"))
    assert sha(data).encode() in page.content
    assert b"door.mp4" in page.content


def test_receipt_by_capability(client, local_store, orgs):
    from lantern.core.actor import ANONYMOUS

    token = services.upload_token_issue(actor=SYSTEM, link_kind="report", link_id=new_id())
    data = clip()
    upload_bytes(actor=ANONYMOUS, data=data, token=token)
    page = client.post(reverse("evidence:receipt"), {"token": token})
    assert sha(data).encode() in page.content
    refused = client.post(reverse("evidence:receipt"), {"token": "forged"})
    assert refused.status_code == 400
    assert sha(data).encode() not in refused.content


def test_item_page_shows_custody_and_audio_guidance(signed_in, local_store, make_user):
    resident = actor_of(make_user(Role.RESIDENT))
    item = upload_bytes(actor=resident, data=clip(), metadata={"audio": "yes"}).item
    client = signed_in(Role.POLICE_OFFICER)
    page = client.get(reverse("evidence:item", args=[item.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Chain of custody" in body
    assert "received" in body and "hashed" in body and "stored" in body
    assert "Fairhurst v Woodard" in body
    download = client.get(reverse("evidence:item-download", args=[item.pk]))
    assert download.status_code == 200
    again = client.get(reverse("evidence:item", args=[item.pk])).content.decode()
    assert "viewed" in again and "downloaded" in again


def test_residents_and_analysts_cannot_open_items(signed_in, local_store, make_user):
    resident = actor_of(make_user(Role.RESIDENT))
    item = upload_bytes(actor=resident, data=clip()).item
    assert signed_in(Role.RESIDENT).get(reverse("evidence:item", args=[item.pk])).status_code == 403
    analyst = signed_in(Role.ANALYST)
    assert analyst.get(reverse("evidence:item", args=[item.pk])).status_code == 403
    officer = signed_in(Role.POLICE_OFFICER)
    assert officer.get(reverse("evidence:item", args=[new_id()])).status_code == 404


def test_statement_journey_to_a_signed_pdf(signed_in, own_reports):
    client = signed_in(Role.RESIDENT)
    report_id = uuid.uuid4()
    own_reports[client.user.pk] = [report_id]
    url = reverse("evidence:statement-start")
    unsaid = client.post(url, {"witness_name": "Ada Thornbury"})
    assert "Choose the report or footage request this is about" in unsaid.content.decode()
    about = {"witness_name": "Ada Thornbury", "about": f"report:{report_id}"}
    start = client.post(url, about)
    statement = Statement.objects.get()
    assert start.url == reverse("evidence:statement-edit", args=[statement.pk])
    assert (statement.link_kind, statement.link_id) == ("report", report_id)
    fields = {
        "witness_name": "Ada Thornbury",
        "under_18": "no",
        "body": "I saw a car stop.",
        "willing_to_attend_court": "yes",
        "no_dates_to_avoid": "on",
        "consent_share_contact": "no",
    }
    edited = client.post(reverse("evidence:statement-edit", args=[statement.pk]), fields)
    assert edited.url == reverse("evidence:statement-sign", args=[statement.pk])
    sign_url = reverse("evidence:statement-sign", args=[statement.pk])
    refused = client.post(sign_url, {"typed_name": "Ada Thornbury", "secret": PASSWORD})
    assert "declaration" in refused.content.decode()
    signed = client.post(
        sign_url, {"typed_name": "Ada Thornbury", "secret": PASSWORD, "declaration": "on"}
    )
    assert signed.url == reverse("evidence:statement", args=[statement.pk])
    statement.refresh_from_db()
    assert statement.is_signed
    page = client.get(signed.url).content.decode()
    assert statement.sha256 in page
    pdf = client.get(reverse("evidence:statement-pdf", args=[statement.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # Signed statements are not edited: the edit page goes back to the statement.
    assert client.get(reverse("evidence:statement-edit", args=[statement.pk])).status_code == 302


@pytest.mark.parametrize("bad", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_bad_ids_are_not_found(signed_in, bad):
    client = signed_in(Role.RESIDENT)
    response = client.get(f"/evidence/statements/{bad}/")
    assert response.status_code == 404


def test_an_evidence_download_is_not_kept_by_the_browser(signed_in, local_store):
    client = signed_in(Role.POLICE_OFFICER)
    item = upload_bytes(actor=actor_of(client.user), data=clip()).item
    response = client.get(f"/evidence/items/{item.pk}/download/")
    assert response.status_code == 200
    assert_not_kept(response)
