"""An organisation's public contact details, which the documents it issues print
(docs/enforcement.md): set by administrators through the service, each change audited."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from conftest import actor_of
from lantern.accounts import services
from lantern.audit.models import AuditEvent
from lantern.core.actor import Role
from lantern.core.errors import PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def test_an_administrator_sets_the_details_and_the_change_is_audited(make_user, orgs):
    admin = actor_of(make_user(Role.ADMIN))
    org = services.organisation_set_details(
        actor=admin,
        organisation_id=orgs["council"].pk,
        details=services.OrganisationDetails(
            address=" Town Hall\nTestham ", payment_methods="By card on 01632 960 009."
        ),
    )
    org.refresh_from_db()
    assert (org.address, org.payment_methods, org.email) == (
        "Town Hall\nTestham",
        "By card on 01632 960 009.",
        "",  # every field is replaced: an empty one clears it
    )
    event = AuditEvent.objects.filter(action="organisation.details_set").latest("seq")
    assert event.object_id == str(org.pk)
    # Names of the fields changed, never their values (the fixture had set all six).
    assert json.loads(event.details) == {"changed": sorted(asdict(services.OrganisationDetails()))}


def test_only_administrators_set_the_details(make_user, orgs):
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    with pytest.raises(PermissionDenied):
        services.organisation_set_details(
            actor=officer,
            organisation_id=orgs["police"].pk,
            details=services.OrganisationDetails(telephone="01632 960 999"),
        )


def test_the_email_must_be_an_email_address(make_user, orgs):
    admin = actor_of(make_user(Role.ADMIN))
    with pytest.raises(ValidationFailed) as failed:
        services.organisation_set_details(
            actor=admin,
            organisation_id=orgs["police"].pk,
            details=services.OrganisationDetails(email="not an address"),
        )
    assert "email" in failed.value.errors
