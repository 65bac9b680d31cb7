"""What the documents share: styles, escaping, dates and money, the page template."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from django.utils.timezone import localtime
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate

from lantern.cases.models import EnforcementAction

Styles = dict[str, ParagraphStyle]


def styles() -> Styles:
    sheet = getSampleStyleSheet()
    base = ParagraphStyle("body", parent=sheet["BodyText"], fontSize=11, leading=15)
    return {
        "title": ParagraphStyle("title", parent=sheet["Title"], fontSize=18, leading=22),
        "h2": ParagraphStyle("h2", parent=sheet["Heading2"], fontSize=13, leading=17),
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=12),
    }


def p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(text, style)


def text(value: Any) -> str:
    """Escaped for reportlab's paragraph markup; line breaks kept."""
    return escape(str(value or "")).replace("\n", "<br/>")


def day(value: date | None) -> str:
    return f"{value:%-d %B %Y}" if value else "the day it is served"


def money(pence: int | None) -> str:
    return f"{(pence or 0) / 100:,.2f}"


def pdf(title: str, build: Callable[[Styles], list[Any]]) -> bytes:
    """An A4 PDF of the story ``build`` returns, deterministic (reportlab's invariant mode:
    the same story gives the same bytes)."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title,
        author="Lantern",
        invariant=1,
    )
    doc.build(build(styles()))
    return buffer.getvalue()


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def served_at_text(action: EnforcementAction) -> str:
    return localtime(action.served_at).strftime("%-d %B %Y, %H:%M") if action.served_at else ""
