"""Exporting: the graph's views and claim graphs as one RDF document."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.namespaces import SPECULATION_GRAPH
from graph.sparql.formats import RDF_FORMATS, names, serialize_rdf

if TYPE_CHECKING:
    from graph.engine import Engine

#: What `kg export` writes: RDF syntaxes, and networks for graph tools (Gephi, Cytoscape).
RDF_EXPORT_FORMATS = names("graph", "dataset")
NETWORK_FORMATS = names("network")


def export_quads(engine: Engine, *, with_speculation: bool = False, entailment: str = "none") -> list[ox.Quad]:
    """The quads to export: the default graph, each claim graph, and what the options add.

    The speculation view is not exported as a graph of its own (the speculation claims'
    graphs already hold it, marked as such); `with_speculation` copies it into the default
    graph, and `entailment="rdfs"` adds the entailed statements there too.
    """
    default = ox.DefaultGraph()
    quads: list[ox.Quad] = []
    for q in engine.quads():
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == SPECULATION_GRAPH:
            if with_speculation:
                quads.append(ox.Quad(q.subject, q.predicate, q.object, default))
            continue
        quads.append(q)
    if entailment == "rdfs":
        quads += [
            ox.Quad(t.subject, t.predicate, t.object, default)
            for t in engine.entailed(with_speculation=with_speculation)
        ]
    return sorted(quads, key=_order)


def _order(q: ox.Quad) -> tuple[str, str, str, str]:
    """Sort the default graph first, then by graph, subject, predicate, object: stable diffs."""
    graph = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
    return (graph, str(q.subject), str(q.predicate), str(q.object))


def export_bytes(engine: Engine, fmt: str, *, with_speculation: bool = False, entailment: str = "none") -> bytes:
    """The graph serialized in `fmt` (one of turtle, nt, nquads, trig, jsonld)."""
    if fmt not in RDF_EXPORT_FORMATS:
        from graph.errors import UsageError

        raise UsageError(
            f"unknown export format {fmt!r}; choose one of {', '.join(RDF_EXPORT_FORMATS + NETWORK_FORMATS)}"
        )
    quads = export_quads(engine, with_speculation=with_speculation, entailment=entailment)
    if not RDF_FORMATS[fmt].supports_datasets:
        seen: set[ox.Triple] = set()
        triples = []
        for q in quads:
            if isinstance(q.graph_name, ox.DefaultGraph) and q.triple not in seen:
                seen.add(q.triple)
                triples.append(q.triple)
        return serialize_rdf(triples, fmt)
    return serialize_rdf(quads, fmt)
