"""django-csp's middleware, with the site-wide policy built once per process.

django-csp builds the Content-Security-Policy header from settings on every response
(about a tenth of a millisecond each). Most responses use the site-wide policy as it
stands: no nonce, no per-view ``csp_update``/``csp_replace``/``csp_override``. For those
this middleware sends the header it built the first time; any other response is built by
django-csp exactly as before. The cache is emptied when a test overrides the settings.
"""

from __future__ import annotations

import http.client
from functools import cache
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.http.response import HttpResponseBase

_PER_RESPONSE = {
    False: ("_csp_config", "_csp_update", "_csp_replace"),
    True: ("_csp_config_ro", "_csp_update_ro", "_csp_replace_ro"),
}
_SETTING = {False: "CONTENT_SECURITY_POLICY", True: "CONTENT_SECURITY_POLICY_REPORT_ONLY"}
_EXEMPT = {False: "_csp_exempt", True: "_csp_exempt_ro"}
_HEADER = {False: HEADER, True: HEADER_REPORT_ONLY}


@cache
def _site_policy(report_only: bool) -> str:
    return build_policy(report_only=report_only)


@cache
def _excluded_prefixes(report_only: bool) -> tuple[str, ...]:
    policy: dict[str, Any] = getattr(settings, _SETTING[report_only], None) or {}
    return tuple(policy.get("EXCLUDE_URL_PREFIXES") or ())


@receiver(setting_changed)
def _forget(setting: str, **kwargs: Any) -> None:
    if setting in _SETTING.values():
        _site_policy.cache_clear()
        _excluded_prefixes.cache_clear()


class CSPMiddleware(DjangoCSPMiddleware):
    def _policy(self, request: HttpRequest, response: HttpResponseBase, report_only: bool) -> str:
        nonce = getattr(request, "_csp_nonce", None)
        if nonce is None and not any(hasattr(response, a) for a in _PER_RESPONSE[report_only]):
            return _site_policy(report_only)
        parts = self.get_policy_parts(request=request, response=response, report_only=report_only)
        return build_policy(
            config=parts.config,
            update=parts.update,
            replace=parts.replace,
            nonce=parts.nonce,
            report_only=report_only,
        )

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        # As django-csp's process_response (4.0), with the site-wide policy cached.
        exempted_debug_codes = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)
        if response.status_code in exempted_debug_codes and settings.DEBUG:
            return response
        for report_only in (False, True):
            policy = self._policy(request, response, report_only)
            if (
                policy
                and getattr(response, _EXEMPT[report_only], False) is False
                and _HEADER[report_only] not in response
                and not request.path_info.startswith(_excluded_prefixes(report_only))
            ):
                response[_HEADER[report_only]] = policy
        # Once the header is written, a late request.csp_nonce must fail loudly (as
        # django-csp does): it would not be in the policy.
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
