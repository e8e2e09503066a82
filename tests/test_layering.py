"""The package's layering, read from its imports (every import: at the top, inside functions,
and those only for type checkers): the `KnowledgeGraph` facade sits on top, nothing imports
each other in a circle, and the engine interface is a leaf."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "graph"


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """The package's modules that a file imports, anywhere in it."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                out.add(full if full in MODULES else node.module)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
    return {m for m in out if m in MODULES}


GRAPH = nx.DiGraph()
for _name, _path in MODULES.items():
    GRAPH.add_node(_name)
    GRAPH.add_edges_from((_name, m) for m in _imports(_path) if m != _name)


def _unit(module: str) -> str:
    """A module's unit: its subpackage (graph.store, graph.serve.api, …) or the module itself."""
    parts = module.split(".")
    if len(parts) > 2 and (PACKAGE / parts[1]).is_dir():
        return ".".join(parts[:3]) if parts[1:3] == ["serve", "api"] else ".".join(parts[:2])
    return module


def test_only_the_command_line_imports_the_facade() -> None:
    importers = sorted(m for m in GRAPH.predecessors("graph.api"))
    assert importers and all(m.startswith("graph.cli.") for m in importers), importers


def test_no_module_imports_itself_through_others() -> None:
    cycles = [sorted(c) for c in nx.strongly_connected_components(GRAPH) if len(c) > 1]
    assert cycles == []


def test_no_two_parts_of_the_package_import_each_other() -> None:
    units = nx.DiGraph()
    units.add_edges_from((_unit(a), _unit(b)) for a, b in GRAPH.edges if _unit(a) != _unit(b))
    cycles = [sorted(c) for c in nx.strongly_connected_components(units) if len(c) > 1]
    assert cycles == []


def test_the_engine_interface_is_a_leaf_and_the_query_pipeline_knows_no_store() -> None:
    assert set(GRAPH.successors("graph.engine")) <= {"graph.errors"}
    for module in MODULES:
        if module.startswith("graph.sparql"):
            assert not [m for m in GRAPH.successors(module) if m.startswith(("graph.store", "graph.api"))], module


def test_every_store_is_an_engine() -> None:
    from graph.engine import Engine
    from graph.store.endpoint import EndpointEngine
    from graph.store.engine import OxigraphEngine
    from graph.store.load import load_files
    from graph.store.rdflib_memory import RdflibEngine

    store = load_files([])
    for engine in (OxigraphEngine(store), RdflibEngine([]), EndpointEngine("http://127.0.0.1:9/sparql")):
        assert isinstance(engine, Engine)
    assert not isinstance(object(), Engine)
