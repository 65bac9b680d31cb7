"""The borough-scale data set: ``lantern seed-scale --reports N`` (docs/scale.md).

Like the demo (``lantern.core.demo``), each app that holds records has its own hook, here a
``scale.py`` with ``seed_scale(ctx)``, called in INSTALLED_APPS order, so no app reaches into
another's models. The hooks share a ``ScaleContext``: the size, a seeded random generator, the
bulk writer, the demo partnership and its staff (``lantern seed-demo`` runs first and makes
them; the accounts app's hook finds them), and ``shared``, where a hook leaves what later ones link to (the reports app leaves the
reports' ids for the cases app's links). Every record is fictional.

The audit app's hook runs first and installs ``ctx.audit``, which appends events to the
hash chain as they are written (``lantern.audit.scale``): ``lantern audit verify`` passes on
a seeded database.

A ``scale.py`` may also name later hooks in ``LATE`` (name -> hook), run after every app's
``seed_scale``: the cases app's enforcement needs safeguarding's reviews first. ``only``
runs the hooks named (app labels or late hooks' names) and the audit and accounts apps'
(they set up the context). The hooks written since that option read what they link to
(cases, people, vehicles, areas, screenings) from the database with plain queries
(``rows``), not from ``shared``, so the same code seeds a new data set or adds to one
already seeded.
"""

from __future__ import annotations

import importlib
import itertools
import random
import time
import uuid
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from django.apps import apps
from django.db import transaction

from lantern.core import clock
from lantern.core.scale.bulk import BulkWriter

# Proportions per report (docs/scale.md): per 1,000,000 reports, 100,000 cases, 300,000
# people, 200,000 vehicles, 40,000 evidence items, 200,000 police.uk rows, 80,000 residents
# who report (some of them many times), 10,000 safeguarding screenings of people in cases.
PER_REPORT = {
    "residents": 0.08,
    "cases": 0.1,
    "people": 0.3,
    "vehicles": 0.2,
    "evidence": 0.04,
    "policeuk": 0.2,
    "screenings": 0.01,
    # Enforcement: about 20,000 actions per 1,000,000 reports, as ladders of steps (a
    # warning, then a notice, then a fixed penalty or a prosecution) started on cases.
    "enforcement_ladders": 0.016,
    "intelligence": 0.03,  # intelligence reports, each mentioning entities, some linking them
    # Patrols: plans (one per area every two months or so over the five years) and the
    # patrols logged against them (a few a week in each area).
    "patrol_plans": 0.0002,
    "patrol_logs": 0.006,
}
ALWAYS = ("audit", "accounts")  # the hooks that set up the context run whatever ``only`` says
YEARS = 5  # the reports span five years back from now


class AuditSink(Protocol):
    def __call__(
        self,
        *,
        at: datetime,
        actor: str,
        action: str,
        object_type: str,
        object_id: object,
        details: dict[str, Any],
        kind: str = "change",
    ) -> None: ...


@dataclass
class ScaleContext:
    reports: int
    rng: random.Random
    writer: BulkWriter
    now: datetime
    # Set by the accounts app's hook, which runs before the apps that hold records.
    partnership_id: uuid.UUID | None = None
    organisations: dict[str, uuid.UUID] = field(default_factory=dict)  # police, council...
    staff: dict[str, uuid.UUID] = field(default_factory=dict)  # role -> its demo user
    shared: dict[str, Any] = field(default_factory=dict)
    audit: AuditSink | None = None
    out: Any = None
    only: frozenset[str] | None = None  # the hooks asked for (None: all)

    def selected(self, name: str) -> bool:
        """Whether the hook ``name`` was asked for: the audit and accounts apps' hooks run
        always, to set up the context, and write records only when asked for."""
        return self.only is None or name in self.only

    def count(self, what: str) -> int:
        """How many of ``what`` for this many reports (at least one)."""
        return max(1, round(self.reports * PER_REPORT[what]))

    def uuid(self) -> uuid.UUID:
        """A random id from the seeded generator: the same seed gives the same data set."""
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def say(self, text: str) -> None:
        if self.out is not None:
            self.out.write(text + "\n")


def rows(label: str, *fields: str, **where: Any) -> list[tuple]:
    """The values of ``fields`` of a model's rows (``where`` filters them): a plain query
    for the ids a hook links to, found by the app registry so no app imports another's
    models."""
    return list(apps.get_model(label).objects.filter(**where).values_list(*fields))


