"""The `memory` store: rdflib's own in-memory Dataset and SPARQL engine.

Same views as the oxigraph stores (default graph = stated and inferred facts with the
ontology and provenance; speculation kept in its own graph; claims as named graphs).
rdflib cannot choose a query's default graph, so each dataset asked for (a view with
speculation or RDFS entailment, or the graphs a query names) is its own Dataset, built on
first use. Parameters are bound with `initBindings`, never pasted into the text. A query's
own FROM / FROM NAMED are taken out of its parsed form and become the dataset arguments, so
rdflib never loads anything (no process-wide switch flipped: `SPARQL_LOAD_GRAPHS` stays as
the application set it).

REGEX and REPLACE are evaluated by pyoxigraph's regular expressions (Rust's `regex` crate: no
backtracking, time linear in the text), set on each parsed query's own expressions: Python's
`re` backtracks, and `(a+)+$` against forty a's held the interpreter (and with it `kg serve`'s
event loop, so no 503 could be sent) for as long as it ran. It also makes the patterns mean
what they mean on the oxigraph stores (XPath flags, `$1` in replacements).
"""

from __future__ import annotations

import functools
import warnings
from types import MethodType

import pyoxigraph as ox
import rdflib
from rdflib import BNode, Dataset, Literal, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from graph.engine import Result
from graph.errors import KGError, QuerySyntaxError
from graph.namespaces import DEFAULT_VIEW, PREFIXES, SPECULATION_GRAPH, XSD, entailed_graph_iri

_XSD_STRING = XSD + "string"

Term = URIRef | BNode | Literal
_VIEW_KEY = ((DEFAULT_VIEW,), None)
_KEPT_DATASETS = 8


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Term:
    """A pyoxigraph term as the rdflib term a Turtle parser would have made."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)


def to_oxigraph(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


#: (without flags, with flags): the variables are bound as terms by substitution
_REGEX = (
    "SELECT ?r ?t ?p WHERE { BIND(REGEX(?t, ?p) AS ?r) }",
    "SELECT ?r ?t ?p ?f WHERE { BIND(REGEX(?t, ?p, ?f) AS ?r) }",
)
_REPLACE = (
    "SELECT ?r ?t ?p ?s WHERE { BIND(REPLACE(?t, ?p, ?s) AS ?r) }",
    "SELECT ?r ?t ?p ?s ?f WHERE { BIND(REPLACE(?t, ?p, ?s, ?f) AS ?r) }",
)


def _oxigraph_regex(scratch: ox.Store, queries: tuple[str, str], args: dict[str, object]) -> ox.Literal:
    """Evaluate REGEX or REPLACE on string literals with pyoxigraph (in an empty store: the
    values are bound as terms, never pasted into the text); a SPARQLError when it has no value
    (an invalid pattern or flag), as rdflib treats an expression's error."""
    from rdflib.plugins.sparql.operators import string
    from rdflib.plugins.sparql.sparql import SPARQLError

    substitutions = {
        ox.Variable(name): to_oxigraph(string(value) if name != "f" else value)  # type: ignore[arg-type]
        for name, value in args.items()
        if value is not None
    }
    query = queries[ox.Variable("f") in substitutions]
    for row in scratch.query(query, substitutions=substitutions):  # type: ignore[union-attr]
        value = row["r"]
        if value is not None:
            return value  # type: ignore[return-value]
    raise SPARQLError(f"invalid regular expression or flags: {str(args['p'])[:80]!r}")


def _regex(scratch: ox.Store, expr: object, _ctx: object) -> Literal:
    e = expr  # an rdflib Expr: its attributes are its arguments, evaluated
    return to_rdflib(_oxigraph_regex(scratch, _REGEX, {"t": e.text, "p": e.pattern, "f": e.flags}))  # type: ignore[attr-defined, return-value]


def _replace(scratch: ox.Store, expr: object, _ctx: object) -> Literal:
    e = expr
    args = {"t": e.arg, "p": e.pattern, "s": e.replacement, "f": e.flags}  # type: ignore[attr-defined]
    return to_rdflib(_oxigraph_regex(scratch, _REPLACE, args))  # type: ignore[return-value]


def linear_regexes(algebra: object, scratch: ox.Store) -> None:
    """Make this parsed query's REGEX and REPLACE run on pyoxigraph (see the module's docstring);
    only its own expression objects change, nothing of rdflib's."""
    from rdflib.plugins.sparql.parserutils import Expr

    evaluators = {"Builtin_REGEX": _regex, "Builtin_REPLACE": _replace}
    pending, seen = [algebra], set()
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, Expr) and node.name in evaluators:
            node._evalfn = MethodType(functools.partial(evaluators[node.name], scratch), node)
        if isinstance(node, dict):
            pending.extend(node.values())
        elif isinstance(node, list | tuple | set):
            pending.extend(node)


def open_rdflib(location: object, paths: list, reason: str, **_: object) -> RdflibEngine:
    """The `memory` store over the files (the store table's opener)."""
    from graph.store.load import load_files

    return RdflibEngine(list(load_files(paths)), f"memory (rdflib Dataset and SPARQL engine); {reason}")


