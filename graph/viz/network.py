"""The RDF graph as a NetworkX graph: one node per resource, one edge per statement.

Every edge carries its predicate (IRI and label) and its provenance (claims, status, the
sentences they come from), so a drawing or a Gephi/Cytoscape session can show where each
fact comes from. Literal values are node attributes unless asked to be nodes; casting roles
are nodes, or collapsed into a labelled actor→character edge (the form used for drawing).
"""

from __future__ import annotations

import functools
import gc
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkx as nx
import pyoxigraph as ox

from graph.entities import internal_query
from graph.namespaces import (
    BASE,
    CLAIM,
    KGO,
    OA,
    OWL,
    RDF,
    RDFS,
    SCHEMA,
    SOURCE,
    STATUS_INFERRED,
    STATUS_SPECULATION,
    STATUS_STATED,
    XSD,
)
from graph.namespaces import shorten as _shorten

if TYPE_CHECKING:
    from graph.api import KnowledgeGraph
    from graph.store.engine import Engine

NETWORK_FORMATS = ("graphml", "gexf")
TYPE = RDF + "type"
LABEL_PROPS = (RDFS + "label", SCHEMA + "name")
SH = "http://www.w3.org/ns/shacl#"

#: Kinds of node, in the order legends list them, and the classes (or superclasses) that make them.
KINDS = (
    "series",
    "season",
    "film",
    "book",
    "person",
    "character",
    "place",
    "organization",
    "event",
    "role",
    "literal",
    "other",
)
KIND_OF_CLASS = {
    KGO + "TVSeries": "series",
    SCHEMA + "TVSeries": "series",
    KGO + "TVSeason": "season",
    SCHEMA + "TVSeason": "season",
    KGO + "Film": "film",
    KGO + "FilmSeries": "film",
    SCHEMA + "Movie": "film",
    SCHEMA + "MovieSeries": "film",
    KGO + "Book": "book",
    KGO + "BookSeries": "book",
    SCHEMA + "Book": "book",
    SCHEMA + "BookSeries": "book",
    KGO + "Person": "person",
    KGO + "Character": "character",
    KGO + "Place": "place",
    KGO + "FictionalPlace": "place",
    SCHEMA + "Place": "place",
    KGO + "Organization": "organization",
    SCHEMA + "Organization": "organization",
    KGO + "Event": "event",
    KGO + "PlotEvent": "event",
    KGO + "PlotThread": "event",
    KGO + "NewsReport": "event",
    SCHEMA + "Event": "event",
    KGO + "CastingRole": "role",
    SCHEMA + "Person": "person",
}

#: Resources that are bookkeeping, not franchise: left out of the whole-graph network.
_BOOKKEEPING_CLASSES = {
    KGO + "Claim",
    KGO + "Sentence",
    KGO + "Heading",
    KGO + "SourceDocument",
    KGO + "ClaimStatus",
    KGO + "TimeValue",  # a date's precision and range (ontology 0.2), an attribute of its date
    KGO + "DatePrecision",
    OA + "TextPositionSelector",
    OA + "TextQuoteSelector",
    OA + "SpecificResource",
    OWL + "Ontology",
    OWL + "Class",
    OWL + "ObjectProperty",
    OWL + "DatatypeProperty",
    OWL + "AnnotationProperty",
    RDFS + "Class",
    RDF + "Property",
    SH + "NodeShape",
    SH + "PropertyShape",
}
_BOOKKEEPING_NAMESPACES = (KGO, CLAIM, SOURCE, BASE + "ontology", RDF, RDFS, OWL, XSD, SH)
_STATUS_NAMES = {STATUS_STATED: "stated", STATUS_INFERRED: "inferred", STATUS_SPECULATION: "speculation"}
#: How sure a status is: an edge made of several statements is as sure as its weakest one.
_STATUS_RANK = {"speculation": 0, "inferred": 1, "unsourced": 2, "stated": 3}


