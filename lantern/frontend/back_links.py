"""Where each form page's back link goes: the page it belongs to, by URL name.

GOV.UK's back link (https://design-system.service.gov.uk/components/back-link/) takes a
person back to where the form is on: a case's forms to the case, a person's safeguarding
forms to the person. It is a real link, never ``javascript:history.back()``, and it is
built from the page's own URL arguments (ids only), so no personal data rides in it.

The ``back_link`` context processor (``lantern.frontend.context_processors.back_link``)
looks the current page's URL name up in ``PARENTS`` and gives the template ``back_url`` and
``back_text``, which frontend/base.html shows in its ``back_link`` block. A view that passes
its own ``back_url`` (and ``back_text``) wins; a page that fills ``before_content`` or
``back_link`` itself wins over both. A new form page adds one line here:
tests/test_govuk_patterns.py fails for a form page without a back link.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Parent:
    url_name: str
    text: str
    # The parent's URL arguments, taken from the page's by the same name unless renamed
    # here: {parent's argument: the page's argument}.
    rename: tuple[tuple[str, str], ...] = ()


_CASE = Parent("cases:case", "Back to the case")
_ACTION = Parent("cases:action", "Back to the action")
_REPORT = Parent("reports:triage-detail", "Back to the report")
_SG_PERSON = Parent("safeguarding:person", "Back to the person")
_ENTITY = Parent("intelligence:entity", "Back to the entity")
_REVIEW = Parent("cases:review-detail", "Back to the case review")

_DISCLOSURE = Parent("disclosure:case", "Back to disclosure")

PARENTS: dict[str, Parent] = {
    "disclosure:case": _CASE,
    "disclosure:line": _DISCLOSURE,
    "disclosure:reveal": _DISCLOSURE,
    "disclosure:disclose": _DISCLOSURE,
    "accounts:register": Parent("accounts:sign-in", "Sign in"),
    "accounts:partnership-new": Parent("accounts:partnerships", "Partnerships"),
    "accounts:partnership-area": Parent("accounts:partnership", "Back to the partnership"),
    "accounts:partnership-member-add": Parent("accounts:partnership", "Back to the partnership"),
    "accounts:organisation-details": Parent("accounts:organisation", "Back to the organisation"),
    "audit:verify": Parent("audit:events", "Audit log"),
    "reports:follow": Parent("frontend:home", "Home"),
    "reports:category-add": Parent("reports:categories", "Categories"),
    "reports:triage-assign": _REPORT,
    "reports:triage-status": _REPORT,
    "reports:triage-update": _REPORT,
    "reports:triage-duplicate": _REPORT,
    "reports:triage-share": _REPORT,
    "reports:triage-share-withdraw": _REPORT,
    "evidence:upload": Parent("frontend:home", "Home"),
    "evidence:upload-with-link": Parent("frontend:home", "Home"),
    "evidence:report-upload": Parent("reports:mine-detail", "Back to your report"),
    "evidence:item-share": Parent("evidence:item", "Back to the item"),
    "evidence:item-redact": Parent("evidence:item", "Back to the item"),
    "evidence:case-exhibits": _CASE,
    "evidence:statement-start": Parent("evidence:statements", "Statements"),
    "evidence:statement-edit": Parent("evidence:statement", "Back to the statement"),
    "evidence:statement-sign": Parent("evidence:statement", "Back to the statement"),
    "cases:new": Parent("cases:list", "Cases"),
    "cases:link-report": _CASE,
    "cases:person-new": _CASE,
    "cases:vehicle-new": _CASE,
    "cases:action-new": _CASE,
    "cases:lead-officer": _CASE,
    "cases:partners": _CASE,
    "cases:case-review": _CASE,
    "cases:stage": _CASE,
    "cases:risk": _CASE,
    "cases:close": _CASE,
    "cases:share": _CASE,
    "cases:share-withdraw": _CASE,
    "cases:subject-role": _CASE,
    "cases:vehicle-keeper": _CASE,
    "cases:person": Parent("cases:list", "Cases"),
    "cases:action-step": _ACTION,
    "cases:breach-new": _ACTION,
    "cases:supersede": _ACTION,
    "cases:designations": Parent("frontend:dashboard", "Dashboard"),
    "cases:review": Parent("frontend:home", "Home"),
    "cases:review-decide": _REVIEW,
    "cases:review-meeting": _REVIEW,
    "cases:review-outcome": _REVIEW,
    "safeguarding:person": Parent("safeguarding:home", "Safeguarding"),
    "safeguarding:screening-new": _SG_PERSON,
    "safeguarding:review-new": _SG_PERSON,
    "safeguarding:consent-new": _SG_PERSON,
    "safeguarding:referral-new": _SG_PERSON,
    "safeguarding:person-share": _SG_PERSON,
    "safeguarding:share-withdraw": _SG_PERSON,
    "safeguarding:duty-new": Parent("safeguarding:screening", "Back to the screening"),
    "safeguarding:consent-withdraw": Parent("safeguarding:consent", "Back to the consent"),
    "safeguarding:contact-new": Parent("safeguarding:agency", "Referrals"),
    "safeguarding:agency-referral": Parent("safeguarding:agency", "Referrals"),
    "intelligence:report-new": Parent("intelligence:home", "Intelligence"),
    "intelligence:report-source": Parent("intelligence:report", "Back to the report"),
    "intelligence:entity-new": Parent("intelligence:entities", "Entities"),
    "intelligence:entity-statement": _ENTITY,
    "intelligence:entity-link": _ENTITY,
    "intelligence:entity-link-withdraw": _ENTITY,
    "intelligence:entity-export": _ENTITY,
    "intelligence:subject-profile": _ENTITY,
    "intelligence:export": Parent("intelligence:home", "Intelligence"),
    "intelligence:tasking": Parent("intelligence:home", "Intelligence"),
    "intelligence:tasking-add": Parent("intelligence:tasking", "Tasking"),
    "intelligence:resolution": Parent("intelligence:home", "Intelligence"),
    "intelligence:resolution-find": Parent("intelligence:resolution", "Duplicates to decide"),
    "analytics:patrol-plan-new": Parent("analytics:patrol-plans", "Patrol plans"),
    "analytics:patrol-plan": Parent("analytics:patrol-plans", "Patrol plans"),
    "analytics:patrol-item": Parent("analytics:patrol-plans", "Patrol plans"),
    "analytics:patrol-log": Parent("analytics:patrol-item", "Back to the patrol"),
    "analytics:partnership-figures": Parent("analytics:dashboard", "Partnership dashboard"),
}


def back_for(request: HttpRequest) -> tuple[str, str] | None:
    """(href, text) of the back link for the page ``request`` asks for, or None."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    parent = PARENTS.get(match.view_name)
    if parent is None:
        return None
    renamed = dict(parent.rename)
    kwargs = dict(match.kwargs)
    for target, source in renamed.items():
        kwargs[target] = kwargs.pop(source)
    # Keep only the arguments the parent takes: try the fullest first.
    for attempt in (kwargs, {}):
        try:
            return reverse(parent.url_name, kwargs=attempt), parent.text
        except NoReverseMatch:
            continue
    for name, value in kwargs.items():
        try:
            return reverse(parent.url_name, kwargs={name: value}), parent.text
        except NoReverseMatch:
            continue
    return None
