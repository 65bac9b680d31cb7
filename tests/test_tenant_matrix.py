"""The hostile-tenant matrix: staff of one partnership read nothing of another's.

The demo seeds the Eastmere partnership with every kind of record (reports, evidence,
statements, cameras, footage requests, cases, people, enforcement actions, safeguarding
records, patrol plans, impact evaluations). The ``far`` fixture adds a second partnership
with its own force, council and charity, and a user in every staff role there, plus a
resident. Each of them then walks:

- every page of the site whose URL takes an id, with the id of each Eastmere record of the
  kind the URL names (and related ids for URLs that take several), and
- every GET route of the API the same way,

and must get no answer that shows the record (a 404, 403, or a redirect to sign in), and
every list page and API list they may open, which must not name any Eastmere record.

"Name" is checked by content: the answer must not contain the id or the reference of any
Eastmere record (the secrets below). A URL whose kind of id is a shared identity (a
vehicle: one per registration, ADR 0016) may answer, but still without any Eastmere
secret. Sharing on purpose is tested per app (each app's scope tests); writes are walked in
tests/test_write_ids.py with the ids of this matrix's other partnership.
"""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts.models import ApiToken, Partnership
from lantern.core.actor import SYSTEM, Role

pytestmark = pytest.mark.django_db

# Which model an URL's id names. A name not here is tried with every Eastmere id (a new
# URL is covered without editing this table; the table only makes the walk shorter).
ID_MODELS: dict[str, tuple[str, ...]] = {
    "case_id": ("cases.Case",),
    "person_id": ("cases.Person",),
    "action_id": ("cases.EnforcementAction",),
    "subject_id": ("cases.CaseSubject",),
    "designation_id": ("cases.Designation",),
    "review_id": ("safeguarding.Review", "cases.CaseReviewApplication"),
    "report_id": ("reports.Report",),
    "item_id": ("evidence.EvidenceItem",),
    "statement_id": ("evidence.Statement",),
    "bundle_id": ("evidence.Bundle",),
    "redaction_id": ("evidence.Redaction",),
    "camera_id": ("places.Camera",),
    "request_id": ("places.FootageRequest",),
    "area_id": ("places.Area",),
    "screening_id": ("safeguarding.Screening",),
    "consent_id": ("safeguarding.Consent",),
    "referral_id": ("safeguarding.Referral",),
    "record_id": ("safeguarding.DutyRecord",),
    "plan_id": ("analytics.PatrolPlan",),
    "evaluation_id": ("analytics.ImpactEvaluation",),
    "line_id": ("disclosure.Line",),
}
# Shared identities (ADR 0016): the page may answer, never with another partnership's facts.
SHARED_IDENTITIES = {"vehicle_id"}
# Not records of a partnership: organisations and partnerships are public names.
NOT_RECORDS = {"organisation_id", "partnership_id", "token_id", "document_id", "share_id"}

# Records a partnership has published: an area staff made public is named, with its counts, on
# the public neighbourhood pages (lantern/analytics/tests/test_neighbourhoods.py).
PUBLISHED = {"places.Area": {"public": True}}

# Counts kept by their writers (ADR 0022): numbered rows that name no record and that no
# URL takes. Their figures are shown only to the partnership's own staff (the figures and
# dashboard tests, e.g. test_other_partnerships_records_are_never_counted
# in lantern/analytics/tests/test_figures.py).
KEPT_COUNTS = {"analytics.PoliceUkAreaCount", "analytics.PoliceUkCountBasis",
               "reports.ReportMonthCount", "cases.ActionMonthCount"}  # fmt: skip

# Records with no partnership column of their own: the lookup to their partnership.
THROUGH_PARENT = {
    "cases.EnforcementAction": "case__partnership",
    "cases.CaseSubject": "case__partnership",
    "places.FootageRequest": "camera__partnership",
}

FAR_ROLES = {
    Role.POLICE_OFFICER: "far_police",
    Role.PCSO: "far_police",
    Role.COUNCIL_OFFICER: "far_council",
    Role.SAFEGUARDING_LEAD: "far_council",
    Role.SUPPORT_WORKER: "far_charity",
    Role.ANALYST: "far_police",
    Role.SUPERVISOR: "far_police",
    Role.ADMIN: "far_council",
    Role.RESIDENT: None,
}


