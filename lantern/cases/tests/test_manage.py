"""Managing a case through its pages: lead officer, partners, reviews, SARA stage, victim
risk, closure, subjects' roles, a vehicle's keeper and superseding a served action. Each
change is on the timeline and in the audit log; outsiders get 403 or 404."""

from __future__ import annotations

import pytest

from conftest import actor_of
from lantern.audit.models import AuditEvent
from lantern.cases import keepers, selectors, services
from lantern.cases.models import Case, CaseSubject, Designation, EnforcementAction
from lantern.cases.tests.conftest import cpw_input, served
from lantern.core import clock
from lantern.core.actor import Role
from lantern.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(signed_in, make_report):
    client = signed_in(Role.POLICE_OFFICER)
    officer = actor_of(client.user)
    case = services.case_open(
        actor=officer, data=services.CaseInput(kind="person", title="Larkspur Row")
    )
    report = make_report(vehicles=["AB12CDE"])
    services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    client.officer, client.case, client.report = officer, case, report
    client.base = f"/cases/{case.pk}/"
    return client


def _timeline(case) -> str:
    return " | ".join(n.text for n in Case.objects.get(pk=case.pk).notes.all())


def test_lead_officer_is_chosen_from_those_who_may_lead(desk, make_user):
    colleague = make_user(Role.PCSO)
    outsider = make_user(Role.POLICE_OFFICER, "other_police")
    page = desk.get(f"{desk.base}lead-officer/")
    assert page.status_code == 200
    assert colleague.display_name.encode() in page.content
    assert outsider.display_name.encode() not in page.content
    refused = desk.post(f"{desk.base}lead-officer/", {"lead_officer": str(outsider.pk)})
    assert refused.status_code == 422
    assert (
        desk.post(f"{desk.base}lead-officer/", {"lead_officer": str(colleague.pk)}).status_code
        == 302
    )
    assert Case.objects.get(pk=desk.case.pk).lead_officer_id == colleague.pk
    assert f"Lead officer: {colleague.display_name}" in _timeline(desk.case)
    with pytest.raises(ValidationFailed):
        services.case_update(actor=desk.officer, case_id=desk.case.pk, lead_officer_id=outsider.pk)


def test_partners_get_access_and_lose_it(desk, orgs, make_user):
    council = actor_of(make_user(Role.COUNCIL_OFFICER))
    assert not selectors.case_list(actor=council).filter(pk=desk.case.pk).exists()
    page = desk.get(f"{desk.base}partners/")
    assert b"Test Borough Council" in page.content
    assert b"Test Constabulary" not in page.content  # the case's own organisation
    desk.post(f"{desk.base}partners/", {"partners": [str(orgs["council"].pk)]})
    assert selectors.case_list(actor=council).filter(pk=desk.case.pk).exists()
    desk.post(f"{desk.base}partners/", {})
    assert not selectors.case_list(actor=council).filter(pk=desk.case.pk).exists()
    assert "Partner organisations with access: none" in _timeline(desk.case)
    bad = desk.post(f"{desk.base}partners/", {"partners": ["not-a-uuid"]})
    assert bad.status_code == 422


def test_a_case_review_sets_the_next_review_date(desk):
    soon = clock.now().date().replace(year=clock.now().year + 1)
    response = desk.post(
        f"{desk.base}review/", {"note": "Reports have fallen.", "next_review_on": soon.isoformat()}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=desk.case.pk).next_review_on == soon
    assert "Case reviewed: Reports have fallen." in _timeline(desk.case)
    past = desk.post(f"{desk.base}review/", {"note": "x", "next_review_on": "2000-01-01"})
    assert past.status_code == 422 and b"must not be past" in past.content
    empty = desk.post(f"{desk.base}review/", {"note": "", "next_review_on": "nonsense"})
    assert empty.status_code == 422
    assert AuditEvent.objects.filter(action="case.reviewed").count() == 1


