"""The partnership scope of safeguarding records (issue 18): staff of another partnership (the
``far`` fixture's force, council and charity) see none of the test partnership's
screenings, reviews, consent, referrals, NRM referrals, MS1s, MS1 queue or outreach contacts,
in lists, on pages or through the API, and cannot write to them; a safeguarding lead's share
of a person's records shows them to the other partnership's lead, and withdrawing it hides
them again."""

from __future__ import annotations

import pytest

from conftest import actor_of
from lantern.accounts import services as accounts
from lantern.core import clock
from lantern.core.actor import SYSTEM
from lantern.core.errors import NotFound, ValidationFailed
from lantern.safeguarding import selectors, services
from lantern.safeguarding.models import Purpose, Screening
from lantern.safeguarding.tests.factories import consent, review, screen
from lantern.safeguarding.tests.scope_world import (  # noqa: F401  (the world fixture)
    MARK,
    PERSON_RECORDS,
    client_of,
    scoped_world,
    seen_by,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["far_lead", "far_officer", "far_worker"])
def test_far_staff_see_no_record_on_any_page_or_api(world, who):
    assert seen_by(world, who) == set()


def test_the_test_partnerships_own_staff_still_see_theirs(world):
    assert seen_by(world, "lead") == PERSON_RECORDS | {"ms1"}
    assert seen_by(world, "worker") == {"agency_referral"}


def test_far_staff_see_none_of_it_in_lists_and_counts(world):
    users = world["users"]
    far_lead, far_worker = actor_of(users["far_lead"]), actor_of(users["far_worker"])
    lead, worker = actor_of(users["lead"]), actor_of(users["worker"])
    # The queue: the far lead's is empty; the test lead's has the person whose MS1 waits.
    assert selectors.open_concerns(actor=far_lead) == []
    assert len(selectors.open_concerns(actor=lead)) == 2
    assert selectors.duties_report(actor=far_lead) == ([], [])
    assert len(selectors.duties_report(actor=lead)[0]) == 3
    assert selectors.ms1_records(actor=far_lead) == []
    assert selectors.ms1_queued(actor=far_lead) == 0 and selectors.ms1_queued(actor=lead) == 1
    assert selectors.agency_referrals(actor=far_worker) == []
    assert not selectors.agency_contacts(actor=far_worker).exists()
    assert len(selectors.agency_referrals(actor=worker)) == 1
    assert selectors.agency_contacts(actor=worker).count() == 1
    # The numbers are each partnership's own.
    assert selectors.partnership_numbers(actor=far_lead) == []
    (month,) = selectors.partnership_numbers(actor=lead)
    assert (month.screenings, month.reviews, month.nrm, month.ms1) == (3, 1, 1, 1)
    with pytest.raises(NotFound):
        selectors.person_records(actor=far_lead, person_id=world["person"])
    for url in ("/safeguarding/", "/safeguarding/duties/", "/safeguarding/numbers/"):
        response = client_of(users["far_lead"]).get(url)
        assert response.status_code == 200 and MARK not in response.content.decode()
    for url in ("/safeguarding/agency/", "/api/v1/safeguarding/agency/contacts"):
        response = client_of(users["far_worker"]).get(url)
        assert response.status_code == 200 and MARK not in response.content.decode()
    status = client_of(users["far_officer"]).get(
        f"/api/v1/safeguarding/people/{world['person']}/status"
    )
    assert status.status_code == 404


