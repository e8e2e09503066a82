"""The workbench's JSON API: `GET /api/<name>?…` answers `ROUTES[name](engine, location, params)`.

Each function takes the live engine, the graph's location (for what is read from its files:
named queries, source texts) and the request's parameters (last value wins), and returns
plain JSON-serialisable data; a KGError becomes a 400 answer with its one line. The routes
build on the package's engine-level functions (`graph.explain`, `graph.entities`), never on
the `KnowledgeGraph` facade.
Values from the request are bound as RDF terms (substitutions), never pasted into a query,
and every answer is capped, so a graph of a million statements stays explorable a
neighbourhood at a time. One module per concern: catalog (named queries), advice (what
`kg query` advises), names (completion, a result's names), network (neighbourhoods),
entity (entity pages and sources).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from graph.serve.api.advice import advice
from graph.serve.api.catalog import check, queries
from graph.serve.api.common import MAX_IRIS
from graph.serve.api.entity import MAX_FACTS, MAX_PLAIN_FACTS, entity, source
from graph.serve.api.names import MAX_NAMES, completions, resolve
from graph.serve.api.network import DEFAULT_NEIGHBOURS, MAX_NEIGHBOURS, labels, neighbours, styles, subgraph

if TYPE_CHECKING:
    from graph.engine import Engine
    from graph.locate import GraphLocation

__all__ = ["DEFAULT_NEIGHBOURS", "MAX_FACTS", "MAX_IRIS", "MAX_NAMES", "MAX_NEIGHBOURS", "MAX_PLAIN_FACTS", "ROUTES"]

ROUTES: dict[str, Callable[[Engine, GraphLocation, dict[str, str]], object]] = {
    "queries": queries,
    "check": check,
    "advice": advice,
    "completions": completions,
    "resolve": resolve,
    "labels": labels,
    "styles": styles,
    "neighbours": neighbours,
    "graph": subgraph,
    "entity": entity,
    "source": source,
}
