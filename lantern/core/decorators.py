"""View decorators that put a page behind the permission layer."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from lantern.core import errors
from lantern.core.http import LanternRequest
from lantern.core.permissions import Permission, can


def require_permission(permission: Permission) -> Callable:
    """Anonymous users go to sign in; signed-in users without the permission get a 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: LanternRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.actor, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def found(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A record the actor may not see is a 404; a step they may not take, a 403.

    For views whose selectors and services raise the domain's NotFound and
    PermissionDenied (lantern/core/errors.py)."""

    @wraps(view)
    def wrapped(request: LanternRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except errors.NotFound:
            raise Http404 from None
        except errors.PermissionDenied:
            raise PermissionDenied from None

    return wrapped
