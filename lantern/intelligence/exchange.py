"""Edge lists in, GraphML and i2 tables out (docs/intelligence/exports.md).

Plain formats, no database and no permissions here: ``read_edge_list`` turns a file into
checked rows (every problem named by its line), and the writers turn a ``Network`` the
actor may read (selectors.network) into bytes. The services decide who may import or
export, and audit it.

- **Edge lists**: one tie a line, ``source target [weight]``, separated by commas (CSV,
  quotes allowed) or by spaces or tabs. A first line whose ends are named like column
  headings (``source,target,weight``), or whose third column is not a number, is a header.
  Blank lines and lines starting with ``#`` are skipped. A weight, when given, must be a
  positive number; without one a tie weighs 1.
- **GraphML** for Gephi and yEd: every node and edge attribute declared with a ``<key>``
  (node: label, schema, potential_victim, degree, betweenness; edge: link_type, label,
  weight, grade, handling, handling_conditions, valid_from, valid_to, occurred_at,
  origin_type, directed). Undirected graph by default; a directed link type's edges say
  ``directed="true"``.
- **CSV** for i2 Analyst's Notebook: ``entities.csv`` (one row per entity) and ``links.csv``
  (one row per link, with each end's id, type and label so a single import makes both ends).
"""

from __future__ import annotations

import csv
import io
import math
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.timezone import localtime
from lxml import etree

from lantern.core.errors import ValidationFailed
from lantern.intelligence.schema import ENTITIES, LINKS
from lantern.intelligence.selectors.network import Network

if TYPE_CHECKING:
    pass


MAX_LABEL = 200
MAX_ERRORS = 10
HEADER_WORDS = frozenset(
    {
        "source",
        "target",
        "from",
        "to",
        "src",
        "dst",
        "node1",
        "node2",
        "v1",
        "v2",
        "id1",
        "id2",
        "ego",
        "alter",
        "name1",
        "name2",
        "weight",
    }
)


# --- reading edge lists ----------------------------------------------------------------------


@dataclass(frozen=True)
class EdgeRow:
    line: int
    source: str
    target: str
    weight: float


@dataclass(frozen=True)
class EdgeList:
    name: str
    rows: tuple[EdgeRow, ...]
    header: bool
    weighted: bool

    @property
    def labels(self) -> list[str]:
        """Each node's label once, in order of first appearance."""
        return list(dict.fromkeys(end for row in self.rows for end in (row.source, row.target)))


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value


def _is_header(cells: list[str]) -> bool:
    if len(cells) >= 2 and {c.strip().lower() for c in cells[:2]} <= HEADER_WORDS:
        return True
    return len(cells) == 3 and _number(cells[2]) is None


