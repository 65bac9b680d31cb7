"""The demo's hotspot map has data on a fresh clone: seed-demo imports the police.uk extract
that ships in the repository (lantern/analytics/data/policeuk) and publishes a patrol plan
made from it for each of the demo's two partnerships."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts import demo as accounts_demo
from lantern.accounts.demo import demo_email
from lantern.accounts.models import User
from lantern.accounts.selectors import actor_for
from lantern.analytics import demo, selectors
from lantern.analytics.models import PatrolPlan, PoliceUkRecord
from lantern.core.actor import Role
from lantern.reports.tests.factories import demo_partnership

ASB = "Anti-social behaviour"


@pytest.mark.long
@pytest.mark.django_db
def test_the_demo_hotspot_map_shows_the_extract(client):
    out = StringIO()
    accounts_demo.seed(out=StringIO())
    demo_partnership()  # until the demo seeds its own partnerships
    call_command("seed-demo", stdout=out)
    assert "Analytics: imported 22451 police.uk records from 7 files." in out.getvalue()
    assert PoliceUkRecord.objects.count() == 22451
    plan = PatrolPlan.objects.get(title=demo.PLAN_TITLE)
    assert plan.status == PatrolPlan.Status.PUBLISHED and plan.items.exists()
    assert plan.partnership.name == accounts_demo.EASTMERE
    # Westbrook's plan is its own: Eastmere's staff see theirs only, council officers too
    # (issue 20), and Westbrook's officers see Westbrook's only.
    westbrook_plan = PatrolPlan.objects.get(title=demo.WESTBROOK_PLAN_TITLE)
    assert westbrook_plan.status == PatrolPlan.Status.PUBLISHED
    assert westbrook_plan.partnership.name == accounts_demo.WESTBROOK
    for email, seen in (
        (demo_email(Role.COUNCIL_OFFICER), plan),
        (demo_email(Role.PCSO), plan),
        (accounts_demo.westbrook_email(Role.POLICE_OFFICER), westbrook_plan),
        (accounts_demo.westbrook_email(Role.COUNCIL_OFFICER), westbrook_plan),
    ):
        officer = actor_for(User.objects.get(email=email), verified=True)
        assert list(selectors.patrol_plan_list(actor=officer)) == [seen], email

    analyst = User.objects.get(email=demo_email(Role.ANALYST))
    client.force_login(analyst)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=analyst).persistent_id
    session.save()
    # The map opens on every imported record of every month.
    page = client.get(reverse("analytics:hotspots")).content.decode()
    assert "2018-01-01..2018-07-31" in page and "22451 located records" in page
    geo = client.get(
        reverse("analytics:hotspots-geojson"),
        {"method": "kde", "start": "2018-05", "end": "2018-07", "category": ASB,
         "area": "Southend-on-Sea", "source": "imported"},
    ).json()  # fmt: skip
    # Southend-on-Sea's ASB rows in May to July (the extract's README: 675 + 611 + 783).
    assert geo["properties"]["records"] == 2069
    assert geo["features"] and all(f["properties"]["value"] > 0 for f in geo["features"])
