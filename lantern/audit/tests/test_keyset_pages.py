"""Keyset pages, newest first: older and newer pages by cursor, ties broken by the key, and a
cursor that does not parse gives the first page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict

from lantern.audit import catalogue
from lantern.audit.models import AuditEvent
from lantern.audit.services import audit_record
from lantern.core.actor import SYSTEM
from lantern.frontend.keyset import keyset_page

pytestmark = pytest.mark.django_db


def _query(href: str) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in parse_qs(urlsplit(href).query).items():
        query.setlist(key, values)
    return query


def _seqs(page) -> list[int]:
    return [e.seq for e in page.items]


def test_pages_go_older_and_newer_by_cursor_keeping_the_other_parameters():
    for _ in range(7):
        audit_record(actor=SYSTEM, action=catalogue.AUDIT_VERIFIED)
    events = AuditEvent.objects.filter(action=catalogue.AUDIT_VERIFIED)
    seqs = sorted(events.values_list("seq", flat=True), reverse=True)
    first = keyset_page(events, query=QueryDict("action=x"), field="seq", size=3)
    assert _seqs(first) == seqs[:3]
    assert first.pagination.previous is None
    second = keyset_page(events, query=_query(first.pagination.next["href"]), field="seq", size=3)
    assert _seqs(second) == seqs[3:6]
    assert _query(first.pagination.next["href"])["action"] == "x"
    third = keyset_page(events, query=_query(second.pagination.next["href"]), field="seq", size=3)
    assert _seqs(third) == seqs[6:] and third.pagination.next is None
    back = keyset_page(events, query=_query(third.pagination.previous["href"]), field="seq", size=3)
    assert _seqs(back) == seqs[3:6]


def test_ties_on_the_field_are_broken_by_the_key():
    for _ in range(4):
        audit_record(actor=SYSTEM, action=catalogue.AUDIT_VERIFIED)
    events = AuditEvent.objects.filter(action=catalogue.AUDIT_VERIFIED)
    # Every event has the same kind: the pages still hold each event once.
    seen, query = [], QueryDict()
    while True:
        page = keyset_page(events, query=query, field="kind", size=1)
        seen += _seqs(page)
        if page.pagination is None or page.pagination.next is None:
            break
        query = _query(page.pagination.next["href"])
    assert sorted(seen) == sorted(events.values_list("seq", flat=True))


def test_a_cursor_that_does_not_parse_gives_the_first_page():
    for _ in range(3):
        audit_record(actor=SYSTEM, action=catalogue.AUDIT_VERIFIED)
    events = AuditEvent.objects.filter(action=catalogue.AUDIT_VERIFIED)
    page = keyset_page(events, query=QueryDict("older=not-a-number~x"), field="seq", size=2)
    assert _seqs(page) == sorted(events.values_list("seq", flat=True), reverse=True)[:2]
