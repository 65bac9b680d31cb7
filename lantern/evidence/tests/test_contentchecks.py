"""The content checks on their own, on small files made here: pictures with data after their
end, PDFs with scripts and automatic actions (plain, disguised, compressed), MP4s cut short;
and that each check reads the file in pieces rather than whole."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image
from reportlab.pdfgen import canvas

from lantern.evidence.contentchecks import inspect, isobmff, pdf, pictures
from lantern.evidence.filetypes import classify
from lantern.evidence.models import ItemFlag
from lantern.evidence.synthetic import clip_mp4

Code = ItemFlag.Code


def flags_of(tmp_path: Path, data: bytes) -> dict[str, str]:
    path = tmp_path / "file"
    path.write_bytes(data)
    verdict = classify(data[:8192])
    assert verdict.accepted, verdict.reason
    return {flag.code: flag.detail for flag in inspect(path, verdict)}


# --- pictures -----------------------------------------------------------------------------------


def jpeg(**options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), (200, 30, 30)).save(buffer, "JPEG", **options)
    return buffer.getvalue()


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), (30, 30, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hidden")
    return buffer.getvalue()


def with_exif_thumbnail(photo: bytes) -> bytes:
    """The photo with an APP1 segment holding a whole small JPEG (as a camera's EXIF
    thumbnail does), whose own end marker is not the photo's end."""
    body = b"Exif\x00\x00" + jpeg()
    segment = b"\xff\xe1" + (len(body) + 2).to_bytes(2, "big") + body
    return photo[:2] + segment + photo[2:]


def test_a_plain_photo_is_not_flagged(tmp_path):
    assert flags_of(tmp_path, jpeg()) == {}
    assert flags_of(tmp_path, with_exif_thumbnail(jpeg())) == {}
    assert flags_of(tmp_path, png()) == {}


def test_a_photo_with_a_zip_appended_is_flagged_with_where_it_starts(tmp_path):
    photo = with_exif_thumbnail(jpeg())
    found = flags_of(tmp_path, photo + zip_bytes())
    assert list(found) == [Code.IMAGE_TRAILING_DATA]
    detail = found[Code.IMAGE_TRAILING_DATA]
    assert "ZIP" in detail
    assert f"from byte {len(photo):,}" in detail
    assert f"{len(zip_bytes()):,} bytes" in detail


def test_a_progressive_photo_is_walked_through_all_its_scans(tmp_path):
    photo = jpeg(progressive=True)
    assert flags_of(tmp_path, photo) == {}
    found = flags_of(tmp_path, photo + b"#!/bin/sh\necho hidden\n")
    assert f"from byte {len(photo):,}" in found[Code.IMAGE_TRAILING_DATA]
    assert "does not recognise" in found[Code.IMAGE_TRAILING_DATA]


def test_padding_after_the_end_is_not_hidden_data(tmp_path):
    assert flags_of(tmp_path, jpeg() + b"\x00" * 64) == {}
    assert flags_of(tmp_path, png() + b"\r\n") == {}


def test_a_png_with_a_zip_appended_is_flagged(tmp_path):
    picture = png()
    found = flags_of(tmp_path, picture + zip_bytes())
    assert f"from byte {len(picture):,}" in found[Code.IMAGE_TRAILING_DATA]


def test_a_zip_is_found_from_the_end_when_the_photo_cannot_be_followed(tmp_path):
    broken = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"no marker"
    found = flags_of(tmp_path, broken + zip_bytes())
    assert "ZIP archive's directory" in found[Code.IMAGE_TRAILING_DATA]
    assert flags_of(tmp_path, broken) == {}


def test_another_picture_after_the_end_is_named_as_such(tmp_path):
    found = flags_of(tmp_path, jpeg() + jpeg())
    assert "another picture (image/jpeg)" in found[Code.IMAGE_TRAILING_DATA]


# --- PDFs ---------------------------------------------------------------------------------------

