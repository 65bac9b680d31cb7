from io import StringIO

import pytest

from lantern.accounts import services as accounts_services
from lantern.accounts.models import Organisation, Partnership
from lantern.core.actor import SYSTEM
from lantern.core.demo import DEMO_PERSON_ID
from lantern.safeguarding.models import Consent, DutyRecord, Referral, Review, Screening

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_tells_the_story(people):
    from lantern.accounts import demo as accounts_demo
    from lantern.safeguarding import demo

    accounts_demo.seed(out=StringIO())
    if not Partnership.objects.exists():  # a demo whose accounts seed makes none yet
        accounts_services.partnership_create(
            actor=SYSTEM, name="Demo partnership", members=list(Organisation.objects.all())
        )
    people.add(age=24, person_id=DEMO_PERSON_ID)  # the cases demo records her
    demo.seed(out=StringIO())
    counts = [m.objects.count() for m in (Screening, Review, Consent, Referral, DutyRecord)]
    demo.seed(out=StringIO())
    assert [m.objects.count() for m in (Screening, Review, Consent, Referral, DutyRecord)] == counts
    screening = Screening.objects.get(person_id=DEMO_PERSON_ID)
    assert "controlled" in screening.indicators and screening.duty_met_by == "ms1"
    referral = Referral.objects.get()
    assert referral.agency.name == "Lamplight Outreach Trust"
    assert referral.shared_items == ["name", "place", "referrer_contact"]
    assert referral.shared_name == "Mara" and referral.shared_contact == ""
    assert Review.objects.get().decision == "do_not_proceed"
    ms1 = DutyRecord.objects.get()
    assert ms1.kind == "ms1" and ms1.person_id is None
    assert ms1.partnership_id == screening.partnership_id
