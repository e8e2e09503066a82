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

#: The rules as (conclusion, premises, the premise about the data). Every rule has at most one
#: premise that is not about the schema (sub-classes, sub-properties, domains, ranges), written
#: `{data}` in the premises, so that a round can look only at what the rounds before it added
#: (`GRAPH <delta> { ... }`) instead of the whole graph; property paths (`+`) give the
#: transitive closures at once.
RULES: tuple[tuple[str, str, str | None], ...] = (
    # rdfs7 (through rdfs5): statements hold for every super-property
    ("?s ?q ?o", "?p rdfs:subPropertyOf+ ?q . FILTER(?p != ?q) {data}", "?s ?p ?o"),
    # rdf1: every predicate in use is a property (after rdfs7, which may use new ones)
    ("?p a rdf:Property", "{{ SELECT DISTINCT ?p WHERE {{ {data} }} }}", "?s ?p ?o"),
    # rdfs2 and rdfs3: domain and range (range only for objects that can be subjects)
    ("?s a ?c", "?p rdfs:domain ?c . {data}", "?s ?p ?o"),
    ("?o a ?c", "?p rdfs:range ?c . {data} FILTER(!isLiteral(?o))", "?s ?p ?o"),
    # rdfs9 (through rdfs11): instances of a class are instances of its super-classes
    ("?s a ?d", "?c rdfs:subClassOf+ ?d . FILTER(?c != ?d) {data}", "?s a ?c"),
    # rdfs11 and rdfs5: transitivity (the schema alone: always over everything)
    ("?c rdfs:subClassOf ?d", "?c rdfs:subClassOf/rdfs:subClassOf+ ?d", None),
    ("?p rdfs:subPropertyOf ?q", "?p rdfs:subPropertyOf/rdfs:subPropertyOf+ ?q", None),
    # rdfs6, rdfs10, rdfs8, rdfs12, rdfs13
    ("?p rdfs:subPropertyOf ?p", "{data}", "?p a rdf:Property"),
    ("?c rdfs:subClassOf ?c", "{data}", "?c a rdfs:Class"),
    ("?c rdfs:subClassOf rdfs:Resource", "{data}", "?c a rdfs:Class"),
    ("?p rdfs:subPropertyOf rdfs:member", "{data}", "?p a rdfs:ContainerMembershipProperty"),
    ("?d rdfs:subClassOf rdfs:Literal", "{data}", "?d a rdfs:Datatype"),
)
_PREFIXES = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
_TYPE = ox.NamedNode(_PREFIXES["rdf"] + "type")
_RESOURCE = ox.NamedNode(_PREFIXES["rdfs"] + "Resource")
#: What the schema premises read: a rule that derives one of these (but for the closures
#: that the `+` paths already give: transitivity, reflexivity, `rdfs:Resource`) makes the next
#: round look at the whole graph again.
_SCHEMA = frozenset(ox.NamedNode(_PREFIXES["rdfs"] + n) for n in ("subClassOf", "subPropertyOf", "domain", "range"))
_PATH_CLOSURES = frozenset(range(5, 10))  # rdfs11, rdfs5, rdfs6, rdfs10, rdfs8: their places in RULES
#: The graph holding what the last round added (a view name: no file may write into it).
_DELTA = ox.NamedNode(ENTAILED_GRAPH + "-round")

Graph = ox.NamedNode | ox.DefaultGraph


def entailed_graph(with_speculation: bool) -> ox.NamedNode:
    """The named graph that holds the RDFS closure of a view, as a pyoxigraph term."""
    return ox.NamedNode(entailed_graph_iri(with_speculation))


def is_entailed_graph(name: object) -> bool:
    """True for the graphs `entailed_graph` names."""
    return isinstance(name, ox.NamedNode) and name.value.startswith(ENTAILED_GRAPH)


