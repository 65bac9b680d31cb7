"""Start-up check of the geocoder settings (lantern/places/geocoding): a place search that
cannot work stops ``runserver``, ``migrate`` and ``lantern serve`` with the setting named,
rather than telling every resident "place search is not working"."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register

GEOCODERS = ("local", "nominatim")


@register()
def geocoder_settings(app_configs, **kwargs) -> list:
    choice = settings.LANTERN_GEOCODER
    hint = "docs/settings.md#maps"
    if choice not in GEOCODERS:
        return [
            Error(
                f"LANTERN_GEOCODER is {choice!r}: local or nominatim.", hint=hint, id="lantern.E020"
            )
        ]
    url = settings.LANTERN_GEOCODER_URL
    if choice == "nominatim" and not url.startswith(("https://", "http://")):
        return [
            Error(
                "LANTERN_GEOCODER=nominatim needs LANTERN_GEOCODER_URL, an http(s) address.",
                hint=hint,
                id="lantern.E020",
            )
        ]
    return []
