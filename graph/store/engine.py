"""Query engines behind one interface: run a read-only SPARQL query over a view of the graph.

The view is the default one (stated and inferred facts) or, with speculation, that plus
what speculation claims say; entailment `rdfs` adds what RDFS semantics entails. Every
engine returns the same `Result`, so formatting and the CLI do not know which one ran.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.errors import KGError, QuerySyntaxError
from graph.namespaces import DEFAULT_VIEW, PREFIXES, SPECULATION_GRAPH

ENTAILMENTS = ("none", "rdfs")

if TYPE_CHECKING:  # typing only: building a Protocol class costs every cold `kg query` import time
    from typing import Protocol

    class Engine(Protocol):
        """What every store offers the rest of the code."""

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
        ) -> Result: ...

        def quads(self) -> list[ox.Quad]: ...

        def entailed(self, *, with_speculation: bool = False) -> list[ox.Triple]: ...


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
        parsed = ox.parse_query_results(self._json, format=ox.QueryResultsFormat.JSON)
        parsed.serialize(stream, format=fmt)  # type: ignore[union-attr,arg-type]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Result) and (self.kind, self.json, self.triples) == (
            other.kind,
            other.json,
            other.triples,
        )

    def __repr__(self) -> str:
        return f"Result(kind={self.kind!r}, streaming={self.streaming}, triples={self.triples!r:.60})"


def syntax_error(name: str, exc: SyntaxError, text: str | None = None) -> QuerySyntaxError:
    """pyoxigraph's `error at L:C: cause` as `name:L:C: SPARQL syntax error near 'tok': cause`.

    pyoxigraph reports the position just after the token it could not use; with the query
    text at hand the error points at that token instead.
    """
    message = " ".join(str(exc.msg or exc).split())
    match = re.match(r"^error at (\d+):(\d+): (.*)$", message, re.S)  # compiled only on an error
    if not match:
        return QuerySyntaxError(f"{name}: SPARQL syntax error: {message}")
    line, column, cause = int(match.group(1)), int(match.group(2)), match.group(3)
    near = ""
    if text is not None:
        from graph.sparql.guard import tokenize

        before = [t for t in tokenize(text) if (t.line, t.column) < (line, column) and t.kind != "comment"]
        if before:
            line, column, near = before[-1].line, before[-1].column, f" near {before[-1].text[:40]!r}"
    return QuerySyntaxError(f"{name}:{line}:{column}: SPARQL syntax error{near}: {readable(cause)}")


def readable(cause: str) -> str:
    """pyoxigraph lists the characters it expected as Unicode ranges and `[_]`; say "a term"."""
    import re

    ranges = re.compile(r"\[[^\[\]]*(?:\.\.=|'_')[^\[\]]*\]|\[_\]")
    if not ranges.search(cause):
        return cause
    kept = [part.strip() for part in ranges.sub("", cause).split(",") if part.strip()]
    kept = [k for k in kept if k not in ("expected", "expected one of")]
    if not kept:
        return "expected a term (a variable, IRI, prefixed name or literal)"
    head = "expected one of " if cause.startswith("expected one of") else "expected "
    items = [k.removeprefix("expected one of ").removeprefix("expected ") for k in kept]
    return head + ", ".join([*items, "a term"])


def to_result(answer: object, name: str = "<query>") -> Result:
    """Normalize pyoxigraph's answer object into a Result (SELECT solutions kept unevaluated)."""
    if isinstance(answer, ox.QueryBoolean):
        return Result("ask", json=answer.serialize(format=ox.QueryResultsFormat.JSON))
    if isinstance(answer, ox.QuerySolutions):
        return Result("select", solutions=answer, name=name)
    return Result("graph", triples=list(answer))  # type: ignore[call-overload]


class OxigraphEngine:
    """pyoxigraph over a store built by `graph.store.load` (in memory or on disk)."""

    def __init__(self, store: ox.Store, description: str = "oxigraph (in memory)") -> None:
        self.store = store
        self.description = description
        self._entailed: set[bool] = set()

    def _default_graph(self, with_speculation: bool, entailment: str) -> list[ox.NamedNode | ox.DefaultGraph]:
        graphs: list[ox.NamedNode | ox.DefaultGraph] = [ox.DefaultGraph()]
        if with_speculation:
            graphs.append(ox.NamedNode(SPECULATION_GRAPH))
        if entailment == "rdfs":
            graphs.append(self._entailed_graph(with_speculation))
        return graphs

    def _entailed_graph(self, with_speculation: bool) -> ox.NamedNode:
        """The graph holding the RDFS closure of a view, computed once per store."""
        from graph.store.entailment import add_closure, entailed_graph

        name = entailed_graph(with_speculation)
        if with_speculation not in self._entailed and not self.store.contains_named_graph(name):
            base = self._entailed_graph(False) if with_speculation else None  # grown from, not redone
            add_closure(self.store, self._default_graph(with_speculation, "none"), name, base=base)
        self._entailed.add(with_speculation)
        return name

    def _graph(self, iri: str) -> ox.NamedNode | ox.DefaultGraph:
        """A graph named in a query's dataset: a view's name or a graph the store holds."""
        from graph.store.entailment import entailed_graph

        if iri == DEFAULT_VIEW:
            return ox.DefaultGraph()
        for with_speculation in (False, True):
            if iri == entailed_graph(with_speculation).value:
                return self._entailed_graph(with_speculation)
        return ox.NamedNode(iri)

    def dataset(
        self,
        with_speculation: bool,
        entailment: str,
        default_graph_uris: list[str] | None,
        named_graph_uris: list[str] | None,
    ) -> dict[str, object]:
        """pyoxigraph's dataset arguments: the view, or exactly the graphs the query names."""
        options: dict[str, object] = {}
        if default_graph_uris is not None:
            options["default_graph"] = [self._graph(iri) for iri in default_graph_uris]
        else:
            options["default_graph"] = self._default_graph(with_speculation, entailment)
        if named_graph_uris is not None:
            graphs = [self._graph(iri) for iri in named_graph_uris]
            options["named_graphs"] = [g for g in graphs if isinstance(g, ox.NamedNode)]
        return options

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
        try:
            options = self.dataset(with_speculation, entailment, default_graph_uris, named_graph_uris)
            answer = self.store.query(text, prefixes=PREFIXES, substitutions=substitutions or None, **options)  # type: ignore[arg-type]
            return to_result(answer, name)
        except SyntaxError as exc:
            raise syntax_error(name, exc, text) from None
        except (RuntimeError, OSError, ValueError) as exc:  # evaluation errors, e.g. a type pyoxigraph rejects
            raise KGError(f"{name}: the query failed: {' '.join(str(exc).split())[:300]}") from None

    def quads(self) -> list[ox.Quad]:
        """Every stored quad: the views and each claim graph, without entailed statements."""
        from graph.store.entailment import is_entailed_graph

        return [q for q in self.store if not is_entailed_graph(q.graph_name)]

    def entailed(self, *, with_speculation: bool = False) -> list[ox.Triple]:
        """The statements RDFS entailment adds to a view."""
        name = self._entailed_graph(with_speculation)
        return [q.triple for q in self.store.quads_for_pattern(None, None, None, name)]
