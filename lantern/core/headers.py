"""Two response headers set site-wide in one place (docs/architecture.md, "Security headers").

``Cache-Control: no-store`` (with Django's ``add_never_cache_headers``, what ``never_cache``
does) on every answer a view gives: signed-in pages, API answers and evidence, statement
and notice downloads, and the public pages too. No public page is busy enough for a cache
to matter, and several carry a resident's data or a form's CSRF token (following a report
by its tracking code shows the report), so no browser, proxy or shared computer should keep
any of them. Static files (hashed names, served by WhiteNoise) stay cacheable for a year.

``Permissions-Policy`` on every response, static files included, denying the browser
features Lantern does not use. Nothing in the front end asks for the position
(``navigator.geolocation``), the camera or the microphone: a report's place is chosen on
the map or typed, and a photo or video is chosen with a file input, which needs no grant.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    """Sits just after Django's SecurityMiddleware, so static files answered by WhiteNoise
    pass through it too (they get the Permissions-Policy and keep their caching)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if not request.path.startswith(settings.STATIC_URL or "/static/"):
            add_never_cache_headers(response)
        return response
