"""From a resident's clip to a defence bundle, in the browser with axe on every page: an
officer opens the clip, asks Lantern for faces and number plates, accepts the two faces it
suggests and draws a box over the number plate with the mouse, makes the redacted copy (the
page shows its progress in a status region), drafts and confirms the disclosure schedules, and
downloads a bundle for the defence that holds the redacted copy, not the original, and checks.

The clip is made here from the portrait that ships with Matplotlib (its sample data), twice
over, so that the Haar cascades have two real faces to find; nothing is downloaded."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, actor_of
from lantern.core.actor import ANONYMOUS, SYSTEM, Role

pytestmark = pytest.mark.django_db(transaction=True)

W, H, RATE, FRAMES = 640, 360, 10, 20
PLATE = (250, 290, 120, 30)  # x, y, width, height of the number plate in the clip


def _doorstep_clip() -> bytes:
    """Two faces at a door (the sample portrait and its mirror image, drifting a little)
    above a white number plate, as an MP4."""
    import av
    import numpy as np
    from matplotlib import cbook
    from PIL import Image, ImageDraw

    with cbook.get_sample_data("grace_hopper.jpg") as sample:
        portrait = Image.open(sample).convert("RGB")
    face = portrait.resize((round(portrait.width * 160 / portrait.height), 160))
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=RATE)
        stream.width, stream.height, stream.pix_fmt = W, H, "yuv420p"
        for n in range(FRAMES):
            image = Image.new("RGB", (W, H), (90, 110, 90))
            image.paste(face, (40 + n, 60))
            image.paste(face.transpose(Image.Transpose.FLIP_LEFT_RIGHT), (380 - n, 70))
            x, y, w, h = PLATE
            draw = ImageDraw.Draw(image)
            draw.rectangle((x, y, x + w, y + h), fill=(245, 245, 245), outline=(0, 0, 0))
            draw.text((x + 12, y + 8), "LN26 XYZ", fill=(0, 0, 0))
            frame = av.VideoFrame.from_ndarray(np.asarray(image), format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return buffer.getvalue()


def _sign_in(page, user) -> None:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/two-factor/check/")
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Security code").fill(f"{code:06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/dashboard/")


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


def _on_a_case(officer, resident, data: bytes):
    """A resident's report with their doorbell clip (``data``), linked to the officer's case,
    the clip given exhibit reference RP/1; returns (case, item)."""
    from lantern.cases import services as case_services
    from lantern.cases.tests.conftest import LARKSPUR
    from lantern.core import clock
    from lantern.evidence import services as evidence_services
    from lantern.evidence.tests.factories import upload_bytes
    from lantern.reports import services as report_services
    from lantern.reports.services import ReportInput

    report = report_services.report_create(
        actor=actor_of(resident),
        data=ReportInput(
            category_code="kerb-crawling",
            latitude=LARKSPUR[0],
            longitude=LARKSPUR[1],
            occurred_from=clock.now(),
            description="Two people at my door, then a car waited outside.",
            address="Larkspur Row, Eastmere",
        ),
    ).report
    case = case_services.case_open(
        actor=actor_of(officer),
        data=case_services.CaseInput(kind="place", title="Callers on Larkspur Row"),
    )
    case_services.case_link_report(actor=actor_of(officer), case_id=case.pk, report_id=report.pk)
    token = evidence_services.upload_token_issue(
        actor=SYSTEM, link_kind="report", link_id=report.pk
    )
    item = upload_bytes(
        actor=ANONYMOUS, data=data, token=token, metadata={"filename": "door.mp4"}
    ).item
    evidence_services.exhibit_assign(
        actor=actor_of(officer), case_id=case.pk, item_id=item.pk, initials="RP"
    )
    return case, item


@pytest.fixture
def clip_on_a_case(media, make_user):
    officer = make_user(Role.POLICE_OFFICER)
    resident = make_user(Role.RESIDENT)
    return (officer, *_on_a_case(officer, resident, _doorstep_clip()))


def _draw(page, box: tuple[int, int, int, int], *, width: int = W) -> None:
    """Press at the box's top left corner on the picture (``width`` pixels wide) and drag to
    its bottom right."""
    layer = page.locator(".lantern-redaction-canvas__layer")
    layer.scroll_into_view_if_needed()
    bounds = layer.bounding_box()
    scale = bounds["width"] / width
    x, y, w, h = box
    page.mouse.move(bounds["x"] + x * scale, bounds["y"] + y * scale)
    page.mouse.down()
    page.mouse.move(bounds["x"] + (x + w / 2) * scale, bounds["y"] + (y + h / 2) * scale)
    page.mouse.move(bounds["x"] + (x + w) * scale, bounds["y"] + (y + h) * scale)
    page.mouse.up()


def test_an_officer_redacts_a_clip_schedules_it_and_downloads_a_defence_bundle(
    page, axe, clip_on_a_case, settings, tmp_path
):
    from django.urls import reverse

    from lantern.disclosure.models import Line
    from lantern.evidence.bundles.verify import verify
    from lantern.evidence.redaction.models import Redaction
    from lantern.evidence.redaction.render import redaction_render

    officer, case, item = clip_on_a_case
    original_sha = item.blob.sha256
    _sign_in(page, officer)

    # The resident's clip, and a redaction of it.
    page.goto(reverse("evidence:item", args=[item.pk]))
    axe(page)
    page.get_by_role("link", name="Redact this item").click()
    page.get_by_role("heading", name="Redact this video", level=1).wait_for()
    axe(page)
    page.get_by_label("Why are you redacting this item?").fill(
        "Bystanders' faces and a car's number plate, for the defence"
    )
    page.get_by_label("Blur").check()
    page.get_by_role("button", name="Start the redaction").click()
    page.get_by_role("heading", name="Redaction", level=1).wait_for()
    axe(page)

    # Lantern suggests the two faces; the officer accepts both.
    page.get_by_role("button", name="Look for faces and number plates").click()
    faces = page.locator("li.lantern-redaction-suggestion", has_text="a face")
    faces.first.wait_for()
    assert faces.count() == 2
    for _ in range(2):
        faces.first.get_by_role("button", name=re.compile(r"^Accept suggestion")).click()
        page.get_by_text("The suggestion was accepted: it is now a box").wait_for()
    assert faces.count() == 0
    axe(page)

    # The plate: drawn with the mouse; the drawing fills in the form, which adds the box.
    page.get_by_text("you can draw a box on the picture").wait_for()
    _draw(page, PLATE)
    status = page.locator("[data-redaction-draw-status]")
    assert re.match(
        r"Box drawn: \d+ by \d+ pixels at x \d+, y \d+ from 0\.00 seconds",
        (status.text_content() or ""),
    )
    drawn = [
        int(page.get_by_label(label, exact=True).input_value())
        for label in ("Left edge (x)", "Top edge (y)", "Width", "Height")
    ]
    assert all(abs(a - b) <= 3 for a, b in zip(drawn, PLATE, strict=True)), drawn
    assert page.get_by_label("From (seconds)").first.input_value() == "0.00"
    axe(page)
    page.get_by_label("A number plate").check()
    page.locator("[data-redaction-box-form]").get_by_label("To (seconds)").fill("2")
    page.get_by_role("button", name="Add the box").click()
    page.get_by_text("The box was added").wait_for()
    redaction = Redaction.objects.get(item=item)
    plate = redaction.regions.get(label="plate")
    assert plate.keyframes == [[0.0, *drawn]] and plate.end == 2.0
    assert redaction.regions.filter(label="face").count() == 2

    # The copy is made in the background while the page shows how far it has got.
    page.get_by_role("link", name="Check the redaction and make the copy").click()
    page.get_by_role("heading", name="Check the redaction before the copy is made").wait_for()
    axe(page)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    # The test server shares one database connection with this test: while the copy is made
    # here (the worker's part), the page's questions about progress fail on the way (it asks
    # again), and none reaches the server.
    page.route("**/progress/", lambda route: route.abort())
    page.get_by_role("button", name="Make the redacted copy").click()
    progress = page.get_by_role("status").filter(has_text="Making the redacted copy")
    progress.wait_for()
    assert "0% done" in (progress.text_content() or "")
    axe(page)
    assert redaction_render(actor=SYSTEM, redaction_id=redaction.pk) is not None
    page.unroute("**/progress/")
    page.get_by_role("status").filter(has_text="The redacted copy is made.").wait_for()
    assert page.locator("[data-redaction-bar]").evaluate("bar => bar.value") == 100
    page.get_by_role("link", name="Show the redacted copy").click()
    page.get_by_role("heading", name="Redacted copy made").wait_for()
    axe(page)
    redaction.refresh_from_db()
    copy = redaction.result
    assert copy.parent_id == item.pk and copy.derived_purpose == "redacted"
    assert copy.blob.sha256 != original_sha
    item.refresh_from_db()
    assert item.blob.sha256 == original_sha

    # Disclosure: the schedules drafted from the record, the clip's line confirmed.
    page.goto(reverse("disclosure:case", args=[case.pk]))
    axe(page)
    page.get_by_role("button", name="Draft the schedules from the record").click()
    page.get_by_text(re.compile(r"Schedules drafted from the record: \d+ new lines")).wait_for()
    axe(page)
    line = Line.objects.get(case_id=case.pk, exhibit_reference="RP/1")
    page.locator(f'a[href$="/lines/{line.pk}/"]').click()
    page.get_by_role("heading", name="Change a schedule line").wait_for()
    axe(page)
    page.get_by_role("button", name="Save and confirm").click()
    page.get_by_text("Line confirmed").wait_for()
    line.refresh_from_db()
    assert line.is_confirmed and line.schedule == "mg12"

    # The defence bundle: the redacted copy in place of the original, and it checks.
    page.goto(reverse("evidence:case-bundles", args=[case.pk]))
    axe(page)
    page.get_by_role("radio", name="Defence").check()
    page.get_by_role("button", name="Make the bundle").click()
    page.get_by_text(re.compile("The bundle for the defence is ready")).wait_for()
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Download")).click()
    saved = Path(tmp_path / "defence.zip")
    download.value.save_as(saved)
    verdict = verify(str(saved))
    assert verdict.ok, verdict
    with zipfile.ZipFile(saved) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
    hashes = {entry["sha256"] for entry in manifest["files"]}
    assert copy.blob.sha256 in hashes and original_sha not in hashes


def test_the_drawing_and_the_box_form_say_the_same(page, axe, media, make_user):
    """The form is the way in with a keyboard: its numbers are outlined on the picture as
    they are typed. A drawing of where the box has moved to fills in the end position and
    time; the numbers stay while the officer moves to another frame; the keyboard sends."""
    from django.urls import reverse

    from lantern.evidence.redaction import services
    from lantern.evidence.synthetic import clip_mp4

    officer = make_user(Role.POLICE_OFFICER)
    _, item = _on_a_case(officer, make_user(Role.RESIDENT), clip_mp4(seconds=3))
    redaction = services.redaction_create(
        actor=actor_of(officer), item_id=item.pk, reason="A passer-by", style="solid"
    )
    _sign_in(page, officer)
    page.goto(reverse("evidence:redaction", args=[redaction.pk]) + "?at=0.5")
    page.get_by_role("heading", name="Frame at 0.50 seconds").wait_for()
    layer = page.locator(".lantern-redaction-canvas__layer")
    assert layer.get_attribute("aria-hidden") == "true"

    # Typed: outlined as the numbers arrive.
    for label, value in (("Left edge (x)", "40"), ("Top edge (y)", "30"), ("Width", "60")):
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Height", exact=True).focus()
    page.keyboard.type("50")
    start = layer.locator("rect").first
    assert [start.get_attribute(a) for a in ("x", "y", "width", "height", "visibility")] == [
        "40",
        "30",
        "60",
        "50",
        "visible",
    ]
    page.locator("[data-redaction-box-form]").get_by_label("From (seconds)").fill("0.5")
    axe(page)

    # Drawn: where the box has moved to by this frame (a second keyframe).
    page.get_by_label("Where the box has moved to by this frame").check()
    _draw(page, (200, 100, 80, 70), width=320)
    assert page.get_by_text("Box drawn as where the box moves to").is_visible()
    ends = [
        int(page.get_by_label(label, exact=True).input_value())
        for label in (
            "Left edge at the end time (x)",
            "Top edge at the end time (y)",
            "Width at the end time",
            "Height at the end time",
        )
    ]
    assert all(abs(a - b) <= 2 for a, b in zip(ends, (200, 100, 80, 70), strict=True)), ends
    assert page.locator("[data-redaction-moves]").get_attribute("open") is not None
    assert page.locator("[data-redaction-box-form]").get_by_label("To (seconds)").input_value() == (
        "0.50"
    )

    # Another frame: a new page, the numbers kept; the end time changed there.
    page.get_by_role("link", name="One second later").click()
    page.get_by_role("heading", name="Frame at 1.50 seconds").wait_for()
    assert page.get_by_label("Left edge (x)", exact=True).input_value() == "40"
    assert page.get_by_label("Left edge at the end time (x)").input_value() == str(ends[0])
    page.locator("[data-redaction-box-form]").get_by_label("To (seconds)").fill("1.5")
    page.get_by_label("Something else").check()
    page.get_by_role("button", name="Add the box").focus()
    page.keyboard.press("Enter")
    page.get_by_text("The box was added").wait_for()
    region = redaction.regions.get()
    assert region.keyframes == [[0.5, 40, 30, 60, 50], [1.5, *ends]] and region.label == "other"
    # Sent: the numbers are not offered again.
    assert page.get_by_label("Left edge (x)", exact=True).input_value() == ""
    axe(page)
