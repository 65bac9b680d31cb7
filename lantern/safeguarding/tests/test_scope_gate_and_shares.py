"""Partnership scope, part two: another partnership's screening or review never moves a
partnership's safeguarding gate (issue 18: "that resets another force's safeguarding gate
for that person"), and a safeguarding lead shares a person's records with another
partnership, and withdraws the share."""

from __future__ import annotations

import uuid

import pytest

from conftest import actor_of
from lantern.accounts import services as accounts
from lantern.accounts.models import Partnership
from lantern.audit.models import AuditEvent
from lantern.core import clock, directory, rules
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.safeguarding import selectors, services
from lantern.safeguarding.models import Outcome, Screening
from lantern.safeguarding.rules import SafeguardingBeforeEnforcement
from lantern.safeguarding.tests.factories import review, screen
from lantern.safeguarding.tests.scope_world import (  # noqa: F401  (the world fixture)
    MARK,
    PERSON_RECORDS,
    client_of,
    scoped_world,
    seen_by,
    urls,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases():
    """A fake of the cases app's case partnership lookup: case id -> partnership id."""
    before = directory.partnership_lookup("case")
    known: dict[uuid.UUID, uuid.UUID] = {}
    directory.register_partnership_lookup("case", known.get)
    yield known
    if before is not None:
        directory.register_partnership_lookup("case", before)


@pytest.fixture
def staff(make_user, far):
    test = Partnership.objects.get(name="Test Partnership")
    far_partnership = Partnership.objects.get(name="Far Partnership")
    return {
        "test": test.pk,
        "far": far_partnership.pk,
        "lead": actor_of(make_user(Role.SAFEGUARDING_LEAD)),
        "officer": actor_of(make_user(Role.POLICE_OFFICER)),
        "far_lead": actor_of(make_user(Role.SAFEGUARDING_LEAD, "far_council")),
        "far_officer": actor_of(make_user(Role.POLICE_OFFICER, "far_police")),
    }


def allows(person_id: uuid.UUID, case_id: uuid.UUID) -> bool:
    """SAFEGUARDING_BEFORE_ENFORCEMENT on a warning's approval, as the cases workflow asks."""
    step = rules.EnforcementStep(
        action_id=uuid.uuid4(),
        action_kind="cpw",
        step="approve",
        person_id=person_id,
        person_age=30,
        on=clock.now().date(),
        extra={"case_id": case_id},
    )
    return SafeguardingBeforeEnforcement().check(step)


# --- the gate ------------------------------------------------------------------------------


def test_a_far_screening_of_a_test_partnership_person_is_refused_and_the_gate_holds(
    staff, people, client
):
    person = people.add(partnership=staff["test"])
    screen(staff["officer"], person, outcome=Outcome.CONCERN)
    review(staff["lead"], person, decision="proceed")
    before = selectors.gate_status(person_id=person, person_age=30)
    assert before.review_allows
    with pytest.raises(NotFound):
        screen(staff["far_officer"], person, outcome=Outcome.POTENTIAL_VICTIM)
    with pytest.raises(NotFound):
        review(staff["far_lead"], person, decision="do_not_proceed")
    # Nor through the API, as the far officer's token.
    _, token = accounts.api_token_create(actor=SYSTEM, user=_user(staff["far_officer"]), name="t")
    response = client.post(
        "/api/v1/safeguarding/screenings",
        {
            "person_id": str(person),
            "observed_at": "2026-01-02T21:30:00",
            "context": "Larkspur Row",
            "indicators": ["controlled"],
            "age_band": "child",
            "outcome": "concern",
        },
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 404
    assert Screening.objects.filter(person_id=person).count() == 1
    assert selectors.gate_status(person_id=person, person_age=30) == before


def _user(actor):
    from lantern.accounts.models import User

    return User.objects.get(pk=actor.user_id)


def test_the_gate_reads_only_the_cases_partnerships_records(staff, people, cases):
    """A person the cases app holds no partnership for: each partnership's records are its
    own (the writer's), and a case's gate reads its partnership's only."""
    person = people.add()
    test_case, far_case = uuid.uuid4(), uuid.uuid4()
    cases[test_case], cases[far_case] = staff["test"], staff["far"]
    mine = screen(staff["officer"], person, outcome=Outcome.CONCERN)
    assert mine.partnership_id == staff["test"]
    assert not allows(person, test_case) and allows(person, far_case)
    review(staff["lead"], person, decision="do_not_proceed")
    assert not allows(person, test_case)
    # The far partnership screens her and decides that enforcement may proceed: its own
    # gate opens; the test partnership's still says it should not.
    theirs = screen(staff["far_officer"], person, outcome=Outcome.CONCERN)
    assert theirs.partnership_id == staff["far"]
    assert not allows(person, far_case)
    review(staff["far_lead"], person, decision="proceed")
    assert allows(person, far_case)
    assert not allows(person, test_case)
    status = selectors.gate_status(person_id=person, person_age=30, case_id=test_case)
    assert status.review_decision == "do_not_proceed"
    # A later "no concern" screening elsewhere does not reset the test partnership's record.
    screen(staff["far_officer"], person, outcome=Outcome.NO_CONCERN)
    assert not allows(person, test_case)
    # The case's panel lists only the people its partnership screened in it.
    Screening.objects.filter(pk=theirs.pk).update(case_id=test_case)
    assert selectors.people_screened_in_case(case_id=test_case) == []
    Screening.objects.filter(pk=mine.pk).update(case_id=test_case)
    assert selectors.people_screened_in_case(case_id=test_case) == [person]


def test_a_review_covers_only_its_own_partnerships_screening(staff, people):
    person = people.add()
    theirs = screen(staff["far_officer"], person, outcome=Outcome.CONCERN)
    with pytest.raises(NotFound):  # naming another partnership's screening, unseen
        services.review_record(
            actor=staff["lead"],
            person_id=person,
            decision="proceed",
            rationale="Seen.",
            decided_on=clock.now().date(),
            screening_id=theirs.pk,
        )
    own = review(staff["lead"], person, decision="proceed")
    assert own.screening is None and own.partnership_id == staff["test"]


# --- sharing a person's records --------------------------------------------------------------


def test_a_share_shows_the_persons_records_to_the_far_lead_and_withdrawal_hides_them(world):
    users, person = world["users"], world["person"]
    lead = actor_of(users["lead"])
    share = services.safeguarding_person_share(
        actor=lead, person_id=person, to_partnership_id=world["far"].pk, reason=f"Moved {MARK}"
    )
    event = AuditEvent.objects.filter(action="record.shared").get()
    assert (event.object_type, event.object_id) == ("safeguarding_person", str(person))
    # The far lead sees everything the test partnership holds about her, but no MS1, and
    # none of it is the far partnership's work: not in its queue, its duties or its numbers.
    assert seen_by(world, "far_lead") == PERSON_RECORDS
    # The far officer leads a case she is on (the fake directory says so): with the share,
    # she sees them as a case lead does; the far agency worker sees nothing.
    assert seen_by(world, "far_officer") == PERSON_RECORDS
    assert seen_by(world, "far_worker") == set()
    far_lead = actor_of(users["far_lead"])
    assert selectors.open_concerns(actor=far_lead) == []
    assert selectors.partnership_numbers(actor=far_lead) == []
    far_client = client_of(users["far_lead"])
    page = far_client.get(f"/safeguarding/people/{person}/").content.decode()
    assert MARK in page and "Record a review" not in page and "Share these records" not in page
    consent_page = far_client.get(urls(world)["consent"][0]).content.decode()
    assert MARK in consent_page and "Record withdrawal of consent" not in consent_page
    mine = client_of(users["lead"]).get(urls(world)["consent"][0]).content.decode()
    assert "Record withdrawal of consent" in mine
    # A share gives sight, never the pen.
    with pytest.raises(NotFound):
        review(far_lead, person, decision="proceed")
    with pytest.raises(NotFound):
        services.consent_withdraw(actor=far_lead, consent_id=world["records"]["consent"].pk)
    # Withdrawn, the far lead sees nothing again.
    services.safeguarding_person_share_withdraw(actor=lead, person_id=person, share_id=share.pk)
    assert seen_by(world, "far_lead") == set()
    assert seen_by(world, "far_officer") == set()
    assert selectors.person_shares(actor=lead, person_id=person) == []


def test_only_a_lead_of_the_persons_partnership_shares_and_says_why(world):
    users, person, far = world["users"], world["person"], world["far"].pk
    with pytest.raises(PermissionDenied):
        services.safeguarding_person_share(
            actor=actor_of(users["officer"]), person_id=person, to_partnership_id=far, reason="x"
        )
    with pytest.raises(NotFound):
        services.safeguarding_person_share(
            actor=actor_of(users["far_lead"]),
            person_id=person,
            to_partnership_id=world["test"].pk,
            reason="We want it",
        )
    with pytest.raises(ValidationFailed) as refused:
        services.safeguarding_person_share(
            actor=actor_of(users["lead"]), person_id=person, to_partnership_id=far, reason=" "
        )
    assert "reason" in refused.value.errors
    share = services.safeguarding_person_share(
        actor=actor_of(users["lead"]), person_id=person, to_partnership_id=far, reason="Moved"
    )
    with pytest.raises(NotFound):  # only the partnership that gave it withdraws it
        services.safeguarding_person_share_withdraw(
            actor=actor_of(users["far_lead"]), person_id=person, share_id=share.pk
        )


def test_a_share_shows_only_the_sharing_partnerships_records(staff, people, make_user, orgs):
    """A person the cases app holds no partnership for, with records in two partnerships:
    the test partnership's share shows a third partnership the test records only."""
    orgs["third_council"] = accounts.organisation_create(
        actor=SYSTEM, name="Third Council", kind="council"
    )
    third = accounts.partnership_create(
        actor=SYSTEM, name="Third Partnership", members=[orgs["third_council"]]
    )
    third_lead = actor_of(make_user(Role.SAFEGUARDING_LEAD, "third_council"))
    assert third_lead.partnership_ids == {third.pk}
    person = people.add()
    ours = screen(staff["officer"], person, outcome=Outcome.CONCERN)
    screen(staff["far_officer"], person, outcome=Outcome.CONCERN)
    assert selectors.person_records(actor=third_lead, person_id=person).screenings == []
    services.safeguarding_person_share(
        actor=staff["lead"], person_id=person, to_partnership_id=third.pk, reason="Moved"
    )
    records = selectors.person_records(actor=third_lead, person_id=person)
    assert [s.pk for s in records.screenings] == [ours.pk]


def test_the_person_page_shares_and_withdraws(world):
    users, person, far = world["users"], world["person"], world["far"]
    lead = client_of(users["lead"])
    page = lead.get(f"/safeguarding/people/{person}/").content.decode()
    assert "Share these records with another partnership" in page and "Far Partnership" in page
    refused = lead.post(f"/safeguarding/people/{person}/share/", {"partnership": str(far.pk)})
    assert refused.status_code == 200
    assert "Say why the other partnership needs these records" in refused.content.decode()
    done = lead.post(
        f"/safeguarding/people/{person}/share/",
        {"partnership": str(far.pk), "reason": "She moved to the far district"},
    )
    assert done.status_code == 302
    (share,) = selectors.person_shares(actor=actor_of(users["lead"]), person_id=person)
    choices = dict(selectors.share_choices(actor=actor_of(users["lead"]), person_id=person))
    assert str(far.pk) not in choices  # shared already
    assert str(world["test"].pk) not in choices  # the person's own
    page = lead.get(f"/safeguarding/people/{person}/").content.decode()
    assert "She moved to the far district" in page
    withdraw = f"/safeguarding/people/{person}/shares/{share.pk}/withdraw/"
    assert withdraw in page
    assert client_of(users["far_lead"]).get(withdraw).status_code == 404
    assert client_of(users["far_lead"]).get(urls(world)["person"][0]).status_code == 200
    assert lead.get(withdraw).status_code == 200
    assert lead.post(withdraw).status_code == 302
    assert client_of(users["far_lead"]).get(urls(world)["person"][0]).status_code == 404
    # The officer of the person's partnership may not share (not a lead): no form, and 404.
    officer = client_of(users["officer"])
    assert (
        "Share these records" not in officer.get(f"/safeguarding/people/{person}/").content.decode()
    )
    response = officer.post(
        f"/safeguarding/people/{person}/share/", {"partnership": str(far.pk), "reason": "x"}
    )
    assert response.status_code in (403, 404)
