"""Importing an edge list as graded intelligence, and exporting the network an analyst may
read (docs/intelligence/exports.md).

An import is one intelligence report ("Imported edge list FILE from SOURCE", origin
``import``, the grading given) with one link per edge, each inheriting the report's grading
and provenance, as ``link_add(report_id=...)`` records them. Everything is checked before
anything is written, then written in one transaction with bulk inserts and one audit event
summarising the counts (thousands of edges would otherwise be thousands of events).

An export is built from what the exporter may read (selectors.exchange.network_for, need to
know applied) and audited with who, why (the exporter's own words, at most 200 characters),
what and how much.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from lantern.accounts.models import Organisation, PartnershipMember
from lantern.audit import catalogue
from lantern.audit.services import audit_record
from lantern.cases.models import Vehicle
from lantern.core import clock
from lantern.core.actor import Actor
from lantern.core.errors import ValidationFailed
from lantern.core.permissions import Permission
from lantern.core.registration import normalise as normalise_registration
from lantern.intelligence import exchange
from lantern.intelligence.models import Entity, IntelligenceReport, Link, Origin
from lantern.intelligence.schema import ENTITIES, VEHICLE, entity_schema, link_schema, normalise_key
from lantern.intelligence.selectors import access
from lantern.intelligence.selectors.exchange import NETWORK, network_for
from lantern.intelligence.selectors.network import Filters, Network
from lantern.intelligence.services.common import (
    Grading,
    acting_organisation,
    partnership_for,
    require,
)
from lantern.intelligence.services.reports import REPORT_RECORDED, _reference

P = Permission
EDGES_IMPORTED = catalogue.declare(
    "intelligence.edges_imported",
    "An edge list was imported as one graded intelligence report; details give the report, "
    "the link and entity types, the grading and how many entities were created or found and "
    "how many links were recorded.",
)
EXPORTED = catalogue.declare(
    "intelligence.exported",
    "An analyst exported a network or one entity's neighbourhood (GraphML or CSV); details "
    "give the format, the scope, how many entities, links and potential victims, how many "
    "links were C-graded, and the reason the analyst gave.",
)

FORMATS = ("graphml", "csv")
REASON_LIMIT = 200
_SPACES = re.compile(r"\s+")


# --- import ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    report: IntelligenceReport
    entities_created: int
    entities_existing: int
    links: int


@dataclass
class _Node:
    label: str
    caption: str
    key: str
    entity_id: uuid.UUID | None = None
    created: bool = False
    lines: list[int] = field(default_factory=list)


def _organisation(
    actor: Actor, partnership_id: uuid.UUID, organisation_id: uuid.UUID | None
) -> uuid.UUID:
    """The organisation the report is recorded for: the writer's, or for Lantern itself the
    one named, else the partnership's only police force."""
    if not actor.is_system:
        found = acting_organisation(actor, partnership_id)
        if found is None:
            raise ValidationFailed(
                {"organisation": ["Intelligence is recorded for an organisation"]}
            )
        return found
    members = PartnershipMember.objects.filter(partnership_id=partnership_id)
    if organisation_id is not None:
        if not members.filter(organisation_id=organisation_id).exists():
            raise ValidationFailed(
                {"organisation": ["That organisation is not a member of the partnership"]}
            )
        return organisation_id
    forces = list(
        members.filter(organisation__kind=Organisation.Kind.POLICE_FORCE).values_list(
            "organisation_id", flat=True
        )
    )
    if len(forces) != 1:
        raise ValidationFailed(
            {
                "organisation": [
                    "Say which organisation records this intelligence: the partnership has "
                    f"{len(forces)} police forces"
                ]
            }
        )
    return forces[0]


def _nodes(edges: exchange.EdgeList, schema: str, prefix: str) -> dict[str, _Node]:
    declared = ENTITIES[schema]
    nodes: dict[str, _Node] = {}
    errors: list[str] = []
    for row in edges.rows:
        for label in (row.source, row.target):
            node = nodes.get(label)
            if node is None:
                caption = f"{prefix}{label}"
                key = ""
                if schema == VEHICLE:
                    key = normalise_registration(label)
                    if not key or len(key) > 8:
                        errors.append(f"Line {row.line}: {label!r} is not a vehicle registration")
                elif declared.key:
                    key = normalise_key(schema, label)
                    if not key:
                        errors.append(f"Line {row.line}: {label!r} identifies no {schema}")
                if len(caption) > exchange.MAX_LABEL:
                    errors.append(
                        f"Line {row.line}: the label with its prefix is longer than "
                        f"{exchange.MAX_LABEL} characters"
                    )
                node = nodes[label] = _Node(label=label, caption=caption, key=key)
            node.lines.append(row.line)
    if errors:
        raise ValidationFailed({"file": errors[: exchange.MAX_ERRORS]})
    return nodes


