"""The intelligence demo journey in a browser, as each role, with axe-core on every page
reached (issue 19, docs/demo.md): an officer creates graded intelligence from a resident's
report; the analyst confirms that the controller recorded twice is one man, opens his link
chart (he tops the disruption ranking, the women are marked as potential victims and never
ranked), exports the network as GraphML and downloads his subject profile as a PDF; a
council officer sees only P-graded intelligence; a support worker gets 404 on every
intelligence page and endpoint."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts.demo import demo_email
from lantern.accounts.models import User
from lantern.core.actor import Role
from lantern.core.demo import DEMO_PASSWORD
from lantern.intelligence import demo
from lantern.intelligence.models import Entity, IntelligenceReport, ResolutionCandidate
from lantern.reports.models import Report

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, role: Role) -> None:
    page.context.clear_cookies()
    user = User.objects.get(email=demo_email(role))
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/two-factor/check/")
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Security code").fill(f"{code:06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/dashboard/")


def _radio(page, legend: str, label: str) -> None:
    page.get_by_role("group", name=legend).get_by_label(label).check()


def test_the_intelligence_demo_as_each_role(page, axe):
    call_command("seed-demo", stdout=StringIO())
    controller = Entity.objects.get(person_id=demo.CONTROLLER_ID)
    twin = Entity.objects.get(caption=demo.CONTROLLER, person__isnull=True)
    source_report = IntelligenceReport.objects.get(handling="C")
    p_report = IntelligenceReport.objects.filter(handling="P").first()
    assert p_report is not None
    sighting = Report.objects.filter(vehicles__registration="LR19KXT").first()
    assert sighting is not None

    # An officer creates graded intelligence from a resident's report.
    _sign_in(page, Role.POLICE_OFFICER)
    page.goto(f"/reports/triage/{sighting.pk}/")
    page.get_by_role("link", name="Create intelligence from this").click()
    page.wait_for_url("**/intelligence/reports/new/**")
    assert "A resident who reports is a witness, never a source" in page.content()
    axe(page)
    page.get_by_label("The intelligence, sanitised").fill(
        "A silver car is seen dropping two women at the garages most evenings."
    )
    _radio(page, "Source evaluation", "2: untested")
    _radio(page, "Intelligence assessment", "B: known indirectly to the source but corroborated")
    _radio(page, "Handling code", "P: lawful sharing permitted")
    page.get_by_role("button", name="Record the report").click()
    page.get_by_role("heading", level=1).wait_for()
    assert "2B-P" in page.locator("main").inner_text()
    made = IntelligenceReport.objects.get(origin_id=sighting.pk)
    assert made.grade == "2B-P" and not hasattr(made, "source_record")
    axe(page)

    # The analyst confirms the duplicate, opens the chart and the ranking, exports.
    _sign_in(page, Role.ANALYST)
    page.goto("/intelligence/")
    axe(page)
    page.get_by_role("link", name="Duplicates to decide").click()
    page.wait_for_url("**/intelligence/resolution/")
    axe(page)
    pair = f"{demo.CONTROLLER} and {demo.CONTROLLER}"
    page.get_by_role("link", name=pair).click()
    page.get_by_label("Why are they the same?").fill(
        "Same name, date of birth, home address and car."
    )
    axe(page)
    page.get_by_role("button", name="Confirm and merge").click()
    page.wait_for_load_state()
    twin.refresh_from_db()
    assert twin.merged_into_id == controller.pk or controller.merged_into_id == twin.pk
    assert ResolutionCandidate.objects.filter(status="confirmed").count() == 1

    page.goto(f"/intelligence/entities/{controller.pk}/chart/")
    page.wait_for_selector("[data-link-chart][data-drawn='true']")
    ranking = page.get_by_role("table", name="Disruption ranking of the entities on this chart")
    first = ranking.locator("tbody tr").first.inner_text()
    assert demo.CONTROLLER in first
    victims = page.get_by_role("table", name="Potential victims: never targets").inner_text()
    assert demo.MARA in victims and demo.KERENSA in victims
    assert demo.MARA not in ranking.inner_text() and demo.KERENSA not in ranking.inner_text()
    axe(page)

    page.goto("/intelligence/network/ranking/")
    assert "never targets" in page.content()
    axe(page)

    page.goto(f"/intelligence/entities/{controller.pk}/export/")
    _radio(page, "Format", "GraphML")
    page.get_by_label("Why are you exporting it?").fill("Tasking meeting, Operation Lamplight")
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export").click()
    assert download.value.suggested_filename.endswith(".graphml")
    graphml = open(download.value.path(), encoding="utf-8").read()  # noqa: SIM115
    assert demo.CONTROLLER in graphml and "potential_victim" in graphml

    page.goto(f"/intelligence/entities/{controller.pk}/profile/")
    axe(page)
    pdf_link = page.get_by_role("link", name="Download the subject profile as a PDF")
    pdf = page.request.get(pdf_link.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")

    # A council officer sees only P-graded intelligence.
    _sign_in(page, Role.COUNCIL_OFFICER)
    page.goto("/intelligence/")
    home = page.locator("main").inner_text()
    assert p_report.reference in home and source_report.reference not in home
    axe(page)
    assert page.goto(f"/intelligence/reports/{source_report.pk}/").status == 404

    # A support worker never reaches intelligence.
    _sign_in(page, Role.SUPPORT_WORKER)
    pages = [
        "/intelligence/",
        "/intelligence/entities/",
        f"/intelligence/entities/{controller.pk}/",
        f"/intelligence/entities/{controller.pk}/chart/",
        f"/intelligence/entities/{controller.pk}/profile/",
        f"/intelligence/entities/{controller.pk}/export/",
        f"/intelligence/reports/{p_report.pk}/",
        "/intelligence/reports/new/",
        "/intelligence/network/ranking/",
        "/intelligence/resolution/",
        "/intelligence/export/",
        "/intelligence/problem-profile/",
        "/intelligence/tasking/",
    ]
    reached = [url for url in pages if page.goto(url).status != 404]
    endpoints = [
        "/api/v1/intelligence/reports/",
        f"/api/v1/intelligence/reports/{p_report.pk}",
        "/api/v1/intelligence/entities/",
        f"/api/v1/intelligence/entities/{controller.pk}",
        f"/api/v1/intelligence/entities/{controller.pk}/network",
        f"/api/v1/intelligence/entities/{controller.pk}/profile",
        "/api/v1/intelligence/network/ranking",
        "/api/v1/intelligence/resolution/candidates",
        "/api/v1/intelligence/tasking/",
    ]
    reached += [url for url in endpoints if page.request.get(url).status != 404]
    assert not reached, f"a support worker reached intelligence: {reached}"
