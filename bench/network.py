"""Benchmark: the intelligence network loaded from the database and measured, against igraph
alone on the same graph in memory; and the N-hop neighbourhood endpoint.

Builds a fresh database (a temporary SQLite file unless --database-url names an empty
PostgreSQL database, which is then analysed, as autovacuum would), migrates it and
bulk-inserts a synthetic store in one partnership:
``--entities`` entities (people, phones, vehicles, addresses, accounts, organisations,
places) and ``--links`` links between them, graded, with periods and call times, typed as
schema.LINKS allows. Its shape is an intelligence store's: one large connected network
(``--lcc-share`` of the entities and links, hubs grown by preferential attachment) and many
small separate ones (``--group`` entities each). The ``--victims`` best connected people of
the large network are under 18 by a graded date of birth, so they are potential victims:
kept in the graph, never ranked.

* value: Lantern's time, as an analyst's request would spend it: ``selectors.whole_network``
  (every link the analyst may read, through need to know, merges and the potential victims'
  flags) -> ``Network.as_library_network()`` -> betweenness -> the disruption ranking (the
  top ``--top``: sequential removal by betweenness, recomputed after each removal).
* baseline: igraph alone on the same graph, already in memory as an ``igraph.Graph`` (built
  from the generated links, its vertices in the order Lantern's network has them): the
  same betweenness and the same sequential removal (victims skipped), nothing else.
* ratio = value / baseline, each the best of ``--repeat`` rounds in which the two sides take
  turns. Goal: at most 1.5. On SQLite (the database inside this process) the ratio is of
  this process's CPU time, which counts the database load and not the other programs a
  shared machine runs meanwhile (on a two-CPU machine at a load average of 15, wall times
  of the same betweenness ranged from 2.5 to 5.6 s); ``ratio_wall`` is beside it. On
  PostgreSQL the server's work is in another process, so the ratio is of wall time. Betweenness dominates both sides; the ratio
  measures what the database load and Lantern's checks add. ``load_seconds`` gives that
  load alone.
* endpoint: ``GET /api/v1/intelligence/entities/{id}/network?hops=2`` through Django's test
  client with an analyst's bearer token (authentication, need to know, the access event in
  the audit log, the measures, the neighbourhood's ranking, JSON), for ``--samples`` random
  entities after a warm-up: median and p95 in milliseconds. Goal: p95 under 300 ms.

The last line printed is one JSON object (DESIGN.md "Test and measure").

    .venv/bin/python bench/network.py                                   # 20,000 / 60,000
    .venv/bin/python bench/network.py --entities 200 --links 600 --samples 5   # quick check
    .venv/bin/python bench/network.py --database-url postgres://postgres@127.0.0.1/bench_network
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# How the entities divide between the types (schema.ENTITIES), in shares of a hundred.
SCHEMA_SHARES = {
    "person": 55,
    "phone": 20,
    "vehicle": 10,
    "address": 10,
    "online_account": 3,
    "organisation": 1,
    "place": 1,
}
KEYED = {"phone", "vehicle", "address", "online_account"}


def _components(args: argparse.Namespace) -> list[tuple[int, int]]:
    """(entities, links) of each separate network: one large, then small groups."""
    big_n = max(2, int(args.entities * args.lcc_share))
    big_m = max(big_n - 1, int(args.links * args.lcc_share))
    parts = [(big_n, big_m)]
    rest_n, rest_m = args.entities - big_n, args.links - big_m
    groups = max(1, rest_n // args.group) if rest_n >= 2 else 0
    for g in range(groups):
        n = rest_n // groups + (1 if g < rest_n % groups else 0)
        m = rest_m // groups + (1 if g < rest_m % groups else 0)
        parts.append((n, max(n - 1, m)))
    return parts


def synthetic(args: argparse.Namespace, rng: random.Random) -> tuple[list[str], list[tuple]]:
    """The entities' types and the links as (source index, target index, weight): each
    separate network is a random tree (every node joined) plus links grown half by
    preferential attachment (hubs: a shared phone, an address) and half uniformly."""
    kinds = [k for k, share in SCHEMA_SHARES.items() for _ in range(share)]
    schemas: list[str] = []
    edges: list[tuple[int, int, float]] = []
    for n, m in _components(args):
        base = len(schemas)
        schemas.extend(rng.choice(kinds) for _ in range(n))
        ends: list[int] = []
        for i in range(1, n):
            j = rng.choice(ends) if ends and rng.random() < 0.5 else rng.randrange(i)
            edges.append((base + i, base + j, float(rng.choice((1, 1, 1, 2, 3)))))
            ends += [i, j]
        for _ in range(m - (n - 1)):
            a = rng.choice(ends) if ends and rng.random() < 0.5 else rng.randrange(n)
            b = rng.randrange(n)
            if a == b:
                b = (b + 1) % n
            edges.append((base + a, base + b, float(rng.choice((1, 1, 1, 2, 3)))))
            ends += [a, b]
    return schemas, edges


def _link_type(source: str, target: str) -> tuple[str, bool]:
    """A link type schema.LINKS allows between these types, and whether to swap the ends."""
    from lantern.intelligence.schema import LINKS

    preferred = {
        ("person", "person"): "associate_of",
        ("person", "phone"): "uses_phone",
        ("person", "vehicle"): "uses_vehicle",
        ("person", "address"): "lives_at",
        ("person", "place"): "frequents",
        ("vehicle", "address"): "frequents",
        ("phone", "phone"): "called",
        ("person", "online_account"): "uses_account",
        ("person", "organisation"): "member_of",
    }
    for (a, b), swap in (((source, target), False), ((target, source), True)):
        name = preferred.get((a, b))
        if name and LINKS[name].allows(a, b):
            return name, swap
    return "linked_to", False


def insert(args, rng, schemas, edges, partnership, organisation, user) -> tuple[list, set]:
    """Bulk-inserts the store; returns the entities' ids and the potential victims' ids."""
    from lantern.intelligence.models import Entity, Link, Origin, Statement

    now = datetime.now(UTC)
    entities = []
    for i, schema in enumerate(schemas):
        key = ""
        if schema in KEYED:
            key = {"phone": f"0770{i:07d}", "vehicle": f"BN{i:06d}"}.get(schema, f"{schema} {i}")
        entities.append(
            Entity(
                partnership=partnership,
                schema=schema,
                caption=f"{schema.replace('_', ' ').capitalize()} {i}",
                key=key,
                created_by=user,
            )
        )
    Entity.objects.bulk_create(entities, batch_size=2000)
    ids = [e.pk for e in entities]

    def graded() -> dict:
        handling = "C" if rng.random() < 0.2 else "P"
        return {
            "source_evaluation": rng.choice("1223"),
            "assessment": rng.choice("ABBCD"),
            "handling": handling,
            "handling_conditions": "Police only" if handling == "C" else "",
        }

    links = []
    for a, b, weight in edges:
        link_type, swap = _link_type(schemas[a], schemas[b])
        if swap:
            a, b = b, a
        asserted = now - timedelta(days=rng.randrange(1, 700), minutes=rng.randrange(1440))
        timed = link_type == "called"
        links.append(
            Link(
                partnership=partnership,
                organisation=organisation,
                asserted_by=user,
                asserted_at=asserted,
                origin_type=Origin.OFFICER,
                link_type=link_type,
                source_id=ids[a],
                target_id=ids[b],
                weight=weight,
                occurred_at=asserted - timedelta(hours=rng.randrange(1, 72)) if timed else None,
                valid_from=None if timed else (asserted - timedelta(days=30)).date(),
                **graded(),
            )
        )
    Link.objects.bulk_create(links, batch_size=2000)

    # The best connected people of the large network are under 18: potential victims.
    degree: dict[int, int] = {}
    for a, b, _ in edges:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    big_n = _components(args)[0][0]
    people = sorted(
        (i for i in range(big_n) if schemas[i] == "person"), key=lambda i: -degree.get(i, 0)
    )
    victims = people[: args.victims]
    fifteen = date(now.year - 15, 6, 1).isoformat()
    Statement.objects.bulk_create(
        [
            Statement(
                partnership=partnership,
                organisation=organisation,
                asserted_by=user,
                asserted_at=now,
                origin_type=Origin.OFFICER,
                entity_id=ids[i],
                prop="date_of_birth",
                value=fifteen,
                source_evaluation="1",
                assessment="A",
                handling="P",
            )
            for i in victims
        ]
    )
    return ids, {ids[i] for i in victims}


def lantern_run(actor, top: int):
    """The real path: the selectors' load, the library network, betweenness, the ranking."""
    from lantern.intelligence import selectors
    from lantern.intelligence.network import Weighting

    start, cpu = time.perf_counter(), time.process_time()
    network = selectors.whole_network(actor)
    library = network.as_library_network()
    loaded = time.perf_counter()
    betweenness = library.betweenness(Weighting.NONE)
    ranking = library.disruption_ranking(Weighting.NONE, limit=top)
    end = time.perf_counter()
    return (end - start, time.process_time() - cpu), loaded - start, betweenness, ranking, library


