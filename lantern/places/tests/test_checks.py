"""The geocoder settings check: an unusable choice stops the start, naming the setting."""

from __future__ import annotations

from lantern.places.checks import geocoder_settings


def test_the_default_passes(settings):
    assert geocoder_settings(None) == []


def test_an_unknown_geocoder_or_a_missing_url_is_an_error(settings):
    settings.LANTERN_GEOCODER = "google"
    [error] = geocoder_settings(None)
    assert error.id == "lantern.E020" and "LANTERN_GEOCODER" in error.msg
    settings.LANTERN_GEOCODER = "nominatim"
    settings.LANTERN_GEOCODER_URL = ""
    [error] = geocoder_settings(None)
    assert "LANTERN_GEOCODER_URL" in error.msg
    settings.LANTERN_GEOCODER_URL = "https://nominatim.example.org"
    assert geocoder_settings(None) == []
