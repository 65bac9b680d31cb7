"""Facts as statements (docs/adr/0016-facts-as-statements.md): organisations that hold facts
about the same vehicle each keep their own, with its source; nobody changes another's; keeper
details are read only by the organisation that obtained them."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import actor_of
from lantern.accounts import services as account_services
from lantern.accounts.models import Partnership
from lantern.audit.models import AuditEvent
from lantern.cases import documents, keepers, selectors, services
from lantern.cases.models import Fact
from lantern.cases.tests.test_document_wording import text_of
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db

REG = "AB12CDE"
KEEPER = {"name": "Ellis Testkeeper", "address": "9 Test Close, Eastmere"}


def _browser(user) -> Client:
    """A client signed in as ``user``, past two-factor."""
    browser = Client()
    browser.force_login(user)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    session = browser.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return browser


def _case(actor, title="Kerb crawling on Larkspur Row"):
    return services.case_open(actor=actor, data=services.CaseInput(kind="person", title=title))


@pytest.fixture
def test_force(make_user):
    """The test force's officer, whose case has the vehicle, its description and its keeper."""
    user = make_user(Role.POLICE_OFFICER)
    actor = actor_of(user)
    case = _case(actor)
    vehicle = services.vehicle_link(
        actor=actor, case_id=case.pk, registration=REG, make="Ford", model="Focus", colour="Blue"
    ).vehicle
    services.vehicle_set_keeper(actor=actor, case_id=case.pk, vehicle_id=vehicle.pk, **KEEPER)
    return user, actor, case, vehicle


def _far_officer(make_user, far):
    user = make_user(Role.POLICE_OFFICER, "far_police")
    return user, actor_of(user)


def test_a_second_force_linking_the_same_registration_changes_and_sees_nothing_of_the_first(
    test_force, make_user, far, make_report
):
    """The bug: a second force's officer who linked a registration to their own case was
    attached to the first force's vehicle record, saw its keeper's name and address, and
    overwrote its make, model, colour and keeper."""
    user, officer, case, vehicle = test_force
    far_user, far_officer = _far_officer(make_user, far)
    far_case = _case(far_officer, "Vehicle seen at the far end")
    link = services.vehicle_link(
        actor=far_officer,
        case_id=far_case.pk,
        registration="ab12 cde",
        make="Vauxhall",
        model="Astra",
        colour="Red",
    )
    assert link.vehicle_id == vehicle.pk  # one identity per registration

    far_page = _browser(far_user).get(f"/cases/vehicles/{vehicle.pk}/").content.decode()
    assert "Vauxhall" in far_page and "Red" in far_page
    for theirs in ("Ford", "Focus", "Blue", "Ellis Testkeeper", "9 Test Close"):
        assert theirs not in far_page

    page = _browser(user).get(f"/cases/vehicles/{vehicle.pk}/").content.decode()
    for ours in ("Ford", "Focus", "Blue", "Ellis Testkeeper", "9 Test Close, Eastmere"):
        assert ours in page
    for theirs in ("Vauxhall", "Astra"):
        assert theirs not in page

    # The test force's keeper letter is still addressed to the keeper it recorded.
    make_report(vehicles=[REG])
    report = make_report(vehicles=[REG], days_ago=2)
    services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    letter = services.action_draft(
        actor=officer,
        case_id=case.pk,
        data=services.ActionInput(kind="keeper_letter", vehicle_registration=REG),
    )
    assert "Ellis Testkeeper" in text_of(documents.render(letter, served_on=None, draft=True))


