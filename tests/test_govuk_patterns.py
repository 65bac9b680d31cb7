"""GOV.UK patterns on every page of the demo (issue 20, finding 7): each form page has a
back link, titles name the service, no date in another format, no generic error text.

The pages' markup does not depend on the database: the walk runs in the SQLite pass alone.

One test walks every page it can reach: the demo is seeded once (about half a minute), then
each URL of the site is asked for as each demo role in turn until one may see it, with its
arguments taken from the demo's records."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.core.actor import Role
from lantern.core.demo import DEMO_DOMAIN
from lantern.frontend import back_links

# Pages that start a journey or a sign-in: GOV.UK puts no back link on them.
NO_BACK_LINK = {
    "frontend:home",
    "accounts:sign-in",
    "accounts:two-factor-setup",
    "accounts:two-factor-verify",
    "reports:start",
    "accounts:confirm-email",
}
# A URL argument: the demo records that may fill it (app label, model), first found wins.
ARGUMENTS: dict[str, list[tuple[str, str]]] = {
    "case_id": [("cases", "Case")],
    "report_id": [("reports", "Report")],
    "person_id": [("cases", "Person")],
    "vehicle_id": [("cases", "Vehicle")],
    "action_id": [("cases", "EnforcementAction"), ("intelligence", "TaskingAction")],
    "review_id": [("cases", "CaseReview"), ("safeguarding", "Review")],
    "designation_id": [("cases", "Designation")],
    "organisation_id": [("accounts", "Organisation")],
    "partnership_id": [("accounts", "Partnership")],
    "camera_id": [("places", "Camera")],
    "request_id": [("places", "FootageRequest")],
    "item_id": [("evidence", "EvidenceItem"), ("analytics", "PatrolItem")],
    "statement_id": [("evidence", "Statement")],
    "screening_id": [("safeguarding", "Screening")],
    "consent_id": [("safeguarding", "Consent")],
    "referral_id": [("safeguarding", "Referral")],
    "record_id": [("safeguarding", "DutyRecord")],
    "entity_id": [("intelligence", "Entity")],
    "intel_report_id": [("intelligence", "IntelligenceReport")],
    "candidate_id": [("intelligence", "ResolutionCandidate")],
    "plan_id": [("analytics", "PatrolPlan")],
    "evaluation_id": [("analytics", "ImpactEvaluation")],
}
pytestmark = pytest.mark.database_independent

ROLES = [
    Role.POLICE_OFFICER,
    Role.SUPERVISOR,
    Role.SAFEGUARDING_LEAD,
    Role.ANALYST,
    Role.ADMIN,
    Role.COUNCIL_OFFICER,
    Role.SUPPORT_WORKER,
    Role.RESIDENT,
]
# Who to ask as first, by the URL's app: most pages answer the first role asked.
FIRST = {
    "accounts": [Role.ADMIN],
    "audit": [Role.ADMIN],
    "places": [Role.RESIDENT],
    "safeguarding": [Role.SAFEGUARDING_LEAD, Role.SUPPORT_WORKER],
    "intelligence": [Role.ANALYST],
    "analytics": [Role.ANALYST, Role.SUPERVISOR],
}
# Files, not pages.
_NOT_PAGES = re.compile(r"(pdf|png|geojson|jpg|download)$|^tus:")
_POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>", re.IGNORECASE)


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _patterns(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), namespace + pattern.name


def _path(route: str, app: str) -> str | None:
    """The route with each argument filled from the demo (a record of the URL's own app
    first), or None if one cannot be."""

    def fill(match: re.Match) -> str:
        name = match[1].split(":")[-1]
        models = sorted(ARGUMENTS.get(name, []), key=lambda m: m[0] != app)
        for label, model in models:
            record = apps.get_model(label, model).objects.order_by("created_at").first()
            if record is not None:
                return str(record.pk)
        raise LookupError(name)

    try:
        return "/" + re.sub(r"<([^>]+)>", fill, route)
    except LookupError:
        return None


def _client(role: Role) -> Client:
    from lantern.accounts.models import User

    client = Client()
    user = User.objects.get(email=f"{role.value}@{DEMO_DOMAIN}")
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _pages():
    """(url name, path, html, client) of every HTML page some demo role may see, with the
    client that saw it."""
    clients = {role: _client(role) for role in ROLES}
    anonymous = Client()
    for route, name in _patterns(get_resolver()):
        if route.startswith(("api/", "admin/", "open311/", "health")) or name == "sign-out":
            continue
        if _NOT_PAGES.search(route) or _NOT_PAGES.search(name):
            continue
        path = _path(route, name.split(":")[0])
        if path is None:
            continue
        first = FIRST.get(name.split(":")[0], [])
        order = [*first, *(role for role in ROLES if role not in first)]
        for client in (*(clients[role] for role in order), anonymous):
            response = client.get(path)
            kind = response.get("Content-Type", "")
            if response.status_code == 200 and kind.startswith("text/html"):
                yield name, path, response.content.decode(), client
                break


def _form_pages(pages):
    for name, path, html, _client in pages:
        forms = [f for f in _POST_FORM.findall(html) if "lantern-sign-out" not in f]
        if forms:
            yield name, path, html


@pytest.fixture(scope="module")
def demo_pages(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed-demo", stdout=StringIO())
        yield list(_pages())
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_form_page_has_a_back_link(demo_pages):
    form_pages = list(_form_pages(demo_pages))
    assert len(form_pages) >= 50  # the walk reached the forms (it cannot pass on nothing)
    missing = [
        f"{name} ({path})"
        for name, path, html in form_pages
        if name not in NO_BACK_LINK and "govuk-back-link" not in html
    ]
    assert missing == []


@pytest.mark.django_db
def test_back_links_are_paths_on_this_site(demo_pages):
    hrefs = set()
    for _name, _path, html, _client in demo_pages:
        hrefs.update(re.findall(r'class="govuk-back-link"[^>]*href="([^"]*)"', html))
        hrefs.update(re.findall(r'href="([^"]*)"[^>]*class="govuk-back-link"', html))
    assert hrefs
    for href in hrefs:
        assert href.startswith("/") and "javascript" not in href and "?" not in href


def test_every_back_link_parent_is_a_page():
    names = {name for _route, name in _patterns(get_resolver())}
    for page, parent in back_links.PARENTS.items():
        assert page in names and parent.url_name in names, page


# The main journeys' forms, sent empty: each error names what to do.
MAIN_FORMS = {
    "cases:new",
    "cases:person-new",
    "cases:vehicle-new",
    "cases:action-new",
    "cases:breach-new",
    "safeguarding:screening-new",
    "safeguarding:review-new",
    "safeguarding:consent-new",
    "safeguarding:referral-new",
    "intelligence:report-new",
    "intelligence:entity-new",
    "places:camera-register",
    "reports:triage-update",
    "analytics:patrol-plan-new",
    "reports:category-add",
    "evidence:statement-start",
    "accounts:partnership-new",
}


@pytest.mark.django_db
def test_no_generic_error_on_the_main_journeys(demo_pages):
    sent = []
    for name, path, _html, client in demo_pages:
        if name not in MAIN_FORMS:
            continue
        # One unknown key: an empty POST would leave "request.POST or None" forms unbound.
        response = client.post(path, {"nothing": ""})
        html = response.content.decode()
        sent.append(name)
        assert response.status_code in (200, 400, 422) and "govuk-error-summary" in html, name
        assert "This field is required" not in html, name
        assert "<title>Error: " in html, name
    assert len(sent) >= 12
