"""The RDF graph as a NetworkX graph: one node per resource, one edge per statement.

Every edge carries its predicate (IRI and label) and its provenance (claims, status, the
sentences they come from), so a drawing or a Gephi/Cytoscape session can show where each
fact comes from. Literal values are node attributes unless asked to be nodes; casting roles
are nodes, or collapsed into a labelled actor→character edge (the form used for drawing).
Work and memory grow linearly: one pass over the statements, shared provenance records.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx
import pyoxigraph as ox

from graph.namespaces import KGO
from graph.viz.kinds import LABEL_PROPS, TYPE, Descriptions, read_descriptions
from graph.viz.provenance import (
    UNSOURCED,
    Provenance,
    literal_text,
    read_provenance,
    select_rows,
    shorten,
    term_key,
)

if TYPE_CHECKING:
    from graph.engine import Engine

#: A fact about a node: (property label, value, provenance).
Fact = tuple[str, str, Provenance]


def facts_text(facts: Iterable[Fact], first: str = "") -> str:
    """One line per fact with a note number, then each note once: status, claims, sentences.

    Facts that share their provenance (a name and a date from one sentence) share a note,
    so each sentence is written once however many facts it states.
    """
    lines = [first] if first else []
    notes: dict[int, tuple[int, Provenance]] = {}
    for label, value, prov in facts:
        number = notes.setdefault(id(prov), (len(notes) + 1, prov))[0]
        lines.append(f"{label}: {value} [{number}]")
    for number, prov in notes.values():
        lines.append(f"[{number}] {prov.summary()}")
        lines += [f"    reasoning: {r}" for r in prov.reasons]
        lines += [f"    {line}" for line in prov.sentence_text.splitlines()]
    return "\n".join(lines)


class _Edge:
    __slots__ = ("facts", "key", "label", "predicate", "provenance", "role", "source", "target")

    def __init__(
        self,
        source: str,
        target: str,
        key: str,
        predicate: str,
        label: str,
        provenance: Provenance,
        role: str = "",
        facts: str = "",
    ) -> None:
        self.source, self.target, self.key = source, target, key
        self.predicate, self.label, self.provenance = predicate, label, provenance
        self.role, self.facts = role, facts


class _Node:
    __slots__ = ("classes", "facts", "literal", "literals")

    def __init__(self, classes: set[str]) -> None:
        self.classes = classes
        self.literals: dict[str, list[str]] = {}
        self.facts: list[Fact] = []
        self.literal = False


class _Builder:
    """Statements in, nodes and edges out, with provenance kept as shared records until the end."""

    def __init__(self, desc: Descriptions, provenance: dict[tuple[str, str, str], Provenance]) -> None:
        self.desc = desc
        self.provenance = provenance
        self.nodes: dict[str, _Node] = {}
        self.edges: dict[tuple[str, str, str], _Edge] = {}

    def node(self, key: str) -> _Node:
        found = self.nodes.get(key)
        if found is None:
            found = self.nodes[key] = _Node(set(self.desc.classes.get(key, ())))
        return found

    def add(self, s: str, p: str, o: str, literals_as_nodes: bool) -> None:
        prov = self.provenance.get((s, p, o), UNSOURCED)
        subject = self.node(s)
        if p == TYPE:
            if not o.startswith(('"', "_:")):
                subject.classes.add(o)
            return
        plabel = self.desc.label(p)
        if o.startswith('"'):
            value = literal_text(o)
            subject.literals.setdefault(shorten(p), []).append(value)
            subject.facts.append((plabel, value, prov))
            if not literals_as_nodes or p in LABEL_PROPS:
                return
            self.node(o).literal = True
        else:
            self.node(o)
        self.edges[(s, o, p)] = _Edge(s, o, p, p, plabel, prov)

    def collapse_roles(self) -> None:
        """Replace each casting role node by actor→character and work→actor edges."""
        outgoing: dict[str, list[_Edge]] = {}
        incoming: dict[str, list[_Edge]] = {}
        for edge in self.edges.values():
            outgoing.setdefault(edge.source, []).append(edge)
            incoming.setdefault(edge.target, []).append(edge)
        performer, plays, cast = KGO + "performer", KGO + "playsCharacter", KGO + "hasCastMember"
        for key, node in list(self.nodes.items()):
            if node.literal or self.desc.kind(node.classes) != "role":
                continue
            outs, ins = outgoing.get(key, []), incoming.get(key, [])
            actors = [e for e in outs if e.predicate == performer]
            characters = [e for e in outs if e.predicate == plays]
            works = [e for e in ins if e.predicate == cast]
            if not actors or not characters or len(actors) + len(characters) != len(outs) or len(works) != len(ins):
                continue  # a role with other links, or half a role, stays a node
            facts = facts_text(node.facts, f"role: {self.desc.label(key)}")
            for a in actors:
                for c in characters:
                    prov = a.provenance.merged(c.provenance, weakest=True)
                    path = f"^<{performer}>/<{plays}>"
                    self.edges[(a.target, c.target, "role " + key)] = _Edge(
                        a.target, c.target, "role " + key, path, "plays", prov, key, facts
                    )
                for w in works:
                    prov = w.provenance.merged(a.provenance, weakest=True)
                    path = f"<{cast}>/<{performer}>"
                    self.edges[(w.source, a.target, "cast " + key)] = _Edge(
                        w.source, a.target, "cast " + key, path, "cast member", prov, key, facts
                    )
            for e in (*outs, *ins):
                self.edges.pop((e.source, e.target, e.key), None)
            del self.nodes[key]

    def graph(self) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        for key, node in self.nodes.items():
            if node.literal:
                attrs = {"iri": "", "label": literal_text(key), "class": "", "kind": "literal", "facts": ""}
            else:
                attrs = {
                    "iri": key,
                    "label": self.desc.label(key),
                    "class": " ".join(sorted(shorten(c) for c in node.classes)),
                    "kind": self.desc.kind(node.classes),
                    "facts": facts_text(node.facts),
                }
            for prop, values in node.literals.items():
                attrs.setdefault(prop, "; ".join(values))
            g.add_node(key, **attrs)
        self.nodes.clear()
        for edge in self.edges.values():
            prov = edge.provenance
            g.add_edge(
                edge.source,
                edge.target,
                key=edge.key,
                predicate=edge.predicate,
                label=edge.label,
                claim=prov.claim_text,
                status=prov.status,
                sentence=prov.sentence_text,
                reason=prov.reason_text,
                role=edge.role,
                facts=edge.facts,
            )
        self.edges.clear()
        return g


def to_network(
    statements: Iterable[tuple[str, str, str]],
    desc: Descriptions,
    provenance: dict[tuple[str, str, str], Provenance],
    *,
    literals_as_nodes: bool = False,
    collapse_roles: bool = False,
) -> nx.MultiDiGraph:
    """Statements (as `term_key` strings) to a MultiDiGraph, with labels, kinds and provenance."""
    builder = _Builder(desc, provenance)
    for s, p, o in statements:
        builder.add(s, p, o, literals_as_nodes)
    if collapse_roles:
        builder.collapse_roles()
    return builder.graph()


def build_network(
    engine: Engine,
    triples: Iterable[ox.Triple] | None = None,
    *,
    with_speculation: bool = False,
    literals_as_nodes: bool = False,
    collapse_roles: bool = False,
) -> nx.MultiDiGraph:
    """The graph's view (or `triples`, e.g. a CONSTRUCT result) as a `networkx.MultiDiGraph`.

    Nodes: `iri`, `label`, `class`, `kind`, `facts` (literal facts with their sentences) and
    one attribute per literal property. Edges: `predicate`, `label`, `claim`, `status`
    (stated, inferred, speculation or unsourced), `sentence`, `reason`, and `role`/`facts`
    for collapsed casting roles. Every attribute is a string, so GraphML and GEXF can hold it.
    The whole view leaves out the ontology, claims and sentences (they become attributes).
    """
    desc = read_descriptions(engine, with_speculation)
    provenance = read_provenance(engine, with_speculation)
    if triples is None:  # the whole view, row by row; the query leaves the bookkeeping out
        columns = ("s", "p", "o")
        statements: Iterable[tuple[str, str, str]] = select_rows(
            engine, "network-statements", columns, with_speculation
        )
    else:
        statements = ((term_key(t.subject), term_key(t.predicate), term_key(t.object)) for t in triples)
    return to_network(
        statements,
        desc,
        provenance,
        literals_as_nodes=literals_as_nodes,
        collapse_roles=collapse_roles,
    )


def write_network(engine: Engine, fmt: str, with_speculation: bool = False) -> bytes:
    """The graph as GraphML or GEXF for Gephi and Cytoscape (casting roles kept as nodes)."""
    from graph.viz.exchange import network_bytes

    return network_bytes(build_network(engine, with_speculation=with_speculation), fmt)


def find_node(g: nx.MultiDiGraph, spec: str) -> str:
    """The node `spec` names: an IRI, a prefixed name, or a name matched ignoring case and spacing.

    Raises a one-line UsageError listing the candidates when none or several match.
    """
    from graph.entities import match_name
    from graph.errors import UsageError
    from graph.namespaces import expand

    iri = spec if spec in g else expand(spec.strip())
    if iri is not None and iri in g:
        return iri
    names: dict[str, set[str]] = {}
    for node, d in g.nodes(data=True):
        if d.get("kind") == "literal":
            continue
        for attr in ("label", "rdfs:label", "schema:name", "schema:alternateName"):
            for name in d.get(attr, "").split("; ") if attr != "label" else [d.get("label", "")]:
                if name:
                    names.setdefault(node, set()).add(name)
    try:
        return match_name(spec, names)  # a name first: a label may look like <an IRI>
    except UsageError:
        if iri is None:
            raise
    raise UsageError(f"{spec}: not in the drawn graph (not a franchise resource, or a casting role drawn as an edge)")
