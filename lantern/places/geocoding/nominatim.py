"""A Nominatim-compatible geocoding service over HTTP (Nominatim itself, or a hosted service
with the same API, such as LocationIQ, which takes a ``key`` parameter). For production:
``LANTERN_GEOCODER=nominatim`` with ``LANTERN_GEOCODER_URL`` (and ``LANTERN_GEOCODER_KEY``
where the service needs one). Python's own HTTP client: no extra dependency.

The query text goes to the service and nowhere else: nothing here logs it or the URL. A
fault (network, timeout, an error answer, a body that is not JSON) is
``GeocoderUnavailable``; callers say so to the person and let them use the map instead."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from lantern.places.geocoding.base import (
    MAX_QUERY,
    MIN_QUERY,
    NEAR,
    GeocoderUnavailable,
    Place,
    format_postcode,
    normalise,
)

USER_AGENT = "Lantern (neighbourhood safety casework)"
STREET_TYPES = {"road", "highway", "street"}


class NominatimGeocoder:
    def __init__(self, *, base_url: str, key: str = "", timeout: float = 5.0) -> None:
        if not base_url.startswith(("https://", "http://")):
            raise GeocoderUnavailable("LANTERN_GEOCODER_URL is not an http(s) URL")
        self.base_url = base_url.rstrip("/")
        self.key = key
        self.timeout = timeout

    def _get(self, path: str, params: dict[str, Any]) -> Any:
        params = {**params, "format": "jsonv2"}
        if self.key:
            params["key"] = self.key
        url = f"{self.base_url}/{path}?{urllib.parse.urlencode(params)}"
        request = urllib.request.Request(  # noqa: S310  (the scheme is checked above)
            url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return json.loads(response.read(1_000_000))
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            # The URL holds the query: the message names only the kind of fault.
            raise GeocoderUnavailable(type(exc).__name__) from None

    def search(self, text: str, *, limit: int = 10) -> list[Place]:
        text = " ".join(text[:MAX_QUERY].split())
        if len(normalise(text)) < MIN_QUERY:
            return []
        found = self._get(
            "search",
            {"q": text, "countrycodes": "gb", "addressdetails": 1, "limit": limit},
        )
        if not isinstance(found, list):
            raise GeocoderUnavailable("unexpected answer")
        places = [place for item in found if (place := _place(item)) is not None]
        return places[:limit]

    def reverse(self, lat: float, lon: float) -> str:
        found = self._get("reverse", {"lat": f"{lat:.6f}", "lon": f"{lon:.6f}", "zoom": 17})
        if not isinstance(found, dict) or "error" in found:
            return ""
        address = found.get("address") or {}
        name = address.get("road") or address.get("pedestrian") or found.get("name") or ""
        return f"{NEAR}{name}" if name else ""


def _place(item: Any) -> Place | None:
    try:
        lat, lon = float(item["lat"]), float(item["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    address = item.get("address") or {}
    category = item.get("category") or item.get("class") or ""
    kind = "street" if category in STREET_TYPES else "place"
    postcode = format_postcode(address.get("postcode", ""))
    name = item.get("name") or address.get("road") or ""
    if item.get("type") == "postcode" or item.get("addresstype") == "postcode":
        kind, name = "postcode", postcode or name
    if not name:
        name = str(item.get("display_name", "")).split(",")[0].strip()
    if not name:
        return None
    locality = (
        address.get("suburb")
        or address.get("town")
        or address.get("city")
        or address.get("village")
        or ""
    )
    return Place(name=name, kind=kind, lat=lat, lon=lon, postcode=postcode, locality=locality)
