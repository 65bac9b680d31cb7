"""The accounts app's panels on the dashboard: the roles the user holds, and the
partnerships whose records they see."""

from __future__ import annotations

from typing import Any

from lantern.accounts.selectors import own_memberships, partnership_names
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission
from lantern.frontend.panels import Column, Page, Panel, register


def _roles(request: LanternRequest) -> dict[str, Any] | None:
    mine = request.actor.partnership_ids
    return {
        "memberships": list(own_memberships(actor=request.actor)),
        "partnerships": [(pk, name) for pk, name in partnership_names().items() if pk in mine],
    }


register(
    Panel(
        name="accounts.roles",
        page=Page.STAFF_DASHBOARD,
        column=Column.MAIN,
        template="accounts/panels/roles.html",
        permission=Permission.STAFF_DASHBOARD_VIEW,
        context=_roles,
        order=10,
    )
)


def _own_account(request: LanternRequest) -> dict[str, Any] | None:
    return {}


# The resident's own account: their data, their details, closing the account.
register(
    Panel(
        name="accounts.own_account",
        page=Page.RESIDENT_HOME,
        column=Column.SIDE,
        template="accounts/panels/own_account.html",
        permission=Permission.OWN_ACCOUNT_MANAGE,
        context=_own_account,
        order=90,
    )
)
