"""Start-up checks of the branding settings (lantern/frontend/branding.py).

Not deploy-only: a malformed value stops ``runserver``, ``migrate`` and ``lantern serve``
with an error naming the setting, rather than a footer that silently lacks its links.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.checks import Error, register

from lantern.frontend import branding


@register()
def branding_settings(app_configs, **kwargs) -> list:
    errors: list = []
    try:
        branding.parse_footer_links(settings.LANTERN_FOOTER_LINKS)
    except ValueError as exc:
        errors.append(
            Error(
                f"LANTERN_FOOTER_LINKS cannot be read: {exc}.",
                hint="Write Text=address pairs, comma-separated, e.g. "
                "Privacy=/privacy/,Contact=https://example.org/contact (docs/settings.md).",
                id="lantern.E010",
            )
        )
    logo = settings.LANTERN_LOGO_URL
    try:
        branding.check_logo_url(logo)
        if logo and not branding.logo_host(logo) and not finders.find(logo):
            raise ValueError(f"no static file {logo!r} was found")
    except ValueError as exc:
        errors.append(
            Error(
                f"LANTERN_LOGO_URL cannot be used: {exc}.",
                hint="Give an https:// address, or the path of a file among the static files "
                "(docs/settings.md).",
                id="lantern.E011",
            )
        )
    return errors
