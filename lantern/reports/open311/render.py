"""Answers in the two formats GeoReport v2 serves, chosen by the URL's extension.

JSON is the plain shape the schemas describe; XML wraps lists in the specification's element
names (services/service, service_requests/request, ...). Errors are a list of
{code, description} in either format, with the matching HTTP status."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET  # only to write XML; input is never parsed as XML
from typing import Any

from django.http import HttpResponse

FORMATS = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}

LIST_ITEM = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "service_request_updates": "request_update",
    "endpoints": "endpoint",
    "formats": "format",
}

# Characters XML 1.0 cannot carry at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _build(parent: ET.Element, tag: str, value: Any) -> None:
    element = ET.SubElement(parent, tag)
    _fill(element, tag, value)


def _fill(element: ET.Element, tag: str, value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _build(element, key, item)
    elif isinstance(value, list):
        item_tag = LIST_ITEM.get(tag, "item")
        for item in value:
            _build(element, item_tag, item)
    else:
        element.text = _text(value)


def to_xml(root: str, payload: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, root, payload)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8")


def respond(fmt: str, root: str, payload: Any, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        body = to_xml(root, payload)
    else:
        body = json.dumps(payload, ensure_ascii=False).encode()
    response = HttpResponse(body, status=status, content_type=FORMATS.get(fmt, FORMATS["json"]))
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    fmt = fmt if fmt in FORMATS else "json"
    errors = [{"code": status, "description": d} for d in descriptions]
    return respond(fmt, "errors", errors, status=status)
