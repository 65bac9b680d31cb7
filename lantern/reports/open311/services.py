"""Every Open311 write: client keys, service requests sent by clients, and their updates."""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction

from lantern.accounts.selectors import partnership_for_creator, partnership_names
from lantern.audit.services import audit_record
from lantern.core import clock, media
from lantern.core.actor import Actor
from lantern.core.errors import NotFound, PermissionDenied, ValidationFailed
from lantern.core.permissions import Permission, can
from lantern.reports.models import Report
from lantern.reports.open311 import events
from lantern.reports.open311.models import Open311Client, Open311Submission, Open311Update
from lantern.reports.selectors import ServingArea
from lantern.reports.services import ReportInput, report_create

CLIENT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


def hash_key(api_key: str) -> str:
    return hashlib.sha256(api_key.encode("utf-8", "replace")).hexdigest()


def client_actor(client: Open311Client) -> Actor:
    """A client application as an actor: never a person (the audit log names it
    ``open311:<name>``), reaching only its own partnership."""
    return Actor(
        user_id=None,
        label=f"open311:{client.name}",
        partnership_ids=frozenset({client.partnership_id}),
    )


def client_area(client: Open311Client) -> ServingArea:
    """The area the client sends reports for: its partnership's."""
    return ServingArea(partnership_id=client.partnership_id, boundary=client.partnership.boundary)


def _may_manage(actor: Actor) -> None:
    if not (actor.is_system or can(actor, Permission.OPEN311_CLIENT_MANAGE)):
        raise PermissionDenied(str(Permission.OPEN311_CLIENT_MANAGE))


@dataclass(frozen=True)
class NewClient:
    client: Open311Client
    api_key: str  # shown once; only its hash is kept


def _client_partnership(actor: Actor, partnership_id: uuid.UUID | None) -> uuid.UUID:
    """The partnership a new client sends reports for: any that exists for Lantern itself (a
    command), one of their own for an administrator."""
    if not actor.is_system:
        return partnership_for_creator(actor=actor, partnership_id=partnership_id)
    if partnership_id is None or partnership_id not in partnership_names():
        raise ValidationFailed({"partnership": ["Choose the partnership the client sends for"]})
    return partnership_id


def open311_client_create(
    *, actor: Actor, name: str, partnership_id: uuid.UUID | None = None
) -> NewClient:
    """Register a client application for one partnership: it may send reports only for
    places in that partnership's area."""
    _may_manage(actor)
    if not CLIENT_NAME.match(name or ""):
        raise ValidationFailed(
            {"name": ["Use 1 to 40 letters, numbers, dots, dashes or underscores"]}
        )
    bound = _client_partnership(actor, partnership_id)
    api_key = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            client = Open311Client.objects.create(
                name=name, key_hash=hash_key(api_key), key_prefix=api_key[:8], partnership_id=bound
            )
            audit_record(
                actor=actor,
                action=events.CLIENT_CREATED,
                object_type="open311_client",
                object_id=client.pk,
                details={"client": client.name, "partnership": str(bound)},
            )
    except IntegrityError:
        raise ValidationFailed({"name": ["A client with this name already exists"]}) from None
    return NewClient(client=client, api_key=api_key)


def open311_client_revoke(*, actor: Actor, name: str) -> Open311Client:
    _may_manage(actor)
    with transaction.atomic():
        client = Open311Client.objects.select_for_update().filter(name=name).first()
        if client is None:
            raise NotFound("open311_client")
        if client.revoked_at is None:
            client.revoked_at = clock.now()
            client.save(update_fields=["revoked_at", "updated_at"])
            audit_record(
                actor=actor,
                action=events.CLIENT_REVOKED,
                object_type="open311_client",
                object_id=client.pk,
                details={"client": client.name},
            )
    return client


@dataclass
class SubmissionExtras:
    """What a client sends beyond the report: kept on the Open311Submission."""

    account_id: str = ""
    device_id: str = ""
    address_id: str = ""
    media_urls: list[str] = field(default_factory=list)
    media_files: list[media.MediaFile] = field(default_factory=list)


