"""A warning or notice says where support is when a safeguarding review decided that
enforcement may proceed *with support* (docs/enforcement.md, "What the documents say").
Safeguarding owns the review; the cases app learns the yes or no through the shared
directory (lantern/core/directory.py), and prints the support agencies' public details."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
import time_machine
from pypdf import PdfReader

from conftest import actor_of
from lantern.accounts import services as accounts
from lantern.cases import services as cases
from lantern.cases.documents import wording
from lantern.cases.models import Document
from lantern.cases.tests.conftest import cpw_input, served
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.reports import services as reports
from lantern.safeguarding.models import Review
from lantern.safeguarding.tests.factories import review, screen

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return actor_of(make_user(Role.POLICE_OFFICER))


@pytest.fixture
def supervisor(make_user):
    return actor_of(make_user(Role.SUPERVISOR))


@pytest.fixture
def lead(make_user):
    return actor_of(make_user(Role.SAFEGUARDING_LEAD))


@pytest.fixture
def case(officer):
    return cases.case_open(
        actor=officer, data=cases.CaseInput(kind="person", title="Larkspur Row nuisance")
    )


@pytest.fixture
def person(officer, case):
    return cases.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=cases.PersonInput(
            given_name="Maren", family_name="Testhollis", date_of_birth=date(1994, 5, 6)
        ),
    ).person


@pytest.fixture
def linked_report(make_user, officer, case):
    report = reports.report_create(
        actor=actor_of(make_user(Role.RESIDENT)),
        data=reports.ReportInput(
            category_code="noise",
            latitude=51.5412,
            longitude=0.7183,
            occurred_from=clock.now() - timedelta(days=1),
            description="Shouting on Larkspur Row late at night.",
            address="Larkspur Row, Eastmere",
        ),
    ).report
    cases.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    return report


def _text(action) -> str:
    content = bytes(Document.objects.get(action=action).content)
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def _cpw(officer, supervisor, case, person, report):
    cpw = cases.action_draft(actor=officer, case_id=case.pk, data=cpw_input(person, report))
    return served(cpw.pk, officer=officer, supervisor=supervisor)


def test_cpw_signposts_support_when_the_safeguarding_review_says_so(
    officer, supervisor, lead, case, person, linked_report, orgs
):
    screen(officer, person.pk)
    review(lead, person.pk, decision=Review.Decision.PROCEED_WITH_SUPPORT)
    text = _text(_cpw(officer, supervisor, case, person, linked_report))
    charity = orgs["charity"]
    assert "Help and support" in text
    assert " ".join(wording.SUPPORT_SIGNPOST.format(document="warning").split()) in text
    where = " ".join(
        [charity.name, *charity.address.splitlines(), f"Telephone: {charity.telephone}"]
    )
    assert where in text
    # Nothing of the safeguarding record itself is printed.
    assert "outreach worker" not in text and "Larkspur Row during a patrol" not in text


def test_cpn_signposts_the_case_partner_agencies_when_it_has_any(
    officer, supervisor, lead, case, person, linked_report, orgs
):
    other = accounts.organisation_create(
        actor=SYSTEM,
        name="Other Support Service",
        kind="support_agency",
        details=accounts.OrganisationDetails(telephone="01632 960 777"),
    )
    cases.case_update(actor=officer, case_id=case.pk, partner_ids=[orgs["charity"].pk])
    screen(officer, person.pk)
    review(lead, person.pk, decision=Review.Decision.PROCEED_WITH_SUPPORT)
    cpw = _cpw(officer, supervisor, case, person, linked_report)
    with time_machine.travel(clock.now() + timedelta(days=15)):
        cpn = cases.action_draft(
            actor=officer,
            case_id=case.pk,
            data=cpw_input(person, linked_report, kind="cpn", compliance_days=None),
        )
        assert cpn.prior_warning_id == cpw.pk
        cpn = served(cpn.pk, officer=officer, supervisor=supervisor)
    text = _text(cpn)
    assert " ".join(wording.SUPPORT_SIGNPOST.format(document="notice").split()) in text
    assert orgs["charity"].name in text
    assert other.name not in text  # the case's partner agency, not every agency


def test_cpw_does_not_signpost_support_when_the_review_did_not_ask_for_it(
    officer, supervisor, lead, case, person, linked_report
):
    screen(officer, person.pk)
    review(lead, person.pk, decision=Review.Decision.PROCEED)
    assert "Help and support" not in _text(_cpw(officer, supervisor, case, person, linked_report))
