"""Limits on failed attempts, counted in Django's cache (``CACHE_URL``).

A limit allows ``attempts`` failures by one subject (a client address, say) within
``window`` of the first; the failure that reaches the limit refuses the subject for a whole
``window`` from then. Successes are not counted and reset nothing, so a guesser gains
nothing by mixing in a request that works. Subjects are kept in the cache only as a keyed
hash (HMAC with ``SECRET_KEY``), never as they were given.

The counters live where ``CACHE_URL`` says: local memory counts per process, so with
several web processes a subject may fail up to that many times the limit; Redis counts
once for all of them (docs/settings.md#cache)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.utils.crypto import salted_hmac

from lantern.core import clock


@dataclass(frozen=True)
class Limit:
    name: str  # part of the cache key: one name per kind of attempt
    attempts: int
    window: timedelta

    def _keys(self, subject: str) -> tuple[str, str]:
        digest = salted_hmac("lantern.core.ratelimit", f"{self.name}\n{subject}").hexdigest()
        return (
            f"lantern:limit:{self.name}:{digest}:failures",
            f"lantern:limit:{self.name}:{digest}:until",
        )

    def retry_after(self, subject: str) -> int | None:
        """Whole seconds until ``subject`` may try again, or None if it may try now."""
        _count, until_key = self._keys(subject)
        until = cache.get(until_key)
        if until is None:
            return None
        left = until - clock.now().timestamp()
        return math.ceil(left) if left > 0 else None

    def failed(self, subject: str) -> int | None:
        """Count a failed attempt by ``subject``. Returns the seconds it must now wait if
        this failure reached the limit, else None."""
        count_key, until_key = self._keys(subject)
        seconds = max(1, math.ceil(self.window.total_seconds()))
        cache.add(count_key, 0, timeout=seconds)  # the window starts at the first failure
        try:
            count = cache.incr(count_key)
        except ValueError:  # the window ended between the two calls
            cache.add(count_key, 1, timeout=seconds)
            count = 1
        if count < self.attempts:
            return None
        cache.set(until_key, clock.now().timestamp() + seconds, timeout=seconds)
        cache.delete(count_key)  # a new window begins once the wait is over
        return seconds
