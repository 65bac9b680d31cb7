from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lantern.reports.open311.tests.fms import client_key
from lantern.reports.open311.tests.schemas import Schemas

BASE = "/open311/v2/"
ROOTS = {
    "services": "services",
    "service-definition.json": "service_definition",
    "requests.json": "service_requests",
    "request-response": "service_requests",
    "token-response": "service_requests",
    "errors": "errors",
    "updates": "service_request_updates",
    "update-created": "service_request_updates",
    "discovery": "discovery",
}


@pytest.fixture(scope="session")
def schemas() -> Schemas:
    return Schemas()


@pytest.fixture(autouse=True)
def _a_partnership_serves_great_britain(request) -> None:
    """Reports are filed only where a partnership serves the place: every database test here
    runs with the test partnership (the root conftest's ``orgs``), which serves Great Britain."""
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        request.getfixturevalue("orgs")


@pytest.fixture
def api_key(orgs) -> str:
    """The api_key of FixMyStreet, a client of the test partnership."""
    return client_key("FixMyStreet")


class Open311:
    """A test client that checks every answer against its schema, in JSON and XML."""

    def __init__(self, schemas: Schemas) -> None:
        self.http = Client()
        self.schemas = schemas

    def _check(self, response: Any, fmt: str, schema: str, expect: int) -> Any:
        assert response.status_code == expect, response.content[:500]
        root = ROOTS.get(schema, schema.removesuffix(".json"))
        if fmt == "xml":
            assert response["Content-Type"].startswith("text/xml")
            document = self.schemas.xml_to_json(schema, response.content, root)
        else:
            assert response["Content-Type"].startswith("application/json")
            document = response.json()
        self.schemas.validate(schema, document)
        return document

    def get(
        self, path: str, schema: str, *, fmt: str = "json", expect: int = 200, **query: Any
    ) -> Any:
        response = self.http.get(f"{BASE}{path}.{fmt}", query)
        return self._check(response, fmt, schema, expect)

    def post(
        self,
        path: str,
        data: Any,
        schema: str,
        *,
        fmt: str = "xml",
        expect: int = 200,
        multipart: bool = False,
    ) -> Any:
        if multipart:
            response = self.http.post(f"{BASE}{path}.{fmt}", data)
        else:
            from urllib.parse import urlencode

            response = self.http.post(
                f"{BASE}{path}.{fmt}",
                urlencode(data, doseq=True),
                content_type="application/x-www-form-urlencoded",
            )
        return self._check(response, fmt, schema, expect)


@pytest.fixture
def open311(schemas: Schemas, db) -> Open311:
    return Open311(schemas)
