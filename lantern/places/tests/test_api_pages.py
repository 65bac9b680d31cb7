"""The API's list of footage requests pages by cursor, newest first, and never counts the
requests (docs/adr/0023): every request once across the pages, even when many share a
creation time, for the officers who sent them and for the camera's owner; none for another
partnership."""

from __future__ import annotations

import pytest

from lantern.accounts import services as accounts
from lantern.accounts.selectors import actor_for
from lantern.core.actor import SYSTEM, Role
from lantern.core.tests.cursor_pages import (
    counted,
    newest_first,
    share_a_creation_time,
    walk,
    walk_back,
)
from lantern.places.models import FootageRequest
from lantern.places.tests.factories import make_camera, make_request

pytestmark = pytest.mark.django_db

URL = "/api/v1/places/footage-requests?page_size=2"


def _bearer(user) -> dict[str, str]:
    _, token = accounts.api_token_create(actor=SYSTEM, user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def owner(make_user):
    return make_user(Role.RESIDENT)


@pytest.fixture
def sent(make_user, owner) -> list[FootageRequest]:
    camera = make_camera(actor_for(owner))
    officer = actor_for(make_user(Role.POLICE_OFFICER), verified=True)
    made = [make_request(officer, camera) for _ in range(7)]
    # Five of the seven share one creation time: they straddle three pages of two.
    share_a_creation_time(FootageRequest, [r.pk for r in made[1:6]])
    return made


def test_pages_walk_every_request_once_newest_first_without_counting(client, make_user, sent):
    officer = _bearer(make_user(Role.POLICE_OFFICER))
    ids, statements = walk(client, URL, **officer)
    assert ids == newest_first(FootageRequest, [r.pk for r in sent])
    assert counted(statements) == []
    assert walk_back(client, URL, **officer) == ids


def test_the_cameras_owner_walks_the_requests_to_it(client, owner, sent):
    ids, _ = walk(client, URL, **_bearer(owner))
    assert ids == newest_first(FootageRequest, [r.pk for r in sent])


def test_another_partnership_sees_none(client, make_user, sent, far):
    stranger = _bearer(make_user(Role.POLICE_OFFICER, "far_police"))
    assert walk(client, URL, **stranger)[0] == []
