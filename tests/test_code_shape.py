"""The code keeps the shape STYLE.md asks for, so that a newcomer can hold each part in their
head: modules of a readable length, functions of a readable complexity, no import cycle
inside an app, and migrations that never import application code (they must keep doing what
they did when they were written). Tests and migrations are not counted as modules."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import grimp
import pytest
from radon.complexity import cc_rank, cc_visit

ROOT = Path(__file__).resolve().parents[1]
LANTERN = ROOT / "lantern"
APPS = sorted(path.name for path in LANTERN.iterdir() if (path / "apps.py").exists())
MAX_LINES = 500  # STYLE.md: about 400 lines, then a package
WORST_RANK = "C"  # radon's grades: A-B simple, C more complex, D and worse too complex
NOT_MODULES = {"tests", "migrations"}


def _modules() -> Iterator[Path]:
    for path in sorted(LANTERN.rglob("*.py")):
        if not NOT_MODULES & set(path.relative_to(LANTERN).parts):
            yield path


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_scans_see_the_code():
    assert {"core", "audit", "reports", "evidence", "cases"} <= set(APPS)
    modules = [_name(path) for path in _modules()]
    assert "lantern/evidence/uploads.py" in modules
    assert not any("/tests/" in name or "/migrations/" in name for name in modules)


def test_no_module_is_over_500_lines():
    too_long = {
        _name(path): lines
        for path in _modules()
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert not too_long, f"modules over {MAX_LINES} lines (make them packages): {too_long}"


def test_no_function_is_too_complex():
    """As ``radon cc -n D lantern --exclude '*/tests/*,*/migrations/*'``: it lists nothing."""
    too_complex = [
        f"{_name(path)}:{block.lineno} {block.fullname} ({cc_rank(block.complexity)}, "
        f"{block.complexity})"
        for path in _modules()
        for block in cc_visit(path.read_text())
        if cc_rank(block.complexity) > WORST_RANK
    ]
    assert not too_complex, f"functions of radon grade D or worse: {too_complex}"


@pytest.fixture(scope="module")
def import_graph() -> grimp.ImportGraph:
    return grimp.build_graph("lantern", cache_dir=None)


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of a directed graph (Tarjan's algorithm): the sets
    of nodes that can each reach all the others. A component of two or more is a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            components.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return components


def test_strongly_connected_finds_cycles_and_only_cycles():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": {"e"}, "e": set(), "f": {"f"}}
    found = sorted(strongly_connected(edges))
    assert found == [["a", "b", "c"], ["d"], ["e"], ["f"]]


@pytest.mark.parametrize("app", APPS)
def test_no_import_cycle_inside_an_app(app, import_graph):
    """Every import counts, at the top of a module or inside a function."""
    package = f"lantern.{app}"
    modules = {
        module
        for module in import_graph.find_descendants(package) | {package}
        if not NOT_MODULES & set(module.split("."))
    }
    edges = {
        module: import_graph.find_modules_directly_imported_by(module) & modules
        for module in modules
    }
    cycles = [component for component in strongly_connected(edges) if len(component) > 1]
    assert not cycles, f"modules of {package} that import each other: {cycles}"


def _application_imports(path: Path) -> list[str]:
    """Imports of lantern's modules anywhere in the file (``from ..`` reaches the app too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names if alias.name.split(".")[0] == "lantern"]
        elif isinstance(node, ast.ImportFrom) and (
            node.level > 1 or (node.level == 0 and (node.module or "").split(".")[0] == "lantern")
        ):
            module = "." * node.level + (node.module or "")
            names = [f"from {module} import {alias.name}" for alias in node.names]
        else:
            continue
        found += [f"{_name(path)}:{node.lineno} {name}" for name in names]
    return found


def test_migrations_import_no_application_code():
    """A migration copies what it needs (data, SQL, names) into itself: the application code
    it would import changes later, and the migration must not."""
    migrations = sorted(LANTERN.glob("*/migrations/0*.py"))
    assert len(migrations) > 10
    imports = [found for path in migrations for found in _application_imports(path)]
    assert not imports, f"migrations importing application code: {imports}"
