"""Matching names to the people, characters, places and series already in the graph.

A name that matches an existing one ignoring case, spacing and punctuation reuses that
node, so an actor in two seasons is one person. A name that is only close to an existing
one ("Sasha Bhasín" and "Sasha Bhasin", "Joshua Le" and "Joshua Lee") is never merged
silently: it is reported, and the user decides with --same-as NAME=IRI or --new NAME.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.entities import normalize
from graph.kinds import kind_class
from graph.namespaces import KGO, RDF, RDFS, SCHEMA, expand, shorten

#: How close (difflib ratio of the normalized names) counts as a near match.
NEAR_RATIO = 0.85
_TYPE = RDF + "type"
_NAME_PROPS = (SCHEMA + "name", RDFS + "label")
#: The class that makes a node a candidate for each kind of name.
KIND_CLASSES = {kind: kind_class(kind) for kind in ("person", "character", "place", "series")}


def loose(name: str) -> str:
    """A name with accents removed too, to spot near matches like "Bhasín" / "Bhasin"."""
    decomposed = unicodedata.normalize("NFKD", normalize(name))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass
class Entity:
    """A node of the graph with its names and classes."""

    iri: str
    names: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    schema_names: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        """The name to show and reuse: its schema:name, else a label, else its IRI."""
        for names in (self.schema_names, self.names):
            if names:
                return sorted(names)[0]
        return shorten(self.iri)


@dataclass
class Match:
    """How a name was resolved: to an existing node, or to a node to create."""

    name: str
    iri: str
    existing: bool
    #: nodes of the same name the user said this one is not (`--new NAME`): written as
    #: owl:differentFrom, so that the duplicate-name check knows they are two
    different_from: tuple[str, ...] = ()


class NameProblem(Exception):
    """A name that cannot be resolved on its own: near or ambiguous matches, a bad --same-as."""


def subclasses(quads: Iterable[ox.Quad], root: str) -> set[str]:
    """`root` and every class declared (transitively) rdfs:subClassOf it."""
    parents: dict[str, set[str]] = {}
    for q in quads:
        if q.predicate.value == RDFS + "subClassOf" and isinstance(q.object, ox.NamedNode):
            parents.setdefault(q.subject.value, set()).add(q.object.value)
    return below(parents, root)


def below(parents: dict[str, set[str]], root: str) -> set[str]:
    """`root` and every class whose parents lead (transitively) to it."""
    found = {root}
    changed = True
    while changed:
        changed = False
        for cls, sups in parents.items():
            if cls not in found and sups & found:
                found.add(cls)
                changed = True
    return found


class NameIndex:
    """The named nodes of a graph, to look names up by kind (person, character, place, series)."""

    def __init__(self, quads: list[ox.Quad], *, taken: Callable[[str, bool], bool] | None = None) -> None:
        """`quads` give the names, classes and class tree; `taken` says whether an IRI is
        anywhere in the graph (by default: anywhere in `quads`)."""
        self.iris: set[str] = set()
        self._taken = taken
        classes: dict[str, set[str]] = {}
        names: dict[str, set[str]] = {}
        schema_names: dict[str, set[str]] = {}
        parents: dict[str, set[str]] = {}
        for q in quads:  # one pass; nodes are made only for what has a name
            for term in (q.subject, q.object, q.graph_name) if taken is None else ():
                if isinstance(term, ox.NamedNode):
                    self.iris.add(term.value)
            if not isinstance(q.subject, ox.NamedNode):
                continue
            p = q.predicate.value
            if p == _TYPE and isinstance(q.object, ox.NamedNode):
                classes.setdefault(q.subject.value, set()).add(q.object.value)
            elif p in _NAME_PROPS and isinstance(q.object, ox.Literal):
                names.setdefault(q.subject.value, set()).add(q.object.value)
                if p == SCHEMA + "name":
                    schema_names.setdefault(q.subject.value, set()).add(q.object.value)
            elif p == RDFS + "subClassOf" and isinstance(q.object, ox.NamedNode):
                parents.setdefault(q.subject.value, set()).add(q.object.value)
        self.entities: dict[str, Entity] = {
            iri: Entity(iri, found, classes.get(iri, set()), schema_names.get(iri, set()))
            for iri, found in names.items()
        }
        self.kind_classes = {kind: below(parents, cls) for kind, cls in KIND_CLASSES.items()}
        #: classes of things that exist only in a story (characters, the story's places, plot events)
        self.fiction_classes = below(parents, KGO + "FictionalEntity")
        self._of_kind: dict[str, list[Entity]] = {}
        self._by_key: dict[str, tuple[dict[str, list[Entity]], list[tuple[Entity, str, str, str]]]] = {}

    def of_kind(self, kind: str) -> list[Entity]:
        """Named nodes typed with the kind's class or one of its subclasses."""
        if kind not in self._of_kind:
            classes = self.kind_classes[kind]
            self._of_kind[kind] = [e for e in self.entities.values() if e.classes & classes and e.names]
        return self._of_kind[kind]

    def _keys(self, kind: str) -> tuple[dict[str, list[Entity]], list[tuple[Entity, str, str, str]]]:
        """Per kind, built once: nodes by normalized name, and every (node, name, normalized,
        loose) for near matches; so each lookup is a dict access, not a scan of the graph."""
        if kind not in self._by_key:
            by_key: dict[str, list[Entity]] = {}
            names: list[tuple[Entity, str, str, str]] = []
            for entity in self.of_kind(kind):
                for name in sorted(entity.names):
                    key = normalize(name)
                    if entity not in by_key.setdefault(key, []):
                        by_key[key].append(entity)
                    names.append((entity, name, key, loose(name)))
            self._by_key[kind] = (by_key, names)
        return self._by_key[kind]

    def taken(self, iri: str, *, as_object: bool = True) -> bool:
        """Whether `iri` is used in the graph already (so a new node may not be minted with it);
        not `as_object`: only as a subject or a graph's name (where it is defined)."""
        return self._taken(iri, as_object) if self._taken is not None else iri in self.iris

    def fictional(self, name: str) -> list[Entity]:
        """Fictional nodes (characters, places of the story) named `name`, ignoring case,
        spacing and punctuation: a real person or place of that name needs `--new`."""
        key = normalize(name)
        return [
            e
            for e in self.entities.values()
            if e.classes & self.fiction_classes and any(normalize(n) == key for n in e.names)
        ]

    def exact(self, kind: str, name: str) -> list[Entity]:
        """Nodes of this kind with a name equal to `name` ignoring case, spacing and punctuation."""
        return list(self._keys(kind)[0].get(normalize(name), []))

    def near(self, kind: str, name: str) -> list[tuple[Entity, str]]:
        """Nodes of this kind whose name is close to `name` but not the same: (node, that name)."""
        wanted, wanted_loose = normalize(name), loose(name)
        found: list[tuple[Entity, str]] = []
        seen: set[str] = set()
        matcher = difflib.SequenceMatcher(None, "", wanted)
        for entity, other, key, other_loose in self._keys(kind)[1]:
            if entity.iri in seen:
                continue
            matcher.set_seq1(key)
            if other_loose == wanted_loose or (
                matcher.real_quick_ratio() >= NEAR_RATIO and matcher.ratio() >= NEAR_RATIO
            ):
                found.append((entity, other))
                seen.add(entity.iri)
        return found

    def resolve(
        self,
        kind: str,
        name: str,
        *,
        same_as: dict[str, str] | None = None,
        new: Iterable[str] = (),
        pending: dict[tuple[str, str], Match] | None = None,
    ) -> Match:
        """The node `name` means: an exact match, or a new node; NameProblem if it is unclear.

        `same_as` maps names to IRIs the user chose; names in `new` are new even if close to
        an existing one; `pending` holds names already resolved in this run (so a new actor
        named twice is one node).
        """
        key = normalize(name)
        chosen = {normalize(k): v for k, v in (same_as or {}).items()}
        if key in chosen:
            return self._chosen(kind, name, chosen[key])
        pending = pending if pending is not None else {}
        if (kind, key) in pending:
            return pending[(kind, key)]
        matches = self.exact(kind, name)
        if matches and key in {normalize(n) for n in new}:
            # the user says: another one of this name
            return Match(name, "", existing=False, different_from=tuple(sorted(m.iri for m in matches)))
        if len(matches) == 1:
            return Match(matches[0].label, matches[0].iri, existing=True)
        if len(matches) > 1:
            listed = ", ".join(f"{shorten(e.iri)}" for e in sorted(matches, key=lambda e: e.iri))
            raise NameProblem(
                f"{kind} {name!r} matches several nodes ({listed}); choose one with --same-as {_arg(name, matches[0])}"
            )
        if key not in {normalize(n) for n in new}:
            near = self.near(kind, name)
            if near:
                entity, other = near[0]
                also = f" (and {len(near) - 1} more)" if len(near) > 1 else ""
                raise NameProblem(
                    f"{kind} {name!r} is close to the existing {other!r} ({shorten(entity.iri)}){also} but not the same: "
                    f"if it is the same {kind}, write the name as in the graph or pass --same-as {_arg(name, entity)}; "
                    f"if it is another {kind}, pass --new {_quote_arg(name)}"
                )
        return Match(name, "", existing=False)

    def _chosen(self, kind: str, name: str, target: str) -> Match:
        iri = expand(target) if not target.startswith(("http://", "https://")) else target
        if iri is None:
            raise NameProblem(f"--same-as {name}={target}: {target!r} is not an IRI or a known prefixed name (kg:…)")
        entity = self.entities.get(iri)
        if entity is None or not entity.classes & self.kind_classes[kind]:
            raise NameProblem(f"--same-as {name}={target}: {shorten(iri)} is not a {kind} in the graph")
        return Match(entity.label, iri, existing=True)


def _arg(name: str, entity: Entity) -> str:
    return _quote_arg(f"{name}={shorten(entity.iri)}")


def _quote_arg(text: str) -> str:
    return f'"{text}"'
