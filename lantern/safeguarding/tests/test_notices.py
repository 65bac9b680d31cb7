"""The safeguarding lead is told that a review is needed, and a support agency's workers
that a referral arrived: by email (a reference and a link, never the person's name) and on
their dashboard's "Waiting for you", in their own partnership and agency only."""

from __future__ import annotations

import pytest
from django.core import mail

from lantern.accounts.models import User
from lantern.core.actor import Role
from lantern.notifications.selectors import waiting_list
from lantern.safeguarding import services
from lantern.safeguarding.models import Outcome
from lantern.safeguarding.tests.factories import consent, review, screen

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    settings.LANTERN_NOTIFICATIONS_BACKEND = "smtp"


def email_of(actor) -> str:
    return User.objects.get(pk=actor.user_id).email


def test_a_concern_waits_for_the_partnerships_safeguarding_leads(
    smtp, people, actor, far, django_capture_on_commit_callbacks
):
    officer = actor(Role.POLICE_OFFICER)
    lead = actor(Role.SAFEGUARDING_LEAD)
    far_lead = actor(Role.SAFEGUARDING_LEAD, "far_council")
    person = people.add(age=19, label="Maren Hollis", leads=(officer.user_id,))
    with django_capture_on_commit_callbacks(execute=True):
        screening = screen(officer, person)
    (sent,) = mail.outbox
    assert sent.to == [email_of(lead)]
    assert sent.subject.startswith("A safeguarding review is needed (SC-")
    assert f"/safeguarding/screenings/{screening.pk}/" in sent.body
    assert "Maren" not in sent.body and "Hollis" not in sent.body

    (item,) = waiting_list(actor=lead)
    assert item.url == f"/safeguarding/screenings/{screening.pk}/"
    assert "Maren" not in item.title
    assert waiting_list(actor=far_lead) == []

    review(lead, person)
    assert waiting_list(actor=lead) == []


def test_no_concern_tells_nobody(smtp, people, actor, django_capture_on_commit_callbacks):
    officer = actor(Role.POLICE_OFFICER)
    actor(Role.SAFEGUARDING_LEAD)
    person = people.add(age=40, leads=(officer.user_id,))
    with django_capture_on_commit_callbacks(execute=True):
        screen(officer, person, outcome=Outcome.NO_CONCERN, indicators=())
    assert mail.outbox == []


def test_a_referral_waits_for_the_agencys_support_workers(
    smtp, people, actor, orgs, far, django_capture_on_commit_callbacks
):
    lead = actor(Role.SAFEGUARDING_LEAD)
    worker = actor(Role.SUPPORT_WORKER)
    far_worker = actor(Role.SUPPORT_WORKER, "far_charity")
    person = people.add(age=33, label="Maren Hollis")
    consent(lead, person)
    with django_capture_on_commit_callbacks(execute=True):
        referral = services.referral_send(
            actor=lead,
            data=services.ReferralInput(
                person_id=person,
                kind="support_agency",
                service="outreach",
                agency_id=orgs["charity"].pk,
                reason="Wants support",
            ),
        )
    (sent,) = mail.outbox
    assert sent.to == [email_of(worker)]
    assert f"/safeguarding/agency/referrals/{referral.pk}/" in sent.body
    assert "Maren" not in sent.body

    (item,) = waiting_list(actor=worker)
    assert item.title.startswith("Referral received (RF-")
    assert waiting_list(actor=far_worker) == []
