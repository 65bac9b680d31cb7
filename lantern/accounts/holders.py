"""Bearer-token holders remembered by this process, for the API operations that confirm the
holder in their own write (ADR 0011).

Every API call with a bearer token needs its holder: the token's user and the roles they
hold (``selectors.api_token_holder``, one query). On the busiest call, filing a report, that
query was a round trip of its own before the one statement that writes the report
(ADR 0007). An operation whose only effect is that one statement may instead take the
holder this process remembers, because the statement itself confirms it: it writes only
while the token is still live, its user still active and the user's roles still the ones
remembered (``selectors.holder_confirmation_sql``), checked in the statement's own snapshot,
as part of the write. So a revoked token, a deactivated user or a changed role is seen at
the moment of the write, never later than with a lookup before it.

* An operation opts in with ``TokenAuth(remembered=True)`` and ``@holder_confirmed``
  (``api_auth``); every other call looks the holder up, as before.
* When the write finds the holder changed, it writes nothing and raises
  :class:`HolderNotConfirmed`; the holder is looked up again and the operation runs again
  with it (or answers 401 if the token is no longer live).
* Any error answer to a remembered holder is given only after a lookup has shown the token
  still live (``config.api.LanternAPI.on_exception``).

Remembered only on PostgreSQL (the confirmation is SQL written for it), for at most
``API_TOKEN_HOLDER_SECONDS`` (0 turns this off), and at most :data:`LIMIT` holders. Keys
are the tokens' SHA-256, never the tokens.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

LIMIT = 10_000


@dataclass(frozen=True, slots=True)
class Holder:
    """A live token's holder as one lookup found them. ``roles_key`` is the user's roles
    written out by the database (``selectors``), which the confirmation compares."""

    token_hash: str
    token_id: uuid.UUID
    last_used_at: datetime | None
    user_id: uuid.UUID
    memberships: tuple[tuple[uuid.UUID | None, str], ...]
    roles_key: str
    found_at: float = field(default_factory=time.monotonic)


@dataclass(slots=True)
class HolderCheck:
    """A remembered holder that the operation's write has still to confirm."""

    holder: Holder
    confirmed: bool = False


class HolderNotConfirmed(Exception):
    """The write found the remembered holder changed and wrote nothing."""


_holders: dict[str, Holder] = {}
_lock = threading.Lock()


def enabled() -> bool:
    seconds: float = settings.API_TOKEN_HOLDER_SECONDS
    return seconds > 0 and connections[DEFAULT_DB_ALIAS].vendor == "postgresql"


def recall(token_hash: str) -> Holder | None:
    """The holder remembered for this token, if remembered recently enough."""
    holder = _holders.get(token_hash)
    if holder is None:
        return None
    if time.monotonic() - holder.found_at > settings.API_TOKEN_HOLDER_SECONDS:
        forget(token_hash)
        return None
    return holder


def remember(holder: Holder) -> None:
    with _lock:
        _holders.pop(holder.token_hash, None)
        while len(_holders) >= LIMIT:  # the oldest first (dicts keep insertion order)
            del _holders[next(iter(_holders))]
        _holders[holder.token_hash] = holder


def used(holder: Holder, when: datetime) -> None:
    """Remember that this process has recorded the token's use at ``when``, on the holder
    it remembers now (another thread may have looked the token up again since)."""
    with _lock:
        current = _holders.get(holder.token_hash)
        if current is not None:
            _holders[holder.token_hash] = replace(current, last_used_at=when)


def forget(token_hash: str) -> None:
    with _lock:
        _holders.pop(token_hash, None)


def forget_all() -> None:
    with _lock:
        _holders.clear()
