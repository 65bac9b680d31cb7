"""The data protection officer's panel on the staff dashboard: subject access requests whose
response is overdue or due within a week (selectors.due_list)."""

from __future__ import annotations

from typing import Any

from django.utils.timezone import localdate

from lantern.core import clock
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.dates import format_date
from lantern.frontend.panels import Column, Page, Panel, register
from lantern.subjectaccess import selectors


def _due(request: LanternRequest, **_: Any) -> dict[str, Any]:
    rows = selectors.due_list(actor=request.actor, today=localdate(clock.now()))
    return {
        "overdue": [(d.sar, format_date(d.deadline.respond_by)) for d in rows if d.overdue],
        "soon": [(d.sar, format_date(d.deadline.respond_by)) for d in rows if not d.overdue],
        "days": selectors.DUE_SOON_DAYS,
    }


register(
    Panel(
        name="subjectaccess.due",
        page=Page.STAFF_DASHBOARD,
        column=Column.MAIN,
        template="subjectaccess/panels/due.html",
        permission=Permission.SUBJECT_ACCESS_MANAGE,
        context=_due,
        order=15,
    )
)
