"""What a file says about itself: a recording's tags read with PyAV, a photo's EXIF with
Pillow, recorded in the background with a custody event; set beside the report's time and
place with the gaps flagged (after the declared clock offset); a location that may identify
the resident marked personal and left out of disclosure; unreadable files flagged, never a
crashed task. Test media are a few frames, a few hundred bytes to a kilobyte."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import av
import numpy as np
import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import ExifTags, Image

from conftest import actor_of, client_for, fake_report
from lantern.audit.models import AuditEvent
from lantern.core import directory
from lantern.core.actor import SYSTEM, Actor, Role
from lantern.core.errors import NotFound
from lantern.evidence import mediainfo
from lantern.evidence.metadata import metadata_catch_up, metadata_read
from lantern.evidence.metadata_selectors import item_metadata, metadata_for_disclosure
from lantern.evidence.models import EvidenceItem, ItemFlag, ItemMetadata
from lantern.evidence.tests.factories import upload_bytes
from lantern.evidence.views.metadata import span

STAMPED = datetime(2026, 11, 27, 21, 30, tzinfo=UTC)
HOME = (51.5412, 0.7183)  # Larkspur Row, the fictional demo street
FAR = (51.5500, 0.7183)  # about 980 m north


def clip(
    *, stamped: datetime | None = STAMPED, at: tuple[float, float] | None = HOME, fmt="mov"
) -> bytes:
    """Three frames of 64 x 48 MPEG-4 at 10 a second, tagged like a phone's recording."""
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format=fmt) as container:
        if stamped is not None:
            container.metadata["creation_time"] = stamped.strftime("%Y-%m-%dT%H:%M:%S.000000Z")
        if at is not None:
            container.metadata["location"] = f"{at[0]:+08.4f}{at[1]:+09.4f}+010.000/"
        container.metadata["make"] = "Acme"
        container.metadata["model"] = "Doorbell 2"
        video = container.add_stream("mpeg4", rate=10)
        assert isinstance(video, av.VideoStream)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        for n in range(3):
            picture = np.full((48, 64, 3), 40 * n, np.uint8)
            container.mux(video.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")))
        container.mux(video.encode(None))
    return buffer.getvalue()


def photo(*, offset: str | None = "+00:00") -> bytes:
    """An 8 x 8 JPEG with EXIF: make, model, time taken and GPS (south and west)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Acme"
    exif[ExifTags.Base.Model] = "Phone 9"
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.DateTimeOriginal] = "2026:07:01 21:30:00"
    if offset:
        details[ExifTags.Base.OffsetTimeOriginal] = offset
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (33.0, 51.0, 54.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 42.0, 3.6)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


# --- reading (no database) ----------------------------------------------------------------------


def test_a_recordings_container_codecs_and_tags_are_read():
    facts = mediainfo.read_facts(io.BytesIO(clip()), media_type="video/quicktime")
    assert facts.container == "QuickTime / MOV"
    assert (facts.video_codec, facts.audio_codec) == ("mpeg4", "")
    assert (facts.width, facts.height, facts.frame_rate) == (64, 48, 10.0)
    assert facts.duration_seconds == pytest.approx(0.3)
    assert (facts.device_time, facts.device_time_tag) == (STAMPED, "creation_time")
    assert (facts.latitude, facts.longitude, facts.altitude_m) == (*HOME, 10.0)
    assert facts.location_tag == "location"
    assert (facts.device_make, facts.device_model) == ("Acme", "Doorbell 2")
    assert facts.reader.startswith("PyAV ")


def test_a_recording_without_tags_says_nothing_of_time_or_place():
    facts = mediainfo.read_facts(io.BytesIO(clip(stamped=None, at=None)), media_type="video/mp4")
    assert facts.device_time is None and facts.latitude is None and facts.location_tag == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+51.5412+000.7183/", (51.5412, 0.7183, None)),
        ("-33.8650+151.2094+012.5/", (-33.865, 151.2094, 12.5)),
        ("+5130.00-00030.00/", (51.5, -0.5, None)),  # degrees and minutes
        ("+513000-0003036/", (51.5, -0.51, None)),  # and seconds
        ("+91.0000+000.0000/", None),  # past the pole
        ("+00.0000+000.0000/", None),  # a receiver with no fix
        ("somewhere", None),
    ],
)
def test_iso6709_locations(text, expected):
    found = mediainfo.iso6709(text)
    assert found == (pytest.approx(expected) if expected else None)


def test_a_photos_exif_time_gps_make_and_model_are_read_with_pillow():
    facts = mediainfo.read_facts(io.BytesIO(photo()), media_type="image/jpeg")
    assert (facts.container, facts.width, facts.height) == ("JPEG", 8, 8)
    assert facts.device_time == datetime(2026, 7, 1, 21, 30, tzinfo=UTC)
    assert facts.device_time_tag == "EXIF DateTimeOriginal"
    assert facts.latitude == pytest.approx(-(33 + 51 / 60 + 54 / 3600))
    assert facts.longitude == pytest.approx(-(42 / 60 + 3.6 / 3600))
    assert (facts.location_tag, facts.device_make, facts.device_model) == (
        "EXIF GPS",
        "Acme",
        "Phone 9",
    )
    assert facts.reader.startswith("Pillow ")


def test_an_exif_time_without_its_offset_is_uk_time():
    facts = mediainfo.read_facts(io.BytesIO(photo(offset=None)), media_type="image/jpeg")
    assert facts.device_time == datetime(2026, 7, 1, 21, 30, tzinfo=ZoneInfo("Europe/London"))
    assert facts.device_time == datetime(2026, 7, 1, 20, 30, tzinfo=UTC)  # BST


@pytest.mark.parametrize(
    ("media_type", "part", "reason"),
    [
        ("video/quicktime", 3, "no picture or sound"),  # cut before the picture's description
        ("video/quicktime", 2, "its index stops part way"),  # cut inside it
        ("image/jpeg", 3, "Pillow could not read it"),
        ("video/quicktime", 20, "FFmpeg could not read it"),  # hardly more than its type
    ],
)
def test_a_truncated_file_is_unreadable(media_type, part, reason):
    data = clip() if media_type == "video/quicktime" else photo()
    with pytest.raises(mediainfo.Unreadable, match=reason):
        mediainfo.read_facts(io.BytesIO(data[: len(data) // part]), media_type=media_type)


def test_gaps_in_words():
    assert span(timedelta(hours=3, minutes=5, seconds=9)) == "3 hours 5 minutes"
    assert span(timedelta(seconds=40)) == "40 seconds"


# --- recording it, with the database -----------------------------------------------------------


@pytest.fixture
def resident(make_user) -> Actor:
    return actor_of(make_user(Role.RESIDENT))


@pytest.fixture
def officer_user(make_user):
    return make_user(Role.POLICE_OFFICER)


@pytest.fixture
def officer(officer_user) -> Actor:
    return actor_of(officer_user)


@pytest.fixture
def reports() -> Iterator[dict[uuid.UUID, directory.ReportFacts]]:
    """Stands in for the reports app's time-and-place lookup: a test gives a report's facts
    (``reports[id] = ReportFacts(...)``); anyone may see them."""
    given: dict[uuid.UUID, directory.ReportFacts] = {}
    saved = directory.report_facts_lookup()
    directory.register_report_facts_lookup(lambda actor, report_id: given.get(report_id))
    yield given
    directory.register_report_facts_lookup(saved)


def a_report(reports, *, at=HOME, start=STAMPED, hours=0.5, resident=True) -> uuid.UUID:
    report_id = fake_report()
    reports[report_id] = directory.ReportFacts(
        id=report_id,
        reference="LAN-2026-000042",
        occurred_from=start,
        occurred_to=start + timedelta(hours=hours),
        latitude=at[0],
        longitude=at[1],
        location_approximate=False,
        from_resident=resident,
    )
    return report_id


def staff_item(officer, data: bytes, report_id: uuid.UUID, **meta: str) -> EvidenceItem:
    """An officer hands a file over about a report (metadata read by the test)."""
    upload = upload_bytes(
        actor=officer,
        data=data,
        metadata={"link_kind": "report", "link_id": str(report_id), **meta},
    )
    return EvidenceItem.objects.get(pk=upload.item_id)


def events(item: EvidenceItem, action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_id=str(item.pk), action=action))


@pytest.mark.django_db
def test_reading_is_queued_on_storing_and_recorded_with_its_custody_event(
    resident, local_store, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload = upload_bytes(actor=resident, data=photo(), metadata={"filename": "p.jpg"})
    metadata = ItemMetadata.objects.get(item_id=upload.item_id)
    assert metadata.status == ItemMetadata.Status.READ
    assert (metadata.device_make, metadata.width) == ("Acme", 8)
    # Any location on a file a member of the public handed over may show their home.
    assert metadata.personal and "member of the public" in metadata.personal_reason
    [event] = events(metadata.item, "evidence.metadata_read")
    assert json.loads(event.details) == {
        "status": "read",
        "reader": metadata.reader,
        "location": True,
        "personal": True,
    }
    assert "33." not in str(event.details)  # never the location itself
    assert metadata_read(actor=SYSTEM, item_id=upload.item_id) == metadata  # read once


@pytest.mark.django_db
def test_a_truncated_recording_is_flagged_and_the_task_ends_cleanly(officer, local_store, reports):
    data = clip()
    item = staff_item(officer, data[: len(data) // 2], a_report(reports))
    metadata = metadata_read(actor=SYSTEM, item_id=item.pk)
    assert metadata is not None and metadata.status == ItemMetadata.Status.UNREADABLE
    assert metadata.problem == "its index stops part way (the file is cut short or damaged)"
    flag = item.flags.get(code=ItemFlag.Code.METADATA_UNREADABLE)
    assert flag.detail == metadata.problem
    found = [json.loads(e.details) for e in events(item, "evidence.flagged")]
    assert {"flags": ["metadata_unreadable"], "found_by": "metadata"} in found
    metadata_read(actor=SYSTEM, item_id=item.pk)  # not tried again, not flagged twice
    assert item.flags.filter(code=ItemFlag.Code.METADATA_UNREADABLE).count() == 1
    assert len(events(item, "evidence.metadata_read")) == 1


@pytest.mark.django_db
def test_a_time_two_hours_past_the_report_is_a_gap_unless_the_clock_offset_explains_it(
    officer, local_store, reports
):
    report = a_report(reports)
    late = clip(stamped=STAMPED + timedelta(hours=3, minutes=30))  # 3 h after the span ends
    item = staff_item(officer, late, report)
    metadata_read(actor=SYSTEM, item_id=item.pk)
    [check] = item_metadata(actor=officer, item=item).checks
    assert check.time_gap == timedelta(hours=3) and check.time_flag
    assert check.distance_m == pytest.approx(0, abs=1) and not check.place_flag
    # The same file, from a device whose clock was declared three hours fast.
    fast = staff_item(officer, late, report, clock_offset_seconds=str(3 * 3600))
    metadata_read(actor=SYSTEM, item_id=fast.pk)
    view = item_metadata(actor=officer, item=fast)
    assert view.corrected_time == STAMPED + timedelta(minutes=30)
    assert view.checks[0].time_gap == timedelta(0) and not view.flagged


@pytest.mark.django_db
def test_gps_far_from_the_reports_place_is_a_gap_and_not_personal_on_a_staff_file(
    officer, local_store, reports, settings
):
    item = staff_item(officer, clip(at=FAR), a_report(reports))
    metadata = metadata_read(actor=SYSTEM, item_id=item.pk)
    assert metadata is not None and not metadata.personal
    [check] = item_metadata(actor=officer, item=item).checks
    assert check.distance_m == pytest.approx(978, abs=5) and check.place_flag
    assert not check.time_flag
    disclosed = metadata_for_disclosure(actor=officer, item=item)
    assert disclosed.removed == () and disclosed.fields["latitude"] == FAR[0]
    settings.LANTERN_METADATA_PLACE_GAP_METRES = 1000
    assert not item_metadata(actor=officer, item=item).checks[0].place_flag
    # Within the wider limit of the place a resident reported: personal now.
    assert metadata_for_disclosure(actor=officer, item=item).removed[:2] == (
        "latitude",
        "longitude",
    )


@pytest.mark.django_db
def test_gps_at_the_place_a_resident_reported_is_personal_and_left_out_of_disclosure(
    officer, local_store, reports
):
    item = staff_item(officer, clip(at=HOME), a_report(reports))
    metadata = metadata_read(actor=SYSTEM, item_id=item.pk)
    assert metadata is not None and metadata.personal
    assert metadata.personal_reason == "a location within 250 m of the place a resident reported"
    disclosed = metadata_for_disclosure(actor=officer, item=item)
    assert disclosed.removed == ("latitude", "longitude", "altitude_m", "location_tag")
    assert disclosed.reason == metadata.personal_reason
    assert not set(disclosed.removed) & set(disclosed.fields)
    assert disclosed.fields["device_make"] == "Acme"
    assert disclosed.fields["device_time"] == STAMPED.isoformat()


@pytest.mark.django_db
def test_a_staff_report_place_is_not_a_residents_home(officer, local_store, reports):
    item = staff_item(officer, clip(at=HOME), a_report(reports, resident=False))
    metadata = metadata_read(actor=SYSTEM, item_id=item.pk)
    assert metadata is not None and not metadata.personal


@pytest.mark.django_db
def test_disclosure_looks_again_when_linked_to_a_residents_report_later(
    officer, local_store, reports
):
    from lantern.evidence import services

    item = staff_item(officer, clip(at=HOME), a_report(reports, at=FAR))
    read = metadata_read(actor=SYSTEM, item_id=item.pk)
    assert read is not None and not read.personal
    services.item_link(actor=officer, item_id=item.pk, kind="report", target_id=a_report(reports))
    assert metadata_for_disclosure(actor=officer, item=item).removed[:2] == (
        "latitude",
        "longitude",
    )


@pytest.mark.django_db
def test_reads_need_the_items_permission(officer, local_store, reports, make_user, far):
    item = staff_item(officer, clip(), a_report(reports))
    metadata_read(actor=SYSTEM, item_id=item.pk)
    elsewhere = actor_of(make_user(Role.POLICE_OFFICER, "far_police"))
    with pytest.raises(NotFound):
        item_metadata(actor=elsewhere, item=item)
    with pytest.raises(NotFound):
        metadata_for_disclosure(actor=elsewhere, item=item)


@pytest.mark.django_db
def test_the_item_page_shows_it_beside_the_report_and_logs_the_location_shown(
    officer_user, officer, local_store, reports
):
    late = clip(stamped=STAMPED + timedelta(hours=5))
    item = staff_item(officer, late, a_report(reports, at=FAR))
    metadata_read(actor=SYSTEM, item_id=item.pk)
    page = client_for(officer_user).get(reverse("evidence:item", args=[item.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "What the file says about itself" in text and "Acme Doorbell 2" in text
    assert "report LAN-2026-000042" in text and "4 hours 30 minutes" in text
    assert "m from the place in report" in text
    shown = AuditEvent.objects.filter(
        object_id=str(item.pk),
        kind=AuditEvent.Kind.ACCESS,
        details__contains='"purpose":"device location"',
    )
    assert shown.count() == 1


@pytest.mark.django_db
def test_the_sweep_and_the_command_read_what_is_missing(officer, local_store, reports):
    report = a_report(reports)
    old, new = (staff_item(officer, data, report) for data in (clip(), photo()))
    EvidenceItem.objects.filter(pk=old.pk).update(created_at=STAMPED)
    assert metadata_catch_up(actor=SYSTEM) == 1  # the new one is left to its own task
    assert ItemMetadata.objects.filter(item=old).exists()
    out = io.StringIO()
    call_command("read-metadata", stdout=out)
    assert out.getvalue() == "1 evidence items read.\n"
    assert ItemMetadata.objects.get(item=new).location_tag == "EXIF GPS"


@pytest.mark.django_db
def test_the_camera_registrys_clock_offset_corrects_footage_answering_a_request(
    officer_user, officer, local_store, reports, make_user
):
    from lantern.evidence import services
    from lantern.places.tests.factories import make_camera, make_request

    owner = actor_of(make_user(Role.RESIDENT))
    camera = make_camera(owner, clock_offset_seconds=3 * 3600)  # declared three hours fast
    request = make_request(officer, camera, report_id=a_report(reports))
    token = services.upload_token_issue(
        actor=SYSTEM, link_kind="footage_request", link_id=request.pk
    )
    late = clip(stamped=STAMPED + timedelta(hours=3, minutes=30))

    def answered(**meta: str) -> EvidenceItem:
        upload = upload_bytes(actor=owner, data=late, token=token, metadata=meta)
        metadata_read(actor=SYSTEM, item_id=upload.item_id)
        return EvidenceItem.objects.get(pk=upload.item_id)

    item = answered()
    view = item_metadata(actor=officer, item=item)
    assert (view.offset.camera, view.offset.handed_over, view.offset.source) == (
        3 * 3600,
        None,
        "camera",
    )
    assert view.corrected_time == STAMPED + timedelta(minutes=30)
    assert view.checks[0].time_gap == timedelta(0) and not view.flagged
    text = client_for(officer_user).get(reverse("evidence:item", args=[item.pk])).content.decode()
    assert "Clock offset in the camera registry" in text
    assert "Runs 3 hours fast (+10800 seconds) (Front doorbell)" in text
    assert "The camera registry&#39;s offset" in text
    # An offset given with the file is for that file at that time: it wins.
    own = answered(clock_offset_seconds="0", filename="second.mov")
    view = item_metadata(actor=officer, item=own)
    assert view.offset.source == "handed_over" and view.offset.applied == 0
    assert view.checks[0].time_gap == timedelta(hours=3) and view.flagged
    # Without a declared offset anywhere, the device's time is taken as it is.
    make_camera(owner)  # another camera does not change this one
    camera.clock_offset_seconds = None
    camera.save(update_fields=["clock_offset_seconds"])
    view = item_metadata(actor=officer, item=item)
    assert view.offset.source == "" and view.flagged


# --- the API, and who sees the location ----------------------------------------------------------


@pytest.mark.django_db
def test_the_api_gives_the_metadata_and_its_flags(officer_user, officer, local_store, reports):
    late = clip(stamped=STAMPED + timedelta(hours=5))
    item = staff_item(officer, late, a_report(reports, at=FAR), captured_at="2026-11-27T21:30")
    client = client_for(officer_user)
    url = f"/api/v1/evidence/items/{item.pk}/metadata"
    waiting = client.get(url).json()
    assert waiting["status"] == "not_read" and waiting["location"] is None
    metadata_read(actor=SYSTEM, item_id=item.pk)
    got = client.get(url).json()
    assert got["status"] == "read" and got["container"] == "QuickTime / MOV"
    assert (got["width"], got["height"], got["frame_rate"]) == (64, 48, 10.0)
    assert got["device_make"] == "Acme" and got["device_time"].startswith("2026-11-28T02:30")
    assert got["location"] == {
        "latitude": HOME[0],
        "longitude": HOME[1],
        "altitude_m": 10.0,
        "tag": "location",
    }
    assert got["location_withheld"] == "" and not got["location_personal"]
    assert got["clock_offset"]["applied_from"] == ""
    assert got["flagged"] is True
    claimed, report = got["gaps"]
    assert claimed["against"] == "capture_time" and claimed["time_flagged"]
    assert report["report_reference"] == "LAN-2026-000042"
    assert report["time_gap_seconds"] == 4.5 * 3600 and report["time_flagged"]
    assert report["distance_m"] == pytest.approx(978, abs=5) and report["place_flagged"]
    # Each read is a view of the item, and the location shown an access event.
    viewed = [json.loads(e.details) for e in events(item, "evidence.viewed")]
    assert {"shown_as": "metadata"} in viewed
    shown = AuditEvent.objects.filter(
        object_id=str(item.pk), kind=AuditEvent.Kind.ACCESS, details__contains="device location"
    )
    assert shown.count() == 1
    assert client.get(f"/api/v1/evidence/items/{uuid.uuid4()}/metadata").status_code == 404


@pytest.mark.django_db
def test_an_unreadable_file_is_said_so_in_the_api(officer_user, officer, local_store, reports):
    data = clip()
    item = staff_item(officer, data[: len(data) // 2], a_report(reports))
    metadata_read(actor=SYSTEM, item_id=item.pk)
    got = client_for(officer_user).get(f"/api/v1/evidence/items/{item.pk}/metadata").json()
    assert got["status"] == "unreadable" and "cut short" in got["problem"]
    assert got["location"] is None and got["gaps"] == []
    flags = client_for(officer_user).get(f"/api/v1/evidence/items/{item.pk}").json()["flags"]
    assert "metadata_unreadable" in [f["code"] for f in flags]


@pytest.mark.django_db
def test_a_residents_home_location_stays_inside_the_items_partnership(
    make_user, local_store, reports, far
):
    from lantern.accounts.models import Partnership
    from lantern.evidence import sharing

    resident = actor_of(make_user(Role.RESIDENT))
    upload = upload_bytes(actor=resident, data=clip(at=HOME), token="", metadata={})
    item = EvidenceItem.objects.get(pk=upload.item_id)
    metadata_read(actor=SYSTEM, item_id=item.pk)
    own_user = make_user(Role.POLICE_OFFICER)
    far_user = make_user(Role.POLICE_OFFICER, "far_police")
    sharing.item_share(
        actor=actor_of(own_user),
        item_id=item.pk,
        to_partnership_id=Partnership.objects.get(name="Far Partnership").pk,
        reason="The same group moved into the far partnership's area",
    )
    url = f"/api/v1/evidence/items/{item.pk}/metadata"
    inside = client_for(own_user).get(url).json()
    assert inside["location"]["latitude"] == HOME[0] and inside["location_personal"]
    outside = client_for(far_user).get(url).json()
    assert outside["location"] is None and outside["device_make"] == "Acme"
    assert "withheld outside the item's own partnership" in outside["location_withheld"]
    assert "member of the public" in outside["location_withheld"]
    assert all(gap["distance_m"] is None for gap in outside["gaps"])
    page = client_for(far_user).get(reverse("evidence:item", args=[item.pk])).content.decode()
    assert f"{HOME[0]:.6f}" not in page and "withheld outside the item" in page
    shown = AuditEvent.objects.filter(
        object_id=str(item.pk), kind=AuditEvent.Kind.ACCESS, details__contains="device location"
    )
    assert shown.count() == 1  # the inside read only
