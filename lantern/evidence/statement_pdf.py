"""A signed witness statement laid out like the MG11: the form's heading, the witness's
particulars and the s.9 declaration at the top, the statement, each page signed and
numbered "Page n of N", and the reverse (court attendance, dates to avoid, special measures,
consent) with the statement's SHA-256."""

from __future__ import annotations

import io
from typing import Any

from django.utils.timezone import localtime
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from lantern.evidence.models import Statement


def _yes_no(value: bool | None) -> str:
    return {True: "Yes", False: "No", None: "Not answered"}[value]


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _NumberedCanvas(rl_canvas.Canvas):
    """Draws "Page n of N" and the signature line once the page count is known."""

    signed_name = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved: list[dict] = []

    def showPage(self) -> None:
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        self.setFont("Helvetica", 9)
        self.drawString(20 * mm, 15 * mm, f"Signature: {self.signed_name}")
        self.drawString(100 * mm, 15 * mm, "Signature witnessed by: ......................")
        self.drawRightString(190 * mm, 10 * mm, f"Page {self._pageNumber} of {total}")
        self.drawCentredString(105 * mm, 287 * mm, "RESTRICTED (when complete)")
        self.drawRightString(190 * mm, 287 * mm, "MG11")


def render_mg11(statement: Statement, *, declaration: str) -> bytes:
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10.5, leading=14)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=11)
    heading = ParagraphStyle("h", parent=styles["Title"], fontSize=15, spaceAfter=2)
    signed_at = (
        localtime(statement.signed_at).strftime("%-d %B %Y at %H:%M") if statement.signed_at else ""
    )
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("FONT", (0, 0), (0, -1), "Helvetica-Bold", 9),
            ("FONT", (1, 0), (-1, -1), "Helvetica", 9),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    story: list[Any] = [
        Paragraph("WITNESS STATEMENT", heading),
        Paragraph("Criminal Justice Act 1967, s.9; Criminal Procedure Rules 2020, r.16.2", small),
        Spacer(1, 4 * mm),
        Table(
            [
                ["URN", ""],
                ["Statement of", statement.witness_name],
                [
                    "Age if under 18",
                    str(statement.age_if_under_18) if statement.age_if_under_18 else "Over 18",
                ],
                ["Occupation", statement.occupation or ""],
            ],
            colWidths=[45 * mm, 125 * mm],
            style=grid,
        ),
        Spacer(1, 3 * mm),
        Paragraph(_esc(declaration), body),
        Spacer(1, 2 * mm),
        Table(
            [["Signature", statement.signed_name, "Date", signed_at]],
            colWidths=[25 * mm, 70 * mm, 15 * mm, 60 * mm],
            style=grid,
        ),
        Spacer(1, 5 * mm),
    ]
    for paragraph in statement.body.split("\n"):
        story.append(Paragraph(_esc(paragraph) or "&nbsp;", body))
    if statement.exhibit_references:
        story += [
            Spacer(1, 3 * mm),
            Paragraph(
                "Exhibits referred to: " + _esc(", ".join(statement.exhibit_references)), body
            ),
        ]
    story += [
        PageBreak(),
        Paragraph("Witness details and availability (reverse of MG11)", styles["Heading2"]),
        Table(
            [
                ["Willing to attend court", _yes_no(statement.willing_to_attend_court)],
                [
                    "Dates to avoid",
                    "None" if statement.no_dates_to_avoid else statement.dates_to_avoid,
                ],
                ["Special measures needed", statement.special_measures or "None stated"],
                ["Consent to share contact details", _yes_no(statement.consent_share_contact)],
                ["Corrects statement", str(statement.corrects_id or "") or "No"],
                ["Signed", f"{statement.signed_name}, {signed_at}"],
                ["SHA-256 of the signed statement", statement.sha256],
            ],
            colWidths=[52 * mm, 118 * mm],
            style=grid,
        ),
    ]
    canvas_class = type("Canvas", (_NumberedCanvas,), {"signed_name": statement.signed_name})
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        topMargin=20 * mm,
        bottomMargin=25 * mm,
        title=f"MG11 witness statement {statement.pk}",
        author="Lantern",
        pageCompression=0,  # plain text streams: anyone can search the PDF without tools
    )
    doc.build(story, canvasmaker=canvas_class)
    return buffer.getvalue()
