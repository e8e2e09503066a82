"""The package's own queries (`graph/sparql/queries/NAME.rq`, used by explain, stats, info,
sources, the network and the workbench, whose queries are named `workbench-*`) and turning an
answer into rows: one home for both."""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.engine import Engine, Result

#: Where they are (a `str`: a cold `kg query`, which asks for advice, imports no pathlib).
QUERIES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "queries")


@functools.cache
def internal_query(name: str) -> str:
    """The text of one of the package's own queries (read once per process)."""
    with open(os.path.join(QUERIES_DIR, f"{name}.rq"), encoding="utf-8") as file:
        return file.read()


def run_internal(engine: Engine, name: str, **options: Any) -> Result:
    """Run the package's query NAME on `engine` (options as for `engine.query`); errors name its file."""
    return engine.query(internal_query(name), name=f"graph/sparql/queries/{name}.rq", **options)


def bindings(result: Result) -> list[dict[str, dict[str, str]]]:
    """A SELECT answer's rows as SPARQL JSON terms (`{"type": …, "value": …}` by variable)."""
    import json

    if result.kind != "select" or result.json is None:
        raise ValueError("not the answer of a SELECT query")
    return json.loads(result.json)["results"]["bindings"]


def rows(result: Result) -> list[dict[str, str]]:
    """A SELECT answer's rows as plain `{variable: value}` dicts (IRIs and literals as text)."""
    return [{k: v["value"] for k, v in row.items()} for row in bindings(result)]


def internal_rows(engine: Engine, name: str, **options: Any) -> list[dict[str, str]]:
    """The rows of the package's query NAME as plain dicts."""
    return rows(run_internal(engine, name, **options))


def internal_bindings(engine: Engine, name: str, **options: Any) -> list[dict[str, dict[str, str]]]:
    """The rows of the package's query NAME as SPARQL JSON terms."""
    return bindings(run_internal(engine, name, **options))
