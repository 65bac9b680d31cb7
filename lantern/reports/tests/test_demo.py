"""The reports demo: a hotspot, a time pattern, repeat registrations; idempotent."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.utils.timezone import localtime

from lantern.accounts import demo as accounts_demo
from lantern.accounts.models import Partnership
from lantern.audit.models import AuditEvent
from lantern.reports import demo
from lantern.reports.models import Report, VehicleMention
from lantern.reports.selectors import _metres
from lantern.reports.tests.factories import demo_partnership

pytestmark = pytest.mark.django_db


def test_without_a_partnership_at_larkspur_row_the_demo_files_no_reports():
    Partnership.objects.all().delete()
    out = StringIO()
    demo.seed(out=out)
    assert "No partnership serves Larkspur Row" in out.getvalue()
    assert not Report.objects.exists()


def test_demo_reports_have_a_hotspot_and_a_time_pattern_and_run_once():
    accounts_demo.seed(out=StringIO())
    demo_partnership()
    demo.seed(out=StringIO())
    reports = list(Report.objects.all())
    assert len(reports) == demo.COUNT
    events = AuditEvent.objects.count()
    counts = Counter(r.status for r in reports)
    demo.seed(out=StringIO())  # a second run changes nothing
    assert Report.objects.count() == demo.COUNT and AuditEvent.objects.count() == events
    near = sum(1 for r in reports if _metres(r.latitude, r.longitude, *demo.HOTSPOT) <= 100)
    assert near / len(reports) > 0.5  # the hotspot
    when = [localtime(r.occurred_from) for r in reports]
    thu_sat = sum(1 for w in when if w.weekday() in (3, 4, 5))
    assert thu_sat / len(when) > 0.6  # three days of seven hold most reports
    evening = sum(1 for w in when if w.hour >= 19 or w.hour < 3)
    assert evening / len(when) > 0.6
    span = max(w for w in when) - min(w for w in when)
    assert span.days > 300
    kxt = VehicleMention.objects.filter(registration="LR19KXT").count()
    assert kxt >= 20
    assert Report.objects.filter(reporter__email="resident@demo.lantern.test").exists()
    assert counts["closed"] > 0 and counts["duplicate"] > 0 and counts["new"] > 0
    assert Report.objects.filter(queue="safeguarding").exists()
