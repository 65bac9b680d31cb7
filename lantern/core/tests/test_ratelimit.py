"""lantern.core.ratelimit: failures counted per subject in Django's cache, a wait once the
limit is reached, and subjects kept only as a keyed hash."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.core.cache import cache

from lantern.core import clock
from lantern.core.ratelimit import Limit

LIMIT = Limit(name="test", attempts=3, window=timedelta(minutes=15))


def test_the_failure_that_reaches_the_limit_starts_the_wait():
    assert LIMIT.failed("a") is None and LIMIT.failed("a") is None
    assert LIMIT.retry_after("a") is None
    assert LIMIT.failed("a") == 900
    assert 899 <= LIMIT.retry_after("a") <= 900
    assert LIMIT.retry_after("b") is None  # another subject


def test_failures_older_than_the_window_are_forgotten():
    LIMIT.failed("a")
    LIMIT.failed("a")
    with time_machine.travel(clock.now() + timedelta(minutes=16)):
        assert LIMIT.failed("a") is None  # a new window: this is its first failure
        assert LIMIT.retry_after("a") is None


def test_after_the_wait_a_new_window_begins():
    for _ in range(3):
        LIMIT.failed("a")
    with time_machine.travel(clock.now() + timedelta(minutes=15, seconds=1)):
        assert LIMIT.retry_after("a") is None
        assert LIMIT.failed("a") is None


def test_limits_with_different_names_count_apart():
    other = Limit(name="other", attempts=1, window=timedelta(minutes=1))
    assert other.failed("a") == 60
    assert LIMIT.retry_after("a") is None


def test_the_cache_holds_no_subject_in_clear():
    """(The test settings' cache is local memory, whose keys can be listed.)"""
    LIMIT.failed("198.51.100.7")
    keys = list(cache._cache.keys())
    assert keys and not any("198.51.100.7" in key for key in keys)