def _find_existing(partnership_id: uuid.UUID, schema: str, nodes: Iterable[_Node]) -> None:
    """Point each node at the entity it already is in the partnership: the same key for a
    type with one (a phone's number, a registration), else the same caption (the oldest
    such entity that is not merged into another, else the oldest)."""
    nodes = list(nodes)
    found = Entity.objects.filter(partnership_id=partnership_id, schema=schema)
    if ENTITIES[schema].key:
        by_key = dict(found.filter(key__in=[n.key for n in nodes]).values_list("key", "id"))
        for node in nodes:
            node.entity_id = by_key.get(node.key)
        return
    by_caption: dict[str, uuid.UUID] = {}
    rows = (
        found.filter(caption__in=[n.caption for n in nodes])
        .order_by("created_at", "id")
        .values_list("caption", "id", "merged_into_id")
    )
    merged: dict[str, uuid.UUID] = {}
    for caption, pk, merged_into in rows:
        target = merged if merged_into is not None else by_caption
        target.setdefault(caption, pk)
    for node in nodes:
        node.entity_id = by_caption.get(node.caption) or merged.get(node.caption)


def _entity_id(node: _Node) -> uuid.UUID:
    if node.entity_id is None:  # pragma: no cover - every node is found or created first
        raise ValueError(f"no entity for {node.label!r}")
    return node.entity_id


def _same(a: _Node, b: _Node) -> bool:
    if a.entity_id is not None and a.entity_id == b.entity_id:
        return True
    return bool(a.key) and a.key == b.key


def edges_import(
    *,
    actor: Actor,
    edges: exchange.EdgeList,
    source_name: str,
    grading: Grading,
    link_type: str = "linked_to",
    schema: str = "person",
    partnership_id: uuid.UUID | None = None,
    organisation_id: uuid.UUID | None = None,
    label_prefix: str = "",
) -> ImportResult:
    """Record an edge list as one graded report and a link per edge between entities found
    or created by their label. Refused, writing nothing: no source name, a bad grading, an
    unknown link or entity type, a link type that does not join two entities of that type,
    labels that are not what the type needs, two labels that are one entity joined to each
    other (named by line)."""
    require(actor, P.INTELLIGENCE_ANALYSE)
    errors: dict[str, list[str]] = {}
    source_name = _SPACES.sub(" ", str(source_name or "")).strip()
    if not source_name:
        errors["source"] = ["Name the source of the edge list, such as the operation's name"]
    elif len(source_name) > 200:
        errors["source"] = ["Keep the source's name to 200 characters or fewer"]
    try:
        fields = grading.fields()
    except ValidationFailed as exc:
        errors.update(exc.errors)
    try:
        declared_link = link_schema(link_type)
    except ValueError as exc:
        errors["link_type"] = [str(exc)]
    try:
        entity_schema(schema)
    except ValueError as exc:
        errors["schema"] = [str(exc)]
    if (
        "link_type" not in errors
        and "schema" not in errors
        and not declared_link.allows(schema, schema)
    ):
        errors["link_type"] = [
            f"“{declared_link.label}” does not join a {ENTITIES[schema].label.lower()} to "
            f"a {ENTITIES[schema].label.lower()}"
        ]
    if len(label_prefix) > 100:
        errors["label_prefix"] = ["Keep the prefix to 100 characters or fewer"]
    if errors:
        raise ValidationFailed(errors)
    partnership = partnership_for(actor, chosen=partnership_id, origin_partnership=None)
    organisation = _organisation(actor, partnership, organisation_id)
    nodes = _nodes(edges, schema, label_prefix)
    _find_existing(partnership, schema, nodes.values())
    # Two labels may be one entity (two spellings of one number): a tie between them is a
    # tie from an entity to itself.
    loops = [
        f"Line {row.line}: {row.source!r} and {row.target!r} are the same {schema}"
        for row in edges.rows
        if _same(nodes[row.source], nodes[row.target])
    ]
    if loops:
        raise ValidationFailed({"file": loops[: exchange.MAX_ERRORS]})
    now = clock.now()
    try:
        with transaction.atomic():
            report = _record_report(actor, edges, source_name, fields, partnership, organisation)
            created = _create_entities(actor, partnership, schema, nodes)
            entity_of = {label: _entity_id(node) for label, node in nodes.items()}
            links = [
                Link(
                    link_type=link_type,
                    source_id=entity_of[row.source],
                    target_id=entity_of[row.target],
                    weight=row.weight,
                    partnership_id=partnership,
                    organisation_id=organisation,
                    asserted_by_id=actor.user_id,
                    asserted_at=now,
                    origin_type=Origin.INTELLIGENCE_REPORT,
                    origin_id=report.pk,
                    report=report,
                    **fields,
                )
                for row in edges.rows
            ]
            Link.objects.bulk_create(links, batch_size=1000)
            entity_ids = list(dict.fromkeys(entity_of.values()))
            # Primary keys, as Django's add() takes them (the stubs know only instances).
            report.mentions.add(*entity_ids)  # type: ignore[arg-type]
            audit_record(
                actor=actor,
                action=REPORT_RECORDED,
                object_type=access.REPORT,
                object_id=report.pk,
                details={
                    "grade": report.grade,
                    "origin_type": Origin.IMPORT,
                    "mentions": len(entity_ids),
                },
            )
            result = ImportResult(
                report=report,
                entities_created=created,
                entities_existing=len(entity_ids) - created,
                links=len(links),
            )
            audit_record(
                actor=actor,
                action=EDGES_IMPORTED,
                object_type=access.REPORT,
                object_id=report.pk,
                details={
                    "link_type": link_type,
                    "schema": schema,
                    "grade": report.grade,
                    "entities_created": result.entities_created,
                    "entities_existing": result.entities_existing,
                    "links": result.links,
                    "weighted": edges.weighted,
                },
            )
    except IntegrityError:
        raise ValidationFailed(
            {"file": ["Another import added the same entities at the same time: try again"]}
        ) from None
    return result


