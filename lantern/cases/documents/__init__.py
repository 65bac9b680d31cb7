"""The documents Lantern prints for enforcement actions, in plain English, as PDF (reportlab).

A served document is frozen: the serve step stores its bytes once, with their SHA-256, and
never changes them. Rendering is deterministic (reportlab's invariant mode), so the same
action rendered twice gives the same bytes.

- ``wording``: every sentence that states the law, as a constant named after its section;
- ``parties``: who issues a document and for whom, a fixed penalty's payee, and the
  ``problems`` that stop a document being printed (``render`` refuses them; a draft lists
  them). Documents import neither the rules nor the selectors of this app (the rules import
  documents: no import cycle inside the app);
- ``notices``: the warning, notice, fixed penalties, keeper letter, dispersal direction...;
- ``review_letter``: the ASB Case Review outcome letter.

docs/enforcement.md ("What the documents say") explains the choices;
lantern/cases/tests/test_document_wording.py reads each sentence back from the PDFs.
"""

from lantern.cases.documents.common import served_at_text, sha256
from lantern.cases.documents.notices import reference_of, render, title_of
from lantern.cases.documents.parties import Issuer, fixed_penalty_payee, issuer_of, problems
from lantern.cases.documents.review_letter import render_review_outcome
from lantern.cases.documents.wording import CPN_EXPLANATION

__all__ = [
    "CPN_EXPLANATION",
    "Issuer",
    "fixed_penalty_payee",
    "issuer_of",
    "problems",
    "reference_of",
    "render",
    "render_review_outcome",
    "served_at_text",
    "sha256",
    "title_of",
]
