"""The subject access pages through the test client: the data protection officer's journey
from recording to release and download, refusals shown on the page, and everyone else's
403. Another partnership's request, and a record found for another request, are 404."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from conftest import actor_of, client_for
from lantern.accounts.models import User
from lantern.core import clock
from lantern.core.actor import Role
from lantern.subjectaccess import services
from lantern.subjectaccess.models import FoundRecord, Status, SubjectAccessRequest

pytestmark = pytest.mark.django_db


def _date(prefix: str, day) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


@pytest.fixture
def dpo_user(demo) -> User:
    return User.objects.get(email=demo.demo_email(Role.DATA_PROTECTION_OFFICER))


def test_the_officer_records_searches_reviews_and_releases(dpo_user):
    client = client_for(dpo_user)
    today = localdate(clock.now())
    assert client.get(reverse("subjectaccess:list")).status_code == 200
    response = client.post(
        reverse("subjectaccess:new"),
        {
            "regime": "uk_gdpr",
            **_date("received_on", today),
            "requester_name": "Mara",
            "requester_contact": "c/o Lamplight Outreach Trust",
            "identity_check": "not_yet",
            "subject_name": "Mara",
        },
    )
    sar = SubjectAccessRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "subjectaccess:detail", args=[sar.pk]
    )
    page = client.get(reverse("subjectaccess:detail", args=[sar.pk]))
    assert b"Due by" in page.content and b"Mara" in page.content
    client.post(
        reverse("subjectaccess:clock", args=[sar.pk]), {"kind": "identity", **_date("on", today)}
    )
    assert (
        b"Stopped while identity is checked"
        in client.get(reverse("subjectaccess:detail", args=[sar.pk])).content
    )
    client.post(reverse("subjectaccess:search", args=[sar.pk]))
    assert FoundRecord.objects.filter(request=sar).count() > 5
    # Release is refused while identity is being checked, and says why.
    refused = client.post(reverse("subjectaccess:release", args=[sar.pk]))
    assert refused.status_code == 200 and b"govuk-error-summary" in refused.content
    restart = client.post(
        reverse("subjectaccess:clock", args=[sar.pk]),
        {**_date("on", today), "identity_check": "document"},
    )
    assert restart.status_code == 302
    for found in FoundRecord.objects.filter(request=sar):
        data = {"decision": "give"}
        if found.source == "safeguarding.referral":
            data = {
                "decision": "exempt",
                "exemption": "safeguarding",
                "exemption_reason": "It would tell those controlling her where she gets help",
            }
        elif found.source == "safeguarding.screening":
            data["redacted"] = [
                i for i, item in enumerate(found.items) if item["label"] == "Where and how"
            ]
        url = reverse("subjectaccess:review", args=[sar.pk, found.pk])
        assert client.get(url).status_code == 200
        assert client.post(url, data).status_code == 302, found.source
    assert client.post(reverse("subjectaccess:release", args=[sar.pk])).status_code == 302
    sar.refresh_from_db()
    assert sar.status == Status.RELEASED
    pdf = client.get(reverse("subjectaccess:download", args=[sar.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    data = json.loads(client.get(reverse("subjectaccess:download", args=[sar.pk, "json"])).content)
    assert data["withheld"][0]["exemption"].startswith("Safeguarding")
    assert client.get(reverse("subjectaccess:download", args=[sar.pk, "xml"])).status_code == 404


def test_a_late_extension_is_refused_on_the_page(dpo_user):
    received = localdate(clock.now()) - timedelta(days=40)
    sar = services.request_record(
        actor=actor_of(dpo_user),
        data=services.RequestInput(
            regime="dpa_part3",
            received_on=received,
            requester_name="Jory Penwarden",
            requester_contact="jory@example.test",
            identity_check="document",
            subject_name="Jory Penwarden",
        ),
    )
    response = client_for(dpo_user).post(
        reverse("subjectaccess:extend", args=[sar.pk]),
        {"months": "2", **_date("noticed_on", localdate(clock.now())), "reason": "Complex"},
    )
    assert response.status_code == 200
    assert b"before the first month ends" in response.content
    assert b"DPA 2018 s.54(3B)(a)" in response.content
    sar.refresh_from_db()
    assert sar.extension_months == 0


@pytest.mark.parametrize(
    "role", [Role.ADMIN, Role.POLICE_OFFICER, Role.SUPERVISOR, Role.SAFEGUARDING_LEAD]
)
def test_anyone_else_gets_403(demo, role):
    client = client_for(User.objects.get(email=demo.demo_email(role)))
    assert client.get(reverse("subjectaccess:list")).status_code == 403
    assert client.get(reverse("subjectaccess:new")).status_code == 403


def test_another_partnerships_request_and_record_are_404(demo, dpo_user, make_user, orgs):
    sar = services.request_record(
        actor=actor_of(dpo_user),
        data=services.RequestInput(
            regime="uk_gdpr",
            received_on=localdate(clock.now()),
            requester_name="Mara",
            requester_contact="post",
            identity_check="known",
            subject_name="Mara",
        ),
    )
    services.search_run(actor=actor_of(dpo_user), request_id=sar.pk)
    found = FoundRecord.objects.filter(request=sar).first()
    other = client_for(make_user(Role.DATA_PROTECTION_OFFICER, "other_police"))
    before = FoundRecord.objects.count(), SubjectAccessRequest.objects.count()
    for url in (
        reverse("subjectaccess:detail", args=[sar.pk]),
        reverse("subjectaccess:clock", args=[sar.pk]),
        reverse("subjectaccess:review", args=[sar.pk, found.pk]),
    ):
        assert other.get(url).status_code == 404
        assert other.post(url, {"decision": "give"}).status_code == 404
    assert other.post(reverse("subjectaccess:search", args=[sar.pk])).status_code == 404
    # A record found for one request is not reached through another.
    mine = services.request_record(
        actor=actor_of(dpo_user),
        data=services.RequestInput(
            regime="uk_gdpr",
            received_on=localdate(clock.now()),
            requester_name="Somebody",
            requester_contact="post",
            identity_check="known",
            subject_name="Somebody Else",
        ),
    )
    response = client_for(dpo_user).post(
        reverse("subjectaccess:review", args=[mine.pk, found.pk]), {"decision": "give"}
    )
    assert response.status_code == 404
    assert (FoundRecord.objects.count(), SubjectAccessRequest.objects.count()) == (
        before[0],
        before[1] + 1,
    )


def test_the_list_page_makes_the_same_queries_for_more_requests(
    dpo_user, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n: int) -> None:
        for _ in range(n):
            sar = services.request_record(
                actor=actor_of(dpo_user),
                data=services.RequestInput(
                    regime="uk_gdpr",
                    received_on=localdate(clock.now()),
                    requester_name="A",
                    requester_contact="post",
                    identity_check="known",
                    subject_name="Somebody",
                ),
            )
            services.clock_stop(
                actor=actor_of(dpo_user),
                request_id=sar.pk,
                kind="clarification",
                on=localdate(clock.now()),
            )

    client = client_for(dpo_user)
    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("subjectaccess:list")).status_code == 200
    add(4)
    with CaptureQueriesContext(connection) as more:
        assert client.get(reverse("subjectaccess:list")).status_code == 200
    assert len(more) == len(few)
