"""What each served document says, read back from its PDF: every statutory sentence is
there (whitespace normalised, since PDF text wraps), cited in documents.py by the constant's
name, and what must never be there is not. Documents are served through the real workflow.

Sections are ASBCPA 2014's unless named; DOMAIN.md section 1 has their words and sources.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
import time_machine
from pypdf import PdfReader

from conftest import actor_of
from lantern.accounts import services as accounts
from lantern.accounts.models import User
from lantern.cases import documents, issuers, services
from lantern.cases.documents import wording as w
from lantern.cases.documents.parties import NEEDS_POWER
from lantern.cases.models import Document, EnforcementAction
from lantern.cases.tests.conftest import cpw_input, served
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import ValidationFailed
from lantern.reports import services as report_services
from lantern.reports.services import ReportInput

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    """The PDF's text as one line: whitespace runs (wrapped lines included) become a space."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def said(sentence: str) -> str:
    """A wording constant as the PDF shows it: without markup, whitespace normalised."""
    return " ".join(re.sub(r"<[^>]+>", "", sentence).split())


def document_of(action) -> str:
    return text_of(bytes(Document.objects.get(action=action).content))


# --- builders: the staged route through the real workflow ----------------------------------


@pytest.fixture
def served_cpw(officer, supervisor, case, person, linked_report):
    cpw = services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
    )
    return served(cpw.pk, officer=officer, supervisor=supervisor)


@pytest.fixture
def served_cpn(officer, supervisor, case, person, linked_report, served_cpw):
    with time_machine.travel(clock.now() + timedelta(days=15)):
        cpn = services.action_draft(
            actor=officer,
            case_id=case.pk,
            data=cpw_input(person, linked_report, kind="cpn", compliance_days=None),
        )
        return served(cpn.pk, officer=officer, supervisor=supervisor)


def _fpn(officer, supervisor, case, linked_report, cpn, *, serve=True):
    with time_machine.travel(clock.now() + timedelta(days=20)):
        breach = services.breach_record(
            actor=officer,
            action_id=cpn.pk,
            occurred_on=clock.now().date(),
            requirement_index=0,
            details="Seen knocking on doors on Larkspur Row at 2am.",
            evidence=[{"kind": "report", "id": str(linked_report.pk)}],
        )
        fpn = services.action_draft(
            actor=officer,
            case_id=case.pk,
            data=services.ActionInput(kind="fpn_cpn", breach_id=breach.pk, amount_pence=10_000),
        )
        if serve:
            fpn = served(fpn.pk, officer=officer, supervisor=supervisor)
        return fpn, breach


def _keeper_letter(officer, supervisor, case, resident, *, address="Larkspur Row, Eastmere"):
    report = report_services.report_create(
        actor=resident,
        data=ReportInput(
            category_code="kerb-crawling",
            latitude=51.5412,
            longitude=0.7183,
            occurred_from=clock.now() - timedelta(days=1),
            description="A car stopped and drove slowly past several times.",
            address=address,
            vehicles=["AB12 CDE"],
        ),
    ).report
    services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    vehicle = case.subjects.get(vehicle__registration="AB12CDE").vehicle
    services.vehicle_set_keeper(
        actor=officer,
        case_id=case.pk,
        vehicle_id=vehicle.pk,
        name="Ellis Testkeeper",
        address="9 Test Close, Testham",
    )
    return services.action_draft(
        actor=officer,
        case_id=case.pk,
        data=services.ActionInput(kind="keeper_letter", vehicle_registration="AB12CDE"),
    )


# --- Community Protection Warning (s.43(5)) --------------------------------------------------


def test_cpw_states_s43_5_a_notice_will_be_issued(served_cpw):
    text = document_of(served_cpw)
    assert said(w.CPW_WRITTEN_WARNING_S43_5) in text
    assert said(w.CPW_NOTICE_WILL_BE_ISSUED_S43_5_A) in text
    assert "a Community Protection Notice will be issued to you" in text
    assert "may be issued" not in text


def test_cpw_names_issuer_and_authority_s53(served_cpw, officer, orgs):
    text = document_of(served_cpw)
    name = User.objects.get(pk=officer.user_id).display_name
    issued = (
        f"This warning is given by {name}, {w.CAPACITY_CONSTABLE_S53_1_A}, "
        f"on behalf of {orgs['police'].name}."
    )
    assert said(issued) in text


def test_cpw_has_no_support_section_without_a_review_saying_so(served_cpw):
    assert "Help and support" not in document_of(served_cpw)


# --- Community Protection Notice (s.43(7)(b): the effect of ss.46 to 51) -------------------


