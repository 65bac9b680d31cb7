"""The analytics journey on real police.uk data, with axe-core on every page reached: an
analyst opens the hotspot map of Southend-on-Sea ASB, switches method and period and
exports GeoJSON, then proposes a patrol plan, which is prepared in the background (the page
says so until it is ready); a supervisor publishes it; an officer logs a
patrol against it and sees it counted, planned against done."""

from __future__ import annotations

import json

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from conftest import PASSWORD, fill_date
from lantern.analytics import policeuk_extract, services
from lantern.analytics.models import PatrolLog, PatrolPlan
from lantern.analytics.tasks import prepare_patrol_plan
from lantern.core.actor import SYSTEM, Role

pytestmark = pytest.mark.django_db(transaction=True)
ASB = "Anti-social behaviour"


def _code(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _sign_in(page, user) -> None:
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/two-factor/check/")
    page.get_by_label("Security code").fill(_code(user))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/dashboard/")


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/")


@pytest.fixture
def southend():
    """The police.uk extract in the repository: Southend-on-Sea and its neighbours, seven
    months (lantern/analytics/data/policeuk/README.md)."""
    files = policeuk_extract.files()
    imported = sum(services.policeuk_import(actor=SYSTEM, path=path)[0].imported for path in files)
    assert (len(files), imported) == (7, 22451)
    return files


def test_hotspots_patrol_plan_and_a_logged_patrol(page, axe, make_user, southend, settings):
    analyst = make_user(Role.ANALYST)
    supervisor = make_user(Role.SUPERVISOR)
    officer = make_user(Role.POLICE_OFFICER)

    # The analyst opens the hotspot map of Southend ASB.
    _sign_in(page, analyst)
    page.get_by_role("link", name="Hotspots").first.click()
    page.wait_for_url("**/analytics/hotspots/")
    assert page.get_by_role("heading", name="Hotspot map", level=1).is_visible()
    page.get_by_label("Category").select_option(ASB)
    page.get_by_label("Area").fill("Southend-on-Sea")
    page.get_by_role("button", name="Show hotspots").click()
    page.wait_for_selector("[data-hotspot-map][data-layer='kde']")
    assert page.get_by_text(
        "Kernel density (KDE): Anti-social behaviour, Southend-on-Sea"
    ).is_visible()
    assert page.locator("[data-hotspot-status]").inner_text().startswith("Kernel density")
    axe(page)

    # ... switches method and period ...
    page.get_by_role("radio", name="Getis-Ord Gi* hot spots").check()
    page.get_by_label("From").select_option("2018-05")
    page.get_by_label("To").select_option("2018-07")
    page.get_by_role("button", name="Show hotspots").click()
    page.wait_for_selector("[data-hotspot-map][data-layer='gi_star']")
    heading = page.locator("#map-title").inner_text()
    assert heading.startswith("Getis-Ord Gi* hot spots: Anti-social behaviour, Southend-on-Sea")
    assert "2018-05-01..2018-07-31" in heading
    # 675 + 611 + 783 Southend ASB rows in May to July (the README's table).
    assert page.get_by_text("2069 located records").is_visible()
    axe(page)

    # ... and exports GeoJSON.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the hotspots as GeoJSON").click()
    download = download_info.value
    assert download.suggested_filename == "hotspots-gi_star-2018-05-2018-07.geojson"
    data = json.loads(open(download.path()).read())  # noqa: SIM115
    assert data["type"] == "FeatureCollection"
    assert data["properties"]["records"] == 2069
    assert data["features"] and all(f["properties"]["value"] > 0 for f in data["features"])

    # The analyst proposes a patrol plan from the hotspots.
    page.get_by_role("link", name="Patrols").first.click()
    axe(page)
    page.get_by_role("button", name="Propose a patrol plan").click()
    axe(page)
    page.get_by_label("Title").fill("Southend ASB evenings")
    page.get_by_label("Base the plan on records from").select_option("2018-05")
    page.get_by_label("To", exact=True).select_option("2018-07")
    page.get_by_label("Category").select_option(ASB)
    page.get_by_label("Area").fill("Southend-on-Sea")
    fill_date(page, "Plan starts on", "2026-12-01")
    fill_date(page, "Plan ends on", "2026-12-31")
    page.get_by_label("Number of places").fill("3")
    # Choosing the method takes seconds, so the plan is prepared in the background: with no
    # worker to run it yet, its page says so in a status region, with a link to look again.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    page.get_by_role("button", name="Propose patrols").click()
    assert page.get_by_role("heading", name="Southend ASB evenings", level=1).is_visible()
    preparing = page.locator('[role="status"][data-plan-preparing]')
    assert "Your patrol plan is being prepared" in preparing.inner_text()
    axe(page)
    plan = PatrolPlan.objects.get()
    assert plan.state == PatrolPlan.State.PREPARING and not plan.items.exists()
    # The worker prepares it, as the analyst who proposed it.
    prepare_patrol_plan.call(plan_id=str(plan.pk), user_id=str(analyst.pk), verified=True)
    page.get_by_role("link", name="Show the plan if it is ready").click()
    # The link reloads the same address, so wait for the new page rather than look at once.
    expect(page.get_by_text("Why this method")).to_be_visible()
    expect(page.locator("[data-plan-preparing]")).to_have_count(0)
    axe(page)
    plan.refresh_from_db()
    assert plan.state == PatrolPlan.State.READY and plan.items.count() == 6
    _sign_out(page)

    # A supervisor adjusts one patrol and publishes the plan.
    _sign_in(page, supervisor)
    page.goto(f"/analytics/patrols/{plan.pk}/")
    axe(page)
    page.get_by_role("link", name="Adjust patrol 1").click()
    axe(page)
    page.get_by_label("Visits of 15 minutes").fill("3")
    page.get_by_role("button", name="Save the patrol").click()
    page.get_by_role("button", name="Publish the plan").click()
    assert page.get_by_text("Patrol plan published to officers.").is_visible()
    axe(page)
    plan.refresh_from_db()
    assert plan.status == PatrolPlan.Status.PUBLISHED
    _sign_out(page)

    # An officer logs a patrol against it.
    _sign_in(page, officer)
    page.get_by_role("link", name="Patrols").first.click()
    page.get_by_role("link", name="Southend ASB evenings").click()
    axe(page)
    page.get_by_role("link", name="Log a patrol for patrol 1").click()
    axe(page)
    fill_date(page, "Date of the patrol", "2026-12-04")
    page.get_by_label("Started").fill("18:05")
    page.get_by_label("Ended").fill("18:22")
    page.get_by_label("Notes").fill("Groups dispersed; spoke to the shop staff.")
    page.get_by_role("button", name="Log the patrol").click()
    assert page.get_by_text("Patrol logged.").is_visible()
    assert page.get_by_text("1 of ").first.is_visible()
    assert page.get_by_role("cell", name="1 (17 min)").is_visible()
    axe(page)
    assert PatrolLog.objects.get().minutes == 17


def test_an_officer_evaluates_the_response_on_a_place_based_case(page, axe, make_user, southend):
    """In the assessment stage of a Southend problem case, the officer evaluates the
    response from the case page: the case's area is the problem area, the comparison area
    is typed (the map also offers drawing), and the figures come back to the case page."""
    from lantern.accounts.selectors import actor_for
    from lantern.cases import services as case_services

    officer = make_user(Role.POLICE_OFFICER)
    actor = actor_for(officer, verified=True)

    def square(lon: float, lat: float, half: float) -> dict:
        ring = [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half],
                [lon - half, lat + half], [lon - half, lat - half]]  # fmt: skip
        return {"type": "Polygon", "coordinates": [ring]}

    case = case_services.case_open(
        actor=actor,
        data=case_services.CaseInput(
            kind="place", title="Southend seafront at night", area=square(0.7120, 51.5365, 0.004)
        ),
    )
    case_services.case_set_stage(actor=actor, case_id=case.pk, stage="assessment")

    _sign_in(page, officer)
    page.goto(f"/cases/{case.pk}/")
    assert page.get_by_role("heading", name="Impact of the response").is_visible()
    page.get_by_role("link", name="Evaluate the response").click()
    assert page.get_by_role("heading", name="Evaluate a response", level=1).is_visible()
    # The polygon widget shows its maps once its script has run.
    page.wait_for_selector("[data-polygon-editor]:not([hidden])")
    axe(page)
    assert "0.716" in page.get_by_role("textbox", name="Problem area").input_value()
    page.get_by_role("textbox", name="Comparison area").fill(
        json.dumps(square(0.6800, 51.5480, 0.004))
    )
    page.get_by_label("Category").fill(ASB)
    page.get_by_label("Before period").fill("2018-01..2018-03")
    page.get_by_label("After period").fill("2018-05..2018-07")
    page.get_by_role("button", name="Evaluate").click()
    page.wait_for_url(f"**/cases/{case.pk}/")
    assert page.get_by_text("Impact evaluation computed and added to the case.").is_visible()
    assert page.get_by_text("Weighted Displacement Quotient").first.is_visible()
    axe(page)
    page.get_by_role("link", name=f"{case.reference}: Southend seafront at night").click()
    assert page.get_by_role("heading", name="Areas").is_visible()
    axe(page)
