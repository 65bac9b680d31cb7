"""Designations to issue notices at the end of their retention: a staff record, reviewed
once revoked, held while a notice its holder issued is on a case that holds its records
(issue 23; docs/data-protection.md, "What goes with a case")."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from conftest import actor_of
from lantern.audit.models import AuditEvent
from lantern.audit.services import audit_chain_verify
from lantern.cases import services
from lantern.cases.models import Designation
from lantern.cases.tests.conftest import (  # noqa: F401 - fixtures used by these tests
    cpw_input,
    linked_report,
    person,
)
from lantern.core import clock, processing
from lantern.core.actor import SYSTEM, Role
from lantern.dataprotection.models import ReviewItem, Tombstone
from lantern.dataprotection.services import (
    retention_decide,
    retention_dispose,
    retention_queue_refresh,
)

pytestmark = pytest.mark.django_db

LABEL = "cases.Designation"
SEVEN_YEARS = timedelta(days=7 * 365)


@pytest.fixture
def council_admin(make_user):
    return actor_of(make_user(Role.ADMIN, "council"))


def _designation(admin, user_id, *, revoked: bool = True, age: timedelta = SEVEN_YEARS):
    granted = services.designation_grant(actor=admin, user_id=user_id, kind="council")
    if revoked:
        services.designation_revoke(actor=admin, designation_id=granted.pk)
    Designation.objects.filter(pk=granted.pk).update(updated_at=clock.now() - age)
    return granted


def _queued() -> list[ReviewItem]:
    return list(ReviewItem.objects.filter(record_class=LABEL))


def test_a_revoked_designation_is_queued_six_years_after_its_revocation(
    make_user, council_admin
) -> None:
    designee = make_user(Role.PCSO)
    old = _designation(council_admin, designee.pk)
    _designation(council_admin, designee.pk, age=timedelta(days=5 * 365))
    _designation(council_admin, designee.pk, revoked=False)  # in force: never
    retention_queue_refresh(actor=SYSTEM)
    queued = _queued()
    assert [item.record_id for item in queued] == [old.pk]
    assert queued[0].rule == "staff_record"
    assert queued[0].partnership_id is not None  # the designating body's partnership
    assert queued[0].label.startswith("Designation to issue notices (council) of ")


def test_disposal_deletes_it_with_a_tombstone_and_the_chain_verifies(
    make_user, council_admin, dpo
) -> None:
    designee = make_user(Role.PCSO)
    designation = _designation(council_admin, designee.pk)
    retention_queue_refresh(actor=SYSTEM)
    (item,) = _queued()
    retention_decide(actor=dpo, item_id=item.pk, kind="dispose")
    first = AuditEvent.objects.order_by("-seq").first()
    assert first is not None

    run = retention_dispose(actor=dpo)
    assert [d["record_class"] for d in run.disposed] == [LABEL]
    assert not Designation.objects.filter(pk=designation.pk).exists()
    assert Tombstone.objects.filter(record_id=designation.pk, rule="staff_record").exists()
    written = AuditEvent.objects.filter(seq__gt=first.seq)
    event = written.get(action="designation.disposed")
    assert json.loads(event.details) == {}
    text = json.dumps([[e.object_type, e.object_id, e.details] for e in written])
    assert str(designee.pk) not in text
    assert audit_chain_verify(actor=SYSTEM).ok
    assert retention_dispose(actor=dpo).disposed == []

    subject = processing.retention_subject(LABEL)
    assert subject is not None
    assert subject.dispose(SYSTEM, designation.pk) is None


def test_a_notice_on_a_case_that_holds_holds_the_designation(
    officer,
    council_admin,
    case,
    person,  # noqa: F811
    linked_report,  # noqa: F811
) -> None:
    designation = _designation(council_admin, officer.user_id)
    other = _designation(council_admin, council_admin.user_id)
    services.action_draft(actor=officer, case_id=case.pk, data=cpw_input(person, linked_report))
    assert processing.holds(LABEL, [designation.pk, other.pk]) == {
        designation.pk: ["a notice issued under it is on a case that holds its records"]
    }
    # An active designation is never disposed of, even when asked directly.
    active = _designation(council_admin, officer.user_id, revoked=False)
    subject = processing.retention_subject(LABEL)
    assert subject is not None
    assert subject.dispose(SYSTEM, active.pk) is None
    assert Designation.objects.filter(pk=active.pk).exists()