@dataclass
class Provenance:
    """Where a statement comes from: its claims, their status, reasoning and sentences."""

    claims: set[str] = field(default_factory=set)
    status: str = "unsourced"
    reasons: set[str] = field(default_factory=set)
    sentences: dict[str, str] = field(default_factory=dict)  # sentence IRI -> exact text

    def merged(self, other: Provenance, weakest: bool) -> Provenance:
        """Both provenances; status the weakest (facts made of parts) or strongest (same fact)."""
        pick = min if weakest else max
        return Provenance(
            self.claims | other.claims,
            pick(self.status, other.status, key=_STATUS_RANK.__getitem__),
            self.reasons | other.reasons,
            {**self.sentences, **other.sentences},
        )


@dataclass
class _Edge:
    source: str
    target: str
    key: str
    predicate: str
    label: str
    provenance: Provenance
    role: str = ""
    facts: list[str] = field(default_factory=list)


@dataclass
class _Node:
    iri: str
    classes: set[str] = field(default_factory=set)
    literals: dict[str, list[str]] = field(default_factory=dict)
    facts: list[str] = field(default_factory=list)
    literal: bool = False


#: Prefixed names are asked for again and again (predicates, classes, claims): remember them.
shorten = functools.lru_cache(maxsize=65536)(_shorten)


def term_key(term: object) -> str:
    """A term as one string: IRIs as themselves, blank nodes `_:id`, literals `"v"^^dt` or `"v"@lang`."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        if term.language:
            return f'"{term.value}"@{term.language}'
        return f'"{term.value}"^^{term.datatype.value}'
    return str(term)


def _json_key(binding: dict[str, str]) -> str:
    """The same string for a term in W3C SPARQL JSON results."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return value
    if kind == "bnode":
        return "_:" + value
    if "xml:lang" in binding:
        return f'"{value}"@{binding["xml:lang"]}'
    return f'"{value}"^^{binding.get("datatype", XSD + "string")}'


def _rows(engine: Engine, name: str, with_speculation: bool) -> list[dict[str, dict[str, str]]]:
    result = engine.query(internal_query(name), with_speculation=with_speculation, name=f"graph/sparql/{name}.rq")
    return json.loads(result.json or b"{}")["results"]["bindings"]


def read_provenance(engine: Engine, with_speculation: bool = False) -> dict[tuple[str, str, str], Provenance]:
    """Each claimed statement's provenance; speculation claims only when asked for."""
    found: dict[tuple[str, str, str], Provenance] = {}
    for row in _rows(engine, "network-provenance", with_speculation):
        status = _STATUS_NAMES.get(row["status"]["value"], "stated")
        if status == "speculation" and not with_speculation:
            continue
        key = (_json_key(row["s"]), _json_key(row["p"]), _json_key(row["o"]))
        prov = found.get(key)
        if prov is None:
            prov = found[key] = Provenance(status=status)
        elif _STATUS_RANK[status] > _STATUS_RANK[prov.status]:
            prov.status = status
        prov.claims.add(row["claim"]["value"])
        if "comment" in row:
            prov.reasons.add(row["comment"]["value"])
        if "sentence" in row:
            prov.sentences.setdefault(row["sentence"]["value"], row.get("exact", {}).get("value", ""))
    return found


