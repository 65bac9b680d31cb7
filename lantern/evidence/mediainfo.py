"""Reading what a file says about itself: a recording's container, codecs, length, frame
rate and picture size with PyAV (FFmpeg), a photo's size and EXIF with Pillow, and from
either the time the device stamped, where it said it was (GPS) and its make and model.

Only headers and tags are read, never a picture decoded, so a large file is read in about
the same time as a small one. Files are untrusted: anything FFmpeg or Pillow cannot make
sense of is ``Unreadable`` (with the reason in words), and a value out of range (a latitude
past 90 degrees, a date before digital cameras) is left out rather than believed.

Times: a QuickTime/MP4 ``creation_time`` is in UTC by the format's definition (some
recorders write local time there all the same: the clock offset and the gap shown on the
item's page are how an officer finds out). EXIF times carry no zone unless the camera wrote
``OffsetTimeOriginal``; without one they are taken as UK local time (Europe/London).
"""

from __future__ import annotations

import contextlib
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)  # older stamps are a clock never set (1904, 1970)
# Tags naming the device's time, place, make and model, in the order they are believed.
TIME_TAGS = ("com.apple.quicktime.creationdate", "creation_time", "date")
LOCATION_TAGS = ("com.apple.quicktime.location.ISO6709", "location", "location-eng")
MAKE_TAGS = ("com.apple.quicktime.make", "make", "com.android.manufacturer")
MODEL_TAGS = ("com.apple.quicktime.model", "model", "com.android.model")
PILLOW_FORMATS = {"image/jpeg", "image/png"}  # photos read with Pillow; others with PyAV

# EXIF tag numbers (CIPA DC-008): the main IFD, the Exif IFD and the GPS IFD.
EXIF_MAKE, EXIF_MODEL, EXIF_DATETIME = 0x010F, 0x0110, 0x0132
EXIF_IFD, GPS_IFD = 0x8769, 0x8825
EXIF_ORIGINAL, EXIF_OFFSET_ORIGINAL, EXIF_OFFSET = 0x9003, 0x9011, 0x9010
GPS_LAT_REF, GPS_LAT, GPS_LON_REF, GPS_LON, GPS_ALT_REF, GPS_ALT = 1, 2, 3, 4, 5, 6


class Unreadable(Exception):
    """The file's container or its tags could not be read (damaged, cut short, or in a
    format neither FFmpeg nor Pillow knows)."""


@dataclass
class Facts:
    """What a file says about itself; empty strings and None where it says nothing."""

    reader: str = ""
    container: str = ""
    video_codec: str = ""
    audio_codec: str = ""
    duration_seconds: float | None = None
    frame_rate: float | None = None
    width: int | None = None
    height: int | None = None
    device_time: datetime | None = None
    device_time_tag: str = ""
    device_make: str = ""
    device_model: str = ""
    latitude: float | None = None
    longitude: float | None = None
    altitude_m: float | None = None
    location_tag: str = ""


def read_facts(stream: Any, *, media_type: str) -> Facts:
    """What the file readable at ``stream`` (a seekable file object) says about itself."""
    if media_type in PILLOW_FORMATS:
        return _photo(stream)
    return _recording(stream)


# --- recordings (PyAV) ----------------------------------------------------------------------


def _recording(stream: Any) -> Facts:
    import av

    try:
        with av.open(stream, mode="r", metadata_errors="replace") as container:
            facts = _container_facts(container)
    except (av.FFmpegError, OSError, ValueError, MemoryError, EOFError, UnicodeError) as exc:
        raise Unreadable(f"FFmpeg could not read it: {_why(exc)}") from exc
    facts.reader = f"PyAV {av.__version__} (FFmpeg)"
    return facts


def _container_facts(container: Any) -> Facts:
    videos, sounds = container.streams.video, container.streams.audio
    if not videos and not sounds:
        raise Unreadable("the file has no picture or sound that FFmpeg can find")
    if any(s.codec_context is None for s in (*videos, *sounds)):
        raise Unreadable("its index stops part way (the file is cut short or damaged)")
    facts = Facts(container=(container.format.long_name or container.format.name)[:100])
    if container.duration and container.duration > 0:
        facts.duration_seconds = round(container.duration / 1_000_000, 3)  # AV_TIME_BASE
    if videos:
        _picture_facts(facts, videos[0])
    if sounds:
        facts.audio_codec = (sounds[0].codec_context.name or "")[:40]
    tags: dict[str, str] = {str(k): str(v) for k, v in (container.metadata or {}).items()}
    for s in container.streams:  # stream tags fill what the container does not say
        for key, value in (s.metadata or {}).items():
            tags.setdefault(str(key), str(value))
    _tag_facts(facts, tags)
    return facts


def _picture_facts(facts: Facts, video: Any) -> None:
    facts.video_codec = (video.codec_context.name or "")[:40]
    facts.width = video.codec_context.width or None
    facts.height = video.codec_context.height or None
    rate = video.average_rate or video.guessed_rate
    facts.frame_rate = round(float(rate), 3) if rate else None


def _tag_facts(facts: Facts, tags: dict[str, str]) -> None:
    for tag in TIME_TAGS:
        when = _iso_time(tags.get(tag, ""))
        if when is not None:
            facts.device_time, facts.device_time_tag = when, tag
            break
    for tag in LOCATION_TAGS:
        place = iso6709(tags.get(tag, ""))
        if place is not None:
            facts.latitude, facts.longitude, facts.altitude_m = place
            facts.location_tag = tag
            break
    facts.device_make = _first(tags, MAKE_TAGS)
    facts.device_model = _first(tags, MODEL_TAGS)