def test_each_organisation_keeps_its_own_statements(test_force, make_user, far):
    _, officer, _, vehicle = test_force
    _, far_officer = _far_officer(make_user, far)
    far_case = _case(far_officer)
    services.vehicle_link(actor=far_officer, case_id=far_case.pk, registration=REG, colour="Red")
    ours = Fact.objects.filter(subject_id=vehicle.pk, organisation__name="Test Constabulary")
    assert ours.filter(superseded_by__isnull=True).count() == 6  # make, model, colour, keeper
    assert set(ours.values_list("partnership__name", flat=True)) == {"Test Partnership"}
    theirs = Fact.objects.get(subject_id=vehicle.pk, organisation__name="Far Constabulary")
    assert (theirs.property, theirs.value, theirs.case_id) == ("colour", "Red", far_case.pk)
    assert theirs.source_type == "case" and theirs.partnership.name == "Far Partnership"
    far_view = selectors.vehicle_view(actor=far_officer, vehicle=vehicle)
    assert [(s.property, s.text) for s in far_view.statements] == [("colour", "Red")]
    assert far_view.keepers_held_by == ()  # the test force's statements are not in their scope
    view = selectors.vehicle_view(actor=officer, vehicle=vehicle)
    assert view.values("colour") == ["Blue"] and view.values("make") == ["Ford"]


def test_an_organisations_newer_statement_supersedes_only_its_own_older_one(test_force, make_user):
    _, officer, case, vehicle = test_force
    other = actor_of(make_user(Role.POLICE_OFFICER, "other_police"))  # same partnership
    other_case = _case(other)
    services.vehicle_link(actor=other, case_id=other_case.pk, registration=REG, colour="Navy")
    first = Fact.objects.get(
        subject_id=vehicle.pk, property="colour", organisation__name="Test Constabulary"
    )
    again = services.vehicle_fact_assert(
        actor=officer, case_id=case.pk, vehicle_id=vehicle.pk, property="colour", value="Blue"
    )
    assert again.pk == first.pk  # the same statement again is not a new one
    newer = services.vehicle_fact_assert(
        actor=officer, case_id=case.pk, vehicle_id=vehicle.pk, property="colour", value="Dark blue"
    )
    first.refresh_from_db()
    assert first.superseded_by_id == newer.pk and newer.is_current()
    navy = Fact.objects.get(subject_id=vehicle.pk, organisation__name="Other Constabulary")
    assert navy.value == "Navy" and navy.is_current()
    view = selectors.vehicle_view(actor=officer, vehicle=vehicle)
    colours = [(s.organisation, s.text, s.own) for s in view.statements if s.property == "colour"]
    assert colours == [
        ("Other Constabulary", "Navy", False),
        ("Test Constabulary", "Dark blue", True),
    ]
    event = AuditEvent.objects.filter(action="fact.asserted").order_by("-seq").first()
    details = json.loads(event.details)
    assert details["property"] == "colour" and details["supersedes"] == str(first.pk)
    assert "Dark blue" not in event.details  # values stay out of the audit log


def test_keeper_details_are_read_only_by_the_organisation_that_obtained_them(
    test_force, make_user, orgs, signed_in
):
    """Another organisation of the partnership, even a partner on the case, learns only that
    the test force holds keeper details; the test force's own officers read them."""
    _user, officer, case, vehicle = test_force
    services.case_update(actor=officer, case_id=case.pk, partner_ids=[orgs["council"].pk])
    council = actor_of(make_user(Role.COUNCIL_OFFICER))
    view = selectors.vehicle_view(actor=council, vehicle=vehicle)
    assert view.keepers_held_by == ("Test Constabulary",)
    assert not [s for s in view.statements if s.property.startswith("keeper")]
    assert view.values("make") == ["Ford"]  # the description is the partnership's to read
    page = signed_in(Role.COUNCIL_OFFICER).get(f"/cases/vehicles/{vehicle.pk}/")
    assert b"Keeper details held by Test Constabulary" in page.content
    assert b"Ellis Testkeeper" not in page.content
    colleague = actor_of(make_user(Role.POLICE_OFFICER))
    mine = selectors.vehicle_view(actor=colleague, vehicle=vehicle)
    assert mine.values("keeper_name") == ["Ellis Testkeeper"] and mine.keepers_held_by == ()
    reads = AuditEvent.objects.filter(action="record.viewed", object_id=str(vehicle.pk))
    assert "keeper" in [json.loads(event.details)["purpose"] for event in reads]


