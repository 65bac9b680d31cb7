"""The resolution pages, API and command: an analyst finds, compares, confirms, rejects and
undoes; bad input is a clear message that writes nothing; everyone else gets 404."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lantern.accounts import services as accounts
from lantern.audit.models import AuditEvent
from lantern.core.actor import SYSTEM, Role
from lantern.intelligence import services
from lantern.intelligence.models import Entity, ResolutionCandidate
from lantern.intelligence.tests.resolution_data import one_man_twice

pytestmark = pytest.mark.django_db

PAGES = "/intelligence/resolution/"
API = "/api/v1/intelligence/resolution"


@pytest.fixture
def twins(officer):
    return one_man_twice(officer)


@pytest.fixture
def bearer(make_user):
    def headers(role: Role) -> dict[str, str]:
        _, token = accounts.api_token_create(actor=SYSTEM, user=make_user(role), name="t")
        return {"Authorization": f"Bearer {token}"}

    return headers


def _decisions() -> int:
    return AuditEvent.objects.filter(
        action__in=["intelligence.merged", "intelligence.merge_rejected", "intelligence.unmerged"]
    ).count()


def test_the_analyst_finds_compares_confirms_and_unmerges(signed_in, twins):
    one, two, _ = twins
    client = signed_in(Role.ANALYST)
    page = client.get(PAGES)
    assert page.status_code == 200 and b"No pairs are waiting" in page.content
    started = client.post(f"{PAGES}find/", {"threshold": "90"})
    assert started.status_code == 302
    page = client.get(PAGES)
    assert b"put forward 1 new pair" in page.content  # the test backend runs it at once
    candidate = ResolutionCandidate.objects.get()
    assert b"Compare and decide" in page.content and b"Jay Marsh" in page.content
    detail = client.get(f"{PAGES}candidates/{candidate.pk}/")
    text = detail.content.decode()
    assert detail.status_code == 200
    assert "Record linkage" in text and "%" in text
    assert "JJ" in text and "07700900111" in text  # who said what, on each side
    viewed = set(
        AuditEvent.objects.filter(action="record.viewed").values_list("object_type", "object_id")
    )
    assert ("intelligence_candidate", str(candidate.pk)) in viewed
    assert {("intelligence_entity", str(one.pk)), ("intelligence_entity", str(two.pk))} <= viewed
    # An empty reason: a clear message, nothing written.
    refused = client.post(f"{PAGES}candidates/{candidate.pk}/confirm/", {"confirm-reason": " "})
    assert refused.status_code == 200 and b"Give the reason" in refused.content
    assert b"There is a problem" in refused.content
    assert ResolutionCandidate.objects.get().status == "pending" and _decisions() == 0
    done = client.post(
        f"{PAGES}candidates/{candidate.pk}/confirm/", {"confirm-reason": "Same DOB, same phone"}
    )
    assert done.status_code == 302
    assert Entity.objects.filter(merged_into__isnull=False).count() == 1
    decided = client.get(f"{PAGES}decided/")
    assert b"Unmerge" in decided.content and b"Same DOB, same phone" in decided.content
    undone = client.post(
        f"{PAGES}candidates/{candidate.pk}/unmerge/", {"unmerge-reason": "Two brothers"}
    )
    assert undone.status_code == 302
    assert not Entity.objects.filter(merged_into__isnull=False).exists()
    assert ResolutionCandidate.objects.get().status == "undone"


def test_the_analyst_rejects_and_the_pair_stays_rejected(signed_in, twins):
    client = signed_in(Role.ANALYST)
    client.post(f"{PAGES}find/", {"threshold": "90"})
    candidate = ResolutionCandidate.objects.get()
    client.post(f"{PAGES}candidates/{candidate.pk}/reject/", {"reject-reason": "Not him"})
    client.post(f"{PAGES}find/", {"threshold": "90"})
    assert [c.status for c in ResolutionCandidate.objects.all()] == ["rejected"]
    assert b"No pairs are waiting" in client.get(PAGES).content


def test_a_bad_threshold_is_a_message(signed_in, twins):
    client = signed_in(Role.ANALYST)
    refused = client.post(f"{PAGES}find/", {"threshold": "120"})
    assert refused.status_code == 200 and b"100 or less" in refused.content
    assert not ResolutionCandidate.objects.exists()


def test_the_analyst_puts_a_pair_forward_by_hand(signed_in, officer, twins):
    one, _two, other = twins
    phone = Entity.objects.get(schema="phone")
    client = signed_in(Role.ANALYST)
    page = client.get(f"{PAGES}propose/", {"search_a": "Marsh"})
    assert page.status_code == 200 and str(one.pk).encode() in page.content
    same = client.post(
        f"{PAGES}propose/",
        {"search_a": "Marsh", "entity_a": str(one.pk), "entity_b": str(one.pk)},
    )
    assert same.status_code == 200 and b"Choose two different entities" in same.content
    mixed = client.post(
        f"{PAGES}propose/",
        {
            "search_a": "Marsh",
            "search_b": "07700",
            "entity_a": str(one.pk),
            "entity_b": str(phone.pk),
        },
    )
    assert mixed.status_code == 200 and b"cannot be the same" in mixed.content
    assert not ResolutionCandidate.objects.exists()
    made = client.post(
        f"{PAGES}propose/",
        {
            "search_a": "Marsh",
            "search_b": "Testwright",
            "entity_a": str(one.pk),
            "entity_b": str(other.pk),
        },
    )
    assert made.status_code == 302
    candidate = ResolutionCandidate.objects.get()
    assert candidate.found_by == "analyst" and candidate.probability is None


@pytest.mark.parametrize("role", [Role.SUPPORT_WORKER, Role.COUNCIL_OFFICER, Role.POLICE_OFFICER])
def test_everyone_else_gets_404(signed_in, bearer, client, analyst, twins, role):
    candidate = services.candidate_propose(
        actor=analyst, entity_a_id=twins[0].pk, entity_b_id=twins[1].pk
    )
    headers = bearer(role)
    client = signed_in(role)
    for url in (
        PAGES,
        f"{PAGES}decided/",
        f"{PAGES}propose/",
        f"{PAGES}candidates/{candidate.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        "find/",
        f"candidates/{candidate.pk}/confirm/",
        f"candidates/{candidate.pk}/reject/",
    ):
        assert (
            client.post(PAGES + url, {"confirm-reason": "x", "reject-reason": "x"}).status_code
            == 404
        )
    assert client.get(f"{API}/candidates", headers=headers).status_code == 404
    for url, body in (
        ("/find", {}),
        ("/candidates", {"entity_a_id": str(twins[0].pk), "entity_b_id": str(twins[2].pk)}),
        (f"/candidates/{candidate.pk}/confirm", {"reason": "x"}),
        (f"/candidates/{candidate.pk}/reject", {"reason": "x"}),
        (f"/candidates/{candidate.pk}/unmerge", {"reason": "x"}),
    ):
        answer = client.post(API + url, body, content_type="application/json", headers=headers)
        assert answer.status_code == 404, url
    assert ResolutionCandidate.objects.get().status == "pending"
    assert ResolutionCandidate.objects.count() == 1


def test_the_api(client, bearer, twins):
    one, _two, other = twins
    headers = bearer(Role.ANALYST)

    def post(url, body):
        return client.post(API + url, body, content_type="application/json", headers=headers)

    found = post("/find", {"threshold": 0.9})
    assert found.status_code == 200, found.content
    assert found.json()["proposed"] == 1 and found.json()["people"] == 3
    listed = client.get(f"{API}/candidates", headers=headers).json()
    assert listed["count"] == 1
    item = listed["items"][0]
    assert item["type"] == "person" and item["found_by"] == "linkage"
    assert item["probability"] >= 0.9 and item["entity_a"]["caption"] == "Jay Marsh"
    assert post(f"/candidates/{item['id']}/confirm", {"reason": ""}).status_code == 422
    assert post(f"/candidates/{item['id']}/confirm", {}).status_code == 422
    confirmed = post(f"/candidates/{item['id']}/confirm", {"reason": "Same DOB"})
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert post(f"/candidates/{item['id']}/reject", {"reason": "x"}).status_code == 422
    unmerged = post(f"/candidates/{item['id']}/unmerge", {"reason": "Brothers"})
    assert unmerged.json()["status"] == "undone"
    assert client.get(f"{API}/candidates?status=all", headers=headers).json()["count"] == 1
    assert client.get(f"{API}/candidates?status=nonsense", headers=headers).status_code == 422
    phone = Entity.objects.get(schema="phone")
    refused = post("/candidates", {"entity_a_id": str(one.pk), "entity_b_id": str(phone.pk)})
    assert refused.status_code == 422 and "entity_b" in refused.json()["errors"]
    assert (
        post("/candidates", {"entity_a_id": str(one.pk), "entity_b_id": str(one.pk)}).status_code
        == 422
    )
    made = post("/candidates", {"entity_a_id": str(one.pk), "entity_b_id": str(other.pk)})
    assert made.status_code == 201 and made.json()["found_by"] == "analyst"
    rejected = post(f"/candidates/{made.json()['id']}/reject", {"reason": "Different people"})
    assert rejected.json()["status"] == "rejected"
    assert post("/find", {"threshold": 2}).status_code == 422


def test_the_command(twins):
    out = StringIO()
    call_command("resolve-entities", "--partnership", "test partnership", "--json", stdout=out)
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    assert summary["proposed"] == 1 and summary["people"] == 3 and summary["partnerships"] == 1
    assert "Marsh" not in out.getvalue()
    out = StringIO()
    call_command("resolve-entities", stdout=out)
    assert "0 new pairs" in out.getvalue() and "Nothing was merged" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("resolve-entities", "--partnership", "Nowhere")
    with pytest.raises(CommandError):
        call_command("resolve-entities", "--threshold", "1.5")
    event = AuditEvent.objects.filter(action="intelligence.duplicates_searched").first()
    assert event is not None and event.actor == "system"
