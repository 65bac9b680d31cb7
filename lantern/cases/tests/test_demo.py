from io import StringIO

import pytest

from lantern.accounts import demo as accounts_demo
from lantern.audit.models import AuditEvent
from lantern.cases import demo
from lantern.cases.models import Case, CaseReview, Document, EnforcementAction
from lantern.reports.tests.factories import demo_partnership

pytestmark = pytest.mark.django_db


def test_demo_cases_are_seeded_once():
    accounts_demo.seed(out=StringIO())
    demo_partnership()  # until the demo seeds its own partnerships
    demo.seed(out=StringIO())
    assert set(Case.objects.values_list("kind", flat=True)) == {"place", "person"}
    assert EnforcementAction.objects.filter(kind="keeper_letter", state="served").count() == 1
    assert EnforcementAction.objects.filter(kind="cpw", state="served").count() == 1
    assert Document.objects.count() == 2
    assert list(CaseReview.objects.values_list("status", flat=True)) == ["threshold_met"]
    events = AuditEvent.objects.count()
    demo.seed(out=StringIO())
    assert AuditEvent.objects.count() == events
    assert Case.objects.count() == 3
