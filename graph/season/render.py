"""A season file as text: pyoxigraph serialises every statement (with prefixes); kg adds only
comments between the claims, each made one line so that no label can end it and start RDF."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.namespaces import CLAIM, KG, KGO, PROV, RDF, RDFS, SCHEMA, SOURCE, XSD
from graph.namespaces import SUPERSEDED_BY as _SUPERSEDED_BY
from graph.sources.text import one_line

_PREFIXES = {
    "kg": KG, "kgo": KGO, "claim": CLAIM, "source": SOURCE, "schema": SCHEMA, "rdfs": RDFS, "prov": PROV, "xsd": XSD,
}  # fmt: skip
_CORRECTS = KGO + "corrects"
Term = ox.NamedNode | ox.Literal | ox.BlankNode


@dataclass
class Claim:
    """A claim of the file: its named graph's statements, status, cited sentences and quotes."""

    iri: str
    heading: str
    status: str
    statements: list[tuple[str | ox.BlankNode, str, Term]] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    comment: str | None = None
    #: claims this one answers: each gets kgo:supersededBy this claim
    revises: list[str] = field(default_factory=list)
    #: claims of the graph that answer this one (a newer source said otherwise): it gets
    #: kgo:supersededBy each, and is history from the start
    answered_by: list[str] = field(default_factory=list)
    #: claims this one says were wrong (kgo:corrects), and the sources it names as wrong
    corrects: list[str] = field(default_factory=list)
    corrects_sources: list[str] = field(default_factory=list)
    #: the kind of fact it states (a `spec.Fact` kind), and where it was given (for messages)
    kind: str = ""
    where: str = ""

    def add(self, subject: str | ox.BlankNode, predicate: str, obj: Term | str) -> None:
        self.statements.append((subject, predicate, ox.NamedNode(obj) if isinstance(obj, str) else obj))

    def quads(self) -> list[ox.Quad]:
        """The claim's statements in its graph, then what the default graph says about it."""
        graph = ox.NamedNode(self.iri)
        out = [
            ox.Quad(s if isinstance(s, ox.BlankNode) else ox.NamedNode(s), ox.NamedNode(p), o, graph)
            for s, p, o in self.statements
        ]
        meta = [(RDF + "type", ox.NamedNode(KGO + "Claim")), (KGO + "status", ox.NamedNode(KGO + self.status))]
        meta += [(PROV + "wasDerivedFrom", ox.NamedNode(s)) for s in self.sentences]
        if self.comment:
            meta.append((RDFS + "comment", ox.Literal(self.comment)))
        meta += [(_CORRECTS, ox.NamedNode(c)) for c in self.corrects]
        meta += [(_SUPERSEDED_BY, ox.NamedNode(c)) for c in self.answered_by]
        out += [ox.Quad(graph, ox.NamedNode(p), o, ox.DefaultGraph()) for p, o in meta]
        out += [ox.Quad(ox.NamedNode(c), ox.NamedNode(_SUPERSEDED_BY), graph, ox.DefaultGraph()) for c in self.revises]
        return list(dict.fromkeys(out))  # a node described twice in one claim is one statement


def render(header: list[str], claims: list[Claim], sources: dict[str, str]) -> str:
    """The file: the header comment, the prefixes, then each claim under its comment.

    `sources` maps a source IRI to its prefix name (src, src2, …) for the sentences.
    """
    prefixes = {**_PREFIXES, **{name: iri + "#" for iri, name in sources.items()}}
    order = list(prefixes)
    declared: dict[str, str] = {}
    blocks: list[str] = []
    for claim in claims:
        text = ox.serialize(claim.quads(), format=ox.RdfFormat.TRIG, prefixes=prefixes).decode("utf-8")
        lines = text.splitlines()
        while lines and lines[0].startswith("@prefix "):
            line = lines.pop(0)
            declared[line.split()[1].rstrip(":")] = line
        heading = one_line(claim.heading)
        comments = [f"# --- {heading} " + "-" * max(3, 90 - len(heading))]
        comments += [f"# “{one_line(q)}”" for q in claim.quotes if q]
        blocks.append("\n".join([*comments, *lines]))
    prefix_lines = [declared[name] for name in order if name in declared]
    head = [f"# {one_line(line)}" if line else "#" for line in header]
    return "\n".join([*head, "", *prefix_lines, "", "\n\n".join(blocks)]) + "\n"
