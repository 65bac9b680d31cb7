"""What the reports app answers through lantern.core.directory: a resident's own reports,
for the evidence app's "what is this about?" (reference and category, nothing else)."""

from __future__ import annotations

import pytest

from conftest import actor_of
from lantern.core import directory
from lantern.core.actor import ANONYMOUS, Role
from lantern.reports.tests.factories import make_report

pytestmark = pytest.mark.django_db


def test_a_resident_is_offered_only_their_own_reports_newest_first(make_user):
    resident = actor_of(make_user(Role.RESIDENT))
    neighbour = actor_of(make_user(Role.RESIDENT))
    first = make_report(resident).report
    second = make_report(resident, category="noise").report
    make_report(neighbour)
    make_report(ANONYMOUS)
    choices = directory.own_reports(resident)
    assert [c.id for c in choices] == [second.pk, first.pk]
    assert choices[0].label == f"{second.reference}: {second.category.name}"
    assert directory.own_reports(ANONYMOUS) == []
    assert directory.own_reports(actor_of(make_user(Role.POLICE_OFFICER))) == []


def test_a_reports_time_and_place_for_evidence_through_its_permission_layer(make_user, far):
    """Evidence sets what a file says about itself beside the report's time and place: staff
    who may see the report get them (the read logged), others nothing."""
    from lantern.audit.models import AuditEvent
    from lantern.core.actor import SYSTEM
    from lantern.reports.models import Report

    created = make_report(ANONYMOUS, hours_ago=3).report
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    facts = directory.report_facts(officer, created.pk)
    assert facts is not None
    assert (facts.id, facts.reference) == (created.pk, created.reference)
    assert (facts.latitude, facts.longitude) == (created.latitude, created.longitude)
    assert (facts.occurred_from, facts.occurred_to) == (created.occurred_from, None)
    assert facts.from_resident and not facts.location_approximate
    assert AuditEvent.objects.filter(
        kind=AuditEvent.Kind.ACCESS, object_id=str(created.pk), actor=str(officer.user_id)
    ).exists()
    assert (
        directory.report_facts(actor_of(make_user(Role.POLICE_OFFICER, "far_police")), created.pk)
        is None
    )
    assert directory.report_facts(ANONYMOUS, created.pk) is None
    Report.objects.filter(pk=created.pk).update(source=Report.Source.STAFF)
    staff_facts = directory.report_facts(SYSTEM, created.pk)
    assert staff_facts is not None and not staff_facts.from_resident
