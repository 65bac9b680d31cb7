"""The partnership is the scope (docs/adr/0015-partnership-is-the-scope.md): staff of another
partnership see none of a case, its people, vehicles, actions and documents, in lists, on
pages or through the API, and cannot write to it; a share (and a partner organisation of
theirs) lets them see it; withdrawing it hides it again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import FAR_POINT, actor_of
from lantern.accounts import services as account_services
from lantern.accounts.models import Partnership
from lantern.cases import selectors, services
from lantern.cases.models import Case, CaseNote, CaseReview
from lantern.cases.tests.conftest import cpw_input, served
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.reports import services as report_services
from lantern.reports.services import ReportInput

pytestmark = pytest.mark.django_db


def _browser(user) -> Client:
    browser = Client()
    browser.force_login(user)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    session = browser.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return browser


def _token(user) -> dict[str, str]:
    _, token = account_services.api_token_create(actor=SYSTEM, user=user, name="scope")
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def farp(far):
    return Partnership.objects.get(name="Far Partnership")


@pytest.fixture
def stranger(make_user, far):
    """An officer of the far partnership's force."""
    return make_user(Role.POLICE_OFFICER, "far_police")


@pytest.fixture
def casework(officer, supervisor, make_report):
    """A test-partnership case with a person, a vehicle, a report and a served warning."""
    case = services.case_open(
        actor=officer, data=services.CaseInput(kind="person", title="Doorways on Larkspur Row")
    )
    report = make_report(vehicles=["AB12CDE"])
    services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    person = services.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=services.PersonInput(given_name="Corin", family_name="Testwright", estimated_age=30),
    ).person
    action = services.action_draft(actor=officer, case_id=case.pk, data=cpw_input(person, report))
    served(action.pk, officer=officer, supervisor=supervisor)
    vehicle = case.subjects.get(vehicle__isnull=False).vehicle
    document = action.documents.get()
    return {"case": case, "person": person, "vehicle": vehicle, "action": action, "doc": document}


def _hidden_from(user, work) -> None:
    """Everything of the case is out of ``user``'s sight: lists, pages, API, writes."""
    actor = actor_of(user)
    case = work["case"]
    assert not selectors.case_list(actor=actor).filter(pk=case.pk).exists()
    assert not selectors.action_list(actor=actor).filter(pk=work["action"].pk).exists()
    for get, kwargs in (
        (selectors.case_get, {"case_id": case.pk}),
        (selectors.person_get, {"person_id": work["person"].pk}),
        (selectors.vehicle_get, {"vehicle_id": work["vehicle"].pk}),
        (selectors.action_get, {"action_id": work["action"].pk}),
        (selectors.document_get, {"document_id": work["doc"].pk}),
    ):
        with pytest.raises(NotFound):
            get(actor=actor, **kwargs)
    browser = _browser(user)
    assert case.reference not in browser.get("/cases/").content.decode()
    for url in (
        f"/cases/{case.pk}/",
        f"/cases/people/{work['person'].pk}/",
        f"/cases/vehicles/{work['vehicle'].pk}/",
        f"/cases/actions/{work['action'].pk}/",
        f"/cases/documents/{work['doc'].pk}/",
        f"/cases/{case.pk}/close/",
    ):
        assert browser.get(url).status_code == 404, url
    assert browser.post(f"/cases/{case.pk}/close/", {"reason": "Mine now"}).status_code == 404
    headers = _token(user)
    api = "/api/v1/cases"
    assert browser.get(f"{api}/cases/{case.pk}", headers=headers).status_code == 404
    assert browser.get(f"{api}/cases", headers=headers).json()["results"] == []
    assert browser.get(f"{api}/people/{work['person'].pk}", headers=headers).status_code == 404
    refused = browser.post(
        f"{api}/cases/{case.pk}/people",
        data={"role": "witness", "family_name": "Intruder"},
        content_type="application/json",
        headers=headers,
    )
    assert refused.status_code == 404
    for write in (
        lambda: services.case_close(actor=actor, case_id=case.pk, reason="Mine now"),
        lambda: services.vehicle_link(actor=actor, case_id=case.pk, registration="XY12ZZZ"),
        lambda: services.case_update(actor=actor, case_id=case.pk, partner_ids=[]),
        lambda: services.action_approve(actor=actor, action_id=work["action"].pk),
    ):
        with pytest.raises(NotFound):
            write()
    assert Case.objects.get(pk=case.pk).status == "open"


def test_another_partnerships_staff_see_and_change_nothing_of_a_case(casework, stranger):
    assert casework["case"].partnership.name == "Test Partnership"
    assert casework["person"].partnership_id == casework["case"].partnership_id
    _hidden_from(stranger, casework)


