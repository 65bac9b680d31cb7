"""``selectors.linked_to``: the items and statements linked to reports or cases, as the actor
may see them, in a fixed number of queries however many records and items, each staff read
an access event. Report and case ids here are stand-ins (conftest.record_partnerships)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import PASSWORD, actor_of, fake_report
from lantern.audit.models import AuditEvent
from lantern.audit.selectors import audit_event_list, events_for_object
from lantern.core.actor import ANONYMOUS, SYSTEM, Role
from lantern.evidence import previews, selectors, services, statements
from lantern.evidence.filetypes import classify
from lantern.evidence.models import EvidenceItem
from lantern.evidence.panels import linked_context
from lantern.evidence.tests.factories import (
    clip,
    new_id,
    report_token,
    sha,
    upload_bytes,
    write,
)

pytestmark = pytest.mark.django_db


def _file(report_id, name: str, *, actor=ANONYMOUS, **metadata) -> EvidenceItem:
    if actor is ANONYMOUS:
        return upload_bytes(
            actor=actor, data=clip(), token=report_token(report_id), metadata={"filename": name}
        ).item
    meta = {"filename": name, "link_kind": "report", "link_id": str(report_id), **metadata}
    return upload_bytes(actor=actor, data=clip(), metadata=meta).item


def _access_events(kind: str, target_id) -> int:
    return AuditEvent.objects.filter(
        kind=AuditEvent.Kind.ACCESS, object_type=kind, object_id=str(target_id)
    ).count()


@pytest.fixture
def officer(make_user):
    return actor_of(make_user(Role.POLICE_OFFICER))


def test_staff_see_items_and_statements_linked_to_the_reports_asked(
    officer, make_user, local_store, own_reports
):
    report, other = new_id(), new_id()
    first = _file(report, "doorbell.mp4")
    second = _file(report, "hallway.mp4")
    _file(other, "elsewhere.mp4")
    witness = make_user(Role.RESIDENT)
    own_reports[witness.pk] = [report]
    statement = statements.statement_start(
        actor=actor_of(witness), witness_name="Ada Thornbury", link_kind="report", link_id=report
    )
    linked = selectors.linked_to(actor=officer, kind="report", ids=[report])
    assert [i.item.pk for i in linked.items] == [first.pk, second.pk]
    assert {(i.kind, i.target_id) for i in linked.items} == {("report", report)}
    assert [s.pk for s in linked.statements] == [statement.pk]
    assert _access_events("report", report) == 1  # one access event per record shown
    assert _access_events("report", other) == 0


def test_derived_copies_are_not_listed_beside_their_original(officer, local_store, tmp_path):
    report = fake_report()  # one the report directory knows, so the copy can be linked
    original = _file(report, "clip.mp4")
    playable = clip(2000)
    child = previews.item_derive(
        actor=officer,
        parent_id=original.pk,
        source=write(tmp_path, playable),
        sha256=sha(playable),
        size=len(playable),
        verdict=classify(playable),
        purpose="playable",
    )
    services.item_link(actor=officer, item_id=child.pk, kind="report", target_id=report)
    linked = selectors.linked_to(actor=officer, kind="report", ids=[report])
    assert [i.item.pk for i in linked.items] == [original.pk]


def test_another_partnership_sees_nothing(make_user, far, local_store):
    report = new_id()
    _file(report, "doorbell.mp4")
    stranger = actor_of(make_user(Role.POLICE_OFFICER, "far_police"))
    linked = selectors.linked_to(actor=stranger, kind="report", ids=[report])
    assert not linked
    assert _access_events("report", report) == 0  # nothing shown, nothing logged


def test_a_resident_sees_only_what_they_handed_over(make_user, local_store, own_reports):
    user = make_user(Role.RESIDENT)
    resident = actor_of(user)
    report = new_id()
    own_reports[user.pk] = [report]
    mine = _file(report, "mine.mp4", actor=resident)
    _file(report, "someone-else.mp4")  # through the report's capability, not theirs
    statement = statements.statement_start(
        actor=resident, witness_name="Ada Thornbury", link_kind="report", link_id=report
    )
    neighbour = make_user(Role.RESIDENT)
    own_reports[neighbour.pk] = [report]
    statements.statement_start(
        actor=actor_of(neighbour), witness_name="Bo Neigh", link_kind="report", link_id=report
    )
    linked = selectors.linked_to(actor=resident, kind="report", ids=[report])
    assert [i.item.pk for i in linked.items] == [mine.pk]
    assert [s.pk for s in linked.statements] == [statement.pk]
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS).exists()


def test_nobody_else_sees_anything(orgs, local_store):
    report = new_id()
    _file(report, "doorbell.mp4")
    assert not selectors.linked_to(actor=ANONYMOUS, kind="report", ids=[report])


def test_unknown_kinds_and_no_ids_ask_nothing(officer, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert not selectors.linked_to(actor=officer, kind="report", ids=[])
        assert not selectors.linked_to(actor=officer, kind="person", ids=[new_id()])


@pytest.mark.parametrize(("reports", "per_report"), [(1, 1), (4, 3)])
def test_a_resident_read_is_three_queries_however_many(
    make_user, local_store, own_reports, django_assert_num_queries, reports, per_report
):
    user = make_user(Role.RESIDENT)
    resident = actor_of(user)
    own_reports[user.pk] = [new_id() for _ in range(reports)]
    ids = own_reports[user.pk]
    for n, report_id in enumerate(ids):
        for m in range(per_report):
            _file(report_id, f"clip-{n}-{m}.mp4", actor=resident)
        statements.statement_start(
            actor=resident, witness_name="Ada Thornbury", link_kind="report", link_id=report_id
        )
    # links with items and blobs, the items' flags, the statements
    with django_assert_num_queries(3):
        linked = selectors.linked_to(actor=resident, kind="report", ids=ids)
        context = linked_context(linked, resident=True)  # building the page asks nothing more
    assert len(linked.items) == reports * per_report
    assert len(context.entries) == reports * per_report + reports


def _audit_writes(queries: CaptureQueriesContext) -> list[str]:
    """The statements that wrote to the audit log: an append (PostgreSQL's function, with
    the lookup rows in the same statement for a list) or an INSERT into its tables."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if "lantern_audit_append" in q["sql"]
        or (q["sql"].lstrip().upper().startswith("INSERT") and "audit_auditevent" in q["sql"])
    ]


