"""The preconditions that were checked inline, and the checks a legal review found missing,
each a named rule exercised through the services (and the pages or API where they show):
a notice for the same conduct as an unexpired warning, one fixed penalty per breach, an
Engagement and Support Order's six months, approval by another supervisor, who designates,
and what an appeal suspends."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine

from conftest import actor_of
from lantern.audit.models import AuditEvent
from lantern.cases import rules, selectors, services, workflow
from lantern.cases.models import Designation
from lantern.cases.requirements import requirement_statuses
from lantern.cases.tests.conftest import cpw_input, served
from lantern.core import clock
from lantern.core.actor import Role
from lantern.core.errors import RuleRefused, ValidationFailed

pytestmark = pytest.mark.django_db


def _refused(rule_id, call, **kwargs) -> RuleRefused:
    with pytest.raises(RuleRefused) as refused:
        call(**kwargs)
    assert refused.value.rule_id == rule_id
    assert (
        refused.value.message
        == rules.__dict__[
            next(n for n, c in vars(rules).items() if getattr(c, "id", None) == rule_id)
        ].message()
    )
    return refused.value


def _notice(person, report, **overrides):
    return cpw_input(person, report, kind="cpn", compliance_days=None, **overrides)


# --- CPN_WARNING_SAME_CONDUCT ----------------------------------------------------------------


def test_cpn_warning_same_conduct_refuses_a_notice_for_other_conduct(
    officer, supervisor, case, person, linked_report
):
    start = clock.now()
    warning = services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
    )
    served(warning.pk, officer=officer, supervisor=supervisor)
    assert warning.conduct_category == "doorstep"
    with time_machine.travel(start + timedelta(days=15)):
        # The notice names the warning it follows, but is about noise: refused.
        _refused(
            "CPN_WARNING_SAME_CONDUCT",
            services.action_draft,
            actor=officer,
            case_id=case.pk,
            data=_notice(
                person, linked_report, conduct_category="noise", prior_warning_id=warning.pk
            ),
        )
        # No warning chosen: Lantern takes the latest to them, and still compares.
        _refused(
            "CPN_WARNING_SAME_CONDUCT",
            services.action_draft,
            actor=officer,
            case_id=case.pk,
            data=_notice(person, linked_report, conduct_category="noise"),
        )
        notice = services.action_draft(
            actor=officer, case_id=case.pk, data=_notice(person, linked_report)
        )
        assert notice.prior_warning_id == warning.pk
        assert notice.conduct_category == warning.conduct_category


def test_cpn_warning_same_conduct_needs_the_kind_of_conduct_recorded(
    officer, case, person, linked_report
):
    with pytest.raises(ValidationFailed) as invalid:
        services.action_draft(
            actor=officer,
            case_id=case.pk,
            data=cpw_input(person, linked_report, conduct_category=""),
        )
    assert "conduct_category" in invalid.value.errors


def test_cpn_warning_same_conduct_through_the_api(client, make_user, make_report):
    from lantern.accounts import services as account_services
    from lantern.core.actor import SYSTEM

    user = make_user(Role.POLICE_OFFICER)
    _, token = account_services.api_token_create(actor=SYSTEM, user=user, name="test")
    headers = {"Authorization": f"Bearer {token}"}
    officer = actor_of(user)
    supervisor = actor_of(make_user(Role.SUPERVISOR))
    case = services.case_open(
        actor=officer, data=services.CaseInput(kind="person", title="Larkspur Row")
    )
    report = make_report()
    services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    person = services.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=services.PersonInput(family_name="Testperson", estimated_age=30),
    ).person
    start = clock.now()
    warning = services.action_draft(actor=officer, case_id=case.pk, data=cpw_input(person, report))
    served(warning.pk, officer=officer, supervisor=supervisor)
    body = {
        "kind": "cpn",
        "person_id": str(person.pk),
        "prior_warning_id": str(warning.pk),
        "conduct_category": "litter",
        "conduct": "Leaving litter in the doorway",
        "detrimental_effect": "Residents step over rubbish",
        "persistent_nature": "Every night",
        "unreasonable_because": "There are bins",
        "evidence": [{"kind": "report", "id": str(report.pk)}],
        "requirements": [{"kind": "stop", "text": "Stop leaving litter"}],
    }
    with time_machine.travel(start + timedelta(days=15)):
        response = client.post(
            f"/api/v1/cases/cases/{case.pk}/actions",
            data=body,
            content_type="application/json",
            headers=headers,
        )
    assert response.status_code == 422
    assert response.json() == {
        "rule": "CPN_WARNING_SAME_CONDUCT",
        "message": rules.CpnWarningSameConduct.message(),
        "source": rules.CpnWarningSameConduct.source,
    }


# --- CPN_WARNING_NOT_EXPIRED -----------------------------------------------------------------


def test_cpn_warning_not_expired_when_its_months_have_passed(
    officer, supervisor, case, person, linked_report
):
    warning = services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
    )
    warning = served(warning.pk, officer=officer, supervisor=supervisor)
    assert warning.expires_on is not None
    with time_machine.travel(warning.expires_on + timedelta(days=1)):
        _refused(
            "CPN_WARNING_NOT_EXPIRED",
            services.action_draft,
            actor=officer,
            case_id=case.pk,
            data=_notice(person, linked_report),
        )
    with time_machine.travel(warning.expires_on):  # its last day: it still grounds a notice
        assert services.action_draft(
            actor=officer, case_id=case.pk, data=_notice(person, linked_report)
        ).pk


def test_cpn_warning_not_expired_once_lantern_records_its_expiry(
    officer, supervisor, case, person, linked_report
):
    start = clock.now()
    warning = services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
    )
    served(warning.pk, officer=officer, supervisor=supervisor)
    with time_machine.travel(start + timedelta(days=15)):
        notice = services.action_draft(
            actor=officer, case_id=case.pk, data=_notice(person, linked_report)
        )
        services.action_transition(actor=officer, action_id=warning.pk, name="expire")
        # A draft made before the warning expired cannot be approved on it.
        _refused(
            "CPN_WARNING_NOT_EXPIRED",
            services.action_approve,
            actor=supervisor,
            action_id=notice.pk,
        )


# --- FPN_ONE_PER_BREACH ----------------------------------------------------------------------


def _breach(officer, supervisor, case, person, report, start):
    warning = services.action_draft(actor=officer, case_id=case.pk, data=cpw_input(person, report))
    served(warning.pk, officer=officer, supervisor=supervisor)
    with time_machine.travel(start + timedelta(days=15)):
        notice = services.action_draft(actor=officer, case_id=case.pk, data=_notice(person, report))
        served(notice.pk, officer=officer, supervisor=supervisor)
        return services.breach_record(
            actor=officer,
            action_id=notice.pk,
            occurred_on=clock.now().date(),
            requirement_index=0,
            details="Knocking on doors again",
            evidence=[{"kind": "report", "id": str(report.pk)}],
        )


def test_fpn_one_per_breach_and_none_after_a_referral(
    officer, supervisor, case, person, linked_report
):
    start = clock.now()
    breach = _breach(officer, supervisor, case, person, linked_report, start)
    penalty = services.ActionInput(kind="fpn_cpn", breach_id=breach.pk, amount_pence=10_000)
    with time_machine.travel(start + timedelta(days=16)):
        first = services.action_draft(actor=officer, case_id=case.pk, data=penalty)
        _refused("FPN_ONE_PER_BREACH", services.action_draft, actor=officer, case_id=case.pk,
                 data=penalty)  # fmt: skip
        services.action_transition(actor=supervisor, action_id=first.pk, name="withdraw")
        # Withdrawn, it no longer counts; a referral for prosecution does.
        services.action_draft(
            actor=officer,
            case_id=case.pk,
            data=services.ActionInput(kind="prosecution", breach_id=breach.pk),
        )
        _refused("FPN_ONE_PER_BREACH", services.action_draft, actor=officer, case_id=case.pk,
                 data=penalty)  # fmt: skip


# --- ESO_MEETINGS_WITHIN_SIX_MONTHS ----------------------------------------------------------


def test_eso_meetings_within_six_months_with_a_named_supervisor(officer, case, person):
    today = clock.now().date()
    order = {"kind": "eso", "person_id": person.pk}
    for extra in (
        {"supervisor_name": "", "meetings_by": today + timedelta(days=60)},
        {"supervisor_name": "Jo Testsupervisor", "meetings_by": None},
        {"supervisor_name": "Jo Testsupervisor", "meetings_by": rules.add_months(today, 6)
         + timedelta(days=1)},
    ):  # fmt: skip
        _refused(
            "ESO_MEETINGS_WITHIN_SIX_MONTHS",
            services.action_draft,
            actor=officer,
            case_id=case.pk,
            data=services.ActionInput(**order, **extra),
        )
    made = services.action_draft(
        actor=officer,
        case_id=case.pk,
        data=services.ActionInput(
            **order, supervisor_name="Jo Testsupervisor", meetings_by=rules.add_months(today, 6)
        ),
    )
    assert made.state == "draft"


# --- DESIGNATING_BODY ------------------------------------------------------------------------


def test_designating_body_a_council_designates_never_the_police(make_user, orgs):
    designee = make_user(Role.PCSO)
    police_supervisor = actor_of(make_user(Role.SUPERVISOR, "police"))
    council_admin = actor_of(make_user(Role.ADMIN, "council"))
    for kind in ("council", "social_landlord"):
        _refused(
            "DESIGNATING_BODY",
            services.designation_grant,
            actor=police_supervisor,
            user_id=designee.pk,
            kind=kind,
        )
    # Naming the council does not help a police supervisor: they do not act for it.
    _refused(
        "DESIGNATING_BODY",
        services.designation_grant,
        actor=police_supervisor,
        user_id=designee.pk,
        kind="council",
        organisation_id=orgs["police"].pk,
    )
    _refused(
        "DESIGNATING_BODY",
        services.designation_grant,
        actor=council_admin,
        user_id=designee.pk,
        kind="pcso",
    )
    assert not Designation.objects.exists()
    granted = services.designation_grant(actor=council_admin, user_id=designee.pk, kind="council")
    assert granted.organisation == orgs["council"]
    event = AuditEvent.objects.get(action="designation.granted")
    assert json.loads(event.details)["organisation"] == str(orgs["council"].pk)
    pcso = services.designation_grant(actor=police_supervisor, user_id=designee.pk, kind="pcso")
    assert pcso.organisation == orgs["police"]


def test_designating_body_a_councils_designation_counts_on_its_own_cases(
    make_user, orgs, officer, supervisor, case, person, linked_report
):
    """A PCSO without the chief officer's designation, designated by the council, may
    serve a warning only on a case the council belongs to (s.53(1)(c))."""
    user = make_user(Role.PCSO)
    designee = actor_of(user)
    council_admin = actor_of(make_user(Role.ADMIN, "council"))
    services.designation_grant(actor=council_admin, user_id=user.pk, kind="council")
    warning = services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
    )
    services.action_approve(actor=supervisor, action_id=warning.pk)
    _refused("ISSUER_AUTHORISED", services.action_serve, actor=designee, action_id=warning.pk,
             how="hand")  # fmt: skip
    services.case_update(actor=officer, case_id=case.pk, partner_ids=[orgs["council"].pk])
    served_warning = services.action_serve(actor=designee, action_id=warning.pk, how="hand")
    assert served_warning.state == "served"


def test_designating_body_the_page_asks_which_body_and_shows_it(signed_in, make_user, orgs):
    pcso = make_user(Role.PCSO)
    client = signed_in(Role.SUPERVISOR)  # a police force's supervisor
    refused = client.post(
        "/cases/designations/",
        {"user": str(pcso.pk), "kind": "council", "organisation": str(orgs["police"].pk)},
    )
    assert refused.status_code == 422
    assert b"DESIGNATING_BODY" in refused.content
    granted = client.post(
        "/cases/designations/",
        {"user": str(pcso.pk), "kind": "pcso", "organisation": str(orgs["police"].pk)},
    )
    assert granted.status_code == 302
    page = client.get("/cases/designations/").content.decode()
    assert "Designated by" in page and "Test Constabulary" in page


# --- APPEAL_WINDOW and APPEAL_SUSPENDS_REQUIREMENTS ------------------------------------------


def _served_notice(officer, supervisor, case, person, report, start):
    warning = services.action_draft(actor=officer, case_id=case.pk, data=cpw_input(person, report))
    served(warning.pk, officer=officer, supervisor=supervisor)
    with time_machine.travel(start + timedelta(days=15)):
        notice = services.action_draft(actor=officer, case_id=case.pk, data=_notice(person, report))
        return warning, served(notice.pk, officer=officer, supervisor=supervisor)


def test_appeal_window_a_warning_has_no_appeal_and_a_lodged_date_is_entered(
    officer, supervisor, case, person, linked_report
):
    start = clock.now()
    warning, notice = _served_notice(officer, supervisor, case, person, linked_report, start)
    assert "appeal" not in [t.name for t in workflow.transitions_for(warning)]
    # Refused by name, citing s.46 (issue 20), whatever the date.
    for on in (start.date(), None):
        with pytest.raises(RuleRefused) as refused:
            services.action_transition(actor=officer, action_id=warning.pk, name="appeal", on=on)
        assert refused.value.rule_id == "APPEAL_ONLY_AGAINST_A_NOTICE"
        assert "Section 46 gives no appeal against a Community Protection Warning" in (
            refused.value.message
        )
    with time_machine.travel(start + timedelta(days=16)):
        with pytest.raises(ValidationFailed, match="Enter the date the appeal was lodged"):
            services.action_transition(actor=officer, action_id=notice.pk, name="appeal")
        tomorrow = clock.now().date() + timedelta(days=1)
        with pytest.raises(ValidationFailed, match="cannot have been lodged in the future"):
            services.action_transition(
                actor=officer, action_id=notice.pk, name="appeal", on=tomorrow
            )
        # Lodged before the notice was served: outside the 21 days, and refused.
        with pytest.raises((RuleRefused, ValidationFailed)):
            services.action_transition(
                actor=officer,
                action_id=notice.pk,
                name="appeal",
                on=notice.served_on - timedelta(days=1),
            )
        appealed = services.action_transition(
            actor=officer, action_id=notice.pk, name="appeal", on=notice.served_on
        )
    assert appealed.appeal_lodged_on == notice.served_on
    event = AuditEvent.objects.filter(action="enforcement.appealed").get()
    assert json.loads(event.details)["on"] == notice.served_on.isoformat()


def test_appeal_suspends_requirements_to_do_things_not_to_stop(
    officer, supervisor, case, person, linked_report
):
    start = clock.now()
    _, notice = _served_notice(officer, supervisor, case, person, linked_report, start)
    assert [q["kind"] for q in notice.requirements] == ["stop", "do"]
    evidence = [{"kind": "report", "id": str(linked_report.pk)}]

    def breach(index, day):
        return services.breach_record(
            actor=officer,
            action_id=notice.pk,
            occurred_on=day,
            requirement_index=index,
            details="Did not do what the notice requires",
            evidence=evidence,
        )

    served_on = notice.served_on
    with time_machine.travel(start + timedelta(days=20)):
        lodged = served_on + timedelta(days=3)
        services.action_transition(actor=officer, action_id=notice.pk, name="appeal", on=lodged)
        notice = selectors.action_get(actor=officer, action_id=notice.pk)
        statuses = requirement_statuses(notice)
        assert [s.in_force for s in statuses] == [True, False]
        assert "s.46(3)(b)" in statuses[1].why
        assert workflow.requirements_in_force(notice) == [notice.requirements[0]]
        # The "do" requirement is of no effect while the appeal is in progress...
        _refused("APPEAL_SUSPENDS_REQUIREMENTS", breach, index=1, day=lodged + timedelta(days=1))
        # ...but was in force before it was lodged, and the "stop" one stays in force.
        assert breach(1, lodged - timedelta(days=1)).pk
        assert breach(0, lodged + timedelta(days=1)).pk
        services.action_transition(actor=officer, action_id=notice.pk, name="appeal_dismissed")
        dismissed_on = clock.now().date()
    with time_machine.travel(start + timedelta(days=22)):
        # Dismissed: in force again from that day, and still not for the days of the appeal.
        assert breach(1, dismissed_on).pk
        _refused("APPEAL_SUSPENDS_REQUIREMENTS", breach, index=1, day=lodged + timedelta(days=1))
        notice = selectors.action_get(actor=officer, action_id=notice.pk)
        assert all(s.in_force for s in requirement_statuses(notice))


def test_appeal_suspends_requirements_shown_on_the_page_and_in_the_api(
    client, make_user, case, person, linked_report, supervisor
):
    """The officer records the appeal on the notice's page with the day it was lodged; the
    page and the API then show each requirement with whether it is in force and why. A
    warning's page offers no appeal."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from lantern.accounts import services as account_services
    from lantern.core.actor import SYSTEM

    user = make_user(Role.POLICE_OFFICER)
    officer = actor_of(user)
    _, token = account_services.api_token_create(actor=SYSTEM, user=user, name="test")
    headers = {"Authorization": f"Bearer {token}"}
    start = clock.now()
    warning, notice = _served_notice(officer, supervisor, case, person, linked_report, start)
    with time_machine.travel(start + timedelta(days=18)):
        client.force_login(user)  # signed in (past two-factor) on the day
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
        session.save()
        page = client.get(f"/cases/actions/{warning.pk}/").content.decode()
        assert "Served" in page
        assert "Record service" not in page and "Record an appeal" not in page
        page = client.get(f"/cases/actions/{notice.pk}/").content.decode()
        assert "Record an appeal" in page and "Date the appeal was lodged" in page
        lodged = notice.served_on + timedelta(days=2)
        response = client.post(
            f"/cases/actions/{notice.pk}/step/",
            {"name": "appeal", "lodged_on": lodged.isoformat()},
        )
        assert response.status_code == 302
        page = client.get(f"/cases/actions/{notice.pk}/").content.decode()
        assert "Suspended: while the appeal is in progress" in page
        assert "In force during the appeal" in page
        answer = client.get(f"/api/v1/cases/actions/{notice.pk}", headers=headers).json()
    assert answer["state"] == "appealed" and answer["appeal_lodged_on"] == lodged.isoformat()
    assert [(q["kind"], q["in_force"]) for q in answer["requirements"]] == [
        ("stop", True),
        ("do", False),
    ]
    assert "s.46(3)(b)" in answer["requirements"][1]["why"]
    warning_answer = client.get(f"/api/v1/cases/actions/{warning.pk}", headers=headers).json()
    assert "appeal" not in warning_answer["next_steps"]
    refused = client.post(
        f"/api/v1/cases/actions/{warning.pk}/transitions",
        {"name": "appeal", "on": start.date().isoformat()},
        content_type="application/json",
        headers=headers,
    )
    assert refused.status_code == 422
    assert refused.json()["rule"] == "APPEAL_ONLY_AGAINST_A_NOTICE"
    assert refused.json()["source"] == "ASBCPA 2014 s.46(1)-(2)"
