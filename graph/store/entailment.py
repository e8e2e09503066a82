"""RDFS entailment with owlrl: the statements RDFS semantics adds to a graph.

Used by `--entailment rdfs`, so that the graph answers in plain schema.org terms (every
kgo: term is a sub-class or sub-property of a schema.org one). owlrl and rdflib are imported
only here, so that queries without entailment do not pay for them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox


def rdfs_closure(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples RDFS entailment adds to `triples` (axiomatic triples left out)."""
    import owlrl
    import rdflib

    data = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""
    g = rdflib.Graph()
    g.parse(data=data.decode("utf-8"), format="nt")
    before = set(g)
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    added = rdflib.Graph()
    for triple in g:
        # RDFS rule 1 and friends type literals and every node as rdfs:Resource: noise here
        if triple not in before and not isinstance(triple[0], rdflib.Literal):
            added.add(triple)
    text = added.serialize(format="nt", encoding="utf-8")
    return list(ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
