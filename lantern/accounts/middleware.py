"""Puts the Actor on each request, and keeps staff behind two-factor.

Every staff role must set up and pass TOTP two-factor before it reaches any staff page.
Until then a signed-in staff user may reach only the pages that set up or check the
second factor, sign out, and the error pages.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from lantern.accounts.selectors import actor_for
from lantern.core.http import LanternRequest

ALLOWED_BEFORE_TWO_FACTOR = (
    "accounts:two-factor-setup",
    "accounts:two-factor-verify",
    "accounts:sign-out",
)


def _actor(request: LanternRequest):
    user = request.user
    verified = bool(getattr(user, "is_verified", lambda: False)())
    return actor_for(user if user.is_authenticated else None, verified=verified)


class StaffTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: LanternRequest) -> HttpResponse:
        request.actor = SimpleLazyObject(lambda: _actor(request))  # type: ignore[assignment]
        if request.user.is_authenticated:
            actor = request.actor
            if actor.is_staff and not actor.verified and not self._allowed(request):
                from django_otp.plugins.otp_totp.models import TOTPDevice

                has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
                target = "accounts:two-factor-verify" if has_device else "accounts:two-factor-setup"
                return redirect(reverse(target))
        return self.get_response(request)

    @staticmethod
    def _allowed(request: LanternRequest) -> bool:
        path = request.path_info
        if path.startswith(("/static/", "/api/", "/health/")):
            return True
        return any(path == reverse(name) for name in ALLOWED_BEFORE_TWO_FACTOR)
