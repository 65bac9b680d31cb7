"""The whole story in the browser (issue 20), as each person lives it: a resident on a phone
reports kerb crawling with a partial number plate and a street found by its name, hands over
a video with JavaScript (Uppy and tus) and without it (a plain file input), and gives a signed
statement from the report; an officer on a desktop links the report to her case, plays the
video there and picks the statement as evidence for a Community Protection Warning; the
supervisor previews the warning; the safeguarding lead is told a review waits and sees the
woman's name; the support worker sees what she agreed to share; a council officer logs a
joint patrol; the resident is emailed the officer's update. axe checks every page reached and
no browser console shows an error."""

from __future__ import annotations

import base64
import re
from datetime import date, timedelta
from io import StringIO

import pytest
from django.urls import reverse
from django.utils.timezone import localtime
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, actor_of, fill_date
from lantern.cases import services as cases
from lantern.core import clock
from lantern.core.actor import Role
from lantern.evidence.models import PLAYABLE, EvidenceItem
from lantern.evidence.synthetic import clip_mp4
from lantern.places import demo_streets
from lantern.reports.models import Report

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
RESIDENT_NAME = "Ada Thornbury"
WOMAN = "Maren Testhollis"
DRIVER = "Dorran Kestwick"
CASE_TITLE = "Foxglove Street: kerb crawling"
STREET = "Foxglove Street, Eastmere, EM1 4FS"
UPDATE = "Thank you: officers are patrolling Foxglove Street in the evenings."


@pytest.fixture
def live_server(request):
    """The live server, answering one request at a time. The test database is SQLite in
    memory, whose one connection the server's threads share: two requests at once (the two
    posters of the case page's players, each an access event) would interleave their
    transactions on it and fork the audit chain. A file or PostgreSQL database gives each
    request its own connection, as in production; here the requests take turns."""
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler
    from pytest_django.live_server_helper import LiveServer

    class OneAtATime(LiveServerThread):
        def _create_server(self, connections_override=None):
            return WSGIServer(
                (self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False
            )

    server = LiveServer("localhost", start=False)
    plain = server.thread
    server.thread = OneAtATime(
        plain.host,
        static_handler=plain.static_handler,
        connections_override=plain.connections_override,
        port=plain.port,
    )
    server.thread.daemon = True
    server.start()
    yield server
    server.stop()


# A blank 1x1 PNG: what the map tile server, out of the test's reach, is made to answer.
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


class Consoles:
    """Collects every console error and uncaught exception of every page watched. Requests
    to other hosts (the map's tile server) get a blank tile: the sandbox cannot reach them,
    and their failures are not the pages' errors."""

    def __init__(self, base_url: str) -> None:
        self.errors: list[str] = []
        self.base_url = base_url.rstrip("/") + "/"

    def _elsewhere(self, route) -> None:
        if route.request.url.startswith(self.base_url):
            route.fallback()
        else:
            route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)

    def watch(self, page):
        page.route("**/*", self._elsewhere)
        page.on(
            "console",
            lambda msg: (
                self.errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None
            ),
        )
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
        return page


@pytest.fixture
def consoles(live_server) -> Consoles:
    return Consoles(live_server.url)


@pytest.fixture
def staff_browser(browser, live_server, consoles):
    """A new desktop browser (its own cookies) for each member of staff."""
    contexts = []

    def open_one():
        context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=DESKTOP)
        contexts.append(context)
        return consoles.watch(context.new_page())

    yield open_one
    for context in contexts:
        context.close()


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.LANTERN_UPLOAD_DIR = str(tmp_path / "uploads")
    return tmp_path


@pytest.fixture
def people(make_user, orgs):
    return {
        "resident": make_user(Role.RESIDENT),
        "officer": make_user(Role.POLICE_OFFICER),
        "supervisor": make_user(Role.SUPERVISOR),
        "lead": make_user(Role.SAFEGUARDING_LEAD),
        "worker": make_user(Role.SUPPORT_WORKER, "charity"),
        "council": make_user(Role.COUNCIL_OFFICER, "council"),
    }