def _graph_key(name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str:
    return DEFAULT_VIEW if isinstance(name, ox.DefaultGraph) else name.value


class RdflibEngine:
    """rdflib's Dataset and SPARQL engine over quads parsed by `graph.store.load`."""

    def __init__(self, quads: list[ox.Quad], description: str = "memory (rdflib Dataset)") -> None:
        self.description = description
        self._quads = quads
        self._entailed: dict[bool, list[ox.Triple]] = {}
        self._datasets: dict[tuple[tuple[str, ...], tuple[str, ...] | None], Dataset] = {}
        self._scratch = ox.Store()  # empty: where REGEX and REPLACE are evaluated
        self._dataset(*_VIEW_KEY)  # load now, as rdflib's own tools do, not at the first query

    def _triples_of(self, graph: str) -> list[ox.Triple]:
        for with_speculation in (False, True):
            if graph == entailed_graph_iri(with_speculation):
                return self.entailed(with_speculation=with_speculation)
        return [q.triple for q in self._quads if _graph_key(q.graph_name) == graph]

    def _dataset(self, default: tuple[str, ...], named: tuple[str, ...] | None) -> Dataset:
        """The Dataset whose default graph merges `default` (graph IRIs, DEFAULT_VIEW for the
        view) and whose named graphs are `named` (None: every claim and view graph)."""
        key = (default, named)
        if key not in self._datasets:
            ds = Dataset(default_union=False)
            target = ds.graph(DATASET_DEFAULT_GRAPH_ID)
            rows = []
            for graph in dict.fromkeys(default):
                rows += [(*_triple(t), target) for t in self._triples_of(graph)]
            graphs: dict[str, rdflib.Graph] = {}
            if named is None:
                for q in self._quads:
                    if isinstance(q.graph_name, ox.DefaultGraph):
                        continue
                    name = q.graph_name.value
                    if name not in graphs:
                        node = URIRef(name) if isinstance(q.graph_name, ox.NamedNode) else BNode(name)
                        graphs[name] = ds.graph(node)
                    rows.append((*_triple(q.triple), graphs[name]))
            else:
                for name in dict.fromkeys(named):
                    graph = ds.graph(URIRef(name))
                    rows += [(*_triple(t), graph) for t in self._triples_of(name)]
            ds.addN(rows)
            if len(self._datasets) >= _KEPT_DATASETS:  # queries may name any graphs: keep a few
                del self._datasets[next(k for k in self._datasets if k != _VIEW_KEY)]
            self._datasets[key] = ds
        return self._datasets[key]

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
        from pyparsing import ParseException
        from rdflib.plugins.sparql import prepareQuery

        bindings = {Variable(v.value): to_rdflib(t) for v, t in (substitutions or {}).items()}
        try:
            with warnings.catch_warnings():  # rdflib's own code uses its deprecated Dataset API
                warnings.simplefilter("ignore", DeprecationWarning)
                parsed = prepareQuery(text, initNs=PREFIXES)
                linear_regexes(parsed.algebra, self._scratch)
                clauses = parsed.algebra.get("datasetClause") or []
                parsed.algebra["datasetClause"] = None  # never let rdflib load what FROM names
                if default_graph_uris is None and any(c.default for c in clauses):
                    default_graph_uris = [str(c.default) for c in clauses if c.default]
                if named_graph_uris is None and any(c.named for c in clauses):
                    named_graph_uris = [str(c.named) for c in clauses if c.named]
                if default_graph_uris is None:
                    default_graph_uris = [DEFAULT_VIEW]
                    if with_speculation:
                        default_graph_uris.append(SPECULATION_GRAPH)
                    if entailment == "rdfs":
                        default_graph_uris.append(entailed_graph_iri(with_speculation))
                ds = self._dataset(
                    tuple(default_graph_uris), None if named_graph_uris is None else tuple(named_graph_uris)
                )
                answer = ds.query(parsed, initBindings=bindings)
                if answer.type == "CONSTRUCT" or answer.type == "DESCRIBE":
                    answer = list(answer)  # type: ignore[assignment]
        except ParseException as exc:
            raise QuerySyntaxError(f"{name}:{exc.lineno}:{exc.col}: SPARQL syntax error: {exc.msg}") from None
        except Exception as exc:  # rdflib's engine has gaps (e.g. the CONSTRUCT WHERE short form)
            raise KGError(
                f"{name}: the memory store (rdflib) cannot run this query: {type(exc).__name__}: {exc}"
            ) from None
        if isinstance(answer, list):
            triples = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in answer]
            return Result("graph", triples=triples)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return Result("ask" if answer.type == "ASK" else "select", json=answer.serialize(format="json"))

    def quads(self) -> list[ox.Quad]:
        """Every quad as loaded: the views and each claim graph."""
        return list(self._quads)

    def entailed(self, *, with_speculation: bool = False) -> list[ox.Triple]:
        """The statements RDFS entailment adds to a view (computed by graph.store.entailment)."""
        from graph.store.entailment import rdfs_closure

        if with_speculation not in self._entailed:
            graphs = {DEFAULT_VIEW, SPECULATION_GRAPH} if with_speculation else {DEFAULT_VIEW}
            triples = [q.triple for q in self._quads if _graph_key(q.graph_name) in graphs]
            self._entailed[with_speculation] = rdfs_closure(triples)
        return self._entailed[with_speculation]


def _triple(t: ox.Triple) -> tuple[Term, Term, Term]:
    return to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)  # type: ignore[arg-type]
