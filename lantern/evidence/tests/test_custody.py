"""Chain of custody, links, exhibits, receipts and who may see what."""

from __future__ import annotations

import pytest

from conftest import actor_of, fake_case, fake_report
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import NotFound, ValidationFailed
from lantern.evidence import previews, selectors, services
from lantern.evidence.events import ITEM_DOWNLOADED, ITEM_EXPORTED, ITEM_LINKED, ITEM_VIEWED
from lantern.evidence.filetypes import classify
from lantern.evidence.models import EvidenceItem
from lantern.evidence.tests.factories import (
    clip,
    new_id,
    report_token,
    sha,
    upload_bytes,
    write,
)


@pytest.fixture
def resident(make_user):
    return actor_of(make_user(Role.RESIDENT))


@pytest.fixture
def officer(make_user):
    return actor_of(make_user(Role.POLICE_OFFICER))


def test_an_upload_records_received_hashed_stored(local_store, resident, officer):
    data = clip()
    upload = upload_bytes(actor=resident, data=data, metadata={"filename": "door.mp4"})
    item = upload.item
    events = selectors.custody_timeline(actor=officer, item=item)
    assert [e.action for e in events] == [
        "evidence.received",
        "evidence.hashed",
        "evidence.stored",
        "evidence.linked",  # to the report the resident's files are about
    ]
    assert sha(data) in events[1].details
    assert all(e.object_type == "evidence_item" for e in events)
    assert "door.mp4" not in "".join(e.details for e in events)  # ids and codes only


def test_view_download_export_link_and_derive_are_custody_events(
    local_store, resident, officer, tmp_path
):
    item = upload_bytes(actor=resident, data=clip()).item
    services.item_custody_event(actor=officer, item=item, action=ITEM_VIEWED)
    services.item_custody_event(actor=officer, item=item, action=ITEM_DOWNLOADED)
    services.item_custody_event(actor=officer, item=item, action=ITEM_EXPORTED)
    report = fake_report()
    with pytest.raises(NotFound):  # a report the officer may not see, or none
        services.item_link(actor=officer, item_id=item.pk, kind="report", target_id=new_id())
    services.item_link(actor=officer, item_id=item.pk, kind="report", target_id=report)
    services.item_link(actor=officer, item_id=item.pk, kind="report", target_id=report)  # once
    playable = clip(2000)
    child = previews.item_derive(
        actor=officer,
        parent_id=item.pk,
        source=write(tmp_path, playable),
        sha256=sha(playable),
        size=len(playable),
        verdict=classify(playable),
        purpose="playable",
    )
    actions = [e.action for e in selectors.custody_timeline(actor=officer, item=item)]
    assert actions[4:] == [
        "evidence.viewed",
        "evidence.downloaded",
        "evidence.exported",
        "evidence.linked",
        "evidence.derived",
    ]
    assert child.parent == item
    assert [e.action for e in selectors.custody_timeline(actor=officer, item=child)] == [
        "evidence.derived"
    ]
    with pytest.raises(ValueError, match="read-side"):
        services.item_custody_event(actor=officer, item=item, action=ITEM_LINKED)


def test_exhibit_references_are_unique_within_a_case(local_store, resident, officer):
    case, other_case = fake_case(), fake_case()
    first = upload_bytes(actor=resident, data=clip()).item
    with pytest.raises(NotFound):  # a case the officer may not see, or none
        services.exhibit_assign(actor=officer, case_id=new_id(), item_id=first.pk, initials="RP")
    second = upload_bytes(actor=resident, data=clip()).item
    a = services.exhibit_assign(actor=officer, case_id=case, item_id=first.pk, initials="rp")
    b = services.exhibit_assign(actor=officer, case_id=case, item_id=second.pk, initials="RP")
    with pytest.raises(ValidationFailed) as already:
        services.exhibit_assign(actor=officer, case_id=case, item_id=first.pk, initials="RP")
    assert already.value.errors == {"item": ["This item is already exhibit RP/1 in this case"]}
    elsewhere = services.exhibit_assign(
        actor=officer, case_id=other_case, item_id=second.pk, initials="RP"
    )
    assert (a.reference, b.reference) == ("RP/1", "RP/2")
    assert elsewhere.reference == "RP/1"
    assert [e.reference for e in selectors.exhibits_in_case(actor=officer, case_id=case)] == [
        "RP/1",
        "RP/2",
    ]
    assert (
        selectors.exhibit_by_reference(actor=officer, case_id=case, reference="RP/2").item == second
    )
    with pytest.raises(ValidationFailed):
        services.exhibit_assign(actor=officer, case_id=case, item_id=first.pk, initials="R1")
    # A number chosen by the officer: refused when the reference is taken in the case.
    third = upload_bytes(actor=resident, data=clip()).item
    with pytest.raises(ValidationFailed) as taken:
        services.exhibit_assign(
            actor=officer, case_id=case, item_id=third.pk, initials="RP", number=2
        )
    assert "RP/2 is already used in this case" in taken.value.errors["number"][0]
    chosen = services.exhibit_assign(
        actor=officer, case_id=case, item_id=third.pk, initials="JB", number=7
    )
    assert chosen.reference == "JB/7"
    assert services.initials_of("Rosa Mae-Pike") == "RMP"