def test_a_share_and_a_partner_organisation_let_them_see_it_and_withdrawal_hides_it_again(
    casework, stranger, officer, far, farp
):
    case = casework["case"]
    far_actor = actor_of(stranger)
    assert far["far_police"].pk not in dict(selectors.partner_choices(case=case))
    with pytest.raises(ValidationFailed):  # not theirs to offer before a share
        services.case_update(actor=officer, case_id=case.pk, partner_ids=[far["far_police"].pk])
    share = services.case_share(
        actor=officer, case_id=case.pk, to_partnership_id=farp.pk, reason="Seen in their area"
    )
    # Shared, the case is in their scope; its organisation and partners still decide.
    assert not selectors.case_list(actor=far_actor).exists()
    assert far["far_police"].pk in dict(selectors.partner_choices(case=case))
    services.case_update(actor=officer, case_id=case.pk, partner_ids=[far["far_police"].pk])
    assert selectors.case_list(actor=far_actor).get() == case
    assert selectors.person_get(actor=far_actor, person_id=casework["person"].pk)
    assert selectors.action_get(actor=far_actor, action_id=casework["action"].pk)
    browser = _browser(stranger)
    assert browser.get(f"/cases/{case.pk}/").status_code == 200
    assert case.reference in browser.get("/cases/").content.decode()
    headers = _token(stranger)
    assert browser.get(f"/api/v1/cases/cases/{case.pk}", headers=headers).status_code == 200
    with pytest.raises(PermissionDenied):  # only the owning partnership shares it on
        services.case_share(
            actor=far_actor, case_id=case.pk, to_partnership_id=farp.pk, reason="Again"
        )

    services.case_share_withdraw(actor=officer, case_id=case.pk, share_id=share.pk)
    case.refresh_from_db()
    assert list(case.partners.all()) == []  # their organisation lost access with the share
    notes = list(CaseNote.objects.filter(case=case, kind="share").values_list("text", flat=True))
    assert "Shared with Far Partnership" in notes
    assert any("Far Constabulary" in note for note in notes)
    _hidden_from(stranger, casework)


def test_a_case_is_shared_from_its_page(casework, officer, signed_in, farp):
    case = casework["case"]
    web = signed_in(Role.POLICE_OFFICER)
    page = web.get(f"/cases/{case.pk}/").content.decode()
    assert "Share the case with another partnership" in page and "Far Partnership" in page
    refused = web.post(f"/cases/{case.pk}/shares/", {"partnership": str(farp.pk), "reason": ""})
    assert refused.status_code == 422
    shared = web.post(
        f"/cases/{case.pk}/shares/", {"partnership": str(farp.pk), "reason": "Their area too"}
    )
    assert shared.status_code == 302
    share = selectors.case_shares(case=case).get()
    page = web.get(f"/cases/{case.pk}/").content.decode()
    assert "Their area too" in page
    withdraw = f"/cases/{case.pk}/shares/{share.pk}/withdraw/"
    assert withdraw in page
    assert web.get(withdraw).status_code == 200
    assert web.post(withdraw).status_code == 302
    assert not selectors.case_shares(case=case).exists()
    assert web.post(withdraw).status_code == 404


def test_cases_are_shared_through_the_api(casework, officer, make_user, farp):
    case = casework["case"]
    client = Client()
    headers = _token(make_user(Role.POLICE_OFFICER))
    url = f"/api/v1/cases/cases/{case.pk}/shares"
    made = client.post(
        url,
        data={"partnership_id": str(farp.pk), "reason": "Their area too"},
        content_type="application/json",
        headers=headers,
    )
    assert made.status_code == 201 and made.json()["partnership_id"] == str(farp.pk)
    assert [s["id"] for s in client.get(url, headers=headers).json()] == [made.json()["id"]]
    again = client.post(
        url,
        data={"partnership_id": str(farp.pk), "reason": "Twice"},
        content_type="application/json",
        headers=headers,
    )
    assert again.status_code == 422
    gone = client.post(f"{url}/{made.json()['id']}/withdraw", headers=headers)
    assert gone.status_code == 200 and gone.json()["withdrawn_at"]
    assert client.get(url, headers=headers).json() == []


def test_a_case_belongs_to_the_partnership_its_creator_chooses(make_user, orgs, farp, signed_in):
    account_services.partnership_add_member(
        actor=SYSTEM, partnership_id=farp.pk, organisation_id=orgs["police"].pk
    )
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    with pytest.raises(ValidationFailed) as refused:
        services.case_open(actor=officer, data=services.CaseInput(kind="person", title="Where?"))
    assert "partnership" in refused.value.errors
    case = services.case_open(
        actor=officer,
        data=services.CaseInput(kind="person", title="Far end", partnership_id=farp.pk),
    )
    assert case.partnership == farp and case.organisation == orgs["police"]
    web = signed_in(Role.POLICE_OFFICER)
    page = web.get("/cases/new/").content.decode()
    assert "Which partnership is the case for?" in page and "Far Partnership" in page
    made = web.post(
        "/cases/new/", {"partnership_id": str(farp.pk), "kind": "person", "title": "Chosen"}
    )
    assert made.status_code == 302
    assert Case.objects.get(title="Chosen").partnership == farp
    alone = signed_in(Role.COUNCIL_OFFICER).get("/cases/new/").content.decode()
    assert "Which partnership" not in alone  # one partnership: nothing to choose


