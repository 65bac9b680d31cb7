"""Every read of evidence, filtered for the actor.

Staff who may view evidence see the items of their partnerships, and those shared with one of
them (a share of an item reaches its derived copies too), then their role decides
(docs/adr/0015-partnership-is-the-scope.md); a resident sees the items they handed over;
someone without an account sees, through their upload capability, the receipt for what they
uploaded with it, and nothing else. Statements likewise: staff who may view them see their
partnerships' (and their own), a witness sees their own. Anything else is NotFound.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from lantern.accounts.models import Share
from lantern.accounts.selectors import in_scope, scope_q, shares_of
from lantern.core import directory
from lantern.core.actor import Actor
from lantern.core.errors import NotFound
from lantern.core.permissions import Permission, can, register_object_policy
from lantern.evidence.events import ITEM, STATEMENT
from lantern.evidence.models import (
    PLAYABLE,
    POSTER,
    PREVIEW_PURPOSES,
    EvidenceItem,
    EvidenceLink,
    Exhibit,
    ItemFlag,
    LinkKind,
    Statement,
    StatementExhibit,
)
from lantern.evidence.redaction.models import REDACTED
from lantern.places.selectors import footage_request_get

LINKABLE_KINDS = frozenset({LinkKind.REPORT, LinkKind.CASE, LinkKind.FOOTAGE_REQUEST})


def item_in_scope(actor: Actor, item: EvidenceItem) -> bool:
    """Whether the item is in the actor's partnerships, or shared with one of them (itself,
    or the original it was derived from)."""
    if in_scope(actor, object_type=ITEM, object_id=item.pk, partnership_id=item.partnership_id):
        return True
    return item.parent_id is not None and in_scope(
        actor, object_type=ITEM, object_id=item.parent_id, partnership_id=item.partnership_id
    )


def _item_policy(actor: Actor, permission: Permission, record: EvidenceItem) -> bool:
    if permission in (
        Permission.EVIDENCE_VIEW,
        Permission.EVIDENCE_MANAGE,
        Permission.EVIDENCE_REDACT,
    ):
        return item_in_scope(actor, record)  # then the role decides (partnership casework)
    return actor.user_id is not None and record.submitted_by == actor.user_id


def _statement_policy(actor: Actor, permission: Permission, record: Statement) -> bool:
    if actor.user_id is not None and record.witness_id == actor.user_id:
        return True
    if permission is Permission.STATEMENT_VIEW:
        return in_scope(
            actor,
            object_type=STATEMENT,
            object_id=record.pk,
            partnership_id=record.partnership_id,
        )
    return False


register_object_policy(EvidenceItem, _item_policy)
register_object_policy(Statement, _statement_policy)


# --- items ------------------------------------------------------------------------------------


def _item_scope(actor: Actor) -> Q:
    """Items of the actor's partnerships or shared with one of them, and the derived copies
    of items shared with one of them."""
    return scope_q(actor, object_type=ITEM) | scope_q(
        actor, object_type=ITEM, field="parent__partnership"
    )


def item_list(*, actor: Actor) -> QuerySet[EvidenceItem]:
    """Newest first: for staff who may view evidence, their partnerships' items; for anyone
    else who may upload, the items they handed over."""
    items = EvidenceItem.objects.select_related("blob").order_by("-created_at")
    if can(actor, Permission.EVIDENCE_VIEW):
        return items.filter(_item_scope(actor))
    if actor.user_id is not None and can(actor, Permission.EVIDENCE_UPLOAD):
        return items.filter(submitted_by=actor.user_id)
    return items.none()


def item_get(*, actor: Actor, item_id: uuid.UUID) -> EvidenceItem:
    item = item_list(actor=actor).filter(pk=item_id).first()
    if item is None:
        raise NotFound("evidence item")
    return item


def item_get_for_update(*, actor: Actor, item_id: uuid.UUID) -> EvidenceItem:
    item = item_list(actor=actor).select_for_update(of=("self",)).filter(pk=item_id).first()
    if item is None:
        raise NotFound("evidence item")
    return item


def link_target_check(*, actor: Actor, kind: str, target_id: uuid.UUID) -> None:
    """The record an item or a statement is to be linked to, resolved for the actor through
    its owner's permission layer (a case or report through lantern.core.directory, a footage
    request through places): one the actor may not see, or that does not exist, is
    NotFound, so nothing is ever linked to it."""
    if kind == LinkKind.CASE:
        found = directory.case(actor, target_id) is not None
    elif kind == LinkKind.REPORT:
        found = directory.report(actor, target_id) is not None
    elif kind == LinkKind.FOOTAGE_REQUEST:
        footage_request_get(actor=actor, id=target_id)  # else NotFound
        found = True
    else:
        found = False
    if not found:
        raise NotFound(kind or "record")


def items_linked_to(*, actor: Actor, kind: str, target_id: uuid.UUID) -> QuerySet[EvidenceItem]:
    """The items attached to a report, footage request or case, as the actor may see them."""
    linked = EvidenceLink.objects.filter(kind=kind, target_id=target_id).values("item_id")
    return item_list(actor=actor).filter(pk__in=linked)


def items_for_case(
    *, actor: Actor, case_id: uuid.UUID, report_ids: Iterable[uuid.UUID] = ()
) -> QuerySet[EvidenceItem]:
    """The original items on a case: attached to it, or to one of its reports (whose ids
    the cases app gives through lantern.core.directory). Oldest first."""
    on_case = Q(kind=LinkKind.CASE, target_id=case_id)
    on_reports = Q(kind=LinkKind.REPORT, target_id__in=list(report_ids))
    linked = EvidenceLink.objects.filter(on_case | on_reports).values("item_id")
    return item_list(actor=actor).filter(pk__in=linked, parent__isnull=True).order_by("created_at")


@dataclass(frozen=True)
class LinkedItem:
    """An original item and the record (kind, id) it is linked to, of those asked about."""

    item: EvidenceItem
    kind: str
    target_id: uuid.UUID


@dataclass(frozen=True)
class Linked:
    """What is linked to some reports or cases, as the actor may see it: original items
    (blob and flags loaded), oldest first, each once; statements, oldest first."""

    items: tuple[LinkedItem, ...] = ()
    statements: tuple[Statement, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.items or self.statements)


def linked_to(*, actor: Actor, kind: str, ids: Iterable[uuid.UUID]) -> Linked:
    """The original items and the statements linked to the records of ``kind`` ("report",
    "case", "footage_request") with these ids: for staff, what their partnerships hold (and
    what is shared with them), their reads logged; for a resident, only what they handed
    over and the statements they gave. Three queries, however many records and items (items
    with their blobs, the items' flags, statements), plus for a member of staff the access
    event of the records with something to show: one per kind of record, however many
    records (``_record_list_access``)."""
    return linked_to_any(actor=actor, targets={kind: ids})


def linked_to_any(*, actor: Actor, targets: dict[str, Iterable[uuid.UUID]]) -> Linked:
    """``linked_to`` for records of several kinds at once (a case and its reports)."""
    wanted = {kind: list(ids) for kind, ids in targets.items() if kind in LINKABLE_KINDS}
    wanted = {kind: ids for kind, ids in wanted.items() if ids}
    if not wanted:
        return Linked()
    links_q, statements_q = Q(pk__in=[]), Q(pk__in=[])
    for kind, ids in wanted.items():
        links_q |= Q(kind=kind, target_id__in=ids)
        statements_q |= Q(link_kind=kind, link_id__in=ids)
    visible = item_list(actor=actor).filter(parent__isnull=True).values("pk")
    links = (
        EvidenceLink.objects.filter(links_q, item__in=visible)
        .select_related("item__blob")
        .prefetch_related("item__flags")
        .order_by("item__created_at", "created_at")
    )
    items: dict[uuid.UUID, LinkedItem] = {}
    for link in links:
        items.setdefault(link.item_id, LinkedItem(link.item, link.kind, link.target_id))
    statements = tuple(statement_list(actor=actor).filter(statements_q).order_by("created_at"))
    _record_list_access(actor, items.values(), statements)
    return Linked(items=tuple(items.values()), statements=statements)


def _record_list_access(
    actor: Actor, items: Iterable[LinkedItem], statements: Iterable[Statement]
) -> None:
    """A member of staff reading what is linked to records: the reads of the records that
    had something to show (a resident's own are not logged). Of each kind, one record (the
    report of a report page, the case of a case page) is a ``record.viewed`` on it; several
    (a case's reports) one ``record.listed`` naming them (ADR 0020), however many."""
    from lantern.audit.services import audit_access, audit_access_list
    from lantern.core.dataclass import DataClass

    if not actor.is_staff:
        return
    shown: dict[str, set[uuid.UUID]] = {}
    for kind, target_id in [(linked.kind, linked.target_id) for linked in items] + [
        (s.link_kind, s.link_id) for s in statements if s.link_id is not None
    ]:
        shown.setdefault(kind, set()).add(target_id)
    for kind, ids in sorted(shown.items()):
        read: dict[str, Any] = {"actor": actor, "object_type": kind, "purpose": "linked_evidence"}
        if len(ids) == 1:
            audit_access(object_id=ids.pop(), data_class=DataClass.PERSONAL, **read)
        else:
            audit_access_list(object_ids=ids, data_class=DataClass.PERSONAL, **read)


def items_for_receipt(
    *, actor: Actor, token_digest: str = "", item_ids: list[uuid.UUID] | None = None
) -> QuerySet[EvidenceItem]:
    """What a resident handed over: their own items, or those uploaded with a capability."""
    items = (
        EvidenceItem.objects.select_related("blob").prefetch_related("flags").order_by("created_at")
    )
    own = Q(submitted_by=actor.user_id) if actor.user_id is not None else Q(pk__in=[])
    by_token = Q(token_digest=token_digest) if token_digest else Q(pk__in=[])
    items = items.filter(own | by_token)
    if item_ids is not None:
        items = items.filter(pk__in=item_ids)
    return items


def item_links(*, actor: Actor, item: EvidenceItem) -> QuerySet[EvidenceLink]:
    if not can(actor, Permission.EVIDENCE_VIEW, item):
        return EvidenceLink.objects.none()
    return item.links.order_by("created_at")


def item_derivatives(*, actor: Actor, item: EvidenceItem) -> QuerySet[EvidenceItem]:
    """Derived copies of an item (previews, playable or redacted copies), for officers."""
    if not can(actor, Permission.EVIDENCE_VIEW, item):
        return EvidenceItem.objects.none()
    return item.derivatives.select_related("blob").order_by("created_at")


def item_preview(*, actor: Actor, item: EvidenceItem) -> EvidenceItem | None:
    """The preview made of an item (a photo's thumbnail or a video's poster frame), if any."""
    return (
        item_derivatives(actor=actor, item=item)
        .filter(derived_purpose__in=PREVIEW_PURPOSES, category=EvidenceItem.Category.IMAGE)
        .first()
    )


# --- playback ---------------------------------------------------------------------------------

# Sound files that browsers play as they are (served as the first media type given).
BROWSER_AUDIO = {
    "audio/mpeg": "audio/mpeg",
    "audio/mp4": "audio/mp4",
    "audio/aac": "audio/aac",
    "audio/ogg": "audio/ogg",
    "audio/x-wav": "audio/wav",
    "audio/x-flac": "audio/flac",
}
RECORDINGS = (EvidenceItem.Category.VIDEO, EvidenceItem.Category.OPAQUE)


@dataclass(frozen=True)
class Playback:
    """How an original item plays in the browser, for ``evidence/_player.html``.

    ``playable`` is the derived playable copy (an item); True when the item plays as it
    is (a sound file browsers play, or itself a playable copy); None while its copy is
    being made; False when it cannot be played in the browser (or the actor may not play
    evidence). ``failed`` says no copy could be made of this recording (it is flagged);
    ``poster`` that a poster frame exists (served at ``evidence:item-preview``)."""

    item: EvidenceItem
    playable: EvidenceItem | bool | None
    poster: bool = False
    failed: bool = False


def playback_for(*, actor: Actor, items: Iterable[EvidenceItem]) -> dict[uuid.UUID, Playback]:
    """How each of ``items`` (originals the actor may see, from another selector) plays,
    by item id, in two queries whatever their number: their playable copies and poster
    frames as the actor may see them, and the items no copy could be made of."""
    items = list(items)
    if not can(actor, Permission.EVIDENCE_VIEW):  # playback is for staff, as downloads are
        return {item.pk: Playback(item=item, playable=False) for item in items}
    ids = [item.pk for item in items]
    copies: dict[uuid.UUID, EvidenceItem] = {}
    posters: set[uuid.UUID] = set()
    made = item_list(actor=actor).filter(parent_id__in=ids, derived_purpose__in=(PLAYABLE, POSTER))
    for copy in made.order_by("created_at"):
        if copy.parent_id is None:
            continue
        if copy.derived_purpose == PLAYABLE:
            copies.setdefault(copy.parent_id, copy)
        elif copy.category == EvidenceItem.Category.IMAGE:
            posters.add(copy.parent_id)
    failed = set(
        ItemFlag.objects.filter(item_id__in=ids, code=ItemFlag.Code.NO_PLAYABLE_COPY).values_list(
            "item_id", flat=True
        )
    )
    answer: dict[uuid.UUID, Playback] = {}
    for item in items:
        playable: EvidenceItem | bool | None
        if item.pk in copies:
            playable = copies[item.pk]
        elif _plays_as_it_is(item) or (item.parent_id is None and item.media_type in BROWSER_AUDIO):
            playable = True
        elif item.parent_id is None and item.category in RECORDINGS and item.pk not in failed:
            playable = None  # being made
        else:
            playable = False
        answer[item.pk] = Playback(
            item=item, playable=playable, poster=item.pk in posters, failed=item.pk in failed
        )
    return answer


def _plays_as_it_is(item: EvidenceItem) -> bool:
    """A playable copy, or a redacted copy of a video (made the same way: H.264/AAC MP4)."""
    return item.derived_purpose == PLAYABLE or (
        item.derived_purpose == REDACTED and item.category == EvidenceItem.Category.VIDEO
    )


def playback_of(*, actor: Actor, item: EvidenceItem) -> Playback:
    """How one item plays (``playback_for`` for one)."""
    return playback_for(actor=actor, items=[item])[item.pk]


def playable_source(*, actor: Actor, item: EvidenceItem) -> tuple[EvidenceItem, str] | None:
    """What ``evidence:item-play`` streams for an item the actor may see, and its media
    type: its playable copy; the item itself when it is a playable copy, or a sound file
    browsers play; else None."""
    if _plays_as_it_is(item):
        return item, "video/mp4"
    if item.parent_id is None and item.media_type in BROWSER_AUDIO:
        return item, BROWSER_AUDIO[item.media_type]
    copy = item_derivatives(actor=actor, item=item).filter(derived_purpose=PLAYABLE).first()
    return (copy, "video/mp4") if copy is not None else None


def may_share_item(*, actor: Actor, item: EvidenceItem) -> bool:
    """Whether the actor may share the item, or withdraw its shares: staff of the item's own
    partnership who may manage evidence (a partnership it is shared with cannot pass it on)."""
    if not can(actor, Permission.EVIDENCE_MANAGE, item):
        return False
    return actor.is_system or item.partnership_id in actor.partnership_ids


def item_shares(*, actor: Actor, item: EvidenceItem) -> QuerySet[Share]:
    """The item's live shares with other partnerships, newest first, for those who may
    share it."""
    if not may_share_item(actor=actor, item=item):
        return Share.objects.none()
    return shares_of(object_type=ITEM, object_id=item.pk).filter(withdrawn_at__isnull=True)


def item_exhibits(*, actor: Actor, item: EvidenceItem) -> QuerySet[Exhibit]:
    if not can(actor, Permission.EVIDENCE_VIEW, item):
        return Exhibit.objects.none()
    return item.exhibits.order_by("created_at")


def exhibits_in_case(*, actor: Actor, case_id: uuid.UUID) -> QuerySet[Exhibit]:
    """The exhibits of a case (for the cases app), by reference order: those whose item the
    actor may see (an exhibit belongs to its item's partnership)."""
    if not can(actor, Permission.EVIDENCE_VIEW):
        return Exhibit.objects.none()
    return (
        Exhibit.objects.filter(scope_q(actor, object_type=ITEM, field="item__partnership"))
        .filter(case_id=case_id)
        .select_related("item")
        .order_by("initials", "number")
    )


def exhibit_by_reference(*, actor: Actor, case_id: uuid.UUID, reference: str) -> Exhibit:
    exhibit = exhibits_in_case(actor=actor, case_id=case_id).filter(reference=reference).first()
    if exhibit is None:
        raise NotFound("exhibit")
    return exhibit


def custody_timeline(*, actor: Actor, item: EvidenceItem) -> list:
    """Every custody event on the item, oldest first, for those who may see the item."""
    from lantern.audit.selectors import events_for_object

    if not (
        can(actor, Permission.EVIDENCE_VIEW, item)
        or _item_policy(actor, Permission.EVIDENCE_UPLOAD, item)
    ):
        return []
    return list(events_for_object(actor=actor, object_type="evidence_item", object_id=str(item.pk)))


def item_flags(*, actor: Actor, item: EvidenceItem) -> QuerySet[ItemFlag]:
    """What the content checks flagged on the item as it arrived, for those who may see the
    item (staff) and for the resident who handed it over."""
    if not (
        can(actor, Permission.EVIDENCE_VIEW, item)
        or _item_policy(actor, Permission.EVIDENCE_UPLOAD, item)
    ):
        return ItemFlag.objects.none()
    return item.flags.order_by("created_at", "code")


# --- statements ---------------------------------------------------------------------------------


def statement_list(*, actor: Actor) -> QuerySet[Statement]:
    """Newest first: for staff who may view statements, their partnerships' (and their own
    as a witness); for anyone else who may make one, their own."""
    statements = Statement.objects.order_by("-created_at")
    if can(actor, Permission.STATEMENT_VIEW):
        own = Q(witness_id=actor.user_id) if actor.user_id is not None else Q(pk__in=[])
        return statements.filter(scope_q(actor, object_type=STATEMENT) | own)
    if actor.user_id is not None and can(actor, Permission.STATEMENT_MAKE):
        return statements.filter(witness_id=actor.user_id)
    return statements.none()


def statement_get(*, actor: Actor, statement_id: uuid.UUID) -> Statement:
    from lantern.audit.services import audit_access
    from lantern.core.dataclass import DataClass

    statement = statement_list(actor=actor).filter(pk=statement_id).first()
    if statement is None:
        raise NotFound("statement")
    if statement.witness_id != actor.user_id:
        audit_access(
            actor=actor,
            object_type=STATEMENT,
            object_id=statement.pk,
            data_class=DataClass.PERSONAL,
        )
    return statement


def statements_for_case(
    *,
    actor: Actor,
    case_id: uuid.UUID,
    report_ids: Iterable[uuid.UUID] = (),
    signed_only: bool = False,
    partnership_ids: Iterable[uuid.UUID] | None = None,
) -> QuerySet[Statement]:
    """The statements about a case or one of its reports (whose ids the cases app gives
    through lantern.core.directory) that the actor may see, oldest first: how a statement
    started from a report is found from the report's case. ``signed_only``: signed ones
    only; ``partnership_ids``: only those belonging to one of these partnerships."""
    on_case = Q(link_kind=LinkKind.CASE, link_id=case_id)
    on_reports = Q(link_kind=LinkKind.REPORT, link_id__in=list(report_ids))
    statements = statement_list(actor=actor).filter(on_case | on_reports)
    if signed_only:
        statements = statements.filter(status=Statement.Status.SIGNED)
    if partnership_ids is not None:
        statements = statements.filter(partnership_id__in=list(partnership_ids))
    return statements.order_by("created_at")


def statements_linked_to(*, actor: Actor, kind: str, target_id: uuid.UUID) -> QuerySet[Statement]:
    """The statements about one report, case or footage request, as the actor may see them."""
    return (
        statement_list(actor=actor).filter(link_kind=kind, link_id=target_id).order_by("created_at")
    )


def statement_exhibits(*, actor: Actor, statement: Statement) -> QuerySet[StatementExhibit]:
    """The exhibits linked to a statement (by reference order), for those who may see it:
    its witness, and staff who may view statements in its partnership."""
    witness = actor.user_id is not None and statement.witness_id == actor.user_id
    if not (witness or can(actor, Permission.STATEMENT_VIEW, statement)):
        return StatementExhibit.objects.none()
    return statement.exhibit_links.select_related("exhibit", "exhibit__item").order_by(
        "exhibit__initials", "exhibit__number"
    )