@pytest.fixture
def case(people, orgs):
    """The officer's case about the woman seen getting into the cars, with the council (where
    the safeguarding lead works) as its partner."""
    officer = actor_of(people["officer"])
    case = cases.case_open(actor=officer, data=cases.CaseInput(kind="person", title=CASE_TITLE))
    cases.case_update(actor=officer, case_id=case.pk, partner_ids=[orgs["council"].pk])
    cases.person_link(
        actor=officer,
        case_id=case.pk,
        role="potential_victim_of_exploitation",
        data=cases.PersonInput(
            given_name="Maren", family_name="Testhollis", date_of_birth=date(1994, 5, 6)
        ),
    )
    cases.person_link(  # the driver the residents' footage shows: the warning is to him
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=cases.PersonInput(
            given_name="Dorran", family_name="Kestwick", date_of_birth=date(1979, 2, 11)
        ),
    )
    return case


@pytest.fixture
def patrol_plan(make_user, tmp_path):
    """A police patrol plan, published to officers of the partnership."""
    from lantern.analytics.tests.test_patrols_impact import import_small
    from lantern.analytics.tests.test_scope import _published_plan

    import_small(tmp_path)
    return _published_plan(make_user)


def _continue(page) -> None:
    page.get_by_role("button", name="Continue").click()


def _sign_in(page, axe, user, *, two_factor: bool = True) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if two_factor:
        page.wait_for_url("**/two-factor/check/")
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        page.get_by_label("Security code").fill(f"{code:06d}")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url("**/dashboard/")
    else:
        page.wait_for_url(lambda url: "/sign-in/" not in url)
    axe(page)


def _report(page, axe, resident) -> Report:
    """Step 1: the resident, signed in on a phone, reports kerb crawling on a street found by
    its name, with the part of the number plate she saw."""
    page.goto("/reports/new/")
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url("**/new/what/")
    axe(page)
    page.get_by_label("Kerb crawling").check()
    _continue(page)
    page.wait_for_url("**/new/where/")
    page.get_by_label("Search for a street, postcode or place").fill("foxglove")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("button", name=STREET).click()
    assert page.get_by_text(f"Pin set on {STREET}.").is_visible()
    axe(page)
    _continue(page)
    page.wait_for_url("**/new/when/")
    day = localtime(clock.now() - timedelta(days=1))
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_label("What time did it start?").fill("10:15pm")
    axe(page)
    _continue(page)
    page.wait_for_url("**/new/description/")
    page.get_by_label("Tell us what happened").fill(
        "A silver car slowed beside a young woman twice; she got in the second time."
    )
    _continue(page)
    page.wait_for_url("**/new/people-and-vehicles/")
    # A partial plate ("AB12 C") is what residents usually see: it is accepted, marked partial.
    page.get_by_label("Registration numbers of vehicles involved (optional)").fill("AB12 C")
    axe(page)
    _continue(page)
    page.wait_for_url("**/new/more-questions/")
    for radio in page.get_by_role("radio", name="Yes").all():
        radio.check()
    _continue(page)
    page.wait_for_url("**/new/evidence/")
    _continue(page)
    page.wait_for_url("**/new/contact/")
    page.get_by_label("By email").check()
    page.get_by_label("Email address").fill(resident.email)
    axe(page)
    _continue(page)
    page.wait_for_url("**/new/check/")
    assert page.get_by_text(re.compile(r"AB12 ?C\b")).first.is_visible()
    assert page.get_by_text(STREET).first.is_visible()
    axe(page)
    page.get_by_role("button", name="Send report").click()
    page.wait_for_url("**/new/sent/")
    axe(page)
    report = Report.objects.get()
    assert report.address == STREET and report.contact_email == resident.email
    plates = report.vehicles.values_list("registration", flat=True)
    assert [plate.replace(" ", "") for plate in plates] == ["AB12C"]
    return report


def _upload_with_javascript(page, axe) -> None:
    """Step 2a: from the confirmation page, a doorbell clip through Uppy and tus."""
    page.get_by_role("link", name="Add files to this report").click()
    page.get_by_role("heading", name="Add files to your report", level=1).wait_for()
    axe(page)
    page.get_by_label("Doorbell camera").check()
    page.locator("input.uppy-Dashboard-input").first.set_input_files(
        {"name": "doorbell.mp4", "mimeType": "video/mp4", "buffer": clip_mp4(seconds=3, seed=2)}
    )
    page.get_by_role("button", name="Upload 1 file").click()
    page.get_by_role("heading", name="Your files have been received").wait_for(timeout=30_000)
    axe(page)


