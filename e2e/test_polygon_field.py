"""The polygon field (lantern/frontend/widgets.py) in a browser, axe on every page: an
officer draws a place-based problem's area with the mouse and the case keeps it; a keyboard
user adds corners with the map's buttons, then types a notice's exclusion area as GeoJSON
in the field's textarea, and the notice keeps it. Both pages show the saved area."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from conftest import actor_of
from e2e.test_cases import _report, _sign_in
from lantern.cases import services
from lantern.cases.models import Case, EnforcementAction
from lantern.core import clock
from lantern.core.actor import Role

pytestmark = pytest.mark.django_db(transaction=True)


def _textarea_polygon(page, label: str) -> dict | None:
    text = page.get_by_label(label, exact=True).input_value()
    return json.loads(text) if text else None


def test_officer_draws_a_problem_area_with_the_mouse(page, axe, make_user):
    officer = make_user(Role.POLICE_OFFICER)
    _sign_in(page, officer)
    page.goto("/cases/new/")
    page.get_by_label("Place-based problem").check()
    page.get_by_label("Title").fill("Larkspur Row: street drinking by the shops")
    map_box = page.get_by_role("application", name="Map for drawing: Area of the problem")
    map_box.wait_for()
    axe(page)

    # Geoman's toolbar: draw a polygon by clicking four corners and the first one again.
    page.get_by_role("button", name="Draw Polygon").click()
    box = map_box.bounding_box()
    assert box is not None
    # Right of centre: the toolbar's Finish and Cancel actions open to the left.
    corners = [(60, -120), (250, -120), (250, 100), (60, 100)]
    centre_x, centre_y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in corners:
        page.mouse.click(centre_x + dx, centre_y + dy)
    page.mouse.click(centre_x + corners[0][0], centre_y + corners[0][1])

    drawn = _textarea_polygon(page, "Area of the problem (optional)")
    assert drawn is not None and drawn["type"] == "Polygon"
    ring = drawn["coordinates"][0]
    assert len(ring) == 5 and ring[0] == ring[-1]
    expect(page.get_by_role("status").filter(has_text="Area drawn: 4 corners.")).to_be_visible()
    # West to east and south to north as drawn: longitude first, then latitude.
    west, east = ring[0][0], ring[1][0]
    north, south = ring[0][1], ring[2][1]
    assert west < east and south < north
    axe(page)

    # Edit mode: drag the first corner further north-west; the textarea follows.
    page.get_by_role("button", name="Edit Layers").click()
    first = (centre_x + corners[0][0], centre_y + corners[0][1])
    page.mouse.move(*first)
    page.mouse.down()
    page.mouse.move(first[0] - 20, first[1] - 20, steps=5)
    page.mouse.up()
    expect(page.get_by_role("status").filter(has_text="Area changed: 4 corners.")).to_be_visible()
    page.get_by_role("button", name="Edit Layers").click()  # leave edit mode
    edited = _textarea_polygon(page, "Area of the problem (optional)")
    assert edited is not None
    moved = edited["coordinates"][0][0]
    assert moved[0] < ring[0][0] and moved[1] > ring[0][1]
    assert edited["coordinates"][0][1:4] == ring[1:4]
    drawn, ring = edited, edited["coordinates"][0]

    page.get_by_role("button", name="Open the case").click()
    page.wait_for_url("**/cases/*/")
    case = Case.objects.get(title="Larkspur Row: street drinking by the shops")
    assert case.area == drawn
    # The case page shows the area on a map, and its corners as text.
    assert page.get_by_role("heading", name="Area").is_visible()
    page.locator("[data-polygon-view] path.leaflet-interactive").wait_for()
    page.get_by_text("The area of the problem: its corners (latitude, longitude)").click()
    assert page.get_by_text(f"{ring[0][1]:.6f}, {ring[0][0]:.6f}").is_visible()
    axe(page)


def test_keyboard_user_types_an_exclusion_area_for_a_notice(page, axe, make_user):
    officer_user = make_user(Role.POLICE_OFFICER)
    officer = actor_of(officer_user)
    supervisor = actor_of(make_user(Role.SUPERVISOR))
    resident = actor_of(make_user(Role.RESIDENT))
    # A warning served three weeks ago, whose time to comply has passed.
    with time_machine.travel(clock.now() - timedelta(days=21)):
        case = services.case_open(
            actor=officer, data=services.CaseInput(kind="person", title="Knocking on doors")
        )
        report = _report(resident, category="groups-gathering")
        services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
        person = services.person_link(
            actor=officer,
            case_id=case.pk,
            role="perpetrator",
            data=services.PersonInput(
                given_name="Corin", family_name="Testwright", estimated_age=30
            ),
        ).person
        cpw = services.action_draft(
            actor=officer,
            case_id=case.pk,
            data=services.ActionInput(
                kind="cpw",
                person_id=person.pk,
                conduct_category="doorstep",
                conduct="Knocking on doors on Larkspur Row late at night.",
                detrimental_effect="Residents cannot sleep and feel unsafe.",
                persistent_nature="Three nights in two weeks.",
                unreasonable_because="There is no reason to knock at 2am.",
                evidence=[{"kind": "report", "id": str(report.pk)}],
                requirements=[{"kind": "stop", "text": "Stop knocking on doors"}],
                compliance_days=14,
            ),
        )
        services.action_approve(actor=supervisor, action_id=cpw.pk)
        services.action_serve(actor=officer, action_id=cpw.pk, how="hand")

    _sign_in(page, officer_user)
    page.goto(f"/cases/{case.pk}/actions/new/?kind=cpn")
    page.get_by_label("Addressed to").select_option(label="Corin Testwright")
    page.get_by_label("Kind of conduct").select_option("doorstep")
    page.get_by_label("The conduct").fill("Knocking on doors on Larkspur Row late at night.")
    page.get_by_label("Its detrimental effect").fill("Residents cannot sleep and feel unsafe.")
    page.get_by_label("Why it is persistent or continuing").fill("Three nights in two weeks.")
    page.get_by_label("Why it is unreasonable").fill("There is no reason to knock at 2am.")
    page.get_by_role("checkbox").first.check()
    page.get_by_label("Requirement 1: kind").select_option("stop")
    page.get_by_label("Requirement 1: what").fill("Stop knocking on doors on Larkspur Row")
    label = "Exclusion area (optional)"
    map_box = page.get_by_role("application", name="Map for drawing: Exclusion area")
    map_box.wait_for()
    axe(page)

    # With the keyboard on the map: arrow keys move it, the buttons add corners at its
    # centre (three corners make an area), and remove the last one.
    map_box.focus()
    add = page.get_by_role("button", name="Add a corner at the centre of the map")
    moves = ["ArrowLeft", "ArrowUp", "ArrowRight"]
    for number, key in enumerate(moves, start=1):
        map_box.press(key)
        map_box.press(key)
        add.focus()
        page.keyboard.press("Enter")
        status = page.get_by_role("status").filter(has_text=f"Corner {number} added at")
        expect(status).to_be_visible()
    keyed = _textarea_polygon(page, label)
    assert keyed is not None and len(keyed["coordinates"][0]) == 4
    page.get_by_role("button", name="Remove the last corner").focus()
    page.keyboard.press("Enter")
    assert _textarea_polygon(page, label) is None
    status = page.get_by_role("status").filter(has_text="Last corner removed: 2 corners left.")
    expect(status).to_be_visible()

    # Typing GeoJSON in the textarea: the map follows it, and the form sends it.
    typed = {
        "type": "Polygon",
        "coordinates": [
            [[0.7175, 51.5405], [0.7195, 51.5405], [0.7195, 51.5420], [0.7175, 51.5405]]
        ],
    }
    textarea = page.get_by_label(label, exact=True)
    textarea.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(json.dumps(typed))
    page.keyboard.press("Tab")  # leaving the textarea announces what the map now shows
    status = page.get_by_role("status").filter(has_text="Map shows the typed area: 3 corners.")
    expect(status).to_be_visible()
    expect(map_box.locator("path.leaflet-interactive")).to_have_count(1)
    axe(page)
    page.get_by_role("button", name="Save draft").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/cases/actions/*/")
    notice = EnforcementAction.objects.get(case=case, kind="cpn")
    assert notice.exclusion_area == typed
    assert page.get_by_role("heading", name="Exclusion area").is_visible()
    page.locator("[data-polygon-view] path.leaflet-interactive").wait_for()
    axe(page)


def test_a_typed_area_that_is_not_closed_is_refused_with_the_reason(page, axe, make_user):
    _sign_in(page, make_user(Role.POLICE_OFFICER))
    page.goto("/cases/new/")
    page.get_by_label("Place-based problem").check()
    page.get_by_label("Title").fill("Larkspur Row: fly-tipping")
    page.get_by_label("Area of the problem (optional)", exact=True).fill(
        '{"type": "Polygon", "coordinates": [[[0.71, 51.54], [0.72, 51.54], [0.72, 51.55]]]}'
    )
    page.get_by_role("button", name="Open the case").click()
    page.wait_for_load_state()
    message = "The outline needs at least three corners"
    assert page.get_by_role("link", name=message).first.is_visible()
    assert not Case.objects.filter(title="Larkspur Row: fly-tipping").exists()
    axe(page)
