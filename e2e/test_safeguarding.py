"""Safeguarding first, in the browser, with axe-core on every page: an officer records that a
woman on her case showed indicators of control; the drafting page of a Community Protection
Warning says up front that she waits for a safeguarding review, and saving the draft is
refused with the rule's message on "Addressed to" (issue 20: not later, when the supervisor
approves); a safeguarding lead records her consent, a referral to the outreach charity and a
review deciding that enforcement should not proceed (drafting is still refused, and the
officers see the decision, not its reasons); the support worker sees the referral and nothing else of the
case. Four people, each in their own browser."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils.timezone import localtime
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, actor_of, fill_date
from lantern.cases import services as cases
from lantern.core import clock
from lantern.core.actor import Role
from lantern.reports import services as reports

pytestmark = pytest.mark.django_db(transaction=True)

WOMAN = "Maren Testhollis"
CASE_TITLE = "Larkspur Row: night-time nuisance"
CONTEXT = "Larkspur Row, late evening; a man in a car answered her phone for her"
RATIONALE = "A victim of control: enforcement would push her away from support"
RULE_MESSAGE = "until a safeguarding lead has recorded a review"


def _sign_in(page, axe, user) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/two-factor/check/")
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Security code").fill(f"{code:06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/dashboard/")
    axe(page)


@pytest.fixture
def world(make_user, orgs):
    """The officer's case, with the council as its partner (where the safeguarding lead
    works): a resident's report and the woman it is about (no safeguarding record yet)."""
    users = {
        "officer": make_user(Role.POLICE_OFFICER),
        "supervisor": make_user(Role.SUPERVISOR),
        "lead": make_user(Role.SAFEGUARDING_LEAD),
        "worker": make_user(Role.SUPPORT_WORKER, "charity"),
    }
    officer = actor_of(users["officer"])
    case = cases.case_open(actor=officer, data=cases.CaseInput(kind="person", title=CASE_TITLE))
    cases.case_update(actor=officer, case_id=case.pk, partner_ids=[orgs["council"].pk])
    cases.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=cases.PersonInput(
            given_name="Maren", family_name="Testhollis", date_of_birth=date(1994, 5, 6)
        ),
    )
    report = reports.report_create(
        actor=actor_of(make_user(Role.RESIDENT)),
        data=reports.ReportInput(
            category_code="kerb-crawling",
            latitude=51.5412,
            longitude=0.7183,
            occurred_from=clock.now() - timedelta(days=1),
            description="Shouting on Larkspur Row late at night.",
        ),
    ).report
    cases.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    return users


def _draft_refused(page, axe) -> None:
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    assert page.get_by_text("SAFEGUARDING_BEFORE_ENFORCEMENT").first.is_visible()
    summary = page.locator(".govuk-error-summary")
    link = summary.get_by_role("link", name=re.compile(RULE_MESSAGE))
    assert link.get_attribute("href") == "#id_person"  # "Addressed to"
    axe(page)