ACTIVE_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n"
    b"4 0 obj\n<< /Type /Action /S /JavaScript /JS (app.alert\\('hello'\\)) >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def reportlab_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Statement of what I saw on 3 November")
    page.showPage()
    page.save()
    return buffer.getvalue()


def test_a_pdf_with_an_open_action_running_javascript_is_flagged(tmp_path):
    found = flags_of(tmp_path, ACTIVE_PDF)
    assert set(found) == {Code.PDF_JAVASCRIPT, Code.PDF_AUTOMATIC_ACTION}
    assert found[Code.PDF_JAVASCRIPT] == "/JavaScript once, /JS once"
    assert found[Code.PDF_AUTOMATIC_ACTION] == "/OpenAction once"


def test_names_disguised_with_hex_escapes_are_decoded_and_flagged(tmp_path):
    disguised = (
        ACTIVE_PDF.replace(b"/JavaScript", b"/J#61vaScript")
        .replace(b"/OpenAction", b"/Open#41ction")
        .replace(b"/JS ", b"/#4a#53 ")
    )
    found = flags_of(tmp_path, disguised)
    assert {Code.PDF_JAVASCRIPT, Code.PDF_AUTOMATIC_ACTION, Code.PDF_DISGUISED_NAMES} == set(found)
    assert "/J#61vaScript for /JavaScript" in found[Code.PDF_DISGUISED_NAMES]
    assert "/#4a#53 for /JS" in found[Code.PDF_DISGUISED_NAMES]


def test_a_clean_pdf_is_not_flagged(tmp_path):
    assert flags_of(tmp_path, reportlab_pdf()) == {}


def test_longer_names_and_names_inside_other_words_do_not_count(tmp_path):
    lookalikes = ACTIVE_PDF.replace(b"/OpenAction 4 0 R", b"/OpenActions 4 0 R /AAA 1").replace(
        b"/S /JavaScript /JS (", b"/S /JavaScripts /JSON ("
    )
    assert flags_of(tmp_path, lookalikes) == {}


def test_dictionaries_hidden_in_a_compressed_object_stream_are_found(tmp_path):
    inner = b"1 0 2 40 << /Type /Catalog /OpenAction 2 0 R >> << /S /Launch /F (cmd.exe) >>"
    packed = zlib.compress(inner)
    data = (
        b"%PDF-1.5\n5 0 obj\n<< /Type /ObjStm /N 2 /First 9 /Filter /FlateDecode /Length "
        + str(len(packed)).encode()
        + b" >>\nstream\n"
        + packed
        + b"\nendstream\nendobj\n%%EOF\n"
    )
    found = flags_of(tmp_path, data)
    assert set(found) == {Code.PDF_AUTOMATIC_ACTION, Code.PDF_LAUNCH}


def pdf_with_stream(body: bytes, length: int) -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
        b"2 0 obj\n<< /Length " + str(length).encode() + b" >>\nstream\n" + body + b"\n"
        b"endstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def test_stream_bodies_are_skipped_only_where_their_length_is_true(tmp_path):
    body = b"BT /F1 12 Tf (x) Tj ET /JS /AA"  # page content that happens to hold the names
    assert flags_of(tmp_path, pdf_with_stream(body, len(body))) == {}
    # A /Length that does not end at "endstream" is not trusted: the bytes are all scanned.
    found = flags_of(tmp_path, pdf_with_stream(body, 5))
    assert set(found) == {Code.PDF_JAVASCRIPT, Code.PDF_AUTOMATIC_ACTION}


def test_embedded_files_rich_media_xfa_and_encryption_are_named(tmp_path):
    data = ACTIVE_PDF.replace(
        b"/OpenAction 4 0 R",
        b"/Names << /EmbeddedFiles 6 0 R >> /AcroForm << /XFA 7 0 R >> /RichMedia 8 0 R",
    ).replace(b"<< /Root 1 0 R >>", b"<< /Root 1 0 R /Encrypt 9 0 R >>")
    found = flags_of(tmp_path, data)
    assert {
        Code.PDF_EMBEDDED_FILE,
        Code.PDF_XFA,
        Code.PDF_RICH_MEDIA,
        Code.PDF_ENCRYPTED,
        Code.PDF_JAVASCRIPT,
    } == set(found)


