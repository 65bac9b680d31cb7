"""The evidence demo data: made locally, idempotent."""

from __future__ import annotations

import io

from lantern.accounts import demo as accounts_demo
from lantern.evidence import demo
from lantern.evidence.models import Blob, EvidenceItem, Statement


def test_demo_evidence_is_idempotent(db, local_store):
    accounts_demo.seed(out=io.StringIO())
    demo.seed(out=io.StringIO())
    counts = (EvidenceItem.objects.count(), Blob.objects.count(), Statement.objects.count())
    assert counts == (4, 4, 1)
    assert Statement.objects.get().is_signed
    assert set(EvidenceItem.objects.values_list("category", flat=True)) == {"video", "image"}
    demo.seed(out=io.StringIO())
    assert (EvidenceItem.objects.count(), Blob.objects.count(), Statement.objects.count()) == counts
