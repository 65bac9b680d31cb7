"""The demo-data hook. Each app may have a ``demo.py`` with ``seed(*, out)``; seed-demo calls
them in INSTALLED_APPS order, so later capabilities add their own fictional data. Every seed
must be idempotent: running it twice changes nothing the second time.

The accounts app's seed makes the demo's two partnerships first (Eastmere, the neighbourhood
every ``seed`` fills, and Westbrook, a second one beside it). Then, once every ``seed`` has
run, each ``seed_second_partnership(*, out)``, in the same order, adds the few records of
the second partnership, kept apart from the first partnership's story so that each reads on
its own. A ``summary(*, out)`` in the same module, if present, runs last (the accounts app
prints the demo sign-ins there)."""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from django.apps import apps

DEMO_DOMAIN = "demo.lantern.test"
DEMO_PASSWORD = "lantern-demo-password"  # noqa: S105  (fictional demo accounts only)


def _hooks(name: str) -> Iterator[tuple[str, Callable[..., None]]]:
    for config in apps.get_app_configs():
        if not config.name.startswith("lantern."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        hook = getattr(module, name, None)
        if callable(hook):
            yield config.label, hook


def run_all(*, out: Any) -> None:
    """``out`` is anything with ``write(str)``: a stream or a command's stdout."""
    for _label, seed in _hooks("seed"):
        seed(out=out)
    for _label, seed in _hooks("seed_second_partnership"):
        seed(out=out)
    for _label, summary in _hooks("summary"):
        summary(out=out)


# The demo's one woman on Larkspur Row, shared by the apps that hold records about her: the
# cases app creates her person record with this id, and safeguarding's demo screens her (the
# two apps may not import each other, so they agree on the id here).
DEMO_PERSON_ID = uuid.UUID("5a1e7d2c-0b6f-4c1e-9f3a-4c0ffee5a1e7")
