"""Deciding a file's type by its content (magic bytes), never by its name or the client's
claim. ``classify(head)`` answers accepted (with a category and media type, perhaps a warning)
or refused (with the reason in words)."""

from __future__ import annotations

from dataclasses import dataclass

import filetype

HEAD_BYTES = 8192

VIDEO = {
    "video/mp4",
    "video/x-m4v",
    "video/3gpp",
    "video/quicktime",
    "video/x-msvideo",
    "video/x-matroska",
    "video/webm",
    "video/mpeg",
}
IMAGE = {"image/jpeg", "image/png", "image/heic"}
AUDIO = {
    "audio/aac",
    "audio/mpeg",
    "audio/mp4",
    "audio/ogg",
    "audio/x-flac",
    "audio/x-wav",
    "audio/amr",
    "audio/x-aiff",
}
DOCUMENT = {"application/pdf"}
ARCHIVE_EXTENSIONS = {
    "zip", "tar", "rar", "gz", "bz2", "7z", "xz", "Z", "lzo", "lz", "lz4", "zst", "br", "cab",
    "deb", "rpm", "ar", "epub", "crx", "docx", "xlsx", "pptx", "odt", "ods", "odp",
}  # fmt: skip
EXECUTABLE_EXTENSIONS = {"exe", "elf", "wasm", "swf", "nes"}

DVR_WARNING = (
    "Lantern did not recognise this recording's format. It is kept exactly as received. "
    "Ask the owner for the player software their recorder exports with."
)


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    category: str = ""  # video, image, audio, document, opaque
    media_type: str = ""
    warning: str = ""
    reason: str = ""


def _refuse(reason: str) -> Verdict:
    return Verdict(accepted=False, reason=reason)


def _looks_like_markup(head: bytes) -> str:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"#!"):
        return "script"
    if text.startswith((b"<", b"\xff\xfe<", b"\xfe\xff\x00<")):
        if b"<svg" in text[:4096]:
            return "svg"
        return "markup"
    return ""


def _dvr_signature(head: bytes) -> bool:
    """Containers that CCTV recorders commonly export and that the general detector misses:
    MPEG program and transport streams, raw H.264/H.265, Dahua DAV, Hikvision exports."""
    if head.startswith((b"DHAV", b"IMKH", b"\x00\x00\x01\xba")):
        return True
    if head.startswith((b"\x00\x00\x00\x01", b"\x00\x00\x01")) and len(head) > 4:
        return True  # an Annex B NAL unit start code
    # MPEG-TS: a sync byte every 188 bytes
    return len(head) >= 188 * 3 and all(head[i * 188] == 0x47 for i in range(3))


def _is_text(head: bytes) -> bool:
    if not head:
        return True
    printable = sum(1 for b in head if b in (9, 10, 13) or 32 <= b < 127 or b >= 128)
    return b"\x00" not in head and printable / len(head) > 0.95


def classify(head: bytes) -> Verdict:
    """Classify a file by its first bytes (``HEAD_BYTES`` is plenty)."""
    if not head:
        return _refuse("The file is empty.")
    kind = filetype.guess(head)
    if kind is not None:
        mime, ext = kind.mime, kind.extension
        if mime in VIDEO:
            return Verdict(accepted=True, category="video", media_type=mime)
        if mime in IMAGE:
            return Verdict(accepted=True, category="image", media_type=mime)
        if mime in AUDIO:
            return Verdict(accepted=True, category="audio", media_type=mime)
        if mime in DOCUMENT:
            return Verdict(accepted=True, category="document", media_type=mime)
        if ext in ARCHIVE_EXTENSIONS:
            return _refuse(
                "Archives and packed files (such as ZIP) are not accepted: "
                "upload each video, photo or document on its own."
            )
        if ext in EXECUTABLE_EXTENSIONS:
            return _refuse("Programs are not accepted: they cannot be evidence and may be harmful.")
        if mime.startswith("image/"):
            return _refuse("This kind of image is not accepted: upload JPEG, PNG or HEIC photos.")
        if mime.startswith("video/"):
            return _refuse(
                "This video format is not accepted: upload MP4, MOV, AVI, MKV or WebM, "
                "or the file exactly as your recorder exported it."
            )
        return _refuse(f"Files of this type ({mime}) are not accepted as evidence.")
    if head.startswith((b"MZ", b"\xcf\xfa\xed\xfe")):
        return _refuse("Programs are not accepted: they cannot be evidence and may be harmful.")
    markup = _looks_like_markup(head)
    if markup == "svg":
        return _refuse("SVG drawings are not accepted: they can carry scripts. Upload a photo.")
    if markup == "markup":
        return _refuse("Web pages (HTML or XML) are not accepted as evidence.")
    if markup == "script":
        return _refuse("Programs and scripts are not accepted as evidence.")
    if _dvr_signature(head):
        return Verdict(
            accepted=True,
            category="opaque",
            media_type="application/octet-stream",
            warning=DVR_WARNING,
        )
    if _is_text(head):
        return _refuse("Text files are not accepted: write what happened in your report instead.")
    return _refuse(
        "Lantern could not tell what kind of file this is, so it was not accepted. "
        "Upload video, photos, audio or PDF."
    )
