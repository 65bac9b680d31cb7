"""The records API at /api/v1/intelligence/: each endpoint, the refusals (422 with field
messages, nothing written), need to know (a council reads P, or C its conditions share) and
the 404s (support workers, residents, another partnership, the source for a non-handler)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from conftest import actor_of, fake_report
from lantern.accounts import services as accounts
from lantern.audit.models import AuditEvent
from lantern.audit.selectors import audit_event_list
from lantern.cases import services as cases
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.intelligence import services
from lantern.intelligence.models import (
    Entity,
    IntelligenceReport,
    Link,
    SourceRecord,
    Statement,
)
from lantern.intelligence.schema import ENTITIES, LINKS
from lantern.intelligence.tests.conftest import C_GRADE, P_GRADE

pytestmark = pytest.mark.django_db

BASE = "/api/v1/intelligence"
CONDITIONS = "Not to be shared outside the police without the DSU's consent"


class Api:
    """A client calling as one user (with a bearer token)."""

    def __init__(self, client, user) -> None:
        self.client = client
        self.user = user
        self.actor = actor_of(user)
        _, token = accounts.api_token_create(actor=SYSTEM, user=user, name="t")
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, **params):
        return self.client.get(f"{BASE}{path}", params, headers=self.headers)

    def post(self, path: str, body: dict | None = None):
        return self.client.post(
            f"{BASE}{path}", body or {}, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def as_role(client, make_user):
    def make(role: Role, org: str | None = "default") -> Api:
        return Api(client, make_user(role, org))

    return make


@pytest.fixture
def officer_api(as_role):
    return as_role(Role.POLICE_OFFICER)


@pytest.fixture
def council_api(as_role):
    return as_role(Role.COUNCIL_OFFICER)


@pytest.fixture
def handler_api(as_role):
    return as_role(Role.SOURCE_HANDLER)


def _writes() -> tuple[int, ...]:
    return (
        IntelligenceReport.objects.count(),
        SourceRecord.objects.count(),
        Entity.objects.count(),
        Statement.objects.count(),
        Link.objects.count(),
        AuditEvent.objects.exclude(kind=AuditEvent.Kind.ACCESS).count(),
    )


def _accesses(object_id) -> int:
    """Access events about the record: its own, and the list events naming it (ADR 0020)."""
    about = audit_event_list(actor=SYSTEM, object_id=str(object_id))
    return about.filter(kind=AuditEvent.Kind.ACCESS).count()


def _field(errors: dict, field: str) -> bool:
    """Whether the answer's errors name ``field`` (ninja names a body's as payload.FIELD)."""
    return any(key == field or key.endswith(f".{field}") for key in errors)


def _phone(api: Api, number: str) -> dict:
    response = api.post("/entities/", {"schema": "phone", "value": number})
    assert response.status_code == 201, response.content
    return response.json()


# --- the schema ---------------------------------------------------------------------------------


def test_the_schema_lists_the_declared_types(officer_api):
    response = officer_api.get("/schema/")
    assert response.status_code == 200
    body = response.json()
    assert [t["name"] for t in body["entity_types"]] == list(ENTITIES)
    assert [t["name"] for t in body["link_types"]] == list(LINKS)
    uses_phone = next(t for t in body["link_types"] if t["name"] == "uses_phone")
    assert uses_phone["sources"] == ["person"] and uses_phone["targets"] == ["phone"]
    assert uses_phone["reverse_label"] == "is used by"
    phone = next(t for t in body["entity_types"] if t["name"] == "phone")
    assert phone["key"] == "number" and phone["props"][0]["kind"] == "phone"
    assert [c["value"] for c in body["handling_codes"]] == ["P", "C"]
    assert "sighting" in [c["value"] for c in body["origins"]]


# --- reports ------------------------------------------------------------------------------------


def test_an_officer_records_a_graded_report_and_reads_it(officer_api):
    phone = _phone(officer_api, "07700 900123")
    origin = fake_report()
    response = officer_api.post(
        "/reports/",
        {
            "text": "Jay uses the phone ending 123",
            "grade": "2b-p",
            "mentions": [phone["id"]],
            "origin": {"type": "report", "id": str(origin)},
            "occurred_from": "2026-11-01",
        },
    )
    assert response.status_code == 201, response.content
    report = response.json()
    assert report["grade"] == "2B-P" and report["handling_conditions"] == ""
    assert report["origin"] == {"type": "report", "id": str(origin)}
    assert report["mentions"] == [
        {"id": phone["id"], "schema": "phone", "caption": phone["caption"]}
    ]
    assert report["source_recorded"] is False and report["reference"].startswith("IR-")

    # The three fields instead of the written grade; C with its conditions.
    response = officer_api.post(
        "/reports/",
        {
            "text": "Calls at night",
            "source_evaluation": "1",
            "assessment": "a",
            "handling": "C",
            "handling_conditions": CONDITIONS,
        },
    )
    assert response.status_code == 201, response.content
    c_report = response.json()
    assert c_report["grade"] == "1A-C" and c_report["handling_conditions"] == CONDITIONS

    before = _accesses(report["id"])
    got = officer_api.get(f"/reports/{report['id']}")
    assert got.status_code == 200 and got.json()["text"] == "Jay uses the phone ending 123"
    assert _accesses(report["id"]) == before + 1

    listed = officer_api.get("/reports/")
    assert listed.status_code == 200
    assert set(listed.json()) == {"results", "next", "previous"}
    assert [r["id"] for r in listed.json()["results"]] == [c_report["id"], report["id"]]
    assert _accesses(report["id"]) == before + 2  # the list's read is logged too
    event = AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS).order_by("seq").last()
    assert event.action == "record.listed" and '"purpose":"list"' in event.details
    assert report["id"] in event.details and c_report["id"] in event.details

    by_origin = officer_api.get("/reports/", origin_id=str(origin)).json()
    assert [r["id"] for r in by_origin["results"]] == [report["id"]]
    first = officer_api.get("/reports/", page_size=1).json()
    assert [r["id"] for r in first["results"]] == [c_report["id"]] and first["previous"] is None
    second = officer_api.client.get(first["next"], headers=officer_api.headers).json()
    assert [r["id"] for r in second["results"]] == [report["id"]] and second["next"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "Ungraded"}, "handling"),
        ({"text": "C, no conditions", "grade": "1A-C"}, "handling_conditions"),
        ({"text": "Malformed", "grade": "2B"}, "grade"),
        ({"text": "Out of range", "grade": "4F-X"}, "source_evaluation"),
        ({"text": "Both ways", "grade": "2B-P", "handling": "P"}, "grade"),
        ({"text": "", "grade": "2B-P"}, "text"),
        ({"text": "Unknown origin", "grade": "2B-P", "origin": {"type": "rumour"}}, "origin_type"),
        ({"text": "Whose case?", "grade": "2B-P", "origin": {"type": "case"}}, "origin_id"),
        (
            {
                "text": "Backwards",
                "grade": "2B-P",
                "occurred_from": "2026-11-02",
                "occurred_to": "2026-11-01",
            },
            "valid_to",
        ),
        ({"text": "Far future", "grade": "2B-P", "occurred_from": "3026-11-02"}, "occurred_from"),
        ({"grade": "2B-P"}, "text"),
        (
            {"text": "An officer is no handler", "grade": "2B-P", "source": {"reference": "X"}},
            "source",
        ),
    ],
)
def test_a_bad_report_is_refused_with_a_field_message_and_nothing_written(officer_api, body, field):
    before = _writes()
    response = officer_api.post("/reports/", body)
    assert response.status_code == 422, response.content
    assert _field(response.json()["errors"], field), response.json()
    assert _writes() == before


# --- source records -----------------------------------------------------------------------------


def test_only_a_source_handler_records_and_reads_the_source(handler_api, officer_api):
    response = handler_api.post(
        "/reports/",
        {
            "text": "Sanitised",
            "grade": "1A-C",
            "handling_conditions": CONDITIONS,
            "source": {"reference": "DSU-77", "identity": "Real name", "notes": "Meets weekly"},
        },
    )
    assert response.status_code == 201, response.content
    report = response.json()
    assert report["source_recorded"] is True and "Real name" not in str(report)

    source = handler_api.get(f"/reports/{report['id']}/source")
    assert source.status_code == 200
    assert source.json()["identity"] == "Real name" and source.json()["reference"] == "DSU-77"
    assert _accesses(source.json()["id"]) == 1

    # Not a source handler: the report, yes; its source, 404; writing one, 404.
    assert officer_api.get(f"/reports/{report['id']}").json()["source_recorded"] is False
    assert officer_api.get(f"/reports/{report['id']}/source").status_code == 404
    written = officer_api.post(f"/reports/{report['id']}/source", {"reference": "DSU-1"})
    assert written.status_code == 404

    # A report without one: the handler records it afterwards, once.
    plain = officer_api.post("/reports/", {"text": "Seen twice", "grade": "2B-P"}).json()
    assert handler_api.get(f"/reports/{plain['id']}/source").status_code == 404
    added = handler_api.post(f"/reports/{plain['id']}/source", {"reference": "DSU-9"})
    assert added.status_code == 201 and added.json()["report_id"] == plain["id"]
    again = handler_api.post(f"/reports/{plain['id']}/source", {"reference": "DSU-9"})
    assert again.status_code == 422 and "source" in again.json()["errors"]
    blank = handler_api.post(f"/reports/{report['id']}/source", {"reference": ""})
    assert blank.status_code == 422


def test_a_resident_who_reports_is_never_a_source(handler_api):
    before = _writes()
    response = handler_api.post(
        "/reports/",
        {
            "text": "From a resident's report",
            "grade": "2B-P",
            "origin": {"type": "report", "id": str(fake_report())},
            "source": {"reference": "DSU-1", "identity": "The resident"},
        },
    )
    assert response.status_code == 422 and "witness" in response.json()["errors"]["source"][0]
    assert _writes() == before


# --- entities, statements, links ------------------------------------------------------------------


def test_entities_are_found_again_by_their_key_and_listed(officer_api):
    one = _phone(officer_api, "07700 900123")
    again = _phone(officer_api, "+44 7700 900123")
    assert again["id"] == one["id"] and one["schema"] == "phone"
    person = officer_api.post("/entities/", {"schema": "person", "caption": "Unknown male 'Jay'"})
    assert person.status_code == 201 and person.json()["potential_victim"] is False
    car = officer_api.post("/entities/", {"registration": "ab12 cde"})
    assert car.status_code == 201, car.content
    assert car.json()["schema"] == "vehicle" and car.json()["vehicle_id"] is not None
    assert car.json()["caption"] == "AB12CDE" or car.json()["caption"].replace(" ", "") == "AB12CDE"

    listed = officer_api.get("/entities/").json()
    newest_first = [car.json()["id"], person.json()["id"], one["id"]]
    assert [e["id"] for e in listed["results"]] == newest_first
    phones = officer_api.get("/entities/", schema="phone").json()
    assert [e["id"] for e in phones["results"]] == [one["id"]]
    found = officer_api.get("/entities/", q="jay").json()
    assert [e["id"] for e in found["results"]] == [person.json()["id"]]
    assert officer_api.get("/entities/", schema="spaceship").status_code == 422


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "schema"),
        ({"schema": "spaceship", "caption": "x"}, "schema"),
        ({"schema": "phone", "caption": "No number"}, "value"),
        ({"schema": "person"}, "caption"),
        ({"schema": "person", "caption": "x", "registration": "AB12CDE"}, "schema"),
        ({"registration": "TOOLONGREG1"}, "registration"),
    ],
)
def test_a_bad_entity_is_refused(officer_api, body, field):
    before = _writes()
    response = officer_api.post("/entities/", body)
    assert response.status_code == 422, response.content
    assert _field(response.json()["errors"], field), response.json()
    assert _writes() == before


def test_a_casework_person_is_one_entity(officer_api):
    case = cases.case_open(
        actor=officer_api.actor,
        data=cases.CaseInput(kind="person", title="Persistent nuisance on Larkspur Row"),
    )
    young = date(clock.now().year - 16, 1, 1)
    person = cases.person_link(
        actor=officer_api.actor,
        case_id=case.pk,
        role="perpetrator",
        data=cases.PersonInput(given_name="Corin", family_name="Testwright", date_of_birth=young),
    ).person
    response = officer_api.post("/entities/", {"person_id": str(person.pk)})
    assert response.status_code == 201, response.content
    entity = response.json()
    assert entity["person_id"] == str(person.pk) and entity["potential_victim"] is True
    again = officer_api.post("/entities/", {"person_id": str(person.pk)}).json()
    assert again["id"] == entity["id"]
    assert officer_api.post("/entities/", {"person_id": str(uuid.uuid4())}).status_code == 404


def test_the_picture_of_an_entity(officer_api, as_role):
    jay = officer_api.post("/entities/", {"schema": "person", "caption": "Jay"}).json()
    girl = officer_api.post("/entities/", {"schema": "person", "caption": "A girl"}).json()
    phone = _phone(officer_api, "07700 900123")
    report = officer_api.post(
        "/reports/",
        {
            "text": "Jay's phone",
            "grade": "1A-C",
            "handling_conditions": CONDITIONS,
            "mentions": [jay["id"]],
        },
    ).json()

    stated = officer_api.post(
        f"/entities/{jay['id']}/statements", {"prop": "alias", "value": "JJ", "grade": "2B-P"}
    )
    assert stated.status_code == 201, stated.content
    assert stated.json()["grade"] == "2B-P"
    from_report = officer_api.post(
        f"/entities/{jay['id']}/statements",
        {"prop": "nationality", "value": "British", "report_id": report["id"]},
    ).json()
    assert from_report["grade"] == "1A-C" and from_report["handling_conditions"] == CONDITIONS
    assert from_report["provenance"]["report_id"] == report["id"]
    assert from_report["provenance"]["origin"] == {
        "type": "intelligence_report",
        "id": report["id"],
    }
    # A second organisation's statement stands beside the first, never over it.
    other = as_role(Role.POLICE_OFFICER, "other_police")
    assert (
        other.post(
            f"/entities/{jay['id']}/statements",
            {"prop": "alias", "value": "Jason", "grade": "3C-P"},
        ).status_code
        == 201
    )
    officer_api.post(
        f"/entities/{girl['id']}/statements",
        {"prop": "date_of_birth", "value": f"{clock.now().year - 15}-05-01", "grade": "2B-P"},
    )

    link = officer_api.post(
        "/links/",
        {
            "link_type": "uses_phone",
            "source_id": jay["id"],
            "target_id": phone["id"],
            "grade": "2B-P",
        },
    )
    assert link.status_code == 201, link.content
    controls = officer_api.post(
        "/links/",
        {
            "link_type": "controls",
            "source_id": jay["id"],
            "target_id": girl["id"],
            "report_id": report["id"],
        },
    ).json()
    assert controls["grade"] == "1A-C"

    before = _accesses(jay["id"])
    response = officer_api.get(f"/entities/{jay['id']}")
    assert response.status_code == 200
    assert _accesses(jay["id"]) == before + 1
    picture = response.json()
    assert picture["entity"]["id"] == jay["id"] and picture["merged_ids"] == []
    alias = next(p for p in picture["properties"] if p["name"] == "alias")
    assert [(s["value"], s["grade"]) for s in alias["statements"]] == [
        ("JJ", "2B-P"),
        ("Jason", "3C-P"),
    ]
    assert {s["provenance"]["organisation"] for s in alias["statements"]} == {
        "Test Constabulary",
        "Other Constabulary",
    }
    links = {v["link"]["link_type"]: v for v in picture["links"]}
    assert (
        links["uses_phone"]["label"] == "uses phone" and links["uses_phone"]["direction"] == "out"
    )
    assert links["controls"]["other"]["potential_victim"] is True
    assert links["controls"]["link"]["handling_conditions"] == CONDITIONS
    assert [r["id"] for r in picture["reports"]] == [report["id"]]
    assert picture["reports"][0]["grade"] == "1A-C" and "text" not in picture["reports"][0]

    # Read from the other end, the link has its reverse label.
    girl_picture = officer_api.get(f"/entities/{girl['id']}").json()
    assert girl_picture["entity"]["potential_victim"] is True
    assert girl_picture["links"][0]["label"] == "is suspected to be controlled by"
    assert girl_picture["links"][0]["direction"] == "in"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"prop": "wingspan", "value": "2m", "grade": "2B-P"}, "prop"),
        ({"prop": "alias", "value": "JJ"}, "handling"),
        ({"prop": "alias", "value": "JJ", "grade": "2B-C"}, "handling_conditions"),
        ({"prop": "alias", "value": "", "grade": "2B-P"}, "value"),
        ({"prop": "date_of_birth", "value": "last spring", "grade": "2B-P"}, "value"),
    ],
)
def test_a_bad_statement_is_refused(officer_api, body, field):
    jay = officer_api.post("/entities/", {"schema": "person", "caption": "Jay"}).json()
    before = _writes()
    response = officer_api.post(f"/entities/{jay['id']}/statements", body)
    assert response.status_code == 422, response.content
    assert _field(response.json()["errors"], field), response.json()
    assert _writes() == before


def test_bad_links_are_refused_and_nothing_is_written(officer_api):
    a = _phone(officer_api, "07700 900123")
    b = _phone(officer_api, "07700 900456")
    person = officer_api.post("/entities/", {"schema": "person", "caption": "Jay"}).json()
    cases_ = [
        (
            {"link_type": "knows", "source_id": a["id"], "target_id": b["id"], "grade": "2B-P"},
            "link_type",
            "Unknown link type",
        ),
        (
            {"link_type": "called", "source_id": a["id"], "target_id": a["id"], "grade": "2B-P"},
            "target",
            "itself",
        ),
        (
            {
                "link_type": "uses_phone",
                "source_id": a["id"],
                "target_id": person["id"],
                "grade": "2B-P",
            },
            "link_type",
            "does not join",
        ),
        ({"link_type": "called", "source_id": a["id"], "target_id": b["id"]}, "handling", ""),
        (
            {
                "link_type": "called",
                "source_id": a["id"],
                "target_id": b["id"],
                "grade": "2B-P",
                "weight": 0,
            },
            "weight",
            "",
        ),
        (
            {
                "link_type": "uses_phone",
                "source_id": person["id"],
                "target_id": a["id"],
                "grade": "2B-P",
                "occurred_at": "2026-11-20T21:30:00",
            },
            "occurred_at",
            "",
        ),
        (
            {
                "link_type": "called",
                "source_id": a["id"],
                "target_id": b["id"],
                "grade": "2B-P",
                "valid_from": "2026-11-02",
                "valid_to": "2026-11-01",
            },
            "valid_to",
            "",
        ),
    ]
    before = _writes()
    for body, field, words in cases_:
        response = officer_api.post("/links/", body)
        assert response.status_code == 422, (body, response.content)
        errors = response.json()["errors"]
        assert _field(errors, field), (body, errors)
        assert any(words in message for messages in errors.values() for message in messages)
    assert _writes() == before
    # An unknown entity is a 404.
    missing = officer_api.post(
        "/links/",
        {
            "link_type": "called",
            "source_id": a["id"],
            "target_id": str(uuid.uuid4()),
            "grade": "2B-P",
        },
    )
    assert missing.status_code == 404
    assert _writes() == before


def test_a_call_at_a_time_and_a_link_retracted(officer_api, as_role):
    a = _phone(officer_api, "07700 900123")
    b = _phone(officer_api, "07700 900456")
    response = officer_api.post(
        "/links/",
        {
            "link_type": "called",
            "source_id": a["id"],
            "target_id": b["id"],
            "grade": "2B-P",
            "occurred_at": "2026-11-20T21:30:00",
            "weight": 3,
        },
    )
    assert response.status_code == 201, response.content
    link = response.json()
    assert link["occurred_at"].startswith("2026-11-20T21:30:00")  # London time, as given
    assert link["weight"] == 3 and link["label"] == "called"
    # Another organisation may not withdraw it; its own may.
    other = as_role(Role.POLICE_OFFICER, "other_police")
    refused = other.post(f"/links/{link['id']}/retract")
    assert refused.status_code == 422 and "link" in refused.json()["errors"]
    retracted = officer_api.post(f"/links/{link['id']}/retract")
    assert retracted.status_code == 200 and retracted.json()["retracted_at"] is not None
    assert officer_api.get(f"/entities/{a['id']}").json()["links"] == []
    assert officer_api.post(f"/links/{link['id']}/retract").status_code == 404


# --- need to know ---------------------------------------------------------------------------------


def test_a_council_officer_reads_only_p_or_c_shared_with_partners(officer, council_api):
    a = services.entity_create(actor=officer, schema="phone", value="07700900123")
    b = services.entity_create(actor=officer, schema="phone", value="07700900456")
    p = services.report_record(actor=officer, text="P", grading=P_GRADE, mentions=[a.pk])
    c = services.report_record(actor=officer, text="C", grading=C_GRADE, mentions=[b.pk])
    shared = services.report_record(
        actor=officer,
        text="C, partners",
        grading=services.Grading("2", "C", "C", "Council ASB team only", partners_may_see=True),
    )
    listed = council_api.get("/reports/").json()
    assert {r["id"] for r in listed["results"]} == {str(p.pk), str(shared.pk)}
    shown = next(r for r in listed["results"] if r["id"] == str(shared.pk))
    assert shown["grade"] == "2C-C" and shown["handling_conditions"] == "Council ASB team only"
    assert council_api.get(f"/reports/{c.pk}").status_code == 404
    assert council_api.get(f"/reports/{p.pk}").status_code == 200
    # Entities only through what they may read.
    assert [e["id"] for e in council_api.get("/entities/").json()["results"]] == [str(a.pk)]
    assert council_api.get(f"/entities/{b.pk}").status_code == 404
    assert council_api.get(f"/reports/{p.pk}/source").status_code == 404


@pytest.mark.parametrize("role", [Role.SUPPORT_WORKER, Role.RESIDENT])
def test_support_workers_and_residents_get_404_everywhere(as_role, officer, role):
    org = None if role == Role.RESIDENT else "default"
    api = as_role(role, org)
    entity = services.entity_create(actor=officer, schema="phone", value="07700900123")
    report = services.report_record(actor=officer, text="P", grading=P_GRADE)
    link_target = services.entity_create(actor=officer, schema="phone", value="07700900456")
    link = services.link_add(
        actor=officer,
        link_type="called",
        source_id=entity.pk,
        target_id=link_target.pk,
        grading=P_GRADE,
    )
    before = _writes()
    gets = [
        "/schema/",
        "/reports/",
        f"/reports/{report.pk}",
        f"/reports/{report.pk}/source",
        "/entities/",
        f"/entities/{entity.pk}",
    ]
    for path in gets:
        assert api.get(path).status_code == 404, path
    posts = [
        "/reports/",
        f"/reports/{report.pk}/source",
        "/entities/",
        f"/entities/{entity.pk}/statements",
        "/links/",
        f"/links/{link.pk}/retract",
    ]
    for path in posts:
        # 404 whatever the body: not even a 422 tells them what the endpoint would take.
        assert api.post(path, {}).status_code == 404, path
    assert _writes() == before


def test_another_partnership_gets_404(officer, far, as_role):
    far_api = as_role(Role.POLICE_OFFICER, "far_police")
    far_handler = as_role(Role.SOURCE_HANDLER, "far_police")
    a = services.entity_create(actor=officer, schema="phone", value="07700900123")
    b = services.entity_create(actor=officer, schema="phone", value="07700900456")
    report = services.report_record(actor=officer, text="P", grading=P_GRADE, mentions=[a.pk])
    link = services.link_add(
        actor=officer, link_type="called", source_id=a.pk, target_id=b.pk, grading=P_GRADE
    )
    assert far_api.get("/reports/").json()["results"] == []
    assert far_api.get("/entities/").json()["results"] == []
    assert far_api.get(f"/reports/{report.pk}").status_code == 404
    assert far_api.get(f"/entities/{a.pk}").status_code == 404
    before = _writes()
    assert (
        far_api.post(
            f"/entities/{a.pk}/statements", {"prop": "handset", "value": "x", "grade": "2B-P"}
        ).status_code
        == 404
    )
    assert (
        far_api.post(
            "/links/",
            {
                "link_type": "called",
                "source_id": str(a.pk),
                "target_id": str(b.pk),
                "grade": "2B-P",
            },
        ).status_code
        == 404
    )
    assert far_api.post(f"/links/{link.pk}/retract").status_code == 404
    assert (
        far_api.post(
            "/reports/", {"text": "Mentions theirs", "grade": "2B-P", "mentions": [str(a.pk)]}
        ).status_code
        == 404
    )
    assert (
        far_api.post(
            f"/entities/{b.pk}/statements",
            {"prop": "handset", "value": "x", "report_id": str(report.pk)},
        ).status_code
        == 404
    )
    assert far_handler.post(f"/reports/{report.pk}/source", {"reference": "X"}).status_code == 404
    assert far_handler.get(f"/reports/{report.pk}/source").status_code == 404
    refused = far_api.post(
        "/entities/",
        {"schema": "person", "caption": "x", "partnership_id": str(report.partnership_id)},
    )
    assert refused.status_code == 422 and "partnership" in refused.json()["errors"]
    assert _writes() == before


def test_the_session_works_as_the_token_does(signed_in, officer):
    report = services.report_record(actor=officer, text="P", grading=P_GRADE)
    client = signed_in(Role.POLICE_OFFICER)
    assert client.get(f"{BASE}/reports/{report.pk}").status_code == 200
    support = signed_in(Role.SUPPORT_WORKER)
    assert support.get(f"{BASE}/reports/{report.pk}").status_code == 404
