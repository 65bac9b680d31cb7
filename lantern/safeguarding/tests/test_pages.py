"""The safeguarding pages: forms post through the services; refusals are shown in words."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.frontend.panels import Page, panels_for
from lantern.safeguarding import services
from lantern.safeguarding.models import (
    Consent,
    DutyRecord,
    OutreachContact,
    QueuedMs1,
    Referral,
    Review,
    Screening,
)

pytestmark = pytest.mark.django_db


def test_the_lead_screens_reviews_consents_refers_and_meets_the_duty(signed_in, orgs, people):
    client = signed_in(Role.SAFEGUARDING_LEAD)
    person = people.add(age=29, label="Maren Hollis")
    url = reverse("safeguarding:screening-new", args=[person])
    assert client.post(url, {}).status_code == 200  # errors, not a crash
    response = client.post(
        url,
        {
            "observed_on": "20/11/2026",
            "observed_time": "21:30",
            "context": "Larkspur Row, outreach patrol",
            "indicators": ["controlled", "phone_control"],
            "age_band": "adult",
            "outcome": "potential_victim",
        },
    )
    assert response.status_code == 302
    screening = Screening.objects.get(person_id=person)
    page = client.get(reverse("safeguarding:person", args=[person])).content.decode()
    assert "Maren Hollis" in page and "Does not control their own contact number" in page
    home = client.get(reverse("safeguarding:home")).content.decode()
    assert "Maren Hollis" in home

    response = client.post(
        reverse("safeguarding:referral-new", args=[person]),
        {
            "kind": "support_agency",
            "agency": str(orgs["charity"].pk),
            "service": "outreach",
            "reason": "Help",
        },
    )
    assert response.status_code == 200 and "consent" in response.content.decode()
    assert not Referral.objects.exists()

    response = client.post(
        reverse("safeguarding:consent-new", args=[person]),
        {
            "purpose": "support_referral",
            "given": "yes",
            "explanation": "Who Lamplight are",
            "explained_on": "20/11/2026",
        },
    )
    assert response.status_code == 302 and Consent.objects.count() == 1
    response = client.post(
        reverse("safeguarding:referral-new", args=[person]),
        {
            "kind": "support_agency",
            "agency": str(orgs["charity"].pk),
            "service": "outreach",
            "reason": "Help",
            "shared_information": "First name and a safe number",
        },
    )
    # First the answers to check, with what the agency will and will not be told.
    page = unescape(response.content.decode())
    assert response.status_code == 200 and "Check your answers" in page
    assert "Not shared: the person did not consent" in page and not Referral.objects.exists()
    response = client.post(
        reverse("safeguarding:referral-new", args=[person]),
        {
            "kind": "support_agency",
            "agency": str(orgs["charity"].pk),
            "service": "outreach",
            "reason": "Help",
            "shared_information": "First name and a safe number",
            "confirm": "yes",
        },
    )
    assert response.status_code == 302 and Referral.objects.count() == 1
    response = client.post(
        reverse("safeguarding:review-new", args=[person]),
        {
            "decision": "do_not_proceed",
            "rationale": "A victim of control",
            "decided_on": "21/11/2026",
            "confirm": "yes",
        },
    )
    assert response.status_code == 302 and Review.objects.get().screening == screening
    assert "Open concerns" in client.get(reverse("safeguarding:home")).content.decode()
    assert "Maren Hollis" not in client.get(reverse("safeguarding:home")).content.decode()

    response = client.post(
        reverse("safeguarding:duty-new", args=[screening.pk]), {"exploitation_type": "sexual"}
    )
    # No NRM consent: an anonymous MS1, queued; the lead goes back to the screening, not to
    # an MS1 record (none exists yet, and nothing will link the two).
    assert response.status_code == 302
    assert response["Location"] == reverse("safeguarding:screening", args=[screening.pk])
    assert QueuedMs1.objects.count() == 1 and not DutyRecord.objects.exists()
    duties = client.get(reverse("safeguarding:duties")).content.decode()
    assert "MS1 (anonymous)" in duties and "1 waiting for the batch" in duties
    services.ms1_batch_write(actor=SYSTEM, through=localdate(clock.now()))
    assert DutyRecord.objects.get().kind == "ms1"
    duties = client.get(reverse("safeguarding:duties")).content.decode()
    assert "waiting for the batch" not in duties
    assert client.get(reverse("safeguarding:numbers")).status_code == 200
    for consent in Consent.objects.all():
        assert client.get(reverse("safeguarding:consent", args=[consent.pk])).status_code == 200
        assert (
            client.post(reverse("safeguarding:consent-withdraw", args=[consent.pk])).status_code
            == 302
        )
    assert not Consent.objects.filter(withdrawn_at__isnull=True).exists()


def test_childrens_services_referral_the_review_page_tells_the_lead_why(signed_in, people):
    client = signed_in(Role.SAFEGUARDING_LEAD)
    person = people.add(age=None, label="Kira Testhale")
    url = reverse("safeguarding:screening-new", args=[person])
    form = {
        "observed_on": "20/11/2026",
        "context": "Larkspur Row, outreach patrol",
        "age_band": "unknown",
        "outcome": "concern",
    }
    page = client.post(url, form).content.decode()  # "not known" needs the s.51 judgement
    assert "reasonable grounds to believe the person may be under 18" in page
    assert not Screening.objects.exists()
    form |= {"may_be_under_18": "yes", "may_be_under_18_reason": "School uniform; says 15"}
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[-3000:]
    screening = Screening.objects.get()
    assert screening.may_be_under_18 and screening.child_sexual_exploitation
    record = client.get(reverse("safeguarding:person", args=[person])).content.decode()
    assert "No date of birth recorded" in record and "Not made yet" in record

    review_url = reverse("safeguarding:review-new", args=[person])
    page = unescape(client.get(review_url).content.decode())
    assert "reasonable grounds to believe they may be under 18" in page
    assert "must be referred to children's social care" in page
    assert reverse("safeguarding:referral-new", args=[person]) in page
    decision = {"decision": "proceed", "rationale": "Support in place", "decided_on": "21/11/2026"}
    page = unescape(client.post(review_url, decision).content.decode())
    assert "must be referred to children's social care" in page
    assert not Review.objects.exists()
    response = client.post(
        reverse("safeguarding:referral-new", args=[person]),
        {
            "kind": "childrens_social_care",
            "reason": "A child at risk of sexual exploitation",
            "override": "child",
            "confirm": "yes",
        },
    )
    assert response.status_code == 302
    assert "is on record" in client.get(review_url).content.decode()
    assert client.post(review_url, decision | {"confirm": "yes"}).status_code == 302


def test_the_support_worker_updates_a_referral_and_logs_a_contact(signed_in, orgs, people, actor):
    from lantern.safeguarding.tests.factories import consent

    lead = actor(Role.SAFEGUARDING_LEAD)
    person = people.add(age=33, label="Maren Hollis")
    consent(lead, person)
    referral = services.referral_send(
        actor=lead,
        data=services.ReferralInput(
            person_id=person,
            kind="support_agency",
            service="outreach",
            agency_id=orgs["charity"].pk,
            reason="Wants support",
            shared_information="Safe number 07700 900123",
        ),
    )
    client = signed_in(Role.SUPPORT_WORKER)
    assert client.get(reverse("safeguarding:home")).status_code == 302
    page = client.get(reverse("safeguarding:agency")).content.decode()
    assert f"Referral {str(referral.pk)[:8]}" in page and "Maren Hollis" not in page
    detail = client.get(
        reverse("safeguarding:agency-referral", args=[referral.pk])
    ).content.decode()
    assert "Safe number 07700 900123" in detail and "Maren Hollis" not in detail
    response = client.post(
        reverse("safeguarding:agency-referral", args=[referral.pk]),
        {"status": "accepted", "outcome": "Met"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "accepted"
    response = client.post(
        reverse("safeguarding:contact-new"),
        {
            "contacted_on": "20/11/2026",
            "area": "Larkspur Row",
            "support": ["welfare"],
            "referral": str(referral.pk),
        },
    )
    assert response.status_code == 302 and OutreachContact.objects.get().referral == referral


def test_status_panel_shows_the_decision_not_the_content(rf, people, actor, make_user):
    from lantern.safeguarding.tests.factories import review, screen

    lead = actor(Role.SAFEGUARDING_LEAD)
    person = people.add(age=30)
    screen(lead, person)
    officer = actor(Role.POLICE_OFFICER)
    request = rf.get("/")
    request.actor = officer
    (panel,) = panels_for(request, Page.PERSON, person_id=person)["side"]
    assert panel.context["people"][0]["blocked"] and not panel.context["people"][0]["content_link"]
    review(lead, person, "do_not_proceed")
    (panel,) = panels_for(request, Page.PERSON, person_id=person)["side"]
    status = panel.context["people"][0]
    assert status["review_decision"] == "Enforcement should not proceed"
    assert "rationale" not in str(status).lower()
    request.actor = actor(Role.ANALYST)
    assert panels_for(request, Page.PERSON, person_id=person)["side"] == []


def test_the_waiting_list_reads_and_logs_only_what_it_lists(people, actor):
    """ "Waiting for you" takes the newest WAITING_LIMIT concerns of the queue: only those are
    read and logged as read, however long the queue (docs/scale.md), in one list access event
    naming them (ADR 0020)."""
    import json

    from lantern.audit.models import AuditEvent
    from lantern.notifications.waiting import WAITING_LIMIT
    from lantern.safeguarding import selectors
    from lantern.safeguarding.panels import _waiting
    from lantern.safeguarding.tests.factories import screen

    lead = actor(Role.SAFEGUARDING_LEAD)
    for _ in range(3):
        screen(lead, people.add(age=30))
    queue = selectors.open_concerns(actor=lead)
    assert len(queue) == 3
    assert selectors.open_concerns(actor=lead, limit=2) == queue[:2]
    listed = AuditEvent.objects.filter(
        actor=str(lead.user_id), object_type="screening", kind=AuditEvent.Kind.ACCESS
    )
    before = listed.count()
    selectors.open_concerns(actor=lead, limit=2)
    assert listed.count() - before == 1
    named = json.loads(listed.order_by("-seq").first().details)["ids"]
    assert named == sorted(str(s.pk) for s in queue[:2])
    before = listed.count()
    assert len(_waiting(lead)) == min(3, WAITING_LIMIT)
    assert listed.count() - before == 1
    assert len(json.loads(listed.order_by("-seq").first().details)["ids"]) == min(3, WAITING_LIMIT)
