"""Requests shaped exactly as FixMyStreet's perllib/Open311.pm sends them (field names, the
extended description, attribute[...] fields, names split into first_name/last_name)."""

from __future__ import annotations

from lantern.accounts.models import Partnership
from lantern.core.actor import SYSTEM
from lantern.reports.open311 import services

DESCRIPTION = (
    "title: Needles by the bus shelter\n\n"
    "detail: Three needles and a spoon on the pavement behind the shelter.\n\n"
    "url: https://www.fixmystreet.com/report/4242\n\n"
    "Submitted via FixMyStreet\n"
)


def service_request(api_key: str, **changes: str) -> dict[str, str | list[str]]:
    params: dict[str, str | list[str]] = {
        "jurisdiction_id": "eastmere.gov.uk",
        "api_key": api_key,
        "description": DESCRIPTION,
        "service_code": "drug-litter",
        "first_name": "Alys",
        "last_name": "Fennimore",
        "phone": "01632 960 123",
        "email": "alys.fennimore@example.test",
        "lat": "51.541234",
        "long": "0.718345",
        "media_url": "https://www.fixmystreet.com/photo/4242.0.full.jpeg",
        "attribute[needles]": "yes",
    }
    params.update(changes)
    return params


def update(api_key: str, service_request_id: str, **changes: str) -> dict[str, str]:
    params = {
        "jurisdiction_id": "eastmere.gov.uk",
        "api_key": api_key,
        "updated_datetime": "2026-11-27T20:15:00Z",
        "service_request_id": service_request_id,
        "status": "OPEN",
        "description": "Still there this morning.",
        "last_name": "Fennimore",
        "first_name": "Alys",
        "email": "alys.fennimore@example.test",
        "update_id": "987",
    }
    params.update(changes)
    return params


def client_key(name: str, partnership: str = "Test Partnership") -> str:
    """A new client's api_key, sending reports for the named partnership."""
    bound = Partnership.objects.get(name=partnership)
    return services.open311_client_create(actor=SYSTEM, name=name, partnership_id=bound.pk).api_key
