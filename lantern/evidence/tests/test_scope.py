"""Evidence items, statements and uploads belong to a partnership
(docs/adr/0015-partnership-is-the-scope.md), taken from what they are about when they are
made: staff of another partnership see none of them, get 404 for them and their downloads,
and cannot write to them. Residents keep their own."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from conftest import FAR_POINT, PASSWORD, actor_of, fake_case
from lantern.accounts import services as accounts_services
from lantern.accounts.models import Partnership
from lantern.core.actor import ANONYMOUS, SYSTEM, Role
from lantern.core.errors import NotFound, ValidationFailed
from lantern.evidence import previews, selectors, services, statements, uploads
from lantern.evidence.filetypes import classify
from lantern.evidence.models import Upload
from lantern.evidence.tests.factories import clip, report_token, sha, upload_bytes, write
from lantern.evidence.upload_checks import UploadError
from lantern.places.tests.factories import make_camera, make_request

pytestmark = pytest.mark.django_db


def partnership(name: str) -> Partnership:
    return Partnership.objects.get(name=name)


@pytest.fixture
def people(make_user, far):
    """A resident, an officer of the test partnership and one of the far partnership."""
    return (
        actor_of(make_user(Role.RESIDENT)),
        actor_of(make_user(Role.POLICE_OFFICER)),
        actor_of(make_user(Role.POLICE_OFFICER, "far_police")),
    )


def _signed(actor, own_reports) -> object:
    report_id = uuid.uuid4()
    own_reports[actor.user_id] = [report_id]
    statement = statements.statement_start(
        actor=actor, witness_name="Ada Thornbury", link_kind="report", link_id=report_id
    )
    statements.statement_update(
        actor=actor, statement_id=statement.pk, body="I saw it.", no_dates_to_avoid=True
    )
    return statements.statement_sign(
        actor=actor,
        statement_id=statement.pk,
        typed_name="Ada Thornbury",
        secret=PASSWORD,
        declaration_accepted=True,
    )


# --- where a new item, upload or statement belongs -------------------------------------------


def test_an_item_takes_the_partnership_of_the_report_it_is_about(
    people, local_store, record_partnerships
):
    resident, _, _ = people
    report_id = uuid.uuid4()
    record_partnerships[report_id] = partnership("Far Partnership").pk
    upload = upload_bytes(actor=ANONYMOUS, data=clip(), token=report_token(report_id))
    assert upload.partnership == partnership("Far Partnership")  # the upload carries it
    assert upload.item.partnership == partnership("Far Partnership")
    # A report Lantern cannot find is refused before any bytes arrive.
    missing = uuid.uuid4()
    record_partnerships[missing] = None
    with pytest.raises(UploadError, match="cannot find the report"):
        uploads.upload_create(actor=resident, length=10, metadata={}, token=report_token(missing))
    assert Upload.objects.count() == 1


def test_an_answer_to_a_footage_request_takes_its_cameras_partnership(
    people, local_store, make_user
):
    resident, _, far_officer = people
    camera = make_camera(resident, latitude=FAR_POINT[0], longitude=FAR_POINT[1])
    request = make_request(far_officer, camera)
    meta = {"link_kind": "footage_request", "link_id": str(request.pk)}
    item = upload_bytes(actor=resident, data=clip(), metadata=meta).item
    assert item.partnership == partnership("Far Partnership")
    assert selectors.item_get(actor=far_officer, item_id=item.pk) == item


def test_staff_uploads_and_derived_copies(people, local_store, orgs, make_user, tmp_path):
    _, officer, far_officer = people
    item = upload_bytes(actor=officer, data=clip()).item
    assert item.partnership == partnership("Test Partnership")  # the maker's only one
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
    assert child.partnership == item.partnership  # a copy stays with its original
    # Staff in two partnerships choose, in the upload's metadata.
    farp = partnership("Far Partnership")
    accounts_services.partnership_add_member(
        actor=SYSTEM, partnership_id=farp.pk, organisation_id=orgs["police"].pk
    )
    both = actor_of(make_user(Role.POLICE_OFFICER))
    with pytest.raises(UploadError, match="Choose which partnership"):
        upload_bytes(actor=both, data=clip())
    with pytest.raises(UploadError, match="Choose one of your partnerships"):
        upload_bytes(actor=far_officer, data=clip(), metadata={"partnership_id": str(item.pk)})
    chosen = upload_bytes(actor=both, data=clip(), metadata={"partnership_id": str(farp.pk)})
    assert chosen.item.partnership == farp


def test_a_residents_files_must_be_about_one_of_their_reports_or_requests(
    people, local_store, own_reports
):
    resident, _, _ = people
    with pytest.raises(UploadError) as refused:
        uploads.upload_create(actor=resident, length=10, metadata={})
    assert refused.value.status == 400 and "Choose the report or footage request" in str(
        refused.value
    )
    someone_elses = {"link_kind": "report", "link_id": str(uuid.uuid4())}
    with pytest.raises(UploadError, match="no such report of yours"):
        uploads.upload_create(actor=resident, length=10, metadata=someone_elses)
    mine = uuid.uuid4()
    own_reports[resident.user_id] = [mine]
    item = upload_bytes(
        actor=resident, data=clip(), metadata={"link_kind": "report", "link_id": str(mine)}
    ).item
    assert item.partnership == partnership("Test Partnership")
    assert list(selectors.item_list(actor=resident)) == [item]  # residents keep their own


def test_a_statement_takes_the_partnership_of_what_it_is_about(
    people, own_reports, record_partnerships, make_user, orgs
):
    resident, officer, _ = people
    report_id = uuid.uuid4()
    record_partnerships[report_id] = partnership("Far Partnership").pk
    own_reports[resident.user_id] = [report_id]
    about = {"link_kind": "report", "link_id": report_id}
    statement = statements.statement_start(actor=resident, witness_name="Ada", **about)
    assert statement.partnership == partnership("Far Partnership")
    # A resident's statement is about something of theirs.
    with pytest.raises(ValidationFailed, match="Choose the report"):
        statements.statement_start(actor=resident, witness_name="Ada")
    with pytest.raises(NotFound):  # a report they cannot see (tests/test_write_ids.py)
        statements.statement_start(
            actor=resident, witness_name="Ada", link_kind="report", link_id=uuid.uuid4()
        )
    # Staff: their own partnership, or the report's if they may see it.
    mine = statements.statement_start(actor=officer, witness_name="PC Marsh")
    assert mine.partnership == partnership("Test Partnership")
    with pytest.raises(NotFound):
        statements.statement_start(actor=officer, witness_name="PC Marsh", **about)
    # A further statement goes where the one it corrects went.
    signed = _signed(resident, own_reports)
    further = statements.statement_start(actor=resident, witness_name="Ada", corrects_id=signed.pk)
    assert further.partnership_id == signed.partnership_id


# --- staff of another partnership -----------------------------------------------------------


def test_another_partnership_sees_no_item_and_gets_404(people, local_store, signed_in):
    resident, officer, far_officer = people
    item = upload_bytes(actor=resident, data=clip(), metadata={"filename": "door.mp4"}).item
    assert list(selectors.item_list(actor=officer)) == [item]
    assert not selectors.item_list(actor=far_officer).exists()
    with pytest.raises(NotFound):
        selectors.item_get(actor=far_officer, item_id=item.pk)
    # Nor may they write to it: link it, give it an exhibit reference, share it.
    with pytest.raises(NotFound):
        services.item_link(actor=far_officer, item_id=item.pk, kind="case", target_id=item.pk)
    with pytest.raises(NotFound):
        services.exhibit_assign(
            actor=far_officer, case_id=uuid.uuid4(), item_id=item.pk, initials="FO"
        )
    ours = signed_in(Role.POLICE_OFFICER)
    assert "door.mp4" in ours.get(reverse("evidence:items")).content.decode()
    client = signed_in(Role.POLICE_OFFICER, "far_police")
    for name in ("evidence:item", "evidence:item-download", "evidence:item-preview"):
        assert client.get(reverse(name, args=[item.pk])).status_code == 404
    assert client.get(f"/api/v1/evidence/items/{item.pk}").status_code == 404
    assert client.get(f"/api/v1/evidence/items/{item.pk}/custody").status_code == 404
    assert client.get("/api/v1/evidence/items").json()["results"] == []
    assert "door.mp4" not in client.get(reverse("evidence:items")).content.decode()


def test_another_partnership_gets_404_for_a_statement_and_its_pdf(people, own_reports, signed_in):
    resident, officer, far_officer = people
    signed = _signed(resident, own_reports)
    assert selectors.statement_get(actor=officer, statement_id=signed.pk) == signed
    assert not selectors.statement_list(actor=far_officer).exists()
    with pytest.raises(NotFound):
        selectors.statement_get(actor=far_officer, statement_id=signed.pk)
    client = signed_in(Role.POLICE_OFFICER, "far_police")
    assert client.get(reverse("evidence:statement", args=[signed.pk])).status_code == 404
    assert client.get(reverse("evidence:statement-pdf", args=[signed.pk])).status_code == 404
    # The witness keeps theirs.
    assert selectors.statement_get(actor=resident, statement_id=signed.pk) == signed


def test_exhibits_follow_their_items(people, local_store):
    resident, officer, far_officer = people
    item = upload_bytes(actor=resident, data=clip()).item
    case_id = fake_case()  # a case the officer sees
    services.exhibit_assign(actor=officer, case_id=case_id, item_id=item.pk, initials="RP")
    assert selectors.exhibits_in_case(actor=officer, case_id=case_id).count() == 1
    assert not selectors.exhibits_in_case(actor=far_officer, case_id=case_id).exists()


def test_item_lists_keep_a_flat_query_count(people, local_store, django_assert_max_num_queries):
    resident, officer, _ = people
    for _ in range(3):
        upload_bytes(actor=resident, data=clip())
    with django_assert_max_num_queries(1):
        assert len(list(selectors.item_list(actor=officer))) == 3


def test_staff_in_two_partnerships_choose_one_on_the_pages(orgs, far, signed_in):
    farp = partnership("Far Partnership")
    accounts_services.partnership_add_member(
        actor=SYSTEM, partnership_id=farp.pk, organisation_id=orgs["police"].pk
    )
    client = signed_in(Role.POLICE_OFFICER)
    upload_page = client.get(reverse("evidence:upload")).content.decode()
    assert "Which partnership is this for?" in upload_page and f'value="{farp.pk}"' in upload_page
    url = reverse("evidence:statement-start")
    unsaid = client.post(url, {"witness_name": "PC Marsh"}).content.decode()
    assert "Choose which partnership this belongs to" in unsaid
    client.post(url, {"witness_name": "PC Marsh", "partnership": str(farp.pk)})
    (statement,) = selectors.statement_list(actor=actor_of(client.user))
    assert statement.partnership == farp
    # Staff in one partnership are not asked.
    single = signed_in(Role.COUNCIL_OFFICER)
    assert "Which partnership" not in single.get(reverse("evidence:upload")).content.decode()
