"""A small chart of the partnership's headline figures: one row of bars per measure, each
scaled to its own largest month. Decoration only (hidden from screen readers): the tables
below it hold the same figures and are its accessible form. An inline SVG, so it needs no
script and no image request; without SVG support the page is whole without it."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from lantern.analytics.selectors import Figures

HEADLINES = (
    "Reports received",
    "All enforcement steps",
    "Patrols done",
)
ROW = 56  # height of one measure's row
BAR_AREA = 36  # height the tallest bar reaches
LABEL = 18  # the measure's name above its bars
WIDTH = 640
LEFT = 8


def _rows(figures: Figures) -> list[tuple[str, list[int]]]:
    wanted = [line for line in figures.lines if line.label in HEADLINES and not line.suppressed]
    crime = [line for line in figures.lines if line.section == "police.uk recorded crime"]
    return [(line.label, line.counts) for line in wanted + crime]


def _bars(top: int, counts: list[int]) -> SafeString:
    most = max(counts) or 1
    step = (WIDTH - 2 * LEFT) / max(1, len(counts))
    bars = []
    for i, n in enumerate(counts):
        height = round(BAR_AREA * n / most, 1)
        x = round(LEFT + i * step + 1, 1)
        y = round(top + LABEL + BAR_AREA - height, 1)
        bars.append((x, y, round(max(1.0, step - 2), 1), height))
    return format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#1d70b8"></rect>',
        bars,
    )


def chart(figures: Figures) -> SafeString:
    rows = _rows(figures)
    if not rows or len(figures.months) < 2:
        return SafeString("")
    parts = []
    for index, (label, counts) in enumerate(rows):
        top = index * ROW
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="14" fill="#0b0c0c">{} (most in a month: {})'
                "</text>{}",
                LEFT,
                top + 14,
                label,
                max(counts),
                _bars(top, counts),
            )
        )
    return format_html(
        '<svg class="app-figures-chart" viewBox="0 0 {} {}" width="100%" role="presentation" '
        'aria-hidden="true" focusable="false">{}</svg>',
        WIDTH,
        ROW * len(rows),
        SafeString("".join(parts)),
    )
