"""API tokens: each call looks the token up with its user, then the user's roles, and gives
the user's Actor as the roles are now."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantern.accounts import services
from lantern.accounts.selectors import actor_for
from lantern.core.actor import SYSTEM, Role

pytestmark = pytest.mark.django_db


def test_a_token_gives_its_user_s_actor_with_every_role_they_hold_in_two_queries(make_user, orgs):
    user = make_user(Role.POLICE_OFFICER)
    services.membership_grant(
        actor=SYSTEM, user=user, organisation=orgs["other_police"], role=Role.ANALYST
    )
    _, token = services.api_token_create(actor=SYSTEM, user=user, name="client")
    services.api_token_authenticate(token)  # first use: records last use (a write)
    with CaptureQueriesContext(connection) as queries:
        actor = services.api_token_authenticate(token)
    assert actor is not None
    assert len(queries) == 2  # the token with its user; the memberships with their partnerships
    assert actor.memberships == actor_for(user, verified=True).memberships
    assert actor.memberships == {
        (orgs["police"].pk, Role.POLICE_OFFICER),
        (orgs["other_police"].pk, Role.ANALYST),
    }
    assert actor.verified and actor.user_id == user.pk


def test_a_user_with_no_role_still_authenticates_with_none():
    user = services.user_create(
        actor=SYSTEM,
        email="no-role@example.test",
        display_name="No Role",
        password="correct horse battery staple",
        validate=False,
    )
    _, token = services.api_token_create(actor=SYSTEM, user=user, name="client")
    actor = services.api_token_authenticate(token)
    assert actor is not None
    assert actor.user_id == user.pk
    assert actor.memberships == frozenset()


def test_revoked_unknown_and_inactive_tokens_find_no_one(make_user):
    user = make_user(Role.RESIDENT)
    record, token = services.api_token_create(actor=SYSTEM, user=user, name="client")
    assert services.api_token_authenticate(token + "x") is None
    assert services.api_token_authenticate("not-a-lantern-token") is None
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert services.api_token_authenticate(token) is None
    user.is_active = True
    user.save(update_fields=["is_active"])
    assert services.api_token_authenticate(token) is not None
    services.api_token_revoke(actor=SYSTEM, token_id=record.pk)
    assert services.api_token_authenticate(token) is None


def test_a_role_granted_or_revoked_counts_on_the_next_call(make_user, orgs):
    user = make_user(Role.RESIDENT)
    _, token = services.api_token_create(actor=SYSTEM, user=user, name="client")
    assert services.api_token_authenticate(token).roles == {Role.RESIDENT}
    granted = services.membership_grant(
        actor=SYSTEM, user=user, organisation=orgs["police"], role=Role.POLICE_OFFICER
    )
    assert services.api_token_authenticate(token).roles == {Role.RESIDENT, Role.POLICE_OFFICER}
    services.membership_revoke(actor=SYSTEM, membership_id=granted.pk)
    assert services.api_token_authenticate(token).roles == {Role.RESIDENT}