def test_cpn_states_s43_5_written_warning_came_first(served_cpn, served_cpw):
    text = document_of(served_cpn)
    assert said(w.CPN_UNDER_S43) in text
    warned = w.CPN_AFTER_WARNING_S43_5.format(warned_on=f" on {served_cpw.served_on:%-d %B %Y}")
    assert said(warned) in text


def test_cpn_states_s46_appeal_and_its_effect(served_cpn):
    text = document_of(served_cpn)
    assert said(w.CPN_APPEAL_S46) in text
    assert said(w.CPN_APPEAL_EFFECT_S46) in text


def test_cpn_states_s47_consent_for_premises_other_than_open_land(served_cpn):
    text = document_of(served_cpn)
    assert said(w.CPN_REMEDIAL_OPEN_LAND_S47_2) in text
    assert said(w.CPN_REMEDIAL_CONSENT_S47_3_4) in text
    assert "the owner agrees too" in text


def test_cpn_states_s48_either_defence(served_cpn):
    text = document_of(served_cpn)
    assert said(w.CPN_OFFENCE_S48) in text
    assert said(w.CPN_EITHER_DEFENCE_S48) in text
    assert (
        "you do not commit the offence if you took all reasonable steps to comply with the "
        "notice, or if there is some other reasonable excuse"
    ) in text
    assert said(w.CPN_PENALTY_S48) in text
    # The old wording read as needing both defences.
    assert "without a reasonable excuse, or without having taken all reasonable steps" not in text


def test_cpn_states_s51_seizure_warrant_needs_no_conviction(served_cpn):
    text = document_of(served_cpn)
    seizure = said(w.CPN_SEIZURE_WARRANT_S51)
    assert seizure in text
    assert "reasonable grounds for suspecting" in seizure
    # The seizure warrant is not put under "If you are convicted" (ss.49 and 50 only).
    assert text.index(seizure) < text.index("If you are convicted")
    assert "warrant" not in said(w.CPN_ON_CONVICTION_S49_S50)


def test_cpn_states_s52_payment_discharges_conviction(served_cpn):
    text = document_of(served_cpn)
    assert said(w.CPN_FIXED_PENALTY_S52) in text
    assert "before the end of the 14 days following the date of that notice, you cannot be" in text
    assert said(w.CPN_ON_CONVICTION_S49_S50) in text


# --- Fixed penalty notice for a CPN breach (s.52) -------------------------------------------


def test_fpn_states_s52_6_d_e_payee_name_address_and_methods(
    officer, supervisor, case, linked_report, served_cpn, orgs
):
    fpn, _ = _fpn(officer, supervisor, case, linked_report, served_cpn)
    text = document_of(fpn)
    council = orgs["council"]
    assert said(w.FPN_OFFER_S52_3.format(payee=council.name)) in text
    pay_to = " ".join([w.FPN_PAY_TO_S52_6_D, council.name, *council.address.splitlines()])
    assert said(pay_to) in text
    assert said(f"{w.FPN_METHODS_S52_6_E} {council.payment_methods}") in text


def test_fpn_states_s52_5_no_proceedings_for_14_days_and_payment_discharges(
    officer, supervisor, case, linked_report, served_cpn
):
    fpn, _ = _fpn(officer, supervisor, case, linked_report, served_cpn)
    text = document_of(fpn)
    until = f" (that is, before the end of {fpn.served_on + timedelta(days=14):%-d %B %Y})"
    assert said(w.FPN_NO_PROCEEDINGS_S52_5_A.format(until=until)) in text
    assert said(w.FPN_PAYMENT_DISCHARGES_S52_5_B) in text
    assert (
        "No proceedings will be taken for this offence before the end of the period of 14" in text
    )
    assert "If you pay the fixed penalty before the end of that period, you cannot be" in text


def test_fpn_states_s52_6_a_c_particulars_and_amount(
    officer, supervisor, case, linked_report, served_cpn
):
    fpn, breach = _fpn(officer, supervisor, case, linked_report, served_cpn)
    text = document_of(fpn)
    assert said(w.FPN_AMOUNT_S52_6_C.format(amount="100.00")) in text
    particulars = w.FPN_CPN_PARTICULARS_S52_6_A.format(
        notice=documents.reference_of(served_cpn),
        served_on=f"{served_cpn.served_on:%-d %B %Y}",
        occurred_on=f"{breach.occurred_on:%-d %B %Y}",
        act=w.ACT,
        details=breach.details,
    )
    assert said(particulars) in text
    requirement = "You must stop: Stop knocking on doors on Larkspur Row"
    assert said(w.FPN_CPN_REQUIREMENT.format(requirement=requirement)) in text


