"""The response's PDF, drawn with reportlab (invariant mode: the same response gives the same
bytes), tagged with a title and language for readers. Imported only when a response is
released (services.response_release), so the web process does not load reportlab."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from lantern.subjectaccess.documents import heading

TITLE = "Your personal data: response to a subject access request"


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def _record(record: dict[str, Any], h2: ParagraphStyle, body: ParagraphStyle) -> list[Any]:
    title = record["kind"] + (f" ({record['reference']})" if record["reference"] else "")
    rows = [[_p(item["label"], body), _p(item["value"], body)] for item in record["items"]]
    parts: list[Any] = [_p(title, h2)]
    if rows:
        table = Table(rows, colWidths=[50 * mm, 120 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        parts.append(table)
    return [KeepTogether(parts[:2]), Spacer(1, 4 * mm)]


def render_pdf(data: dict[str, Any]) -> bytes:
    sheet = getSampleStyleSheet()
    title = ParagraphStyle("title", parent=sheet["Title"], fontSize=16, leading=20)
    h2 = ParagraphStyle("h2", parent=sheet["Heading2"], fontSize=12, leading=15)
    body = ParagraphStyle("body", parent=sheet["BodyText"], fontSize=10, leading=13)
    story: list[Any] = [_p(TITLE, title)]
    story += [_p(line, body) for line in heading(data)]
    story.append(Spacer(1, 4 * mm))
    story += [_p(note, body) for note in data["notes"]]
    story.append(Spacer(1, 4 * mm))
    if data["records"]:
        for record in data["records"]:
            story += _record(record, h2, body)
    else:
        story.append(_p("We hold no personal data about you in Lantern.", body))
    if data["withheld"]:
        story.append(_p("Information withheld", h2))
        for line in data["withheld"]:
            story.append(
                _p(f"{line['records']} record(s) withheld under: {line['exemption']}.", body)
            )
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=TITLE,
        author="Lantern",
        lang="en-GB",
        invariant=1,
    ).build(story)
    return buffer.getvalue()
