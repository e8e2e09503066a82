"""What `kg viz` draws: the whole graph, what a CONSTRUCT/DESCRIBE query returns, or one
entity's neighbourhood, as a network and as the offline page (`KnowledgeGraph.drawing`).
The query is run by the caller (the facade): what is drawn here is an engine and statements."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.errors import UsageError

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph as ox

    from graph.engine import Engine, Result

DEFAULT_DEPTH = 2


class Drawing:
    """A page ready to write, the network it shows, and its title."""

    __slots__ = ("network", "page", "title")

    def __init__(self, page: bytes, network: nx.MultiDiGraph, title: str) -> None:
        self.page, self.network, self.title = page, network, title


def _query_name(query: str) -> str:
    return "the query" if any(c.isspace() or c == "{" for c in query.strip()) else query


def graph_triples(result: Result, query: str) -> list[ox.Triple]:
    """The statements a CONSTRUCT/DESCRIBE answer holds; a UsageError for any other query."""
    if result.kind != "graph":
        raise UsageError(
            f"--query: {_query_name(query)} is a {result.kind.upper()} query; kg viz draws CONSTRUCT or DESCRIBE"
        )
    return result.triples or []


def check_focus(focus: str | None, depth: int | None) -> None:
    """A UsageError for `--depth` without `--focus` (before any query runs)."""
    if depth is not None and focus is None:
        raise UsageError("--depth needs --focus ENTITY")


def network(
    engine: Engine, triples: list[ox.Triple] | None = None, *, with_speculation: bool = False
) -> nx.MultiDiGraph:
    """The network of the whole graph, or of the statements a CONSTRUCT/DESCRIBE query returned."""
    from graph.viz.network import build_network

    return build_network(engine, triples, with_speculation=with_speculation, collapse_roles=True)


def drawing(
    engine: Engine,
    triples: list[ox.Triple] | None = None,
    *,
    query: str | None = None,
    focus: str | None = None,
    depth: int | None = None,
    with_speculation: bool = False,
) -> Drawing:
    """The page of the graph, of a query's statements (`triples`, from `query`), or of what is
    within `depth` links of `focus`."""
    check_focus(focus, depth)
    from graph.viz.network import find_node
    from graph.viz.page import neighbourhood, render_page

    g = network(engine, triples, with_speculation=with_speculation)
    title = "franchise-kg: the whole graph"
    if query is not None:
        name = _query_name(query)
        title = f"franchise-kg: {'a CONSTRUCT query' if name == 'the query' else name}"
    center = None
    if focus is not None:
        center = find_node(g, focus)
        depth = DEFAULT_DEPTH if depth is None else depth
        g = neighbourhood(g, center, depth)
        title = f"franchise-kg: {g.nodes[center]['label']} and what is within {depth} link{'s' * (depth != 1)}"
    page = render_page(g, title, focus=center, with_speculation=with_speculation)
    return Drawing(page, g, title)
