"""The graph a season is planned against, in a pyoxigraph store: the data files loaded natively
(the file being replaced left out), asked only what planning needs. No Python copy of the
graph is made: the names of the people, characters, places and series (`names`), the seasons
of a series (`seasons`), and the claims about one season, its series and their roles
(`claims`) are read with a few queries, so that adding a season to a graph of a million
statements costs about as much as loading it. The same store then holds the new file for
the check of what it changes (`graph.validate.check_change`)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from graph.errors import KGError
from graph.locate import GraphLocation
from graph.namespaces import KGO, OA, PROV, RDF, RDFS, SCHEMA
from graph.season import terms
from graph.season.matching import NameIndex

_CLAIM_META = (
    KGO + "status",
    PROV + "wasDerivedFrom",
    terms.SUPERSEDED_BY,
    terms.CORRECTS,
    RDFS + "comment",
    KGO + "holdsAsOf",
)


def _iris(values: Iterable[str]) -> str:
    """IRIs written as SPARQL terms by pyoxigraph (escaped by it): for a VALUES block."""
    return " ".join(str(ox.NamedNode(v)) for v in sorted(set(values)))


class SeasonGraph:
    """The graph's data files in an in-memory store, less the file a `--replace` replaces."""

    def __init__(self, loc: GraphLocation, *, without: Path | None = None) -> None:
        from graph.store.load import discover
        from graph.store.parse import load_file

        self.store = ox.Store()
        for path in discover(loc).data():
            if without is not None and os.path.realpath(path) == str(without):
                continue
            try:
                load_file(self.store, path)
            except KGError as exc:
                raise KGError(f"{exc} (the graph must be valid before adding to it: run `kg validate`)") from None

    def _rows(self, query: str) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]:
        solutions = self.store.query(query)
        variables = [v.value for v in solutions.variables]  # type: ignore[union-attr]
        return [{v: row[v] for v in variables if row[v] is not None} for row in solutions]  # type: ignore[union-attr]

    def names(self) -> NameIndex:
        """The people, characters, places (real and of the story) and series of the graph, by
        their names and classes, with the class tree: what names are matched against. Read by
        class, so the rest of the graph is never copied into Python."""
        from graph.season.matching import KIND_CLASSES, below

        subclass = ox.NamedNode(RDFS + "subClassOf")
        quads = list(self.store.quads_for_pattern(None, subclass, None, None))
        parents: dict[str, set[str]] = {}
        for q in quads:
            parents.setdefault(q.subject.value, set()).add(q.object.value)
        classes = set().union(*(below(parents, c) for c in [*KIND_CLASSES.values(), KGO + "FictionalEntity"]))
        named = (ox.NamedNode(SCHEMA + "name"), ox.NamedNode(RDFS + "label"))
        seen: set[ox.NamedNode | ox.BlankNode] = set()
        for cls in sorted(classes):
            node = ox.NamedNode(cls)
            for predicate in named:  # a class's own label: "city", for a place's type
                quads += self.store.quads_for_pattern(node, predicate, None, None)
            for typed in self.store.quads_for_pattern(None, ox.NamedNode(RDF + "type"), node, None):
                quads.append(typed)
                if typed.subject in seen:
                    continue
                seen.add(typed.subject)
                for predicate in named:
                    quads += self.store.quads_for_pattern(typed.subject, predicate, None, None)
        return NameIndex(quads, taken=self.taken)

    def taken(self, iri: str, as_object: bool = True) -> bool:
        """Whether `iri` is anywhere in the graph: a subject, a graph's name or (`as_object`) an object."""
        node = ox.NamedNode(iri)
        patterns = [(node, None, None, None), (None, None, None, node)]
        for pattern in [*patterns, (None, None, node, None)] if as_object else patterns:
            if next(iter(self.store.quads_for_pattern(*pattern)), None) is not None:
                return True
        return False

    def seasons(self, series: str, number: int) -> list[str]:
        """The IRIs of the seasons of `series` numbered `number` (more than one is a broken graph)."""
        query = f"""SELECT DISTINCT ?season WHERE {{ GRAPH ?g {{ ?season <{KGO}seasonOf> {_iris([series])} }}
            GRAPH ?h {{ ?season <{SCHEMA}seasonNumber> ?n }} FILTER(STR(?n) = "{int(number)}") }}"""
        return sorted(row["season"].value for row in self._rows(query))

    def claims(self, series: str, season: str) -> list[ox.Quad]:
        """The claims that planning a season can touch (for `Claims`): every statement about
        the series, its seasons, their filming, roles, departures, successions and date
        qualifiers, with each claim's status, sources (and their dates) and revisions."""
        seasons = {
            row["s"].value
            for row in self._rows(f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s <{KGO}seasonOf> {_iris([series])} }} }}")
        }
        works = {series, season, *seasons}
        parts = f"""SELECT DISTINCT ?x WHERE {{ VALUES ?w {{ {_iris(works)} }}
            GRAPH ?g {{ ?w ?p ?x }} FILTER(isIRI(?x))
            VALUES ?p {{ <{KGO}filmedDuring> <{KGO}hasCastMember> <{KGO}castDeparture> <{KGO}crewSuccession> <{KGO}dateQualifier> }} }}"""
        nodes = works | {row["x"].value for row in self._rows(parts)}
        qualifiers = f"""SELECT DISTINCT ?q WHERE {{ VALUES ?f {{ {_iris(nodes)} }} GRAPH ?g {{ ?f <{KGO}dateQualifier> ?q }} }}"""
        nodes |= {row["q"].value for row in self._rows(qualifiers)}
        quads: list[ox.Quad] = []
        for node in sorted(nodes):
            quads += self.store.quads_for_pattern(ox.NamedNode(node), None, None, None)
        graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
        return [*quads, *self._claim_meta(graphs)]

    def _claim_meta(self, graphs: Iterable[str]) -> list[ox.Quad]:
        """The default graph's statements about these claims (status, sentences, revisions,
        comment), the claims that supersede them or that they supersede, and their sources'
        dates."""
        default = ox.DefaultGraph()
        out: list[ox.Quad] = []
        sentences: set[str] = set()
        for claim in sorted(set(graphs)):
            node = ox.NamedNode(claim)
            for q in self.store.quads_for_pattern(node, None, None, default):
                if q.predicate.value in _CLAIM_META:
                    out.append(q)
                    if q.predicate.value == PROV + "wasDerivedFrom":
                        sentences.add(q.object.value)
            out += self.store.quads_for_pattern(None, ox.NamedNode(terms.SUPERSEDED_BY), node, default)
            out += self.store.quads_for_pattern(None, ox.NamedNode(terms.CORRECTS), node, default)
        others = {q.subject.value for q in out if q.object.value in graphs} | {
            q.object.value for q in out if q.predicate.value in (terms.SUPERSEDED_BY, terms.CORRECTS)
        }
        for claim in sorted(others - set(graphs)):  # a revising claim's status and sources too
            for q in self.store.quads_for_pattern(ox.NamedNode(claim), None, None, default):
                if q.predicate.value in (KGO + "status", PROV + "wasDerivedFrom"):
                    out.append(q)
                    if q.predicate.value == PROV + "wasDerivedFrom":
                        sentences.add(q.object.value)
        return [*out, *self.sentences(sentences)]

    def sentences(self, sentences: Iterable[str]) -> list[ox.Quad]:
        """Which source document each sentence is from, and that document's date: how the
        claims' sources are ordered (a new claim's sentences too)."""
        out: list[ox.Quad] = []
        docs: set[str] = set()
        for sentence in sorted(set(sentences)):
            for q in self.store.quads_for_pattern(ox.NamedNode(sentence), ox.NamedNode(OA + "hasSource"), None, None):
                out.append(q)
                docs.add(q.object.value)
        for doc in sorted(docs):
            out += self.store.quads_for_pattern(ox.NamedNode(doc), ox.NamedNode(SCHEMA + "datePublished"), None, None)
        return out
