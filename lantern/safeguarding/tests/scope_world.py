"""The shared world of the partnership scope tests (test_scope.py and
test_scope_gate_and_shares.py): the test partnership's person with every kind of safeguarding
record, its staff and the far partnership's, and how to see what a user is shown."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.timezone import localdate
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import actor_of
from lantern.accounts.models import Partnership
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.safeguarding import services
from lantern.safeguarding.models import DutyRecord, Outcome, Purpose
from lantern.safeguarding.tests.factories import consent, review, screen

MARK = "ZQX-scope"  # in every record and the person's name, so a leak of content shows


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture(name="world")
def scoped_world(make_user, orgs, far, people):
    """The test partnership's person with every kind of record, a second person whose duty
    went to an MS1 (written), a third whose MS1 waits in the queue; the test partnership's
    lead, officer and agency worker, and the far partnership's."""
    test = Partnership.objects.get(name="Test Partnership")
    users = {
        "lead": make_user(Role.SAFEGUARDING_LEAD),
        "officer": make_user(Role.POLICE_OFFICER),
        "worker": make_user(Role.SUPPORT_WORKER),
        "far_lead": make_user(Role.SAFEGUARDING_LEAD, "far_council"),
        "far_officer": make_user(Role.POLICE_OFFICER, "far_police"),
        "far_worker": make_user(Role.SUPPORT_WORKER, "far_charity"),
    }
    lead, officer = actor_of(users["lead"]), actor_of(users["officer"])
    # The far officer leads a case she is on, as the fake directory tells it: leading a case
    # gives no sight of another partnership's safeguarding records.
    person = people.add(
        leads=(users["officer"].pk, users["far_officer"].pk),
        label=f"Mara {MARK}",
        partnership=test.pk,
    )
    screening = screen(officer, person, outcome=Outcome.POTENTIAL_VICTIM)
    reviewed = review(lead, person, decision="do_not_proceed")
    consent(lead, person, Purpose.SUPPORT_REFERRAL)
    consent(lead, person, Purpose.NRM)
    support = consent(lead, person, Purpose.INFORMATION_SHARING)
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
    nrm = services.duty_to_notify(actor=lead, screening_id=screening.pk).record
    for n in (2, 3):  # adults who decline the NRM: their duty goes to an MS1
        other = people.add(label=f"Other {n} {MARK}", partnership=test.pk)
        concern = screen(officer, other, outcome=Outcome.POTENTIAL_VICTIM)
        services.duty_to_notify(actor=lead, screening_id=concern.pk, reference=MARK[:20])
        if n == 2:
            services.ms1_batch_write(actor=SYSTEM, through=localdate(clock.now()))
    ms1 = DutyRecord.objects.get(kind="ms1")
    contact = services.outreach_contact_log(
        actor=actor_of(users["worker"]),
        contacted_on=clock.now().date(),
        area=f"Larkspur Row {MARK}",
        referral_id=referral.pk,
    )
    return {
        "charity": orgs["charity"],
        "test": test,
        "far": Partnership.objects.get(name="Far Partnership"),
        "users": users,
        "person": person,
        "records": {
            "screening": screening,
            "review": reviewed,
            "consent": support,
            "referral": referral,
            "nrm": nrm,
            "ms1": ms1,
            "contact": contact,
        },
    }


def urls(world) -> dict[str, tuple[str, str]]:
    """Each record's page and API addresses."""
    r, person = world["records"], world["person"]
    return {
        "screening": (
            f"/safeguarding/screenings/{r['screening'].pk}/",
            f"/api/v1/safeguarding/screenings/{r['screening'].pk}",
        ),
        "review": (
            f"/safeguarding/reviews/{r['review'].pk}/",
            f"/api/v1/safeguarding/reviews/{r['review'].pk}",
        ),
        "consent": (
            f"/safeguarding/consents/{r['consent'].pk}/",
            f"/api/v1/safeguarding/consents/{r['consent'].pk}",
        ),
        "referral": (
            f"/safeguarding/referrals/{r['referral'].pk}/",
            f"/api/v1/safeguarding/referrals/{r['referral'].pk}",
        ),
        "agency_referral": (
            f"/safeguarding/agency/referrals/{r['referral'].pk}/",
            f"/api/v1/safeguarding/agency/referrals/{r['referral'].pk}",
        ),
        "nrm": (
            f"/safeguarding/duty-to-notify/{r['nrm'].pk}/",
            f"/api/v1/safeguarding/duty-records/{r['nrm'].pk}",
        ),
        "ms1": (
            f"/safeguarding/duty-to-notify/{r['ms1'].pk}/",
            f"/api/v1/safeguarding/duty-records/{r['ms1'].pk}",
        ),
        "person": (f"/safeguarding/people/{person}/", f"/api/v1/safeguarding/people/{person}"),
    }


PERSON_RECORDS = {"screening", "review", "consent", "referral", "nrm", "person"}


def seen_by(world, who: str) -> set[str]:
    """The records ``who`` is shown (a 200 with its content), by page and by API; any other
    answer must be a 403 (a page the role has not) or a 404, with nothing of the record."""
    client, seen = client_of(world["users"][who]), set()
    for name, addresses in urls(world).items():
        for url in addresses:
            response = client.get(url)
            body = response.content.decode()
            if response.status_code == 200:
                seen.add(name)
                continue
            assert response.status_code in (403, 404), (who, url, response.status_code)
            assert MARK not in body and str(world["person"]) not in body
    return seen
