"""Record-level access through selectors: organisations and users."""

from __future__ import annotations

import pytest

from lantern.accounts import selectors
from lantern.accounts.selectors import actor_for
from lantern.audit.models import AuditEvent
from lantern.core.actor import Role
from lantern.core.errors import NotFound

pytestmark = pytest.mark.django_db


def test_staff_see_only_their_own_organisations(make_user, orgs):
    officer = actor_for(make_user(Role.POLICE_OFFICER), verified=True)
    visible = set(selectors.organisation_list(actor=officer))
    assert visible == {orgs["police"]}
    with pytest.raises(NotFound):
        selectors.organisation_get(actor=officer, organisation_id=orgs["other_police"].pk)


def test_admin_sees_every_organisation(make_user, orgs):
    admin = actor_for(make_user(Role.ADMIN), verified=True)
    assert set(selectors.organisation_list(actor=admin)) == set(orgs.values())


def test_residents_see_no_organisation_and_no_user(make_user):
    resident = actor_for(make_user(Role.RESIDENT), verified=False)
    other = make_user(Role.POLICE_OFFICER)
    assert not selectors.organisation_list(actor=resident).exists()
    assert not selectors.user_list(actor=resident).exists()
    with pytest.raises(NotFound):
        selectors.user_get(actor=resident, user_id=other.pk)


def test_supervisor_sees_members_of_their_organisation_only(make_user):
    supervisor = actor_for(make_user(Role.SUPERVISOR), verified=True)
    colleague = make_user(Role.POLICE_OFFICER)
    outsider = make_user(Role.POLICE_OFFICER, "other_police")
    visible = set(selectors.user_list(actor=supervisor))
    assert colleague in visible and outsider not in visible
    with pytest.raises(NotFound):
        selectors.user_get(actor=supervisor, user_id=outsider.pk)


def test_reading_another_users_record_is_an_access_event(make_user):
    admin_user = make_user(Role.ADMIN)
    admin = actor_for(admin_user, verified=True)
    target = make_user(Role.RESIDENT)
    before = AuditEvent.objects.filter(kind="access").count()
    selectors.user_get(actor=admin, user_id=target.pk)
    event = AuditEvent.objects.filter(kind="access").order_by("-seq").first()
    assert AuditEvent.objects.filter(kind="access").count() == before + 1
    assert event.object_id == str(target.pk) and event.actor == str(admin_user.pk)
    assert target.email not in event.details


def test_unverified_staff_actor_sees_nothing(make_user):
    officer = actor_for(make_user(Role.POLICE_OFFICER), verified=False)
    assert not selectors.organisation_list(actor=officer).exists()


def test_support_agencies_are_listed_only_to_those_who_may_refer(make_user, orgs):
    from lantern.accounts import services
    from lantern.accounts.models import Organisation
    from lantern.core.actor import SYSTEM

    housing = services.organisation_create(
        actor=SYSTEM, name="Test Housing", kind=Organisation.Kind.HOUSING_PROVIDER
    )
    lead = actor_for(make_user(Role.SAFEGUARDING_LEAD), verified=True)
    assert list(selectors.support_agencies(actor=lead)) == [housing, orgs["charity"]]
    for role in (Role.POLICE_OFFICER, Role.SUPPORT_WORKER, Role.ADMIN, Role.RESIDENT):
        other = actor_for(make_user(role), verified=True)
        assert not selectors.support_agencies(actor=other).exists(), role
    unverified = actor_for(make_user(Role.SAFEGUARDING_LEAD), verified=False)
    assert not selectors.support_agencies(actor=unverified).exists()
