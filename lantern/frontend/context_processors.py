"""Template context for every page rendered with a request."""

from __future__ import annotations

from django.http import HttpRequest

from lantern.frontend import back_links
from lantern.frontend import branding as branding_settings
from lantern.frontend.navigation import items_for


def navigation(request: HttpRequest) -> dict[str, object]:
    """``nav_items``: the service navigation links this request's actor may use."""
    return {"nav_items": items_for(request)}


def branding(request: HttpRequest) -> dict[str, object]:
    """``branding``: the deployment's service name, operator, logo and footer links."""
    return {"branding": branding_settings.current()}


def back_link(request: HttpRequest) -> dict[str, object]:
    """``back_url`` and ``back_text`` for a form page (lantern/frontend/back_links.py); a
    view's own ``back_url`` wins, since the view's context sits above this one."""
    found = back_links.back_for(request)
    return {"back_url": found[0], "back_text": found[1]} if found else {}
