"""The library entry point: open a graph, then query, explain, export or validate it.

    >>> from graph.api import KnowledgeGraph
    >>> kg = KnowledgeGraph.open()
    >>> kg.select("cast-of-season", {"season": "2"})  # doctest: +SKIP

The `kg` command line is a thin layer over this class.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from graph.locate import GraphLocation, locate
from graph.store.engine import Result
from graph.store.load import GraphFiles, discover

if TYPE_CHECKING:
    from graph.store.engine import Engine


class KnowledgeGraph:
    """A located graph, its files, and the engine its data is loaded in."""

    def __init__(self, location: GraphLocation, files: GraphFiles, engine: Engine) -> None:
        self.location = location
        self.files = files
        self.engine = engine

    def __repr__(self) -> str:
        return f"KnowledgeGraph({self.location.root}, {self.engine.description!r})"

    @classmethod
    def open(
        cls,
        graph: str | os.PathLike[str] | GraphLocation | None = None,
        data: Iterable[str | os.PathLike[str]] = (),
        store: str = "auto",
        endpoint: str | None = None,
    ) -> KnowledgeGraph:
        """Find the graph (a folder, a located graph, or None for the usual order: see
        `graph.locate`), add `data` files, and load it into `store`.

        With `endpoint` (a SPARQL server's URL), queries go to that server instead.
        """
        from graph.store.registry import open_engine

        location = graph if isinstance(graph, GraphLocation) else locate(graph)
        files = discover(location, data)
        return cls(location, files, open_engine(location, files, store, endpoint))

    def query(
        self,
        query: str,
        params: dict[str, str] | None = None,
        *,
        with_speculation: bool = False,
        entailment: str = "none",
    ) -> Result:
        """Run SPARQL text, a `.rq` path or a named query with parameters."""
        from graph.sparql.run import resolve, run

        source = resolve(query, self.location.queries_dir)
        return run(self, source, params, with_speculation=with_speculation, entailment=entailment)

    def select(self, query: str, params: dict[str, str] | None = None, **options: object) -> list[dict[str, str]]:
        """A SELECT query's rows as plain `{variable: value}` dicts (IRIs and literals as text)."""
        result = self.query(query, params, **options)  # type: ignore[arg-type]
        if result.kind != "select" or result.json is None:
            raise ValueError(f"{query}: not a SELECT query")
        import json

        data = json.loads(result.json)
        return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]
