"""The intelligence API's lists of reports and entities page by cursor, newest first, and
never count (docs/adr/0023): every record once across the pages, even when many share a
time; the filters kept on every page; each page's reads one list access event naming just
its records (ADR 0020); nothing for another partnership."""

from __future__ import annotations

import json

import pytest

from lantern.accounts import services as accounts
from lantern.audit import catalogue
from lantern.audit.models import AuditEvent
from lantern.audit.selectors import audit_event_list
from lantern.core.actor import SYSTEM, Role
from lantern.core.tests.cursor_pages import (
    counted,
    newest_first,
    share_a_creation_time,
    walk,
    walk_back,
)
from lantern.intelligence import services
from lantern.intelligence.models import Entity, IntelligenceReport
from lantern.intelligence.tests.conftest import P_GRADE

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/intelligence/reports/?page_size=2"
ENTITIES = "/api/v1/intelligence/entities/?page_size=2"


def _bearer(make_user, role: Role, org: str = "default") -> dict[str, str]:
    _, token = accounts.api_token_create(actor=SYSTEM, user=make_user(role, org), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def phones(officer) -> list[Entity]:
    made = [
        services.entity_create(actor=officer, schema="phone", value=f"0770090{n:04d}")
        for n in range(7)
    ]
    # Five of the seven share one creation time: they straddle three pages of two.
    share_a_creation_time(Entity, [e.pk for e in made[1:6]])
    return made


@pytest.fixture
def reports(officer, phones) -> list[IntelligenceReport]:
    made = [
        services.report_record(
            actor=officer, text=f"Report {n}", grading=P_GRADE, mentions=[phones[n % 2].pk]
        )
        for n in range(9)
    ]
    share_a_creation_time(IntelligenceReport, [r.pk for r in made[1:7]], field="submitted_at")
    return made


def _listed_ids() -> list[list[str]]:
    """The ids each list access event names, oldest event first."""
    events = AuditEvent.objects.filter(action=catalogue.RECORDS_LISTED).order_by("seq")
    return [json.loads(event.details)["ids"] for event in events]


def test_report_pages_walk_every_report_once_newest_first_without_counting(
    client, make_user, reports
):
    officer = _bearer(make_user, Role.POLICE_OFFICER)
    ids, statements = walk(client, REPORTS, **officer)
    expected = newest_first(IntelligenceReport, [r.pk for r in reports], field="submitted_at")
    assert ids == expected
    assert counted(statements) == []
    assert walk_back(client, REPORTS, **officer) == ids


def test_entity_pages_walk_every_entity_once_newest_first_without_counting(
    client, make_user, phones
):
    officer = _bearer(make_user, Role.POLICE_OFFICER)
    ids, statements = walk(client, ENTITIES, **officer)
    assert ids == newest_first(Entity, [e.pk for e in phones])
    assert counted(statements) == []
    assert walk_back(client, ENTITIES, **officer) == ids


def test_each_page_is_one_list_event_naming_its_records(client, make_user, reports):
    officer = _bearer(make_user, Role.POLICE_OFFICER)
    before = len(_listed_ids())
    first = client.get(REPORTS, **officer).json()
    second = client.get(first["next"], **officer).json()
    events = _listed_ids()[before:]
    assert events == [
        sorted(r["id"] for r in first["results"]),
        sorted(r["id"] for r in second["results"]),
    ]
    # The audit log still finds the read of each record on a page.
    for row in first["results"]:
        about = audit_event_list(actor=SYSTEM, object_id=row["id"])
        assert about.filter(action=catalogue.RECORDS_LISTED).exists()


def test_the_filters_hold_on_every_page(client, make_user, officer, reports, phones):
    bearer = _bearer(make_user, Role.POLICE_OFFICER)
    person = services.entity_create(actor=officer, schema="person", caption="Jay")
    ids, _ = walk(client, f"{ENTITIES}&schema=phone", **bearer)
    assert ids == newest_first(Entity, [e.pk for e in phones])
    assert str(person.pk) not in ids
    first = client.get(f"{ENTITIES}&schema=phone&q=07700", **bearer).json()
    assert "schema=phone" in first["next"] and "q=07700" in first["next"]
    origin = services.Origin_("intelligence_report", reports[0].pk)
    made = services.report_record(actor=officer, text="From one", grading=P_GRADE, origin=origin)
    assert walk(client, f"{REPORTS}&origin_id={reports[0].pk}", **bearer)[0] == [str(made.pk)]


def test_another_partnership_sees_none(client, make_user, reports, far):
    stranger = _bearer(make_user, Role.POLICE_OFFICER, "far_police")
    assert walk(client, REPORTS, **stranger)[0] == []
    assert walk(client, ENTITIES, **stranger)[0] == []


def test_a_support_worker_is_not_found(client, make_user, reports):
    worker = _bearer(make_user, Role.SUPPORT_WORKER)
    assert client.get(REPORTS, **worker).status_code == 404
    assert client.get(ENTITIES, **worker).status_code == 404
