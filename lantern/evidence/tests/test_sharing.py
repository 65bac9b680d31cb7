"""Sharing an evidence item with another partnership: from the item's page, with a reason,
audited and recorded in the item's chain of custody; the other partnership's staff then see
the item (and its copies) until the share is withdrawn."""

from __future__ import annotations

import html
import uuid

import pytest
from django.urls import reverse

from conftest import actor_of
from lantern.accounts.models import Partnership, Share
from lantern.audit.models import AuditEvent
from lantern.core.actor import Role
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.evidence import previews, selectors, sharing
from lantern.evidence.filetypes import classify
from lantern.evidence.tests.factories import clip, sha, upload_bytes, write

pytestmark = pytest.mark.django_db

REASON = "The same group moved into the far partnership's area the next night"


@pytest.fixture
def item(make_user, far, local_store):
    resident = actor_of(make_user(Role.RESIDENT))
    return upload_bytes(actor=resident, data=clip(), metadata={"filename": "door.mp4"}).item


def far_partnership() -> Partnership:
    return Partnership.objects.get(name="Far Partnership")


def _custody(officer, item) -> list[str]:
    return [e.action for e in selectors.custody_timeline(actor=officer, item=item)]


def test_a_share_shows_the_item_to_the_other_partnership_until_withdrawn(item, make_user, tmp_path):
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    far_officer = actor_of(make_user(Role.POLICE_OFFICER, "far_police"))
    playable = clip(2000)
    copy = previews.item_derive(
        actor=officer,
        parent_id=item.pk,
        source=write(tmp_path, playable),
        sha256=sha(playable),
        size=len(playable),
        verdict=classify(playable),
        purpose="playable",
    )
    share = sharing.item_share(
        actor=officer, item_id=item.pk, to_partnership_id=far_partnership().pk, reason=REASON
    )
    assert share.reason == REASON and share.from_partnership_id == item.partnership_id
    # The far partnership's officers see the item and its copy.
    assert set(selectors.item_list(actor=far_officer)) == {item, copy}
    assert selectors.item_get(actor=far_officer, item_id=copy.pk) == copy
    # Audited (the reason kept on the share, never in the log) and in the chain of custody.
    assert _custody(officer, item)[-2:] == ["record.shared", "evidence.shared"]
    event = AuditEvent.objects.get(action="evidence.shared")
    assert str(far_partnership().pk) in event.details and REASON not in event.details
    # Only the item's own partnership passes it on or withdraws the share.
    with pytest.raises(PermissionDenied):
        sharing.item_share_withdraw(actor=far_officer, item_id=item.pk, share_id=share.pk)
    sharing.item_share_withdraw(actor=officer, item_id=item.pk, share_id=share.pk)
    assert not selectors.item_list(actor=far_officer).exists()
    with pytest.raises(NotFound):
        selectors.item_get(actor=far_officer, item_id=item.pk)
    assert _custody(officer, item)[-2:] == ["record.share_withdrawn", "evidence.share_withdrawn"]
    # Withdrawing again changes nothing.
    sharing.item_share_withdraw(actor=officer, item_id=item.pk, share_id=share.pk)
    assert AuditEvent.objects.filter(action="evidence.share_withdrawn").count() == 1


def test_a_share_needs_a_reason_and_another_partnership(item, make_user, tmp_path):
    officer = actor_of(make_user(Role.POLICE_OFFICER))
    far_officer = actor_of(make_user(Role.POLICE_OFFICER, "far_police"))
    with pytest.raises(ValidationFailed) as refused:
        sharing.item_share(
            actor=officer, item_id=item.pk, to_partnership_id=far_partnership().pk, reason=" "
        )
    assert "reason" in refused.value.errors
    with pytest.raises(ValidationFailed):
        sharing.item_share(
            actor=officer, item_id=item.pk, to_partnership_id=item.partnership_id, reason=REASON
        )
    with pytest.raises(NotFound):  # staff who cannot see it cannot share it
        sharing.item_share(
            actor=far_officer, item_id=item.pk, to_partnership_id=uuid.uuid4(), reason=REASON
        )
    analyst = actor_of(make_user(Role.ANALYST))  # sees no evidence at all
    with pytest.raises(NotFound):
        sharing.item_share(
            actor=analyst, item_id=item.pk, to_partnership_id=far_partnership().pk, reason=REASON
        )
    assert not Share.objects.exists()


def test_sharing_and_withdrawing_from_the_items_page(item, signed_in):
    client = signed_in(Role.POLICE_OFFICER)
    page = client.get(reverse("evidence:item", args=[item.pk])).content.decode()
    assert "Shared with other partnerships" in page and "Only your partnership" in page
    assert "Far Partnership" in page and "Test Partnership</option>" not in page
    url = reverse("evidence:item-share", args=[item.pk])
    unsaid = client.post(url, {"partnership": str(far_partnership().pk), "reason": ""})
    assert unsaid.status_code == 200
    body = unsaid.content.decode()
    assert "govuk-error-summary" in body and "Say why the other partnership needs" in body
    done = client.post(url, {"partnership": str(far_partnership().pk), "reason": REASON})
    assert done.status_code == 302
    page = html.unescape(client.get(reverse("evidence:item", args=[item.pk])).content.decode())
    assert "The item is now shared with Far Partnership" in page and REASON in page
    assert "Withdraw the share with Far Partnership" in page
    share = Share.objects.get()
    far = signed_in(Role.POLICE_OFFICER, "far_police")
    assert far.get(reverse("evidence:item", args=[item.pk])).status_code == 200
    assert far.get(reverse("evidence:item-download", args=[item.pk])).status_code == 200
    seen = far.get(reverse("evidence:item", args=[item.pk])).content.decode()
    assert "Share this item" not in seen  # a partnership it was shared with cannot pass it on
    withdraw = reverse("evidence:item-share-withdraw", args=[item.pk, share.pk])
    assert far.post(withdraw).status_code == 404
    ours = signed_in(Role.POLICE_OFFICER)
    assert ours.post(withdraw).status_code == 302
    far = signed_in(Role.POLICE_OFFICER, "far_police")
    assert far.get(reverse("evidence:item", args=[item.pk])).status_code == 404
    assert far.get(reverse("evidence:item-download", args=[item.pk])).status_code == 404
