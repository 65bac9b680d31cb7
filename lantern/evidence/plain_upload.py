"""The plain upload form's request handling: files sent by a browser without JavaScript, as
one multipart POST, up to ``LANTERN_PLAIN_UPLOAD_MAX_BYTES``.

Django's ``TemporaryFileUploadHandler`` writes each file to a temporary file on disk as it
arrives (never into memory, whatever its size); this handler adds the byte limit. A file
that goes past it is dropped as it arrives and the rest of the request is read and thrown
away, so that the browser gets the page that says why rather than a broken connection."""

from __future__ import annotations

from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler


class LimitedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Each file to a temporary file, up to ``limit`` bytes; ``too_large`` says one was
    dropped for going past it."""

    def __init__(self, request=None, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > self.limit:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)


def size_in_words(size: int) -> str:
    """A limit as people read it: "200 MB", "1.5 GB"."""
    if size >= 1024**3:
        return f"{size / 1024**3:.1f}".removesuffix(".0") + " GB"
    return f"{size / 1024**2:.1f}".removesuffix(".0") + " MB"
