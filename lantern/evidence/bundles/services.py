"""Making a bundle for a case, and handing one over (docs/evidence.md "Bundles").

``bundle_write`` writes the ZIP to a file the caller opened (the command line);
``bundle_create_stored`` writes it to the store for the case's page to download
(``bundle_download``). Either way the ZIP is written outside any transaction (it may take
minutes), then the bundle's record, its ``evidence.bundle_created`` event and an
``evidence.exported`` custody event on each item in it are written in one transaction.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import re
import tempfile
import uuid
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction

from lantern.audit.services import audit_record
from lantern.core import clock, directory
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can, role_allows
from lantern.evidence import selectors, statements
from lantern.evidence.blobstore import blob_store
from lantern.evidence.bundles import keys, personal, rules
from lantern.evidence.bundles import selectors as bundle_selectors
from lantern.evidence.bundles.events import BUNDLE, BUNDLE_CREATED, BUNDLE_DOWNLOADED
from lantern.evidence.bundles.writer import BundleWriteError, Member, bytes_member, write_bundle
from lantern.evidence.events import ITEM, ITEM_EXPORTED, STATEMENT
from lantern.evidence.models import Bundle, EvidenceItem, Recipient
from lantern.evidence.partials import upload_dir

NO_EXHIBITS = (
    "A bundle needs at least one exhibit: attach evidence to the case or to one of its "
    "reports first"
)
CHOOSE_EXHIBITS = "Choose at least one exhibit for the bundle"
RECIPIENT = "Choose who the bundle is for: the prosecution or the defence"
NOT_ON_CASE = "Choose exhibits from those on this case"
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")

__all__ = ["BundleWriteError", "bundle_create_stored", "bundle_download", "bundle_write"]


@dataclass
class _Plan:
    case: directory.CaseSummary
    partnership_id: uuid.UUID
    recipient: str
    members: list[Member]
    items: list[EvidenceItem]  # the items whose bytes go in (originals or their copies)


def _safe(name: str) -> str:
    return _SAFE.sub("-", name).strip("-.") or "file"


def _extension(media_type: str) -> str:
    return mimetypes.guess_extension(media_type) or ".bin"


def _blob_chunks(item: EvidenceItem) -> Iterator[bytes]:
    if item.blob.size == 0:
        return iter(())
    return blob_store().read_range(item.blob_id, 0, item.blob.size - 1)


def _item_member(
    actor: Actor,
    item: EvidenceItem,
    original: EvidenceItem,
    reference: str,
    disclosed: personal.Disclosed,
) -> Member:
    name = _safe(reference.replace("/", "-")) if reference else f"item-{str(original.pk)[:8]}"
    entry: dict[str, object] = {
        "kind": "exhibit",
        "exhibit_reference": reference,
        "item_id": str(item.pk),
        "media_type": item.media_type,
        "custody": bundle_selectors.custody_events(
            actor=actor, object_type=ITEM, object_id=item.pk
        ),
        "metadata": personal.metadata_entry(disclosed, carries_original=item.pk == original.pk),
    }
    if item.pk != original.pk:
        entry["derived"] = item.derived_purpose
        entry["original_sha256"] = original.blob_id
        entry["original_item_id"] = str(original.pk)
        entry["original_custody"] = bundle_selectors.custody_events(
            actor=actor, object_type=ITEM, object_id=original.pk
        )
        name = f"{name}-{_safe(item.derived_purpose)}"
    return Member(
        path=f"exhibits/{name}{_extension(item.media_type)}",
        chunks=lambda: _blob_chunks(item),
        size=item.blob.size,
        expected_sha256=item.blob_id,
        entry=entry,
    )


def _statement_members(actor: Actor, case: directory.CaseSummary) -> list[Member]:
    members = []
    for statement in selectors.statements_for_case(
        actor=actor, case_id=case.id, report_ids=case.report_ids, signed_only=True
    ):
        custody = bundle_selectors.custody_events(
            actor=actor, object_type=STATEMENT, object_id=statement.pk
        )
        stem = f"statements/MG11-{str(statement.pk)[:8]}"
        text = statement.signed_text.encode()
        members.append(
            Member(
                path=f"{stem}.txt",
                chunks=lambda text=text: iter((text,)),  # type: ignore[misc]
                size=len(text),
                expected_sha256=statement.sha256,
                entry={"kind": "statement", "statement_id": str(statement.pk), "custody": custody},
            )
        )
        pdf = statements.statement_pdf(actor=actor, statement=statement)
        members.append(
            bytes_member(
                f"{stem}.pdf",
                pdf,
                kind="statement_pdf",
                statement_id=str(statement.pk),
                signed_text_sha256=statement.sha256,
            )
        )
    return members


def _chosen(
    actor: Actor, case: directory.CaseSummary, item_ids: Collection[uuid.UUID] | None
) -> list[EvidenceItem]:
    on_case = list(
        selectors.items_for_case(actor=actor, case_id=case.id, report_ids=case.report_ids)
    )
    if item_ids is None:
        chosen = on_case
    else:
        known = {item.pk for item in on_case}
        if any(item_id not in known for item_id in item_ids):
            raise ValidationFailed({"items": [NOT_ON_CASE]})
        chosen = [item for item in on_case if item.pk in set(item_ids)]
        if not chosen:
            raise ValidationFailed({"items": [CHOOSE_EXHIBITS]})
    if not chosen:
        raise ValidationFailed({"items": [NO_EXHIBITS]})
    return chosen


def _plan(
    actor: Actor,
    case_id: uuid.UUID,
    recipient: str,
    item_ids: Collection[uuid.UUID] | None,
    extra_files: Iterable[tuple[str, bytes]],
) -> _Plan:
    case = directory.case(actor, case_id)
    if case is None:
        raise NotFound("case")
    if not can(actor, Permission.EVIDENCE_MANAGE):
        raise PermissionDenied("bundle")
    if recipient not in Recipient.values:
        raise ValidationFailed({"recipient": [RECIPIENT]})
    partnership_id = directory.case_partnership(case.id)
    if partnership_id is None:
        raise NotFound("case")
    originals = _chosen(actor, case, item_ids)
    copies = bundle_selectors.derivatives_of(actor=actor, items=originals)
    references = {
        e.item_id: e.reference for e in selectors.exhibits_in_case(actor=actor, case_id=case.id)
    }
    members, items, refusals = [], [], []
    for original in originals:
        item = rules.copy_for_recipient(original, copies.get(original.pk, []), recipient)
        reference = references.get(original.pk, "")
        disclosed = personal.disclosed_metadata(actor=actor, original=original)
        refusal = personal.refusal_for(
            recipient,
            f"Exhibit {reference}" if reference else f"Item {str(original.pk)[:8]}",
            disclosed,
            carries_original=item.pk == original.pk,
        )
        if refusal:
            refusals.append(refusal)
        items.append(item)
        members.append(_item_member(actor, item, original, reference, disclosed))
    if refusals:
        raise ValidationFailed({"items": refusals})
    members += _statement_members(actor, case)
    documents = [*directory.bundle_documents(actor, case.id, recipient), *extra_files]
    members += [
        bytes_member(f"documents/{_safe(name)}", data, kind="document") for name, data in documents
    ]
    paths = [member.path for member in members]
    if len(set(paths)) != len(paths):
        raise ValidationFailed({"extra_files": ["Two files in the bundle would have one name"]})
    return _Plan(case, partnership_id, recipient, members, items)


def _creator_role(actor: Actor) -> str:
    if actor.is_system:
        return "Lantern (command line)"
    roles = sorted(r.label for r in actor.roles if role_allows(r, Permission.EVIDENCE_MANAGE))
    return ", ".join(roles) or "Staff"


def _write(actor: Actor, plan: _Plan, out: IO[bytes]) -> tuple[Bundle, bytes]:
    """Write the ZIP; returns the bundle's record (not saved yet) and manifest.json."""
    key_row, private_key = keys.bundle_key_for(actor=actor, partnership_id=plan.partnership_id)
    bundle = Bundle(
        id=uuid.uuid4(),
        partnership_id=plan.partnership_id,
        case_id=plan.case.id,
        case_reference=plan.case.reference,
        recipient=plan.recipient,
        created_by=actor.user_id,
        creator_role=_creator_role(actor),
        key_id=key_row.key_id,
        files=len(plan.members),
    )
    created_at = clock.now()
    header = {
        "bundle_id": str(bundle.pk),
        "case_reference": plan.case.reference,
        "recipient": plan.recipient,
        "created_at": created_at.isoformat(),
        "created_by_role": bundle.creator_role,
        "key_id": key_row.key_id,
    }
    manifest = write_bundle(
        out, members=plan.members, header=header, private_key=private_key, created_at=created_at
    )
    bundle.size = out.tell()
    return bundle, manifest