def _upload_without_javascript(browser, page, axe, live_server, report) -> None:
    """Step 2b: the same resident, JavaScript off: a plain file input."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        viewport=PHONE,
        java_script_enabled=False,
        storage_state=page.context.storage_state(),
    )
    try:
        plain = context.new_page()
        plain.goto(reverse("evidence:report-upload", args=[report.reference]))
        plain.get_by_role("heading", name="Add files to your report", level=1).wait_for()
        plain.get_by_label("Phone").check()
        plain.get_by_label("Choose a file").set_input_files(
            {"name": "phone.mp4", "mimeType": "video/mp4", "buffer": clip_mp4(seconds=2, seed=4)}
        )
        plain.get_by_role("button", name="Upload the file").click()
        plain.get_by_text("phone.mp4 has been received").wait_for()
    finally:
        context.close()
    # axe needs a script: the page is checked with JavaScript on, where Uppy takes over.
    assert set(EvidenceItem.objects.filter(parent=None).values_list("filename", flat=True)) == {
        "doorbell.mp4",
        "phone.mp4",
    }


def _statement(page, axe, report) -> None:
    """Step 3: from her report's page, a statement about it, signed."""
    page.goto(reverse("reports:mine-detail", args=[report.reference]))
    axe(page)
    page.get_by_role("link", name="Give a statement about this report").click()
    axe(page)
    about = page.get_by_role("group", name="What is this about?")
    if about.count():
        about.get_by_label(report.reference).check()
    page.get_by_label("What is your full name?").fill(RESIDENT_NAME)
    _continue(page)
    page.get_by_role("heading", name="Your statement", level=1).wait_for()
    axe(page)
    page.get_by_role("group", name="Are you under 18?").get_by_label("No").check()
    page.get_by_label("Your statement").fill(
        "At about 22:15 yesterday I saw a silver car, registration beginning AB12 C, stop twice"
        " on Foxglove Street beside a young woman. The second time she got in."
    )
    page.get_by_role("group", name="Would you be willing").get_by_label("Yes").check()
    page.get_by_label("There are no dates I need to avoid").check()
    page.get_by_role("group", name="May we share").get_by_label("No").check()
    page.get_by_role("button", name="Save and check your statement").click()
    page.get_by_role("heading", name="Check and sign your statement", level=1).wait_for()
    axe(page)
    page.get_by_label("I make the declaration above").check()
    page.get_by_label("Type your full name to sign").fill(RESIDENT_NAME)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Sign statement").click()
    page.get_by_role("heading", name=f"Witness statement of {RESIDENT_NAME}", level=1).wait_for()
    axe(page)


