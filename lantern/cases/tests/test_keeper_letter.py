"""A keeper letter alleges nothing by construction (KEEPER_LETTER_NO_ALLEGATION): it is a
fixed template whose only fields are the time a vehicle was seen, the place as a street
address and the vehicle's registration, addressed to the keeper the DVLA names. A keyword
list let "picking up a woman for sex" through; here that phrase is tried on every route into
a letter (the draft's fields, the API, the page, the resident's report, the vehicle, the
keeper's details, and the database itself), and no served letter ever says it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import actor_of
from lantern.accounts import services as account_services
from lantern.cases import documents, services
from lantern.cases.addresses import person_name, postal_address, street_address
from lantern.cases.models import Document, EnforcementAction, Fact
from lantern.cases.tests.test_document_wording import text_of
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import RuleRefused, ValidationFailed
from lantern.reports import services as report_services
from lantern.reports.services import ReportInput

pytestmark = pytest.mark.django_db

PHRASE = "picking up a woman for sex"
REG = "AB12CDE"


def _sighting(resident, officer, case, *, address="Larkspur Row, Eastmere", description=""):
    report = report_services.report_create(
        actor=resident,
        data=ReportInput(
            category_code="kerb-crawling",
            latitude=51.5412,
            longitude=0.7183,
            occurred_from=clock.now() - timedelta(days=1),
            description=description or "A car stopped and drove slowly past several times.",
            address=address,
            vehicles=[REG],
        ),
    ).report
    services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    return report


def _draft(officer, case, **fields):
    return services.action_draft(
        actor=officer,
        case_id=case.pk,
        data=services.ActionInput(kind="keeper_letter", vehicle_registration=REG, **fields),
    )


def _served_text(letter, officer, supervisor) -> str:
    services.action_approve(actor=supervisor, action_id=letter.pk)
    services.action_serve(actor=officer, action_id=letter.pk, how="post")
    return text_of(bytes(Document.objects.get(action=letter).content))


def test_keeper_letter_no_allegation_the_phrase_reaches_no_letter_by_any_route(
    officer, supervisor, resident, case
):
    # The resident's report: its description is never printed; its address only as a
    # street address, which the phrase is not.
    _sighting(resident, officer, case, description=f"A man in a grey car was {PHRASE}.")
    with pytest.raises(TypeError):  # the draft has no extra paragraph to write it in
        services.ActionInput(kind="keeper_letter", note=PHRASE)
    assert not hasattr(EnforcementAction, "note")
    for field in (
        "conduct",
        "detrimental_effect",
        "persistent_nature",
        "unreasonable_because",
        "locality",
        "inspector_authorisation",
        "supervisor_name",
    ):
        with pytest.raises(ValidationFailed) as refused:
            _draft(officer, case, **{field: PHRASE})
        assert "fixed template" in refused.value.errors[field][0]
    with pytest.raises(ValidationFailed):
        _draft(officer, case, requirements=[{"kind": "stop", "text": PHRASE}])

    # The vehicle's description, from an officer: not a field of the letter.
    vehicle = services.vehicle_link(
        actor=officer, case_id=case.pk, registration=REG, make=PHRASE, model=PHRASE
    ).vehicle
    # The keeper's details, from an officer: refused unless they have a name's and an
    # address's shape.
    for name, address in ((PHRASE, "9 Test Close, Eastmere"), ("Ellis Testkeeper", PHRASE)):
        with pytest.raises(ValidationFailed):
            services.vehicle_set_keeper(
                actor=officer, case_id=case.pk, vehicle_id=vehicle.pk, name=name, address=address
            )
    services.vehicle_set_keeper(
        actor=officer,
        case_id=case.pk,
        vehicle_id=vehicle.pk,
        name="Ellis Testkeeper",
        address="9 Test Close, Eastmere EM4 2ZZ",
    )

    letter = _draft(officer, case)
    text = _served_text(letter, officer, supervisor)
    assert "Place: Larkspur Row, Eastmere" in text and "Vehicle: AB12 CDE" in text
    assert "To: Ellis Testkeeper 9 Test Close, Eastmere EM4 2ZZ" in text
    for word in ("picking", "woman", "sex"):
        assert word not in text.lower()


def test_keeper_letter_no_allegation_a_report_whose_place_is_a_sentence(
    officer, supervisor, resident, case
):
    mixed = _sighting(resident, officer, case, address=f"Larkspur Row, {PHRASE}")
    with pytest.raises(ValidationFailed) as refused:  # the only sighting: no street address
        _draft(officer, case)
    assert "street address" in refused.value.errors["sighting"][0]
    _sighting(resident, officer, case, address="12 High Street, Eastmere")
    letter = _draft(officer, case)  # the latest sighting with a street address
    assert letter.sighting["place"] == "12 High Street, Eastmere"
    with pytest.raises(ValidationFailed):  # the other, chosen: refused
        _draft(officer, case, sighting_report_id=mixed.pk)
    assert PHRASE not in _served_text(letter, officer, supervisor)


def test_keeper_letter_no_allegation_drafting_needs_a_street_address_not_a_map_point(
    officer, resident, case
):
    _sighting(resident, officer, case, address="")  # a point on the map, no address
    with pytest.raises(ValidationFailed) as refused:
        _draft(officer, case)
    message = refused.value.errors["sighting"][0]
    assert "as a point on the map" in message and "12 High Street, Eastmere" in message


def test_keeper_letter_no_allegation_holds_when_the_database_is_written_behind_its_back(
    officer, supervisor, resident, case
):
    _sighting(resident, officer, case)
    letter = _draft(officer, case)
    for change in (
        {"sighting": {**letter.sighting, "place": PHRASE}},
        {"conduct": PHRASE},
        {"locality": PHRASE},
    ):
        EnforcementAction.objects.filter(pk=letter.pk).update(**change)
        with pytest.raises(RuleRefused) as refused:
            services.action_approve(actor=supervisor, action_id=letter.pk)
        assert refused.value.rule_id == "KEEPER_LETTER_NO_ALLEGATION"
        action = EnforcementAction.objects.get(pk=letter.pk)
        assert PHRASE not in text_of(documents.render(action, served_on=None, draft=True))
        EnforcementAction.objects.filter(pk=letter.pk).update(
            sighting=letter.sighting, conduct="", locality=""
        )
    # The officer's organisation's own keeper statements, written behind Lantern's back.
    for prop, value in (("keeper_name", PHRASE), ("keeper_address", "9 Test Close")):
        Fact.objects.create(
            subject_type="vehicle",
            subject_id=letter.vehicle_id,
            property=prop,
            value=value,
            organisation_id=case.organisation_id,
            partnership_id=case.partnership_id,
            case=case,
            source_type="dvla_keeper_enquiry",
            asserted_at=clock.now(),
        )
    with pytest.raises(RuleRefused):
        services.action_approve(actor=supervisor, action_id=letter.pk)
    action = EnforcementAction.objects.get(pk=letter.pk)
    assert PHRASE not in text_of(documents.render(action, served_on=None, draft=True))


def test_keeper_letter_no_allegation_the_api_and_the_page_take_only_the_fields(
    client, signed_in, resident
):
    web = signed_in(Role.POLICE_OFFICER)
    officer = actor_of(web.user)
    case = services.case_open(
        actor=officer, data=services.CaseInput(kind="person", title="Kerb crawling")
    )
    _sighting(resident, officer, case)
    _, token = account_services.api_token_create(actor=SYSTEM, user=web.user, name="test")
    url = f"/api/v1/cases/cases/{case.pk}/actions"
    headers = {"Authorization": f"Bearer {token}"}
    body = {"kind": "keeper_letter", "vehicle_registration": REG}
    for extra in ({"note": PHRASE}, {"conduct": PHRASE}):
        response = client.post(
            url, data=body | extra, content_type="application/json", headers=headers
        )
        assert response.status_code == 422, response.content
    assert not EnforcementAction.objects.exists()

    new = f"/cases/{case.pk}/actions/new/?kind=keeper_letter"
    page = web.get(new).content.decode()
    assert "Extra paragraph" not in page and 'name="note"' not in page
    response = web.post(
        new, {"vehicle_registration": REG, "sighting": "latest", "note": PHRASE, "conduct": PHRASE}
    )
    assert response.status_code == 302
    letter = EnforcementAction.objects.get(kind="keeper_letter")
    assert not letter.conduct and PHRASE not in str(letter.sighting)


def test_keeper_letter_no_allegation_the_shapes_of_a_place_a_name_and_an_address():
    assert street_address("Larkspur Row, Eastmere") == "Larkspur Row, Eastmere"
    assert street_address("9 Quillon Close, Eastmere EM4 2ZZ") == (
        "9 Quillon Close, Eastmere EM4 2ZZ"
    )
    assert street_address("The Broadway, Southend-on-Sea") == "The Broadway, Southend-on-Sea"
    for sentence in (
        PHRASE,
        PHRASE.title(),
        f"12 High Street, {PHRASE}",
        f"12 High Street, {PHRASE.title()}",
    ):
        assert street_address(sentence) is None, sentence
        assert person_name(sentence) is None, sentence
        assert postal_address(sentence) is None, sentence
    assert street_address("Outside 12 High Street") is None
    assert street_address("51.54120, 0.71830") is None
    assert person_name("J. R. Hartley") == "J. R. Hartley"
    assert person_name("Royal Bank of Scotland plc") == "Royal Bank of Scotland plc"
    assert postal_address("Flat 2\n14 Harbour Road\nEastmere EM3 4ZZ") == (
        "Flat 2, 14 Harbour Road, Eastmere EM3 4ZZ"
    )
