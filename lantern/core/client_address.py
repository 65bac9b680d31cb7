"""The address of the client that sent a request, for limits and lockouts.

Without a proxy in front (the default) it is ``REMOTE_ADDR``, which the client cannot
choose. Behind ``TRUSTED_PROXY_COUNT`` proxies (``BEHIND_TLS_PROXY``), each proxy appends
the address it received the request from to ``X-Forwarded-For``, so the client is the
entry that many places from the right; anything further left was written by the client
and is not trusted. django-axes reads the address here too (``AXES_CLIENT_IP_CALLABLE``)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's IP address as text, or "" when the request carries none."""
    remote = request.META.get("REMOTE_ADDR") or ""
    proxies: int = settings.LANTERN_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part
        ]
        if len(forwarded) >= proxies:
            found = _address(forwarded[-proxies])
            if found is not None:
                return found
    return _address(remote) or remote
