"""Discovery, services and service definitions: every answer validated in JSON and XML."""

from __future__ import annotations

import pytest

from lantern.reports.selectors import category_list

pytestmark = pytest.mark.django_db
FORMATS = ["json", "xml"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery(open311, fmt):
    document = open311.get("discovery", "discovery", fmt=fmt)
    endpoint = document["endpoints"][0]
    assert endpoint["url"].endswith("/open311/v2/")
    assert endpoint["formats"] == ["text/xml", "application/json"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_are_the_active_categories(open311, fmt):
    document = open311.get("services", "services.json", fmt=fmt)
    assert [s["service_code"] for s in document] == [c.code for c in category_list()]
    assert "concern-for-safety" in {s["service_code"] for s in document}
    assert all(s["type"] == "realtime" and s["metadata"] is True for s in document)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_service_definition_validates(open311, fmt):
    for category in category_list():
        document = open311.get(f"services/{category.code}", "service-definition.json", fmt=fmt)
        assert document["service_code"] == category.code
        codes = [a["code"] for a in document["attributes"]]
        assert codes == ["emergency"] + [q["code"] for q in category.extra_questions]
        notice = document["attributes"][0]
        assert notice["variable"] is False and "999" in notice["description"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_definition_attributes_come_from_extra_questions(open311, fmt):
    needles = open311.get("services/drug-litter", "service-definition.json", fmt=fmt)
    attribute = needles["attributes"][1]
    assert attribute == {
        "variable": True,
        "code": "needles",
        "datatype": "singlevaluelist",
        "required": True,
        "datatype_description": None,
        "order": 2,
        "description": "Are there needles or syringes?",
        "values": [{"key": "yes", "name": "Yes"}, {"key": "no", "name": "No"}],
    }
    choices = open311.get("services/sex-work-nuisance", "service-definition.json", fmt=fmt)
    keys = [v["key"] for v in choices["attributes"][1]["values"]]
    assert keys == ["noise", "litter", "activity-in-a-doorway-or-garden", "other"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_service_is_a_404_in_the_error_format(open311, fmt):
    errors = open311.get("services/no-such-thing", "errors", fmt=fmt, expect=404)
    assert errors[0]["code"] == 404


def test_unknown_format_and_method(open311):
    response = open311.http.get("/open311/v2/services.html")
    assert response.status_code == 400
    open311.schemas.validate("errors", response.json())
    response = open311.http.delete("/open311/v2/services.json")
    assert response.status_code == 405
    open311.schemas.validate("errors", response.json())
    response = open311.http.post("/open311/v2/services/noise.xml")
    assert response.status_code == 405
    assert b"<errors><error><code>405</code>" in response.content
