"""A resident's own rights (issue 23 part 4): download their data, correct their contact
details, close their account. Built through the real services of every app that holds a
resident's records (reports, evidence, places), as the pages call them."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from conftest import PASSWORD, actor_of, client_for
from lantern.accounts.models import User
from lantern.audit.models import AuditEvent
from lantern.core.actor import Role
from lantern.evidence import statements
from lantern.evidence.models import LinkKind, Statement
from lantern.evidence.services import upload_token_issue
from lantern.evidence.tests.factories import clip, upload_bytes
from lantern.places.models import Camera, FootageRequest
from lantern.places.tests.factories import make_camera, make_request
from lantern.reports.models import Report
from lantern.reports.services import report_link_case
from lantern.reports.tests.factories import make_report

BODY = "At about 21:30 I saw a silver car stop outside number 4 Larkspur Row."


@pytest.fixture
def store(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    settings.LANTERN_UPLOAD_DIR = str(tmp_path / "uploads")
    return tmp_path


@pytest.fixture
def resident_with_records(make_user, store):
    """A resident with two reports (one in a case), a file, a signed statement and a draft,
    a camera footage was asked for (the request still open) and one never asked."""
    from conftest import fake_case

    user = make_user(Role.RESIDENT)
    actor = actor_of(user)
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    first = make_report(actor, contact=Report.Contact.PHONE, contact_phone="07700 900 982").report
    second = make_report(
        actor, contact=Report.Contact.EMAIL, contact_email="me@example.test"
    ).report
    report_link_case(actor=officer, report_id=first.pk, case_id=fake_case())
    data = clip(3000)
    token = upload_token_issue(actor=actor, link_kind=LinkKind.REPORT, link_id=first.pk)
    upload = upload_bytes(actor=actor, data=data, token=token, metadata={"filename": "door.mp4"})
    signed = statements.statement_start(
        actor=actor, witness_name="Ada Thornbury", link_kind="report", link_id=first.pk
    )
    statements.statement_update(
        actor=actor, statement_id=signed.pk, body=BODY, no_dates_to_avoid=True
    )
    statements.statement_sign(
        actor=actor, statement_id=signed.pk, typed_name="Ada Thornbury",
        secret=PASSWORD, declaration_accepted=True,
    )  # fmt: skip
    draft = statements.statement_start(
        actor=actor, witness_name="Ada Thornbury", link_kind="report", link_id=second.pk
    )
    asked = make_camera(actor, label="Front doorbell", contact_phone="")
    make_camera(actor, label="Garden camera")
    request = make_request(officer, asked, report_id=first.pk)
    return {
        "user": user,
        "actor": actor,
        "reports": (first, second),
        "sha256": hashlib.sha256(data).hexdigest(),
        "upload": upload,
        "signed": signed,
        "draft": draft,
        "request": request,
    }


# --- download -----------------------------------------------------------------------------


def test_the_download_holds_every_part_with_each_files_hash(resident_with_records):
    r = resident_with_records
    client = client_for(r["user"])
    response = client.get(reverse("accounts:own-data-download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "no-store" in response["Cache-Control"]
    document = json.loads(response.content)
    sections = document["sections"]
    assert sections["account"]["records"][0]["email"] == r["user"].email
    assert sorted(x["reference"] for x in sections["reports"]["records"]) == sorted(
        report.reference for report in r["reports"]
    )
    (upload,) = sections["uploads"]["records"]
    assert upload["sha256"] == r["sha256"]
    assert upload["about"] == [{"kind": "report", "reference": r["reports"][0].reference}]
    signed = next(s for s in sections["statements"]["records"] if s["status"] == "Signed")
    assert signed["sha256_of_signed_text"] == Statement.objects.get(pk=r["signed"].pk).sha256
    assert BODY in signed["text"]
    assert {c["label"] for c in sections["cameras"]["records"]} == {
        "Front doorbell",
        "Garden camera",
    }
    (request,) = sections["footage_requests"]["records"]
    assert request["status"] == "Sent" and request["asked_by"] == "Test Constabulary"


def test_the_page_shows_the_same_and_both_reads_are_audited_without_personal_data(
    resident_with_records,
):
    r = resident_with_records
    client = client_for(r["user"])
    page = client.get(reverse("accounts:own-data"))
    assert page.status_code == 200
    html = page.content.decode()
    assert r["sha256"] in html and r["reports"][0].reference in html
    assert "Front doorbell" in html and "Witness statements you made" in html
    client.get(reverse("accounts:own-data-download"))
    events = AuditEvent.objects.filter(action="user.own_data_downloaded").order_by("seq")
    assert [json.loads(e.details)["format"] for e in events] == ["page", "json"]
    details = "".join(e.details for e in events)
    assert r["user"].email not in details and "Ada" not in details
    assert json.loads(events[0].details)["counts"]["uploads"] == 1


@pytest.mark.parametrize(
    "role", [Role.POLICE_OFFICER, Role.SUPERVISOR, Role.ADMIN, Role.DATA_PROTECTION_OFFICER]
)
def test_staff_cannot_use_the_residents_pages(signed_in, resident_with_records, role):
    client = signed_in(role)
    for name in ("own-data", "own-data-download", "own-details", "own-close"):
        assert client.get(reverse(f"accounts:{name}")).status_code == 403


def test_another_resident_downloads_only_their_own(make_user, resident_with_records):
    r = resident_with_records
    other = make_user(Role.RESIDENT)
    document = json.loads(client_for(other).get(reverse("accounts:own-data-download")).content)
    assert document["account_id"] == str(other.pk)
    sections = document["sections"]
    assert sections["account"]["records"][0]["email"] == other.email
    for key in ("reports", "uploads", "statements", "cameras", "footage_requests"):
        assert sections[key]["records"] == [], key
    assert r["sha256"] not in json.dumps(document)


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("accounts:own-data-download"))
    assert response.status_code == 302 and "sign-in" in response["Location"]


# --- correcting contact details ----------------------------------------------------------


def test_name_and_phone_change_at_once_and_the_email_only_when_confirmed(
    make_user, client, django_capture_on_commit_callbacks
):
    user = make_user(Role.RESIDENT)
    client_for(user, client)
    old_email = user.email
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:own-details"),
            {
                "display_name": "Ada Thornbury",
                "email": "ada.new@example.test",
                "phone": "01632 960 001",
            },
        )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.phone) == ("Ada Thornbury", "01632 960 001")
    assert user.email == old_email and user.pending_email == "ada.new@example.test"
    (message,) = mail.outbox
    assert message.to == ["ada.new@example.test"]
    link = re.search(r"https?://\S+", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert "ada.new" not in path  # no address in the URL
    confirmed = client.get("/" + path)
    assert confirmed.status_code == 302
    user.refresh_from_db()
    assert (user.email, user.pending_email) == ("ada.new@example.test", "")
    assert client.get("/" + path).status_code == 400  # a link works once
    event = AuditEvent.objects.get(action="user.details_corrected")
    assert json.loads(event.details) == {"changed": ["display_name", "pending_email", "phone"]}
    assert AuditEvent.objects.filter(action="user.email_changed", object_id=str(user.pk)).exists()


def test_bad_details_are_refused_with_clear_errors(make_user, client):
    user = make_user(Role.RESIDENT)
    client_for(user, client)
    response = client.post(
        reverse("accounts:own-details"),
        {"display_name": " ", "email": "not an address", "phone": "call me maybe"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter your name" in html
    assert "Enter an email address in the correct format" in html
    assert "Enter a phone number, like 01632 960 001" in html
    user.refresh_from_db()
    assert (
        user.phone == "" and not AuditEvent.objects.filter(action="user.details_corrected").exists()
    )


def test_a_new_address_taken_meanwhile_is_not_confirmed(make_user):
    from lantern.accounts.services.own_account import own_details_set, own_email_confirm
    from lantern.accounts.tokens import email_change_tokens

    user = make_user(Role.RESIDENT)
    other = make_user(Role.RESIDENT)
    own_details_set(actor=actor_of(user), display_name="Ada", email="shared@example.test", phone="")
    user.refresh_from_db()
    token = email_change_tokens.make_token(user)
    User.objects.filter(pk=other.pk).update(email="shared@example.test")
    assert own_email_confirm(user_id=user.pk, token=token) is False
    user.refresh_from_db()
    assert user.email != "shared@example.test"


# --- closing the account -----------------------------------------------------------------


def _counts(summary: list[dict]) -> dict[str, tuple[int, bool]]:
    return {o["key"]: (o["count"], o["kept"]) for o in summary}


def test_the_resident_is_told_before_and_after_what_is_kept_and_why(resident_with_records):
    r = resident_with_records
    client = client_for(r["user"])
    before = client.get(reverse("accounts:own-close"))
    assert before.status_code == 200
    html = before.content.decode()
    assert "Reports you made that are part of a case (1)" in html
    assert "Witness statements you signed (1)" in html
    assert "Criminal Justice Act 1967 s.9" in html
    refused = client.post(reverse("accounts:own-close"), {})
    assert refused.status_code == 422
    assert "Confirm that you want to close your account" in refused.content.decode()
    assert User.objects.get(pk=r["user"].pk).closed_at is None

    response = client.post(reverse("accounts:own-close"), {"confirm": "on"})
    assert response.status_code == 302
    after = client.get(response["Location"])
    text = after.content.decode()
    assert "Your account is closed" in text
    assert "Witness statements you signed (1)" in text
    assert "Witness statements you started but did not sign (1)" in text
    assert "Cameras you registered (1)" in text  # the one never asked: deleted
    assert client.get(reverse("accounts:own-data")).status_code == 302  # signed out


def test_closing_removes_contact_details_and_keeps_what_casework_needs(
    resident_with_records, client
):
    from lantern.accounts.services.own_account import account_close

    r = resident_with_records
    user, actor = r["user"], r["actor"]
    email = user.email
    summary = account_close(actor=actor)
    counts = _counts(summary)
    assert counts["reports_in_casework"] == (1, True)
    assert counts["reports"] == (1, True)
    assert counts["uploads"] == (1, True)
    assert counts["signed_statements"] == (1, True)
    assert counts["draft_statements"] == (1, False)
    assert counts["cameras"] == (1, False)
    assert counts["cameras_with_requests"] == (1, True)
    assert counts["contact_details"] == (1, False)

    user.refresh_from_db()
    assert user.display_name == "Closed account" and user.phone == ""
    assert email not in user.email and user.email.endswith("@closed.invalid")
    assert not user.is_active and not user.has_usable_password()
    assert not user.check_password(PASSWORD)
    assert not User.objects.filter(email__iexact=email).exists()
    for report in Report.objects.filter(pk__in=[x.pk for x in r["reports"]]):
        assert (report.contact_email, report.contact_phone, report.contact) == ("", "", "none")
    signed = Statement.objects.get(pk=r["signed"].pk)
    assert signed.is_signed and signed.signed_name == "Ada Thornbury"  # kept as evidence
    assert not Statement.objects.filter(pk=r["draft"].pk).exists()
    camera = Camera.objects.get(owner=user)
    assert not camera.active and camera.contact_phone == ""
    request = FootageRequest.objects.get(pk=r["request"].pk)
    assert request.status == FootageRequest.Status.DECLINED

    event = AuditEvent.objects.get(action="user.account_closed")
    details = event.details
    assert json.loads(details)["kept"]["signed_statements"] == 1
    assert email not in details and "Ada" not in details and "07700" not in details

    # Closing again is a no-op: the same answer, no new event.
    events = AuditEvent.objects.count()
    assert account_close(actor=actor) == summary
    assert AuditEvent.objects.count() == events


def test_the_audit_chain_still_verifies_after_closing(resident_with_records):
    from lantern.accounts.services.own_account import account_close
    from lantern.audit.verify import verify_chain

    account_close(actor=resident_with_records["actor"])
    assert verify_chain().ok


def test_the_page_reads_in_the_same_number_of_queries_however_many_reports(make_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = make_user(Role.RESIDENT)
    client = client_for(user)
    make_report(actor_of(user))
    client.get(reverse("accounts:own-data"))  # warm: sessions, categories
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("accounts:own-data")).status_code == 200
    for _ in range(4):
        make_report(actor_of(user))
    with CaptureQueriesContext(connection) as five:
        assert client.get(reverse("accounts:own-data")).status_code == 200
    assert len(five) == len(one)


def test_saving_again_sends_the_link_again_and_the_old_address_cancels_it(
    make_user, django_capture_on_commit_callbacks
):
    from lantern.accounts.services.own_account import own_details_set

    user = make_user(Role.RESIDENT)
    actor, old = actor_of(user), user.email
    with django_capture_on_commit_callbacks(execute=True):
        first = own_details_set(actor=actor, display_name="Ada", email="new@example.test", phone="")
        again = own_details_set(actor=actor, display_name="Ada", email="new@example.test", phone="")
    assert first.email_pending and again.email_pending and again.changed == ()
    assert [m.to for m in mail.outbox] == [["new@example.test"], ["new@example.test"]]
    kept = own_details_set(actor=actor, display_name="Ada", email=old, phone="")
    assert kept.changed == ("pending_email",) and not kept.email_pending
    user.refresh_from_db()
    assert (user.email, user.pending_email) == (old, "")
