"""The schedules' PDFs drawn with reportlab (invariant mode: the same lines give the same
bytes). Imported only when a PDF is wanted (``selectors.schedules._render``)."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from lantern.disclosure import wording
from lantern.disclosure.documents import (
    HEADERS,
    MG6E,
    NIL_MG6D,
    NIL_MG6E,
    SHORT_NAMES,
    TITLES,
    Heading,
)
from lantern.disclosure.models import Schedule


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def _row(schedule: str, line: dict[str, Any], body: ParagraphStyle) -> list[Any]:
    if schedule == MG6E:
        where = line["reference"] or f"{SHORT_NAMES[Schedule(line['schedule'])]} {line['number']}"
        return [_p(where, body), _p(line["description"], body), _p(line["mg6e"], body)]
    if schedule == Schedule.MG12:
        return [_p(line["reference"], body), _p(line["description"], body)]
    row = [_p(line["number"], body), _p(line["description"], body)]
    if schedule == Schedule.MG6D:
        row.append(_p(line["reason"], body))
    return row


def _table(schedule: str, lines: list[dict[str, Any]], body: ParagraphStyle) -> Table:
    header = [_p(text, body) for text in HEADERS[schedule]]
    widths = {
        Schedule.MG6C: [16 * mm, 154 * mm],
        Schedule.MG6D: [16 * mm, 94 * mm, 60 * mm],
        Schedule.MG12: [26 * mm, 144 * mm],
        MG6E: [30 * mm, 80 * mm, 60 * mm],
    }[schedule]
    table = Table([header] + [_row(schedule, line, body) for line in lines], colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def render_pdf(schedule: str, lines: list[dict[str, Any]], heading: Heading) -> bytes:
    """One schedule's PDF from snapshot lines (those of this schedule, in order); for the
    disclosure officer's report (MG6E), the lines it flags, from every schedule."""
    sheet = getSampleStyleSheet()
    title = ParagraphStyle("title", parent=sheet["Title"], fontSize=16, leading=20)
    body = ParagraphStyle("body", parent=sheet["BodyText"], fontSize=10, leading=13)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10)
    story: list[Any] = [
        _p(TITLES[schedule], title),
        _p(f"Case {heading.case_reference}. {heading.version}.", body),
        _p(f"Disclosure officer: {heading.officer}. Date: {heading.made_on}.", body),
        Spacer(1, 4 * mm),
    ]
    if schedule == MG6E:
        mine = [line for line in lines if line.get("mg6e")]
    else:
        mine = [line for line in lines if line["schedule"] == schedule]
    if mine:
        story.append(_table(schedule, mine, body))
    elif schedule == MG6E:
        story.append(_p(NIL_MG6E, body))
        story.append(_p(f"Endorsed by the disclosure officer, {heading.officer}.", body))
    elif schedule == Schedule.MG6D:
        story.append(_p(NIL_MG6D, body))
        story.append(_p(f"Endorsed by the disclosure officer, {heading.officer}.", body))
    else:
        story.append(_p("There is nothing on this schedule.", body))
    story.append(Spacer(1, 6 * mm))
    story += [_p(note, small) for note in wording.SCHEDULE_NOTES[schedule]]
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=TITLES[schedule],
        author="Lantern",
        invariant=1,
    ).build(story)
    return buffer.getvalue()
