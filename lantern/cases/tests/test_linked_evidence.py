"""Footage and statements reach the officer: the case page, the staff report page (triage)
and the resident's own report page list the evidence items and statements linked to them,
through the evidence app's selectors (``linked_to``), each read an access event."""

from __future__ import annotations

import html
import json

import pytest
from django.urls import reverse
from django.utils.timezone import localtime

from conftest import actor_of
from lantern.audit.models import AuditEvent
from lantern.core.actor import ANONYMOUS, SYSTEM, Role
from lantern.evidence import services as evidence_services
from lantern.evidence import statements
from lantern.evidence.tests.factories import clip, upload_bytes
from lantern.evidence.tests.test_playback import recording

pytestmark = pytest.mark.django_db

PDF_WITH_SCRIPT = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction 2 0 R >> endobj\n"
    b"2 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


def text(response) -> str:
    return html.unescape(response.content.decode())


def day(value) -> str:
    return localtime(value).strftime("%-d %B %Y")


@pytest.fixture
def stored(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    settings.LANTERN_UPLOAD_DIR = str(tmp_path / "uploads")


def _hand_over(resident, report, name: str, data: bytes | None = None):
    """The resident uploads a file about their report, as the upload page does."""
    meta = {"filename": name, "link_kind": "report", "link_id": str(report.pk)}
    return upload_bytes(actor=resident, data=data or clip(), metadata=meta).item


def _statement(resident, report, name="Ada Thornbury"):
    return statements.statement_start(
        actor=resident, witness_name=name, link_kind="report", link_id=report.pk
    )


def test_the_case_page_lists_its_reports_files_and_statements(
    signed_in, case, linked_report, resident, make_report, stored
):
    footage = _hand_over(resident, linked_report, "doorbell 27 Nov.mp4")
    letter = _hand_over(resident, linked_report, "letter.pdf", PDF_WITH_SCRIPT)
    statement = _statement(resident, linked_report)
    elsewhere = make_report()
    _hand_over(resident, elsewhere, "not-this-case.mp4")
    officer = signed_in(Role.POLICE_OFFICER)
    page = text(officer.get(reverse("cases:case", args=[case.pk])))
    assert "Evidence and statements" in page
    assert "doorbell 27 Nov.mp4" in page and "letter.pdf" in page
    assert "not-this-case.mp4" not in page
    assert reverse("evidence:item", args=[footage.pk]) in page
    assert reverse("evidence:statement", args=[statement.pk]) in page
    assert "Statement of Ada Thornbury" in page and "Draft, not signed yet" in page
    assert day(footage.created_at) in page  # "7 December 2026"
    sha = footage.blob.sha256
    assert f"{sha[:12]}…" in page and sha in page  # short to the eye, whole to copy
    assert f"Report {linked_report.reference}" in page  # which report each came with
    assert "JavaScript in the PDF" in page  # what the checks flagged on the letter
    assert "The content checks flagged this file" in page
    assert letter.flags.exists()
    access = AuditEvent.objects.filter(
        kind=AuditEvent.Kind.ACCESS, object_type="report", object_id=str(linked_report.pk)
    )
    purposes = [json.loads(e.details)["purpose"] for e in access]
    assert purposes.count("linked_evidence") == 1


def test_the_case_page_shows_the_exhibit_reference(
    signed_in, case, linked_report, resident, officer, stored
):
    footage = _hand_over(resident, linked_report, "doorbell.mp4")
    evidence_services.exhibit_assign(
        actor=officer, case_id=case.pk, item_id=footage.pk, initials="RP"
    )
    page = text(signed_in(Role.POLICE_OFFICER).get(reverse("cases:case", args=[case.pk])))
    assert "RP/1" in page
    assert page.count("doorbell.mp4") == 1  # linked to the report and the case: listed once


def test_the_case_page_says_when_nothing_is_linked(signed_in, case):
    page = text(signed_in(Role.POLICE_OFFICER).get(reverse("cases:case", args=[case.pk])))
    assert "No evidence or statements are linked to the case or its reports yet." in page


def test_the_staff_report_page_lists_what_was_handed_over(signed_in, resident, make_report, stored):
    report = make_report()
    footage = _hand_over(resident, report, "hallway.mp4")
    token = evidence_services.upload_token_issue(
        actor=SYSTEM, link_kind="report", link_id=report.pk
    )
    anonymous = upload_bytes(
        actor=ANONYMOUS, data=clip(), token=token, metadata={"filename": "sent-later.mp4"}
    ).item
    statement = _statement(resident, report)
    officer = signed_in(Role.POLICE_OFFICER)
    page = text(officer.get(reverse("reports:triage-detail", args=[report.pk])))
    assert "Evidence and statements" in page
    assert "hallway.mp4" in page and "sent-later.mp4" in page
    assert reverse("evidence:item", args=[footage.pk]) in page
    assert reverse("evidence:item", args=[anonymous.pk]) in page
    assert reverse("evidence:statement", args=[statement.pk]) in page
    assert f"{footage.blob.sha256[:12]}…" in page


def test_the_staff_report_page_of_another_partnership_is_not_found(
    make_user, far, resident, make_report, stored, client
):
    report = make_report()
    _hand_over(resident, report, "hallway.mp4")
    stranger = make_user(Role.POLICE_OFFICER, "far_police")
    client.force_login(stranger)
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=stranger).persistent_id
    session.save()
    assert client.get(reverse("reports:triage-detail", args=[report.pk])).status_code == 404
    from lantern.evidence import selectors

    assert not selectors.linked_to(actor=actor_of(stranger), kind="report", ids=[report.pk])


