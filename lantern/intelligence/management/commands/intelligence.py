"""``lantern intelligence import-edges FILE --source NAME --grade 2B-P [--conditions TEXT]
[--partners-may-see] [--partnership NAME] [--organisation NAME] [--link-type linked_to]
[--schema person] [--label-prefix TEXT] [--json]``,
``lantern intelligence export --format graphml|csv --out PATH [--partnership NAME]
[--reason TEXT] [--json]`` and ``lantern intelligence rank [--top N] [--partnership NAME]
[--json]``.

They act as Lantern itself (the system actor), scoped to one partnership: ``--partnership``
names it, and may be left out where there is only one. docs/intelligence/exports.md says
more: the edge-list forms read, the files written, the ranking."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.accounts.models import Organisation, Partnership
from lantern.core.actor import SYSTEM
from lantern.core.errors import NotFound, ValidationFailed
from lantern.intelligence import exchange
from lantern.intelligence.schema import ENTITIES, LINKS
from lantern.intelligence.selectors.exchange import disruption_ranking
from lantern.intelligence.services import exchange as services
from lantern.intelligence.services.common import Grading

DEFAULT_REASON = "Exported with the lantern intelligence export command"


def _refused(exc: ValidationFailed) -> CommandError:
    return CommandError("; ".join(m for messages in exc.errors.values() for m in messages))


def _partnership(name: str | None) -> Partnership:
    if name:
        found = Partnership.objects.filter(name__iexact=name.strip()).first()
        if found is None:
            raise CommandError(f"No partnership named {name!r}")
        return found
    partnerships = list(Partnership.objects.order_by("name")[:2])
    if len(partnerships) != 1:
        raise CommandError(
            "Name the partnership with --partnership"
            if partnerships
            else "There is no partnership yet: create one with lantern partnership create"
        )
    return partnerships[0]


def _csv_paths(out: Path) -> tuple[Path, Path]:
    stem = out.with_suffix("") if out.suffix.lower() == ".csv" else out
    return (
        stem.with_name(stem.name + "_entities.csv"),
        stem.with_name(stem.name + "_links.csv"),
    )


class Command(BaseCommand):
    help = "Intelligence: import an edge list, export the network, rank disruption targets."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser(
            "import-edges", help="Import an edge list as one graded intelligence report."
        )
        imp.add_argument("file", help="source,target[,weight] a line; commas or spaces")
        imp.add_argument("--source", required=True, help="the named source, e.g. an operation")
        imp.add_argument("--grade", required=True, help="the 3x5x2 grading, e.g. 2B-P")
        imp.add_argument("--conditions", default="", help="handling conditions (needed for C)")
        imp.add_argument(
            "--partners-may-see",
            action="store_true",
            help="for C: the conditions allow sharing with partner organisations",
        )
        imp.add_argument("--partnership", help="the partnership's name")
        imp.add_argument(
            "--organisation", help="the organisation recording it (default: the police force)"
        )
        imp.add_argument("--link-type", default="linked_to", help=", ".join(LINKS))
        imp.add_argument("--schema", default="person", help=", ".join(ENTITIES))
        imp.add_argument("--label-prefix", default="", help="put before each node's label")
        imp.add_argument("--json", action="store_true", help="End with one JSON line.")
        exp = sub.add_parser("export", help="Export the network as GraphML or CSV tables.")
        exp.add_argument("--format", required=True, choices=services.FORMATS)
        exp.add_argument(
            "--out",
            required=True,
            help="GraphML: the file; CSV: PATH_entities.csv and PATH_links.csv (or PATH.zip)",
        )
        exp.add_argument("--partnership", help="the partnership's name")
        exp.add_argument(
            "--reason", default=DEFAULT_REASON, help="why (max 200 characters, no personal data)"
        )
        exp.add_argument("--json", action="store_true", help="End with one JSON line.")
        rank = sub.add_parser("rank", help="The disruption ranking (victims never ranked).")
        rank.add_argument("--top", type=int, default=10)
        rank.add_argument("--partnership", help="the partnership's name")
        rank.add_argument("--json", action="store_true", help="End with one JSON line.")

    def handle(self, *args: Any, **options: Any) -> None:
        command = options["subcommand"].replace("-", "_")
        try:
            getattr(self, f"_{command}")(options)
        except ValidationFailed as exc:
            raise _refused(exc) from None
        except NotFound as exc:
            raise CommandError(f"Not found: {exc}") from None

    def _import_edges(self, options: dict[str, Any]) -> None:
        started = time.perf_counter()
        # The cheap checks first, so a bad grading or type is named before the file is read.
        grading = Grading.parse(
            options["grade"], options["conditions"], options["partners_may_see"]
        )
        partnership = _partnership(options["partnership"])
        organisation_id = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(
                name__iexact=options["organisation"].strip()
            ).first()
            if organisation is None:
                raise CommandError(f"No organisation named {options['organisation']!r}")
            organisation_id = organisation.pk
        edges = exchange.read_edge_list(Path(options["file"]))
        result = services.edges_import(
            actor=SYSTEM,
            edges=edges,
            source_name=options["source"],
            grading=grading,
            link_type=options["link_type"],
            schema=options["schema"],
            partnership_id=partnership.pk,
            organisation_id=organisation_id,
            label_prefix=options["label_prefix"],
        )
        seconds = round(time.perf_counter() - started, 3)
        self.stdout.write(
            f"Recorded {result.report.reference} ({result.report.grade}) in {partnership.name}: "
            f"{result.links} links, {result.entities_created} entities created, "
            f"{result.entities_existing} already known"
            f"{', weights kept' if edges.weighted else ''}{', header skipped' if edges.header else ''}."
        )
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "entities_created": result.entities_created,
                        "entities_existing": result.entities_existing,
                        "links": result.links,
                        "report": str(result.report.pk),
                        "reference": result.report.reference,
                        "seconds": seconds,
                    },
                    sort_keys=True,
                )
            )

    def _export(self, options: dict[str, Any]) -> None:
        started = time.perf_counter()
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"There is no folder {out.parent}")
        partnership = _partnership(options["partnership"])
        export = services.network_export(
            actor=SYSTEM,
            format=options["format"],
            reason=options["reason"],
            partnership_id=partnership.pk,
        )
        if export.format == "graphml":
            written = [out]
            out.write_bytes(export.files["network.graphml"])
        elif out.suffix.lower() == ".zip":
            written = [out]
            out.write_bytes(export.single()[2])
        else:
            entities, links = _csv_paths(out)
            entities.write_bytes(export.files["entities.csv"])
            links.write_bytes(export.files["links.csv"])
            written = [entities, links]
        victims = sum(1 for n in export.network.nodes.values() if n.potential_victim)
        self.stdout.write(
            f"Wrote {', '.join(str(p) for p in written)}: {len(export.network.nodes)} entities "
            f"({victims} potential victims), {len(export.network.links)} links."
        )
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "files": [str(p) for p in written],
                        "format": export.format,
                        "entities": len(export.network.nodes),
                        "links": len(export.network.links),
                        "potential_victims": victims,
                        "seconds": round(time.perf_counter() - started, 3),
                    },
                    sort_keys=True,
                )
            )

    def _rank(self, options: dict[str, Any]) -> None:
        started = time.perf_counter()
        partnership = _partnership(options["partnership"])
        result = disruption_ranking(SYSTEM, top=options["top"], partnership_id=partnership.pk)
        ranking = result.ranking
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "ranking": [
                            {
                                "rank": step.rank,
                                "id": step.id,
                                "label": step.label,
                                "score": step.score,
                                "lcc_fraction": step.lcc_fraction,
                                "potential_victim": step.potential_victim,
                            }
                            for step in ranking.steps
                        ],
                        "potential_victims": [
                            {"id": node.id, "label": node.label, "potential_victim": True}
                            for node in ranking.potential_victims
                        ],
                        "weighting": str(ranking.weighting),
                        "initial_lcc": ranking.initial_lcc,
                        "entities": result.nodes,
                        "links": result.links,
                        "seconds": round(time.perf_counter() - started, 3),
                    },
                    sort_keys=True,
                )
            )
            return
        self.stdout.write(
            f"Disruption ranking of {partnership.name}: {result.nodes} entities, {result.links} "
            f"links; sequential removal by betweenness (unweighted), largest connected "
            f"component {ranking.initial_lcc} at the start."
        )
        if not ranking.steps:
            self.stdout.write("Nobody to rank.")
        width = max([len(s.label) for s in ranking.steps] + [6])
        self.stdout.write(f"{'rank':>4}  {'entity':<{width}}  {'betweenness':>12}  {'LCC left':>8}")
        for step in ranking.steps:
            self.stdout.write(
                f"{step.rank:>4}  {step.label:<{width}}  {step.score:>12.1f}  "
                f"{step.lcc_fraction:>8.1%}"
            )
        victims = ranking.potential_victims
        if victims:
            self.stdout.write(
                f"Potential victims, never ranked ({len(victims)}): "
                + ", ".join(node.label for node in victims)
            )
        else:
            self.stdout.write("No potential victims in this network.")
