"""Two partnerships in one deployment, as the demo seeds them (docs/demo.md), with axe-core on
every page reached: Westbrook's police officer signs in and finds Westbrook's reports, case,
camera and patrol plan, and none of Eastmere's. No Eastmere report or case reference appears
on the triage list or the cases list, finding one by its reference finds nothing, its pages
answer 404, no Eastmere camera is found in front of it, and Eastmere's patrol plan is not
there (DESIGN.md principle 8; docs/adr/0015-partnership-is-the-scope.md).

Every surface is checked before the test fails, and the failure lists every leak, so one
run says which parts of the scope are missing."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.utils.timezone import localtime
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts.demo import westbrook_email
from lantern.accounts.models import User
from lantern.analytics import demo as analytics_demo
from lantern.analytics.models import PatrolPlan
from lantern.cases import demo as cases_demo
from lantern.cases.models import Case
from lantern.core import clock
from lantern.core.actor import Role
from lantern.core.demo import DEMO_PASSWORD
from lantern.places import demo as places_demo
from lantern.places import geometry
from lantern.places.models import Camera
from lantern.reports import demo as reports_demo
from lantern.reports.models import Report

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, user) -> None:
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


def _main_text(page) -> str:
    return page.locator("main").inner_text()


def _search_in_front_of(page, camera: Camera) -> str:
    """The camera search for a place 5 m in front of ``camera``, an hour ago."""
    lat, lng = geometry.destination(camera.latitude, camera.longitude, camera.direction, 5)
    at = localtime(clock.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    query = urlencode({"latitude": f"{lat:.6f}", "longitude": f"{lng:.6f}", "at": at})
    page.goto(f"/places/search/?{query}")
    page.get_by_role("heading", name="Results").wait_for()
    return _main_text(page)


def test_a_westbrook_officer_sees_none_of_eastmeres_records(page, axe):
    call_command("seed-demo", stdout=StringIO())
    officer = User.objects.get(email=westbrook_email(Role.POLICE_OFFICER))
    westbrook_reports = list(
        Report.objects.filter(address__endswith=reports_demo.WESTBROOK_SUFFIX).values_list(
            "reference", flat=True
        )
    )
    eastmere_reports = dict(
        Report.objects.exclude(address__endswith=reports_demo.WESTBROOK_SUFFIX).values_list(
            "reference", "pk"
        )
    )
    westbrook_case = Case.objects.get(title=cases_demo.WESTBROOK_TITLE)
    eastmere_cases = dict(Case.objects.exclude(pk=westbrook_case.pk).values_list("reference", "pk"))
    westbrook_camera = Camera.objects.get(label=places_demo.WESTBROOK_CAMERA["label"])
    eastmere_cameras = list(Camera.objects.exclude(pk=westbrook_camera.pk))
    eastmere_plan = PatrolPlan.objects.get(title=analytics_demo.PLAN_TITLE)
    assert len(westbrook_reports) == len(reports_demo.WESTBROOK_REPORTS)
    assert len(eastmere_reports) > 300 and len(eastmere_cases) == 3 and len(eastmere_cameras) == 2
    leaks: list[str] = []

    _sign_in(page, officer)

    # Reports: the triage list holds Westbrook's and nothing of Eastmere's.
    page.goto("/reports/triage/")
    axe(page)
    text = _main_text(page)
    assert all(reference in text for reference in westbrook_reports), "Westbrook's own reports"
    shown = [reference for reference in eastmere_reports if reference in text]
    if shown:
        leaks.append(f"triage list shows {len(shown)} Eastmere reports, e.g. {shown[:3]}")
    count = f"{len(westbrook_reports)} reports"
    if count not in text:
        leaks.append(f"triage list does not say {count!r}")
    reference, report_id = next(iter(eastmere_reports.items()))
    page.goto(f"/reports/triage/find/?{urlencode({'reference': reference})}")
    if "No report has that reference" not in _main_text(page):
        leaks.append(f"finding Eastmere report {reference} by its reference opens it")
    response = page.goto(f"/reports/triage/{report_id}/")
    if response is None or response.status != 404:
        leaks.append(f"Eastmere report {reference}'s page answers {response and response.status}")

    # Cases: the cases list holds Westbrook's case only; an Eastmere case is a 404.
    page.goto("/cases/")
    axe(page)
    text = _main_text(page)
    assert westbrook_case.reference in text, "Westbrook's own case"
    shown = [reference for reference in eastmere_cases if reference in text]
    if shown:
        leaks.append(f"cases list shows Eastmere cases {shown}")
    for reference, case_id in eastmere_cases.items():
        response = page.goto(f"/cases/{case_id}/")
        if response is None or response.status != 404:
            leaks.append(f"Eastmere case {reference}'s page answers {response and response.status}")

    # Cameras: the search finds Westbrook's doorbell in front of it, and no Eastmere camera
    # in front of either of Eastmere's.
    text = _search_in_front_of(page, westbrook_camera)
    axe(page)
    assert "1 camera may have seen it" in text and westbrook_camera.label in text
    for camera in eastmere_cameras:
        text = _search_in_front_of(page, camera)
        if "No registered camera may have seen that place at that time" not in text:
            leaks.append(f"camera search finds Eastmere's camera {camera.label!r}")

    # Patrol plans: Westbrook's plan, not Eastmere's.
    page.goto("/analytics/patrols/")
    axe(page)
    text = _main_text(page)
    assert analytics_demo.WESTBROOK_PLAN_TITLE in text, "Westbrook's own plan"
    if eastmere_plan.title in text:
        leaks.append("patrol plans list shows Eastmere's plan")
    response = page.goto(f"/analytics/patrols/{eastmere_plan.pk}/")
    if response is None or response.status != 404:
        leaks.append(f"Eastmere's patrol plan answers {response and response.status}")

    assert not leaks, "a Westbrook officer sees Eastmere's records:\n" + "\n".join(leaks)
    assert len(axe.checked) >= 4
