"""What waits for the person looking: each app registers a provider here (in its
``panels.py``), ``waiting_for(actor) -> list[WaitingItem]``, built with its own selectors so
that the permission layer decides what the actor may see: an item, or a count, from another
partnership never appears. The dashboard's "Waiting for you" panel and the daily email
list the same items.

Titles carry a kind of work and a reference, never a person's name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from lantern.core.actor import Actor


@dataclass(frozen=True)
class WaitingItem:
    title: str
    url: str  # a path on this site
    since: datetime


WAITING_LIMIT = 50  # items per provider: the dashboard shows the first few, the email all

Provider = Callable[[Actor], list[WaitingItem]]
_PROVIDERS: dict[str, Provider] = {}


def register_provider(name: str, provider: Provider) -> None:
    """Register (or replace) the provider ``name``, e.g. "cases.approvals"."""
    _PROVIDERS[name] = provider


def waiting_for(actor: Actor) -> list[WaitingItem]:
    """Every provider's items for ``actor``, oldest first (what has waited longest leads)."""
    items: list[WaitingItem] = []
    for name in sorted(_PROVIDERS):
        items.extend(_PROVIDERS[name](actor))
    return sorted(items, key=lambda item: item.since)
