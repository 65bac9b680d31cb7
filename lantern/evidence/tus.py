"""The tus 1.0 endpoint at /uploads/ (core, creation, creation-with-upload, termination,
expiration, checksum with sha1 or sha256). Thin: parse headers, call lantern.evidence.uploads.

When the last bytes arrive, the answer says what the content checks flagged, if anything
(``Lantern-Evidence-Flags``: codes; ``Lantern-Evidence-Notice``: words for the uploader); a
HEAD on the finished upload says it again.

Who may upload: a signed-in user (staff past two-factor; the session's CSRF token must come
in the X-CSRFToken header), or anyone holding an upload capability for a report, sent in
the ``Lantern-Upload-Token`` header. Bodies are streamed, never read whole.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from email.utils import format_datetime

from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from lantern.core.actor import ANONYMOUS, Actor
from lantern.core.errors import NotFound
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can
from lantern.evidence import services, upload_selectors, uploads
from lantern.evidence.contentchecks.flag import uploader_notice
from lantern.evidence.models import Upload
from lantern.evidence.upload_checks import UploadError, parse_metadata

TUS_VERSION = "1.0.0"
EXTENSIONS = "creation,creation-with-upload,termination,expiration,checksum"
TOKEN_HEADER = "HTTP_LANTERN_UPLOAD_TOKEN"  # noqa: S105 - a header name
OFFSET_TYPE = "application/offset+octet-stream"
MAX_INT = 2**63 - 1


def _response(status: int, message: str = "", **headers: str) -> HttpResponse:
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _expires(upload: Upload) -> str:
    return format_datetime(upload.expires_at, usegmt=True)


def _result(upload: Upload) -> dict[str, str]:
    """Once an upload is finished and its item made: what the content checks flagged, as
    codes (Lantern-Evidence-Flags) and in words for the uploader (Lantern-Evidence-Notice).
    The file was kept all the same; nothing is said when nothing was flagged."""
    if upload.status != Upload.Status.COMPLETE:
        return {}
    codes = upload_selectors.upload_flag_codes(upload=upload)
    if not codes:
        return {}
    return {
        "Lantern_Evidence_Flags": ",".join(codes),
        "Lantern_Evidence_Notice": uploader_notice(codes),
    }


def _csrf_refused(request: LanternRequest) -> HttpResponse | None:
    check = CsrfViewMiddleware(lambda r: HttpResponse())
    check.process_request(request)
    return check.process_view(request, lambda r: HttpResponse(), (), {})


def _who(request: LanternRequest) -> tuple[Actor, str]:
    """The actor and the capability token (if any). Raises UploadError(401/403)."""
    token = request.META.get(TOKEN_HEADER, "").strip()
    if request.user.is_authenticated:
        actor = request.actor
        if not can(actor, Permission.EVIDENCE_UPLOAD):
            raise UploadError(403, "Finish signing in (two-factor) before uploading")
        if request.method not in ("HEAD", "OPTIONS", "GET") and _csrf_refused(request):
            raise UploadError(403, "The page's security token is missing: reload the page")
        return actor, token
    if not token:
        raise UploadError(401, "Sign in, or use the upload link from your report")
    if services.upload_token_read(token) is None:
        raise UploadError(401, "The upload link has expired or is not valid")
    return ANONYMOUS, token


def _method(request: LanternRequest) -> str:
    override = request.META.get("HTTP_X_HTTP_METHOD_OVERRIDE", "").upper()
    if request.method == "POST" and override in ("PATCH", "DELETE", "HEAD"):
        return override
    return request.method or "GET"


def _int_header(request: LanternRequest, name: str) -> int | None:
    raw = request.META.get(name)
    if raw is None:
        return None
    raw = raw.strip()
    if not raw.isdigit() or len(raw) > 19 or int(raw) > MAX_INT:
        raise UploadError(400, f"{name[5:].replace('_', '-').title()} must be a whole number")
    return int(raw)


def _checksum(request: LanternRequest) -> tuple[str, bytes] | None:
    raw = request.META.get("HTTP_UPLOAD_CHECKSUM", "").strip()
    if not raw:
        return None
    algorithm, _, encoded = raw.partition(" ")
    algorithm = algorithm.lower()
    if algorithm not in uploads.CHECKSUM_ALGORITHMS:
        raise UploadError(400, "Only sha1 and sha256 checksums are supported")
    try:
        return algorithm, base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise UploadError(400, "Upload-Checksum is not base64") from None


def _content_length(request: LanternRequest) -> int | None:
    return _int_header(request, "CONTENT_LENGTH")


def _read(request: LanternRequest):
    def read(n: int) -> bytes:
        return request.read(n)

    return read


@csrf_exempt
def collection(request: LanternRequest) -> HttpResponse:
    """OPTIONS (discovery) and POST (creation, creation-with-upload)."""
    method = _method(request)
    if method == "OPTIONS":
        return _response(
            204,
            Tus_Version=TUS_VERSION,
            Tus_Extension=EXTENSIONS,
            Tus_Max_Size=str(uploads.max_bytes()),
            Tus_Checksum_Algorithm=",".join(uploads.CHECKSUM_ALGORITHMS),
        )
    try:
        _check_version(request)
        if method != "POST":
            raise UploadError(405, "Use POST to start an upload")
        actor, token = _who(request)
        if request.META.get("HTTP_UPLOAD_DEFER_LENGTH"):
            raise UploadError(400, "Give Upload-Length: deferred lengths are not supported")
        length = _int_header(request, "HTTP_UPLOAD_LENGTH")
        if length is None:
            raise UploadError(400, "Upload-Length is required")
        metadata = parse_metadata(request.META.get("HTTP_UPLOAD_METADATA", ""))
        body_length = _content_length(request) or 0
        if body_length and request.content_type != OFFSET_TYPE:
            raise UploadError(415, f"Send the first bytes as {OFFSET_TYPE}")
        upload = uploads.upload_create(actor=actor, length=length, metadata=metadata, token=token)
        location = request.build_absolute_uri(reverse("tus:upload", args=[upload.pk]))
        if body_length or length == 0:
            try:
                uploads.upload_append(
                    actor=actor,
                    upload=upload,
                    offset=0,
                    read=_read(request),
                    content_length=body_length,
                    checksum=_checksum(request),
                )
            except UploadError as exc:
                if exc.status in (460, 409):  # the upload exists; the client may resume
                    return _response(
                        201, Location=location, Upload_Offset=str(upload.offset),
                        Upload_Expires=_expires(upload),
                    )  # fmt: skip
                raise
        return _response(
            201,
            Location=location,
            Upload_Offset=str(upload.offset),
            Upload_Expires=_expires(upload),
            **_result(upload),
        )
    except UploadError as exc:
        return _error(exc)


@csrf_exempt
def resource(request: LanternRequest, upload_id: uuid.UUID) -> HttpResponse:
    """HEAD (offset), PATCH (append), DELETE (termination) on one upload."""
    method = _method(request)
    if method == "OPTIONS":
        return _response(204, Tus_Version=TUS_VERSION, Tus_Extension=EXTENSIONS)
    try:
        _check_version(request)
        actor, token = _who(request)
        try:
            upload = upload_selectors.upload_for_client(
                actor=actor, token_digest=services.token_digest(token) if token else "",
                upload_id=upload_id,
            )  # fmt: skip
        except NotFound:
            raise UploadError(404, "No such upload") from None
        if method == "HEAD":
            if upload.status == Upload.Status.REJECTED:
                raise UploadError(415, upload.problem)
            return _response(
                200,
                Upload_Offset=str(upload.offset),
                Upload_Length=str(upload.length),
                Upload_Expires=_expires(upload),
                **_result(upload),
            )
        if method == "PATCH":
            if request.content_type != OFFSET_TYPE:
                raise UploadError(415, f"PATCH bodies must be {OFFSET_TYPE}")
            offset = _int_header(request, "HTTP_UPLOAD_OFFSET")
            if offset is None:
                raise UploadError(400, "Upload-Offset is required")
            body_length = _content_length(request)
            if (
                upload.status == Upload.Status.FAILED
                and offset == upload.length
                and not body_length
            ):
                uploads.upload_retry_store(actor=actor, upload=upload)
            else:
                upload = uploads.upload_append(
                    actor=actor,
                    upload=upload,
                    offset=offset,
                    read=_read(request),
                    content_length=body_length,
                    checksum=_checksum(request),
                )
            return _response(
                204,
                Upload_Offset=str(upload.offset),
                Upload_Expires=_expires(upload),
                **_result(upload),
            )
        if method == "DELETE":
            uploads.upload_terminate(actor=actor, upload=upload)
            return _response(204)
        raise UploadError(405, "Use HEAD, PATCH or DELETE on an upload")
    except UploadError as exc:
        return _error(exc)


def _check_version(request: LanternRequest) -> None:
    if request.META.get("HTTP_TUS_RESUMABLE") != TUS_VERSION:
        raise UploadError(412, "Send Tus-Resumable: 1.0.0")


def _error(exc: UploadError) -> HttpResponse:
    headers = {"Tus_Version": TUS_VERSION} if exc.status == 412 else {}
    return _response(exc.status, exc.message, **headers)