def _read_with_files(officer, reports: int) -> tuple[list, CaptureQueriesContext]:
    ids = [new_id() for _ in range(reports)]
    for report_id in ids:
        for n in range(2):
            _file(report_id, f"clip-{n}.mp4")
    with CaptureQueriesContext(connection) as queries:
        linked = selectors.linked_to(actor=officer, kind="report", ids=ids)
        linked_context(linked)
    assert len(linked.items) == 2 * reports
    return ids, queries


def test_a_staff_read_of_several_records_is_one_list_event(officer, local_store):
    """Three queries for the data, then the access events: one per record where one record
    is shown, and one naming them all where several are (ADR 0020), so the audit writes do
    not grow with the list, and the log still finds the read of each record."""
    _, one = _read_with_files(officer, 1)
    _, few = _read_with_files(officer, 2)
    many_ids, many = _read_with_files(officer, 6)
    assert _audit_writes(one) and _audit_writes(few)
    assert len(_audit_writes(many)) == len(_audit_writes(few))
    assert len(many) == len(few)
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "record.listed" and event.object_type == "report"
    details = json.loads(event.details)
    assert details["purpose"] == "linked_evidence"
    assert details["ids"] == sorted(str(pk) for pk in many_ids)
    for report_id in many_ids:
        found = events_for_object(actor=officer, object_type="report", object_id=str(report_id))
        assert [e.seq for e in found if e.kind == AuditEvent.Kind.ACCESS] == [event.seq]
        logged = audit_event_list(actor=SYSTEM, object_id=str(report_id))
        assert list(logged.filter(kind=AuditEvent.Kind.ACCESS)) == [event]


def test_a_case_and_its_reports_at_once(officer, local_store):
    case, report = new_id(), new_id()
    on_report = _file(report, "report.mp4")
    linked = selectors.linked_to_any(actor=officer, targets={"case": [case], "report": [report]})
    assert [(i.item.pk, i.kind) for i in linked.items] == [(on_report.pk, "report")]


def test_the_list_for_staff_shortens_the_fingerprint_and_names_the_file(officer, local_store):
    report = new_id()
    item = _file(report, "doorbell.mp4")
    context = linked_context(selectors.linked_to(actor=officer, kind="report", ids=[report]))
    (entry,) = context.entries
    assert entry.title == "doorbell.mp4"
    assert entry.url == f"/evidence/items/{item.pk}/"
    rendered = entry.details.render()
    sha = item.blob.sha256
    assert f"{sha[:12]}…" in rendered  # shortened for the eye
    assert f'<span class="govuk-visually-hidden">{sha}</span>' in rendered  # whole for others


def test_signed_statements_show_their_fingerprint(make_user, local_store, own_reports, officer):
    user = make_user(Role.RESIDENT)
    resident = actor_of(user)
    report = new_id()
    own_reports[user.pk] = [report]
    draft = statements.statement_start(
        actor=resident, witness_name="Ada Thornbury", link_kind="report", link_id=report
    )
    statements.statement_update(
        actor=resident,
        statement_id=draft.pk,
        body="I saw a silver car stop outside number 4.",
        no_dates_to_avoid=True,
    )
    signed = statements.statement_sign(
        actor=resident,
        statement_id=draft.pk,
        typed_name="Ada Thornbury",
        secret=PASSWORD,
        declaration_accepted=True,
    )
    context = linked_context(selectors.linked_to(actor=officer, kind="report", ids=[report]))
    (entry,) = context.entries
    assert entry.title == "Statement of Ada Thornbury"
    assert entry.url == f"/evidence/statements/{signed.pk}/"
    assert signed.sha256[:12] in entry.details.render()
    assert entry.warnings == ()
    own = linked_context(
        selectors.linked_to(actor=resident, kind="report", ids=[report]), resident=True
    )
    assert signed.sha256 in own.entries[0].details.render()  # in full for the witness