def hook_names() -> list[str]:
    return [name for name, _ in _hooks()]


def _hooks() -> Iterator[tuple[str, Callable[[ScaleContext], None]]]:
    late: list[tuple[str, Callable[[ScaleContext], None]]] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("lantern."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.scale")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.scale":
                raise
            continue
        hook = getattr(module, "seed_scale", None)
        if callable(hook):
            yield config.label, hook
        late.extend(getattr(module, "LATE", {}).items())
    yield from late


def run(
    *,
    reports: int,
    seed: int,
    batch: int = 5000,
    out: Any = None,
    only: Collection[str] | None = None,
) -> dict[str, int]:
    """Seed the data set in one transaction per app; returns the rows written per model.
    With ``only``, run those hooks (and the audit and accounts apps') and no others."""
    if only is not None:
        unknown = set(only) - set(hook_names())
        if unknown:
            raise ValueError(
                f"no seed-scale hook named {', '.join(sorted(unknown))}: "
                f"choose from {', '.join(hook_names())}"
            )
    ctx = ScaleContext(
        reports=reports,
        rng=random.Random(seed),  # noqa: S311  (fictional data, not secrets)
        writer=BulkWriter(batch=batch),
        now=clock.now(),
        out=out,
        only=frozenset(only) if only is not None else None,
    )
    for label, hook in _hooks():
        if only is not None and label not in only and label not in ALWAYS:
            continue
        started = time.monotonic()
        with transaction.atomic():
            hook(ctx)
            ctx.writer.flush()
        ctx.say(f"{label}: done in {time.monotonic() - started:.1f} s")
    return ctx.writer.counts()


# --- shared distributions ------------------------------------------------------------------

# Relative weights by hour of day (0-23): evenings and nights, as residents report ASB.
HOUR_WEIGHTS = [9, 8, 6, 4, 2, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 4, 5, 7, 10, 13, 15, 15, 12]
_HOURS = list(range(24))
_CUMULATIVE_HOURS = list(itertools.accumulate(HOUR_WEIGHTS))


def past_time(ctx: ScaleContext, *, within_days: int = YEARS * 365) -> datetime:
    """A time in the last ``within_days`` days, at an hour drawn from HOUR_WEIGHTS."""
    rng = ctx.rng
    day = ctx.now - timedelta(days=rng.randrange(within_days))
    hour = rng.choices(_HOURS, cum_weights=_CUMULATIVE_HOURS)[0]
    return day.replace(
        hour=hour,
        minute=rng.randrange(60),
        second=rng.randrange(60),
        microsecond=rng.randrange(1, 1_000_000),
    )


def skewed_index(ctx: ScaleContext, size: int, *, power: float = 3.0) -> int:
    """An index in range(size) where low indexes come up far more often: with ``power`` 3,
    the first 1% of the range takes about a fifth of the draws (a few residents report again
    and again, a few people turn up in many cases)."""
    return min(size - 1, int(size * ctx.rng.random() ** power))


# Fictional hotspots inside the demo partnership's area (Eastmere, lantern.accounts.demo),
# as (latitude, longitude, weight); the rest of the incidents fall anywhere in BOUNDS.
HOTSPOTS = [
    (51.5419, 0.7178, 30),  # Larkspur Row, north end
    (51.5480, 0.6900, 14),
    (51.5350, 0.7450, 12),
    (51.5560, 0.7700, 9),
    (51.5300, 0.6700, 7),
    (51.5620, 0.7200, 5),
    (51.5450, 0.7950, 4),
    (51.5380, 0.7050, 3),
]
HOTSPOT_SHARE = 0.65
BOUNDS = (51.525, 0.650, 51.570, 0.800)  # south, west, north, east: inside the area


def place(ctx: ScaleContext) -> tuple[float, float]:
    """(latitude, longitude): most within about 150 metres of a hotspot."""
    rng = ctx.rng
    if rng.random() < HOTSPOT_SHARE:
        lat, lon, _ = rng.choices(HOTSPOTS, weights=[w for *_, w in HOTSPOTS])[0]
        return lat + rng.gauss(0, 0.0009), lon + rng.gauss(0, 0.0014)
    south, west, north, east = BOUNDS
    return rng.uniform(south, north), rng.uniform(west, east)
