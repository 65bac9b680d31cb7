"""Files that arrive with a report from another system (an Open311 client's multipart POST):
the evidence app's ``MediaKeeper`` (lantern.core.media), registered in ``EvidenceConfig.ready``.

Each file is read once, in chunks, into a staging file under ``LANTERN_UPLOAD_DIR`` while its
SHA-256 is computed; its type is then decided by its first bytes, and its content checked
(``contentchecks``), exactly as for tus uploads. If any file is refused, nothing is stored
and the client is told why. Otherwise each becomes an evidence item attached to the report,
in the report's partnership (which the reports app gives through
``lantern.core.directory.partnership_of``), with the same custody events as an upload
(received, hashed, stored, flagged if the checks found something, linked), the client
application named as the actor.
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.urls import reverse

from lantern.core.actor import Actor
from lantern.core.errors import ValidationFailed
from lantern.core.media import KeptMedia, MediaFile, MediaNotKept, MediaRefused
from lantern.evidence import scope, services
from lantern.evidence.blobstore import BlobStoreError
from lantern.evidence.contentchecks import Flag, inspect
from lantern.evidence.filetypes import HEAD_BYTES, Verdict, classify
from lantern.evidence.models import EvidenceLink, LinkKind
from lantern.evidence.partials import CHUNK, upload_dir


@dataclass(frozen=True)
class _Staged:
    path: Path
    sha256: str
    size: int
    verdict: Verdict
    flags: tuple[Flag, ...]


def _stage(media: MediaFile) -> _Staged:
    path = upload_dir() / f"intake-{uuid.uuid4().hex}.part"
    hasher, size, head = hashlib.sha256(), 0, b""
    media.stream.seek(0)
    try:
        with path.open("wb") as out:
            while chunk := media.stream.read(CHUNK):
                if len(head) < HEAD_BYTES:
                    head += chunk[: HEAD_BYTES - len(head)]
                hasher.update(chunk)
                out.write(chunk)
                size += len(chunk)
            out.flush()
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        raise MediaNotKept("The server could not take the files: try again later.") from exc
    verdict = classify(head)
    return _Staged(
        path=path,
        sha256=hasher.hexdigest(),
        size=size,
        verdict=verdict,
        flags=inspect(path, verdict),
    )


class EvidenceMediaKeeper:
    """Keeps media sent with a report as evidence items linked to it."""

    def keep(
        self, *, actor: Actor, report_id: uuid.UUID, files: list[MediaFile]
    ) -> list[KeptMedia]:
        try:
            partnership_id = scope.link_partnership(LinkKind.REPORT, report_id)
        except ValidationFailed as exc:
            raise MediaNotKept("Lantern could not file these files with the report.") from exc
        staged: list[_Staged] = []
        try:
            for media in files:
                staged.append(_stage(media))
            for media, stage in zip(files, staged, strict=True):
                if not stage.verdict.accepted:
                    raise MediaRefused(media.field, stage.verdict.reason)
            kept = []
            for media, stage in zip(files, staged, strict=True):
                try:
                    item = services.item_create_from_upload(
                        actor=actor,
                        source=stage.path,
                        sha256=stage.sha256,
                        size=stage.size,
                        verdict=stage.verdict,
                        flags=stage.flags,
                        filename=media.filename,
                        submitted_by=None,
                        token_digest="",
                        device_kind="",
                        claimed_capture_at=None,
                        clock_offset_seconds=None,
                        audio_recorded=None,
                        link_kind=LinkKind.REPORT,
                        link_id=report_id,
                        partnership_id=partnership_id,
                        upload_id=None,
                        via=f"multipart field {media.field[:40]}",
                        move=True,
                    )
                except BlobStoreError as exc:
                    raise MediaNotKept(exc.message) from exc
                kept.append(
                    KeptMedia(
                        field=media.field,
                        item_id=item.pk,
                        media_type=item.media_type,
                        sha256=stage.sha256,
                    )
                )
            return kept
        finally:
            for stage in staged:
                with contextlib.suppress(FileNotFoundError):
                    stage.path.unlink()

    def urls(self, *, report_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
        """The page of each report's first original item (derived copies are left out)."""
        links = (
            EvidenceLink.objects.filter(
                kind=LinkKind.REPORT,
                target_id__in=list(report_ids),
                item__parent__isnull=True,
            )
            .order_by("target_id", "item__created_at")
            .values_list("target_id", "item_id")
        )
        first: dict[uuid.UUID, str] = {}
        for target_id, item_id in links:
            if target_id not in first:
                first[target_id] = reverse("evidence:item", args=[item_id])
        return first


KEEPER = EvidenceMediaKeeper()
