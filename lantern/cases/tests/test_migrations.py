"""The migrations that put cases in a partnership and turn a vehicle's columns into
statements, and that count the steps already served, keep what a deployment already held
(cases 0007, 0010 and 0015)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("cases", "0006_partnership_nullable")]
LATEST = [("cases", "0011_vehicle_identity_only")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_existing_cases_get_the_oldest_partnership_and_vehicles_their_statements():
    apps = _migrate(BEFORE)
    Organisation = apps.get_model("accounts", "Organisation")
    Partnership = apps.get_model("accounts", "Partnership")
    Case = apps.get_model("cases", "Case")
    Person = apps.get_model("cases", "Person")
    Vehicle = apps.get_model("cases", "Vehicle")
    CaseSubject = apps.get_model("cases", "CaseSubject")
    force = Organisation.objects.create(name="Old Constabulary", kind="police_force")
    oldest = Partnership.objects.create(name="Oldest partnership")
    Partnership.objects.create(name="Newer partnership")
    first = Case.objects.create(reference="C-OLD1", kind="person", title="t", organisation=force)
    Case.objects.create(reference="C-OLD2", kind="person", title="u", organisation=force)
    person = Person.objects.create(organisation=force, family_name="Testkeeper")
    described = Vehicle.objects.create(
        registration="AB12CDE",
        make="Ford",
        colour="Blue",
        keeper_name="Ellis Testkeeper",
        keeper_address="9 Test Close, Eastmere",
        keeper_person=person,
    )
    CaseSubject.objects.create(case=first, vehicle=described, role="associate")
    alone = Vehicle.objects.create(registration="XY12ZZZ", model="Astra")
    Vehicle.objects.create(registration="ZZ99ZZZ")  # nothing to say about it

    apps = _migrate(LATEST)
    Case = apps.get_model("cases", "Case")
    Person = apps.get_model("cases", "Person")
    Fact = apps.get_model("cases", "Fact")
    assert set(Case.objects.values_list("partnership_id", flat=True)) == {oldest.pk}
    assert Person.objects.get(pk=person.pk).partnership_id == oldest.pk
    facts = {
        f.property: f for f in Fact.objects.filter(subject_id=described.pk, subject_type="vehicle")
    }
    assert {name: f.value for name, f in facts.items()} == {
        "make": "Ford",
        "colour": "Blue",
        "keeper_name": "Ellis Testkeeper",
        "keeper_address": "9 Test Close, Eastmere",
        "keeper_person": str(person.pk),
    }
    assert {f.organisation_id for f in facts.values()} == {force.pk}
    assert {f.case_id for f in facts.values()} == {first.pk}
    assert facts["make"].source_type == "case" and facts["make"].source_id == first.pk
    assert facts["keeper_name"].source_type == "dvla_keeper_enquiry"
    lone = Fact.objects.get(subject_id=alone.pk)
    assert (lone.property, lone.value, lone.source_type) == ("model", "Astra", "unknown")
    assert lone.organisation_id is None and lone.partnership_id == oldest.pk
    assert Fact.objects.count() == 6
    assert lone.asserted_at <= timezone.now()


def test_steps_already_served_are_counted_by_partnership_month_and_kind():
    """cases 0015 counts the steps a deployment already served, as action_serve keeps them
    (lantern/cases/month_counts.py): by the case's partnership, the month in UK time and
    the kind; drafts are not counted. The database is migrated forward again after."""
    try:
        apps = _migrate([("cases", "0014_action_served_at_index")])
        Organisation = apps.get_model("accounts", "Organisation")
        Partnership = apps.get_model("accounts", "Partnership")
        Case = apps.get_model("cases", "Case")
        Action = apps.get_model("cases", "EnforcementAction")
        force = Organisation.objects.create(name="Old Constabulary", kind="police_force")
        eastmere = Partnership.objects.create(name="Eastmere partnership")
        case = Case.objects.create(
            reference="C-OLD1", kind="person", title="t", organisation=force, partnership=eastmere
        )
        late_april = dt.datetime(2026, 4, 30, 23, 30, tzinfo=dt.UTC)  # 1 May in London
        june = dt.datetime(2026, 6, 15, 11, 0, tzinfo=dt.UTC)
        for kind, at in (("cpw", late_april), ("cpw", june), ("cpw", june), ("cpn", june)):
            Action.objects.create(case=case, kind=kind, state="served", served_at=at)
        Action.objects.create(case=case, kind="cpn", state="draft")

        apps = _migrate([("cases", "0015_action_month_counts")])
        Count = apps.get_model("cases", "ActionMonthCount")
        assert {(c.partnership_id, c.month, c.kind): c.served for c in Count.objects.all()} == {
            (eastmere.pk, dt.date(2026, 5, 1), "cpw"): 1,
            (eastmere.pk, dt.date(2026, 6, 1), "cpw"): 2,
            (eastmere.pk, dt.date(2026, 6, 1), "cpn"): 1,
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