def test_fpn_is_not_served_without_s52_6_d_e_payee_address_and_methods(
    officer, supervisor, case, linked_report, served_cpn, orgs
):
    accounts.organisation_set_details(
        actor=SYSTEM,
        organisation_id=orgs["council"].pk,
        details=accounts.OrganisationDetails(telephone="01632 960 002"),
    )
    fpn, _ = _fpn(officer, supervisor, case, linked_report, served_cpn, serve=False)
    services.action_approve(actor=supervisor, action_id=fpn.pk)
    with pytest.raises(ValidationFailed) as refused:
        services.action_serve(actor=officer, action_id=fpn.pk, how="hand")
    assert any("52(6)(d)" in m for m in refused.value.errors["document"])
    assert any("52(6)(e)" in m for m in refused.value.errors["document"])
    assert not Document.objects.filter(action=fpn).exists()
    fpn.refresh_from_db()
    assert fpn.state == "approved"
    draft = text_of(documents.render(fpn, served_on=None, draft=True))
    assert "Cannot be served yet" in draft


# --- Keeper letter (DOMAIN.md 3.5; the keeper's data is personal data, section 7) -----------


def test_keeper_letter_prints_the_contact_details_it_promises(
    officer, supervisor, case, resident, orgs
):
    letter = _keeper_letter(officer, supervisor, case, resident)
    text = document_of(served(letter.pk, officer=officer, supervisor=supervisor))
    police = orgs["police"]
    assert "please contact us using the details below" in text
    contact = " ".join(
        [
            "Contact us",
            police.name,
            *police.address.splitlines(),
            f"Telephone: {police.telephone}",
            f"Email: {police.email}",
        ]
    )
    assert said(contact) in text


def test_keeper_letter_has_a_privacy_notice_for_the_keeper_data(
    officer, supervisor, case, resident, orgs
):
    letter = _keeper_letter(officer, supervisor, case, resident)
    text = document_of(served(letter.pk, officer=officer, supervisor=supervisor))
    police = orgs["police"]
    for sentence in (
        w.KEEPER_PRIVACY_HEADING,
        w.KEEPER_PRIVACY_WHO.format(organisation=police.name),
        w.KEEPER_PRIVACY_WHY,
        w.KEEPER_PRIVACY_HOW_LONG.format(kept_for=police.keeper_data_kept_for),
        w.KEEPER_PRIVACY_RIGHTS,
        w.KEEPER_PRIVACY_DPO.format(contact=police.data_protection_contact),
        w.KEEPER_PRIVACY_ICO,
    ):
        assert said(sentence) in text


def test_keeper_letter_gives_the_place_as_a_street_address(officer, supervisor, case, resident):
    letter = _keeper_letter(officer, supervisor, case, resident)
    text = document_of(served(letter.pk, officer=officer, supervisor=supervisor))
    assert "Place: Larkspur Row, Eastmere" in text
    assert not w.COORDINATES.search(text)


def test_keeper_letter_never_prints_raw_coordinates(officer, supervisor, case, resident):
    # Drafting needs a sighting with a street address (KEEPER_LETTER_NO_ALLEGATION)...
    with pytest.raises(ValidationFailed) as refused:
        _keeper_letter(officer, supervisor, case, resident, address="")
    assert "street address" in refused.value.errors["sighting"][0]
    # ...and a letter whose place became coordinates anyway is neither served nor printed so.
    letter = _keeper_letter(officer, supervisor, case, resident)
    services.action_approve(actor=supervisor, action_id=letter.pk)
    EnforcementAction.objects.filter(pk=letter.pk).update(
        sighting={**letter.sighting, "place": "51.54120, 0.71830"}
    )
    letter.refresh_from_db()
    with pytest.raises(ValidationFailed) as refused:
        documents.render(letter, served_on=clock.now().date())
    assert any("street address" in m for m in refused.value.errors["document"])
    assert not Document.objects.filter(action=letter).exists()
    draft = text_of(documents.render(letter, served_on=None, draft=True))
    assert not w.COORDINATES.search(draft)
    assert "51.54" not in draft


# --- Dispersal direction (s.35; the offence is s.39) -----------------------------------------


def test_dispersal_states_s35_6_failing_to_comply_is_an_offence(
    officer, supervisor, case, person, orgs
):
    direction = services.action_draft(
        actor=officer,
        case_id=case.pk,
        data=services.ActionInput(
            kind="dispersal",
            person_id=person.pk,
            locality="Larkspur Row",
            inspector_authorisation="Insp 1234 ref D/22",
            duration_hours=48,
        ),
    )
    text = document_of(served(direction.pk, officer=officer, supervisor=supervisor))
    assert said(w.DISPERSAL_OFFENCE_S35_6_S39) in text
    assert "Failing without reasonable excuse to comply with this direction is an offence" in text
    direction_sentence = w.DISPERSAL_DIRECTION_S35_1.format(
        act=w.ACT, locality="Larkspur Row", hours=48
    )
    assert said(direction_sentence) in text
    assert said(w.DISPERSAL_AUTHORISED_S34.format(authorisation="Insp 1234 ref D/22")) in text
    assert f"{w.CAPACITY_CONSTABLE_S53_1_A}, on behalf of {orgs['police'].name}" in text