def test_a_keeper_letter_uses_only_the_issuing_organisations_own_keeper(
    test_force, make_user, make_report, orgs
):
    _, officer, case, vehicle = test_force
    other_user = make_user(Role.POLICE_OFFICER, "other_police")
    other = actor_of(other_user)
    other_case = _case(other)
    services.vehicle_link(actor=other, case_id=other_case.pk, registration=REG)
    make_report(vehicles=[REG])
    report = make_report(vehicles=[REG], days_ago=2)
    services.case_link_report(actor=other, case_id=other_case.pk, report_id=report.pk)
    letter = services.action_draft(
        actor=other,
        case_id=other_case.pk,
        data=services.ActionInput(kind="keeper_letter", vehicle_registration=REG),
    )
    text = text_of(documents.render(letter, served_on=None, draft=True))
    assert "Ellis Testkeeper" not in text and "9 Test Close" not in text
    services.vehicle_set_keeper(
        actor=other,
        case_id=other_case.pk,
        vehicle_id=vehicle.pk,
        name="Robin Otherkeeper",
        address="4 Other Road, Westmere",
    )
    text = text_of(documents.render(letter, served_on=None, draft=True))
    assert "Robin Otherkeeper" in text and "Ellis Testkeeper" not in text
    assert keepers.letter_keeper(letter).name == "Robin Otherkeeper"
    own = selectors.own_keeper(actor=officer, case=case, vehicle_id=vehicle.pk)
    assert own.name == "Ellis Testkeeper"  # the test force's keeper is unchanged


def test_a_shared_case_shares_its_statements_but_never_the_keeper(test_force, make_user, far):
    _, officer, case, vehicle = test_force
    _far_user, far_officer = _far_officer(make_user, far)
    farp = Partnership.objects.get(name="Far Partnership")
    services.case_share(
        actor=officer, case_id=case.pk, to_partnership_id=farp.pk, reason="Seen in their area"
    )
    services.case_update(actor=officer, case_id=case.pk, partner_ids=[far["far_police"].pk])
    view = selectors.vehicle_view(actor=far_officer, vehicle=vehicle)
    assert view.values("make") == ["Ford"]
    assert view.keepers_held_by == ("Test Constabulary",)
    assert not [s for s in view.statements if s.property.startswith("keeper")]


def test_only_the_organisation_that_made_a_statement_withdraws_it(test_force, make_user):
    _, officer, _, vehicle = test_force
    make = Fact.objects.get(subject_id=vehicle.pk, property="make")
    other = actor_of(make_user(Role.POLICE_OFFICER, "other_police"))
    services.vehicle_link(actor=other, case_id=_case(other).pk, registration=REG)
    with pytest.raises(PermissionDenied):
        services.vehicle_fact_retract(actor=other, fact_id=make.pk)
    services.vehicle_fact_retract(actor=officer, fact_id=make.pk)
    make.refresh_from_db()
    assert make.retracted_at is not None and not make.is_current()
    assert selectors.vehicle_view(actor=officer, vehicle=vehicle).values("make") == []
    with pytest.raises(NotFound):
        services.vehicle_fact_retract(actor=officer, fact_id=make.pk)
    assert AuditEvent.objects.filter(action="fact.retracted", object_id=str(vehicle.pk)).exists()


def test_the_statement_withdrawal_page(test_force, signed_in):
    vehicle = test_force[3]
    colour = Fact.objects.get(subject_id=vehicle.pk, property="colour")
    web = signed_in(Role.POLICE_OFFICER)
    page = web.get(f"/cases/vehicles/{vehicle.pk}/").content.decode()
    assert f"/cases/facts/{colour.pk}/withdraw/" in page
    assert web.get(f"/cases/facts/{colour.pk}/withdraw/").status_code == 200
    assert web.post(f"/cases/facts/{colour.pk}/withdraw/").status_code == 302
    assert "Blue" not in web.get(f"/cases/vehicles/{vehicle.pk}/").content.decode()
    council = signed_in(Role.COUNCIL_OFFICER)  # no statement of theirs: no page
    make = Fact.objects.get(subject_id=vehicle.pk, property="make")
    assert council.get(f"/cases/facts/{make.pk}/withdraw/").status_code == 404


