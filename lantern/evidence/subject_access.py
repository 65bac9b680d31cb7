"""The evidence app's part of a subject access request (lantern/core/directory.py): the
files the person handed over from their account (with each file's SHA-256, so that they can
check a copy) and the witness statements they made, from their account or under their name.
Only the query's partnerships are searched, and only for those who hold
SUBJECT_ACCESS_MANAGE. Registered in EvidenceConfig.ready."""

from __future__ import annotations

from django.db.models import Q

from lantern.core.actor import Actor
from lantern.core.directory import (
    HeldRecord,
    SubjectQuery,
    held,
    held_items,
    name_tokens,
    names_match,
    subject_access_allowed,
)
from lantern.evidence.models import EvidenceItem, Statement
from lantern.frontend.dates import format_datetime


def _items(query: SubjectQuery) -> list[HeldRecord]:
    if not query.user_ids:
        return []
    items = EvidenceItem.objects.filter(
        submitted_by__in=query.user_ids,
        partnership_id__in=query.partnership_ids,
        parent__isnull=True,  # originals: derived copies are Lantern's own work on them
    ).order_by("created_at")
    return [
        HeldRecord(
            source="evidence.evidenceitem",
            record_id=item.pk,
            reference="",
            title=f"File handed over: {item.get_category_display()}",
            why="They handed the file over from their account.",
            items=held_items(
                held("File name", item.filename),
                held("Kind of file", item.media_type),
                held("SHA-256 of the file", item.blob_id),
                held("Captured at (as the device said)", format_datetime(item.claimed_capture_at)),
                held("Received on", format_datetime(item.created_at)),
            ),
            recorded_on=item.created_at.date(),
        )
        for item in items
    ]


def _statements(query: SubjectQuery) -> list[HeldRecord]:
    mine = Q(witness_id__in=query.user_ids) if query.user_ids else Q(pk__in=[])
    tokens = name_tokens(query.name)
    for token in tokens:
        mine |= Q(witness_name__icontains=token)
    statements = Statement.objects.filter(mine, partnership_id__in=query.partnership_ids)
    return [
        HeldRecord(
            source="evidence.statement",
            record_id=statement.pk,
            reference="",
            title="Witness statement",
            why="They made the statement (from their account, or under the request's name).",
            items=held_items(
                held("Name", statement.witness_name),
                held("Occupation", statement.occupation),
                held("Statement", statement.signed_text or statement.body),
                held("Status", statement.get_status_display()),
                held("Signed on", format_datetime(statement.signed_at)),
                held("SHA-256 of the signed text", statement.sha256),
            ),
            recorded_on=statement.created_at.date(),
        )
        for statement in statements.order_by("created_at")
        if statement.witness_id in query.user_ids or names_match(query.name, statement.witness_name)
    ]


def find(actor: Actor, query: SubjectQuery) -> list[HeldRecord]:
    if not subject_access_allowed(actor) or not query.partnership_ids:
        return []
    return _items(query) + _statements(query)
