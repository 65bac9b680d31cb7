"""Partnerships: the scope every record belongs to (docs/adr/0015-partnership-is-the-scope.md)."""

from __future__ import annotations

import json
import uuid

import pytest

from conftest import FAR_POINT, actor_of
from lantern.accounts import selectors, services
from lantern.accounts.models import Partnership, Share
from lantern.audit.models import AuditEvent
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def test_staff_reach_the_partnerships_their_organisations_belong_to(make_user, far, orgs):
    test = Partnership.objects.get(name="Test Partnership")
    farp = Partnership.objects.get(name="Far Partnership")
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    far_officer = actor_of(make_user(Role.POLICE_OFFICER, "far_police"))
    resident = actor_of(make_user(Role.RESIDENT))
    assert officer.partnership_ids == {test.pk}
    assert far_officer.partnership_ids == {farp.pk}
    assert resident.partnership_ids == frozenset()  # residents see their own records only
    # A force in both partnerships reaches both.
    services.partnership_add_member(
        actor=SYSTEM, partnership_id=farp.pk, organisation_id=orgs["police"].pk
    )
    assert actor_of(make_user(Role.POLICE_OFFICER)).partnership_ids == {test.pk, farp.pk}


def test_a_place_belongs_to_the_smallest_partnership_whose_area_holds_it(far):
    assert selectors.partnership_at(*FAR_POINT).name == "Far Partnership"
    assert selectors.partnership_at(51.5412, 0.7183).name == "Test Partnership"
    assert selectors.partnership_at(40.0, -74.0) is None  # New York: no partnership


def test_a_partnership_area_must_be_a_valid_polygon():
    with pytest.raises(ValidationFailed) as caught:
        services.partnership_create(
            actor=SYSTEM, name="Bad", boundary={"type": "Point", "coordinates": [0, 51]}
        )
    assert "Polygon" in caught.value.errors["boundary"][0]


def test_only_administrators_create_partnerships(make_user):
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    with pytest.raises(PermissionDenied):
        services.partnership_create(actor=officer, name="Mine")


def test_a_token_acts_in_one_partnership_of_its_holder(make_user, far, orgs):
    test = Partnership.objects.get(name="Test Partnership")
    farp = Partnership.objects.get(name="Far Partnership")
    services.partnership_add_member(
        actor=SYSTEM, partnership_id=farp.pk, organisation_id=orgs["police"].pk
    )
    user = make_user(Role.POLICE_OFFICER)
    with pytest.raises(ValidationFailed, match="partnership"):
        services.api_token_create(actor=SYSTEM, user=user, name="client")  # must choose
    with pytest.raises(ValidationFailed):
        services.api_token_create(
            actor=SYSTEM,
            user=make_user(Role.POLICE_OFFICER, "council"),
            name="c",
            partnership_id=uuid.uuid4(),
        )
    record, token = services.api_token_create(
        actor=SYSTEM, user=user, name="client", partnership_id=farp.pk
    )
    assert record.partnership_id == farp.pk
    actor = services.api_token_authenticate(token)
    assert actor is not None and actor.partnership_ids == {farp.pk}
    assert test.pk not in actor.partnership_ids


def test_sharing_is_an_audited_act_with_a_reason(make_user, far):
    test = Partnership.objects.get(name="Test Partnership")
    farp = Partnership.objects.get(name="Far Partnership")
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    far_officer = actor_of(make_user(Role.POLICE_OFFICER, "far_police"))
    record_id = uuid.uuid4()

    def visible(actor):
        return selectors.in_scope(
            actor, object_type="case", object_id=record_id, partnership_id=test.pk
        )

    assert visible(officer) and not visible(far_officer)
    with pytest.raises(ValidationFailed) as caught:
        services.record_share(
            actor=officer,
            object_type="case",
            object_id=record_id,
            from_partnership_id=test.pk,
            to_partnership_id=farp.pk,
            reason=" ",
        )
    assert "reason" in caught.value.errors
    with pytest.raises(NotFound):  # only the record's own partnership shares it
        services.record_share(
            actor=far_officer,
            object_type="case",
            object_id=record_id,
            from_partnership_id=test.pk,
            to_partnership_id=farp.pk,
            reason="Joint operation",
        )
    share = services.record_share(
        actor=officer,
        object_type="case",
        object_id=record_id,
        from_partnership_id=test.pk,
        to_partnership_id=farp.pk,
        reason="Joint operation",
    )
    assert visible(far_officer)
    event = AuditEvent.objects.filter(action="record.shared", object_id=str(record_id)).get()
    assert json.loads(event.details)["share"] == str(share.pk)
    assert Share.objects.get(pk=share.pk).reason == "Joint operation"
    with pytest.raises(ValidationFailed, match="already"):
        services.record_share(
            actor=officer,
            object_type="case",
            object_id=record_id,
            from_partnership_id=test.pk,
            to_partnership_id=farp.pk,
            reason="Again",
        )
    with pytest.raises(NotFound):  # the receiver cannot withdraw it
        services.share_withdraw(actor=far_officer, share_id=share.pk)
    services.share_withdraw(actor=officer, share_id=share.pk)
    assert not visible(far_officer)
    assert Share.objects.get(pk=share.pk).withdrawn_at is not None


def test_scope_q_filters_a_queryset_by_partnership_and_share(make_user, far):
    from lantern.accounts.models import PartnershipMember

    test = Partnership.objects.get(name="Test Partnership")
    farp = Partnership.objects.get(name="Far Partnership")
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    far_member = PartnershipMember.objects.filter(partnership=farp).first()

    def seen():
        q = selectors.scope_q(officer, object_type="member", field="partnership")
        return set(PartnershipMember.objects.filter(q).values_list("partnership_id", flat=True))

    assert seen() == {test.pk}
    services.record_share(
        actor=SYSTEM,
        object_type="member",
        object_id=far_member.pk,
        from_partnership_id=farp.pk,
        to_partnership_id=test.pk,
        reason="Shown on purpose",
    )
    assert seen() == {test.pk, farp.pk}
    assert selectors.scope_q(SYSTEM, object_type="member") == selectors.Q()
