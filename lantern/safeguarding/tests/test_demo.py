from io import StringIO

import pytest

from lantern.core.demo import DEMO_PERSON_ID
from lantern.safeguarding.models import Consent, DutyRecord, Referral, Review, Screening

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_tells_the_story(people):
    from lantern.accounts import demo as accounts_demo
    from lantern.safeguarding import demo

    accounts_demo.seed(out=StringIO())
    people.add(age=24, person_id=DEMO_PERSON_ID)  # the cases demo records her
    demo.seed(out=StringIO())
    counts = [m.objects.count() for m in (Screening, Review, Consent, Referral, DutyRecord)]
    demo.seed(out=StringIO())
    assert [m.objects.count() for m in (Screening, Review, Consent, Referral, DutyRecord)] == counts
    screening = Screening.objects.get(person_id=DEMO_PERSON_ID)
    assert "controlled" in screening.indicators and screening.duty_met_by == "ms1"
    assert Referral.objects.get().agency.name == "Lamplight Outreach Trust"
    assert Review.objects.get().decision == "do_not_proceed"
    ms1 = DutyRecord.objects.get()
    assert ms1.kind == "ms1" and ms1.person_id is None