def test_stage_risk_and_closure(desk):
    assert desk.get(f"{desk.base}stage/").status_code == 404  # a person case has no SARA
    place = services.case_open(
        actor=desk.officer, data=services.CaseInput(kind="place", title="Larkspur Row area")
    )
    assert desk.post(f"/cases/{place.pk}/stage/", {"stage": "response"}).status_code == 302
    assert Case.objects.get(pk=place.pk).sara_stage == "response"
    missing = desk.post(f"{desk.base}risk/", {"level": "high"})
    assert missing.status_code == 422 and b"Record how the risk was assessed" in missing.content
    desk.post(f"{desk.base}risk/", {"level": "high", "notes": "Threats made at the door."})
    assert Case.objects.get(pk=desk.case.pk).victim_risk == "high"
    page = desk.get(desk.base)
    assert b'Change<span class="govuk-visually-hidden"> lead officer' in page.content
    assert desk.post(f"{desk.base}close/", {"reason": "Moved away."}).status_code == 302
    closed = desk.get(desk.base)
    assert b"Moved away." in closed.content
    assert b"Record a case review" not in closed.content
    again = desk.post(f"{desk.base}risk/", {"level": "medium", "notes": "x"})
    assert again.status_code == 422 and b"This case is closed" in again.content


def test_a_subjects_role_changes_on_the_timeline(desk):
    person = services.person_link(
        actor=desk.officer,
        case_id=desk.case.pk,
        role="witness",
        data=services.PersonInput(given_name="Ada", family_name="Testwitness"),
    )
    url = f"{desk.base}subjects/{person.pk}/role/"
    assert desk.get(url).status_code == 200
    assert desk.post(url, {"role": "victim"}).status_code == 302
    assert CaseSubject.objects.get(pk=person.pk).role == "victim"
    assert "Ada Testwitness: Witness is now Victim" in _timeline(desk.case)
    assert AuditEvent.objects.filter(action="case.subject_role_changed").count() == 1
    assert desk.post(url, {"role": "emperor"}).status_code == 422


def test_the_keeper_is_recorded_for_the_letter(desk):
    vehicle = desk.case.subjects.get(vehicle__isnull=False).vehicle
    url = f"{desk.base}vehicles/{vehicle.pk}/keeper/"
    assert desk.post(url, {"keeper_name": "", "keeper_address": ""}).status_code == 422
    response = desk.post(
        url, {"keeper_name": "Ellis Testkeeper", "keeper_address": "9 Test Close, Eastmere"}
    )
    assert response.status_code == 302
    page = desk.get(f"/cases/vehicles/{vehicle.pk}/")
    assert b"Ellis Testkeeper" in page.content
    case_page = desk.get(desk.base).content
    assert f"/cases/vehicles/{vehicle.pk}/".encode() in case_page
    assert b"vehicles/AB12" not in case_page
    letter = services.action_draft(
        actor=desk.officer,
        case_id=desk.case.pk,
        data=services.ActionInput(kind="keeper_letter", vehicle_registration="AB12CDE"),
    )
    keeper = keepers.letter_keeper(letter)  # the officer's organisation's own statement
    assert keeper.name == "Ellis Testkeeper" and keeper.person_id is None


def test_the_keeper_may_be_a_person_on_the_case(desk):
    """Then a letter to the keeper is addressed to that person (and safeguarding's gate
    applies: tests/test_safeguarding_enforcement.py)."""
    vehicle = desk.case.subjects.get(vehicle__isnull=False).vehicle
    person = services.person_link(
        actor=desk.officer,
        case_id=desk.case.pk,
        role="registered_keeper",
        data=services.PersonInput(given_name="Ellis", family_name="Testkeeper"),
    ).person
    url = f"{desk.base}vehicles/{vehicle.pk}/keeper/"
    page = desk.get(url).content.decode()
    assert "Is the keeper one of the people on this case?" in page and str(person.pk) in page
    form = {"keeper_name": "Ellis Testkeeper", "keeper_address": "9 Test Close, Eastmere"}
    refused = desk.post(url, form | {"keeper_name": "the man who was kerb crawling"})
    assert refused.status_code == 422  # a name, not a sentence: the letter prints it
    assert desk.post(url, form | {"keeper_person": str(person.pk)}).status_code == 302

    def held():
        return selectors.own_keeper(actor=desk.officer, case=desk.case, vehicle_id=vehicle.pk)

    assert held().person_id == person.pk
    assert desk.post(url, form | {"keeper_person": "none"}).status_code == 302
    assert held().person_id is None


