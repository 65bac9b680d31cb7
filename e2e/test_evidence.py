"""Evidence journeys in the browser, with axe on every page: an anonymous report with a map
pin, then from its confirmation page a clip whose upload breaks half-way and resumes, with the
receipt's SHA-256 matching the file; the same with the upload link alone; a witness statement
(MG11) signed and downloaded as a PDF; a camera owner answering a footage request."""

from __future__ import annotations

import hashlib

import pytest

from conftest import PASSWORD
from lantern.core.actor import SYSTEM, Role
from lantern.evidence import services
from lantern.evidence.models import EvidenceItem, Upload
from lantern.evidence.synthetic import clip_mp4

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.LANTERN_UPLOAD_DIR = str(tmp_path / "uploads")
    return tmp_path


@pytest.fixture
def report(orgs):
    """A report made through the real service, in the test partnership: files handed over
    with its upload link belong to its partnership."""
    from lantern.reports.tests.factories import make_report

    return make_report().report


def test_anonymous_video_upload_breaks_and_resumes(page, axe, upload_dir, report):
    token = services.upload_token_issue(actor=SYSTEM, link_kind="report", link_id=report.pk)
    video = clip_mp4(seconds=20, width=640, height=480)
    assert len(video) > 100_000
    broken = {"done": False, "sent": 0}

    def cut_first_patch(route, request):
        # The first PATCH loses its second half on the way: the server keeps what arrived,
        # answers with the offset it has, and the client carries on from there.
        if request.method == "PATCH" and not broken["done"]:
            body = request.post_data_buffer or b""
            broken["done"], broken["sent"] = True, len(body) // 2
            route.continue_(post_data=body[: len(body) // 2])
        else:
            route.continue_()

    page.route("**/uploads/**", cut_first_patch)
    page.goto(f"/evidence/upload/with-link/#token={token}")
    page.get_by_role("heading", name="Upload evidence", level=1).wait_for()
    axe(page)
    page.get_by_label("Doorbell camera").check()
    page.get_by_label("Yes").check()
    page.locator("input.uppy-Dashboard-input").first.set_input_files(
        {"name": "front-door.mp4", "mimeType": "video/mp4", "buffer": video}
    )
    page.get_by_role("button", name="Upload 1 file").click()
    page.get_by_role("heading", name="Your files have been received").wait_for(timeout=30_000)
    axe(page)
    assert broken["done"] and broken["sent"] > 0

    item = EvidenceItem.objects.get(parent=None)
    assert item.blob.sha256 == hashlib.sha256(video).hexdigest()
    assert item.filename == "front-door.mp4"  # Uppy's name, never "undefined"
    assert item.derivatives.filter(derived_purpose="poster frame").exists()  # for officers
    assert item.device_kind == "doorbell" and item.audio_recorded is True
    assert Upload.objects.get().status == Upload.Status.COMPLETE

    page.get_by_role("button", name="Get your receipt").click()
    page.get_by_role("heading", name="Your evidence receipt", level=1).wait_for()
    assert page.get_by_text(hashlib.sha256(video).hexdigest()).is_visible()
    axe(page)


def test_signed_mg11_with_its_pdf(page, axe, make_user):
    from conftest import actor_of
    from lantern.reports.tests.factories import make_report

    user = make_user(Role.RESIDENT)
    reference = make_report(actor_of(user)).report.reference  # the statement is about it
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    page.goto("/evidence/statements/new/")
    axe(page)
    page.get_by_role("group", name="What is this about?").get_by_label(reference).check()
    page.get_by_label("What is your full name?").fill("Ada Thornbury")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Your statement", level=1).wait_for()
    axe(page)
    page.get_by_role("group", name="Are you under 18?").get_by_label("No").check()
    page.get_by_label("Your statement").fill(
        "At about 21:30 on 1 November I saw a silver car stop outside number 4 Larkspur Row."
    )
    page.get_by_role("group", name="Would you be willing").get_by_label("Yes").check()
    page.get_by_label("There are no dates I need to avoid").check()
    page.get_by_role("group", name="May we share").get_by_label("No").check()
    page.get_by_role("button", name="Save and check your statement").click()

    page.get_by_role("heading", name="Check and sign your statement", level=1).wait_for()
    axe(page)
    assert page.get_by_text("I shall be liable to prosecution").is_visible()
    page.get_by_label("Type your full name to sign").fill("Ada Thornbury")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Sign statement").click()
    # Refused until the declaration is made: the rule's message is shown.
    page.locator(".govuk-error-summary").wait_for()
    axe(page)
    page.get_by_label("I make the declaration above").check()
    page.get_by_label("Type your full name to sign").fill("Ada Thornbury")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Sign statement").click()

    page.get_by_role("heading", name="Witness statement of Ada Thornbury", level=1).wait_for()
    axe(page)
    pdf_link = page.get_by_role("link", name="Download the statement (MG11, PDF)")
    response = page.request.get(pdf_link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")


def test_anonymous_reporter_adds_a_photo_to_the_report_just_made(
    page, axe, upload_dir, live_server, report
):
    from importlib import import_module

    from django.conf import settings
    from django.urls import reverse

    from lantern.evidence.models import EvidenceLink
    from lantern.evidence.synthetic import photo_jpeg
    from lantern.evidence.urls import REPORT_UPLOAD_NAME
    from lantern.evidence.views import LAST_REPORT_SESSION_KEY

    report_id, reference = report.pk, report.reference
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[LAST_REPORT_SESSION_KEY] = {"reference": reference, "id": str(report_id)}
    session.save()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )
    page.goto(reverse(f"evidence:{REPORT_UPLOAD_NAME}", args=[reference]))
    page.get_by_role("heading", name="Add files to your report", level=1).wait_for()
    axe(page)
    page.locator("input.uppy-Dashboard-input").first.set_input_files(
        {"name": "gate.jpg", "mimeType": "image/jpeg", "buffer": photo_jpeg()}
    )
    page.get_by_role("button", name="Upload 1 file").click()
    page.get_by_role("heading", name="Your files have been received").wait_for(timeout=30_000)
    axe(page)
    link = EvidenceLink.objects.get()
    assert (link.kind, link.target_id) == ("report", report_id)


def _hold_report(context, live_server, report) -> None:
    """The session of someone who has just made ``report`` (as the report journey leaves it)."""
    from importlib import import_module

    from django.conf import settings

    from lantern.evidence.views import LAST_REPORT_SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[LAST_REPORT_SESSION_KEY] = {"reference": report.reference, "id": str(report.pk)}
    session.save()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )


def test_upload_without_javascript(browser, page, axe, upload_dir, live_server, report, make_user):
    """JavaScript off: the page is a plain form with a file input; the file arrives through
    the same intake (type by content, SHA-256, custody, linked to the report). With
    JavaScript on, Uppy replaces the plain input."""
    from django.urls import reverse

    from lantern.evidence.models import EvidenceLink

    url = reverse("evidence:report-upload", args=[report.reference])
    video = clip_mp4(seconds=2, width=320, height=240)
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    try:
        plain = context.new_page()
        _hold_report(context, live_server, report)
        plain.goto(url)
        plain.get_by_role("heading", name="Add files to your report", level=1).wait_for()
        assert plain.locator("#lantern-plain-upload").is_visible()
        plain.get_by_role("button", name="Upload the file").click()  # nothing chosen yet
        plain.get_by_text("Select a file").first.wait_for()
        assert plain.locator(".govuk-error-summary").is_visible()
        plain.get_by_label("Doorbell camera").check()
        plain.get_by_label("Choose a file").set_input_files(
            {"name": "front-door.mp4", "mimeType": "video/mp4", "buffer": video}
        )
        plain.get_by_role("button", name="Upload the file").click()
        digest = hashlib.sha256(video).hexdigest()
        plain.get_by_text(
            f"front-door.mp4 has been received. Its SHA-256 fingerprint is {digest}"
        ).wait_for()
        item = EvidenceItem.objects.get(parent=None)
        assert item.filename == "front-door.mp4" and item.blob.sha256 == digest
        assert item.device_kind == "doorbell"
        link = EvidenceLink.objects.get(item=item)
        assert (link.kind, link.target_id) == ("report", report.pk)
    finally:
        context.close()
    # With JavaScript, the same page hands over to Uppy: the plain input is gone.
    _hold_report(page.context, live_server, report)
    page.goto(url)
    page.locator("input.uppy-Dashboard-input").first.wait_for(state="attached")
    assert page.locator("#lantern-plain-upload").is_hidden()
    axe(page)

    # The officer finds the file on the report's page, and opens it from there.
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    officer = make_user(Role.POLICE_OFFICER)
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/two-factor/check/")
    device = TOTPDevice.objects.get(user=officer, confirmed=True)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Security code").fill(f"{code:06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/dashboard/")
    page.goto(reverse("reports:triage-detail", args=[report.pk]))
    page.get_by_role("heading", name="Evidence and statements").wait_for()
    axe(page)
    page.get_by_text("Full SHA-256").click()
    assert page.locator("details code.lantern-hash").first.inner_text() == digest
    page.get_by_role("link", name="front-door.mp4").click()
    page.wait_for_url(f"**/evidence/items/{item.pk}/")


def test_the_upload_dashboard_keeps_its_contrast_when_a_file_waits_and_when_focused(
    page, axe, upload_dir, report
):
    """Uppy's bar buttons change colour when focused, and its upload button shows only once
    a file waits: axe checks those states too (Uppy moves the focus by itself, so the states
    a journey's checks meet vary from run to run)."""
    token = services.upload_token_issue(actor=SYSTEM, link_kind="report", link_id=report.pk)
    page.goto(f"/evidence/upload/with-link/#token={token}")
    page.locator(".uppy-Dashboard").wait_for()
    page.locator("input.uppy-Dashboard-input").first.set_input_files(
        {"name": "door.mp4", "mimeType": "video/mp4", "buffer": clip_mp4(seconds=1, seed=3)}
    )
    page.get_by_role("button", name="Upload 1 file").wait_for()
    axe(page)
    for button in (".uppy-DashboardContent-back", ".uppy-DashboardContent-addMore"):
        page.locator(button).focus()
        axe(page)


def test_camera_owner_answers_a_footage_request_with_an_upload(page, axe, make_user, upload_dir):
    from conftest import actor_of
    from lantern.places.models import FootageRequest
    from lantern.places.tests.factories import make_camera, make_request

    owner = make_user(Role.RESIDENT)
    officer = make_user(Role.POLICE_OFFICER)
    request = make_request(actor_of(officer), make_camera(actor_of(owner), label="Porch camera"))
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(owner.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    page.goto(f"/places/requests/{request.pk}/")
    page.get_by_role("heading", name="Request for footage", level=1).wait_for()
    page.locator(".uppy-Dashboard").wait_for()
    axe(page)
    video = clip_mp4(seconds=2, seed=5)
    page.locator("input.uppy-Dashboard-input").first.set_input_files(
        {"name": "porch.mp4", "mimeType": "video/mp4", "buffer": video}
    )
    page.get_by_role("button", name="Upload 1 file").click()
    page.get_by_role("status").filter(has_text="Upload complete").wait_for(timeout=30_000)
    axe(page)

    # The upload named the request (checked before any bytes were taken) and answered it.
    item = EvidenceItem.objects.get(parent=None)
    assert item.blob.sha256 == hashlib.sha256(video).hexdigest()
    assert item.filename == "porch.mp4"  # Uppy's name, never "undefined"
    assert item.links.get().kind == "footage_request"
    assert item.links.get().target_id == request.pk
    request.refresh_from_db()
    assert request.status == FootageRequest.Status.ANSWERED and request.item_count == 1


def test_anonymous_report_with_a_map_pin_then_a_clip_that_breaks_and_resumes(
    page, axe, upload_dir, orgs
):
    """The whole resident journey: an anonymous report with its pin set on the map (in the
    test partnership's area, ``orgs``), then, from the confirmation page, a doorbell clip
    whose upload breaks half-way and resumes."""
    from datetime import timedelta

    from django.utils.timezone import localtime

    from lantern.core import clock
    from lantern.evidence.models import EvidenceLink
    from lantern.reports.models import Report

    def next_page() -> None:
        page.get_by_role("button", name="Continue").click()

    page.goto("/reports/new/")
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url("**/new/what/")
    page.get_by_label("Drug litter").check()
    next_page()
    page.wait_for_url("**/new/where/")
    the_map = page.get_by_role("application", name="Map of where it happened")
    the_map.focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    assert page.get_by_text("Pin set at").is_visible()
    axe(page)
    next_page()
    page.wait_for_url("**/new/when/")
    day = localtime(clock.now() - timedelta(days=1))
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_label("What time did it start?").fill("9:40pm")
    next_page()
    page.wait_for_url("**/new/description/")
    page.get_by_label("Tell us what happened").fill("Needles left by the bus shelter again.")
    next_page()
    page.wait_for_url("**/new/people-and-vehicles/")
    next_page()
    while "/new/more-questions/" in page.url or "/new/evidence/" in page.url:
        for radio in page.get_by_role("radio", name="Yes").all():
            radio.check()
        next_page()
        page.wait_for_load_state()
    page.wait_for_url("**/new/contact/")
    page.get_by_label("Do not contact me: I want to stay anonymous").check()
    next_page()
    page.wait_for_url("**/new/check/")
    page.get_by_role("button", name="Send report").click()
    page.wait_for_url("**/new/sent/")
    report = Report.objects.get()
    assert report.anonymous

    broken = {"done": False, "sent": 0}

    def cut_first_patch(route, request):
        if request.method == "PATCH" and not broken["done"]:
            body = request.post_data_buffer or b""
            broken["done"], broken["sent"] = True, len(body) // 2
            route.continue_(post_data=body[: len(body) // 2])
        else:
            route.continue_()

    page.route("**/uploads/**", cut_first_patch)
    page.get_by_role("link", name="Add files to this report").click()
    page.get_by_role("heading", name="Add files to your report", level=1).wait_for()
    axe(page)
    page.get_by_label("Doorbell camera").check()
    video = clip_mp4(seconds=20, width=640, height=480, seed=2)
    page.locator("input.uppy-Dashboard-input").first.set_input_files(
        {"name": "doorbell.mp4", "mimeType": "video/mp4", "buffer": video}
    )
    page.get_by_role("button", name="Upload 1 file").click()
    page.get_by_role("heading", name="Your files have been received").wait_for(timeout=30_000)
    axe(page)
    assert broken["done"] and broken["sent"] > 0
    item = EvidenceItem.objects.get(parent=None)
    assert item.blob.sha256 == hashlib.sha256(video).hexdigest()
    assert EvidenceLink.objects.get(item=item).target_id == report.pk
    page.get_by_role("button", name="Get your receipt").click()
    page.get_by_role("heading", name="Your evidence receipt", level=1).wait_for()
    assert page.get_by_text(hashlib.sha256(video).hexdigest()).is_visible()
    axe(page)


def test_an_officer_plays_a_video_in_the_browser(page, axe, upload_dir, make_user, report):
    """The playable copy (H.264/AAC MP4, made in the background) plays in Chromium from the
    item's page: the player reads its metadata through Range requests."""
    from django.urls import reverse
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from conftest import actor_of
    from lantern.evidence.models import PLAYABLE
    from lantern.evidence.tests.factories import report_token, upload_bytes

    resident = actor_of(make_user(Role.RESIDENT))
    upload = upload_bytes(
        actor=resident,
        data=clip_mp4(seconds=3),
        token=report_token(report.pk),
        metadata={"filename": "front-door.mp4", "audio": "no"},
    )  # the background tasks run as the upload commits
    item = EvidenceItem.objects.get(pk=upload.item_id)
    assert item.derivatives.filter(derived_purpose=PLAYABLE).exists()

    officer = make_user(Role.POLICE_OFFICER)
    device = TOTPDevice.objects.get(user=officer, confirmed=True)
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(officer.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/two-factor/check/")
    page.get_by_label("Security code").fill(
        f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    )
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/dashboard/")

    ranges: list[str] = []
    page.on(
        "request",
        lambda r: ranges.append(r.headers.get("range", "")) if "/play/" in r.url else None,
    )
    page.goto(reverse("evidence:item", args=[item.pk]))
    video = page.locator("video.lantern-player__video")
    video.wait_for()
    page.wait_for_function(
        "() => document.querySelector('video.lantern-player__video').readyState >= 1",
        timeout=15_000,
    )
    assert video.evaluate("v => v.duration") > 2
    assert video.evaluate("v => v.error") is None
    assert ranges and ranges[0].startswith("bytes=0-")
    axe(page)