def _split(lines: list[str], comma: bool) -> Iterable[tuple[int, list[str]]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if comma:
            cells = next(csv.reader([line]))
            yield number, [c.strip() for c in cells]
        else:
            yield number, line.split()


def parse_edge_list(text: str, name: str = "the file") -> EdgeList:
    """Checked rows of an edge list. Raises ValidationFailed naming each bad line (up to
    ten): a row without two ends, an adjacency matrix, an end longer than 200 characters, a
    tie from a node to itself, a weight that is not a positive number."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    first = next((line for line in lines if line.strip() and not line.lstrip().startswith("#")), "")
    if not first:
        raise ValidationFailed({"file": [f"{name} has no edges"]})
    comma = "," in first
    rows: list[EdgeRow] = []
    errors: list[str] = []
    header = False
    weighted = False
    for index, (number, cells) in enumerate(_split(lines, comma)):
        if index == 0 and _is_header(cells):
            header = True
            continue
        problem = _row_problem(cells)
        if problem:
            errors.append(f"Line {number}: {problem}")
            if len(errors) >= MAX_ERRORS:
                break
            continue
        source, target = cells[0], cells[1]
        weight = 1.0
        if len(cells) == 3 and cells[2] != "":
            weight = float(cells[2])
            weighted = True
        rows.append(EdgeRow(number, source, target, weight))
    if errors:
        raise ValidationFailed({"file": errors})
    if not rows:
        raise ValidationFailed({"file": [f"{name} has no edges"]})
    return EdgeList(name=name, rows=tuple(rows), header=header, weighted=weighted)


def _row_problem(cells: list[str]) -> str | None:
    if len(cells) > 3:
        return (
            f"{len(cells)} columns; an edge list has two or three (source, target and an "
            "optional weight). An adjacency matrix is not an edge list"
        )
    if len(cells) < 2 or not cells[0] or not cells[1]:
        return "a row needs a source and a target"
    if len(cells[0]) > MAX_LABEL or len(cells[1]) > MAX_LABEL:
        return f"a node's label is longer than {MAX_LABEL} characters"
    if cells[0] == cells[1]:
        return f"a tie from {cells[0]!r} to itself; a link joins two different entities"
    if len(cells) == 3 and cells[2] != "":
        weight = _number(cells[2])
        if weight is None:
            return f"the weight {cells[2]!r} is not a number"
        if not (math.isfinite(weight) and weight > 0):
            return f"the weight {cells[2]} is not a positive number"
    return None


def read_edge_list(path: Path) -> EdgeList:
    """``parse_edge_list`` of a file, read as UTF-8 (a byte order mark is dropped)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValidationFailed({"file": [f"There is no file {path}"]}) from None
    except IsADirectoryError:
        raise ValidationFailed({"file": [f"{path} is a folder, not a file"]}) from None
    except UnicodeDecodeError:
        raise ValidationFailed({"file": [f"{path} is not a UTF-8 text file"]}) from None
    except OSError as exc:
        raise ValidationFailed({"file": [f"Cannot read {path}: {exc.strerror}"]}) from None
    return parse_edge_list(text, path.name)


# --- measures every export carries ---------------------------------------------------------


@dataclass(frozen=True)
class NodeFigures:
    degree: int
    betweenness: float


def node_figures(network: Network) -> dict[str, NodeFigures]:
    """Each node's degree (how many different entities it is tied to) and unweighted
    betweenness (as the disruption ranking scores it), by entity id."""
    library = network.as_library_network()
    degrees = library.graph.degree() if library.nodes else []
    from lantern.intelligence import network as measures

    betweenness = library.betweenness(measures.Weighting.NONE)
    return {
        node.id: NodeFigures(degree=int(degrees[i]), betweenness=betweenness[node.id])
        for i, node in enumerate(library.nodes)
    }


def _day(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else ""


def _moment(value: object) -> str:
    return localtime(value).isoformat(timespec="seconds") if isinstance(value, datetime) else ""


# --- GraphML ---------------------------------------------------------------------------------

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd"

# (id, for, attr.name, attr.type)
NODE_KEYS = (
    ("label", "string"),
    ("schema", "string"),
    ("potential_victim", "boolean"),
    ("degree", "int"),
    ("betweenness", "double"),
)
EDGE_KEYS = (
    ("link_type", "string"),
    ("label", "string"),
    ("weight", "double"),
    ("grade", "string"),
    ("handling", "string"),
    ("handling_conditions", "string"),
    ("valid_from", "string"),
    ("valid_to", "string"),
    ("occurred_at", "string"),
    ("origin_type", "string"),
    ("directed", "boolean"),
)


def _data(parent: etree._Element, key: str, value: object) -> None:
    if value in ("", None):
        return
    element = etree.SubElement(parent, f"{{{GRAPHML_NS}}}data", key=key)
    if isinstance(value, bool):
        element.text = "true" if value else "false"
    elif isinstance(value, float):
        element.text = repr(value)
    else:
        element.text = str(value)


def graphml(network: Network, *, description: str = "") -> bytes:
    """The network as GraphML 1.0 (UTF-8), for Gephi, yEd, igraph and Cytoscape."""
    figures = node_figures(network)
    root = etree.Element(
        f"{{{GRAPHML_NS}}}graphml",
        nsmap={None: GRAPHML_NS, "xsi": XSI_NS},
        attrib={f"{{{XSI_NS}}}schemaLocation": SCHEMA_LOCATION},
    )
    for kind, keys, prefix in (("node", NODE_KEYS, "n_"), ("edge", EDGE_KEYS, "e_")):
        for name, type_ in keys:
            etree.SubElement(
                root,
                f"{{{GRAPHML_NS}}}key",
                attrib={
                    "id": prefix + name,
                    "for": kind,
                    "attr.name": name,
                    "attr.type": type_,
                },
            )
    etree.SubElement(
        root,
        f"{{{GRAPHML_NS}}}key",
        attrib={
            "id": "g_description",
            "for": "graph",
            "attr.name": "description",
            "attr.type": "string",
        },
    )
    graph = etree.SubElement(root, f"{{{GRAPHML_NS}}}graph", id="lantern", edgedefault="undirected")
    _data(graph, "g_description", description)
    for node in network.nodes.values():
        element = etree.SubElement(graph, f"{{{GRAPHML_NS}}}node", id=str(node.id))
        figure = figures.get(str(node.id), NodeFigures(0, 0.0))
        _data(element, "n_label", node.caption)
        _data(element, "n_schema", node.schema)
        _data(element, "n_potential_victim", bool(node.potential_victim))
        _data(element, "n_degree", figure.degree)
        _data(element, "n_betweenness", float(figure.betweenness))
    for link in network.links:
        declared = LINKS[link.link_type]
        attrib = {"id": str(link.id), "source": str(link.source), "target": str(link.target)}
        if declared.directed:
            attrib["directed"] = "true"
        element = etree.SubElement(graph, f"{{{GRAPHML_NS}}}edge", attrib=attrib)
        _data(element, "e_link_type", link.link_type)
        _data(element, "e_label", declared.label)
        _data(element, "e_weight", float(link.weight))
        _data(element, "e_grade", link.grade)
        _data(element, "e_handling", link.grade[-1:])
        _data(element, "e_handling_conditions", link.handling_conditions)
        _data(element, "e_valid_from", _day(link.valid_from))
        _data(element, "e_valid_to", _day(link.valid_to))
        _data(element, "e_occurred_at", _moment(link.occurred_at))
        _data(element, "e_origin_type", link.origin_type)
        _data(element, "e_directed", declared.directed)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- CSV for i2 Analyst's Notebook ------------------------------------------------------------

ENTITY_COLUMNS = (
    "Entity ID",
    "Entity Type",
    "Label",
    "Potential Victim",
    "Degree",
    "Betweenness",
)
LINK_COLUMNS = (
    "Link ID",
    "From ID",
    "From Type",
    "From Label",
    "From Potential Victim",
    "To ID",
    "To Type",
    "To Label",
    "To Potential Victim",
    "Link Type",
    "Label",
    "Direction",
    "Date",
    "Time",
    "Grade",
    "Handling Conditions",
    "Weight",
    "Valid From",
    "Valid To",
    "Origin",
)


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def _csv(rows: Iterable[Iterable[object]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    # A byte order mark so that Excel and Analyst's Notebook read UTF-8 names correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_tables(network: Network) -> tuple[bytes, bytes]:
    """``(entities.csv, links.csv)`` as i2 Analyst's Notebook's importer takes them."""
    figures = node_figures(network)
    nodes = network.nodes
    entity_rows: list[list[object]] = [list(ENTITY_COLUMNS)]
    for node in nodes.values():
        figure = figures.get(str(node.id), NodeFigures(0, 0.0))
        entity_rows.append(
            [
                str(node.id),
                ENTITIES[node.schema].label,
                _safe(node.caption),
                _yes(node.potential_victim),
                figure.degree,
                round(figure.betweenness, 6),
            ]
        )
    link_rows: list[list[object]] = [list(LINK_COLUMNS)]
    for link in network.links:
        declared = LINKS[link.link_type]
        a, b = nodes[link.source], nodes[link.target]
        moment = localtime(link.occurred_at) if isinstance(link.occurred_at, datetime) else None
        day = moment.date().isoformat() if moment else _day(link.valid_from)
        link_rows.append(
            [
                str(link.id),
                str(a.id),
                ENTITIES[a.schema].label,
                _safe(a.caption),
                _yes(a.potential_victim),
                str(b.id),
                ENTITIES[b.schema].label,
                _safe(b.caption),
                _yes(b.potential_victim),
                link.link_type,
                declared.label,
                "With Arrows" if declared.directed else "No Arrows",
                day,
                moment.strftime("%H:%M:%S") if moment else "",
                link.grade,
                _safe(link.handling_conditions),
                link.weight,
                _day(link.valid_from),
                _day(link.valid_to),
                link.origin_type,
            ]
        )
    return _csv(entity_rows), _csv(link_rows)


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
