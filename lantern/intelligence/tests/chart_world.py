"""An invented exploitation network for the chart tests, built through the real services: a
controller whose phone two women use and whose car transports them; each woman is seen with
buyers, so the women have the highest degree. Woman 1 has a safeguarding screening with a
concern outcome; woman 2 is under 18 by casework's date of birth."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from lantern.cases import services as cases
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.intelligence import services
from lantern.intelligence.models import Entity
from lantern.intelligence.tests.conftest import C_GRADE, P_GRADE
from lantern.safeguarding.tests.factories import screen


@dataclass
class World:
    controller: Entity
    phone: Entity
    car: Entity
    address: Entity
    woman1: Entity
    woman2: Entity
    buyers: list[Entity]
    secret: Entity  # reached only through a C-graded link


def _person(officer: Actor, case_id, given: str, born: date) -> Entity:
    subject = cases.person_link(
        actor=officer,
        case_id=case_id,
        role="potential_victim_of_exploitation",
        data=cases.PersonInput(given_name=given, family_name="Testwright", date_of_birth=born),
    )
    assert subject.person is not None
    return services.entity_for_person(actor=officer, person_id=subject.person.pk)


def build(officer: Actor) -> World:
    case = cases.case_open(
        actor=officer, data=cases.CaseInput(kind="person", title="Exploitation on Larkspur Row")
    )
    today = clock.now().date()
    woman1 = _person(officer, case.pk, "Ana", date(today.year - 24, 3, 4))
    woman2 = _person(officer, case.pk, "Bea", date(today.year - 16, 3, 4))
    assert woman1.person_id is not None
    screen(officer, woman1.person_id)

    def entity(schema: str, caption: str = "", value: str = "") -> Entity:
        return services.entity_create(actor=officer, schema=schema, caption=caption, value=value)

    controller = entity("person", "Controller 'Kay'")
    phone = entity("phone", value="07700 900001")
    car = services.entity_for_vehicle(actor=officer, registration="AB12 CDE")
    address = entity("address", value="1 Larkspur Row")
    buyers = [entity("person", f"Buyer {i}") for i in range(8)]
    secret = entity("person", "Known only to the police")

    def link(kind: str, a: Entity, b: Entity, grading=P_GRADE, **kw) -> None:
        services.link_add(
            actor=officer, link_type=kind, source_id=a.pk, target_id=b.pk, grading=grading, **kw
        )

    link("uses_phone", controller, phone, valid_from=today - timedelta(days=90))
    link("uses_phone", woman1, phone)
    link("uses_phone", woman2, phone)
    link("controls", controller, woman1)
    link("transported", car, woman2, valid_from=today - timedelta(days=10))
    link("uses_vehicle", controller, car)
    link("frequents", woman1, address)
    link("associate_of", woman1, woman2)
    for i, buyer in enumerate(buyers):
        link("associate_of", woman1 if i < 4 else woman2, buyer, grading=P_GRADE)
    link("associate_of", controller, secret, grading=C_GRADE)
    return World(controller, phone, car, address, woman1, woman2, buyers, secret)
