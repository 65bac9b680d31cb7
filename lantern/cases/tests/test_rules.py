"""One test (at least) per enforcement rule; each test's name contains the rule's ID."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from conftest import actor_of
from lantern.cases import issuers, rules, services
from lantern.cases.tests.conftest import cpw_input, served
from lantern.core import clock
from lantern.core.actor import Role
from lantern.core.errors import RuleRefused

pytestmark = pytest.mark.django_db


def _refused(rule_id, call, *args, **kwargs):
    with pytest.raises(RuleRefused) as refused:
        call(*args, **kwargs)
    assert refused.value.rule_id == rule_id
    assert (
        refused.value.message
        == rules.__dict__[
            next(n for n, c in vars(rules).items() if getattr(c, "id", None) == rule_id)
        ].message()
    )
    return refused.value


def _person(officer, case, **fields):
    return services.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=services.PersonInput(given_name="Ash", family_name="Testperson", **fields),
    ).person


def test_CPN_MIN_AGE_refuses_a_warning_to_a_15_year_old(officer, case, linked_report):
    today = clock.now().date()
    young = _person(officer, case, date_of_birth=date(today.year - 15, 1, 1))
    _refused(
        "CPN_MIN_AGE",
        services.action_draft,
        actor=officer,
        case_id=case.pk,
        data=cpw_input(young, linked_report),
    )
    unknown = _person(officer, case)
    _refused(
        "CPN_MIN_AGE",
        services.action_draft,
        actor=officer,
        case_id=case.pk,
        data=cpw_input(unknown, linked_report),
    )
    older = _person(officer, case, estimated_age=17)
    # Old enough for a warning: what holds it now is safeguarding's gate for a child.
    with pytest.raises(RuleRefused) as held:
        services.action_draft(actor=officer, case_id=case.pk, data=cpw_input(older, linked_report))
    assert held.value.rule_id != "CPN_MIN_AGE"
    adult = _person(officer, case, estimated_age=19)
    assert services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(adult, linked_report)
    ).pk


def test_CPN_REQUIRES_PRIOR_WARNING_without_any_warning(officer, case, person, linked_report):
    _refused(
        "CPN_REQUIRES_PRIOR_WARNING",
        services.action_draft,
        actor=officer,
        case_id=case.pk,
        data=cpw_input(person, linked_report, kind="cpn", compliance_days=None),
    )


def test_CPN_REQUIRES_PRIOR_WARNING_to_the_same_person(
    officer, supervisor, case, person, linked_report
):
    other = _person(officer, case, date_of_birth=date(1980, 1, 1))
    cpw = services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(other, linked_report)
    )
    served(cpw.pk, officer=officer, supervisor=supervisor)
    with time_machine.travel(clock.now() + timedelta(days=30)):
        _refused(
            "CPN_REQUIRES_PRIOR_WARNING",
            services.action_draft,
            actor=officer,
            case_id=case.pk,
            data=cpw_input(
                person, linked_report, kind="cpn", compliance_days=None, prior_warning_id=cpw.pk
            ),
        )


def test_CPN_CONDUCT_TEST_needs_each_element_and_evidence(officer, case, person, linked_report):
    for missing in ("detrimental_effect", "persistent_nature", "unreasonable_because"):
        _refused(
            "CPN_CONDUCT_TEST",
            services.action_draft,
            actor=officer,
            case_id=case.pk,
            data=cpw_input(person, linked_report, **{missing: " "}),
        )
    _refused(
        "CPN_CONDUCT_TEST",
        services.action_draft,
        actor=officer,
        case_id=case.pk,
        data=cpw_input(person, linked_report, evidence=[]),
    )


def test_ISSUER_AUTHORISED_pcso_needs_a_designation(
    make_user, officer, supervisor, case, person, linked_report
):
    pcso_user = make_user(Role.PCSO)
    pcso = actor_of(pcso_user)
    cpw = services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
    )
    services.action_approve(actor=supervisor, action_id=cpw.pk)
    _refused("ISSUER_AUTHORISED", services.action_serve, actor=pcso, action_id=cpw.pk, how="hand")
    # The force's own supervisor designates its PCSO (DESIGNATING_BODY).
    services.designation_grant(actor=supervisor, user_id=pcso_user.pk, kind="pcso")
    assert services.action_serve(actor=pcso, action_id=cpw.pk, how="hand").state == "served"


def test_ISSUER_AUTHORISED_powers_from_role_and_organisation(make_user, orgs):
    assert issuers.issuer_powers(actor_of(make_user(Role.POLICE_OFFICER))) == {issuers.CONSTABLE}
    assert issuers.issuer_powers(actor_of(make_user(Role.COUNCIL_OFFICER))) == {issuers.COUNCIL}
    assert issuers.issuer_powers(actor_of(make_user(Role.PCSO))) == frozenset()
    # A "council officer" role held in a police force is not the council.
    assert issuers.issuer_powers(actor_of(make_user(Role.COUNCIL_OFFICER, "police"))) == frozenset()


def test_CPN_CONTENT_needs_conduct_requirements_and_periods(officer, case, person, linked_report):
    _refused(
        "CPN_CONTENT",
        services.action_draft,
        actor=officer,
        case_id=case.pk,
        data=cpw_input(person, linked_report, requirements=[]),
    )
    _refused(
        "CPN_CONTENT",
        services.action_draft,
        actor=officer,
        case_id=case.pk,
        data=cpw_input(
            person, linked_report, requirements=[{"kind": "do", "text": "Tidy the garden"}]
        ),
    )


def test_APPEAL_WINDOW_21_days_beginning_with_the_day_of_issue(
    officer, supervisor, case, person, linked_report
):
    start = clock.now()
    cpw = services.action_draft(
        actor=officer, case_id=case.pk, data=cpw_input(person, linked_report)
    )
    served(cpw.pk, officer=officer, supervisor=supervisor)
    with time_machine.travel(start + timedelta(days=15)):
        first = services.action_draft(
            actor=officer,
            case_id=case.pk,
            data=cpw_input(person, linked_report, kind="cpn", compliance_days=None),
        )
        served(first.pk, officer=officer, supervisor=supervisor)
        second = services.action_draft(
            actor=officer,
            case_id=case.pk,
            data=cpw_input(person, linked_report, kind="cpn", compliance_days=None),
        )
        served(second.pk, officer=officer, supervisor=supervisor)
        issued = clock.now().date()
    day_21, day_22 = issued + timedelta(days=20), issued + timedelta(days=21)
    with time_machine.travel(start + timedelta(days=15 + 22)):  # recorded on day 23
        # Lodged on day 21 and entered on day 23: in time, for the lodged date is compared.
        appealed = services.action_transition(
            actor=officer, action_id=first.pk, name="appeal", on=day_21
        )
        assert appealed.state == "appealed" and appealed.appeal_lodged_on == day_21
        # Lodged on day 22: too late, whenever it is entered.
        _refused(
            "APPEAL_WINDOW",
            services.action_transition,
            actor=officer,
            action_id=second.pk,
            name="appeal",
            on=day_22,
        )


def _breach(officer, supervisor, case, person, report):
    start = clock.now()
    cpw = services.action_draft(actor=officer, case_id=case.pk, data=cpw_input(person, report))
    served(cpw.pk, officer=officer, supervisor=supervisor)
    with time_machine.travel(start + timedelta(days=15)):
        cpn = services.action_draft(
            actor=officer,
            case_id=case.pk,
            data=cpw_input(person, report, kind="cpn", compliance_days=None),
        )
        served(cpn.pk, officer=officer, supervisor=supervisor)
        return services.breach_record(
            actor=officer,
            action_id=cpn.pk,
            occurred_on=clock.now().date(),
            requirement_index=0,
            details="Knocking on doors again",
            evidence=[{"kind": "report", "id": str(report.pk)}],
        )


def test_FPN_AMOUNT_CAP_is_a_dated_setting(officer, supervisor, case, person, linked_report):
    breach = _breach(officer, supervisor, case, person, linked_report)
    with time_machine.travel(clock.now() + timedelta(days=16)):
        data = services.ActionInput(kind="fpn_cpn", breach_id=breach.pk, amount_pence=50_000)
        _refused("FPN_AMOUNT_CAP", services.action_draft, actor=officer, case_id=case.pk, data=data)
        today = clock.now().date()
        with override_settings(LANTERN_FPN_CAP_500_FROM=(today + timedelta(days=1)).isoformat()):
            _refused(
                "FPN_AMOUNT_CAP", services.action_draft, actor=officer, case_id=case.pk, data=data
            )
        with override_settings(LANTERN_FPN_CAP_500_FROM=today.isoformat()):
            assert services.action_draft(actor=officer, case_id=case.pk, data=data).pk
    assert rules.fpn_cap_pence(date(2020, 1, 1)) == 10_000


def test_FPN_BLOCKS_PROSECUTION_within_14_days_and_after_payment(
    officer, supervisor, case, person, linked_report
):
    breach = _breach(officer, supervisor, case, person, linked_report)
    start = clock.now() + timedelta(days=16)
    with time_machine.travel(start):
        fpn = services.action_draft(
            actor=officer,
            case_id=case.pk,
            data=services.ActionInput(kind="fpn_cpn", breach_id=breach.pk, amount_pence=10_000),
        )
        served(fpn.pk, officer=officer, supervisor=supervisor)
    prosecution = services.ActionInput(kind="prosecution", breach_id=breach.pk)
    with time_machine.travel(start + timedelta(days=14)):
        _refused(
            "FPN_BLOCKS_PROSECUTION",
            services.action_draft,
            actor=officer,
            case_id=case.pk,
            data=prosecution,
        )
        services.action_transition(actor=officer, action_id=fpn.pk, name="comply")  # paid
    with time_machine.travel(start + timedelta(days=40)):
        _refused(
            "FPN_BLOCKS_PROSECUTION",
            services.action_draft,
            actor=officer,
            case_id=case.pk,
            data=prosecution,
        )


def test_FPN_BLOCKS_PROSECUTION_not_after_a_payment_made_once_the_14_days_ended(
    officer, supervisor, case, person, linked_report
):
    """s.52(5)(b) discharges liability only for a payment before the end of the 14 days; a
    later payment leaves the breach open to proceedings."""
    breach = _breach(officer, supervisor, case, person, linked_report)
    start = clock.now() + timedelta(days=16)
    with time_machine.travel(start):
        fpn = services.action_draft(
            actor=officer,
            case_id=case.pk,
            data=services.ActionInput(kind="fpn_cpn", breach_id=breach.pk, amount_pence=10_000),
        )
        served(fpn.pk, officer=officer, supervisor=supervisor)
    with time_machine.travel(start + timedelta(days=20)):
        services.action_transition(actor=officer, action_id=fpn.pk, name="comply")  # paid late
    with time_machine.travel(start + timedelta(days=40)):
        prosecution = services.action_draft(
            actor=officer,
            case_id=case.pk,
            data=services.ActionInput(kind="prosecution", breach_id=breach.pk),
        )
        assert prosecution.state == "draft"


def test_DISPERSAL_LIMITS(officer, case, person):
    base = {"kind": "dispersal", "person_id": person.pk, "locality": "Larkspur Row"}
    for extra in (
        {"inspector_authorisation": "", "duration_hours": 24},
        {"inspector_authorisation": "Insp 1234 ref D/22", "duration_hours": 49},
    ):
        _refused(
            "DISPERSAL_LIMITS",
            services.action_draft,
            actor=officer,
            case_id=case.pk,
            data=services.ActionInput(**base, **extra),
        )
    child = _person(officer, case, estimated_age=9)
    _refused(
        "DISPERSAL_LIMITS",
        services.action_draft,
        actor=officer,
        case_id=case.pk,
        data=services.ActionInput(
            kind="dispersal",
            person_id=child.pk,
            locality="Larkspur Row",
            inspector_authorisation="Insp 1234",
            duration_hours=48,
        ),
    )
    assert services.action_draft(
        actor=officer,
        case_id=case.pk,
        data=services.ActionInput(**base, inspector_authorisation="Insp 1234", duration_hours=48),
    ).pk


def test_KEEPER_LETTER_NO_ALLEGATION(officer, supervisor, case, make_report):
    """A fixed template: the sighting's time and street address and the vehicle, nothing an
    officer writes (lantern/cases/tests/test_keeper_letter.py tries every route in)."""
    report = make_report(vehicles=["ab12 cde"])
    services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    data = services.ActionInput(kind="keeper_letter", vehicle_registration="AB12CDE")
    letter = services.action_draft(actor=officer, case_id=case.pk, data=data)
    assert letter.sighting["report_id"] == str(report.pk)
    assert letter.sighting["place"] == "Larkspur Row, Eastmere"
    letter.conduct = "The driver was kerb crawling."  # written behind the service's back
    letter.save()
    _refused(
        "KEEPER_LETTER_NO_ALLEGATION",
        services.action_approve,
        actor=supervisor,
        action_id=letter.pk,
    )


def _refused_under_threshold(resident):
    """The refusal names the threshold applied: the one council's, here the defaults."""
    with pytest.raises(RuleRefused) as refused:
        services.case_review_apply(actor=resident)
    assert refused.value.rule_id == "CASE_REVIEW_THRESHOLD"
    assert refused.value.message == (
        "An ASB Case Review application needs Test Borough Council's threshold to be met: "
        "3 incidents reported within the last 6 months, or 1 hate incident, each reported "
        "within a month of it happening. If you think your case should be reviewed anyway, "
        "contact Test Borough Council."
    )