@dataclass(frozen=True)
class Submitted:
    report: Report
    submission: Open311Submission
    kept_media: list[media.KeptMedia]


def open311_request_create(
    *, client: Open311Client, data: ReportInput, extras: SubmissionExtras
) -> Submitted:
    """File a report sent by an Open311 client: the report (source open311, the client's
    name), its submission record, its media files and the audit event, in one transaction.
    The place must be in the client's partnership's area (else ValidationFailed on
    ``location``); a report with only an address goes to the client's partnership.
    Media files go to the keeper the evidence app registers (lantern.core.media), which
    refuses the lot (``media.MediaRefused``) before storing anything if one is of a kind
    Lantern does not accept, and raises ``media.MediaNotKept`` if the store fails: either
    way nothing, the report included, is kept."""
    if not client.active:
        raise PermissionDenied("open311_client")
    data.source = Report.Source.OPEN311
    data.open311_client = client.name
    actor = client_actor(client)
    with transaction.atomic():
        created = report_create(actor=actor, data=data, client_area=client_area(client))
        kept = media.media_keep(actor=actor, report_id=created.report.pk, files=extras.media_files)
        item_ids = [str(k.item_id) for k in kept]  # one per file, in order, when kept
        submission = Open311Submission.objects.create(
            report=created.report,
            client=client,
            token=secrets.token_urlsafe(24),
            account_id=extras.account_id,
            device_id=extras.device_id,
            address_id=extras.address_id,
            media_urls=extras.media_urls,
            media_files=[
                {
                    "field": f.field,
                    "size": f.size,
                    "content_type": f.content_type,
                    **({"item": item_ids[i]} if i < len(item_ids) else {}),
                }
                for i, f in enumerate(extras.media_files)
            ],
        )
        audit_record(
            actor=actor,
            action=events.REQUEST_RECEIVED,
            object_type="report",
            object_id=created.report.pk,
            details={
                "client": client.name,
                "submission": str(submission.pk),
                "media_urls": len(extras.media_urls),
                "media_files": len(extras.media_files),
                "media_bytes": sum(f.size for f in extras.media_files),
                "media_kept": len(kept),
            },
        )
    return Submitted(report=created.report, submission=submission, kept_media=kept)


@dataclass
class UpdateInput:
    service_request_id: str
    status: str
    description: str = ""
    external_id: str = ""
    media_url: str = ""
    sent_at: datetime | None = None


def open311_update_receive(
    *, client: Open311Client, report_id: uuid.UUID, data: UpdateInput
) -> Open311Update:
    """Keep an update a client sent on one of its own reports. The same external update id
    sent twice (a client retrying) gives back the update kept the first time."""
    if not client.active:
        raise PermissionDenied("open311_client")
    errors: dict[str, list[str]] = {}
    if len(data.description) > 10_000:
        errors["description"] = ["The description must be 10,000 characters or fewer"]
    if errors:
        raise ValidationFailed(errors)
    if data.external_id:
        existing = Open311Update.objects.filter(client=client, external_id=data.external_id).first()
        if existing is not None:
            return existing
    actor = client_actor(client)
    try:
        return _update_keep(actor, client, report_id, data)
    except IntegrityError:  # the same update arrived twice at once: keep the first
        existing = Open311Update.objects.filter(client=client, external_id=data.external_id).first()
        if existing is None:
            raise
        return existing


def _update_keep(
    actor: Actor, client: Open311Client, report_id: uuid.UUID, data: UpdateInput
) -> Open311Update:
    with transaction.atomic():
        update = Open311Update.objects.create(
            report_id=report_id,
            client=client,
            external_id=data.external_id,
            status=data.status,
            description=data.description.strip(),
            media_url=data.media_url,
            sent_at=data.sent_at,
        )
        audit_record(
            actor=actor,
            action=events.UPDATE_RECEIVED,
            object_type="report",
            object_id=report_id,
            details={"client": client.name, "update": str(update.pk), "status": data.status},
        )
    return update
