"""The service navigation: which links the header shows to whom.

Each app registers its top-level pages as ``NavItem``s (the foundation items are below);
``items_for(request)`` keeps those the actor may use, in the order they were registered,
as the dicts the GOV.UK service navigation component takes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from lantern.core.permissions import Permission, can


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: Permission


_ITEMS: list[NavItem] = []


def register(item: NavItem) -> NavItem:
    """Add ``item`` to the navigation (once: registering it again changes nothing)."""
    if item not in _ITEMS:
        _ITEMS.append(item)
    return item


def _is_active(href: str, path: str) -> bool:
    if href == "/":
        return path == "/"
    return path == href or path.startswith(href.rstrip("/") + "/")


def items_for(request: HttpRequest) -> list[dict[str, object]]:
    """The navigation links for this request's actor: ``{"text", "href", "active",
    "current"}`` (active: the page is in that section; current: it is that page).

    URLs are reversed here, per request, so an item whose page does not exist (yet) is
    left out rather than breaking every page.
    """
    actor = getattr(request, "actor", None)
    if actor is None:
        return []
    items = []
    for item in _ITEMS:
        if not can(actor, item.permission):
            continue
        try:
            href = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append(
            {
                "text": item.label,
                "href": href,
                "active": _is_active(href, request.path),
                "current": href == request.path,
            }
        )
    return items


register(NavItem("Dashboard", "frontend:dashboard", Permission.STAFF_DASHBOARD_VIEW))
register(NavItem("Home", "frontend:home", Permission.RESIDENT_HOME_VIEW))
register(NavItem("Audit log", "audit:events", Permission.AUDIT_VIEW))