def _routes() -> list[tuple[str, list[str]]]:
    """Every page route: (a path template with {name} for each parameter, the names)."""
    found: list[tuple[str, list[str]]] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern):
                full = prefix + route
                if full.startswith(("api/", "static/", "open311/")) or "^" in full:
                    continue
                names = re.findall(r"<(?:\w+:)?(\w+)>", full)
                found.append((re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", full), names))

    walk(get_resolver().url_patterns, "")
    return found


def _api_routes(client: Client) -> list[tuple[str, list[str]]]:
    schema = client.get("/api/v1/openapi.json").json()
    found = []
    for path, operations in schema["paths"].items():
        if "get" in operations and "openapi" not in path:
            found.append((path.lstrip("/"), re.findall(r"\{(\w+)\}", path)))
    return found


def _scoped_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label != "accounts"
        and model._meta.label not in KEPT_COUNTS
        and any(f.name == "partnership" for f in model._meta.get_fields())
    ]


class World:
    def __init__(self, eastmere: Partnership) -> None:
        self.ids: dict[str, list[models.Model]] = {}
        self.secrets: set[str] = set()
        for model in _scoped_models():
            rows = list(
                model.objects.filter(partnership=eastmere).exclude(  # type: ignore[attr-defined]
                    **PUBLISHED.get(model._meta.label, {"pk": None})
                )
            )
            self.ids[model._meta.label] = rows
            for row in rows:
                self.secrets.add(str(row.pk))
                reference = getattr(row, "reference", "")
                if isinstance(reference, str) and len(reference) >= 6:
                    self.secrets.add(reference)
        # Records that belong through their parent.
        for label, through in THROUGH_PARENT.items():
            if label not in self.ids:
                rows = list(apps.get_model(label).objects.filter(**{through: eastmere}))
                self.ids[label] = rows
                self.secrets.update(str(row.pk) for row in rows)

    def candidates(self, name: str) -> list[models.Model]:
        labels = ID_MODELS.get(name)
        if labels is None:
            return [row for rows in self.ids.values() for row in rows[:1]]
        return [row for label in labels for row in self.ids.get(label, [])[:2]]


def _fill(template: str, names: list[str], row: models.Model, key: str) -> str | None:
    """The path with ``key`` given the row's id and every other parameter the matching
    attribute of the row (``case_id`` of an action), or None if it has none."""
    values: dict[str, str] = {}
    for name in names:
        if name == key:
            values[name] = str(row.pk)
        elif hasattr(row, name):
            values[name] = str(getattr(row, name))
        else:
            return None
    return "/" + template.format(**values).lstrip("/")


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _leaks(body: bytes, secrets: set[str]) -> list[str]:
    text = body.decode(errors="replace")
    return sorted(secret for secret in secrets if secret in text)


@pytest.mark.long
def test_no_one_of_another_partnership_reads_a_record_of_this_one(make_user, far):
    from lantern.accounts import services as accounts

    call_command("seed-demo", stdout=StringIO())
    eastmere = Partnership.objects.exclude(name__in=["Test Partnership", "Far Partnership"])
    eastmere = eastmere.get(name__startswith="Eastmere")
    world = World(eastmere)
    assert sum(len(rows) for rows in world.ids.values()) > 50, "the demo seeded too little"
    kinds_seeded = {label for label, rows in world.ids.items() if rows}
    for needed in ("reports.Report", "cases.Case", "places.Camera", "evidence.EvidenceItem"):
        assert needed in kinds_seeded, f"the demo seeded no {needed}"

    pages = _routes()
    problems: list[str] = []
    for role, org in FAR_ROLES.items():
        user = make_user(role, org)
        client = _signed_in(user)
        headers: dict[str, str] = {}
        if role.is_staff:
            _, token = accounts.api_token_create(actor=SYSTEM, user=user, name="matrix")
            headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        api = [
            ("api/v1/" + path.removeprefix("api/v1/"), names) for path, names in _api_routes(client)
        ]
        for template, names in pages + api:
            is_api = template.startswith("api/")
            ids = [name for name in names if name not in NOT_RECORDS]
            extra = headers if is_api else {}
            if not names:
                answer = client.get("/" + template, **extra)
                if answer.status_code == 200:
                    leaked = _leaks(answer.content, world.secrets)
                    if leaked:
                        problems.append(f"{role} {template}: lists {leaked[:3]}")
                continue
            if not ids or any(n in ("token", "uidb64", "slug", "code", "seq") for n in names):
                continue
            key = ids[-1]
            for row in world.candidates(key):
                path = _fill(template, names, row, key)
                if path is None:
                    continue
                answer = client.get(path, **extra)
                if answer.status_code == 200 and key not in SHARED_IDENTITIES:
                    problems.append(f"{role} {path}: 200 for {row._meta.label}")
                elif answer.status_code == 200:
                    leaked = _leaks(answer.content, world.secrets - {str(row.pk)})
                    if leaked:
                        problems.append(f"{role} {path}: shows {leaked[:3]}")
                elif answer.status_code >= 500:
                    problems.append(f"{role} {path}: {answer.status_code}")
    assert problems == [], "\n".join(problems[:40])
    assert ApiToken.objects.filter(name="matrix").count() == len(FAR_ROLES) - 1
