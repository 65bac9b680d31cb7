"""The review queue, decisions, legal holds and disposal (issue 23 part 2)."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.utils import timezone

from lantern.audit.models import AuditEvent
from lantern.audit.services import audit_chain_verify
from lantern.cases import services as case_services
from lantern.core import clock
from lantern.core.actor import SYSTEM, Role
from lantern.core.errors import PermissionDenied, ValidationFailed
from lantern.dataprotection.models import Decision, ReviewItem, Tombstone
from lantern.dataprotection.selectors import review_queue
from lantern.dataprotection.services import (
    retention_decide,
    retention_dispose,
    retention_override_set,
    retention_queue_refresh,
)
from lantern.evidence.blobstore import blob_key
from lantern.evidence.models import Blob, EvidenceItem
from lantern.reports.models import Report

from .conftest import items_of

pytestmark = pytest.mark.django_db


def _queued(report: Report) -> ReviewItem:
    return ReviewItem.objects.get(record_class="reports.Report", record_id=report.pk)


def test_the_daily_task_queues_closed_reports_past_their_period_only(old_report) -> None:
    expired = old_report()
    recent = old_report(age=timedelta(days=30))
    still_open = old_report(status=Report.Status.IN_PROGRESS)

    assert retention_queue_refresh(actor=SYSTEM) == {"reports.Report": 1}
    item = _queued(expired)
    assert item.rule == "resident_report"
    assert item.period_days == 6 * 365
    assert item.label == expired.reference
    assert not ReviewItem.objects.filter(record_id__in=[recent.pk, still_open.pk]).exists()
    # Run again (the task is a sweep): nothing is queued twice.
    assert retention_queue_refresh(actor=SYSTEM) == {}


def test_a_partnership_override_shortens_the_period(old_report, dpo) -> None:
    recent = old_report(age=timedelta(days=40))
    partnership_id = recent.partnership_id
    retention_override_set(
        actor=dpo,
        partnership_id=partnership_id,
        rule_id="resident_report",
        period_days=30,
        reason="Partnership retention policy 2026, section 4",
    )
    retention_queue_refresh(actor=SYSTEM)
    assert _queued(recent).period_days == 30


def test_overrides_are_checked(dpo, old_report) -> None:
    report = old_report()
    with pytest.raises(ValidationFailed) as refused:
        retention_override_set(
            actor=dpo,
            partnership_id=report.partnership_id,
            rule_id="audit_log",
            period_days=-1,
            reason=" ",
        )
    assert set(refused.value.errors) == {"rule", "period_days", "reason"}


def test_retain_needs_a_later_date_and_a_reason_and_is_recorded(old_report, dpo) -> None:
    report = old_report()
    retention_queue_refresh(actor=SYSTEM)
    item = _queued(report)
    today = timezone.localdate()
    with pytest.raises(ValidationFailed) as refused:
        retention_decide(actor=dpo, item_id=item.pk, kind="retain", retain_until=today)
    assert set(refused.value.errors) == {"retain_until", "reason"}

    retention_decide(
        actor=dpo,
        item_id=item.pk,
        kind="retain",
        retain_until=today + timedelta(days=365),
        reason="Linked to a pattern still under review",
    )
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.RETAINED
    decision = Decision.objects.get(item=item)
    assert decision.decided_by == dpo.user_id
    event = AuditEvent.objects.filter(action="retention.decided").last()
    assert event is not None
    assert json.loads(event.details)["decision"] == "retain"
    assert "pattern" not in event.details  # the reason stays out of the log

    # Not queued again until the date passes; then it comes back as a new review.
    assert retention_queue_refresh(actor=SYSTEM) == {}
    later = clock.now() + timedelta(days=366)
    assert retention_queue_refresh(actor=SYSTEM, now=later) == {"reports.Report": 1}


@pytest.mark.parametrize(
    "role", [Role.ADMIN, Role.SUPERVISOR, Role.POLICE_OFFICER, Role.SAFEGUARDING_LEAD]
)
def test_a_reviewer_without_the_data_protection_role_is_refused(
    role, make_user, old_report
) -> None:
    from conftest import actor_of

    report = old_report()
    retention_queue_refresh(actor=SYSTEM)
    actor = actor_of(make_user(role))
    with pytest.raises(PermissionDenied):
        retention_decide(actor=actor, item_id=_queued(report).pk, kind="dispose")
    with pytest.raises(PermissionDenied):
        retention_dispose(actor=actor)
    with pytest.raises(PermissionDenied):
        review_queue(actor=actor)


def test_disposal_removes_the_report_its_evidence_and_bytes_and_leaves_a_tombstone(
    old_report, dpo, resident
) -> None:
    report = old_report()
    (item,) = items_of(report)
    sha256 = item.blob_id
    store = storages["default"]
    assert store.exists(blob_key(sha256))
    retention_queue_refresh(actor=SYSTEM)
    retention_decide(actor=dpo, item_id=_queued(report).pk, kind="dispose")

    preview = retention_dispose(actor=dpo, dry_run=True)
    assert [d["record_id"] for d in preview.disposed] == [str(report.pk)]
    assert Report.objects.filter(pk=report.pk).exists()  # a dry run changes nothing
    assert store.exists(blob_key(sha256))

    run = retention_dispose(actor=dpo)
    assert [d["record_id"] for d in run.disposed] == [str(report.pk)]
    assert run.disposed[0]["with"] == 1 and run.disposed[0]["blobs"] == 1
    assert not Report.objects.filter(pk=report.pk).exists()
    assert not EvidenceItem.objects.filter(pk=item.pk).exists()
    assert not Blob.objects.filter(pk=sha256).exists()
    assert not store.exists(blob_key(sha256))
    tombstone = Tombstone.objects.get(record_class="reports.Report", record_id=report.pk)
    assert tombstone.rule == "resident_report"
    assert Tombstone.objects.get(record_id=item.pk).followed == tombstone
    assert _queued(report).status == ReviewItem.Status.DISPOSED

    # A second run is a no-op; the chain still verifies.
    again = retention_dispose(actor=dpo)
    assert again.disposed == [] and again.held == []
    assert Tombstone.objects.count() == 2
    assert audit_chain_verify(actor=SYSTEM).ok


def test_disposing_twice_is_a_no_op(old_report) -> None:
    from lantern.core import processing

    report = old_report()
    subject = processing.retention_subject("reports.Report")
    assert subject is not None
    assert subject.dispose(SYSTEM, report.pk) is not None
    assert subject.dispose(SYSTEM, report.pk) is None


def test_audit_events_of_a_disposal_carry_no_personal_data(old_report, dpo, resident) -> None:
    report = old_report()
    (item,) = items_of(report)
    retention_queue_refresh(actor=SYSTEM)
    retention_decide(actor=dpo, item_id=_queued(report).pk, kind="dispose", reason="Expired")
    first = AuditEvent.objects.order_by("-seq").first()
    retention_dispose(actor=dpo)
    assert first is not None
    written = AuditEvent.objects.filter(seq__gt=first.seq)
    assert {e.action for e in written} >= {
        "report.disposed",
        "evidence.disposed",
        "retention.disposed",
        "retention.disposal_run",
        "retention.blob_deleted",
    }
    personal = [
        report.description,
        report.address,
        report.reference,
        "Larkspur",
        item.filename,
    ]
    text = json.dumps([[e.object_type, e.object_id, e.details] for e in written])
    for value in filter(None, personal):
        assert value not in text


def test_an_open_case_holds_the_report_until_it_is_closed(old_report, dpo, officer) -> None:
    report = old_report()
    case = case_services.case_open(
        actor=officer, data=case_services.CaseInput(kind="person", title="Nuisance")
    )
    case_services.case_link_report(actor=officer, case_id=case.pk, report_id=report.pk)
    Report.objects.filter(pk=report.pk).update(updated_at=clock.now() - timedelta(days=7 * 365))
    retention_queue_refresh(actor=SYSTEM)
    retention_decide(actor=dpo, item_id=_queued(report).pk, kind="dispose")

    run = retention_dispose(actor=dpo)
    assert run.disposed == []
    assert run.held[0]["holds"] == ["an open case"]
    assert Report.objects.filter(pk=report.pk).exists()
    assert AuditEvent.objects.filter(action="retention.held").exists()

    case_services.case_close(actor=officer, case_id=case.pk, reason="Resolved")
    assert [d["record_id"] for d in retention_dispose(actor=dpo).disposed] == [str(report.pk)]


def test_the_command_line_does_what_the_pages_do(old_report, make_user) -> None:
    report = old_report()
    officer_user = make_user(Role.DATA_PROTECTION_OFFICER)
    out = StringIO()
    call_command("retention", "review", "--json", stdout=out)
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["queued"] == {"reports.Report": 1}
    (pending,) = result["pending"]
    assert pending["record_id"] == str(report.pk)

    call_command(
        "retention",
        "decide",
        pending["item"],
        "--dispose",
        "--by",
        officer_user.email,
        stdout=StringIO(),
    )
    out = StringIO()
    call_command("retention", "dispose", "--dry-run", "--json", stdout=out)
    assert json.loads(out.getvalue().splitlines()[-1])["dry_run"] is True
    assert Report.objects.filter(pk=report.pk).exists()
    out = StringIO()
    call_command("retention", "dispose", "--json", stdout=out)
    done = json.loads(out.getvalue().splitlines()[-1])
    assert [d["record_id"] for d in done["disposed"]] == [str(report.pk)]
    assert not Report.objects.filter(pk=report.pk).exists()


def test_a_footage_request_is_disposed_of_after_its_own_expiry_unless_a_case_holds_it(
    dpo, officer, make_user, make_report
) -> None:
    from conftest import actor_of
    from lantern.places.models import FootageRequest
    from lantern.places.tests.factories import make_camera, make_request

    owner = actor_of(make_user(Role.RESIDENT))
    camera = make_camera(owner)
    free = make_request(officer, camera, report_id=make_report().pk)
    in_case = make_request(officer, camera, report_id=make_report().pk)
    case = case_services.case_open(
        actor=officer, data=case_services.CaseInput(kind="person", title="Nuisance")
    )
    case_services.case_link_report(actor=officer, case_id=case.pk, report_id=in_case.report_id)
    retention_queue_refresh(actor=SYSTEM)
    assert not ReviewItem.objects.filter(record_class="places.FootageRequest").exists()

    after_expiry = max(free.expires_at, in_case.expires_at) + timedelta(minutes=1)
    assert retention_queue_refresh(actor=SYSTEM, now=after_expiry) == {"places.FootageRequest": 2}
    for item in ReviewItem.objects.filter(record_class="places.FootageRequest"):
        assert item.rule == "footage_request_expiry" and item.period_days == 0
        retention_decide(actor=dpo, item_id=item.pk, kind="dispose")
    run = retention_dispose(actor=dpo)
    assert [d["record_id"] for d in run.disposed] == [str(free.pk)]
    assert [d["holds"] for d in run.held] == [["an open case"]]
    assert not FootageRequest.objects.filter(pk=free.pk).exists()
    assert FootageRequest.objects.filter(pk=in_case.pk).exists()


def test_copies_go_with_their_original_unless_a_copy_is_filed_elsewhere(
    old_report, dpo, officer, tmp_path
) -> None:
    from lantern.evidence import previews
    from lantern.evidence import services as evidence_services
    from lantern.evidence.filetypes import classify
    from lantern.evidence.tests.factories import clip, sha, write

    def copy_of(item):
        playable = clip(2000)
        return previews.item_derive(
            actor=officer,
            parent_id=item.pk,
            source=write(tmp_path, playable),
            sha256=sha(playable),
            size=len(playable),
            verdict=classify(playable),
            purpose="playable",
        )

    report = old_report()
    (original,) = items_of(report)
    child = copy_of(original)
    kept_report = old_report()
    (kept,) = items_of(kept_report)
    kept_copy = copy_of(kept)
    case = case_services.case_open(
        actor=officer, data=case_services.CaseInput(kind="person", title="Nuisance")
    )
    evidence_services.item_link(actor=officer, item_id=kept_copy.pk, kind="case", target_id=case.pk)
    case_services.case_close(actor=officer, case_id=case.pk, reason="Resolved")

    retention_queue_refresh(actor=SYSTEM)
    for item in ReviewItem.objects.filter(record_class="reports.Report"):
        retention_decide(actor=dpo, item_id=item.pk, kind="dispose")
    run = retention_dispose(actor=dpo)
    by_record = {d["record_id"]: d for d in run.disposed}
    assert by_record[str(report.pk)]["with"] == 1 and by_record[str(report.pk)]["blobs"] == 2
    assert not EvidenceItem.objects.filter(pk__in=[original.pk, child.pk]).exists()
    assert not Blob.objects.filter(pk__in=[original.blob_id, child.blob_id]).exists()
    # The other report went, but its clip stays: a copy of it is filed under a case.
    assert by_record[str(kept_report.pk)]["with"] == 0
    assert EvidenceItem.objects.filter(pk__in=[kept.pk, kept_copy.pk]).count() == 2
    assert audit_chain_verify(actor=SYSTEM).ok


def test_the_daily_task_is_scheduled_and_queues(old_report) -> None:
    from lantern.core.periodic import periodic_tasks
    from lantern.dataprotection import tasks

    report = old_report()
    scheduled = {p.name: p.every for p in periodic_tasks()}
    assert scheduled[tasks.queue_records_due_for_review.module_path] == timedelta(days=1)
    assert tasks.delete_disposed_blobs.module_path in scheduled
    result = tasks.queue_records_due_for_review.enqueue()
    assert result.return_value == {"reports.Report": 1}
    assert _queued(report).status == ReviewItem.Status.PENDING


def test_the_command_line_refuses_a_decision_by_someone_without_the_role(
    old_report, make_user
) -> None:
    from django.core.management.base import CommandError

    old_report()
    retention_queue_refresh(actor=SYSTEM)
    item = ReviewItem.objects.get()
    admin = make_user(Role.ADMIN)
    with pytest.raises(CommandError, match="Only a data protection officer"):
        call_command(
            "retention",
            "decide",
            str(item.pk),
            "--dispose",
            "--by",
            admin.email,
            stdout=StringIO(),
        )
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.PENDING


def test_a_subject_access_request_in_progress_holds_what_it_found(old_report, dpo) -> None:
    from lantern.subjectaccess import services as sar_services
    from lantern.subjectaccess.models import FoundRecord, Status, SubjectAccessRequest

    report = old_report()
    retention_queue_refresh(actor=SYSTEM)
    retention_decide(actor=dpo, item_id=_queued(report).pk, kind="dispose")
    sar = sar_services.request_record(
        actor=dpo,
        data=sar_services.RequestInput(
            regime="uk_gdpr",
            received_on=clock.now().date(),
            requester_name="Requester",
            requester_contact="By post",
            identity_check="not_yet",
            subject_name="Requester",
        ),
    )
    # What the reports app's finder would store for a report the search found.
    FoundRecord.objects.create(
        request=sar, finder="reports", source="reports.report", record_id=report.pk, title="Report"
    )

    run = retention_dispose(actor=dpo)
    assert run.disposed == []
    assert run.held[0]["holds"] == ["a subject access request in progress"]

    # Released, the request no longer holds it.
    SubjectAccessRequest.objects.filter(pk=sar.pk).update(status=Status.RELEASED)
    assert [d["record_id"] for d in retention_dispose(actor=dpo).disposed] == [str(report.pk)]
