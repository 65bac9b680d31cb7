"""The schedules as PDFs (reportlab): the MG6C (non-sensitive unused material), the MG6D
(sensitive unused material, with reasons; an endorsed nil schedule when there is none), the
MG12 (exhibit list) and the disclosure officer's report (MG6E: the lines flagged as capable
of undermining the prosecution case or of assisting the case for the accused; an endorsed
nil report when there are none), each from a frozen version's lines or from the current
draft.

Deterministic (reportlab's invariant mode): the same lines give the same bytes, so a
version's PDFs can be made again and still match a bundle's hashes."""

from __future__ import annotations

from dataclasses import dataclass

from lantern.disclosure.models import Schedule

# The disclosure officer's report is not a schedule of lines (no line goes "on" it): it
# flags lines of the schedules. It is printed, revealed and bundled like them.
MG6E = "mg6e"
DOCUMENTS = (Schedule.MG6C, Schedule.MG6D, Schedule.MG12, MG6E)
TITLES = {
    Schedule.MG6C: "MG6C: Schedule of non-sensitive unused material",
    Schedule.MG6D: "MG6D: Schedule of sensitive unused material",
    Schedule.MG12: "MG12: Exhibit list",
    MG6E: "MG6E: Disclosure officer's report",
}
FILENAMES = {
    Schedule.MG6C: "MG6C.pdf",
    Schedule.MG6D: "MG6D.pdf",
    Schedule.MG12: "MG12.pdf",
    MG6E: "MG6E.pdf",
}
HEADERS = {
    Schedule.MG6C: ["No.", "Description"],
    Schedule.MG6D: ["No.", "Description", "Reason for sensitivity"],
    Schedule.MG12: ["Exhibit", "Description"],
    MG6E: ["Schedule and No.", "Description", "Why it is flagged"],
}
NIL_MG6D = "NIL: there is no sensitive unused material in this case."
NIL_MG6E = (
    "NIL: the disclosure officer has flagged no material as capable of undermining the "
    "prosecution case or of assisting the case for the accused."
)
SHORT_NAMES = {Schedule.MG6C: "MG6C", Schedule.MG6D: "MG6D", Schedule.MG12: "MG12"}


@dataclass(frozen=True)
class Heading:
    case_reference: str
    version: str  # "Version 2" or "Draft (not revealed)"
    officer: str  # the disclosure officer, as printed
    made_on: str  # the day, already formatted