def test_a_statement_is_checked_for_its_property(test_force):
    _, officer, case, vehicle = test_force

    def assert_(prop, value, **kw):
        return services.vehicle_fact_assert(
            actor=officer, case_id=case.pk, vehicle_id=vehicle.pk, property=prop, value=value, **kw
        )

    for prop, value, field in (
        ("make", "   ", "make"),
        ("colour", "x" * 41, "colour"),
        ("keeper_name", "the man who was kerb crawling", "keeper_name"),
        ("keeper_person", "not a person", "keeper_person"),
        ("date_of_birth", "1990-01-01", "property"),  # a person's, not a vehicle's
        ("wheels", "4", "property"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            assert_(prop, value)
        assert field in refused.value.errors, prop
    with pytest.raises(ValidationFailed) as refused:
        assert_("make", "Ford", valid_from=date(2026, 5, 2), valid_to=date(2026, 5, 1))
    assert "valid_to" in refused.value.errors
    with pytest.raises(ValidationFailed):
        assert_("make", "Ford", source="unknown")
    dated = assert_("make", "Ford", valid_from=date(2026, 5, 1))
    assert dated.valid_from == date(2026, 5, 1)


def test_statements_are_made_only_on_a_case_the_actor_manages(test_force, make_user, far):
    _, officer, case, vehicle = test_force
    _, far_officer = _far_officer(make_user, far)
    with pytest.raises(NotFound):
        services.vehicle_fact_assert(
            actor=far_officer, case_id=case.pk, vehicle_id=vehicle.pk, property="make", value="X"
        )
    elsewhere = _case(officer, "Another case")
    with pytest.raises(NotFound):  # the vehicle is not on that case
        services.vehicle_fact_assert(
            actor=officer, case_id=elsewhere.pk, vehicle_id=vehicle.pk, property="make", value="X"
        )


def test_the_api_shows_the_current_view(test_force, make_user, far, orgs, client):
    user, officer, case, vehicle = test_force

    def headers(u):
        _, token = account_services.api_token_create(actor=SYSTEM, user=u, name="t")
        return {"Authorization": f"Bearer {token}"}

    url = f"/api/v1/cases/vehicles/{vehicle.pk}"
    answer = client.get(url, headers=headers(user)).json()
    assert {(f["property"], f["text"]) for f in answer["facts"]} >= {
        ("make", "Ford"),
        ("keeper_name", "Ellis Testkeeper"),
    }
    assert answer["keeper_held_by"] == [] and all(f["own"] for f in answer["facts"])
    services.case_update(actor=officer, case_id=case.pk, partner_ids=[orgs["council"].pk])
    council = headers(make_user(Role.COUNCIL_OFFICER))
    seen = client.get(url, headers=council).json()
    assert seen["keeper_held_by"] == ["Test Constabulary"]
    assert not [f for f in seen["facts"] if f["property"].startswith("keeper")]
    far_user, far_officer = _far_officer(make_user, far)
    far_case = _case(far_officer)
    services.vehicle_link(actor=far_officer, case_id=far_case.pk, registration=REG)
    far_headers = headers(far_user)
    made = client.post(
        f"/api/v1/cases/cases/{far_case.pk}/vehicles/{vehicle.pk}/facts",
        data={"property": "make", "value": "Vauxhall"},
        content_type="application/json",
        headers=far_headers,
    )
    assert made.status_code == 201 and made.json()["organisation"] == "Far Constabulary"
    far_answer = client.get(url, headers=far_headers).json()
    assert [(f["property"], f["text"]) for f in far_answer["facts"]] == [("make", "Vauxhall")]
    assert far_answer["keeper_held_by"] == []
    withdrawn = client.post(
        f"/api/v1/cases/facts/{made.json()['id']}/withdraw", headers=far_headers
    )
    assert withdrawn.status_code == 204
    ours = Fact.objects.get(
        subject_id=vehicle.pk, property="make", organisation__name="Test Constabulary"
    )
    refused = client.post(f"/api/v1/cases/facts/{ours.pk}/withdraw", headers=far_headers)
    assert refused.status_code == 404  # not theirs to see, let alone withdraw
