"""The demo: seed-demo is idempotent and leaves a verifiable audit chain; `lantern serve`
serves the app; every demo sign-in works."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts import demo as accounts_demo
from lantern.accounts.models import Membership, Organisation, Partnership, PartnershipMember, User
from lantern.accounts.selectors import actor_for, partnership_at
from lantern.audit.models import AuditEvent
from lantern.audit.verify import verify_chain
from lantern.cases import demo as cases_demo
from lantern.cases.models import Case
from lantern.core import areas
from lantern.core.actor import Role
from lantern.core.demo import DEMO_DOMAIN, DEMO_PASSWORD
from lantern.disclosure.models import Line
from lantern.evidence.redaction.models import Redaction
from lantern.places import demo as places_demo
from lantern.places.models import Area, Camera
from lantern.reports import demo as reports_demo
from lantern.reports.models import Report

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.long
@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_verifiable():
    out = StringIO()
    call_command("seed-demo", stdout=out)
    models = (User, Organisation, Membership, Partnership, PartnershipMember, Redaction, Line)
    counts = [model.objects.count() for model in models]
    events = AuditEvent.objects.count()
    call_command("seed-demo", stdout=StringIO())
    assert [model.objects.count() for model in models] == counts
    assert AuditEvent.objects.count() == events
    assert verify_chain().ok
    text = out.getvalue()
    # The place-based case's doorbell clip, redacted, and its schedules drafted (not confirmed).
    redaction = Redaction.objects.get()
    assert redaction.status == "done" and redaction.result.parent_id == redaction.item_id
    place = Case.objects.get(title=cases_demo.PLACE_TITLE)
    clip = Line.objects.get(case_id=place.pk, exhibit_reference="PDM/1")
    assert clip.schedule == "mg12" and clip.source_id == redaction.item_id
    assert not Line.objects.filter(case_id=place.pk, confirmed_at__isnull=False).exists()
    assert DEMO_PASSWORD in text
    for role in Role:
        email = f"{role.value}@{DEMO_DOMAIN}"
        user = User.objects.get(email=email)
        assert email in text and user.check_password(DEMO_PASSWORD)
        assert Membership.objects.filter(user=user, role=role).exists()
        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        assert has_device is role.is_staff


@pytest.mark.django_db
def test_demo_organisations_and_its_two_partnerships():
    """Eastmere holds the demo's neighbourhood and every place it uses; Westbrook, beside it
    and apart (no place is in both), has organisations, staff and a few records of its own."""
    out = StringIO()
    call_command("seed-demo", stdout=out)
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert {"police_force", "council", "support_agency", "residents_group"} <= kinds

    eastmere = Partnership.objects.get(name=accounts_demo.EASTMERE)
    westbrook = Partnership.objects.get(name=accounts_demo.WESTBROOK)
    members = {p.name: set(p.members.values_list("name", flat=True)) for p in (eastmere, westbrook)}
    assert members == {
        eastmere.name: {name for name, _ in accounts_demo.ORGANISATIONS.values()},
        westbrook.name: {name for name, _ in accounts_demo.WESTBROOK_ORGANISATIONS.values()},
    }
    shapes = [areas.parse_area_geojson(p.boundary) for p in (eastmere, westbrook)]
    assert not shapes[0].intersects(shapes[1])

    def at(lat: float, lng: float) -> str:
        found = partnership_at(lat, lng)
        return found.name if found else "nowhere"

    places = {
        (r.latitude, r.longitude, r.address.endswith(reports_demo.WESTBROOK_SUFFIX))
        for r in Report.objects.all()
    } | {
        (c.latitude, c.longitude, c.label == places_demo.WESTBROOK_CAMERA["label"])
        for c in Camera.objects.all()
    }
    drawn = [Area.objects.get(name=places_demo.AREA_NAME).geojson] + [
        c.area for c in Case.objects.filter(area__isnull=False)
    ]
    places |= {(lat, lng, False) for shape in drawn for lng, lat in shape["coordinates"][0]}
    wrong = [
        (lat, lng)
        for lat, lng, west in places
        if at(lat, lng) != (westbrook if west else eastmere).name
    ]
    assert not wrong and sum(west for *_, west in places) == 7  # six reports and a camera

    text = out.getvalue()
    assert accounts_demo.WESTBROOK in text
    for role in accounts_demo.WESTBROOK_USERS:
        user = User.objects.get(email=accounts_demo.westbrook_email(role))
        assert user.email in text and user.check_password(DEMO_PASSWORD)
        assert TOTPDevice.objects.filter(user=user, confirmed=True).exists() is role.is_staff
        if role.is_staff:
            assert actor_for(user).partnership_ids == {westbrook.pk}
    assert actor_for(
        User.objects.get(email=accounts_demo.demo_email(Role.POLICE_OFFICER))
    ).partnership_ids == {eastmere.pk}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.long
def test_lantern_serve_runs_gunicorn_on_the_port(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LANTERN_", "DJANGO_"))}
    env.update({"LANTERN_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings.base"})
    cli = [sys.executable, "-m", "config.cli"]
    subprocess.run([*cli, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=120)  # noqa: S603
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [*cli, "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as r:
                    assert r.status == 200 and b'"ok"' in r.read()
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=15)
