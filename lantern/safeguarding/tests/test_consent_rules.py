"""NRM_CONSENT_INFORMED: an adult's consent to the NRM counts only when each of the three
points was explained (DOMAIN.md 4.1), checked by the rule, through the service."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lantern.core import clock
from lantern.core.actor import Role
from lantern.core.errors import RuleRefused
from lantern.safeguarding import selectors, services
from lantern.safeguarding.models import Consent, NrmExplained, Purpose
from lantern.safeguarding.rules import NrmConsentInformed

pytestmark = pytest.mark.django_db


def _consent(actor, person_id, *, purpose=Purpose.NRM, given=True, explained=()):
    return services.consent_record(
        actor=actor,
        person_id=person_id,
        purpose=purpose,
        given=given,
        explanation="Explained the National Referral Mechanism with an interpreter.",
        explained_at=clock.now() - timedelta(minutes=5),
        nrm_explained=list(explained),
    )


def test_nrm_consent_informed_needs_all_three_points_explained(actor, people):
    lead = actor(Role.SAFEGUARDING_LEAD)
    person_id = people.add(age=None)
    every_point = list(NrmExplained.values)
    for explained in ([], every_point[:1], every_point[:-1]):
        with pytest.raises(RuleRefused) as refused:
            _consent(lead, person_id, explained=explained)
        assert refused.value.rule_id == "NRM_CONSENT_INFORMED"
        assert refused.value.message == NrmConsentInformed.message()
    assert not Consent.objects.filter(person_id=person_id).exists()
    consent = _consent(lead, person_id, explained=every_point)
    in_force = selectors.consent_in_force(
        person_id=person_id, purpose=Purpose.NRM, partnership_id=consent.partnership_id
    )
    assert in_force == consent


def test_nrm_consent_informed_does_not_ask_for_a_refusal_or_another_purpose(actor, people):
    lead = actor(Role.SAFEGUARDING_LEAD)
    person_id = people.add(age=None)
    refused = _consent(lead, person_id, given=False)  # declining needs no checklist
    assert not refused.given
    other = _consent(lead, person_id, purpose=Purpose.SUPPORT_REFERRAL)
    assert other.given and other.nrm_explained == []
