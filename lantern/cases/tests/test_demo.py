from io import StringIO

import pytest

from lantern.accounts import demo as accounts_demo
from lantern.accounts import services as account_services
from lantern.accounts.models import Organisation, Partnership
from lantern.audit.models import AuditEvent
from lantern.cases import demo
from lantern.cases.models import Case, CaseReview, Document, EnforcementAction
from lantern.core.actor import SYSTEM

pytestmark = pytest.mark.django_db


def _demo_accounts() -> None:
    """The accounts demo, with its organisations in a partnership (the demo's partnerships
    are the accounts demo's to seed; until it does, one holding them all)."""
    accounts_demo.seed(out=StringIO())
    if not Partnership.objects.exists():
        account_services.partnership_create(
            actor=SYSTEM, name="Demo partnership", members=list(Organisation.objects.all())
        )


def test_demo_cases_are_seeded_once():
    _demo_accounts()
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