def test_names_across_the_scan_windows_are_all_counted(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "WINDOW", 1000)
    filler = b"% " + b"x" * 997 + b"\n"
    data = b"%PDF-1.4\n" + b"".join(filler[: 990 + i] + b"/JS " for i in range(20)) + b"%%EOF"
    found = flags_of(tmp_path, data)
    assert found[Code.PDF_JAVASCRIPT] == "/JS 20 times"


# --- MP4 and MOV ---------------------------------------------------------------------------------


def faststart_mp4(tmp_path: Path) -> bytes:
    """A tiny MP4 with its index (moov) before the frames (mdat), as phones write them."""
    path = tmp_path / "faststart.mp4"
    with av.open(str(path), mode="w", format="mp4", options={"movflags": "faststart"}) as out:
        stream = out.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = 32, 32, "yuv420p"
        for n in range(20):
            frame = np.full((32, 32, 3), n * 10, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path.read_bytes()


def test_a_whole_mp4_is_not_flagged(tmp_path):
    assert flags_of(tmp_path, clip_mp4(seconds=1, width=64, height=48)) == {}
    assert flags_of(tmp_path, faststart_mp4(tmp_path)) == {}


def test_an_mp4_cut_before_its_index_has_no_moov(tmp_path):
    whole = clip_mp4(seconds=1, width=64, height=48)  # PyAV writes moov last
    found = flags_of(tmp_path, whole[: len(whole) // 2])
    assert Code.VIDEO_NO_INDEX in found
    assert "'mdat' box" in found[Code.VIDEO_CUT_SHORT]


def test_an_mp4_whose_frames_run_past_the_end_is_cut_short(tmp_path):
    whole = faststart_mp4(tmp_path)
    found = flags_of(tmp_path, whole[:-200])
    assert list(found) == [Code.VIDEO_CUT_SHORT]
    assert "the 'mdat' box" in found[Code.VIDEO_CUT_SHORT]
    assert "200 bytes short" in found[Code.VIDEO_CUT_SHORT]


def test_frames_indexed_past_the_end_are_counted_when_mdat_runs_to_the_end(tmp_path):
    whole = bytearray(faststart_mp4(tmp_path))
    at = whole.index(b"mdat") - 4
    whole[at : at + 4] = bytes(4)  # size 0: "this box runs to the end of the file"
    assert flags_of(tmp_path, bytes(whole)) == {}
    found = flags_of(tmp_path, bytes(whole[:-200]))
    assert list(found) == [Code.VIDEO_CUT_SHORT]
    assert "of 20 frames or sound samples are indexed past the end" in found[Code.VIDEO_CUT_SHORT]


def box(kind: bytes, body: bytes) -> bytes:
    return (8 + len(body)).to_bytes(4, "big") + kind + body


def full_box(kind: bytes, *numbers: int, wide: bool = False) -> bytes:
    """A full box (version, flags) of 32-bit numbers, or 64-bit ones after the count."""
    count, rest = numbers[0], numbers[1:]
    body = count.to_bytes(4, "big") + b"".join(n.to_bytes(8 if wide else 4, "big") for n in rest)
    return box(kind, bytes(4) + body)


def hand_made_mp4(sizes: list[int], *, fixed: int = 0) -> bytes:
    """ftyp, a moov with 64-bit chunk offsets (co64) and three chunks holding 2, 2 and 1
    samples (two runs in stsc), then an mdat of size 0 (it runs to the end of the file)."""
    ftyp = box(b"ftyp", b"isom\x00\x00\x02\x00isom")

    def moov(offsets: list[int]) -> bytes:
        stsc = full_box(b"stsc", 2, 1, 2, 1, 3, 1, 1)
        if fixed:
            stsz = box(b"stsz", bytes(4) + fixed.to_bytes(4, "big") + (5).to_bytes(4, "big"))
        else:
            stsz = full_box(b"stsz", 0, len(sizes), *sizes)  # sample size 0: a table follows
        co64 = full_box(b"co64", len(offsets), *offsets, wide=True)
        stbl = box(b"stbl", stsc + stsz + co64)
        return box(b"moov", box(b"trak", box(b"mdia", box(b"minf", stbl))))

    lengths = [fixed] * 5 if fixed else sizes
    chunk_sizes = [lengths[0] + lengths[1], lengths[2] + lengths[3], lengths[4]]
    start = len(ftyp) + len(moov([0, 0, 0])) + 8
    offsets = [start, start + chunk_sizes[0], start + chunk_sizes[0] + chunk_sizes[1]]
    return ftyp + moov(offsets) + bytes(4) + b"mdat" + bytes(sum(chunk_sizes))


@pytest.mark.parametrize("fixed", [0, 120])
def test_a_hand_made_index_with_64_bit_offsets_counts_the_samples_cut(tmp_path, fixed):
    whole = hand_made_mp4([100, 100, 100, 100, 200], fixed=fixed)
    assert flags_of(tmp_path, whole) == {}
    found = flags_of(tmp_path, whole[:-1])
    assert found[Code.VIDEO_CUT_SHORT].startswith("1 of 5 frames")
    cut = 250 if not fixed else 130  # into the second chunk
    found = flags_of(tmp_path, whole[:-cut])
    assert found[Code.VIDEO_CUT_SHORT].startswith("2 of 5 frames")


def test_an_mp4_that_ends_inside_a_box_header_is_cut_short(tmp_path):
    whole = faststart_mp4(tmp_path)
    found = flags_of(tmp_path, whole + b"\x00\x00\x10")
    assert "ends inside a box header" in found[Code.VIDEO_CUT_SHORT]
    assert flags_of(tmp_path, whole + b"\x00\x00\x00") == {}  # zero padding is harmless


# --- reading in pieces, and failing safe ----------------------------------------------------------


class Counting(io.FileIO):
    """A file that remembers the largest single read and the bytes read in all."""

    largest = 0
    total = 0

    def read(self, size=-1):
        data = super().read(size)
        Counting.largest = max(Counting.largest, len(data))
        Counting.total += len(data)
        return data


@pytest.mark.parametrize(
    ("check", "make", "limit"),
    [
        (pictures.check_jpeg, lambda: jpeg() + bytes(range(256)) * 12_000, pictures.READ),
        (pdf.check_pdf, lambda: ACTIVE_PDF + b"%" + b"x" * 3_000_000 + b"\n", pdf.WINDOW),
        (
            isobmff.check_isobmff,
            lambda: (
                b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom\x00\x00\x00\x08moov"
                + (3_000_008).to_bytes(4, "big")
                + b"mdat"
                + bytes(3_000_000)
            ),
            64,
        ),
    ],
)
def test_each_check_reads_in_pieces(tmp_path, check, make, limit):
    path = tmp_path / "big"
    path.write_bytes(make())
    Counting.largest = Counting.total = 0
    with Counting(path) as f:
        list(check(f, path.stat().st_size))
    assert Counting.largest <= limit
    if check is isobmff.check_isobmff:
        assert Counting.total < 1024  # box headers only: the 3 MB of frames are never read


def test_a_check_that_cannot_read_the_file_flags_it_rather_than_passing_it(tmp_path):
    verdict = classify(ACTIVE_PDF)
    found = inspect(tmp_path / "gone.pdf", verdict)
    assert [flag.code for flag in found] == [Code.CHECK_FAILED]


def test_types_without_a_check_have_no_flags(tmp_path):
    path = tmp_path / "sound.wav"
    data = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(28)
    path.write_bytes(data)
    assert inspect(path, classify(data)) == ()
