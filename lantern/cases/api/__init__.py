"""Cases, subjects, vehicles, enforcement actions and ASB Case Reviews in the JSON API: one
router (``router.py``), its endpoints in a module per sub-domain.

A rule's refusal is an answer: 422 with {"rule", "message", "source"} (config/api.py).
"""

from lantern.cases.api import actions, case_reviews, cases  # noqa: F401  (their endpoints)
from lantern.cases.api.router import router

__all__ = ["router"]
