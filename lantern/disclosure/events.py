"""The audit actions of the disclosure app, declared once. Payloads carry ids, schedule
names, counts and version numbers: never a description, which may name someone."""

from __future__ import annotations

from lantern.audit import catalogue

LINE = "disclosure_line"
VERSION = "disclosure_version"
EVENT = "disclosure_event"

DRAFTED = catalogue.declare(
    "disclosure.drafted",
    "The schedules of a case were drafted from its material; details give how many lines were"
    " added to each schedule.",
)
LINE_CHANGED = catalogue.declare(
    "disclosure.line_changed",
    "The disclosure officer changed a schedule line (its schedule, description or reason);"
    " details give the schedule before and after.",
)
LINE_CONFIRMED = catalogue.declare(
    "disclosure.line_confirmed",
    "The disclosure officer confirmed a schedule line as it will appear on its schedule.",
)
REVEALED = catalogue.declare(
    "disclosure.revealed",
    "A version of a case's schedules (MG6C, MG6D, MG12) was recorded as revealed to the"
    " prosecutor; details give the version and its SHA-256.",
)
DISCLOSED = catalogue.declare(
    "disclosure.disclosed",
    "A version of a case's schedules (MG6C and MG12, never MG6D) was recorded as disclosed to"
    " the defence; details give the version.",
)
SCHEDULE_DOWNLOADED = catalogue.declare(
    "disclosure.schedule_downloaded",
    "A schedule of a case was downloaded as a PDF; details give the schedule and the version"
    " (0 for the draft).",
)