def _first(tags: dict[str, str], keys: tuple[str, ...]) -> str:
    return next((tags[k].strip()[:100] for k in keys if tags.get(k, "").strip()), "")


def _iso_time(text: str) -> datetime | None:
    """An ISO 8601 time; one without a zone is UTC (QuickTime's definition)."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return _plausible(when if when.tzinfo else when.replace(tzinfo=UTC))


def _plausible(when: datetime) -> datetime | None:
    return when if EARLIEST <= when <= datetime(2200, 1, 1, tzinfo=UTC) else None


# ISO 6709 as phones and cameras write it: latitude, longitude and an optional height, each
# signed, in degrees (+DD.DD), degrees and minutes (+DDMM.MM) or with seconds (+DDMMSS.SS).
_ISO6709 = re.compile(r"^([+-]\d+(?:\.\d*)?)([+-]\d+(?:\.\d*)?)([+-]\d+(?:\.\d*)?)?")


def iso6709(text: str) -> tuple[float, float, float | None] | None:
    """(latitude, longitude, height in metres or None) from an ISO 6709 string
    ("+51.5379-000.7010+010.000/"), or None when it is not one or is out of range."""
    found = _ISO6709.match(text.strip())
    if not found:
        return None
    latitude = _angle(found.group(1), degree_digits=2)
    longitude = _angle(found.group(2), degree_digits=3)
    height = float(found.group(3)) if found.group(3) else None
    return _place(latitude, longitude, height)


def _angle(text: str, *, degree_digits: int) -> float:
    sign = -1.0 if text[0] == "-" else 1.0
    whole, _, fraction = text[1:].partition(".")
    tail = float(f"0.{fraction}") if fraction else 0.0
    extra = len(whole) - degree_digits  # 0: degrees; 2: and minutes; 4: and seconds
    if extra <= 0:
        return sign * (int(whole) + tail)
    degrees = int(whole[:degree_digits])
    if extra == 2:
        return sign * (degrees + (int(whole[degree_digits:]) + tail) / 60)
    minutes, seconds = int(whole[degree_digits : degree_digits + 2]), int(whole[-2:]) + tail
    return sign * (degrees + minutes / 60 + seconds / 3600)


def _place(
    latitude: float, longitude: float, height: float | None
) -> tuple[float, float, float | None] | None:
    if not all(math.isfinite(v) for v in (latitude, longitude)):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    if latitude == 0 and longitude == 0:  # "null island": a receiver with no fix
        return None
    if height is not None and not math.isfinite(height):
        height = None
    return round(latitude, 7), round(longitude, 7), height


# --- photos (Pillow's EXIF reader) ------------------------------------------------------------


def _photo(stream: Any) -> Facts:
    import PIL
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(stream) as image:
            facts = Facts(container=image.format or "", width=image.width, height=image.height)
            exif = image.getexif()
            _exif_facts(facts, exif)
            if image.format == "JPEG":
                facts.video_codec = "jpeg"
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise Unreadable(f"Pillow could not read it: {_why(exc)}") from exc
    except Image.DecompressionBombError as exc:
        raise Unreadable("the picture is too large to read safely") from exc
    facts.reader = f"Pillow {PIL.__version__}"
    return facts


def _exif_facts(facts: Facts, exif: Any) -> None:
    facts.device_make = _text(exif.get(EXIF_MAKE))
    facts.device_model = _text(exif.get(EXIF_MODEL))
    details = exif.get_ifd(EXIF_IFD)
    for tag, value, offset in (
        ("DateTimeOriginal", details.get(EXIF_ORIGINAL), details.get(EXIF_OFFSET_ORIGINAL)),
        ("DateTime", exif.get(EXIF_DATETIME), details.get(EXIF_OFFSET)),
    ):
        when = _exif_time(_text(value), _text(offset))
        if when is not None:
            facts.device_time, facts.device_time_tag = when, f"EXIF {tag}"
            break
    gps = exif.get_ifd(GPS_IFD)
    place = _gps_place(gps)
    if place is not None:
        facts.latitude, facts.longitude, facts.altitude_m = place
        facts.location_tag = "EXIF GPS"


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).strip("\x00 ")[:100] if value is not None else ""


def _exif_time(text: str, offset: str) -> datetime | None:
    """An EXIF time ("2026:11:27 21:30:00"), in its offset ("+01:00") or else UK time."""
    try:
        when = datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S")  # noqa: DTZ007 - zone below
    except ValueError:
        return None
    zone: Any = LONDON
    if re.fullmatch(r"[+-]\d\d:\d\d", offset):
        zone = datetime.strptime(offset, "%z").tzinfo
    return _plausible(when.replace(tzinfo=zone))


def _gps_place(gps: Any) -> tuple[float, float, float | None] | None:
    try:
        latitude = _dms(gps[GPS_LAT]) * (-1 if _text(gps.get(GPS_LAT_REF)) == "S" else 1)
        longitude = _dms(gps[GPS_LON]) * (-1 if _text(gps.get(GPS_LON_REF)) == "W" else 1)
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError):
        return None
    height = None
    with contextlib.suppress(KeyError, TypeError, ValueError, ZeroDivisionError):
        height = float(gps[GPS_ALT]) * (-1 if gps.get(GPS_ALT_REF) in (1, b"\x01") else 1)
    return _place(latitude, longitude, height)


def _dms(value: Any) -> float:
    degrees, minutes, seconds = (float(part) for part in value)
    return degrees + minutes / 60 + seconds / 3600


def _why(exc: BaseException) -> str:
    """The library's reason in words, without an error number or the file's name."""
    return (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__).rstrip(".")[:200]