def _record(actor: Actor, plan: _Plan, bundle: Bundle, manifest: bytes) -> Bundle:
    bundle.manifest_sha256 = hashlib.sha256(manifest).hexdigest()
    with transaction.atomic():
        bundle.save(force_insert=True)
        audit_record(
            actor=actor,
            action=BUNDLE_CREATED,
            object_type=BUNDLE,
            object_id=bundle.pk,
            details={
                "case": str(bundle.case_id),
                "recipient": bundle.recipient,
                "files": bundle.files,
                "manifest_sha256": bundle.manifest_sha256,
                "key_id": bundle.key_id,
            },
        )
        for item in plan.items:
            audit_record(
                actor=actor,
                action=ITEM_EXPORTED,
                object_type=ITEM,
                object_id=item.pk,
                details={"bundle": str(bundle.pk), "recipient": bundle.recipient},
            )
    return bundle


def bundle_write(
    *,
    actor: Actor,
    case_id: uuid.UUID,
    recipient: str,
    out: IO[bytes],
    item_ids: Collection[uuid.UUID] | None = None,
    extra_files: Iterable[tuple[str, bytes]] = (),
) -> Bundle:
    """Write a case's bundle for ``recipient`` to ``out`` (a seekable file open for writing).
    ``item_ids``: the exhibits chosen (all the case's when None); ``extra_files``: further
    documents as (name, bytes), such as the CPIA schedules."""
    plan = _plan(actor, case_id, recipient, item_ids, extra_files)
    bundle, manifest = _write(actor, plan, out)
    return _record(actor, plan, bundle, manifest)


