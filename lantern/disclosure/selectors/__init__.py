"""Every read of the disclosure schedules, for a disclosure officer of a case they may see:

- material.py: all the case's material, read through each app's selectors;
- schedules.py: the lines, versions and events, readiness, the PDFs, and what the evidence
  bundles take (``schedule_documents``, ``exhibits``).
"""

from lantern.disclosure.selectors.material import CaseMaterial, Material, case_material
from lantern.disclosure.selectors.schedules import (
    RECIPIENTS,
    SCHEDULE_ORDER,
    Exhibit,
    case_counts,
    case_events,
    case_lines,
    disclosure_case,
    draft_pdf,
    exhibits,
    latest_version,
    line_get,
    line_sources,
    officer_name,
    readiness,
    schedule_documents,
    snapshot,
    version_get,
    version_pdf,
)

__all__ = [
    "RECIPIENTS",
    "SCHEDULE_ORDER",
    "CaseMaterial",
    "Exhibit",
    "Material",
    "case_counts",
    "case_events",
    "case_lines",
    "case_material",
    "disclosure_case",
    "draft_pdf",
    "exhibits",
    "latest_version",
    "line_get",
    "line_sources",
    "officer_name",
    "readiness",
    "schedule_documents",
    "snapshot",
    "version_get",
    "version_pdf",
]
