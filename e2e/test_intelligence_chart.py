"""The link chart in a browser, with axe-core: an analyst opens the controller's chart (drawn
by Cytoscape.js from the page's JSON, no CSP error), filters it without a script, and opens
the whole network's disruption ranking; potential victims are labelled in words."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, actor_of
from lantern.core.actor import Role
from lantern.intelligence.tests import chart_world

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, user) -> None:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/two-factor/check/")
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/dashboard/")


def test_the_chart_and_the_ranking(page, axe, make_user):
    world = chart_world.build(actor_of(make_user(Role.POLICE_OFFICER)))
    _sign_in(page, make_user(Role.ANALYST))

    page.goto(f"/intelligence/entities/{world.controller.pk}/chart/")
    page.wait_for_selector("[data-link-chart][data-drawn='true']")
    assert "entities and" in page.locator("[data-link-chart-status]").inner_text()
    assert page.locator("canvas").count() > 0
    assert page.get_by_role("table", name="Potential victims: never targets").is_visible()
    axe(page)

    page.get_by_label("1", exact=True).check()
    page.get_by_label("Uses phone").check()
    page.get_by_role("button", name="Show the chart").click()
    page.wait_for_selector("[data-link-chart][data-drawn='true']")
    assert "hops=1" in page.url and "link_types=uses_phone" in page.url
    links = page.get_by_role("table", name="Links on the chart (1)")
    assert links.is_visible()
    axe(page)

    page.get_by_role("link", name="The whole network's disruption ranking").click()
    page.wait_for_url("**/intelligence/network/ranking/")
    assert "Potential victims are never targets" in page.content()
    axe(page)
