"""Fixtures shared by the whole suite: organisations, users per role, signed-in clients.

Data is built through the real services (STYLE.md habit 9), never by mocking our own code.
"""

from __future__ import annotations

import os
import uuid

import pytest
from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts import services
from lantern.accounts.models import Organisation, User
from lantern.accounts.selectors import actor_for
from lantern.core import directory
from lantern.core.actor import SYSTEM, Actor, Role

PASSWORD = "correct horse battery staple"  # noqa: S105


def pytest_report_header(config) -> str:
    url = os.environ.get("LANTERN_TEST_DATABASE_URL", "sqlite (in memory)")
    return f"lantern test database: {url.split('@')[-1]}"


# Fixtures that reach the database: a test asking for none of them (and without the django_db
# marker) gives the same answer on any database.
_DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "_django_db_helper",
    }
)


def _uses_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") or item.get_closest_marker("postgres_only"):
        return True
    cls = getattr(item, "cls", None)
    if cls is not None and getattr(cls, "databases", None):
        return True
    return bool(_DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items) -> None:
    """The PostgreSQL pass (LANTERN_TEST_DATABASE_URL set) runs only the tests that use the
    database, and those marked ``database_independent`` do not: the rest never touch it, and
    the SQLite pass has already run them.

    Tests marked ``long`` (each takes minutes) go first, in the order they were collected:
    pytest-xdist hands out the first tests one per worker, so the long ones start at once on
    different workers and the rest fill in around them. Collected late (most are under
    tests/), one of them used to start near the end and run alone while the other worker sat
    idle."""
    if os.environ.get("LANTERN_TEST_DATABASE_URL"):
        keep, drop = [], []
        for item in items:
            independent = item.get_closest_marker("database_independent")
            (keep if _uses_database(item) and not independent else drop).append(item)
        if drop:
            config.hook.pytest_deselected(items=drop)
            items[:] = keep
    items.sort(key=lambda item: item.get_closest_marker("long") is None)  # a stable sort