@override_settings(LANTERN_CASE_REVIEW_INCIDENTS=3, LANTERN_CASE_REVIEW_HATE_INCIDENTS=1)
def test_CASE_REVIEW_THRESHOLD_three_incidents_or_one_hate_incident(resident, make_report):
    make_report(category="noise")
    make_report(category="noise", days_ago=40)  # reported over a month after: not qualifying
    _refused_under_threshold(resident)
    make_report(category="noise", days_ago=3)
    _refused_under_threshold(resident)
    make_report(category="intimidation", answers={"hate": "yes"})
    review = services.case_review_apply(actor=resident, statement="It keeps happening.")
    assert review.hate_incident and len(review.report_ids) == 3


def test_the_rules_command_lists_every_enforcement_rule():
    out = StringIO()
    call_command("rules", "--json", stdout=out)
    listed = {r["id"] for r in json.loads(out.getvalue())["rules"]}
    assert {
        "CPN_MIN_AGE",
        "CPN_REQUIRES_PRIOR_WARNING",
        "CPN_CONDUCT_TEST",
        "ISSUER_AUTHORISED",
        "CPN_CONTENT",
        "APPEAL_WINDOW",
        "FPN_AMOUNT_CAP",
        "FPN_BLOCKS_PROSECUTION",
        "DISPERSAL_LIMITS",
        "KEEPER_LETTER_NO_ALLEGATION",
        "CASE_REVIEW_THRESHOLD",
    } <= listed
