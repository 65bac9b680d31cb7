"""The evidence demo data: made locally, idempotent, about the demo resident's first report."""

from __future__ import annotations

import io
import uuid

from lantern.accounts import demo as accounts_demo
from lantern.accounts.models import Partnership, User
from lantern.core.actor import Role
from lantern.evidence import demo
from lantern.evidence.models import Blob, EvidenceItem, EvidenceLink, Statement


def test_demo_evidence_is_idempotent(orgs, local_store, own_reports):
    accounts_demo.seed(out=io.StringIO())
    resident = User.objects.get(email=accounts_demo.demo_email(Role.RESIDENT))
    first, latest = uuid.uuid4(), uuid.uuid4()
    own_reports[resident.pk] = [latest, first]  # newest first, as the reports app gives them
    demo.seed(out=io.StringIO())
    counts = (EvidenceItem.objects.count(), Blob.objects.count(), Statement.objects.count())
    assert counts == (4, 4, 1)
    assert Statement.objects.get().is_signed
    assert set(EvidenceItem.objects.values_list("category", flat=True)) == {"video", "image"}
    # All about the resident's first report, so in its partnership.
    originals = EvidenceItem.objects.filter(parent__isnull=True)
    assert EvidenceLink.objects.filter(kind="report", target_id=first).count() == 4
    assert Statement.objects.get().link_id == first
    test = Partnership.objects.get(name="Test Partnership")
    assert (
        {i.partnership_id for i in originals}
        == {test.pk}
        == {Statement.objects.get().partnership_id}
    )
    demo.seed(out=io.StringIO())
    assert (EvidenceItem.objects.count(), Blob.objects.count(), Statement.objects.count()) == counts


def test_demo_evidence_needs_a_report_to_be_about(orgs, local_store, own_reports):
    accounts_demo.seed(out=io.StringIO())
    out = io.StringIO()
    demo.seed(out=out)
    assert "made no report" in out.getvalue()
    assert not EvidenceItem.objects.exists() and not Statement.objects.exists()


def test_demo_evidence_waits_for_the_reports_partnership(
    orgs, local_store, own_reports, record_partnerships
):
    accounts_demo.seed(out=io.StringIO())
    resident = User.objects.get(email=accounts_demo.demo_email(Role.RESIDENT))
    report_id = uuid.uuid4()
    own_reports[resident.pk] = [report_id]
    record_partnerships[report_id] = None  # the reports app cannot say which partnership
    out = io.StringIO()
    demo.seed(out=out)
    assert "belongs to no partnership yet" in out.getvalue()
    assert not EvidenceItem.objects.exists() and not Statement.objects.exists()
