"""RDFS entailment inside pyoxigraph: the RDFS rules as SPARQL CONSTRUCT queries run to a fixpoint.

Used by `--entailment rdfs`, so that the graph answers in plain schema.org terms (every kgo:
term is a sub-class or sub-property of a schema.org one). The rules are those of RDF 1.1
Semantics section 9.2 (rdf1, rdfs2, rdfs3, rdfs5-rdfs13) without the ones that only say
every node is an `rdfs:Resource` (rdfs4a/b, rdfs8's target) and without axiomatic triples.
Terms are copied, never compared by value, so `1` never gains a `true` twin (owlrl's closure
does: its upstream issue 61). Linear in the data: each rule is one join that pyoxigraph runs
with its indexes; a handful of rounds reach the fixpoint (paths do the transitive closures).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from graph.namespaces import ENTAILED_GRAPH, entailed_graph_iri

#: The rules as (conclusion, premises); property paths (`+`) give the transitive closures at once.
RULES: tuple[tuple[str, str], ...] = (
    # rdf1: every predicate in use is a property
    ("?p a rdf:Property", "{ SELECT DISTINCT ?p WHERE { ?s ?p ?o } }"),
    # rdfs7 (through rdfs5): statements hold for every super-property
    ("?s ?q ?o", "?p rdfs:subPropertyOf+ ?q . FILTER(?p != ?q) ?s ?p ?o"),
    # rdfs2 and rdfs3: domain and range (range only for objects that can be subjects)
    ("?s a ?c", "?p rdfs:domain ?c . ?s ?p ?o"),
    ("?o a ?c", "?p rdfs:range ?c . ?s ?p ?o . FILTER(!isLiteral(?o))"),
    # rdfs9 (through rdfs11): instances of a class are instances of its super-classes
    ("?s a ?d", "?c rdfs:subClassOf+ ?d . FILTER(?c != ?d) ?s a ?c"),
    # rdfs11 and rdfs5: transitivity
    ("?c rdfs:subClassOf ?d", "?c rdfs:subClassOf/rdfs:subClassOf+ ?d"),
    ("?p rdfs:subPropertyOf ?q", "?p rdfs:subPropertyOf/rdfs:subPropertyOf+ ?q"),
    # rdfs6, rdfs10, rdfs8, rdfs12, rdfs13
    ("?p rdfs:subPropertyOf ?p", "?p a rdf:Property"),
    ("?c rdfs:subClassOf ?c", "?c a rdfs:Class"),
    ("?c rdfs:subClassOf rdfs:Resource", "?c a rdfs:Class"),
    ("?p rdfs:subPropertyOf rdfs:member", "?p a rdfs:ContainerMembershipProperty"),
    ("?d rdfs:subClassOf rdfs:Literal", "?d a rdfs:Datatype"),
)
_PREFIXES = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
_TYPE = ox.NamedNode(_PREFIXES["rdf"] + "type")
_RESOURCE = ox.NamedNode(_PREFIXES["rdfs"] + "Resource")

Graph = ox.NamedNode | ox.DefaultGraph


def entailed_graph(with_speculation: bool) -> ox.NamedNode:
    """The named graph that holds the RDFS closure of a view, as a pyoxigraph term."""
    return ox.NamedNode(entailed_graph_iri(with_speculation))


def is_entailed_graph(name: object) -> bool:
    """True for the graphs `entailed_graph` names."""
    return isinstance(name, ox.NamedNode) and name.value.startswith(ENTAILED_GRAPH)


def add_closure(store: ox.Store, view: Sequence[Graph], target: ox.NamedNode) -> int:
    """Add to graph `target` of `store` what RDFS entails from the merge of `view`; return the count.

    Each rule derives only what neither the view nor earlier rules hold (`FILTER NOT EXISTS`
    on its conclusion) and its result is added at once, so the next rule builds on it; the
    rounds stop when one adds nothing (two rounds for the bundled ontology).
    """
    graphs = [*view, target]
    queries = [f"CONSTRUCT {{ {head} }} WHERE {{ {body} FILTER NOT EXISTS {{ {head} }} }}" for head, body in RULES]
    added = 0
    while True:
        before = added
        for text in queries:
            answer = store.query(text, prefixes=_PREFIXES, default_graph=graphs)
            new = [
                ox.Quad(t.subject, t.predicate, t.object, target)
                for t in answer  # type: ignore[union-attr]
                if not (isinstance(t.subject, ox.Literal) or (t.predicate == _TYPE and t.object == _RESOURCE))
            ]
            store.extend(new)
            added += len(new)
        if added == before:
            store.add_graph(target)
            return added


def rdfs_closure(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples RDFS entailment adds to `triples` (for stores other than pyoxigraph)."""
    store = ox.Store()
    base, target = ox.NamedNode("urn:x-kg:base"), ox.NamedNode("urn:x-kg:entailed")
    store.extend(ox.Quad(t.subject, t.predicate, t.object, base) for t in triples)
    add_closure(store, [base], target)
    return [q.triple for q in store.quads_for_pattern(None, None, None, target)]
