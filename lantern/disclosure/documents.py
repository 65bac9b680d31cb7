"""The schedules as PDFs (reportlab): the MG6C (non-sensitive unused material), the MG6D
(sensitive unused material, with reasons; an endorsed nil schedule when there is none) and
the MG12 (exhibit list), each from a frozen version's lines or from the current draft.

Deterministic (reportlab's invariant mode): the same lines give the same bytes, so a
version's PDFs can be made again and still match a bundle's hashes."""

from __future__ import annotations

from dataclasses import dataclass

from lantern.disclosure.models import Schedule

TITLES = {
    Schedule.MG6C: "MG6C: Schedule of non-sensitive unused material",
    Schedule.MG6D: "MG6D: Schedule of sensitive unused material",
    Schedule.MG12: "MG12: Exhibit list",
}
FILENAMES = {Schedule.MG6C: "MG6C.pdf", Schedule.MG6D: "MG6D.pdf", Schedule.MG12: "MG12.pdf"}
HEADERS = {
    Schedule.MG6C: ["No.", "Description"],
    Schedule.MG6D: ["No.", "Description", "Reason for sensitivity"],
    Schedule.MG12: ["Exhibit", "Description"],
}
NIL_MG6D = "NIL: there is no sensitive unused material in this case."


@dataclass(frozen=True)
class Heading:
    case_reference: str
    version: str  # "Version 2" or "Draft (not revealed)"
    officer: str  # the disclosure officer, as printed
    made_on: str  # the day, already formatted
