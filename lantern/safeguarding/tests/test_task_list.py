"""The GOV.UK patterns on the safeguarding pages: the task list on a person's page (each
step with its status, as the records say), check-your-answers before a review is recorded,
and the success banner after it."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from conftest import actor_of
from lantern.core.actor import Role
from lantern.safeguarding import services
from lantern.safeguarding.models import Outcome, Purpose, Review
from lantern.safeguarding.tests.factories import consent, review, screen
from lantern.safeguarding.views.common import when

pytestmark = pytest.mark.django_db


def tasks(page: str) -> dict[str, tuple[str, str]]:
    """Each task's title -> (status, link or "") from the rendered task list."""
    found = {}
    for item in page.split('class="govuk-task-list__item')[1:]:
        name = re.search(
            r'class="govuk-task-list__name-and-hint">\s*(?:<a[^>]*>|<div>)?\s*([^<]+)', item
        )
        link = re.search(r'<a class="govuk-link govuk-task-list__link" href="([^"]+)"', item)
        status = re.search(r'class="govuk-task-list__status[^"]*"[^>]*>(.*?)</div>', item, re.S)
        assert name and status, item
        text = re.sub(r"<[^>]+>", " ", status.group(1))
        found[name.group(1).strip()] = (
            " ".join(unescape(text).split()),
            link.group(1) if link else "",
        )
    return found


def test_the_task_list_follows_the_persons_records(signed_in, people):
    client = signed_in(Role.SAFEGUARDING_LEAD)
    lead = actor_of(client.user)
    person = people.add(age=34, label="Bryony Testfell")
    url = reverse("safeguarding:person", args=[person])
    start = tasks(client.get(url).content.decode())
    assert list(start) == [
        "Screening",
        "Consent",
        "Referral",
        "NRM or Duty to Notify",
        "Review",
    ]
    assert start["Screening"] == (
        "Not yet started",
        reverse("safeguarding:screening-new", args=[person]),
    )
    assert start["Consent"][0] == "Not yet started"
    assert start["NRM or Duty to Notify"] == ("Not needed", "")
    assert start["Review"] == ("Not needed", "")

    screening = screen(lead, person, outcome=Outcome.POTENTIAL_VICTIM)
    now = tasks(client.get(url).content.decode())
    assert now["Screening"] == (
        "Completed",
        reverse("safeguarding:screening", args=[screening.pk]),
    )
    assert now["NRM or Duty to Notify"] == (
        "To do",
        reverse("safeguarding:duty-new", args=[screening.pk]),
    )
    assert now["Review"] == ("Needed", reverse("safeguarding:review-new", args=[person]))

    consent(lead, person, Purpose.SUPPORT_REFERRAL)
    services.duty_to_notify(actor=lead, screening_id=screening.pk)  # no NRM consent: MS1
    reviewed = review(lead, person, decision="proceed_with_support")
    done = tasks(client.get(url).content.decode())
    assert done["Consent"][0] == "Completed"
    assert done["NRM or Duty to Notify"][0] == "Completed"
    assert done["Review"] == ("Completed", reverse("safeguarding:review", args=[reviewed.pk]))
    page = client.get(url).content.decode()
    assert "MS1 (anonymous)" in page and "Enforcement may proceed, with support" in page


def test_a_child_needs_a_review_even_without_a_concern(signed_in, people):
    client = signed_in(Role.SAFEGUARDING_LEAD)
    person = people.add(age=15, label="Juno Testkeel")
    page = client.get(reverse("safeguarding:person", args=[person])).content.decode()
    assert tasks(page)["Review"][0] == "Needed"


def test_the_case_lead_sees_the_steps_but_no_link_to_the_leads_steps(signed_in, people):
    client = signed_in(Role.POLICE_OFFICER)
    person = people.add(age=30, leads=(client.user.pk,), label="Perry Testlow")
    screen(actor_of(client.user), person, outcome=Outcome.CONCERN)
    found = tasks(client.get(reverse("safeguarding:person", args=[person])).content.decode())
    assert found["Consent"] == ("Not yet started", "")
    assert found["Referral"] == ("Not yet started", "")
    assert found["Review"] == ("Needed", "")


def test_a_review_is_checked_before_it_is_recorded(signed_in, people):
    client = signed_in(Role.SAFEGUARDING_LEAD)
    person = people.add(age=30, label="Nell Testbourne")
    screen(actor_of(client.user), person, outcome=Outcome.CONCERN)
    url = reverse("safeguarding:review-new", args=[person])
    answers = {
        "decision": "do_not_proceed",
        "rationale": "Controlled by a partner; support first",
        "decided_on": "21/11/2026",
    }
    form = client.get(url).content.decode()
    assert "Continue" in form
    check = unescape(client.post(url, answers).content.decode())
    assert "Check your answers before recording the review" in check
    assert "Enforcement should not proceed" in check and when(date(2026, 11, 21)) in check
    assert "Controlled by a partner; support first" in check
    assert not Review.objects.exists()
    change = unescape(client.post(url, answers | {"change": "yes"}).content.decode())
    assert "Record a safeguarding review" in change
    assert "Controlled by a partner; support first" in change
    assert not Review.objects.exists()
    response = client.post(url, answers | {"confirm": "yes"})
    assert response.status_code == 302
    assert Review.objects.get().decision == "do_not_proceed"
    page = client.get(response["Location"]).content.decode()
    assert "govuk-notification-banner--success" in page
    assert "Review recorded: Enforcement should not proceed" in page


def test_invalid_answers_go_back_to_the_form_not_to_the_check(signed_in, people):
    client = signed_in(Role.SAFEGUARDING_LEAD)
    person = people.add(age=30)
    url = reverse("safeguarding:review-new", args=[person])
    page = client.post(url, {"decision": "proceed"}).content.decode()
    assert "Check your answers" not in page and "govuk-error-summary" in page
    assert not Review.objects.exists()
