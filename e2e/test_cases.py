"""Casework journeys with axe on every page: an officer links three reports about one
vehicle and sends the keeper letter; warns a person (approved by a supervisor, served, PDF);
is refused a notice before the warning's time has passed, and a notice for other conduct
than the warning's, then issues it for the same conduct; records a breach that leads to a
fixed penalty; is refused a prosecution for the same breach within 14 days; and records an
appeal with the day it was lodged, after which the notice's page shows which requirements
are suspended. A resident with three reports is told about the ASB Case Review and
applies."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, fill_date
from lantern.cases.models import Document
from lantern.core import clock
from lantern.core.actor import Role
from lantern.reports import services as report_services
from lantern.reports.services import ReportInput

pytestmark = pytest.mark.django_db(transaction=True)


def _code(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _sign_in(page, user, *, staff=True) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if staff:
        page.wait_for_url("**/two-factor/check/")
        page.get_by_label("Security code").fill(_code(user))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url("**/dashboard/")


def _report(actor, *, vehicles=(), category="kerb-crawling", days_ago=1):
    return report_services.report_create(
        actor=actor,
        data=ReportInput(
            category_code=category,
            latitude=51.5412,
            longitude=0.7183,
            occurred_from=clock.now() - timedelta(days=days_ago),
            description="A silver car drove slowly along the street and stopped twice.",
            address="Larkspur Row, Eastmere",
            vehicles=list(vehicles),
        ),
    ).report


def _step(page, axe, name) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()
    axe(page)


def _approve_and_serve(page, axe, supervisor_page, url) -> None:
    """The supervisor previews exactly what will be served, then approves, in their own
    browser; the officer serves."""
    supervisor_page.goto(url)
    axe(supervisor_page)
    supervisor_page.get_by_role("link", name="Preview the document before it is approved").click()
    supervisor_page.wait_for_load_state()
    axe(supervisor_page)
    assert supervisor_page.get_by_text("This is a draft. It has not been served.").is_visible()
    supervisor_page.goto(url)
    _step(supervisor_page, axe, "Approve")
    assert supervisor_page.get_by_text("Approved").first.is_visible()
    page.goto(url)
    page.get_by_label("How it was served").select_option("hand")
    # Serving has legal weight: the answers are checked on their own page (no JavaScript),
    # whose button is the only write.
    _step(page, axe, "Continue to check")
    assert page.get_by_role("heading", name=re.compile(r"^Check before you")).is_visible()
    assert page.get_by_text("Handed to the person").is_visible()
    page.get_by_role("button", name=re.compile(r"^(Issue|Serve|Send|Record)")).click()
    page.wait_for_load_state()
    axe(page)
    assert page.get_by_text("SHA-256").first.is_visible()


def _download(page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).first.click()
    return open(info.value.path(), "rb").read()


def _fill_conduct(page, kind: str = "doorstep") -> None:
    page.get_by_label("Kind of conduct").select_option(kind)
    page.get_by_label("The conduct").fill("Knocking on doors on Larkspur Row late at night.")
    page.get_by_label("Its detrimental effect").fill("Residents cannot sleep and feel unsafe.")
    page.get_by_label("Why it is persistent or continuing").fill("Three nights in two weeks.")
    page.get_by_label("Why it is unreasonable").fill("There is no reason to knock at 2am.")
    page.get_by_role("checkbox").first.check()
    page.get_by_label("Requirement 1: kind").select_option("stop")
    page.get_by_label("Requirement 1: what").fill("Stop knocking on doors on Larkspur Row")


def test_officer_journey_from_keeper_letter_to_fpn(page, axe, make_user, orgs, live_server):
    officer_user = make_user(Role.POLICE_OFFICER)
    supervisor_user = make_user(Role.SUPERVISOR)
    resident = make_user(Role.RESIDENT)
    from conftest import actor_of

    reports = [_report(actor_of(resident), vehicles=["AB12 CDE"], days_ago=d) for d in (9, 5, 2)]
    nuisance = _report(actor_of(resident), category="groups-gathering", days_ago=3)
    start = clock.now()

    boss_context = page.context.browser.new_context(base_url=live_server.url, locale="en-GB")
    boss = boss_context.new_page()
    _sign_in(boss, supervisor_user)
    _sign_in(page, officer_user)
    axe(page)
    page.get_by_role("link", name="Cases").first.click()
    axe(page)
    page.get_by_role("button", name="Open a case").click()
    axe(page)
    page.get_by_label("Person-centred ASB case").check()
    page.get_by_label("Title").fill("Larkspur Row: night-time nuisance and kerb crawling")
    page.get_by_role("button", name="Open the case").click()
    page.wait_for_url("**/cases/*/")
    axe(page)
    case_url = page.url
    for report in [*reports, nuisance]:
        page.get_by_label("Report reference").fill(report.reference.lower().replace("-", " "))
        page.get_by_role("button", name="Link report").click()
        page.wait_for_load_state()
    assert page.get_by_text("AB12 CDE").first.is_visible()
    axe(page)

    # The vehicle's page (its URL holds the vehicle's id, never the registration) lists the
    # three sightings.
    page.get_by_role("link", name="AB12 CDE", exact=True).click()
    page.wait_for_url("**/cases/vehicles/*/")
    assert "AB12" not in page.url
    axe(page)
    assert page.get_by_text("Larkspur Row, Eastmere").count() >= 3
    page.goto(case_url)

    # The registered keeper, from the DVLA's answer, for the letter.
    page.get_by_role("link", name="Record keeper of AB12 CDE").click()
    axe(page)
    page.get_by_label("Registered keeper's name").fill("Ellis Testkeeper")
    page.get_by_label("Registered keeper's address").fill("9 Test Close, Eastmere")
    page.get_by_role("button", name="Save the keeper").click()
    page.wait_for_url(case_url)

    # Keeper letter: drafted, approved, sent, PDF.
    page.get_by_role("link", name="Letter to a registered keeper").click()
    axe(page)
    # A fixed template: the vehicle and the sighting, and nothing an officer writes.
    assert page.get_by_label("Extra paragraph").count() == 0
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url("**/cases/actions/*/")
    axe(page)
    letter_url = page.url
    _approve_and_serve(page, axe, boss, letter_url)
    assert _download(page, "Download").startswith(b"%PDF")

    # A person, then a CPW: approved by a supervisor, served, PDF.
    page.goto(case_url)
    page.get_by_role("link", name="Add a person").click()
    axe(page)
    page.get_by_label("Role in the case").select_option("perpetrator")
    page.get_by_label("Given name").fill("Corin")
    page.get_by_label("Family name").fill("Testwright")
    fill_date(page, "Date of birth", "1990-03-04")
    page.get_by_role("button", name="Add person").click()
    page.wait_for_url(case_url)
    page.locator('a[href$="?kind=cpw"]').first.click()  # the task list or the list below
    axe(page)
    page.get_by_label("Addressed to").select_option(label="Corin Testwright")
    _fill_conduct(page)
    page.get_by_label("Days given to comply").fill("14")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url("**/cases/actions/*/")
    _approve_and_serve(page, axe, boss, page.url)
    pdf = _download(page, "Download")
    assert pdf.startswith(b"%PDF")
    assert Document.objects.filter(sha256__isnull=False).count() == 2

    # A CPN before the time to comply has passed is refused, with the rule's message.
    page.goto(case_url)
    page.locator('a[href$="?kind=cpn"]').first.click()
    page.get_by_label("Addressed to").select_option(label="Corin Testwright")
    _fill_conduct(page)
    page.get_by_role("button", name="Save draft").click()
    assert page.get_by_text("needs an earlier written warning").first.is_visible()
    assert page.get_by_text("CPN_REQUIRES_PRIOR_WARNING").is_visible()
    axe(page)

    with time_machine.travel(start + timedelta(days=15), tick=True):
        # Days pass: sessions (8 hours) have ended, so both sign in again.
        _sign_in(boss, supervisor_user)
        _sign_in(page, officer_user)
        page.goto(case_url)
        page.locator('a[href$="?kind=cpn"]').first.click()
        page.get_by_label("Addressed to").select_option(label="Corin Testwright")
        page.get_by_label("The warning it follows").select_option(index=1)
        # A notice about other conduct than the warning's is refused by the rule.
        _fill_conduct(page, "noise")
        page.get_by_role("button", name="Save draft").click()
        assert page.get_by_text("must be about the same conduct").first.is_visible()
        assert page.get_by_text("CPN_WARNING_SAME_CONDUCT").is_visible()
        axe(page)
        page.get_by_label("Kind of conduct").select_option("doorstep")
        page.get_by_role("button", name="Save draft").click()
        page.wait_for_url("**/cases/actions/*/")
        cpn_url = page.url
        assert page.get_by_text("Follows the warning").is_visible()
        _approve_and_serve(page, axe, boss, cpn_url)
        assert _download(page, "Download").startswith(b"%PDF")

    with time_machine.travel(start + timedelta(days=18), tick=True):
        # Days pass: sessions (8 hours) have ended, so both sign in again.
        _sign_in(boss, supervisor_user)
        _sign_in(page, officer_user)
        page.goto(cpn_url)
        fill_date(page, "Date of the breach", clock.now().date())
        page.get_by_label("What happened").fill("Seen knocking on doors at 2am.")
        page.get_by_role("checkbox").first.check()
        page.get_by_role("button", name="Record the breach").click()
        page.wait_for_load_state()
        axe(page)
        page.get_by_role("link", name="Issue a fixed penalty for this breach").click()
        axe(page)
        page.get_by_label("Amount in pounds").fill("100")
        page.get_by_role("button", name="Save draft").click()
        page.wait_for_url("**/cases/actions/*/")
        _approve_and_serve(page, axe, boss, page.url)
        assert _download(page, "Download").startswith(b"%PDF")

    with time_machine.travel(start + timedelta(days=25), tick=True):
        # Days pass: sessions (8 hours) have ended, so both sign in again.
        _sign_in(boss, supervisor_user)
        _sign_in(page, officer_user)
        page.goto(cpn_url)
        page.get_by_role("link", name="Refer this breach for prosecution").click()
        page.get_by_role("button", name="Save draft").click()
        assert page.get_by_text("No proceedings may be taken for a breach").first.is_visible()
        axe(page)

        # The person appealed on day 24 (within 21 days of the notice); the officer records
        # it a day later with the date it was lodged, and the page shows what it suspends.
        page.goto(cpn_url)
        lodged = (start + timedelta(days=24)).date().isoformat()
        fill_date(page, "Date the appeal was lodged", lodged)
        _step(page, axe, "Record an appeal")
        assert page.get_by_text("Appealed").first.is_visible()
        assert page.get_by_text("In force during the appeal").first.is_visible()
    assert len(axe.checked) >= 20
    boss_context.close()


def test_resident_with_three_reports_applies_for_a_case_review(
    page, axe, make_user, orgs, live_server
):
    from conftest import actor_of

    resident = make_user(Role.RESIDENT)
    for days in (20, 10, 2):
        _report(actor_of(resident), category="noise", days_ago=days)
    _sign_in(page, resident, staff=False)
    page.goto("/")
    axe(page)
    assert page.get_by_role("heading", name="ASB Case Review").is_visible()
    page.get_by_role("link", name="Find out about the ASB Case Review and apply").click()
    axe(page)
    page.get_by_label("What would you like the review to look at?").fill(
        "The noise has gone on for weeks."
    )
    page.get_by_role("button", name="Apply for a review").click()
    page.wait_for_load_state()
    assert page.get_by_text("was received").is_visible()
    assert page.get_by_text("Decision on the threshold").is_visible()
    axe(page)

    # An officer decides the threshold, records the meeting and sends the outcome letter.
    officer_context = page.context.browser.new_context(base_url=live_server.url, locale="en-GB")
    officer = officer_context.new_page()
    _sign_in(officer, make_user(Role.COUNCIL_OFFICER))
    officer.goto("/cases/reviews/")
    axe(officer)
    officer.get_by_role("link", name=re.compile(r"^T-")).first.click()
    axe(officer)
    officer.get_by_label("Yes: hold a case review").check()
    _step(officer, axe, "Record the decision")
    fill_date(officer, "Date of the meeting", clock.now().date())
    officer.get_by_label("The panel's recommendations").fill("Joint night patrols for a month.")
    _step(officer, axe, "Record the meeting")
    officer.get_by_label("What happens next").fill("Patrols start on Monday.")
    _step(officer, axe, "Send the outcome letter")
    assert _download(officer, "Download the outcome letter (PDF)").startswith(b"%PDF")
    officer_context.close()

    # The resident sees where the application is and reads the letter.
    page.goto("/cases/review/")
    assert page.get_by_text("Outcome letter sent").is_visible()
    axe(page)
    assert _download(page, "Download the letter (PDF)").startswith(b"%PDF")


def test_supervisor_previews_the_document_before_approving_and_serving(
    page, axe, make_user, orgs, live_server
):
    """The supervisor reads what will be served (conduct, evidence by reference, the draft
    PDF and what would stop it) before approving; the officer previews before serving."""
    from conftest import actor_of
    from lantern.cases import services
    from lantern.cases.tests.conftest import cpw_input

    officer_user = make_user(Role.POLICE_OFFICER)
    officer = actor_of(officer_user)
    report = _report(actor_of(make_user(Role.RESIDENT)), category="groups-gathering")
    case = services.case_open(
        actor=officer, data=services.CaseInput(kind="person", title="Larkspur Row doors")
    )
    services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    person = services.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=services.PersonInput(given_name="Corin", family_name="Testwright", estimated_age=30),
    ).person
    cpw = services.action_draft(actor=officer, case_id=case.pk, data=cpw_input(person, report))

    _sign_in(page, make_user(Role.SUPERVISOR))
    page.goto(f"/cases/actions/{cpw.pk}/")
    axe(page)
    assert page.get_by_role("heading", name="What is being approved").is_visible()
    assert page.get_by_role("cell", name=report.reference).is_visible()
    page.get_by_role("link", name="Preview the document before it is approved").click()
    page.wait_for_url("**/preview/")
    axe(page)
    assert page.get_by_text("This is a draft. It has not been served.").is_visible()
    assert page.get_by_text(cpw.conduct).is_visible()
    link = page.get_by_role("link", name=re.compile(r"^Open the draft Community Protection"))
    draft = page.request.get(link.get_attribute("href"))
    assert draft.ok and draft.body().startswith(b"%PDF")
    assert "no-store" in draft.headers["cache-control"].split(", ")
    _step(page, axe, "Approve")
    assert page.get_by_text("Approved").first.is_visible()

    # The officer previews it again before serving, and records service from there.
    officer_context = page.context.browser.new_context(base_url=live_server.url, locale="en-GB")
    officer_page = officer_context.new_page()
    _sign_in(officer_page, officer_user)
    officer_page.goto(f"/cases/actions/{cpw.pk}/")
    officer_page.get_by_role("link", name="Preview the document before it is served").click()
    officer_page.wait_for_url("**/preview/")
    axe(officer_page)
    officer_page.get_by_label("How it was served").select_option("hand")
    _step(officer_page, axe, "Continue to check")  # serving is checked on a page of its own
    _step(officer_page, axe, "Issue the warning")
    assert officer_page.get_by_text("SHA-256").first.is_visible()
    officer_context.close()


def test_administrator_records_a_councils_details_and_its_policy(page, axe, make_user, orgs):
    _sign_in(page, make_user(Role.ADMIN))
    page.get_by_role("link", name="Organisations").first.click()
    page.wait_for_url("**/account/organisations/")
    axe(page)
    page.get_by_role("link", name="Test Borough Council").click()
    axe(page)
    page.get_by_role("link", name="Change the contact details").click()
    axe(page)
    page.get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Save the contact details").click()
    assert page.get_by_text("There is a problem").is_visible()
    axe(page)
    page.get_by_label("Email address").fill("asb@council.example.test")
    page.get_by_role("button", name="Save the contact details").click()
    page.wait_for_url("**/account/organisations/*/")
    page.get_by_role("link", name="Change the enforcement policy").click()
    axe(page)
    page.get_by_label("ASB Case Review: incidents reported").fill("2")
    page.get_by_role("button", name="Save the policy").click()
    page.wait_for_url("**/account/organisations/*/")
    assert page.get_by_text("2 incidents (set by the authority)").is_visible()
    axe(page)