def test_a_person_of_another_partnership_is_never_linked_to_a_case(
    casework, stranger, make_user, orgs, farp
):
    far_actor = actor_of(stranger)
    far_case = services.case_open(
        actor=far_actor, data=services.CaseInput(kind="person", title="Far doorways")
    )
    with pytest.raises(NotFound):  # not theirs to see
        services.person_link_existing(
            actor=far_actor,
            case_id=far_case.pk,
            person_id=casework["person"].pk,
            role="witness",
        )
    # A force in both partnerships sees the person, and still cannot bring them across.
    account_services.partnership_add_member(
        actor=SYSTEM, partnership_id=farp.pk, organisation_id=orgs["police"].pk
    )
    both = actor_of(make_user(Role.POLICE_OFFICER))
    theirs = services.case_open(
        actor=both,
        data=services.CaseInput(kind="person", title="Far side", partnership_id=farp.pk),
    )
    with pytest.raises(ValidationFailed) as refused:
        services.person_link_existing(
            actor=both, case_id=theirs.pk, person_id=casework["person"].pk, role="witness"
        )
    assert "person" in refused.value.errors


def test_only_a_report_the_actor_may_see_is_linked(officer, make_report, resident):
    """The reports selector decides: a report in the safeguarding queue is not a police
    officer's to see, so it is not theirs to link."""
    case = services.case_open(
        actor=officer, data=services.CaseInput(kind="person", title="Larkspur Row")
    )
    hidden = report_services.report_create(
        actor=resident,
        data=ReportInput(
            category_code="concern-for-safety",
            latitude=51.5412,
            longitude=0.7183,
            occurred_from=clock.now(),
            description="A young woman looked frightened getting into a car.",
        ),
    ).report
    assert hidden.queue == "safeguarding"
    with pytest.raises(NotFound):
        services.case_link_report(actor=officer, case_id=case.pk, report_id=hidden.pk)
    assert not case.report_links.exists()


def _far_reports(resident) -> None:
    """Three incidents reported by the resident at the far partnership's place."""
    latitude, longitude = FAR_POINT
    for days in (1, 2, 3):
        report_services.report_create(
            actor=resident,
            data=ReportInput(
                category_code="noise",
                latitude=latitude,
                longitude=longitude,
                occurred_from=clock.now() - timedelta(days=days),
                description="Loud music from the flats every night.",
            ),
        )


def test_an_asb_case_review_belongs_to_the_partnership_of_the_place(
    resident, make_user, far, make_report
):
    _far_reports(resident)
    review = services.case_review_apply(actor=resident, council_id=far["far_council"].pk)
    assert review.partnership.name == "Far Partnership"
    test_council = actor_of(make_user(Role.COUNCIL_OFFICER))
    far_council = actor_of(make_user(Role.COUNCIL_OFFICER, "far_council"))
    assert not selectors.case_review_list(actor=test_council).filter(pk=review.pk).exists()
    with pytest.raises(NotFound):
        selectors.case_review_get(actor=test_council, review_id=review.pk)
    with pytest.raises(NotFound):
        services.case_review_decide(actor=test_council, review_id=review.pk, threshold_met=True)
    assert selectors.case_review_get(actor=far_council, review_id=review.pk) == review
    assert selectors.case_review_get(actor=resident, review_id=review.pk) == review  # theirs
    assert CaseReview.objects.filter(partnership__name="Far Partnership").count() == 1


def test_an_application_to_a_council_goes_to_its_only_partnership_when_no_place_is_its(
    resident, make_report, far
):
    """Reports in the test partnership's area, to the far council (a member of the far
    partnership only): the council's one partnership takes it."""
    for days in (1, 2, 3):
        make_report(category="noise", days_ago=days)
    review = services.case_review_apply(actor=resident, council_id=far["far_council"].pk)
    assert review.partnership.name == "Far Partnership"


def test_another_partnerships_council_policy_and_designations_are_out_of_reach(
    make_user, orgs, far, signed_in
):
    far_admin = actor_of(make_user(Role.ADMIN, "far_council"))
    with pytest.raises(NotFound):
        selectors.authority_get(actor=far_admin, organisation_id=orgs["council"].pk)
    with pytest.raises(NotFound):
        services.enforcement_policy_set(
            actor=far_admin,
            organisation_id=orgs["council"].pk,
            data=services.PolicyInput(cpw_months=6),
        )
    assert selectors.authority_get(actor=far_admin, organisation_id=far["far_council"].pk)
    assert (
        signed_in(Role.ADMIN, "far_council").get(f"/cases/policy/{orgs['council'].pk}/").status_code
        == 404
    )
    # Designations: a test-partnership council's, out of a far administrator's sight.
    supervisor = actor_of(make_user(Role.SUPERVISOR, "council"))
    officer = make_user(Role.COUNCIL_OFFICER)
    granted = services.designation_grant(actor=supervisor, user_id=officer.pk, kind="council")
    assert granted.organisation == orgs["council"]
    assert granted.pk not in [d.pk for d, _ in selectors.designation_list(actor=far_admin)]
    assert orgs["council"].pk not in dict(selectors.granting_bodies(actor=far_admin))
    with pytest.raises(NotFound):
        services.designation_revoke(actor=far_admin, designation_id=granted.pk)