def test_a_supervisor_supersedes_a_served_warning(desk, make_user, signed_in):
    person = services.person_link(
        actor=desk.officer,
        case_id=desk.case.pk,
        role="perpetrator",
        data=services.PersonInput(family_name="Testperson", estimated_age=30),
    ).person
    boss_user = make_user(Role.SUPERVISOR)
    cpw = services.action_draft(
        actor=desk.officer, case_id=desk.case.pk, data=cpw_input(person, desk.report)
    )
    served(cpw.pk, officer=desk.officer, supervisor=actor_of(boss_user))
    url = f"/cases/actions/{cpw.pk}/supersede/"
    assert desk.get(url).status_code == 403  # officers may not withdraw a served notice
    assert b"Supersede it" not in desk.get(f"/cases/actions/{cpw.pk}/").content
    desk.force_login(boss_user)
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    session = desk.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=boss_user).persistent_id
    session.save()
    assert b"Supersede it with a corrected draft" in desk.get(f"/cases/actions/{cpw.pk}/").content
    assert desk.post(url, {"reason": ""}).status_code == 422
    response = desk.post(url, {"reason": "Wrong street name"})
    assert response.status_code == 302
    new = EnforcementAction.objects.get(supersedes=cpw)
    assert response["Location"] == f"/cases/actions/{new.pk}/"
    assert new.state == "draft"
    assert EnforcementAction.objects.get(pk=cpw.pk).state == "withdrawn"
    assert b"see the action it supersedes" in desk.get(response["Location"]).content


@pytest.mark.parametrize("role", [Role.ANALYST, Role.SUPPORT_WORKER, Role.RESIDENT])
def test_those_who_may_not_manage_get_403(desk, make_user, role, client):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user(role)
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    for path in ("lead-officer/", "partners/", "review/", "risk/", "close/"):
        assert client.get(f"{desk.base}{path}").status_code == 403, path


def test_another_force_gets_404(desk, make_user, client):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user(Role.POLICE_OFFICER, "other_police")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    for path in ("lead-officer/", "partners/", "review/", "risk/", "close/"):
        assert client.get(f"{desk.base}{path}").status_code == 404, path
    vehicle = desk.case.subjects.get(vehicle__isnull=False).vehicle
    assert client.get(f"/cases/vehicles/{vehicle.pk}/").status_code == 404
    assert client.post(f"{desk.base}risk/", {"level": "high", "notes": "x"}).status_code == 404


def test_a_supervisor_grants_and_revokes_a_pcsos_designation(signed_in, make_user, orgs):
    pcso = make_user(Role.PCSO)
    stranger = make_user(Role.PCSO, "other_police")
    client = signed_in(Role.SUPERVISOR)
    page = client.get("/cases/designations/")
    assert page.status_code == 200
    assert pcso.display_name.encode() in page.content
    assert stranger.display_name.encode() not in page.content
    refused = client.post("/cases/designations/", {"user": str(stranger.pk), "kind": "pcso"})
    assert refused.status_code == 422
    granted = client.post("/cases/designations/", {"user": str(pcso.pk), "kind": "pcso"})
    assert granted.status_code == 302
    designation = Designation.objects.get(user_id=pcso.pk, revoked_at=None)
    assert b"Revoke" in client.get("/cases/designations/").content
    url = f"/cases/designations/{designation.pk}/revoke/"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert Designation.objects.get(pk=designation.pk).revoked_at is not None
    assert client.post(url).status_code == 404
    assert AuditEvent.objects.filter(action="designation.revoked").count() == 1
    officer = signed_in(Role.POLICE_OFFICER)
    assert officer.get("/cases/designations/").status_code == 403
