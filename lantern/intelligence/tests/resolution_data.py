"""Test data for resolution: one man recorded on two cases, each record with its entity."""

from __future__ import annotations

from datetime import date

from lantern.cases import services as cases
from lantern.intelligence import services
from lantern.intelligence.models import Entity
from lantern.intelligence.tests.conftest import P_GRADE


def person_on_a_case(officer, title: str, given: str, family: str, dob: date) -> Entity:
    case = cases.case_open(actor=officer, data=cases.CaseInput(kind="person", title=title))
    person = cases.person_link(
        actor=officer,
        case_id=case.pk,
        role="perpetrator",
        data=cases.PersonInput(given_name=given, family_name=family, date_of_birth=dob),
    ).person
    assert person is not None
    return services.entity_for_person(actor=officer, person_id=person.pk)


def one_man_twice(officer) -> tuple[Entity, Entity, Entity]:
    """Jay Marsh on two cases (two casework records, two entities), what the officer said
    about each, and someone else."""
    one = person_on_a_case(officer, "Kerb crawling", "Jay", "Marsh", date(1988, 4, 2))
    two = person_on_a_case(officer, "Controlling", "Jay", "Marsh", date(1988, 4, 2))
    other = person_on_a_case(officer, "Nuisance", "Corin", "Testwright", date(1970, 1, 9))
    phone = services.entity_create(actor=officer, schema="phone", value="07700900111")
    services.link_add(
        actor=officer,
        link_type="uses_phone",
        source_id=one.pk,
        target_id=phone.pk,
        grading=P_GRADE,
    )
    services.statement_add(
        actor=officer, entity_id=two.pk, prop="alias", value="JJ", grading=P_GRADE
    )
    return one, two, other