# --- PSPO fixed penalty (s.68) ----------------------------------------------------------------


def test_pspo_fpn_states_s68_4_and_its_payee(officer, supervisor, case, person, orgs):
    fpn = services.action_draft(
        actor=officer,
        case_id=case.pk,
        data=services.ActionInput(
            kind="pspo_fpn",
            person_id=person.pk,
            conduct="Drinking in the restricted area on Larkspur Row and refusing to stop.",
            amount_pence=7_500,
        ),
    )
    fpn = served(fpn.pk, officer=officer, supervisor=supervisor)
    text = document_of(fpn)
    council = orgs["council"]
    assert said(w.FPN_OFFER_S52_3.format(payee=council.name)) in text
    assert said(w.FPN_AMOUNT_S52_6_C.format(amount="75.00")) in text
    assert said(w.FPN_PAYMENT_DISCHARGES_S52_5_B) in text
    assert said(f"{w.FPN_METHODS_S52_6_E} {council.payment_methods}") in text


# --- every document: the same action renders the same bytes ------------------------------


def test_served_documents_render_the_same_bytes_again(
    officer, supervisor, case, resident, linked_report, served_cpw, served_cpn
):
    fpn, _ = _fpn(officer, supervisor, case, linked_report, served_cpn)
    letter = served(
        _keeper_letter(officer, supervisor, case, resident).pk,
        officer=officer,
        supervisor=supervisor,
    )
    for action in (served_cpw, served_cpn, fpn, letter):
        frozen = bytes(Document.objects.get(action=action).content)
        assert documents.render(action, served_on=action.served_on) == frozen


# --- the issuer's power, as the documents name it, is one ISSUER_AUTHORISED recognises -----

POWER_OF = {
    w.CAPACITY_CONSTABLE_S53_1_A: issuers.CONSTABLE,
    w.CAPACITY_PCSO_PRA_SCH4: issuers.PCSO,
    w.CAPACITY_COUNCIL_S53_1_B: issuers.COUNCIL,
    w.CAPACITY_DESIGNATED_S53_1_C: issuers.COUNCIL,
    w.CAPACITY_LANDLORD_SI_2015_749: issuers.LANDLORD,
}


def test_documents_name_the_s53_power_issuer_authorised_recognises(make_user, orgs, case, officer):
    orgs["housing"] = accounts.organisation_create(
        actor=SYSTEM, name="Test Homes", kind="housing_provider"
    )
    # The council is a partner of the case, so its designations count on it (s.53(1)(c)).
    services.case_update(actor=officer, case_id=case.pk, partner_ids=[orgs["council"].pk])
    # Each designation is granted by the body that makes it (DESIGNATING_BODY).
    granting = {
        "pcso": actor_of(make_user(Role.SUPERVISOR, "police")),
        "council": actor_of(make_user(Role.ADMIN, "council")),
        "social_landlord": actor_of(make_user(Role.ADMIN, "council")),
    }
    users = []
    for role, org, designations in (
        (Role.POLICE_OFFICER, "police", ()),
        (Role.SUPERVISOR, "police", ("council",)),
        (Role.PCSO, "police", ("pcso",)),
        (Role.PCSO, "police", ("pcso", "council")),
        (Role.PCSO, "police", ()),
        (Role.COUNCIL_OFFICER, "council", ()),
        (Role.SUPPORT_WORKER, "charity", ("council",)),
        (Role.SUPPORT_WORKER, "housing", ("social_landlord",)),
        (Role.SUPPORT_WORKER, "housing", ("social_landlord", "council")),
    ):
        user = make_user(role, org)
        for kind in designations:
            services.designation_grant(actor=granting[kind], user_id=user.pk, kind=kind)
        users.append(user)
    checked = 0
    for user in users:
        powers = issuers.issuer_powers(actor_of(user), case)
        for kind in sorted(NEEDS_POWER):
            allowed = powers & issuers.ISSUERS[kind]
            issuer = documents.issuer_of(EnforcementAction(case=case, kind=kind, created_by=user))
            assert issuer is not None
            if allowed:
                assert POWER_OF[issuer.capacity] in allowed, (user.display_name, kind)
                assert issuer.organisation is not None
                checked += 1
            elif not powers:
                assert issuer.capacity == ""
    assert checked > 30
