"""Filing a report with a bearer token: the token's holder is remembered by the process and
confirmed by the statement that writes the report, so a revoked token, a deactivated user
or a changed role is seen at the moment of the write (accounts/holders.py, ADR 0011)."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lantern.accounts import holders
from lantern.accounts import services as accounts
from lantern.audit.models import AuditEvent
from lantern.core.actor import SYSTEM, Role
from lantern.reports import intake_pg
from lantern.reports.models import Report
from lantern.reports.tests.test_api import BODY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_remembered():
    holders.forget_all()
    intake_pg.forget_categories()
    yield
    holders.forget_all()


@pytest.fixture
def filer(client, make_user):
    """A user with a token, and a function that files a report with it."""

    def make(role: Role = Role.RESIDENT):
        user = make_user(role)
        record, token = accounts.api_token_create(actor=SYSTEM, user=user, name="client")

        def file(body: dict | None = None):
            return client.post(
                "/api/v1/reports/",
                BODY if body is None else body,
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )

        return user, record, file

    return make


def _statements(queries: CaptureQueriesContext) -> list[str]:
    # The test's transaction wraps each write in a savepoint.
    return [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]


def _reports_created() -> int:
    return AuditEvent.objects.filter(action="report.created").count()


@pytest.mark.postgres_only
def test_a_remembered_holder_files_in_one_statement_that_confirms_them(filer, orgs):
    user, _, file = filer(Role.POLICE_OFFICER)
    # Roles in two organisations: the roles the write compares are in a fixed order.
    accounts.membership_grant(
        actor=SYSTEM, user=user, organisation=orgs["other_police"], role=Role.ANALYST
    )
    assert file().status_code == 201  # looks the token up, and remembers its holder
    with CaptureQueriesContext(connection) as queries:
        response = file()
    assert response.status_code == 201, response.content
    (statement,) = _statements(queries)
    assert statement.startswith("WITH ") and '"accounts_apitoken"' in statement
    assert Report.objects.filter(reporter=user, source=Report.Source.STAFF).count() == 2


@pytest.mark.postgres_only
def test_a_revoked_token_files_nothing_though_its_holder_was_remembered(filer):
    _, record, file = filer()
    assert file().status_code == 201
    accounts.api_token_revoke(actor=SYSTEM, token_id=record.pk)
    before = (Report.objects.count(), _reports_created())
    response = file()
    assert response.status_code == 401
    assert (Report.objects.count(), _reports_created()) == before
    assert holders.recall(record.token_hash) is None


@pytest.mark.postgres_only
def test_a_deactivated_user_files_nothing_though_remembered(filer):
    user, _, file = filer()
    assert file().status_code == 201
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert file().status_code == 401
    assert Report.objects.count() == 1


@pytest.mark.postgres_only
def test_a_changed_role_is_seen_and_the_report_filed_with_the_roles_held_now(filer, orgs):
    user, _, file = filer(Role.RESIDENT)
    assert file().status_code == 201
    accounts.membership_grant(
        actor=SYSTEM, user=user, organisation=orgs["police"], role=Role.POLICE_OFFICER
    )
    with CaptureQueriesContext(connection) as queries:
        response = file()
    assert response.status_code == 201, response.content
    # The write found the roles changed and wrote nothing; the token was looked up again
    # and the report filed by the holder as they are now (staff).
    assert len([s for s in _statements(queries) if s.startswith("WITH ")]) == 2
    sources = list(Report.objects.order_by("created_at").values_list("source", flat=True))
    assert sources == [Report.Source.WEB, Report.Source.STAFF]
    assert _reports_created() == 2


@pytest.mark.postgres_only
def test_an_error_goes_to_a_remembered_holder_only_while_the_token_is_live(filer):
    _, record, file = filer()
    assert file().status_code == 201
    unknown_category = {**BODY, "category_code": "nope"}
    not_json_shaped = {**BODY, "latitude": "north"}
    assert file(unknown_category).status_code == 422
    assert file(not_json_shaped).status_code == 422
    accounts.api_token_revoke(actor=SYSTEM, token_id=record.pk)
    assert file().status_code == 401  # forgets the holder
    assert file(unknown_category).status_code == 401


@pytest.mark.postgres_only
def test_an_error_to_a_revoked_but_still_remembered_token_is_401(filer):
    _, record, file = filer()
    assert file().status_code == 201
    accounts.api_token_revoke(actor=SYSTEM, token_id=record.pk)
    assert holders.recall(record.token_hash) is not None  # this process has not noticed
    assert file({**BODY, "category_code": "nope"}).status_code == 401
    assert file({**BODY, "latitude": "north"}).status_code == 401


@pytest.mark.postgres_only
def test_a_holder_is_remembered_for_the_configured_time_only(filer, settings, monkeypatch):
    _, record, file = filer()
    assert file().status_code == 201
    remembered = holders.recall(record.token_hash)
    assert remembered is not None
    found_at = remembered.found_at
    later = found_at + settings.API_TOKEN_HOLDER_SECONDS + 1
    monkeypatch.setattr(holders.time, "monotonic", lambda: later)
    assert holders.recall(record.token_hash) is None
    with CaptureQueriesContext(connection) as queries:
        assert file().status_code == 201
    assert _statements(queries)[0].startswith("SELECT ")  # looked up again


def test_with_no_time_set_or_not_on_postgresql_every_filing_looks_the_token_up(filer, settings):
    if connection.vendor == "postgresql":
        settings.API_TOKEN_HOLDER_SECONDS = 0
    _, record, file = filer()
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert file().status_code == 201
        assert any(
            '"accounts_apitoken"' in s and s.startswith("SELECT") for s in _statements(queries)
        )
    assert holders.recall(record.token_hash) is None
    assert Report.objects.count() == 2


def test_at_most_limit_holders_are_remembered(monkeypatch):
    monkeypatch.setattr(holders, "LIMIT", 2)
    made = [
        holders.Holder(
            token_hash=f"hash-{n}",
            token_id=uuid.uuid4(),
            last_used_at=None,
            user_id=uuid.uuid4(),
            memberships=(),
            roles_key="",
        )
        for n in range(3)
    ]
    for holder in made:
        holders.remember(holder)
    assert holders.recall("hash-0") is None  # the oldest went first
    assert holders.recall("hash-1") is made[1] and holders.recall("hash-2") is made[2]
