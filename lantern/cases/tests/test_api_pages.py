"""The API's case list pages by cursor, newest first, and never counts the cases
(docs/adr/0023): every case once across the pages, even when many share a creation time,
and none for another partnership."""

from __future__ import annotations

import pytest

from lantern.accounts import services as accounts
from lantern.cases.models import Case
from lantern.core.actor import SYSTEM, Role
from lantern.core.tests.cursor_pages import (
    counted,
    newest_first,
    share_a_creation_time,
    walk,
    walk_back,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/cases/cases?page_size=2"


def _bearer(make_user, role: Role, org: str = "default") -> dict[str, str]:
    _, token = accounts.api_token_create(actor=SYSTEM, user=make_user(role, org), name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_pages_walk_every_case_once_newest_first_without_counting(client, make_user, far):
    officer = _bearer(make_user, Role.POLICE_OFFICER)
    for n in range(7):
        body = {"kind": "place", "title": f"Larkspur Row {n}"}
        opened = client.post(
            "/api/v1/cases/cases", body, content_type="application/json", **officer
        )
        assert opened.status_code == 201
    cases = list(Case.objects.values_list("pk", flat=True))
    share_a_creation_time(Case, cases[1:6])
    ids, statements = walk(client, URL, **officer)
    assert ids == newest_first(Case, cases)
    assert counted(statements) == []
    assert walk_back(client, URL, **officer) == ids
    stranger = _bearer(make_user, Role.POLICE_OFFICER, "far_police")
    assert walk(client, URL, **stranger)[0] == []
