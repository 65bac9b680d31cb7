"""POST /api/v1/reports/ with an Idempotency-Key: a retry gets the first answer and never a
second report; the same key with another body is refused; keys belong to their caller and
expire after 24 hours; the kept answer holds no tracking code in clear."""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, connections

from lantern.accounts import services as accounts
from lantern.audit.models import AuditEvent
from lantern.core import clock
from lantern.core.actor import ANONYMOUS, SYSTEM, Role
from lantern.core.periodic import periodic_tasks
from lantern.reports import idempotency, reference
from lantern.reports.idempotency import IdempotentRequest
from lantern.reports.models import IdempotencyKey, Report
from lantern.reports.services import ReportInput
from lantern.reports.tasks import expire_idempotency_keys

pytestmark = pytest.mark.django_db

BODY = {
    "category_code": "kerb-crawling",
    "latitude": 51.5412,
    "longitude": 0.7183,
    "occurred_from": "2026-01-10T21:30:00Z",
    "description": "A car circled three times.",
}
KEY = "8e03978e-40d5-43e8-bc93-6894a57f9324"


def bearer(make_user, role=Role.RESIDENT):
    user = make_user(role)
    _, token = accounts.api_token_create(actor=SYSTEM, user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def visitor(client):
    """A visitor who is not signed in but has a session (from the report pages)."""
    client.get("/reports/new/what/")
    client.post("/reports/new/what/", {"category": "noise"})
    assert client.cookies.get("sessionid")
    return client


def post(client, body=BODY, key: str | None = KEY, **headers):
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(
        "/api/v1/reports/", json.dumps(body), content_type="application/json", **headers
    )


def test_a_retry_with_the_same_key_gets_the_first_answer_and_files_nothing(client, make_user):
    headers = bearer(make_user)
    first = post(client, **headers)
    assert first.status_code == 201, first.content
    assert "Idempotent-Replayed" not in first
    again = post(client, **headers)
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Report.objects.count() == 1 and IdempotencyKey.objects.count() == 1
    replayed = AuditEvent.objects.get(action="report.answer_replayed")
    assert replayed.object_id == str(Report.objects.get().pk)
    assert AuditEvent.objects.filter(action="report.created").count() == 1


def test_the_first_answer_is_given_even_after_the_report_has_moved_on(client, make_user):
    """Exactly the first answer: the status the report had then, not the one it has now."""
    headers = bearer(make_user)
    first = post(client, **headers).json()
    Report.objects.update(status=Report.Status.CLOSED)
    assert post(client, **headers).json() == first == {**first, "status": "new"}


def test_without_a_key_every_request_files_a_report(client, make_user):
    headers = bearer(make_user)
    assert post(client, key=None, **headers).status_code == 201
    assert post(client, key=None, **headers).status_code == 201
    assert Report.objects.count() == 2 and not IdempotencyKey.objects.exists()


def test_an_anonymous_visitor_gets_the_same_tracking_code_again(client):
    visitor(client)
    first = post(client)
    assert first.status_code == 201 and first.json()["tracking_code"]
    again = post(client)
    assert again.status_code == 201 and again.json() == first.json()
    report = Report.objects.get()
    code = first.json()["tracking_code"]
    assert report.tracking_code_hash == reference.hash_tracking_code(code)


def test_the_kept_answer_holds_neither_the_tracking_code_nor_the_key_in_clear(client):
    visitor(client)
    code = post(client).json()["tracking_code"]
    kept = IdempotencyKey.objects.get()
    stored = (
        bytes(kept.answer)
        + "".join([kept.client_hash, kept.key_hash, kept.request_sha256]).encode()
    )
    for secret in (code, code.replace("-", ""), KEY):
        assert secret.encode() not in stored
    assert client.cookies["sessionid"].value.encode() not in stored


def test_the_same_key_with_a_different_body_is_refused(client, make_user):
    headers = bearer(make_user)
    assert post(client, **headers).status_code == 201
    other = post(client, {**BODY, "description": "Another car, another night."}, **headers)
    assert other.status_code == 422
    assert "different request" in other.json()["errors"]["Idempotency-Key"][0]
    assert Report.objects.count() == 1


def test_keys_belong_to_their_caller(client, make_user):
    """The same key from another user, or from a visitor's other session, is another key:
    nobody is given someone else's answer."""
    first = post(client, **bearer(make_user)).json()
    second = post(client, **bearer(make_user)).json()
    assert first["reference"] != second["reference"]
    visitor(client)
    third = post(client).json()
    client.cookies.clear()
    visitor(client)
    fourth = post(client).json()
    assert third["tracking_code"] != fourth["tracking_code"]
    assert Report.objects.count() == 4


@pytest.mark.parametrize(
    "key",
    ["", "   ", "x" * 256, "caf\u00e9", "tab\there", "nul\x01", '"unterminated\\"', '"a"b"'],
)
def test_a_malformed_key_is_refused_with_400(client, make_user, key):
    response = post(client, key=key, **bearer(make_user))
    assert response.status_code == 400
    assert "Idempotency-Key must be 1 to 255 printable ASCII" in response.json()["detail"]
    assert not Report.objects.exists()


def test_keys_may_be_quoted_as_the_draft_writes_them(client, make_user):
    headers = bearer(make_user)
    first = post(client, key=f'"{KEY}"', **headers)
    assert first.status_code == 201
    assert post(client, key=KEY, **headers).json() == first.json()
    assert idempotency.parse_key('"say \\"hi\\" \\\\ "') == 'say "hi" \\ '
    assert idempotency.parse_key("x" * 255) == "x" * 255


def test_a_refused_request_is_not_remembered(client, make_user):
    headers = bearer(make_user)
    refused = post(client, {**BODY, "category_code": "no-such-kind"}, **headers)
    assert refused.status_code == 422 and not IdempotencyKey.objects.exists()
    assert post(client, **headers).status_code == 201


def test_a_key_is_forgotten_after_24_hours(client, make_user):
    headers = bearer(make_user)
    first = post(client, **headers).json()
    with time_machine.travel(clock.now() + timedelta(hours=24, minutes=1)):
        later = post(client, **headers)
    assert later.status_code == 201 and later.json()["reference"] != first["reference"]
    assert Report.objects.count() == 2 and IdempotencyKey.objects.count() == 1


def test_the_hourly_task_deletes_expired_keys(client, make_user):
    assert "lantern.reports.tasks.expire_idempotency_keys" in {p.name for p in periodic_tasks()}
    headers = bearer(make_user)
    post(client, **headers)
    assert expire_idempotency_keys.call() == 0
    assert not AuditEvent.objects.filter(action="report.idempotency_keys_expired").exists()
    with time_machine.travel(clock.now() + timedelta(hours=24, minutes=1)):
        post(client, key="a-newer-key", **headers)
        assert expire_idempotency_keys.call() == 1
    assert list(IdempotencyKey.objects.values_list("key_hash", flat=True)) == [
        hashlib.sha256(b"a-newer-key").hexdigest()
    ]
    event = AuditEvent.objects.get(action="report.idempotency_keys_expired")
    assert json.loads(event.details) == {"count": 1} and Report.objects.count() == 2


def test_an_answer_that_can_no_longer_be_opened_is_409_and_files_nothing(
    client, make_user, settings
):
    headers = bearer(make_user)
    assert post(client, **headers).status_code == 201
    settings.SECRET_KEY = "another-secret-key-" * 4
    response = post(client, **headers)
    assert response.status_code == 409
    assert "already filed" in response.json()["detail"]
    assert Report.objects.count() == 1


def test_the_report_and_its_key_are_written_together_or_not_at_all(make_user):
    """A failure inside the report's transaction after the report row is written leaves
    neither the report nor the key."""
    request = IdempotentRequest(key=KEY, client="user:x", body_sha256="0" * 64)

    def broken_answer(created):
        raise RuntimeError("the process died")

    with pytest.raises(RuntimeError):
        idempotency.report_create_once(
            actor=ANONYMOUS, data=_input(), request=request, answer=broken_answer
        )
    assert not Report.objects.exists() and not IdempotencyKey.objects.exists()


def test_the_openapi_schema_describes_the_header(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/reports/"]["post"]
    (header,) = [p for p in operation["parameters"] if p["in"] == "header"]
    assert header["name"] == "Idempotency-Key" and not header.get("required", False)
    assert "24 hours" in header["description"]
    assert {"400", "409", "422"} <= set(operation["responses"])


def _input() -> ReportInput:
    return ReportInput(
        category_code="kerb-crawling",
        latitude=51.5412,
        longitude=0.7183,
        occurred_from=clock.now() - timedelta(hours=1),
        description="A car circled three times.",
    )


def _answer(created):
    return 201, {"reference": created.report.reference, "tracking_code": created.tracking_code}


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_requests_with_one_key_at_once_file_one_report():
    """Both requests pass the first look (no key yet) and are inside their transactions at
    the same time; the one that writes the key second waits at the unique constraint until
    the first commits, rolls back its own report, and gives the first one's answer."""
    assert connection.vendor == "postgresql"
    request = IdempotentRequest(key=KEY, client="session:abc", body_sha256="1" * 64)
    first_inside, second_inside = threading.Event(), threading.Event()
    answers: dict[str, idempotency.Answer] = {}
    errors: list[BaseException] = []

    def answer_then(inside: threading.Event, wait_for: threading.Event | None):
        def make(created):
            inside.set()
            if wait_for is not None:
                assert wait_for.wait(timeout=30)
            return _answer(created)

        return make

    def file(name: str, answer) -> None:
        try:
            answers[name] = idempotency.report_create_once(
                actor=ANONYMOUS, data=_input(), request=request, answer=answer
            )
        except BaseException as exc:  # reported by the test below
            errors.append(exc)
        finally:
            connections.close_all()

    first = threading.Thread(target=file, args=("first", answer_then(first_inside, second_inside)))
    second = threading.Thread(target=file, args=("second", answer_then(second_inside, None)))
    first.start()
    assert first_inside.wait(timeout=30)  # the first is inside its transaction, key unwritten
    second.start()
    first.join(timeout=60)
    second.join(timeout=60)
    assert not errors, errors
    assert answers["first"].body == answers["second"].body
    assert sorted(a.replayed for a in answers.values()) == [False, True]
    assert Report.objects.count() == 1 and IdempotencyKey.objects.count() == 1
    assert Report.objects.get().reference == answers["first"].body["reference"]