def test_residents_see_only_their_own_items(local_store, make_user, resident, officer):
    mine = upload_bytes(actor=resident, data=clip()).item
    neighbour = actor_of(make_user(Role.RESIDENT))
    theirs = upload_bytes(actor=neighbour, data=clip()).item
    assert list(selectors.item_list(actor=resident)) == [mine]
    with pytest.raises(NotFound):
        selectors.item_get(actor=resident, item_id=theirs.pk)
    assert set(selectors.item_list(actor=officer)) == {mine, theirs}
    analyst = actor_of(make_user(Role.ANALYST))
    assert not selectors.item_list(actor=analyst).exists()


def test_receipt_by_capability_lists_only_that_capabilitys_files(local_store, resident):
    from lantern.core.actor import ANONYMOUS

    token = services.upload_token_issue(actor=SYSTEM, link_kind="report", link_id=new_id())
    other = services.upload_token_issue(actor=SYSTEM, link_kind="report", link_id=new_id())
    data = clip()
    upload_bytes(actor=ANONYMOUS, data=data, token=token)
    upload_bytes(actor=ANONYMOUS, data=clip(), token=other)
    items = selectors.items_for_receipt(actor=ANONYMOUS, token_digest=services.token_digest(token))
    assert [i.blob.sha256 for i in items] == [sha(data)]
    assert not selectors.items_for_receipt(actor=ANONYMOUS).exists()


def test_footage_request_uploads_join_the_same_chain(local_store, officer, resident):
    from lantern.core.actor import ANONYMOUS
    from lantern.places.tests.factories import make_camera, make_request

    request_id = make_request(officer, make_camera(resident)).pk
    token = services.upload_token_issue(
        actor=officer, link_kind="footage_request", link_id=request_id
    )
    item = upload_bytes(actor=ANONYMOUS, data=clip(), token=token).item
    linked = selectors.items_linked_to(actor=officer, kind="footage_request", target_id=request_id)
    assert list(linked) == [item]
    assert "evidence.linked" in [
        e.action for e in selectors.custody_timeline(actor=officer, item=item)
    ]


def test_upload_tokens_cannot_name_other_things():
    with pytest.raises(ValidationFailed):
        services.upload_token_issue(actor=SYSTEM, link_kind="user", link_id=new_id())
    assert services.upload_token_read("not-a-token") is None


def test_audio_items_are_flagged(local_store, resident):
    upload = upload_bytes(actor=resident, data=clip(), metadata={"audio": "yes"})
    assert EvidenceItem.objects.get(pk=upload.item_id).has_audio


def test_a_new_upload_sweeps_abandoned_ones(
    local_store, resident, time_machine, django_capture_on_commit_callbacks
):
    import datetime as dt

    from lantern.evidence import partials, uploads
    from lantern.evidence.models import Upload

    stale = uploads.upload_create(actor=resident, length=100, metadata={}, token=report_token())
    time_machine.move_to(stale.expires_at + dt.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        uploads.upload_create(actor=resident, length=100, metadata={}, token=report_token())
    assert not Upload.objects.filter(pk=stale.pk).exists()
    assert not partials.partial_path(stale.pk).exists()
