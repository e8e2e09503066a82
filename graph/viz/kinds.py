"""What kind of thing each node is, and what it is called: classes, labels, the class tree.

`KINDS` orders the legend; `KIND_OF_CLASS` maps the ontology's (and schema.org's) classes to
kinds, superclasses included, so a new subclass in the ontology is drawn right without code.
Bookkeeping resources (claims, sentences, the ontology itself) are left out of drawings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.kinds import BOOKKEEPING, KIND_OF_CLASS, KINDS  # one table of kinds for every room
from graph.namespaces import BASE, CLAIM, KGO, OA, OWL, RDF, RDFS, SCHEMA, SOURCE, XSD
from graph.viz.provenance import select_rows, shorten

if TYPE_CHECKING:
    from graph.engine import Engine

TYPE = RDF + "type"
LABEL_PROPS = (RDFS + "label", SCHEMA + "name")
SH = "http://www.w3.org/ns/shacl#"

#: Resources that are bookkeeping, not franchise: left out of the whole-graph network.
_BOOKKEEPING_CLASSES = {
    *BOOKKEEPING,
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
    for subject, prop, value in select_rows(engine, "network-descriptions", ("x", "p", "v"), with_speculation):
        if prop == TYPE or prop == RDFS + "subClassOf":
            if not value.startswith(('"', "_:")):
                (desc.classes if prop == TYPE else desc.parents).setdefault(subject, set()).add(value)
        elif prop in LABEL_PROPS and value.startswith('"'):
            text, _, tail = value[1:].rpartition('"')
            lang = tail[1:] if tail.startswith("@") else ""
            rank = (0 if prop == RDFS + "label" else 2) + (0 if lang in ("", "en") or lang.startswith("en-") else 1)
            if subject not in ranked or (rank, text) < ranked[subject]:
                ranked[subject] = (rank, text)
    desc.labels = {k: v for k, (_, v) in ranked.items()}
    return desc


def is_bookkeeping(key: str, desc: Descriptions) -> bool:
    return key.startswith(_BOOKKEEPING_NAMESPACES) or bool(desc.classes.get(key, set()) & _BOOKKEEPING_CLASSES)