@dataclass
class Descriptions:
    """Labels, classes and the class hierarchy, for naming and colouring nodes."""

    labels: dict[str, str] = field(default_factory=dict)
    classes: dict[str, set[str]] = field(default_factory=dict)
    parents: dict[str, set[str]] = field(default_factory=dict)
    _kinds: dict[str, str] = field(default_factory=dict)

    def label(self, key: str) -> str:
        """A resource's label (rdfs:label, else schema:name), else a short form of its IRI."""
        if key in self.labels:
            return self.labels[key]
        if key.startswith("_:"):
            return "blank node"
        short = shorten(key)
        if short.startswith("<"):
            short = key.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or key
        return short.split(":", 1)[1] if ":" in short and not short.startswith("<") else short

    def kind(self, classes: Iterable[str]) -> str:
        """The kind of a node with these classes (via superclasses), in KINDS order."""
        kinds = {self._class_kind(c) for c in classes}
        return min(kinds, key=KINDS.index, default="other")

    def _class_kind(self, cls: str) -> str:
        if cls not in self._kinds:
            self._kinds[cls] = "other"  # guards against subclass cycles
            todo, seen, kind = [cls], {cls}, "other"
            while todo and kind == "other":
                current = todo.pop(0)
                kind = KIND_OF_CLASS.get(current, "other")
                for parent in self.parents.get(current, ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            self._kinds[cls] = kind
        return self._kinds[cls]


def read_descriptions(engine: Engine, with_speculation: bool = False) -> Descriptions:
    """Labels, classes and subclass links of the view."""
    desc = Descriptions()
    ranked: dict[str, tuple[int, str]] = {}
    for row in _rows(engine, "network-descriptions", with_speculation):
        subject, prop, value = _json_key(row["x"]), row["p"]["value"], row["v"]
        if prop == TYPE and value["type"] == "uri":
            desc.classes.setdefault(subject, set()).add(value["value"])
        elif prop == RDFS + "subClassOf" and value["type"] == "uri":
            desc.parents.setdefault(subject, set()).add(value["value"])
        elif prop in LABEL_PROPS and value["type"] == "literal":
            lang = value.get("xml:lang", "")
            rank = (0 if prop == RDFS + "label" else 2) + (0 if lang in ("", "en") or lang.startswith("en-") else 1)
            if subject not in ranked or (rank, value["value"]) < ranked[subject]:
                ranked[subject] = (rank, value["value"])
    desc.labels = {k: v for k, (_, v) in ranked.items()}
    return desc


def _is_bookkeeping(key: str, desc: Descriptions) -> bool:
    return key.startswith(_BOOKKEEPING_NAMESPACES) or bool(desc.classes.get(key, set()) & _BOOKKEEPING_CLASSES)


def _literal_text(key: str) -> str:
    """A literal key's value as a reader would write it (datatype and language dropped)."""
    return key[1:].rsplit('"', 1)[0]


def _short_sentence(iri: str) -> str:
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def provenance_text(prov: Provenance) -> str:
    """One readable block: status, claims, reasoning, and each sentence quoted."""
    lines = [f"{prov.status}" + (f" ({', '.join(sorted(shorten(c) for c in prov.claims))})" if prov.claims else "")]
    lines += [f"reasoning: {r}" for r in sorted(prov.reasons)]
    lines += [f"[{_short_sentence(s)}] {text}" for s, text in sorted(prov.sentences.items())]
    return "\n".join(lines)


def _sentence_attr(prov: Provenance) -> str:
    return "\n".join(f"[{_short_sentence(s)}] {text}" for s, text in sorted(prov.sentences.items()))


class _Builder:
    """Statements in, nodes and edges out, with provenance kept as objects until the end."""

    def __init__(self, desc: Descriptions, provenance: dict[tuple[str, str, str], Provenance]) -> None:
        self.desc = desc
        self.provenance = provenance
        self.nodes: dict[str, _Node] = {}
        self.edges: dict[tuple[str, str, str], _Edge] = {}

    def node(self, key: str) -> _Node:
        found = self.nodes.get(key)
        if found is None:
            found = self.nodes[key] = _Node(key, set(self.desc.classes.get(key, ())))
        return found

    def add(self, s: str, p: str, o: str, literals_as_nodes: bool) -> None:
        prov = self.provenance.get((s, p, o)) or Provenance()
        subject = self.node(s)
        if p == TYPE:
            if not o.startswith(('"', "_:")):
                subject.classes.add(o)
            return
        plabel = self.desc.label(p)
        if o.startswith('"'):
            value = _literal_text(o)
            subject.literals.setdefault(shorten(p), []).append(value)
            subject.facts.append(f"{plabel}: {value}\n  " + provenance_text(prov).replace("\n", "\n  "))
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
            facts = [f"role: {self.desc.label(key)}", *node.facts]
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
                attrs = {"iri": "", "label": _literal_text(key), "class": "", "kind": "literal", "facts": ""}
            else:
                attrs = {
                    "iri": key,
                    "label": self.desc.label(key),
                    "class": " ".join(sorted(shorten(c) for c in node.classes)),
                    "kind": self.desc.kind(node.classes),
                    "facts": "\n".join(node.facts),
                }
            for prop, values in node.literals.items():
                attrs.setdefault(prop, "; ".join(values))
            g.add_node(key, **attrs)
        for edge in self.edges.values():
            prov = edge.provenance
            g.add_edge(
                edge.source,
                edge.target,
                key=edge.key,
                predicate=edge.predicate,
                label=edge.label,
                claim=" ".join(sorted(shorten(c) for c in prov.claims)),
                status=prov.status,
                sentence=_sentence_attr(prov),
                reason="\n".join(sorted(prov.reasons)),
                role=edge.role,
                facts="\n".join(edge.facts),
            )
        return g


def to_network(
    statements: Iterable[tuple[str, str, str]],
    desc: Descriptions,
    provenance: dict[tuple[str, str, str], Provenance],
    *,
    literals_as_nodes: bool = False,
    collapse_roles: bool = False,
    skip_bookkeeping: bool = False,
) -> nx.MultiDiGraph:
    """Statements (as `term_key` strings) to a MultiDiGraph, with labels, kinds and provenance."""
    builder = _Builder(desc, provenance)
    for s, p, o in statements:
        if skip_bookkeeping and (_is_bookkeeping(s, desc) or (p != TYPE and _is_bookkeeping(o, desc))):
            continue
        builder.add(s, p, o, literals_as_nodes)
    if collapse_roles:
        builder.collapse_roles()
    return builder.graph()


def build_network(
    kg: KnowledgeGraph,
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
    paused = gc.isenabled()
    gc.disable()  # many small objects and no cycles: the collector only costs time here (~30%)
    try:
        return _build(kg, triples, with_speculation, literals_as_nodes, collapse_roles)
    finally:
        if paused:
            gc.enable()


def _build(
    kg: KnowledgeGraph,
    triples: Iterable[ox.Triple] | None,
    with_speculation: bool,
    literals_as_nodes: bool,
    collapse_roles: bool,
) -> nx.MultiDiGraph:
    whole = triples is None
    if triples is None:
        result = kg.engine.query(
            internal_query("network-statements"),
            with_speculation=with_speculation,
            name="graph/sparql/network-statements.rq",
        )
        triples = result.triples or []
    statements = [(term_key(t.subject), term_key(t.predicate), term_key(t.object)) for t in triples]
    return to_network(
        statements,
        read_descriptions(kg.engine, with_speculation),
        read_provenance(kg.engine, with_speculation),
        literals_as_nodes=literals_as_nodes,
        collapse_roles=collapse_roles,
        skip_bookkeeping=whole,
    )


def network_bytes(g: nx.MultiDiGraph, fmt: str) -> bytes:
    """A network as GraphML or GEXF bytes."""
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(g, buffer, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(g, buffer, encoding="utf-8")
    else:
        raise ValueError(f"unknown network format {fmt!r}; choose one of {', '.join(NETWORK_FORMATS)}")
    return buffer.getvalue()


def write_network(kg: KnowledgeGraph, fmt: str, with_speculation: bool = False) -> bytes:
    """The graph as GraphML or GEXF for Gephi and Cytoscape (casting roles kept as nodes)."""
    return network_bytes(build_network(kg, with_speculation=with_speculation), fmt)


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