def same_graph(library, ids: list, edges: list[tuple]):
    """The same graph as an ``igraph.Graph`` built from the generated links (not from
    Lantern's load): each pair's ties summed into one edge as Lantern reads them, and the
    vertices in the order Lantern's network has them (the order changes the cost of
    betweenness by some 15 % through the memory cache: docs/intelligence/chart.md).
    Returns the graph and, for each vertex, the entity's index in ``ids``."""
    import igraph as ig

    index = {str(pk): i for i, pk in enumerate(ids)}
    order = [index[node.id] for node in library.nodes]
    position = {i: v for v, i in enumerate(order)}
    pairs = sorted({tuple(sorted((position[a], position[b]))) for a, b, _ in edges})
    return ig.Graph(n=len(order), edges=pairs, directed=False), order


def igraph_run(graph, victim: list[bool], top: int):
    """igraph alone: betweenness, then sequential removal by betweenness, victims skipped."""
    start, cpu = time.perf_counter(), time.process_time()
    betweenness = graph.betweenness(directed=False)
    g = graph.copy()
    order = list(range(g.vcount()))  # original index of each vertex still in g
    initial = max(g.connected_components().sizes())
    removed = []
    for _ in range(top):
        scores = g.betweenness(directed=False)
        candidates = [i for i in range(g.vcount()) if not victim[order[i]]]
        if not candidates:
            break
        # Of a tie, the last (Cavallaro et al.'s rule, which Lantern follows).
        high = max(scores[i] for i in candidates)
        best = [i for i in candidates if scores[i] >= high - 1e-9 * max(1.0, high)][-1]
        original = order.pop(best)
        g.delete_vertices(best)
        removed.append((original, max(g.connected_components().sizes(), default=0) / initial))
    return (time.perf_counter() - start, time.process_time() - cpu), betweenness, removed