@pytest.fixture(autouse=True)
def _require_postgres_when_asked(request) -> None:
    """In CI the PostgreSQL pass must really run on PostgreSQL, never quietly on SQLite."""
    required = os.environ.get("LANTERN_REQUIRE_POSTGRES")
    in_postgres_pass = bool(os.environ.get("LANTERN_TEST_DATABASE_URL"))
    if required and in_postgres_pass and connection.vendor != "postgresql":
        pytest.fail("the PostgreSQL pass is not running on PostgreSQL")


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Limits count failed attempts in Django's cache (lantern.core.ratelimit), local memory
    in the test settings: each test starts with none counted."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _postgres_only(request) -> None:
    if request.node.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only; runs in the PostgreSQL pass of make test")


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request) -> None:
    """Transactional tests (the browser journeys) empty the database after each test, the
    data migrations' rows included; put the default report categories back first."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or {
        "live_server",
        "transactional_db",
    } & set(request.fixturenames)
    if transactional:
        request.getfixturevalue("transactional_db")
        from lantern.reports.tests.factories import load_default_categories

        load_default_categories()


# Reports and cases named by tests of the apps that may not make one (places, below both,
# and evidence, beside reports and below cases): the directory (lantern.core.directory)
# answers for them as for a record the actor may see. Their ids are random, so they never
# stand for a real record.
FAKE_REPORT_IDS: set[uuid.UUID] = set()
FAKE_CASE_IDS: set[uuid.UUID] = set()


def fake_report() -> uuid.UUID:
    """A report id that the report directory knows."""
    report_id = uuid.uuid4()
    FAKE_REPORT_IDS.add(report_id)
    return report_id


def fake_case() -> uuid.UUID:
    """A case id that the case directory knows (with no reports linked)."""
    case_id = uuid.uuid4()
    FAKE_CASE_IDS.add(case_id)
    return case_id


@pytest.fixture(autouse=True)
def _fake_directory_records():
    real_report, real_case = directory._report_lookup, directory._case_lookup

    def report(actor: Actor, report_id: uuid.UUID) -> directory.ReportSummary | None:
        if report_id in FAKE_REPORT_IDS:
            return directory.ReportSummary(id=report_id, reference="R-TEST-0000")
        return real_report(actor, report_id) if real_report else None

    def case(actor: Actor, case_id: uuid.UUID) -> directory.CaseSummary | None:
        if case_id in FAKE_CASE_IDS:
            return directory.CaseSummary(id=case_id, label="C-TEST: a test case", report_ids=())
        return real_case(actor, case_id) if real_case else None

    directory.register_report_lookup(report)
    directory.register_case_lookup(case)
    yield
    directory._report_lookup, directory._case_lookup = real_report, real_case


@pytest.fixture
def orgs(db) -> dict[str, Organisation]:
    kinds = {
        "police": ("Test Constabulary", Organisation.Kind.POLICE_FORCE),
        "council": ("Test Borough Council", Organisation.Kind.COUNCIL),
        "charity": ("Test Outreach", Organisation.Kind.SUPPORT_AGENCY),
        "other_police": ("Other Constabulary", Organisation.Kind.POLICE_FORCE),
    }
    made = {
        key: services.organisation_create(
            actor=SYSTEM, name=name, kind=kind, details=ORG_DETAILS.get(key)
        )
        for key, (name, kind) in kinds.items()
    }
    services.partnership_create(
        actor=SYSTEM, name="Test Partnership", boundary=TEST_AREA, members=list(made.values())
    )
    return made


def _box(min_lng: float, min_lat: float, max_lng: float, max_lat: float) -> dict:
    ring = [[min_lng, min_lat], [max_lng, min_lat], [max_lng, max_lat], [min_lng, max_lat]]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


# The test partnership serves Great Britain and around, so every test's places fall in it;
# the far partnership (the ``far`` fixture) serves a small box in the north, which wins there
# as the smaller area (lantern.accounts.selectors.partnership_at).
TEST_AREA = _box(-11.0, 49.0, 3.0, 61.0)
FAR_AREA = _box(-2.10, 54.00, -2.00, 54.06)
FAR_POINT = (54.03, -2.05)  # (latitude, longitude) inside FAR_AREA


@pytest.fixture
def far(orgs) -> dict[str, Organisation]:
    """A second partnership with a force, a council and a charity of its own: the hostile
    tenant of the scope tests. Its organisations join ``orgs`` as far_police, far_council
    and far_charity, so ``make_user(role, "far_police")`` works."""
    kinds = {
        "far_police": ("Far Constabulary", Organisation.Kind.POLICE_FORCE),
        "far_council": ("Far District Council", Organisation.Kind.COUNCIL),
        "far_charity": ("Far Outreach", Organisation.Kind.SUPPORT_AGENCY),
    }
    made = {
        key: services.organisation_create(actor=SYSTEM, name=name, kind=kind)
        for key, (name, kind) in kinds.items()
    }
    services.partnership_create(
        actor=SYSTEM, name="Far Partnership", boundary=FAR_AREA, members=list(made.values())
    )
    orgs.update(made)
    return made


# The public contact details the documents print (docs/enforcement.md, "Documents").
ORG_DETAILS = {
    "police": services.OrganisationDetails(
        address="1 Test Street\nTestham TE1 1ST",
        telephone="01632 960 001",
        email="contact@police.example.test",
        data_protection_contact="dpo@police.example.test",
        keeper_data_kept_for="12 months from the date of the letter",
    ),
    "council": services.OrganisationDetails(
        address="Town Hall\nTestham TE2 2ST",
        telephone="01632 960 002",
        email="asb@council.example.test",
        payment_methods="Online at council.example.test/pay, or by phone on 01632 960 003.",
        data_protection_contact="dpo@council.example.test",
        keeper_data_kept_for="12 months from the date of the letter",
    ),
    "charity": services.OrganisationDetails(
        address="3 Outreach Lane\nTestham TE3 3ST", telephone="01632 960 004"
    ),
}


DEFAULT_ORG = {
    Role.RESIDENT: None,
    Role.POLICE_OFFICER: "police",
    Role.PCSO: "police",
    Role.COUNCIL_OFFICER: "council",
    Role.SAFEGUARDING_LEAD: "council",
    Role.SUPPORT_WORKER: "charity",
    Role.ANALYST: "police",
    Role.SUPERVISOR: "police",
    Role.SOURCE_HANDLER: "police",
    Role.DATA_PROTECTION_OFFICER: "council",
    Role.ADMIN: "council",
}


@pytest.fixture
def make_user(orgs):
    counter = {"n": 0}

    def make(role: Role, org: str | None = "default", *, two_factor: bool = True) -> User:
        counter["n"] += 1
        user = services.user_create(
            actor=SYSTEM,
            email=f"{role.value}{counter['n']}@example.test",
            display_name=f"Test {role.label} {counter['n']}",
            password=PASSWORD,
            validate=False,
        )
        key = DEFAULT_ORG[role] if org == "default" else org
        services.membership_grant(
            actor=SYSTEM, user=user, organisation=orgs[key] if key else None, role=role
        )
        if role.is_staff and two_factor:
            services.totp_device_install(actor=SYSTEM, user=user, key_hex=TOTPDevice().key)
        return user

    return make


def actor_of(user: User) -> Actor:
    return actor_for(user, verified=True)


def client_for(user: User, client: Client | None = None) -> Client:
    """A test client (a new one unless given) signed in as ``user``, past two-factor for
    staff."""
    client = client or Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def signed_in(client, make_user):
    """A test client signed in as a new user of ``role``, past two-factor for staff."""

    def sign_in(role: Role, org: str | None = "default"):
        user = make_user(role, org)
        client_for(user, client)
        client.user = user
        return client

    return sign_in


def fill_date(page, legend: str, value) -> None:
    """Type a date into the GOV.UK date input whose legend is ``legend`` (day, month, year:
    lantern/frontend/date_input.py). ``value``: a date or an ISO date string."""
    from datetime import date as _date

    day = value if isinstance(value, _date) else _date.fromisoformat(str(value))
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))
