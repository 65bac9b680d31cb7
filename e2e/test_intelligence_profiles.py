"""Intelligence profiles in the browser, with axe-core on every page: an analyst opens a
controller's subject profile (graded items, the network with a potential victim marked),
adds an action agreed at the tasking meeting (a past due date is refused on the form
first), sees it on the tasking list, marks it done, and makes a problem profile of the
partnership's area."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils.timezone import localdate
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, actor_of
from lantern.core import clock
from lantern.core.actor import Role
from lantern.intelligence import services
from lantern.intelligence.services import Grading

pytestmark = pytest.mark.django_db(transaction=True)

P = Grading("2", "B", "P")
C = Grading("1", "A", "C", "Police only")


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


def test_an_analyst_profiles_a_controller_and_tasks_an_action(page, axe, make_user):
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    analyst = make_user(Role.ANALYST)
    jay = services.entity_create(actor=officer, schema="person", caption="Jay Controller")
    girl = services.entity_create(actor=officer, schema="person", caption="Girl A")
    phone = services.entity_create(actor=officer, schema="phone", value="07700 900123")
    services.statement_add(
        actor=officer,
        entity_id=girl.pk,
        prop="date_of_birth",
        value=date(clock.now().year - 15, 1, 1).isoformat(),
        grading=P,
    )
    services.link_add(
        actor=officer, link_type="controls", source_id=jay.pk, target_id=girl.pk, grading=C
    )
    services.link_add(
        actor=officer, link_type="uses_phone", source_id=jay.pk, target_id=phone.pk, grading=P
    )
    services.report_record(
        actor=officer, text="Jay collects on Fridays", grading=C, mentions=[jay.pk]
    )

    _sign_in(page, axe, analyst)
    page.goto(f"/intelligence/entities/{jay.pk}/profile/")
    assert page.get_by_role("heading", name="Jay Controller").is_visible()
    assert page.get_by_text("Potential victim: never a target").first.is_visible()
    axe(page)

    today = localdate(clock.now())
    page.get_by_label("Action agreed").fill("Check the phone's subscriber")
    page.get_by_label("Owner").select_option(label=analyst.display_name)
    page.get_by_label("Due on").fill((today - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Add the action").click()
    assert page.locator(".govuk-error-summary").is_visible()
    axe(page)
    page.get_by_label("Due on").fill(today.isoformat())
    page.get_by_role("button", name="Add the action").click()
    page.wait_for_url(f"**/intelligence/entities/{jay.pk}/profile/")
    assert page.get_by_text("Check the phone's subscriber").first.is_visible()

    page.goto("/intelligence/tasking/")
    assert page.get_by_role("cell", name="Check the phone's subscriber", exact=True).is_visible()
    axe(page)
    page.get_by_role("button", name=re.compile(r"^Mark done.*Check the phone")).click()
    page.wait_for_url("**/intelligence/tasking/")
    assert page.get_by_text("There are no open actions you may see.").is_visible()
    axe(page)

    page.goto("/intelligence/problem-profile/")
    axe(page)
    page.get_by_role("button", name="Show the profile").click()
    assert page.get_by_role("heading", name="Resident reports").is_visible()
    axe(page)
