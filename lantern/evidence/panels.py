"""What is linked to a report or a case, on the pages where people need it: the evidence
items and witness statements, shown by the include ``evidence/_linked_evidence.html``.

The reports app's pages may not import this app (they are siblings), so the evidence app
registers panels on them (``lantern.frontend.panels``): the staff report page (triage) and
the resident's own report page. The cases app, above this one, calls ``linked_context``
itself for its case page. Every read goes through ``selectors.linked_to_any``, which applies
the permission layer and records the access events."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from govuk_frontend_django.components.details import GovUKDetails
from govuk_frontend_django.components.summary_list import GovUKSummaryList

from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.evidence import selectors
from lantern.evidence.contentchecks.flag import uploader_notice
from lantern.evidence.models import LinkKind, Statement
from lantern.frontend.components import summary_list
from lantern.frontend.dates import format_date
from lantern.frontend.panels import Column, Page, Panel, register

SHORT_HASH = 12  # characters of a SHA-256 shown in a list; the full value is there too

FINGERPRINT_SENTENCE = (
    "The SHA-256 fingerprint is worked out from every byte of the file as Lantern received "
    "it. If anyone changed the file, even slightly, its fingerprint would be different, so "
    "you, the police or a court can check that the file used is exactly the one you handed "
    "over."
)


day = format_date  # "7 December 2026", in London time


@dataclass(frozen=True)
class Entry:
    """One item or statement in the list: its heading (a link where the reader may open
    it), warnings, and its details as a GOV.UK summary list."""

    title: str
    url: str
    details: GovUKSummaryList
    warnings: tuple[str, ...] = ()
    kind: str = "item"  # or "statement"
    playback: selectors.Playback | None = None  # staff: how the item plays in the browser


@dataclass(frozen=True)
class LinkedContext:
    """The include's context: entries, and the sentence to show when there are none."""

    entries: tuple[Entry, ...]
    empty: str
    resident: bool = False
    fingerprint_sentence: str = field(default=FINGERPRINT_SENTENCE)


def _rows(rows: list[tuple[str, Any, bool]]) -> GovUKSummaryList:
    """A summary list whose values are text, or safe HTML where the flag says so."""
    return summary_list(
        [(key, value) for key, value, _ in rows],
        html_rows=frozenset(index for index, (_, _, html) in enumerate(rows) if html),
    )


def _hash(sha256: str, *, full: bool) -> str:
    """The fingerprint: in full, or its first characters with the whole value for screen
    readers and, under "Full SHA-256", to read or copy."""
    if full or len(sha256) <= SHORT_HASH:
        return format_html('<code class="lantern-hash">{}</code>', sha256)
    details = GovUKDetails(
        summaryText="Full SHA-256",
        html=format_html('<code class="lantern-hash">{}</code>', sha256),
        classes="govuk-!-margin-top-2 govuk-!-margin-bottom-0",
    ).render()
    return format_html(
        '<code class="lantern-hash" aria-hidden="true">{}…</code>'
        '<span class="govuk-visually-hidden">{}</span>{}',
        sha256[:SHORT_HASH],
        sha256,
        details,
    )


def _item_entry(
    linked: selectors.LinkedItem,
    *,
    resident: bool,
    via: dict[uuid.UUID, str],
    reference: str,
    playback: selectors.Playback | None = None,
) -> Entry:
    item = linked.item
    flags = list(item.flags.all())
    rows: list[tuple[str, Any, bool]] = [
        ("Kind", item.get_category_display(), False),
        ("Received", day(item.created_at), False),
        ("SHA-256", _hash(item.blob.sha256, full=resident), True),
    ]
    if reference:
        rows.insert(0, ("Exhibit", reference, False))
    if via.get(linked.target_id):
        rows.append(("Handed over with", via[linked.target_id], False))
    warnings: list[str] = []
    if resident:
        notice = uploader_notice([flag.code for flag in flags])
        if notice:
            rows.append(("What Lantern noticed", notice, False))
    else:
        rows.append(
            ("Checks", "; ".join(f.get_code_display() for f in flags) or "Nothing flagged", False)
        )
        if item.warning:
            warnings.append(item.warning)
        if flags:
            warnings.append("The content checks flagged this file: read the item's page first.")
    return Entry(
        title=item.filename or "(no name)",
        url="" if resident else reverse("evidence:item", args=[item.pk]),
        details=_rows(rows),
        warnings=tuple(warnings),
        playback=playback,
    )


