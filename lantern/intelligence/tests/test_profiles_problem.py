"""The problem profile of a place and period: resident reports by category and month, the
busiest cells, the entities seen there and their network, enforcement and safeguarding
counts, through each app's own selectors; bad input answered on the form."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from lantern.audit.models import AuditEvent
from lantern.core import clock
from lantern.core.actor import Role
from lantern.core.errors import NotFound, ValidationFailed
from lantern.intelligence import services
from lantern.intelligence.models import Origin
from lantern.intelligence.profile_documents import PROTECTIVE_MARKING
from lantern.intelligence.selectors import profiles
from lantern.intelligence.services import Origin_
from lantern.intelligence.tests.conftest import C_GRADE, P_GRADE
from lantern.intelligence.tests.test_profiles_subject import signed_in_as, text_of
from lantern.places.services import area_create
from lantern.reports.selectors import category_get
from lantern.reports.tests.factories import LARKSPUR_ROW, make_report

pytestmark = pytest.mark.django_db

LAT, LNG = LARKSPUR_ROW


def _box(d: float) -> dict:
    ring = [[LNG - d, LAT - d], [LNG + d, LAT - d], [LNG + d, LAT + d], [LNG - d, LAT + d]]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


@pytest.fixture
def street(analyst, officer):
    """Larkspur Row: three reports there in the last fortnight, one elsewhere in the
    partnership, one there long ago; a car and a man linked from one of the reports (P), a
    C-graded tie between them, and a place inside the area."""
    area = area_create(actor=analyst, name="Larkspur Row", geojson=_box(0.002))
    here = [
        make_report(category="kerb-crawling", hours_ago=24 * 3).report,
        make_report(category="kerb-crawling", hours_ago=24 * 10).report,
        make_report(category="noise", hours_ago=24 * 5).report,
    ]
    make_report(category="noise", hours_ago=24 * 4, at=(53.0, -1.5))
    make_report(category="kerb-crawling", hours_ago=24 * 200)
    car = services.entity_for_vehicle(actor=officer, registration="AB12 CDE")
    man = services.entity_create(actor=officer, schema="person", caption="Driver X")
    services.link_add(
        actor=officer, link_type="uses_vehicle", source_id=man.pk, target_id=car.pk,
        grading=P_GRADE, origin=Origin_(Origin.SIGHTING, here[0].pk),
    )  # fmt: skip
    boss = services.entity_create(actor=officer, schema="person", caption="Boss Y")
    services.link_add(
        actor=officer, link_type="associate_of", source_id=man.pk, target_id=boss.pk,
        grading=C_GRADE,
    )  # fmt: skip
    corner = services.entity_create(actor=officer, schema="place", caption="The corner")
    for prop, value in (("latitude", LAT + 0.0005), ("longitude", LNG)):
        services.statement_add(
            actor=officer, entity_id=corner.pk, prop=prop, value=str(value), grading=P_GRADE
        )
    return {"area": area, "here": here, "car": car, "man": man, "boss": boss, "corner": corner}


def test_counts_for_the_named_area_and_the_whole_partnership(analyst, street):
    scope = profiles.problem_scope(analyst, place=f"a:{street['area'].pk}")
    profile = profiles.problem_profile(analyst, scope=scope)
    kerb = category_get(code="kerb-crawling").name
    noise = category_get(code="noise").name
    assert profile.report_total == 3
    assert dict(profile.by_category) == {kerb: 2, noise: 1}
    assert sum(n for _, n in profile.by_month) == 3
    assert profile.hotspots[0].reports == 3 and profile.hotspots[0].top_category == kerb
    captions = {n.caption for n in profile.network.nodes}
    assert {"Driver X", "AB12 CDE", "The corner", "Boss Y"} <= captions
    assert profile.entities_seen == 3  # the car, the man (from the sighting), the corner
    assert profile.enforcement_visible and profile.enforcement_total == 0
    assert profile.safeguarding[0][0] == "Screenings"

    whole = profiles.problem_profile(analyst, scope=profiles.problem_scope(analyst, place=""))
    assert whole.report_total == 4
    assert whole.scope.place.endswith("(its whole area)")


def test_the_council_sees_only_p_links(council, street):
    scope = profiles.problem_scope(council, place=f"a:{street['area'].pk}")
    profile = profiles.problem_profile(council, scope=scope)
    assert profile.report_total == 3
    assert {link.grade[-1] for link in profile.network.links} == {"P"}
    assert "Boss Y" not in {n.caption for n in profile.network.nodes}


def test_bad_input_is_refused(analyst, support, street):
    with pytest.raises(ValidationFailed) as refused:
        profiles.problem_scope(
            analyst,
            place="",
            since=localdate(clock.now()),
            until=localdate(clock.now()) - timedelta(days=1),
        )
    assert "until" in refused.value.errors
    with pytest.raises(ValidationFailed):
        profiles.problem_scope(analyst, place="a:not-an-id")
    with pytest.raises(NotFound):
        profiles.problem_scope(analyst, place=f"a:{uuid.uuid4()}")
    with pytest.raises(NotFound):
        profiles.problem_scope(support, place="")


def test_page_pdf_and_access_event(client, make_user, street):
    page = signed_in_as(client, make_user(Role.ANALYST))
    url = reverse("intelligence:problem-profile")
    assert page.get(url).status_code == 200
    response = page.get(url, {"place": f"a:{street['area'].pk}"})
    html = response.content.decode()
    assert response.status_code == 200 and "3 reports in the period" in html
    assert PROTECTIVE_MARKING in html and "Actions agreed at the tasking meeting" in html
    wrong = page.get(url, {"place": "", "since": "2026-12-01", "until": "2026-11-01"})
    assert wrong.status_code == 200 and b"govuk-error-summary" in wrong.content
    pdf = page.get(reverse("intelligence:problem-profile-pdf"), {"place": f"a:{street['area'].pk}"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = text_of(pdf.content)
    assert text.count(PROTECTIVE_MARKING) >= 2 and "3 report(s) in the period" in text
    assert "Handling conditions:" in text and "Page 1" in text
    events = [
        json.loads(e.details)["purpose"]
        for e in AuditEvent.objects.filter(
            kind=AuditEvent.Kind.ACCESS, object_id=str(street["area"].pk)
        )
    ]
    assert events.count("problem profile") == 2


def test_a_tasking_action_on_the_problem_profile(client, make_user, officer, street):
    page = signed_in_as(client, make_user(Role.ANALYST))
    place = f"a:{street['area'].pk}"
    today = localdate(clock.now())
    response = page.post(
        reverse("intelligence:tasking-add"),
        {
            "profile_kind": "problem",
            "place": place,
            "since": (today - timedelta(days=90)).isoformat(),
            "until": today.isoformat(),
            "action": "Joint patrol on Friday nights",
            "owner": str(officer.user_id),
            "due_on": (today + timedelta(days=14)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content
    html = page.get(reverse("intelligence:problem-profile"), {"place": place}).content.decode()
    assert "Joint patrol on Friday nights" in html