def test_the_resident_sees_what_they_handed_over_in_full(client, make_user, stored):
    from lantern.reports.tests.factories import make_report

    user = make_user(Role.RESIDENT)
    resident = actor_of(user)
    report = make_report(resident).report
    footage = _hand_over(resident, report, "doorbell.mp4")
    statement = _statement(resident, report)
    # Someone else's file on the same report (through its upload link): not theirs to see.
    token = evidence_services.upload_token_issue(
        actor=SYSTEM, link_kind="report", link_id=report.pk
    )
    upload_bytes(actor=ANONYMOUS, data=clip(), token=token, metadata={"filename": "other.mp4"})
    client.force_login(user)
    page = text(client.get(reverse("reports:mine-detail", args=[report.reference])))
    assert "What you handed over" in page
    assert "doorbell.mp4" in page and "other.mp4" not in page
    assert footage.blob.sha256 in page and f"{footage.blob.sha256[:12]}…" not in page
    assert "fingerprint is worked out from every byte" in page
    assert day(footage.created_at) in page
    assert reverse("evidence:statement", args=[statement.pk]) in page
    assert "Your statement" in page
    assert reverse("evidence:item", args=[footage.pk]) not in page  # staff's page, not theirs
    # Another resident cannot open this report at all.
    client.force_login(make_user(Role.RESIDENT))
    assert client.get(reverse("reports:mine-detail", args=[report.reference])).status_code == 404


def test_the_resident_page_says_when_nothing_was_handed_over(client, make_user):
    from lantern.reports.tests.factories import make_report

    user = make_user(Role.RESIDENT)
    report = make_report(actor_of(user)).report
    client.force_login(user)
    page = text(client.get(reverse("reports:mine-detail", args=[report.reference])))
    assert "You have not handed over any files or statements about this report." in page


def test_the_case_page_of_another_partnership_is_not_found(
    far, make_user, case, linked_report, resident, stored, client
):
    _hand_over(resident, linked_report, "doorbell.mp4")
    stranger = make_user(Role.POLICE_OFFICER, "far_police")
    client.force_login(stranger)
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=stranger).persistent_id
    session.save()
    assert client.get(reverse("cases:case", args=[case.pk])).status_code == 404
    from lantern.evidence import selectors

    linked = selectors.linked_to_any(
        actor=actor_of(stranger), targets={"case": [case.pk], "report": [linked_report.pk]}
    )
    assert not linked


def test_the_case_and_report_pages_play_the_footage(
    signed_in, case, linked_report, resident, stored, django_capture_on_commit_callbacks
):
    """The officer watches the footage where they read about it: the playable copy, made in
    the background, plays on the case page and the staff report page; the resident's own
    page lists the file but has no player (playback is for staff, as downloads are)."""
    with django_capture_on_commit_callbacks(execute=True):  # the copy is made at once
        footage = _hand_over(resident, linked_report, "doorbell.webm", recording())
    play = reverse("evidence:item-play", args=[footage.pk])
    officer = signed_in(Role.POLICE_OFFICER)
    for url in (
        reverse("cases:case", args=[case.pk]),
        reverse("reports:triage-detail", args=[linked_report.pk]),
    ):
        page = text(officer.get(url))
        assert '<video class="lantern-player__video"' in page and f'src="{play}"' in page
    assert officer.get(play, HTTP_RANGE="bytes=0-9").status_code == 206


def test_a_video_still_being_copied_says_so_on_the_case_page(
    signed_in, case, linked_report, resident, stored
):
    _hand_over(resident, linked_report, "doorbell.webm", recording())  # no task has run
    page = text(signed_in(Role.POLICE_OFFICER).get(reverse("cases:case", args=[case.pk])))
    assert "A playable copy is being made: refresh in a minute." in page
    assert "<video" not in page
