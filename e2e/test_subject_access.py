"""A subject access request in the browser, with axe-core on every page (issue 23): the data
protection officer records a request from the demo woman (Mara, on the Larkspur Row case as
a potential victim of exploitation, screened and referred: lantern/cases/demo.py and
lantern/safeguarding/demo.py), stops the clock while her identity is checked, finds her
records across reports, cases and safeguarding, restarts the clock, removes what the
screening says about the man in the car (a third party), withholds the referral to the
outreach charity for safeguarding, and releases the response as a PDF. A police officer gets
403."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.utils.timezone import localdate
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import fill_date
from lantern.accounts.models import User
from lantern.core import clock
from lantern.core.actor import Role
from lantern.core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    from lantern.accounts import demo as accounts_demo
    from lantern.cases import demo as cases_demo
    from lantern.safeguarding import demo as safeguarding_demo

    for app in (accounts_demo, cases_demo, safeguarding_demo):
        app.seed(out=StringIO())
    return accounts_demo


def _sign_in(page, axe, email: str) -> None:
    user = User.objects.get(email=email)
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/two-factor/check/")
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Security code").fill(f"{code:06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/dashboard/")
    axe(page)


def _review(
    page, axe, title: str, *, decision: str, redact: str = "", reason: str = "", check=True
) -> None:
    """Review the first record with ``title`` not reviewed yet."""
    row = page.locator("tr", has_text="Not reviewed yet").filter(has_text=title).first
    row.get_by_role("link", name=re.compile("^Review")).click()
    page.wait_for_url("**/found/*/")
    if check:
        axe(page)
    if redact:
        page.get_by_role("checkbox", name=re.compile(re.escape(redact))).check()
    page.get_by_label(decision, exact=True).check()
    if reason:
        page.get_by_label("Safeguarding: giving it would put someone at risk of harm").check()
        page.get_by_label("Why the exemption applies (only when withholding)").fill(reason)
    page.get_by_role("button", name="Save the decision").click()
    page.wait_for_url(re.compile(r"/subject-access/[0-9a-f-]+/$"))


def test_the_dpo_answers_the_demo_womans_request(page, axe, browsers, demo):
    today = localdate(clock.now())
    dpo = page
    _sign_in(dpo, axe, demo.demo_email(Role.DATA_PROTECTION_OFFICER))
    assert dpo.get_by_role("heading", name="Subject access requests").is_visible()
    dpo.get_by_role("link", name="Subject access").first.click()
    axe(dpo)
    dpo.get_by_role("button", name="Record a request").click()
    axe(dpo)

    # An empty form is refused with the GOV.UK error summary.
    dpo.get_by_role("button", name="Record the request").click()
    assert dpo.locator(".govuk-error-summary").is_visible()
    axe(dpo)
    dpo.get_by_label("UK GDPR (Article 15)").check()
    fill_date(dpo, "Day the request was received", today)
    dpo.get_by_label("Requester's name").fill("Mara")
    dpo.get_by_label("How to send them the response").fill("c/o Lamplight Outreach Trust")
    dpo.get_by_label("Not checked yet").check()
    dpo.get_by_label("Full name of the person the request is about").fill("Mara")
    dpo.get_by_role("button", name="Record the request").click()
    dpo.wait_for_url(re.compile(r"/subject-access/[0-9a-f-]+/$"))
    assert dpo.get_by_text("Due by").first.is_visible()
    axe(dpo)
    request_url = dpo.url

    # Stop the clock while her identity is checked.
    dpo.get_by_role("link", name="Stop the clock").click()
    axe(dpo)
    dpo.get_by_label("Checking the requester's identity").check()
    fill_date(dpo, "Day you asked the requester", today)
    dpo.get_by_role("button", name="Stop the clock").click()
    dpo.wait_for_url(request_url)
    assert dpo.get_by_text("Stopped while identity is checked").is_visible()
    axe(dpo)

    # Find her records across reports, cases and safeguarding.
    dpo.get_by_role("button", name="Search Lantern for their records").click()
    dpo.wait_for_url(request_url)
    found = dpo.locator("table")
    for kind in ("Person record", "Named on case", "Report ", "Safeguarding screening", "Referral"):
        assert found.get_by_text(kind).first.is_visible(), kind
    axe(dpo)

    # Her identity is confirmed: the clock restarts (a whole month from today).
    dpo.get_by_role("link", name="Restart the clock").click()
    axe(dpo)
    fill_date(dpo, "Day the information arrived", today)
    dpo.get_by_label("An identity document was seen").check()
    dpo.get_by_role("button", name="Restart the clock").click()
    dpo.wait_for_url(request_url)
    assert dpo.get_by_text("Due by").first.is_visible()

    # The screening names a man in a car: remove it. The referral is withheld.
    _review(
        dpo,
        axe,
        "Safeguarding screening",
        decision="Give it to them",
        redact="Where and how",
    )
    _review(
        dpo,
        axe,
        "Referral",
        decision="Withhold it under an exemption",
        reason="It would tell those who control her where she gets help.",
    )
    reviewed = 2
    while (rest := dpo.locator("tr", has_text="Not reviewed yet")).count():
        before = rest.count()
        _review(dpo, axe, "", decision="Give it to them", check=False)
        assert dpo.locator("tr", has_text="Not reviewed yet").count() == before - 1
        reviewed += 1
    assert reviewed >= 8

    dpo.get_by_role("link", name="Check and release the response").click()
    axe(dpo)
    dpo.get_by_role("button", name="Release the response").click()
    dpo.wait_for_url(request_url)
    assert dpo.get_by_text("The response is final").is_visible()
    axe(dpo)
    with dpo.expect_download() as download:
        dpo.get_by_role("link", name="Download the response (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # Anyone else: 403.
    officer = browsers()
    _sign_in(officer, axe, demo.demo_email(Role.POLICE_OFFICER))
    response = officer.goto(request_url)
    assert response is not None and response.status == 403
    assert officer.goto("/subject-access/").status == 403
