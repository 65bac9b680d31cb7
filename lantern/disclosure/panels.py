"""The disclosure panel on the cases app's case page (registered here, shown there, without
the cases app importing this one): the state of the schedules and a link to them."""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import reverse

from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.disclosure import selectors
from lantern.frontend.panels import Column, Page, Panel, register


def _case(request: LanternRequest, *, case_id: uuid.UUID, **_: Any) -> dict[str, Any] | None:
    lines, unconfirmed, version = selectors.case_counts(case_id=case_id)
    return {
        "lines": lines,
        "unconfirmed": unconfirmed,
        "version": version,
        "url": reverse("disclosure:case", args=[case_id]),
    }


register(
    Panel(
        name="disclosure.case",
        page=Page.CASE,
        column=Column.SIDE,
        template="disclosure/panels/case.html",
        permission=Permission.DISCLOSURE_MANAGE,
        context=_case,
        order=30,
    )
)
