"""The `memory` store: rdflib's own in-memory Dataset and SPARQL engine.

Same views as the oxigraph stores (default graph = stated and inferred facts with the
ontology and provenance; speculation kept in its own graph; claims as named graphs).
rdflib cannot choose a query's default graph, so each view asked for (with speculation,
with RDFS entailment) is its own Dataset, built on first use. Parameters are bound with
`initBindings`, never pasted into the text.
"""

from __future__ import annotations

import warnings

import pyoxigraph as ox
import rdflib
import rdflib.plugins.sparql
from rdflib import BNode, Dataset, Literal, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from graph.errors import KGError, QuerySyntaxError, UsageError
from graph.namespaces import PREFIXES, SPECULATION_GRAPH, XSD
from graph.store.engine import Result

# Never fetch what FROM names (the read-only guard refuses FROM already; this is a second lock).
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
_XSD_STRING = XSD + "string"

Term = URIRef | BNode | Literal


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


class RdflibEngine:
    """rdflib's Dataset and SPARQL engine over quads parsed by `graph.store.load`."""

    def __init__(self, quads: list[ox.Quad], description: str = "memory (rdflib Dataset)") -> None:
        self.description = description
        self._quads = quads
        self._views: dict[tuple[bool, str], Dataset] = {}
        self._view(False, "none")  # load now, as rdflib's own tools do, not at the first query

    def _view(self, with_speculation: bool, entailment: str) -> Dataset:
        """The Dataset whose default graph is the asked-for view (claims stay named graphs)."""
        key = (with_speculation, entailment)
        if key not in self._views:
            ds = Dataset(default_union=False)
            default = ds.graph(DATASET_DEFAULT_GRAPH_ID)
            graphs: dict[str, rdflib.Graph] = {}
            rows = []
            for q in self._quads:
                triple = (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
                if isinstance(q.graph_name, ox.DefaultGraph):
                    rows.append((*triple, default))
                    continue
                name = q.graph_name.value
                if name == SPECULATION_GRAPH and with_speculation:
                    rows.append((*triple, default))
                if name not in graphs:
                    graphs[name] = ds.graph(URIRef(name) if isinstance(q.graph_name, ox.NamedNode) else BNode(name))
                rows.append((*triple, graphs[name]))
            if entailment == "rdfs":
                for t in self.entailed(with_speculation=with_speculation):
                    rows.append((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object), default))
            ds.addN(rows)
            self._views[key] = ds
        return self._views[key]

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

        if default_graph_uris is not None or named_graph_uris is not None:
            raise UsageError(f"{name}: FROM / FROM NAMED are not supported by the memory store; use --store oxigraph")
        bindings = {Variable(v.value): to_rdflib(t) for v, t in (substitutions or {}).items()}
        ds = self._view(with_speculation, entailment)
        try:
            with warnings.catch_warnings():  # rdflib's own code uses its deprecated Dataset API
                warnings.simplefilter("ignore", DeprecationWarning)
                answer = ds.query(text, initNs=PREFIXES, initBindings=bindings)
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

        graphs = {"default", SPECULATION_GRAPH} if with_speculation else {"default"}
        triples = [
            q.triple
            for q in self._quads
            if ("default" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value) in graphs
        ]
        return rdfs_closure(triples)
