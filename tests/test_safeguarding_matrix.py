"""The role x record matrix for safeguarding records (special category data): every record is
invisible, through the pages and through the API, to every role that should not see it.

Who may see what (lantern/safeguarding/selectors/access.py):
- a safeguarding lead sees every record;
- the lead officer of the person's case sees that person's records, but not MS1s;
- a support worker of the agency referred to sees that referral, in the agency workspace only,
  and the outreach contacts their own agency logged;
- everyone else sees none of them: 403 where the role has no such page, 404 where it does,
  and nothing of them on the pages and lists they may open;
- officers and supervisors learn from the status (the API's, and the panel on the cases
  pages) whether a review exists and its decision, never its content.

Every record type is here: screening, review, consent, referral (the team's view and the
agency's), NRM referral, MS1, the person's records together, and the outreach contact.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils.timezone import localdate
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import actor_of
from lantern.accounts import services as accounts
from lantern.core import clock, directory
from lantern.core.actor import SYSTEM, Role
from lantern.safeguarding import services
from lantern.safeguarding.models import (
    AgeBand,
    DutyRecord,
    Indicator,
    NrmExplained,
    Outcome,
    Purpose,
)
from lantern.safeguarding.tests.conftest import People

pytestmark = pytest.mark.django_db

MARK = "ZQX-marker"  # written into every record, so a leak of content is visible
OTHER_MARK = "QJV-other"  # the other agency's outreach contact


@pytest.fixture
def people():
    before = directory._person_lookup
    registry = People()
    directory.register_person_lookup(registry.lookup)
    yield registry
    directory._person_lookup = before


@pytest.fixture
def world(make_user, orgs, people):
    """One person with every kind of record, and one user per viewer."""
    lead_user = make_user(Role.SAFEGUARDING_LEAD)
    case_lead_user = make_user(Role.POLICE_OFFICER)
    lead = actor_of(lead_user)
    person = people.add(age=30, leads=(case_lead_user.pk,), label=f"Mara {MARK}")
    orgs["other_support"] = accounts.organisation_create(
        actor=SYSTEM, name="Other Support", kind="support_agency"
    )
    accounts.partnership_add_member(  # another agency of the same partnership
        actor=SYSTEM,
        partnership_id=orgs["police"].partnerships.get().pk,
        organisation_id=orgs["other_support"].pk,
    )
    viewers = {
        "safeguarding_lead": lead_user,
        "case_lead": case_lead_user,
        "agency_worker": make_user(Role.SUPPORT_WORKER, "charity"),
        "other_agency_worker": make_user(Role.SUPPORT_WORKER, "other_support"),
        "resident": make_user(Role.RESIDENT),
        "police_officer": make_user(Role.POLICE_OFFICER),
        "pcso": make_user(Role.PCSO),
        "council_officer": make_user(Role.COUNCIL_OFFICER),
        "analyst": make_user(Role.ANALYST),
        "supervisor": make_user(Role.SUPERVISOR),
        "admin": make_user(Role.ADMIN),
    }

    when = clock.now() - timedelta(hours=2)
    screening = services.screening_record(
        actor=lead,
        person_id=person,
        observed_at=when,
        context=f"Larkspur Row {MARK}",
        indicators=[Indicator.CONTROLLED],
        age_band=AgeBand.ADULT,
        outcome=Outcome.POTENTIAL_VICTIM,
    )
    review = services.review_record(
        actor=lead,
        person_id=person,
        decision="do_not_proceed",
        rationale=f"Victim {MARK}",
        decided_on=clock.now().date(),
    )
    consent = services.consent_record(
        actor=lead,
        person_id=person,
        purpose=Purpose.SUPPORT_REFERRAL,
        given=True,
        explanation=f"Explained {MARK}",
        explained_at=when,
    )
    referral = services.referral_send(
        actor=lead,
        data=services.ReferralInput(
            person_id=person,
            kind="support_agency",
            service="outreach",
            agency_id=orgs["charity"].pk,
            reason=f"Support {MARK}",
            shared_information=f"Agreed {MARK}",
        ),
    )
    services.consent_record(
        actor=lead,
        person_id=person,
        purpose=Purpose.NRM,
        given=True,
        explanation=f"NRM {MARK}",
        explained_at=when,
        nrm_explained=list(NrmExplained.values),
    )
    nrm = services.duty_to_notify(
        actor=lead, screening_id=screening.pk, exploitation_type="sexual", reference=MARK[:20]
    ).record
    other_person = people.add(age=40, label=f"Other {MARK}")
    second = services.screening_record(
        actor=lead,
        person_id=other_person,
        observed_at=when,
        context=f"Elsewhere {MARK}",
        indicators=[],
        age_band=AgeBand.ADULT,
        outcome=Outcome.POTENTIAL_VICTIM,
    )
    assert (
        services.duty_to_notify(
            actor=lead, screening_id=second.pk, exploitation_type="labour", reference=MARK[:20]
        ).route
        == "ms1"
    )
    services.ms1_batch_write(actor=SYSTEM, through=localdate(clock.now()))  # the daily batch
    ms1 = DutyRecord.objects.get(kind="ms1")
    for worker, area in (("agency_worker", MARK), ("other_agency_worker", OTHER_MARK)):
        services.outreach_contact_log(
            actor=actor_of(viewers[worker]),
            contacted_on=clock.now().date(),
            area=f"Larkspur Row {area}",
            support=["welfare"],
        )
    # A record's (page, API) addresses, and what shows it was seen: a 200, or for the
    # agency's lists of outreach contacts, its content on a 200.
    records = {
        "screening": (
            f"/safeguarding/screenings/{screening.pk}/",
            f"/api/v1/safeguarding/screenings/{screening.pk}",
        ),
        "review": (
            f"/safeguarding/reviews/{review.pk}/",
            f"/api/v1/safeguarding/reviews/{review.pk}",
        ),
        "consent": (
            f"/safeguarding/consents/{consent.pk}/",
            f"/api/v1/safeguarding/consents/{consent.pk}",
        ),
        "referral": (
            f"/safeguarding/referrals/{referral.pk}/",
            f"/api/v1/safeguarding/referrals/{referral.pk}",
        ),
        "agency_referral": (
            f"/safeguarding/agency/referrals/{referral.pk}/",
            f"/api/v1/safeguarding/agency/referrals/{referral.pk}",
        ),
        "nrm": (
            f"/safeguarding/duty-to-notify/{nrm.pk}/",
            f"/api/v1/safeguarding/duty-records/{nrm.pk}",
        ),
        "ms1": (
            f"/safeguarding/duty-to-notify/{ms1.pk}/",
            f"/api/v1/safeguarding/duty-records/{ms1.pk}",
        ),
        "person": (f"/safeguarding/people/{person}/", f"/api/v1/safeguarding/people/{person}"),
        "outreach_contact": ("/safeguarding/agency/", "/api/v1/safeguarding/agency/contacts"),
        "other_agency_contact": ("/safeguarding/agency/", "/api/v1/safeguarding/agency/contacts"),
    }
    return viewers, records, person


# Lists that answer 200 with nothing in them: a record there is seen only if its content is.
SEEN_BY_CONTENT = {"outreach_contact": MARK, "other_agency_contact": OTHER_MARK}
PERSON_RECORDS = {"screening", "review", "consent", "referral", "nrm", "person"}
VISIBLE = {
    "safeguarding_lead": PERSON_RECORDS | {"ms1"},
    "case_lead": PERSON_RECORDS,
    "agency_worker": {"agency_referral", "outreach_contact"},
    "other_agency_worker": {"other_agency_contact"},
}
VIEWERS = [
    "safeguarding_lead",
    "case_lead",
    "agency_worker",
    "other_agency_worker",
    "resident",
    "police_officer",
    "pcso",
    "council_officer",
    "analyst",
    "supervisor",
    "admin",
]
RECORDS = [
    "screening",
    "review",
    "consent",
    "referral",
    "agency_referral",
    "nrm",
    "ms1",
    "person",
    "outreach_contact",
    "other_agency_contact",
]
# Who may read the gate's status (whether a review exists and its decision, no content).
STATUS_READERS = {
    "safeguarding_lead",
    "case_lead",
    "police_officer",
    "pcso",
    "council_officer",
    "supervisor",
}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("channel", ["page", "api"])
def test_safeguarding_records_only_to_those_who_may_see_them(world, viewer, channel):
    viewers, records, _ = world
    client = _client(viewers[viewer])
    seen, problems = set(), []
    for name in RECORDS:
        url = records[name][0 if channel == "page" else 1]
        response = client.get(url)
        body = response.content.decode()
        if response.status_code == 200 and SEEN_BY_CONTENT.get(name, "") in body:
            seen.add(name)
        elif response.status_code not in (200, 403, 404):
            problems.append(f"{name}: {response.status_code}")
        if response.status_code != 200:
            assert MARK not in body, f"{viewer} sees content of {name} in a refusal"
    assert not problems
    assert seen == VISIBLE.get(viewer, set()), f"{viewer} via {channel}"


@pytest.mark.parametrize("viewer", VIEWERS)
def test_lists_show_nothing_to_those_who_may_not_see(world, viewer):
    viewers, _, _ = world
    client = _client(viewers[viewer])
    lists = {
        # The queue names the people waiting; it sends support workers to their workspace.
        "/safeguarding/": ("safeguarding_lead", "agency_worker"),
        "/safeguarding/duties/": ("safeguarding_lead",),
        "/safeguarding/agency/": ("agency_worker",),  # its outreach contacts
        "/api/v1/safeguarding/agency/referrals": ("agency_worker",),  # the reason referred
        "/api/v1/safeguarding/agency/contacts": ("agency_worker",),
    }
    for url, allowed in lists.items():
        response = client.get(url, follow=True)
        body = response.content.decode()
        if viewer in allowed:
            assert MARK in body, f"{viewer} should see records on {url}"
        else:
            assert MARK not in body, f"{viewer} sees a record on {url}"
    # Pages every staff member may open carry no content: the partnership's numbers, the
    # dashboard's panels, and (for administrators) the audit log, which names records by id.
    for url in ("/safeguarding/numbers/", "/dashboard/", "/audit/"):
        response = client.get(url, follow=True)
        assert MARK not in response.content.decode(), f"{viewer} sees a record on {url}"


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_status_says_whether_a_review_exists_never_its_content(world, viewer):
    viewers, _, person = world
    response = _client(viewers[viewer]).get(f"/api/v1/safeguarding/people/{person}/status")
    assert MARK not in response.content.decode() and "Victim" not in response.content.decode()
    if viewer in STATUS_READERS:
        assert response.status_code == 200
        status = response.json()
        assert status["review_decision"] == "do_not_proceed"
        assert status["enforcement_allowed"] is False
    else:
        assert response.status_code == 404


def test_every_read_is_an_access_event(world):
    from lantern.audit.models import AuditEvent

    viewers, records, _ = world
    client = _client(viewers["case_lead"])
    before = AuditEvent.objects.filter(kind="access").count()
    client.get(records["screening"][0])
    client.get(records["review"][1])
    events = AuditEvent.objects.filter(kind="access").order_by("seq")[before:]
    assert [e.object_type for e in events] == ["screening", "safeguarding_review"]
    assert all('"special_category"' in e.details for e in events)
