"""Playing an item in the browser: its playable copy (or the item itself, when browsers play
it as it is) streamed from the blob store with HTTP Range requests (RFC 9110 section 14), so
a player can start at once and seek. Behind the same permission layer as the item's page and
download. Each playback start (a request with no Range, or one from byte 0) is recorded in
the item's chain of custody as ``evidence.viewed`` (``shown_as="playback"``); the further
ranges a player asks for while it plays are not."""

from __future__ import annotations

import re
import uuid

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lantern.core.decorators import require_permission
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.evidence import selectors, services
from lantern.evidence.blobstore import BlobStoreError, blob_store
from lantern.evidence.events import ITEM_VIEWED
from lantern.evidence.views.items import item_or_404

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class Unsatisfiable(Exception):
    """The range asked for lies wholly past the end of the file (416)."""


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The inclusive (first, last) byte of one ``Range: bytes=...`` for a file of ``size``
    bytes: ``a-b`` (``b`` cut to the end), ``a-`` and the suffix ``-n`` (the last n). None
    when the whole file is to be sent: no Range, a malformed one, or several ranges (which
    a server may ignore). Unsatisfiable when it starts past the end, or is ``-0``."""
    found = _RANGE.match(header.strip()) if header else None
    if found is None:
        return None
    first, last = found.groups()
    if not first and not last:
        return None
    if not first:  # the last n bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - suffix), size - 1
    start = int(first)
    if last and int(last) < start:
        return None  # not a valid range: ignored
    if start >= size:
        raise Unsatisfiable
    return start, min(int(last) if last else size - 1, size - 1)


def _headers(response: HttpResponseBase, media_type: str, sha256: str) -> HttpResponseBase:
    response["Content-Type"] = media_type
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = f'"{sha256}"'  # the bytes never change
    return response


@require_safe
@require_permission(Permission.EVIDENCE_VIEW)
def item_play(request: LanternRequest, item_id: uuid.UUID) -> HttpResponseBase:
    item = item_or_404(request, item_id)
    found = selectors.playable_source(actor=request.actor, item=item)
    if found is None:
        raise Http404
    source, media_type = found
    size, sha256 = source.blob.size, source.blob.sha256
    header = request.headers.get("Range", "")
    if_range = request.headers.get("If-Range")
    if if_range is not None and if_range.strip() != f'"{sha256}"':
        header = ""  # the copy the player had is not this one: send it whole
    try:
        wanted = byte_range(header, size)
    except Unsatisfiable:
        response = _headers(HttpResponse(status=416), media_type, sha256)
        response["Content-Range"] = f"bytes */{size}"
        return response
    first, last = wanted if wanted is not None else (0, size - 1)
    try:
        chunks = blob_store().read_range(sha256, first, last) if size else iter(())
    except BlobStoreError as exc:
        return render(request, "evidence/store_error.html", {"message": exc.message}, status=503)
    if first == 0 and request.method == "GET":  # a playback starts: once, not per range
        services.item_custody_event(
            actor=request.actor,
            item=item,
            action=ITEM_VIEWED,
            shown_as="playback",
            copy=str(source.pk) if source.pk != item.pk else "",
        )
    if request.method == "HEAD":
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
        chunks = iter(())
    streamed = StreamingHttpResponse(chunks, status=206 if wanted is not None else 200)
    streamed["Content-Length"] = str(last - first + 1 if size else 0)
    if wanted is not None:
        streamed["Content-Range"] = f"bytes {first}-{last}/{size}"
    return _headers(streamed, media_type, sha256)
