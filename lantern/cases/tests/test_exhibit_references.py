"""The evidence app's exhibit references page for a case: it finds the case through the case
directory this app registers (lantern.core.directory), lists the evidence on the case and on
its reports, and gives references unique within the case, with clear errors."""

from __future__ import annotations

import html
import uuid

import pytest
from django.urls import reverse
from django.utils.timezone import localtime

from lantern.core.actor import ANONYMOUS, SYSTEM, Role
from lantern.evidence import services as evidence_services
from lantern.evidence.models import EvidenceLink, Exhibit
from lantern.evidence.tests.factories import clip, upload_bytes

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def on_report(settings, tmp_path, linked_report):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    token = evidence_services.upload_token_issue(
        actor=SYSTEM, link_kind="report", link_id=linked_report.pk
    )
    return [
        upload_bytes(actor=ANONYMOUS, data=clip(), token=token, metadata={"filename": name}).item
        for name in ("doorbell-1.mp4", "doorbell-2.mp4")
    ]


def test_officer_gives_references_unique_within_the_case(signed_in, case, on_report, make_report):
    # Files about another report, not linked to the case.
    other_report = evidence_services.upload_token_issue(
        actor=SYSTEM, link_kind="report", link_id=make_report().pk
    )
    elsewhere = upload_bytes(
        actor=ANONYMOUS, data=clip(), token=other_report, metadata={"filename": "other.mp4"}
    )
    officer = signed_in(Role.POLICE_OFFICER)
    url = reverse("evidence:case-exhibits", args=[case.pk])
    page = officer.get(url).content.decode()
    assert case.reference in page and "doorbell-1.mp4" in page and "doorbell-2.mp4" in page
    assert "other.mp4" not in page and str(elsewhere.item_id) not in page

    first, second = on_report
    done = officer.post(url, {"item": str(first.pk), "initials": "rp", "number": ""})
    assert done.status_code == 302
    page = officer.get(url).content.decode()
    assert "The item is now exhibit RP/1" in page and "RP/1" in page

    # A reference already used in the case: refused, with the reason, and nothing given.
    taken = officer.post(url, {"item": str(second.pk), "initials": "RP", "number": "1"})
    body = taken.content.decode()
    assert taken.status_code == 200
    assert "govuk-error-summary" in body and "RP/1 is already used in this case" in body
    assert not Exhibit.objects.filter(item=second).exists()
    # An item that already has its reference is no longer offered.
    again = officer.post(url, {"item": str(first.pk), "initials": "RP", "number": "5"})
    assert "Choose one of this case's items that has no reference yet" in text(again)
    bad = officer.post(url, {"item": str(second.pk), "initials": "R2D2", "number": "x"})
    assert "Enter the producer's initials" in text(bad)
    assert "Enter the number as digits" in text(bad)
    officer.post(url, {"item": str(second.pk), "initials": "RP", "number": "4"})
    assert dict(Exhibit.objects.values_list("item_id", "reference")) == {
        first.pk: "RP/1",
        second.pk: "RP/4",
    }
    # Given a reference, the item is attached to the case itself too.
    assert EvidenceLink.objects.filter(item=first, kind="case", target_id=case.pk).exists()
    # The case page lists them with their reference, kind and day received, each linking
    # to the item's page by its id (issue 20: the officer sees the file's name there too,
    # as on the item's own page).
    case_page = text(officer.get(reverse("cases:case", args=[case.pk])))
    received = localtime(first.created_at).strftime("%-d %B %Y")
    assert "RP/1" in case_page and "RP/4" in case_page
    assert "Video" in case_page and received in case_page
    assert f'href="/evidence/items/{first.pk}/"' in case_page
    assert "evidence item" not in case_page and "doorbell-1.mp4" in case_page


def test_unknown_cases_and_residents_get_nothing(signed_in, case, on_report):
    officer = signed_in(Role.POLICE_OFFICER)
    assert officer.get(reverse("evidence:case-exhibits", args=[uuid.uuid4()])).status_code == 404
    resident = signed_in(Role.RESIDENT)
    assert resident.get(reverse("evidence:case-exhibits", args=[case.pk])).status_code == 403
