"""Template context for every page rendered with a request."""

from __future__ import annotations

from django.http import HttpRequest

from lantern.frontend.navigation import items_for


def navigation(request: HttpRequest) -> dict[str, object]:
    """``nav_items``: the service navigation links this request's actor may use."""
    return {"nav_items": items_for(request)}
