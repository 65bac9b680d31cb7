"""Validating Open311 answers against the GeoReport v2 JSON Schemas (kept with the tests:
lantern/core/tests/open311_schemas), for JSON and for XML turned into the JSON shape."""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft4Validator, FormatChecker
from lxml import etree
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from lantern.core.tests.open311 import SCHEMAS

LIST_TAGS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "service_request_updates": "request_update",
    "endpoints": "endpoint",
    "formats": "format",
}

ERRORS = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
    },
}

NULLABLE_STRING = {"anyOf": [{"type": "string"}, {"type": "null"}]}
# mySociety's servicerequestupdates extension (no schema is published for it).
UPDATES = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["update_id", "service_request_id", "status", "updated_datetime"],
        "properties": {
            "update_id": {"type": "string"},
            "service_request_id": {"type": "string"},
            "status": {"type": "string", "pattern": "^[A-Z_]+$"},
            "updated_datetime": {"type": "string", "format": "date-time"},
            "description": NULLABLE_STRING,
            "media_url": NULLABLE_STRING,
        },
    },
}
UPDATE_CREATED = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["update_id"],
        "properties": {"update_id": {"type": "string"}},
    },
}
# The discovery document as the GeoReport v2 text describes it.
DISCOVERY = {
    "type": "object",
    "required": ["changeset", "contact", "key_service", "endpoints"],
    "properties": {
        "changeset": {"type": "string"},
        "contact": {"type": "string"},
        "key_service": {"type": "string"},
        "endpoints": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["specification", "url", "changeset", "type", "formats"],
                "properties": {
                    "specification": {"type": "string"},
                    "url": {"type": "string"},
                    "changeset": {"type": "string"},
                    "type": {"enum": ["production", "test"]},
                    "formats": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}


class Schemas:
    def __init__(self) -> None:
        self.raw: dict[str, Any] = {
            p.name: json.loads(p.read_text()) for p in SCHEMAS.glob("*.json")
        }
        self.registry: Registry = Registry().with_resources(
            (name, Resource.from_contents(schema, default_specification=DRAFT4))
            for name, schema in self.raw.items()
            if name != "swagger.json"
        )
        definitions = self.raw["swagger.json"]["definitions"]
        self.raw["request-response"] = {
            "type": "array",
            "minItems": 1,
            "items": definitions["RequestResponse"],
        }
        self.raw["token-response"] = {
            "type": "array",
            "minItems": 1,
            "items": definitions["TokenResponse"],
        }
        self.raw["errors"] = ERRORS
        self.raw["updates"] = UPDATES
        self.raw["update-created"] = UPDATE_CREATED
        self.raw["discovery"] = DISCOVERY

    def resolve(self, schema: dict) -> dict:
        while "$ref" in schema:
            schema = self.raw[schema["$ref"]]
        return schema

    def validate(self, name: str, document: Any) -> None:
        validator = Draft4Validator(
            self.raw[name], registry=self.registry, format_checker=FormatChecker()
        )
        validator.validate(document)

    # --- XML -> the JSON shape the schemas describe --------------------------------------
    def xml_to_json(self, name: str, body: bytes, root: str) -> Any:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        element = etree.fromstring(body, parser)
        assert element.tag == root, f"root element {element.tag!r}, wanted {root!r}"
        return self._coerce(_plain(element), self.raw[name])

    def _types(self, schema: dict) -> set[str]:
        schema = self.resolve(schema)
        found = set()
        if isinstance(schema.get("type"), str):
            found.add(schema["type"])
        for option in schema.get("anyOf", []):
            found |= self._types(option)
        return found

    def _coerce(self, value: Any, schema: dict) -> Any:
        schema = self.resolve(schema)
        if isinstance(value, list):
            items = schema.get("items", {})
            return [self._coerce(v, items) for v in value]
        if isinstance(value, dict):
            props = schema.get("properties", {})
            return {k: self._coerce(v, props.get(k, {})) for k, v in value.items()}
        if isinstance(value, str):
            types = self._types(schema)
            if "boolean" in types and value in ("true", "false"):
                return value == "true"
            if "integer" in types and value.lstrip("-").isdigit():
                return int(value)
            if "number" in types:
                return float(value)
        if value is None and self._types(schema) == {"array"}:
            return []
        return value


def _plain(element: Any) -> Any:
    if element.tag in LIST_TAGS:
        for child in element:
            assert child.tag == LIST_TAGS[element.tag], f"{child.tag} inside {element.tag}"
        return [_plain(child) for child in element]
    if len(element):
        return {child.tag: _plain(child) for child in element}
    return element.text if element.text else None