def _statement_entry(statement: Statement, *, resident: bool, via: dict[uuid.UUID, str]) -> Entry:
    signed = statement.is_signed
    rows: list[tuple[str, Any, bool]] = [
        ("Kind", "Witness statement (MG11)", False),
        ("Status", "Signed" if signed else "Draft, not signed yet", False),
        (
            "Signed" if signed else "Started",
            day(statement.signed_at or statement.created_at),
            False,
        ),
    ]
    if signed and statement.sha256:
        rows.append(("SHA-256", _hash(statement.sha256, full=resident), True))
    if statement.link_id is not None and via.get(statement.link_id):
        rows.append(("Given about", via[statement.link_id], False))
    title = "Your statement" if resident else f"Statement of {statement.witness_name}"
    return Entry(
        title=title,
        url=reverse("evidence:statement", args=[statement.pk]),
        details=_rows(rows),
        warnings=() if signed or resident else ("Not signed: it is not evidence yet.",),
        kind="statement",
    )


def linked_context(
    linked: selectors.Linked,
    *,
    resident: bool = False,
    via: dict[uuid.UUID, str] | None = None,
    references: dict[uuid.UUID, str] | None = None,
    empty: str = "No evidence or statements are linked yet.",
    playback: dict[uuid.UUID, selectors.Playback] | None = None,
) -> LinkedContext:
    """The include's context for what ``linked_to`` found. ``via``: a label for each linked
    record that is not the page's own (a case's reports); ``references``: exhibit references
    by item id; ``resident``: the resident's own view (full fingerprints, their notices);
    ``playback``: ``selectors.playback_for`` of the items, for a player on staff pages."""
    via = via or {}
    references = references or {}
    playback = playback or {}
    entries = [
        _item_entry(
            i,
            resident=resident,
            via=via,
            reference=references.get(i.item.pk, ""),
            playback=playback.get(i.item.pk),
        )
        for i in linked.items
    ] + [_statement_entry(s, resident=resident, via=via) for s in linked.statements]
    return LinkedContext(entries=tuple(entries), empty=empty, resident=resident)


# --- panels on the reports app's pages -------------------------------------------------------


def _report(request: LanternRequest, *, report_id: uuid.UUID, **_: Any) -> dict[str, Any]:
    linked = selectors.linked_to(actor=request.actor, kind=LinkKind.REPORT, ids=[report_id])
    playback = selectors.playback_for(actor=request.actor, items=[i.item for i in linked.items])
    return {"linked": linked_context(linked, playback=playback)}


def _resident_report(request: LanternRequest, *, report_id: uuid.UUID, **_: Any) -> dict[str, Any]:
    linked = selectors.linked_to(actor=request.actor, kind=LinkKind.REPORT, ids=[report_id])
    return {
        "linked": linked_context(
            linked,
            resident=True,
            empty="You have not handed over any files or statements about this report.",
        )
    }


register(
    Panel(
        name="evidence.report_linked",
        page=Page.REPORT,
        column=Column.MAIN,
        template="evidence/panels/linked.html",
        permission=Permission.EVIDENCE_VIEW,
        context=_report,
        order=10,
    )
)
register(
    Panel(
        name="evidence.resident_report_linked",
        page=Page.RESIDENT_REPORT,
        column=Column.MAIN,
        template="evidence/panels/handed_over.html",
        permission=Permission.REPORT_VIEW_OWN,
        context=_resident_report,
        order=10,
    )
)
