"""Each local authority's enforcement policy applies to its own cases and applications: two
councils with different thresholds and periods give different outcomes (ADR 0014)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from html import unescape
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from conftest import actor_of
from lantern.accounts import services as account_services
from lantern.accounts.models import Partnership
from lantern.audit.models import AuditEvent
from lantern.cases import policy, rules, services
from lantern.cases.tests.conftest import cpw_input
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import NotFound, PermissionDenied, RuleRefused, ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_council(orgs):
    """A second borough, so that Lantern serves two, each with its own policy; a member of
    the test partnership, whose reports its officers link to their cases."""
    orgs["council_b"] = account_services.organisation_create(
        actor=SYSTEM, name="Second Borough Council", kind="council"
    )
    account_services.partnership_add_member(
        actor=SYSTEM,
        partnership_id=Partnership.objects.get(name="Test Partnership").pk,
        organisation_id=orgs["council_b"].pk,
    )
    return orgs["council_b"]


@pytest.fixture
def admin(make_user):
    return actor_of(make_user(Role.ADMIN))


def _set(admin, council, **values):
    return services.enforcement_policy_set(
        actor=admin, organisation_id=council.pk, data=services.PolicyInput(**values)
    )


def _apply(resident, council):
    return services.case_review_apply(actor=resident, council_id=council.pk)


def test_an_unset_policy_is_the_deployments_defaults(orgs, settings):
    settings.LANTERN_CPN_MONTHS = 9
    in_force = policy.policy_for(orgs["council"])
    assert in_force.cpn_months == 9 and not in_force.set_locally
    assert in_force.authority_name == "Test Borough Council"
    assert policy.policy_for(None) == policy.default_policy()


def test_policy_set_is_audited_and_keeps_unset_values_as_defaults(admin, orgs):
    _set(admin, orgs["council"], case_review_incidents=2, fpn_cpn_pence=7_500)
    in_force = policy.policy_for(orgs["council"])
    assert (in_force.case_review_incidents, in_force.fpn_cpn_pence) == (2, 7_500)
    assert in_force.case_review_months == 6  # the default
    assert in_force.set_locally == {"case_review_incidents", "fpn_cpn_pence"}
    event = AuditEvent.objects.filter(action="enforcement_policy.set").get()
    assert event.object_id == str(orgs["council"].pk)
    details = json.loads(event.details)
    assert details["changed"] == ["case_review_incidents", "fpn_cpn_pence"]
    assert details["in_force"]["case_review_incidents"] == 2


def test_policy_set_validates_each_value_against_the_act(admin, orgs):
    with pytest.raises(ValidationFailed) as refused:
        _set(admin, orgs["council"], case_review_incidents=4, fpn_pspo_pence=60_000)
    assert "no more than three" in refused.value.errors["case_review_incidents"][0]
    assert "fpn_pspo_pence" in refused.value.errors


def test_only_an_administrator_sets_a_policy_and_only_for_a_council(admin, orgs, supervisor):
    with pytest.raises(PermissionDenied):
        _set(supervisor, orgs["council"], cpw_months=3)
    with pytest.raises(NotFound):
        _set(admin, orgs["police"], cpw_months=3)


# --- the ASB Case Review threshold ----------------------------------------------------------


def test_CASE_REVIEW_THRESHOLD_incidents_differ_per_council(
    admin, orgs, second_council, resident, make_report
):
    _set(admin, second_council, case_review_incidents=2)
    make_report(category="noise", days_ago=10)
    make_report(category="noise", days_ago=3)
    with pytest.raises(RuleRefused) as refused:
        _apply(resident, orgs["council"])
    assert refused.value.message.startswith(
        "An ASB Case Review application needs Test Borough Council's threshold to be met: "
        "3 incidents reported within the last 6 months, or 1 hate incident,"
    )
    review = _apply(resident, second_council)
    assert review.council == second_council and len(review.report_ids) == 2


def test_CASE_REVIEW_THRESHOLD_months_differ_per_council(
    admin, orgs, second_council, resident, make_report
):
    _set(admin, second_council, case_review_months=3)
    for days in (120, 100, 2):  # reported on the day of each incident
        with time_machine.travel(clock.now() - timedelta(days=days)):
            make_report(category="noise", days_ago=0)
    with pytest.raises(RuleRefused) as refused:
        _apply(resident, second_council)
    assert "3 incidents reported within the last 3 months" in refused.value.message
    assert _apply(resident, orgs["council"]).council == orgs["council"]


def test_CASE_REVIEW_THRESHOLD_hate_incidents_differ_per_council(
    admin, orgs, second_council, resident, make_report
):
    _set(admin, second_council, case_review_hate_incidents=0)
    make_report(category="intimidation", answers={"hate": "yes"})
    with pytest.raises(RuleRefused) as refused:
        _apply(resident, second_council)
    assert "hate incident" not in refused.value.message  # no separate hate rule there
    assert _apply(resident, orgs["council"]).hate_incident


def test_an_application_names_its_council_when_lantern_serves_several(
    orgs, second_council, resident, make_report
):
    for days in (10, 5, 2):
        make_report(category="noise", days_ago=days)
    with pytest.raises(ValidationFailed) as refused:
        services.case_review_apply(actor=resident)
    assert "council" in refused.value.errors


def test_the_rules_command_lists_the_threshold_template_and_the_default_message():
    out = StringIO()
    call_command("rules", "--json", stdout=out)
    listed = {r["id"]: r for r in json.loads(out.getvalue())["rules"]}
    threshold = listed["CASE_REVIEW_THRESHOLD"]
    assert "{threshold}" in threshold["template"] and "{authority}" in threshold["template"]
    assert "3 incidents reported within the last 6 months" in threshold["message"]
    assert "Essex" not in threshold["message"] + threshold["source"]


# --- warnings, notices and fixed penalties ----------------------------------------------------


def _council_case(make_user, key):
    """A case a council owns, with its officer, supervisor, a person and a report."""
    officer = actor_of(make_user(Role.COUNCIL_OFFICER, key))
    supervisor = actor_of(make_user(Role.SUPERVISOR, key))
    case = services.case_open(
        actor=officer, data=services.CaseInput(kind="person", title="Noise on Larkspur Row")
    )
    person = services.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=services.PersonInput(
            given_name="Corin", family_name="Testwright", date_of_birth=date(1990, 3, 4)
        ),
    ).person
    return officer, supervisor, case, person


@pytest.fixture
def two_cases(make_user, make_report, orgs, second_council):
    cases = {}
    for key in ("council", "council_b"):
        officer, supervisor, case, person = _council_case(make_user, key)
        report = make_report()
        services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
        cases[key] = (officer, supervisor, case, person, report)
    return cases


def _serve_cpw(officer, supervisor, case, person, report):
    action = services.action_draft(actor=officer, case_id=case.pk, data=cpw_input(person, report))
    services.action_approve(actor=supervisor, action_id=action.pk)
    return services.action_serve(actor=officer, action_id=action.pk, how="hand")


def test_cpw_and_cpn_durations_differ_per_council(admin, two_cases, second_council):
    _set(admin, second_council, cpw_months=3, cpn_months=24)
    today = clock.now().date()
    first = _serve_cpw(*two_cases["council"])
    second = _serve_cpw(*two_cases["council_b"])
    assert first.expires_on == rules.add_months(today, 6)  # the default
    assert second.expires_on == rules.add_months(today, 3)
    assert policy.policy_for(second_council).months_for("cpn") == 24


def _pspo_penalty(officer, case, person, **values):
    return services.action_draft(
        actor=officer,
        case_id=case.pk,
        data=services.ActionInput(
            kind="pspo_fpn",
            person_id=person.pk,
            conduct="Drinking alcohol in the restricted area after being asked to stop.",
            **values,
        ),
    )


def test_fpn_amounts_differ_per_council(admin, two_cases, second_council):
    _set(admin, second_council, fpn_pspo_pence=7_500)
    officer, _, case, person, _ = two_cases["council"]
    assert _pspo_penalty(officer, case, person).amount_pence == 10_000  # the default
    officer, _, case, person, _ = two_cases["council_b"]
    assert _pspo_penalty(officer, case, person).amount_pence == 7_500


def test_FPN_AMOUNT_CAP_date_differs_per_council(admin, two_cases, second_council):
    _set(admin, second_council, fpn_cap_500_from=clock.now().date(), fpn_pspo_pence=30_000)
    officer, _, case, person, _ = two_cases["council"]
    with pytest.raises(RuleRefused) as refused:
        _pspo_penalty(officer, case, person, amount_pence=30_000)
    assert refused.value.rule_id == "FPN_AMOUNT_CAP"
    officer, _, case, person, _ = two_cases["council_b"]
    assert _pspo_penalty(officer, case, person).amount_pence == 30_000


# --- the pages that set and show the policy ---------------------------------------------------


def test_an_administrator_edits_the_policy_on_its_page(signed_in, orgs):
    admin = signed_in(Role.ADMIN)
    url = f"/cases/policy/{orgs['council'].pk}/"
    page = admin.get(url).content.decode()
    assert "Enforcement policy" in page and "3 incidents (default)" in page
    response = admin.post(url, {"case_review_incidents": "2", "fpn_cpn_pounds": "75.50"})
    assert response.status_code == 302
    in_force = policy.policy_for(orgs["council"])
    assert (in_force.case_review_incidents, in_force.fpn_cpn_pence) == (2, 7_550)
    assert "2 incidents (set by the authority)" in admin.get(url).content.decode()


def test_the_policy_page_refuses_a_threshold_above_three_with_a_clear_error(signed_in, orgs):
    admin = signed_in(Role.ADMIN)
    response = admin.post(f"/cases/policy/{orgs['council'].pk}/", {"case_review_incidents": "5"})
    assert response.status_code == 422
    assert "Enter a number from 1 to 3" in response.content.decode()
    assert admin.get(f"/cases/policy/{orgs['police'].pk}/").status_code == 404  # not a council
    # (signed_in signs the same client in again, as a supervisor)
    assert signed_in(Role.SUPERVISOR).get(f"/cases/policy/{orgs['council'].pk}/").status_code == 403


def test_the_review_page_shows_each_councils_threshold(
    admin, orgs, second_council, signed_in, make_report
):
    _set(admin, second_council, case_review_incidents=2, case_review_hate_incidents=0)
    client = signed_in(Role.RESIDENT)
    page = client.get("/cases/review/").content.decode()
    assert "3 incidents reported within the last 6 months, or 1 hate incident" in page
    assert "2 incidents reported within the last 6 months," in page
    assert "Eastmere" not in page


def test_the_decision_page_shows_the_threshold_the_application_was_made_under(
    admin, orgs, second_council, resident, make_report, signed_in
):
    _set(admin, second_council, case_review_incidents=2)
    for days in (10, 3):
        make_report(category="noise", days_ago=days)
    review = _apply(resident, second_council)
    officer = signed_in(Role.COUNCIL_OFFICER)
    page = officer.get(f"/cases/reviews/{review.pk}/").content.decode()
    assert "Second Borough Council" in page
    assert "2 incidents reported within the last 6 months" in page


def test_the_drafting_page_shows_the_policy_in_force(admin, two_cases, second_council, client):
    _set(admin, second_council, cpw_months=3, fpn_pspo_pence=8_000)
    officer, _, case, _, _ = two_cases["council_b"]
    from lantern.accounts.models import User

    client.force_login(User.objects.get(pk=officer.user_id))
    _past_two_factor(client)
    page = unescape(client.get(f"/cases/{case.pk}/actions/new/?kind=cpw").content.decode())
    assert "Second Borough Council's policy: a warning lasts 3 months" in page
    page = client.get(f"/cases/{case.pk}/actions/new/?kind=pspo_fpn").content.decode()
    assert "Second Borough Council has set: £80" in page
    assert "The most it may be today is £100" in page


def _past_two_factor(client):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user_id=client.session["_auth_user_id"])
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def test_a_cpn_fixed_penalty_takes_the_amount_of_the_council_it_is_paid_to(
    admin, two_cases, second_council
):
    _set(admin, second_council, fpn_cpn_pence=9_000)
    officer, supervisor, case, person, report = two_cases["council_b"]
    start = clock.now()
    _serve_cpw(officer, supervisor, case, person, report)
    with time_machine.travel(start + timedelta(days=15)):
        cpn = services.action_draft(
            actor=officer,
            case_id=case.pk,
            data=cpw_input(person, report, kind="cpn", compliance_days=None),
        )
        services.action_approve(actor=supervisor, action_id=cpn.pk)
        services.action_serve(actor=officer, action_id=cpn.pk, how="hand")
        breach = services.breach_record(
            actor=officer,
            action_id=cpn.pk,
            occurred_on=clock.now().date(),
            requirement_index=0,
            details="Knocking on doors again",
            evidence=[{"kind": "report", "id": str(report.pk)}],
        )
        penalty = services.action_draft(
            actor=officer,
            case_id=case.pk,
            data=services.ActionInput(kind="fpn_cpn", breach_id=breach.pk),
        )
    assert penalty.amount_pence == 9_000
    assert rules.policy_for_action(penalty).authority_id == second_council.pk


def test_the_api_says_each_councils_threshold_and_applies_to_the_one_chosen(
    admin, orgs, second_council, resident, make_report, client, make_user
):
    _set(admin, second_council, case_review_incidents=2)
    for days in (10, 3):
        make_report(category="noise", days_ago=days)
    _, token = account_services.api_token_create(actor=SYSTEM, user=_user(resident), name="test")
    headers = {"Authorization": f"Bearer {token}"}
    base = "/api/v1/cases/case-reviews"
    first = client.get(
        f"{base}/eligibility?council_id={orgs['council'].pk}", headers=headers
    ).json()
    second = client.get(
        f"{base}/eligibility?council_id={second_council.pk}", headers=headers
    ).json()
    assert (first["eligible"], first["threshold_incidents"]) == (False, 3)
    assert (second["eligible"], second["threshold_incidents"]) == (True, 2)
    assert second["council_name"] == "Second Borough Council"
    refused = client.post(
        base,
        data={"council_id": str(orgs["council"].pk)},
        content_type="application/json",
        headers=headers,
    )
    assert refused.status_code == 422 and refused.json()["rule"] == "CASE_REVIEW_THRESHOLD"
    assert "Test Borough Council's threshold" in refused.json()["message"]
    made = client.post(
        base,
        data={"council_id": str(second_council.pk)},
        content_type="application/json",
        headers=headers,
    )
    assert made.status_code == 201
    _, officer_token = account_services.api_token_create(
        actor=SYSTEM, user=make_user(Role.COUNCIL_OFFICER), name="test"
    )
    detail = client.get(
        f"{base}/{made.json()['id']}", headers={"Authorization": f"Bearer {officer_token}"}
    ).json()
    assert detail["council_id"] == str(second_council.pk)
    assert detail["threshold"].startswith("2 incidents reported within the last 6 months")


def _user(actor):
    from lantern.accounts.models import User

    return User.objects.get(pk=actor.user_id)
