"""The pyoxigraph engine (`graph.engine.Engine`): a read-only SPARQL query over a view of the graph.

The view is the default one (stated and inferred facts) or, with speculation, that plus
what speculation claims say; entailment `rdfs` adds what RDFS semantics entails. Every
engine returns the same `graph.engine.Result`, so formatting and the CLI do not know which
one ran. Also pyoxigraph's syntax errors made readable, which the other engines share.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from graph.engine import Result
from graph.errors import KGError, QuerySyntaxError
from graph.namespaces import DEFAULT_VIEW, PREFIXES, SPECULATION_GRAPH, entailed_graph_iri


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
        from graph.sparql.lexer import tokenize

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
        from graph.store.entailment import add_closure  # only when a query asks for entailment

        name = ox.NamedNode(entailed_graph_iri(with_speculation))
        if with_speculation not in self._entailed and not self.store.contains_named_graph(name):
            base = self._entailed_graph(False) if with_speculation else None  # grown from, not redone
            add_closure(self.store, self._default_graph(with_speculation, "none"), name, base=base)
        self._entailed.add(with_speculation)
        return name

    def _graph(self, iri: str) -> ox.NamedNode | ox.DefaultGraph:
        """A graph named in a query's dataset: a view's name or a graph the store holds."""
        if iri == DEFAULT_VIEW:
            return ox.DefaultGraph()
        for with_speculation in (False, True):
            if iri == entailed_graph_iri(with_speculation):
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