def test_far_staff_cannot_write_to_the_records(world):
    users, person, r = world["users"], world["person"], world["records"]
    far_lead, far_worker = actor_of(users["far_lead"]), actor_of(users["far_worker"])
    before = Screening.objects.count()
    with pytest.raises(NotFound):
        review(far_lead, person, decision="proceed")
    with pytest.raises(NotFound):
        consent(far_lead, person)
    with pytest.raises(NotFound):
        services.consent_withdraw(actor=far_lead, consent_id=r["consent"].pk)
    with pytest.raises(NotFound):
        services.referral_update(actor=far_lead, referral_id=r["referral"].pk, status="closed")
    with pytest.raises(NotFound):
        services.referral_update(actor=far_worker, referral_id=r["referral"].pk, status="closed")
    with pytest.raises(NotFound):
        services.duty_to_notify(actor=far_lead, screening_id=r["screening"].pk)
    with pytest.raises(NotFound):  # not one of the far agency's referrals
        services.outreach_contact_log(
            actor=far_worker, contacted_on=clock.now().date(), referral_id=r["referral"].pk
        )
    client = client_of(users["far_lead"])
    for step in ("screen", "review", "consent", "refer"):
        assert client.get(f"/safeguarding/people/{person}/{step}/").status_code == 404
    assert Screening.objects.count() == before


def test_a_referral_goes_only_to_an_agency_of_the_persons_partnership(world, far):
    lead = actor_of(world["users"]["lead"])
    with pytest.raises(ValidationFailed) as refused:
        services.referral_send(
            actor=lead,
            data=services.ReferralInput(
                person_id=world["person"],
                kind="support_agency",
                service="outreach",
                agency_id=far["far_charity"].pk,
                reason="Support",
            ),
        )
    assert "agency" in refused.value.errors
    agencies = selectors.person_referral_agencies(actor=lead, person_id=world["person"])
    assert [a.name for a in agencies] == ["Test Outreach"]


def test_support_workers_see_referrals_only_within_their_partnerships(world):
    charity = world["charity"]
    accounts.partnership_remove_member(
        actor=SYSTEM, partnership_id=world["test"].pk, organisation_id=charity.pk
    )
    worker = actor_of(world["users"]["worker"])  # the agency is in no partnership now
    assert selectors.agency_referrals(actor=worker) == []
    assert not selectors.agency_contacts(actor=worker).exists()
    with pytest.raises(NotFound):
        selectors.agency_referral_get(actor=worker, referral_id=world["records"]["referral"].pk)


def test_a_worker_of_two_partnerships_says_which_an_outreach_contact_is_for(world):
    charity = world["charity"]
    accounts.partnership_add_member(
        actor=SYSTEM, partnership_id=world["far"].pk, organisation_id=charity.pk
    )
    worker = actor_of(world["users"]["worker"])
    today = clock.now().date()
    with pytest.raises(ValidationFailed) as refused:
        services.outreach_contact_log(actor=worker, contacted_on=today)
    assert "partnership" in refused.value.errors
    contact = services.outreach_contact_log(
        actor=worker, contacted_on=today, partnership_id=world["far"].pk
    )
    assert contact.partnership_id == world["far"].pk and contact.agency_id == charity.pk
    page = client_of(world["users"]["worker"]).get("/safeguarding/agency/contacts/new/")
    assert "Which partnership was it for?" in page.content.decode()
    # A contact that is part of a referral goes with the referral.
    with_referral = services.outreach_contact_log(
        actor=worker, contacted_on=today, referral_id=world["records"]["referral"].pk
    )
    assert with_referral.partnership_id == world["test"].pk


def test_every_record_holds_the_persons_partnership(world):
    test = world["test"].pk
    for record in world["records"].values():
        assert record.partnership_id == test, record
    assert all(s.partnership_id == test for s in Screening.objects.all())


def test_nrm_consent_counts_only_in_the_partnership_that_recorded_it(world, people, far):
    """NRM consent recorded in the test partnership does not send a far screening of the
    same (unknown to the cases app) person into the NRM: each partnership's own records."""
    person = people.add()  # the cases app does not know her partnership
    lead, far_lead = actor_of(world["users"]["lead"]), actor_of(world["users"]["far_lead"])
    consent(lead, person, Purpose.NRM)
    assert Screening.objects.filter(person_id=person).count() == 0
    far_screening = screen(
        actor_of(world["users"]["far_officer"]), person, outcome="potential_victim"
    )
    assert far_screening.partnership_id == world["far"].pk
    outcome = services.duty_to_notify(actor=far_lead, screening_id=far_screening.pk)
    assert outcome.route == "ms1"  # the far partnership holds no NRM consent of hers