def test_officer_drafts_a_cpw_and_safeguarding_comes_first(page, axe, browsers, world):
    today = localtime(clock.now()).date()

    # The officer: her case, the woman's page, a screening with indicators of control.
    officer = page
    _sign_in(officer, axe, world["officer"])
    officer.get_by_role("link", name="Cases").first.click()
    axe(officer)
    officer.locator("tr", has_text=CASE_TITLE).get_by_role("link").first.click()
    officer.wait_for_url("**/cases/*/")
    axe(officer)
    case_url = officer.url
    officer.get_by_role("link", name=WOMAN).first.click()
    assert officer.get_by_role("heading", name=WOMAN, level=1).is_visible()
    assert officer.get_by_text("No safeguarding review is recorded").is_visible()
    axe(officer)
    person_url = officer.url
    officer.get_by_role("link", name="Open the safeguarding record").click()
    officer.wait_for_url("**/safeguarding/people/*/")
    axe(officer)
    officer.get_by_role("link", name="Record a screening").click()
    axe(officer)
    fill_date(officer, "Date of the contact", today)
    officer.get_by_label("Where and how the contact happened").fill(CONTEXT)
    officer.get_by_label("Isolated, or under the control or influence of others").check()
    officer.get_by_label("Does not control their own contact number").check()
    officer.get_by_label("18 or over").check()
    officer.get_by_label("Concern", exact=True).check()
    officer.get_by_role("button", name="Record screening").click()
    officer.wait_for_url("**/safeguarding/people/*/")
    assert officer.get_by_text("Screening recorded").is_visible()
    axe(officer)

    # ...then drafts a warning for her on the case's drafting page.
    officer.goto(case_url)
    assert officer.get_by_text("A safeguarding lead must record a review").first.is_visible()
    officer.get_by_role("link", name="Community Protection Warning").first.click()
    officer.wait_for_url("**/actions/new/**")
    assert officer.get_by_role("heading", name="Waiting for a safeguarding review").is_visible()
    assert officer.get_by_role("link", name=re.compile(WOMAN)).first.is_visible()
    axe(officer)
    draft_url = officer.url
    officer.get_by_label("Addressed to").select_option(label=WOMAN)
    officer.get_by_label("Kind of conduct").select_option("noise")
    officer.get_by_label("The conduct").fill("Shouting on Larkspur Row late at night.")
    officer.get_by_label("Its detrimental effect").fill("Residents cannot sleep.")
    officer.get_by_label("Why it is persistent or continuing").fill("Three nights in a month.")
    officer.get_by_label("Why it is unreasonable").fill("There is no need to shout at 2am.")
    officer.get_by_role("checkbox").first.check()
    officer.get_by_label("Requirement 1: kind").select_option("stop")
    officer.get_by_label("Requirement 1: what").fill("Stop shouting on Larkspur Row at night")
    officer.get_by_label("Days given to comply").fill("14")
    # The draft cannot go for approval: refused at once, on the field that chose her.
    _draft_refused(officer, axe)

    supervisor = browsers()
    _sign_in(supervisor, axe, world["supervisor"])

    # The safeguarding lead: the queue, the woman, consent, a referral, a review.
    lead = browsers()
    _sign_in(lead, axe, world["lead"])
    lead.get_by_role("link", name="Safeguarding").first.click()
    lead.wait_for_url("**/safeguarding/")
    axe(lead)
    lead.get_by_role("link", name=WOMAN).click()
    assert lead.get_by_role("heading", name=f"Safeguarding: {WOMAN}", level=1).is_visible()
    axe(lead)
    lead_person_url = lead.url

    lead.get_by_role("link", name="Make a referral").click()
    axe(lead)
    lead.get_by_label("Support agency", exact=True).check()
    lead.get_by_label("Partner support agency").select_option(label="Test Outreach")
    lead.get_by_label("Kind of support").select_option(label="Outreach charity")
    lead.get_by_label("Why you are referring").fill("Indicators of control; wants support")
    lead.get_by_role("button", name="Continue").click()
    assert lead.locator(".govuk-error-summary").get_by_text("consent").first.is_visible()
    axe(lead)

    lead.goto(lead_person_url)
    lead.get_by_role("link", name="Record consent").click()
    axe(lead)
    lead.get_by_label("Referral to a support agency").check()
    lead.get_by_label("Yes", exact=True).check()
    lead.get_by_label("What was explained").fill("Who Lamplight are and what they would be told")
    fill_date(lead, "Date it was explained", today)
    lead.get_by_role("button", name="Record consent").click()
    lead.wait_for_url(lead_person_url)
    axe(lead)

    lead.get_by_role("link", name="Make a referral").click()
    lead.get_by_label("Support agency", exact=True).check()
    lead.get_by_label("Partner support agency").select_option(label="Test Outreach")
    lead.get_by_label("Kind of support").select_option(label="Outreach charity")
    lead.get_by_label("Why you are referring").fill("Indicators of control; wants support")
    # She agreed the agency may know her name and where to find her, not how to reach her.
    lead.get_by_label("Their name", exact=True).check()
    lead.get_by_label("Their name, if they agreed").fill("Maren")
    lead.get_by_label("Where to find them", exact=True).check()
    lead.get_by_label("Where to find them, if they agreed").fill("Tuesday drop-in")
    lead.get_by_label("Anything else the person agreed the agency may know (optional)").fill(
        "Prefers a woman worker"
    )
    lead.get_by_role("button", name="Continue").click()
    assert lead.get_by_role("heading", name="Check your answers before sending the referral")
    assert lead.get_by_text("Not shared: the person did not consent").first.is_visible()
    axe(lead)
    lead.get_by_role("button", name="Send referral").click()
    lead.wait_for_url(lead_person_url)
    assert lead.get_by_text("Referral sent to Test Outreach").is_visible()
    axe(lead)

    lead.get_by_role("link", name="Record a review").click()
    axe(lead)
    lead.get_by_label("Enforcement should not proceed").check()
    lead.get_by_label("Rationale").fill(RATIONALE)
    fill_date(lead, "Date of the decision", today)
    lead.get_by_role("button", name="Continue").click()
    assert lead.get_by_role("heading", name="Check your answers before recording the review")
    axe(lead)
    lead.get_by_role("button", name="Record review").click()
    lead.wait_for_url(lead_person_url)
    assert lead.get_by_text("Review recorded: Enforcement should not proceed").is_visible()
    axe(lead)
    lead.get_by_role("table", name="Reviews").get_by_role("link").first.click()
    lead.wait_for_url("**/safeguarding/reviews/**")
    assert lead.get_by_text("Enforcement should not proceed").is_visible()
    axe(lead)
    lead.goto(lead_person_url)
    lead.get_by_role("link", name="Safeguarding").first.click()
    assert WOMAN not in lead.locator("main").inner_text()  # reviewed: out of the queue
    lead.goto("/safeguarding/numbers/")
    axe(lead)

    # Reviewed, and the review says no: still refused. The officers see the decision only.
    # (Refusing the save itself is tested in lantern/cases/tests/test_drafting_feedback.py.)
    officer.goto(draft_url)
    assert officer.get_by_role("heading", name="Waiting for a safeguarding review").is_visible()
    assert (
        WOMAN in officer.locator(".govuk-warning-text, .govuk-inset-text, main").first.inner_text()
    )
    axe(officer)
    officer.goto(person_url)
    assert officer.get_by_text("Decision: Enforcement should not proceed").is_visible()
    assert RATIONALE not in officer.content()
    axe(officer)
    supervisor.goto(person_url)
    assert supervisor.get_by_text("Decision: Enforcement should not proceed").is_visible()
    assert supervisor.get_by_role("link", name="Open the safeguarding record").count() == 0
    assert RATIONALE not in supervisor.content() and CONTEXT not in supervisor.content()
    axe(supervisor)

    # The support worker: the referral and what she agreed they may know; nothing else.
    worker = browsers()
    _sign_in(worker, axe, world["worker"])
    worker.get_by_role("link", name="Referrals").first.click()
    worker.wait_for_url("**/safeguarding/agency/")
    axe(worker)
    assert WOMAN not in worker.content()
    worker.get_by_role("link", name=re.compile(r"^Referral [0-9a-f]{8}$")).click()
    worker.wait_for_url("**/safeguarding/agency/referrals/**")
    assert worker.get_by_text("Tuesday drop-in").is_visible()
    assert worker.get_by_text("Prefers a woman worker").is_visible()
    assert worker.get_by_text("Not shared: the person did not consent").first.is_visible()
    content = worker.content()
    assert WOMAN not in content and CONTEXT not in content and RATIONALE not in content
    axe(worker)
    worker.get_by_label("Accepted").check()
    worker.get_by_role("button", name="Save").click()
    assert worker.get_by_text("Referral updated").is_visible()
    axe(worker)
    worker.get_by_role("link", name="Back to your agency's referrals").click()
    worker.get_by_role("button", name="Log an outreach contact").click()
    axe(worker)
    fill_date(worker, "Date of the contact", today)
    worker.get_by_label("Street or area (optional)").fill("Larkspur Row")
    worker.get_by_label("Welfare check").check()
    worker.get_by_role("button", name="Log contact").click()
    worker.wait_for_url("**/safeguarding/agency/")
    assert worker.get_by_text("Outreach contact logged").is_visible()
    axe(worker)
    for url in (case_url, person_url, draft_url, lead_person_url, "/safeguarding/duties/"):
        response = worker.goto(url)
        assert response is not None and response.status in (403, 404), url
        content = worker.content()
        assert WOMAN not in content and CONTEXT not in content and RATIONALE not in content
    assert len(axe.checked) >= 30