def _officer_plays_and_drafts(officer, axe, report, case) -> str:
    """Step 4: the officer links the report to her case, plays the video there, screens the
    woman (a concern) and drafts a warning with the statement as evidence; she also tells
    the resident what is being done. Returns the warning's page."""
    officer.goto(reverse("reports:triage-detail", args=[report.pk]))
    officer.get_by_role("heading", name="Evidence and statements").wait_for()
    axe(officer)
    officer.get_by_label("A public update: the person who reported it will see it").check()
    officer.get_by_label("Text").fill(UPDATE)
    officer.get_by_role("button", name="Add", exact=True).click()
    assert officer.get_by_text("Public update added").is_visible()
    axe(officer)

    officer.get_by_role("link", name="Cases").first.click()
    officer.locator("tr", has_text=CASE_TITLE).get_by_role("link").first.click()
    officer.wait_for_url(f"**/cases/{case.pk}/")
    axe(officer)
    officer.get_by_label("Report reference").fill(report.reference)
    officer.get_by_role("button", name="Link report").click()
    officer.get_by_text("The report was linked to the case.").wait_for()
    assert officer.get_by_role("cell", name=report.reference, exact=True).is_visible()
    axe(officer)
    case_url = officer.url

    # The playable copies were made in the background as the uploads completed.
    assert EvidenceItem.objects.filter(derived_purpose=PLAYABLE).count() == 2
    video = officer.get_by_role("region", name=re.compile("doorbell.mp4")).locator("video")
    if not video.count():
        video = officer.locator("video").first
    video.wait_for()
    video.scroll_into_view_if_needed()
    officer.wait_for_function("v => v.readyState >= 1", arg=video.element_handle(), timeout=15_000)
    assert video.evaluate("v => v.error") is None
    assert video.evaluate("v => v.duration") > 1
    axe(officer)

    # The woman is screened: indicators of control, a concern for the safeguarding lead.
    officer.get_by_role("link", name=WOMAN).first.click()
    officer.get_by_role("link", name="Open the safeguarding record").click()
    officer.wait_for_url("**/safeguarding/people/*/")
    officer.get_by_role("link", name="Record a screening").click()
    axe(officer)
    fill_date(officer, "Date of the contact", localtime(clock.now()).date())
    officer.get_by_label("Where and how the contact happened").fill(
        "Foxglove Street, late evening; got into a car that stopped twice"
    )
    officer.get_by_label("Isolated, or under the control or influence of others").check()
    officer.get_by_label("18 or over").check()
    officer.get_by_label("Concern", exact=True).check()
    officer.get_by_role("button", name="Record screening").click()
    assert officer.get_by_text("Screening recorded").is_visible()
    axe(officer)

    officer.goto(case_url)
    officer.get_by_role("link", name="Community Protection Warning").first.click()
    officer.wait_for_url("**/actions/new/**")
    axe(officer)
    officer.get_by_label("Addressed to").select_option(label=DRIVER)
    officer.get_by_label("Kind of conduct").select_option("noise")
    officer.get_by_label("The conduct").fill(
        "Kerb crawling: driving slowly on Foxglove Street at night, stopping to solicit."
    )
    officer.get_by_label("Its detrimental effect").fill("Residents are harassed by the cars.")
    officer.get_by_label("Why it is persistent or continuing").fill("Three nights in a month.")
    officer.get_by_label("Why it is unreasonable").fill("Residents are stopped and propositioned.")
    evidence = officer.get_by_role("group", name="Evidence")
    evidence.get_by_label(re.compile(f"statement.*{RESIDENT_NAME}", re.I)).check()
    officer.get_by_label("Requirement 1: kind").select_option("stop")
    officer.get_by_label("Requirement 1: what").fill(
        "Stop stopping your car to speak to women on Foxglove Street"
    )
    officer.get_by_label("Days given to comply").fill("14")
    officer.get_by_role("button", name="Save draft").click()
    officer.wait_for_url("**/cases/actions/*/")
    assert officer.get_by_text("A supervisor must approve it").is_visible()
    axe(officer)
    return officer.url