def _record_report(
    actor: Actor,
    edges: exchange.EdgeList,
    source_name: str,
    fields: dict[str, object],
    partnership: uuid.UUID,
    organisation: uuid.UUID,
) -> IntelligenceReport:
    return IntelligenceReport.objects.create(
        reference=_reference(),
        partnership_id=partnership,
        organisation_id=organisation,
        submitted_by_id=actor.user_id,
        submitted_at=clock.now(),
        text=f"Imported edge list {edges.name} from {source_name}",
        origin_type=Origin.IMPORT,
        source_name=source_name,
        **fields,
    )


def _create_entities(
    actor: Actor, partnership: uuid.UUID, schema: str, nodes: dict[str, _Node]
) -> int:
    """Create the entities not found; labels that share a key share one new entity."""
    new: dict[str, Entity] = {}
    for node in nodes.values():
        if node.entity_id is not None:
            continue
        identity = node.key or node.caption
        entity = new.get(identity)
        if entity is None:
            vehicle_id = None
            if schema == VEHICLE:
                vehicle_id = Vehicle.objects.get_or_create(registration=node.key)[0].pk
            entity = new[identity] = Entity(
                partnership_id=partnership,
                schema=schema,
                caption=node.key if schema == VEHICLE else node.caption,
                key=node.key,
                vehicle_id=vehicle_id,
                created_by_id=actor.user_id,
            )
        node.entity_id = entity.pk
        node.created = True
    Entity.objects.bulk_create(list(new.values()), batch_size=1000)
    return len(new)


# --- export ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    format: str
    network: Network
    # graphml: {"network.graphml": ...}; csv: {"entities.csv": ..., "links.csv": ...}
    files: dict[str, bytes]

    def single(self) -> tuple[str, str, bytes]:
        """One download: (file name, content type, bytes); the CSV tables zipped."""
        if self.format == "graphml":
            return (
                "lantern-network.graphml",
                "application/graphml+xml",
                self.files["network.graphml"],
            )
        return "lantern-network-csv.zip", "application/zip", exchange.zipped(self.files)


def clean_reason(reason: str) -> str:
    """The reason on one line, control characters dropped, spaces collapsed."""
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in str(reason or ""))
    reason = _SPACES.sub(" ", text).strip()
    if not reason:
        raise ValidationFailed(
            {"reason": ["Say why you are exporting it (no personal data: the purpose only)"]}
        )
    if len(reason) > REASON_LIMIT:
        raise ValidationFailed(
            {"reason": [f"Keep the reason to {REASON_LIMIT} characters or fewer"]}
        )
    return reason


def network_export(
    *,
    actor: Actor,
    format: str,
    reason: str,
    entity_id: uuid.UUID | None = None,
    hops: int = 2,
    filters: Filters | None = None,
    partnership_id: uuid.UUID | None = None,
) -> Export:
    """The network the actor may read (or one entity's neighbourhood) as GraphML or as the
    two CSV tables, audited with the reason given. Potential victims are marked in both."""
    require(actor, P.INTELLIGENCE_ANALYSE)
    errors: dict[str, list[str]] = {}
    if format not in FORMATS:
        errors["format"] = ["Choose GraphML or CSV"]
    try:
        reason = clean_reason(reason)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    network = network_for(
        actor, entity_id=entity_id, hops=hops, filters=filters, partnership_id=partnership_id
    )
    if format == "graphml":
        scope = "the neighbourhood of one entity" if entity_id else "the whole network"
        files = {"network.graphml": exchange.graphml(network, description=f"Lantern: {scope}")}
    else:
        entities, links = exchange.csv_tables(network)
        files = {"entities.csv": entities, "links.csv": links}
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=EXPORTED,
            object_type=access.ENTITY if entity_id else NETWORK,
            object_id=entity_id or partnership_id or "all",
            details={
                "format": format,
                "scope": "neighbourhood" if entity_id else "whole",
                "hops": hops if entity_id else None,
                "entities": len(network.nodes),
                "links": len(network.links),
                "potential_victims": sum(1 for n in network.nodes.values() if n.potential_victim),
                "c_graded_links": sum(1 for link in network.links if link.grade.endswith("C")),
                "reason": reason,
            },
        )
    return Export(format=format, network=network, files=files)
