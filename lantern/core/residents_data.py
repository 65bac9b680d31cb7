"""A resident's own data, across the apps that hold it (UK GDPR Art. 15, 16, 17; issue 23
part 4): what each app gives for the resident's download, and what closing their account
does to its records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lantern.core.actor import Actor

# --- a resident's own data (UK GDPR Art. 15, 16, 17; issue 23 part 4) ----------------------
# The accounts app lets a resident download, correct and close what Lantern holds about
# them, but may import no app above it. Each app that holds a resident's records registers
# one ``OwnDataPart`` (in its AppConfig.ready): what it holds for them, for the download; and
# what closing their account does to it. Each callable applies the owner's own rules and
# takes the resident's own Actor: nothing else is ever asked for, so no one reaches another
# person's records this way.


@dataclass(frozen=True)
class OwnDataSection:
    """One app's part of a resident's download: a title, a sentence on what it is, and the
    records as plain JSON-ready dicts (strings, numbers, booleans, lists, None)."""

    key: str  # "reports", "statements", ... (the JSON file's key)
    title: str
    description: str
    records: tuple[dict[str, Any], ...]
    item_name: str = "Record"  # a record's heading on the page when it has no reference


@dataclass(frozen=True)
class KeptOrGone:
    """What closing an account does to one class of record: how many there are, whether
    they are kept (and without what) or deleted, and why, in words a resident reads."""

    key: str  # a class of record: "reports", "signed_statements", ...
    label: str  # "Reports you made"
    count: int
    kept: bool
    why: str


@dataclass(frozen=True)
class OwnDataPart:
    key: str
    order: int
    export: Callable[[Actor], list[OwnDataSection]]
    # What closing would do (nothing written) and closing itself (the owner's writes, each
    # audited by the owner, in the caller's transaction): the same list.
    closing_preview: Callable[[Actor], list[KeptOrGone]]
    close: Callable[[Actor], list[KeptOrGone]]


_own_data_parts: dict[str, OwnDataPart] = {}


def register_own_data_part(part: OwnDataPart) -> None:
    """Register (or replace) an app's part of a resident's own data."""
    _own_data_parts[part.key] = part


def own_data_parts() -> list[OwnDataPart]:
    """The registered parts, in order."""
    return sorted(_own_data_parts.values(), key=lambda part: (part.order, part.key))