def test_the_story(
    page, browser, live_server, axe, consoles, staff_browser, upload_dir, people, case,
    patrol_plan, settings, mailoutbox,
):  # fmt: skip
    settings.LANTERN_NOTIFICATIONS_BACKEND = "smtp"
    demo_streets.seed(out=StringIO())
    resident = people["resident"]

    # The resident, on her phone.
    consoles.watch(page)
    page.set_viewport_size(PHONE)
    _sign_in(page, axe, resident, two_factor=False)
    report = _report(page, axe, resident)
    _upload_with_javascript(page, axe)
    _upload_without_javascript(browser, page, axe, live_server, report)
    _statement(page, axe, report)

    # The officer, at her desk.
    officer = staff_browser()
    _sign_in(officer, axe, people["officer"])
    warning_url = _officer_plays_and_drafts(officer, axe, report, case)

    # Step 5: the supervisor previews the warning before approving it.
    supervisor = staff_browser()
    _sign_in(supervisor, axe, people["supervisor"])
    assert supervisor.get_by_role("heading", name="Waiting for you").is_visible()
    supervisor.goto(warning_url)
    axe(supervisor)
    supervisor.get_by_role("link", name="Preview the document before it is approved").click()
    supervisor.get_by_role("link", name=re.compile(r"Open the draft .*PDF")).wait_for()
    axe(supervisor)

    # Step 6: the safeguarding lead is told a review waits, and sees the woman's name.
    lead = staff_browser()
    _sign_in(lead, axe, people["lead"])
    waiting = lead.get_by_role("list", name="Waiting for you")
    waiting.get_by_role("link", name=re.compile("Safeguarding review needed")).click()
    lead.get_by_role("heading", name="Screening", level=1).wait_for()
    assert lead.get_by_role("definition").filter(has_text=WOMAN).is_visible()
    assert not re.search(r"Person [0-9a-f]{8}", lead.locator("main").inner_text())
    axe(lead)
    # She records the woman's consent and refers her to the outreach charity.
    lead.get_by_role("link", name="Back to the person's safeguarding record").click()
    lead.wait_for_url("**/safeguarding/people/*/")
    person_url = lead.url
    lead.get_by_role("link", name="Record consent").click()
    axe(lead)
    lead.get_by_label("Referral to a support agency").check()
    lead.get_by_label("Yes", exact=True).check()
    lead.get_by_label("What was explained").fill("Who the outreach team are and what they hear")
    fill_date(lead, "Date it was explained", localtime(clock.now()).date())
    lead.get_by_role("button", name="Record consent").click()
    lead.wait_for_url(person_url)
    lead.get_by_role("link", name="Make a referral").click()
    lead.get_by_label("Support agency", exact=True).check()
    lead.get_by_label("Partner support agency").select_option(label="Test Outreach")
    lead.get_by_label("Kind of support").select_option(label="Outreach charity")
    lead.get_by_label("Why you are referring").fill("Indicators of control; wants support")
    lead.get_by_label("Their name", exact=True).check()
    lead.get_by_label("Their name, if they agreed").fill("Maren")
    lead.get_by_label("Where to find them", exact=True).check()
    lead.get_by_label("Where to find them, if they agreed").fill("Tuesday drop-in")
    axe(lead)
    lead.get_by_role("button", name="Continue").click()
    axe(lead)
    lead.get_by_role("button", name="Send referral").click()
    assert lead.get_by_text("Referral sent to Test Outreach").is_visible()

    # Step 7: the support worker is told of the referral and sees what she agreed to share.
    worker = staff_browser()
    _sign_in(worker, axe, people["worker"])
    worker.get_by_role("list", name="Waiting for you").get_by_role(
        "link", name=re.compile("Referral received")
    ).click()
    worker.wait_for_url("**/safeguarding/agency/referrals/**")
    shared = [text.strip() for text in worker.get_by_role("definition").all_inner_texts()]
    assert "Maren" in shared and "Tuesday drop-in" in shared
    assert WOMAN not in worker.content()  # her full name was not shared
    assert worker.get_by_text("Tuesday drop-in").is_visible()
    assert worker.get_by_text("Not shared: the person did not consent").first.is_visible()
    axe(worker)

    # Step 8: a council officer logs a patrol on the police's published plan.
    council = staff_browser()
    _sign_in(council, axe, people["council"])
    council.get_by_role("link", name="Patrols").first.click()
    council.get_by_role("link", name=patrol_plan.title).click()
    axe(council)
    council.get_by_role("link", name="Log a patrol for patrol 1").click()
    axe(council)
    fill_date(council, "Date of the patrol", localtime(clock.now()).date())
    council.get_by_label("Started").fill("19:35")
    council.get_by_label("Ended").fill("19:50")
    council.get_by_label("Notes").fill("Walked Foxglove Street with PCSO; quiet.")
    council.get_by_role("button", name="Log the patrol").click()
    assert council.get_by_text("Patrol logged.").is_visible()
    axe(council)

    # Step 9: the resident was emailed the officer's update.
    to_her = [m for m in mailoutbox if resident.email in m.to]
    subject = f"There is an update on your report {report.reference}"
    assert [m.subject for m in to_her if m.subject == subject] == [subject], [
        m.subject for m in to_her
    ]
    page.goto(reverse("reports:mine-detail", args=[report.reference]))
    assert page.get_by_text(UPDATE).is_visible()
    axe(page)

    assert not consoles.errors, consoles.errors
