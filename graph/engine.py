"""The engine interface, below every store and every feature: the `Engine` protocol each store
implements and the `Result` each query returns.

A leaf: it imports nothing of the package but its errors, so the query pipeline
(`graph.sparql.run`), the formats, the features and the server all name engines and results
without reaching into `graph.store` or the `KnowledgeGraph` facade. The protocol is a real
class (about 35 µs to build, next to a 60 ms cold query), so a store can be checked with
`isinstance(engine, Engine)`.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import pyoxigraph as ox

from graph.errors import KGError

#: What `--entailment` may name: none, or the RDFS closure of the view.
ENTAILMENTS = ("none", "rdfs")


@runtime_checkable
class Engine(Protocol):
    """What every store offers the rest of the code: read-only SPARQL over a view of the graph,
    its quads, and what RDFS entailment adds. `description` says which store and why."""

    description: str

    def query(
        self,
        text: str,
        *,
        substitutions: dict[ox.Variable, ox.NamedNode | ox.Literal] | None = None,
        with_speculation: bool = False,
        entailment: str = "none",
        name: str = "<query>",
        default_graph_uris: list[str] | None = None,
        named_graph_uris: list[str] | None = None,
    ) -> Result:
        """Run query text the guard approved; `default_graph_uris`/`named_graph_uris` (None: the
        view that `with_speculation` and `entailment` name) choose the dataset."""
        ...

    def quads(self) -> list[ox.Quad]:
        """Every stored quad: the views and each claim graph, without entailed statements."""
        ...

    def entailed(self, *, with_speculation: bool = False) -> list[ox.Triple]:
        """The statements RDFS entailment adds to a view."""
        ...


class Result:
    """A query's answer: `select`/`ask` solutions, `graph` as triples.

    A SELECT answer keeps pyoxigraph's own solutions, unevaluated, so that they are
    serialized once, straight to where they go (`write`); `json` (W3C SPARQL JSON bytes)
    is made from them on first use for callers that read rows. Engines without streaming
    solutions (rdflib, a remote endpoint) give the JSON bytes directly.
    A plain class, not a dataclass: creating dataclasses costs a cold `kg query` ~1 ms each.
    """

    __slots__ = ("_json", "_solutions", "kind", "name", "triples")

    def __init__(
        self,
        kind: str,
        json: bytes | None = None,
        triples: list[ox.Triple] | None = None,
        solutions: ox.QuerySolutions | None = None,
        name: str = "<query>",
    ) -> None:
        self.kind = kind
        self._json = json
        self._solutions = solutions
        self.triples = triples
        self.name = name

    def _serialize(
        self, solutions: ox.QuerySolutions, stream: object | None, fmt: ox.QueryResultsFormat
    ) -> bytes | None:
        """Evaluate and serialize; an evaluation error (found only now) is a one-line KGError."""
        try:
            if stream is None:
                return solutions.serialize(format=fmt)
            solutions.serialize(stream, format=fmt)  # type: ignore[arg-type]
            return None
        except (RuntimeError, OSError, ValueError) as exc:
            if isinstance(exc, BrokenPipeError):
                raise
            raise KGError(f"{self.name}: the query failed: {' '.join(str(exc).split())[:300]}") from None

    @property
    def json(self) -> bytes | None:
        """The answer as W3C SPARQL JSON bytes (serialized on first use)."""
        if self._json is None and self._solutions is not None:
            solutions, self._solutions = self._solutions, None
            self._json = self._serialize(solutions, None, ox.QueryResultsFormat.JSON)
        return self._json

    @property
    def streaming(self) -> bool:
        """True while the solutions are still unevaluated (`write` serializes them once)."""
        return self._solutions is not None

    @property
    def variables(self) -> list[str]:
        """A SELECT answer's column names, in their order."""
        if self._solutions is not None:
            return [v.value for v in self._solutions.variables]
        if self.kind != "select" or self._json is None:
            return []
        import json

        return list(json.loads(self._json)["head"]["vars"])

    def write(self, stream: object, fmt: ox.QueryResultsFormat) -> None:
        """Serialize a SELECT or ASK answer in `fmt` to a binary stream, evaluating it once."""
        if self._solutions is not None:
            solutions, self._solutions = self._solutions, None
            self._serialize(solutions, stream, fmt)
            return
        assert self._json is not None
        try:  # answers kg did not compute itself (a SPARQL server's) may hold what no IRI can be
            parsed = ox.parse_query_results(self._json, format=ox.QueryResultsFormat.JSON)
            parsed.serialize(stream, format=fmt)  # type: ignore[union-attr,arg-type]
        except (SyntaxError, ValueError) as exc:
            raise KGError(f"{self.name}: the answer holds a term that cannot be written: {exc}") from None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Result) and (self.kind, self.json, self.triples) == (
            other.kind,
            other.json,
            other.triples,
        )

    def __repr__(self) -> str:
        return f"Result(kind={self.kind!r}, streaming={self.streaming}, triples={self.triples!r:.60})"
