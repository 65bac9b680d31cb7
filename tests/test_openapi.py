"""The OpenAPI document at /api/v1/openapi.json is one a client can be built from: it is valid
OpenAPI (openapi-spec-validator), and openapi-python-client generates a client from it
without a warning, which then imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

GENERATOR_CONFIG = {
    # The generator knows JSON, text and octet-stream answers; PDFs (case review letters,
    # statements) are bytes too.
    "content_type_overrides": {"application/pdf": "application/octet-stream"},
    "post_hooks": [],  # no formatting of the generated code: only whether it can be made
}


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi(schema):
    assert schema["openapi"].startswith("3.1")
    validate(schema)  # raises on the first error


def test_a_python_client_can_be_generated_from_the_schema(schema, tmp_path):
    (tmp_path / "schema.json").write_text(json.dumps(schema))
    (tmp_path / "config.json").write_text(json.dumps(GENERATOR_CONFIG))
    generated = subprocess.run(  # noqa: S603 - our own tool, from the dev dependencies
        [
            str(Path(sys.executable).with_name("openapi-python-client")),
            "generate",
            "--path",
            "schema.json",  # a file: the generator reads nothing from the network
            "--config",
            "config.json",
            "--output-path",
            "lantern_client",
            "--meta",
            "none",  # the package alone, no project around it
            "--fail-on-warning",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    imported = subprocess.run(
        [sys.executable, "-c", "import lantern_client.api.reports, lantern_client.models"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr


def test_no_two_api_schemas_share_a_name(schema):
    """The schema names its components by class name, so two classes of one name are one
    component and a route shows the other's body (the cases app's ASB Case Review
    application once showed the safeguarding review's). Every Lantern schema class has a
    name of its own."""
    from ninja import Schema

    def subclasses(cls: type) -> list[type]:
        found = []
        for sub in cls.__subclasses__():
            found.append(sub)
            found.extend(subclasses(sub))
        return found

    import lantern  # noqa: F401  (the apps' schema modules are imported by the API above)

    ours: dict[str, set[str]] = {}
    for cls in subclasses(Schema):
        if cls.__module__.startswith("lantern."):
            ours.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    shared = {name: sorted(where) for name, where in ours.items() if len(where) > 1}
    assert shared == {}
    body = schema["paths"]["/api/v1/cases/case-reviews"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/CaseReviewApplicationIn")