def endpoint_times(client, token: str, ids: list, samples: int, hops: int, rng) -> list[float]:
    chosen = rng.sample(ids, min(samples, len(ids)))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "SERVER_NAME": "localhost"}
    for entity_id in chosen[:3]:  # warm-up
        client.get(f"/api/v1/intelligence/entities/{entity_id}/network?hops={hops}", **headers)
    times = []
    for entity_id in chosen:
        start = time.perf_counter()
        response = client.get(
            f"/api/v1/intelligence/entities/{entity_id}/network?hops={hops}", **headers
        )
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"the endpoint answered {response.status_code}: {response.content!r}")
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--links", type=int, default=60_000)
    parser.add_argument("--victims", type=int, default=10)
    parser.add_argument("--lcc-share", type=float, default=0.25)
    parser.add_argument("--group", type=int, default=40, help="entities per small network")
    parser.add_argument("--top", type=int, default=10, help="how many to rank")
    parser.add_argument("--samples", type=int, default=60, help="endpoint requests timed")
    parser.add_argument("--hops", type=int, default=2)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--repeat", type=int, default=2, help="rounds of both sides, best kept")
    parser.add_argument("--database-url", default="", help="an empty PostgreSQL database")
    args = parser.parse_args()
    if args.links < args.entities - 1:
        raise SystemExit("give at least entities - 1 links: every separate network is joined")
    rng = random.Random(args.seed)

    sys.path.insert(0, str(ROOT))
    var_dir = Path(tempfile.mkdtemp(prefix="lantern-bench-network-"))
    os.environ["LANTERN_VAR_DIR"] = str(var_dir)
    (var_dir / "static").mkdir()  # WhiteNoise looks for it
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{var_dir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    try:
        import django

        django.setup()
        import igraph as ig
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from lantern.accounts import services as accounts
        from lantern.accounts.models import Organisation
        from lantern.accounts.selectors import actor_for
        from lantern.core.actor import SYSTEM, Role
        from lantern.intelligence.models import Entity

        call_command("migrate", verbosity=0)
        if Entity.objects.exists():
            raise SystemExit("intelligence entities exist; point --database-url at a fresh one")
        force = accounts.organisation_create(
            actor=SYSTEM, name="Bench Constabulary", kind=Organisation.Kind.POLICE_FORCE
        )
        partnership = accounts.partnership_create(
            actor=SYSTEM, name="Bench partnership", members=[force]
        )
        user = accounts.user_create(
            actor=SYSTEM,
            email="bench-analyst@example.test",
            display_name="Bench Analyst",
            password=None,
            validate=False,
        )
        accounts.membership_grant(actor=SYSTEM, user=user, organisation=force, role=Role.ANALYST)
        _, token = accounts.api_token_create(actor=SYSTEM, user=user, name="bench")
        actor = actor_for(user, verified=True)

        schemas, edges = synthetic(args, rng)
        start = time.perf_counter()
        ids, victims = insert(args, rng, schemas, edges, partnership, force, user)
        insert_s = time.perf_counter() - start
        if connection.vendor == "postgresql":
            # Autovacuum analyses a table within a minute of such a load; until it does, the
            # planner's statistics say the tables are nearly empty (a chart took 240 ms
            # instead of 29). SQLite is left as it is: Lantern never analyses it.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        index = {str(pk): i for i, pk in enumerate(ids)}
        victim = [pk in victims for pk in ids]
        graph = None

        # The two sides take turns (Lantern first, then igraph first, ...) and each keeps its
        # best time: a shared machine's speed drifts, and neither side should get the calm.
        lantern_times, load_times, igraph_times = [], [], []
        for round_ in range(args.repeat):
            for side in ("lantern", "igraph") if round_ % 2 == 0 else ("igraph", "lantern"):
                if side == "lantern":
                    lantern_s, load_s, betweenness, ranking, library = lantern_run(actor, args.top)
                    lantern_times.append(lantern_s)
                    load_times.append(load_s)
                else:
                    if graph is None:  # after Lantern's first run, which gives its order
                        graph, order = same_graph(library, ids, edges)
                        victim = [victim[i] for i in order]
                    igraph_s, reference, removed = igraph_run(graph, victim, args.top)
                    igraph_times.append(igraph_s)
        lantern_s, igraph_s = min(t[0] for t in lantern_times), min(t[0] for t in igraph_times)
        lantern_cpu = min(t[1] for t in lantern_times)
        igraph_cpu = min(t[1] for t in igraph_times)
        load_s = min(load_times)

        worst = max(abs(betweenness[str(ids[i])] - reference[v]) for v, i in enumerate(order))
        ours = [(index[s.id], round(s.lcc_fraction, 9)) for s in ranking.steps]
        theirs = [(order[v], round(f, 9)) for v, f in removed]
        victims_ranked = sum(1 for s in ranking.steps if uuid.UUID(s.id) in victims)

        times = endpoint_times(Client(), token, ids, args.samples, args.hops, rng)
        ratio_wall, ratio_cpu = lantern_s / igraph_s, lantern_cpu / igraph_cpu
        # On SQLite the database works inside this process, so its CPU time counts the load;
        # on PostgreSQL the server's share would be missed, and the wall time is the measure.
        in_process = connection.vendor == "sqlite"
        ratio = ratio_cpu if in_process else ratio_wall
        endpoint_p95 = p95(times)
        print(f"database       {connection.vendor} ({connection.settings_dict['NAME']})")
        print(
            f"store          {len(ids):,} entities, {len(edges):,} links "
            f"({len(library.nodes):,} nodes and {library.graph.ecount():,} ties loaded), "
            f"{len(victims)} potential victims; inserted in {insert_s:.2f} s"
        )
        print(
            f"lantern        {lantern_s:.3f} s (load {load_s:.3f} s; CPU {lantern_cpu:.3f} s), "
            f"igraph {igraph_s:.3f} s (CPU {igraph_cpu:.3f} s); ratio {ratio:.3f} "
            f"({'CPU' if in_process else 'wall'} time; goal <= 1.5), wall {ratio_wall:.3f}"
        )
        print(
            f"endpoint       {args.hops} hops, {len(times)} entities: median "
            f"{statistics.median(times):.1f} ms, p95 {endpoint_p95:.1f} ms (goal < 300 ms)"
        )
        print(
            json.dumps(
                {
                    "name": "intelligence.network",
                    "value": round(lantern_s, 4),
                    "baseline": round(igraph_s, 4),
                    "ratio": round(ratio, 4),
                    "ratio_basis": "process CPU time" if in_process else "wall time",
                    "ratio_wall": round(ratio_wall, 4),
                    "ratio_cpu": round(ratio_cpu, 4),
                    "lantern_cpu_seconds": round(lantern_cpu, 4),
                    "igraph_cpu_seconds": round(igraph_cpu, 4),
                    "goal": "ratio <= 1.5 (Lantern incl. database load / igraph in memory); "
                    "endpoint p95 < 300 ms",
                    "unit": "seconds",
                    "load_seconds": round(load_s, 4),
                    "insert_seconds": round(insert_s, 3),
                    "entities": len(ids),
                    "links": len(edges),
                    "ties": library.graph.ecount(),
                    "potential_victims": len(victims),
                    "victims_ranked": victims_ranked,
                    "top": args.top,
                    "repeat": args.repeat,
                    "lantern_seconds_each": [round(t[0], 3) for t in lantern_times],
                    "igraph_seconds_each": [round(t[0], 3) for t in igraph_times],
                    "same_ranking_as_igraph": ours == theirs,
                    "max_betweenness_difference": worst,
                    "endpoint_hops": args.hops,
                    "endpoint_samples": len(times),
                    "endpoint_median_ms": round(statistics.median(times), 2),
                    "endpoint_p95_ms": round(endpoint_p95, 2),
                    "meets_goal": ratio <= 1.5 and endpoint_p95 < 300,
                    "database": connection.vendor,
                    "cpus": os.cpu_count(),
                    "load_average": [round(v, 2) for v in os.getloadavg()],
                    "python": platform.python_version(),
                    "igraph": ig.__version__,
                },
                sort_keys=True,
            )
        )
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