def _query(head: str, premises: str, data: str | None, delta: Graph | None) -> str:
    """A rule as a CONSTRUCT of what neither the view nor earlier rules hold; with `delta`,
    its data premise is matched in that graph only."""
    if data is not None:
        where = data if delta is None else f"GRAPH {delta} {{ {data} }}"
        premises = premises.format(data=where)
    return f"CONSTRUCT {{ {head} }} WHERE {{ {premises} FILTER NOT EXISTS {{ {head} }} }}"


def add_closure(
    store: ox.Store,
    view: Sequence[Graph],
    target: ox.NamedNode,
    *,
    base: ox.NamedNode | None = None,
    new: ox.NamedNode | None = None,
) -> int:
    """Add to graph `target` of `store` what RDFS entails from the merge of `view` and is not
    in it; return the count.

    Semi-naive: the first round runs every rule over the whole view, each rule's result added
    at once so that the next rule builds on it; a later round runs each rule's data premise
    over what the round before added only (rules have one data premise each, see `RULES`),
    unless that round changed the schema; the rounds stop when one adds nothing.

    RDFS is monotonic, so a closure can grow from a smaller one. `new` says that `view` less
    that graph holds its own closure already (in one of its graphs): only what `new` entails
    with it is derived. `base` is the closure of `view` less its last graph (the default
    view's, for the view with speculation): it is copied into `target`, less what `view`
    states, and the last graph is `new`.
    """
    if base is not None:
        store.update(f"INSERT {{ GRAPH {target} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {base} {{ ?s ?p ?o }} }}")
        for graph in view[1:]:
            inside = f"GRAPH {graph} {{ ?s ?p ?o }}" if isinstance(graph, ox.NamedNode) else "?s ?p ?o"
            store.update(
                f"DELETE {{ GRAPH {target} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {target} {{ ?s ?p ?o }} {inside} }}"
            )
        if isinstance(view[-1], ox.NamedNode):
            new = view[-1]
    graphs = [*view, target]
    added = 0
    delta: Graph | None = new if new is not None and not _has_schema(store, new) else None
    empty = next(store.quads_for_pattern(None, None, None, target), None) is None
    try:
        while True:
            found: list[ox.Quad] = []
            schema_changed = False
            for n, (head, premises, data) in enumerate(RULES):
                text = _query(head, premises, data, delta)
                answer = store.query(text, prefixes=_PREFIXES, default_graph=graphs)
                derived = [
                    ox.Quad(t.subject, t.predicate, t.object, target)
                    for t in answer  # type: ignore[union-attr]
                    if not (isinstance(t.subject, ox.Literal) or (t.predicate == _TYPE and t.object == _RESOURCE))
                ]
                store.extend(derived)
                found += derived
                schema_changed = schema_changed or (
                    n not in _PATH_CLOSURES and any(q.predicate in _SCHEMA for q in derived)
                )
            added += len(found)
            if not found:
                store.add_graph(target)
                return added
            if schema_changed:
                delta = None  # the schema premises may match more of the old data now
            elif empty:
                delta = target  # all that the first round added: no copy needed
            else:
                delta = _DELTA
                store.remove_graph(_DELTA)
                store.extend(ox.Quad(q.subject, q.predicate, q.object, _DELTA) for q in found)
            empty = False
    finally:
        if store.contains_named_graph(_DELTA):
            store.remove_graph(_DELTA)


def _has_schema(store: ox.Store, graph: ox.NamedNode) -> bool:
    """Whether `graph` says anything a rule's schema premise reads."""
    return any(next(store.quads_for_pattern(None, p, None, graph), None) is not None for p in _SCHEMA)


def rdfs_closure(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples RDFS entailment adds to `triples` (for stores other than pyoxigraph)."""
    store = ox.Store()
    base, target = ox.NamedNode("urn:x-kg:base"), ox.NamedNode("urn:x-kg:entailed")
    store.extend(ox.Quad(t.subject, t.predicate, t.object, base) for t in triples)
    add_closure(store, [base], target)
    return [q.triple for q in store.quads_for_pattern(None, None, None, target)]
