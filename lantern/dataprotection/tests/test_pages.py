"""The retention pages: the queue, a decision, the disposal run with its preview, the
tombstones, the retention periods; 403 for anyone without the data protection role; 404 for
another partnership's review item."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import actor_of, client_for
from lantern.core.actor import SYSTEM, Role
from lantern.dataprotection.models import RetentionOverride, ReviewItem, Tombstone
from lantern.dataprotection.services import retention_decide, retention_queue_refresh
from lantern.reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo_user(make_user):
    return make_user(Role.DATA_PROTECTION_OFFICER)


def test_the_reviewer_decides_and_disposes_through_the_pages(old_report, dpo_user) -> None:
    report = old_report()
    retention_queue_refresh(actor=SYSTEM)
    item = ReviewItem.objects.get(record_id=report.pk)
    client = client_for(dpo_user)

    page = client.get(reverse("dataprotection:queue"))
    assert page.status_code == 200
    assert report.reference in page.content.decode()

    decide_url = reverse("dataprotection:decide", args=[item.pk])
    refused = client.post(decide_url, {"kind": "retain", "reason": ""})
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "Enter the date to retain the record until." in body
    assert "Enter why the record is retained." in body

    assert client.post(decide_url, {"kind": "dispose"}).status_code == 302
    preview = client.get(reverse("dataprotection:dispose"))
    assert preview.status_code == 200
    assert "Dispose of these records" in preview.content.decode()
    assert Report.objects.filter(pk=report.pk).exists()  # the preview changed nothing

    done = client.post(reverse("dataprotection:dispose"))
    assert done.status_code == 302
    assert not Report.objects.filter(pk=report.pk).exists()
    stones = client.get(reverse("dataprotection:tombstones"))
    assert "Resident incident report" in stones.content.decode()
    assert report.reference not in stones.content.decode()
    assert Tombstone.objects.filter(record_id=report.pk).exists()

    dashboard = client.get(reverse("frontend:dashboard"))
    assert "Open the retention review" in dashboard.content.decode()


def test_the_queue_reads_in_a_fixed_number_of_queries(
    old_report, dpo_user, django_assert_max_num_queries
) -> None:
    for _ in range(3):
        old_report()
    retention_queue_refresh(actor=SYSTEM)
    client = client_for(dpo_user)
    client.get(reverse("dataprotection:queue"))  # warm the session
    with django_assert_max_num_queries(12):
        page = client.get(reverse("dataprotection:queue"))
    assert page.content.decode().count("Decide<span") == 3
    assert f'href="{reverse("dataprotection:queue")}"' in page.content.decode()  # navigation


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SUPERVISOR, Role.COUNCIL_OFFICER])
def test_a_reviewer_without_the_data_protection_role_gets_403(role, make_user, old_report) -> None:
    report = old_report()
    retention_queue_refresh(actor=SYSTEM)
    item = ReviewItem.objects.get(record_id=report.pk)
    client = client_for(make_user(role))
    for url in (
        reverse("dataprotection:queue"),
        reverse("dataprotection:decide", args=[item.pk]),
        reverse("dataprotection:dispose"),
        reverse("dataprotection:tombstones"),
    ):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(
            reverse("dataprotection:decide", args=[item.pk]), {"kind": "dispose"}
        ).status_code
        == 403
    )
    assert client.post(reverse("dataprotection:dispose")).status_code == 403
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.PENDING


def test_another_partnerships_review_item_is_a_404(make_user, far, old_report) -> None:
    report = old_report()
    retention_queue_refresh(actor=SYSTEM)
    item = ReviewItem.objects.get(record_id=report.pk)
    far_dpo = make_user(Role.DATA_PROTECTION_OFFICER, "far_council")
    client = client_for(far_dpo)
    assert client.get(reverse("dataprotection:decide", args=[item.pk])).status_code == 404
    assert (
        client.post(
            reverse("dataprotection:decide", args=[item.pk]), {"kind": "dispose"}
        ).status_code
        == 404
    )
    retention_decide(actor=SYSTEM, item_id=item.pk, kind="dispose")
    assert client.post(reverse("dataprotection:dispose")).status_code == 302
    assert Report.objects.filter(pk=report.pk).exists()  # not theirs to dispose of


def test_the_retention_periods_page_sets_a_partnerships_period(dpo_user, old_report) -> None:
    report = old_report()
    client = client_for(dpo_user)
    page = client.get(reverse("dataprotection:rules"))
    assert page.status_code == 200
    assert "confirm locally" in page.content.decode()
    url = reverse("dataprotection:override", args=[report.partnership_id])
    assert client.get(url + "?rule=resident_report").status_code == 200
    bad = client.post(url, {"rule": "audit_log", "period_days": "-3", "reason": ""})
    assert bad.status_code == 200
    assert "Select a retention rule a partnership may set" in bad.content.decode()
    ok = client.post(url, {"rule": "resident_report", "period_days": "365", "reason": "Policy 4"})
    assert ok.status_code == 302
    override = RetentionOverride.objects.get(partnership_id=report.partnership_id)
    assert override.period_days == 365
    assert override.set_by == actor_of(dpo_user).user_id