def bundle_create_stored(
    *,
    actor: Actor,
    case_id: uuid.UUID,
    recipient: str,
    item_ids: Collection[uuid.UUID] | None = None,
    extra_files: Iterable[tuple[str, bytes]] = (),
) -> Bundle:
    """Make a case's bundle and keep it in the store, for download from the case's page."""
    plan = _plan(actor, case_id, recipient, item_ids, extra_files)
    storage = storages["default"]
    with tempfile.TemporaryFile(dir=upload_dir()) as out:
        bundle, manifest = _write(actor, plan, out)
        out.seek(0)
        key = f"bundles/{bundle.pk.hex}.zip"
        bundle.storage_key = storage.save(key, File(out, name=key))
    try:
        return _record(actor, plan, bundle, manifest)
    except Exception:
        with contextlib.suppress(Exception):
            storage.delete(bundle.storage_key)
        raise


def bundle_download(
    *, actor: Actor, case_id: uuid.UUID, bundle_id: uuid.UUID
) -> tuple[Bundle, IO[bytes]]:
    """A stored bundle, open for reading; the download is recorded with its recipient."""
    bundle = bundle_selectors.bundle_get(actor=actor, case_id=case_id, bundle_id=bundle_id)
    if not bundle.storage_key:
        raise NotFound("bundle")  # written on the command line: not kept by Lantern
    handle = storages["default"].open(bundle.storage_key, "rb")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=BUNDLE_DOWNLOADED,
            object_type=BUNDLE,
            object_id=bundle.pk,
            details={"case": str(bundle.case_id), "recipient": bundle.recipient},
        )
    return bundle, handle
