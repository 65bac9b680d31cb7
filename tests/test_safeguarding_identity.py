"""Safeguarding leads see the names of people in their partnership's safeguarding records
(issue 20: "the safeguarding lead sees 'Person c7c55c52'"), through the cases app's real
person directory, each name read an access event with no name in it. Nobody else gains a
name: other roles see one only through a case they may see, as before. (Here, not in the
safeguarding app's tests: it builds people with the cases app, which that app may not
import.)
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from conftest import actor_of
from lantern.accounts.models import Partnership
from lantern.audit.models import AuditEvent
from lantern.audit.selectors import events_for_object
from lantern.cases import services as cases
from lantern.core import directory
from lantern.core.actor import SYSTEM, Role
from lantern.safeguarding import selectors, services
from lantern.safeguarding.models import Outcome
from lantern.safeguarding.tests.factories import review, screen
from lantern.safeguarding.tests.scope_world import client_of

pytestmark = pytest.mark.django_db

NAME = "Ilsa Testmarrow"


@pytest.fixture
def story(make_user, orgs, far):
    """A police officer's case with a person on it (the real cases app), screened as a
    potential victim; a safeguarding lead of the same partnership who is on no case, and
    the far partnership's lead."""
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    case = cases.case_open(
        actor=officer, data=cases.CaseInput(kind="person", title="Kerb-crawling, Larkspur Row")
    )
    person = cases.person_link(
        actor=officer,
        case_id=case.pk,
        role="victim",
        data=cases.PersonInput(
            given_name="Ilsa", family_name="Testmarrow", date_of_birth=date(1994, 5, 6)
        ),
    ).person
    screening = screen(officer, person.pk, outcome=Outcome.POTENTIAL_VICTIM)
    lead_user = make_user(Role.SAFEGUARDING_LEAD)
    return {
        "officer": officer,
        "person": person.pk,
        "screening": screening,
        "lead_user": lead_user,
        "lead": actor_of(lead_user),
        "far_lead_user": make_user(Role.SAFEGUARDING_LEAD, "far_council"),
    }


def _name_reads(person_id) -> list[AuditEvent]:
    return [
        event
        for event in events_for_object(
            actor=SYSTEM, object_type="person", object_id=str(person_id)
        )  # a list of names is one event naming them all (ADR 0020)
        if event.kind == AuditEvent.Kind.ACCESS and '"safeguarding_name"' in event.details
    ]


def test_the_lead_is_on_no_case_so_the_cases_app_alone_would_not_name_the_person(story):
    assert directory.person(story["lead"], story["person"]) is None


def test_the_lead_sees_the_name_on_every_safeguarding_page_and_list(story):
    lead, person = story["lead"], story["person"]
    reviewed = review(lead, person, decision="proceed_with_support")
    client = client_of(story["lead_user"])
    pages = {
        "person": reverse("safeguarding:person", args=[person]),
        "screening": reverse("safeguarding:screening", args=[story["screening"].pk]),
        "review": reverse("safeguarding:review", args=[reviewed.pk]),
        "duties": reverse("safeguarding:duties"),
        "review form": reverse("safeguarding:review-new", args=[person]),
    }
    for what, url in pages.items():
        body = client.get(url).content.decode()
        assert NAME in body, what
        assert f"Person {str(person)[:8]}" not in body, what


def test_the_queue_names_the_people_waiting_for_a_review(story):
    body = client_of(story["lead_user"]).get(reverse("safeguarding:home")).content.decode()
    assert NAME in body


def test_each_name_read_is_an_access_event_with_no_name_in_it(story):
    before = len(_name_reads(story["person"]))
    client_of(story["lead_user"]).get(reverse("safeguarding:person", args=[story["person"]]))
    reads = _name_reads(story["person"])
    assert len(reads) > before
    for event in reads:
        assert event.actor == str(story["lead_user"].pk)
        assert "Ilsa" not in event.details and "Testmarrow" not in event.details


def test_another_partnerships_lead_sees_neither_the_page_nor_the_name(story):
    far_lead = actor_of(story["far_lead_user"])
    assert directory.person_names(far_lead, [story["person"]]) == {}
    response = client_of(story["far_lead_user"]).get(
        reverse("safeguarding:person", args=[story["person"]])
    )
    assert response.status_code == 404 and NAME not in response.content.decode()


def test_a_share_names_the_person_to_the_other_partnerships_lead_until_withdrawn(story):
    far = Partnership.objects.get(name="Far Partnership")
    share = services.safeguarding_person_share(
        actor=story["lead"],
        person_id=story["person"],
        to_partnership_id=far.pk,
        reason="She has moved to their area",
    )
    far_client = client_of(story["far_lead_user"])
    url = reverse("safeguarding:person", args=[story["person"]])
    assert NAME in far_client.get(url).content.decode()
    services.safeguarding_person_share_withdraw(
        actor=story["lead"], person_id=story["person"], share_id=share.pk
    )
    assert far_client.get(url).status_code == 404
    far_lead = actor_of(story["far_lead_user"])
    assert directory.person_names(far_lead, [story["person"]]) == {}


@pytest.mark.parametrize(
    "role",
    [
        Role.POLICE_OFFICER,
        Role.PCSO,
        Role.COUNCIL_OFFICER,
        Role.SUPERVISOR,
        Role.SUPPORT_WORKER,
        Role.ANALYST,
        Role.ADMIN,
        Role.RESIDENT,
    ],
)
def test_only_safeguarding_leads_are_named_people_through_safeguarding(story, make_user, role):
    """Every other role keeps what the cases app's rules give it: the narrow read names no
    one to them, and a support worker or resident gains no name through safeguarding."""
    who = actor_of(make_user(role))
    assert directory.person_names(who, [story["person"]]) == {}
    through_cases = directory.person(who, story["person"])  # the cases app's own rules
    expected = through_cases.label if through_cases else f"Person {str(story['person'])[:8]}"
    assert selectors.person_names(actor=who, person_ids=[story["person"]]) == {
        story["person"]: expected
    }
    if role in (Role.SUPPORT_WORKER, Role.RESIDENT):
        assert expected != NAME


def test_the_lead_officer_of_the_case_is_named_the_person_through_the_case(story):
    """As before: the case's lead officer sees the name because she sees the case."""
    officer = story["officer"]
    names = selectors.person_names(actor=officer, person_ids=[story["person"]])
    assert names[story["person"]] == NAME
    assert not _name_reads(story["person"])  # not the safeguarding read: the case's


def test_a_lead_who_has_not_passed_two_factor_is_named_no_one(story, make_user):
    user = make_user(Role.SAFEGUARDING_LEAD, two_factor=False)
    client = Client()
    client.force_login(user)
    response = client.get(reverse("safeguarding:person", args=[story["person"]]))
    assert NAME not in response.content.decode()
