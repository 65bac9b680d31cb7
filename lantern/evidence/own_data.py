"""The evidence app's part of a resident's own data (lantern.core.residents_data.OwnDataPart): the
files they handed over (with the SHA-256 of each, as received) and the witness statements
they made, for their download; and what closing their account does to them: files and signed
statements are kept as evidence, unsigned drafts are deleted."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lantern.core import directory, residents_data
from lantern.core.actor import Actor
from lantern.core.permissions import Permission, can
from lantern.evidence.models import EvidenceItem, EvidenceLink, Statement


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def own_items(actor: Actor) -> QuerySet[EvidenceItem]:
    """The files the actor handed over (originals, not the copies Lantern made of them)."""
    if actor.user_id is None or not can(actor, Permission.EVIDENCE_UPLOAD):
        return EvidenceItem.objects.none()
    return EvidenceItem.objects.filter(submitted_by=actor.user_id, parent__isnull=True)


def own_statements(actor: Actor) -> QuerySet[Statement]:
    if actor.user_id is None or not can(actor, Permission.STATEMENT_MAKE):
        return Statement.objects.none()
    return Statement.objects.filter(witness_id=actor.user_id)


def _about(actor: Actor, kind: str, target_id: Any) -> dict[str, str]:
    """What a file or statement is about, as the resident knows it: their report's
    reference, or the kind of record and its id."""
    if kind == "report" and target_id:
        found = directory.report(actor, target_id)
        if found is not None:
            return {"kind": "report", "reference": found.reference}
    return {"kind": kind or "nothing", "id": str(target_id or "")}


def export(actor: Actor) -> list[residents_data.OwnDataSection]:
    items = list(own_items(actor).select_related("blob").order_by("created_at"))
    links: dict[Any, list[EvidenceLink]] = {}
    for link in EvidenceLink.objects.filter(item__in=items).order_by("created_at"):
        links.setdefault(link.item_id, []).append(link)
    uploads = tuple(
        {
            "id": str(item.pk),
            "received_at": _iso(item.created_at),
            "file_name": item.filename,
            "type": item.media_type,
            "kind": item.get_category_display(),
            "size_bytes": item.blob.size,
            "sha256": item.blob_id,
            "recorded_at_as_you_said": _iso(item.claimed_capture_at),
            "device": item.get_device_kind_display() or None,
            "sound_recorded": item.audio_recorded,
            "about": [_about(actor, link.kind, link.target_id) for link in links.get(item.pk, [])],
        }
        for item in items
    )
    statements = tuple(
        {
            "id": str(statement.pk),
            "started_at": _iso(statement.created_at),
            "status": statement.get_status_display(),
            "signed_at": _iso(statement.signed_at),
            "signed_name": statement.signed_name or None,
            "sha256_of_signed_text": statement.sha256 or None,
            "witness_name": statement.witness_name,
            "age_if_under_18": statement.age_if_under_18,
            "occupation": statement.occupation,
            "text": statement.signed_text if statement.is_signed else statement.body,
            "exhibits_referred_to": list(statement.exhibit_references),
            "willing_to_attend_court": statement.willing_to_attend_court,
            "dates_to_avoid": statement.dates_to_avoid,
            "special_measures": statement.special_measures,
            "consent_to_share_contact_details": statement.consent_share_contact,
            "about": _about(actor, statement.link_kind, statement.link_id),
            "corrects": str(statement.corrects_id) if statement.corrects_id else None,
        }
        for statement in own_statements(actor).order_by("created_at")
    )
    return [
        residents_data.OwnDataSection(
            key="uploads",
            title="Files you handed over",
            description="Each photo, video, recording or document you uploaded, as "
            "received. The SHA-256 is the file's fingerprint: a copy you keep has the same "
            "one if it is byte for byte the same file.",
            records=uploads,
        ),
        residents_data.OwnDataSection(
            key="statements",
            title="Witness statements you made",
            description="Each statement you started, as you wrote it, or as you signed it "
            "with the fingerprint (SHA-256) of the signed text.",
            records=statements,
            item_name="Statement",
        ),
    ]


UPLOADS_WHY = (
    "Kept as evidence, byte for byte as you handed them over, with the record of everyone "
    "who has handled them. They no longer carry your name or contact details."
)
SIGNED_WHY = (
    "Kept as evidence, unchanged, with the name you signed them with. A signed statement can "
    "be used in court to the same extent as if you gave that evidence in person (Criminal "
    "Justice Act 1967 s.9), and the police must record and retain material obtained in a "
    "criminal investigation that may be relevant (CPIA 1996 Code of Practice), so a signed statement cannot be withdrawn "
    "by closing your account."
)
DRAFTS_WHY = "Deleted. You never signed them, so they are not evidence."


def outcomes(items: int, signed: int, drafts: int) -> list[residents_data.KeptOrGone]:
    return [
        residents_data.KeptOrGone(
            key="uploads", label="Files you handed over", count=items, kept=True, why=UPLOADS_WHY
        ),
        residents_data.KeptOrGone(
            key="signed_statements",
            label="Witness statements you signed",
            count=signed,
            kept=True,
            why=SIGNED_WHY,
        ),
        residents_data.KeptOrGone(
            key="draft_statements",
            label="Witness statements you started but did not sign",
            count=drafts,
            kept=False,
            why=DRAFTS_WHY,
        ),
    ]


def closing_preview(actor: Actor) -> list[residents_data.KeptOrGone]:
    statements = own_statements(actor)
    signed = statements.filter(status=Statement.Status.SIGNED).count()
    return outcomes(own_items(actor).count(), signed, statements.count() - signed)


def close(actor: Actor) -> list[residents_data.KeptOrGone]:
    from lantern.evidence.statements import statement_drafts_delete_own

    statements = own_statements(actor)
    signed = statements.filter(status=Statement.Status.SIGNED).count()
    drafts = statement_drafts_delete_own(actor=actor)
    return outcomes(own_items(actor).count(), signed, drafts)


PART = residents_data.OwnDataPart(
    key="evidence", order=20, export=export, closing_preview=closing_preview, close=close
)
