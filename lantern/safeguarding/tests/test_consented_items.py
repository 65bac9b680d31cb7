"""Support workers see, per referral, what the person consented to share (issue 20): their
name, how to reach them, where to find them, the referrer's contact. The referrer records
each item the person consented to; the agency sees only those, each read an access event;
an item not consented to is never stored and reads "Not shared: the person did not
consent"; another agency or partnership gets a 404."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from conftest import actor_of
from lantern.accounts import services as accounts
from lantern.accounts.models import Organisation, Partnership
from lantern.audit.models import AuditEvent
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import ValidationFailed
from lantern.safeguarding import selectors, services
from lantern.safeguarding.models import Purpose, Referral
from lantern.safeguarding.tests.factories import consent
from lantern.safeguarding.tests.scope_world import client_of

pytestmark = pytest.mark.django_db

NOT_CONSENTED = "Not shared: the person did not consent"


def _refer(lead, person, charity, **items) -> Referral:
    return services.referral_send(
        actor=lead,
        data=services.ReferralInput(
            person_id=person,
            kind="support_agency",
            service="outreach",
            agency_id=charity.pk,
            reason="Wants support with housing",
            shared_items=list(items.pop("consented", ())),
            shared_details=items,
        ),
    )


@pytest.fixture
def referred(make_user, orgs, people):
    """A referral on which the person agreed to share her name and where to find her; the
    lead also typed a phone number she did not agree to share."""
    lead = actor_of(make_user(Role.SAFEGUARDING_LEAD))
    person = people.add(age=31, label="Odile Testpenn")
    support = consent(lead, person, Purpose.SUPPORT_REFERRAL)
    sharing = consent(lead, person, Purpose.INFORMATION_SHARING)
    referral = _refer(
        lead,
        person,
        orgs["charity"],
        consented=("name", "place"),
        name="Odile",
        place="The Tuesday drop-in, Larkspur Row",
        contact="07700 900456",
    )
    return {"lead": lead, "person": person, "referral": referral, "consents": (support, sharing)}


def test_only_the_consented_items_are_stored(referred):
    r = Referral.objects.get(pk=referred["referral"].pk)
    assert r.shared_items == ["name", "place"]
    assert r.shared_name == "Odile" and r.shared_place.startswith("The Tuesday drop-in")
    assert r.shared_contact == "" and r.referrer_contact == ""


def test_the_audit_event_names_the_items_never_their_values(referred):
    event = AuditEvent.objects.get(action="referral.sent", object_id=str(referred["referral"].pk))
    assert '"shared_items":["name","place"]' in event.details.replace(" ", "")
    assert "Odile" not in event.details and "Tuesday" not in event.details


def test_a_consented_item_needs_its_value(referred, orgs):
    with pytest.raises(ValidationFailed) as refused:
        _refer(referred["lead"], referred["person"], orgs["charity"], consented=("contact",))
    assert "shared_contact" in refused.value.errors


def test_an_unknown_item_is_refused(referred, orgs):
    with pytest.raises(ValidationFailed) as refused:
        _refer(referred["lead"], referred["person"], orgs["charity"], consented=("address",))
    assert "shared_items" in refused.value.errors


def test_the_support_worker_sees_the_consented_items_only(referred, make_user):
    worker = make_user(Role.SUPPORT_WORKER)
    client = client_of(worker)
    url = reverse("safeguarding:agency-referral", args=[referred["referral"].pk])
    page = unescape(client.get(url).content.decode())
    assert "Odile" in page and "The Tuesday drop-in, Larkspur Row" in page
    assert "07700 900456" not in page and "Odile Testpenn" not in page
    assert page.count(NOT_CONSENTED) == 2  # how to reach her; the referrer's contact
    listing = client.get(reverse("safeguarding:agency")).content.decode()
    assert "Odile" in listing and "Odile Testpenn" not in listing


def test_each_read_of_the_consented_items_is_an_access_event(referred, make_user):
    worker = make_user(Role.SUPPORT_WORKER)
    client = client_of(worker)
    url = reverse("safeguarding:agency-referral", args=[referred["referral"].pk])
    for _ in range(2):
        client.get(url)
    reads = AuditEvent.objects.filter(
        kind=AuditEvent.Kind.ACCESS,
        actor=str(worker.pk),
        object_type="referral",
        object_id=str(referred["referral"].pk),
        details__contains="consented_details",
    )
    assert reads.count() == 2
    assert all("Odile" not in e.details for e in reads)


def test_nothing_is_shown_once_consent_is_withdrawn(referred, make_user):
    for c in referred["consents"]:
        services.consent_withdraw(actor=referred["lead"], consent_id=c.pk)
    worker = actor_of(make_user(Role.SUPPORT_WORKER))
    referral = selectors.agency_referral_get(actor=worker, referral_id=referred["referral"].pk)
    details = selectors.agency_referral_shared(actor=worker, referral=referral)
    assert not any(d.shared for d in details)
    assert "Odile" not in {d.value for d in details}
    assert selectors.agency_referral_names(referrals=[referral]) == {}


def test_with_nothing_consented_every_item_reads_not_shared(make_user, orgs, people):
    lead = actor_of(make_user(Role.SAFEGUARDING_LEAD))
    person = people.add(age=40, label="Wren Testcaddy")
    consent(lead, person, Purpose.SUPPORT_REFERRAL)
    referral = _refer(lead, person, orgs["charity"], name="Wren")  # typed, not ticked
    assert referral.shared_name == ""
    worker = actor_of(make_user(Role.SUPPORT_WORKER))
    details = selectors.agency_referral_shared(actor=worker, referral=referral)
    assert [d.value for d in details] == [NOT_CONSENTED] * 4


@pytest.mark.parametrize(
    ("role", "org"),
    [
        (Role.SUPPORT_WORKER, "far_charity"),  # another partnership's agency
        (Role.SAFEGUARDING_LEAD, "far_council"),
    ],
)
def test_another_agency_or_partnership_gets_a_404(referred, make_user, far, role, org):
    client = client_of(make_user(role, org))
    url = reverse("safeguarding:agency-referral", args=[referred["referral"].pk])
    response = client.get(url)
    assert response.status_code in (403, 404) and "Odile" not in response.content.decode()
    if role is Role.SUPPORT_WORKER:
        assert response.status_code == 404


def test_a_worker_of_another_agency_in_the_partnership_gets_a_404(referred, make_user, orgs):
    other = accounts.organisation_create(
        actor=SYSTEM, name="Other Test Agency", kind=Organisation.Kind.SUPPORT_AGENCY
    )
    test = Partnership.objects.get(name="Test Partnership")
    accounts.partnership_add_member(actor=SYSTEM, partnership_id=test.pk, organisation_id=other.pk)
    orgs["other_agency"] = other
    client = client_of(make_user(Role.SUPPORT_WORKER, "other_agency"))
    url = reverse("safeguarding:agency-referral", args=[referred["referral"].pk])
    response = client.get(url)
    assert response.status_code == 404 and "Odile" not in response.content.decode()
    assert "Odile" not in client.get(reverse("safeguarding:agency")).content.decode()


def test_the_lead_records_the_items_through_the_form_and_checks_them_first(signed_in, orgs, people):
    client = signed_in(Role.SAFEGUARDING_LEAD)
    lead = actor_of(client.user)
    person = people.add(age=27, label="Tamsin Testholt")
    consent(lead, person, Purpose.SUPPORT_REFERRAL)
    url = reverse("safeguarding:referral-new", args=[person])
    form = client.get(url).content.decode()
    assert "Tamsin Testholt" in form  # the name the lead sees, offered for the agency
    answers = {
        "kind": "support_agency",
        "agency": str(orgs["charity"].pk),
        "service": "outreach",
        "reason": "Wants support",
        "shared_items": ["name", "referrer_contact"],
        "shared_name": "Tamsin",
        "referrer_contact": "PC Test, 01234 567890",
        "shared_place": "Larkspur Row",  # typed, not ticked: not shared
    }
    check = unescape(client.post(url, answers).content.decode())
    assert "Check your answers before sending the referral" in check
    assert "Tamsin" in check and "PC Test, 01234 567890" in check
    assert check.count(NOT_CONSENTED) == 2
    assert not Referral.objects.exists()
    change = unescape(client.post(url, answers | {"change": "yes"}).content.decode())
    assert "Make a referral" in change and 'value="PC Test, 01234 567890"' in change
    assert not Referral.objects.exists()
    # "Send referral" posts the answers the check page carries in its hidden fields.
    carried: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', check):
        if name != "csrfmiddlewaretoken":
            carried.setdefault(name, []).append(value)
    assert carried["shared_items"] == ["name", "referrer_contact"]
    response = client.post(url, carried | {"confirm": ["yes"]})
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.shared_items == ["name", "referrer_contact"]
    assert referral.shared_place == ""
    page = unescape(client.get(response["Location"]).content.decode())
    assert "Referral sent to Test Outreach" in page
    detail = unescape(
        client.get(reverse("safeguarding:referral", args=[referral.pk])).content.decode()
    )
    assert "PC Test, 01234 567890" in detail and NOT_CONSENTED in detail


def test_the_api_records_the_items_and_shows_the_agency_only_those(make_user, orgs, people):
    from lantern.accounts import services as account_services

    lead_user = make_user(Role.SAFEGUARDING_LEAD)
    person = people.add(age=36, label="Greer Testalby")
    consent(actor_of(lead_user), person, Purpose.SUPPORT_REFERRAL)

    def api(user):
        _, token = account_services.api_token_create(actor=SYSTEM, user=user, name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    from django.test import Client

    client = Client()
    response = client.post(
        "/api/v1/safeguarding/referrals",
        {
            "person_id": str(person),
            "kind": "support_agency",
            "service": "outreach",
            "agency_id": str(orgs["charity"].pk),
            "reason": "Wants support",
            "shared_items": ["contact"],
            "shared_details": {"contact": "07700 900789", "name": "Greer"},
        },
        content_type="application/json",
        **api(lead_user),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["shared_items"] == ["contact"] and body["shared_name"] == ""
    worker = make_user(Role.SUPPORT_WORKER)
    seen = client.get(f"/api/v1/safeguarding/agency/referrals/{body['id']}", **api(worker))
    assert seen.status_code == 200
    shared = {d["item"]: d for d in seen.json()["shared"]}
    assert shared["contact"]["shared"] and shared["contact"]["value"] == "07700 900789"
    assert shared["name"] == {
        "item": "name",
        "label": "Their name",
        "shared": False,
        "value": NOT_CONSENTED,
    }
    assert "Greer" not in seen.content.decode()
