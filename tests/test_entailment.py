"""RDFS entailment computed inside pyoxigraph: the same triples as owlrl's closure, minus the
`rdf:type rdfs:Resource` noise and minus the literals owlrl invents by value equality."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest

from graph.api import KnowledgeGraph
from graph.store.entailment import rdfs_closure
from graph.store.load import discover, load_files

RESOURCE = "<http://www.w3.org/2000/01/rdf-schema#Resource>"
TURTLE_HEAD = """@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def owlrl_closure(triples: list[ox.Triple]) -> set[str]:
    """What owlrl's RDFS closure adds (no axioms), as N-Triples lines."""
    owlrl = pytest.importorskip("owlrl")
    import rdflib

    g = rdflib.Graph()
    g.parse(data=(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode(), format="nt")
    before = set(g)
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    added = rdflib.Graph()
    for t in g:
        if t not in before and not isinstance(t[0], rdflib.Literal):
            added.add(t)
    return {str(t) for t in ox.parse(added.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)}


NUMERIC = re.compile(
    r'^(<[^>]*> <[^>]*>) "([^"]*)"\^\^<http://www.w3.org/2001/XMLSchema#(integer|decimal|double|boolean)>$'
)


def _value(line: str) -> tuple[str, float] | None:
    match = NUMERIC.match(line)
    if not match:
        return None
    head, lexical, _ = match.groups()
    return head, {"true": 1.0, "false": 0.0}.get(lexical) if lexical in ("true", "false") else float(lexical)


TEXT = re.compile(r'^(<[^>]*> <[^>]*>) "([^"]*)"(?:@[A-Za-z-]+|\^\^<[^>]*>)?$')


def _text(line: str) -> tuple[str, str] | None:
    match = TEXT.match(line)
    return (match.group(1), match.group(2)) if match else None


def invented(line: str, known: set[str]) -> bool:
    """owlrl's value-equality twin: a known triple whose literal has the same Python value in
    another form: a number or boolean (`1`, `1.0`, `true`), or a string with another language
    tag or none (`"book series"` and `"book series"@en`)."""
    value = _value(line)
    if value is not None and any(_value(k) == value and k != line for k in known):
        return True
    text = _text(line)
    return text is not None and any(_text(k) == text and k != line for k in known)


def compare(triples: list[ox.Triple]) -> tuple[set[str], set[str]]:
    ours = {str(t) for t in rdfs_closure(triples)}
    theirs = {t for t in owlrl_closure(triples) if not t.endswith(f"{RESOURCE}")}
    return ours, theirs


def view_triples(root) -> list[ox.Triple]:
    from graph.locate import GraphLocation

    store = load_files(discover(GraphLocation(root, "test")).data())
    return [q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())]


@pytest.mark.parametrize("with_speculation", [False, True])
def test_closure_matches_owlrl_on_the_bundled_graph_minus_invented_literals(graph_copy, with_speculation) -> None:
    triples = view_triples(graph_copy)
    if with_speculation:
        from graph.locate import GraphLocation

        store = load_files(discover(GraphLocation(graph_copy, "test")).data())
        triples += [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(SPEC))]
    ours, theirs = compare(triples)
    originals = {str(t) for t in triples}
    assert ours, "nothing entailed from the bundled ontology"
    assert ours <= theirs, sorted(ours - theirs)[:5]
    extra = theirs - ours
    assert extra, "owlrl's literal twins are expected on the bundled graph (seasonNumber 1)"
    assert all(invented(t, originals | ours) for t in extra), sorted(extra)[:5]


SPEC = "https://w3id.org/franchise-kg/graph/speculation"


def test_literals_one_zero_true_get_no_twins() -> None:
    data = (
        TURTLE_HEAD
        + """
ex:count rdfs:subPropertyOf ex:number ; rdfs:domain ex:Thing ; rdfs:range xsd:integer .
ex:Thing rdfs:subClassOf ex:Base .
ex:a ex:count 1 ; ex:flag true ; ex:zero 0 ; ex:no false ; ex:dec 1.0 ; ex:str "1" .
ex:b ex:count 0 .
"""
    )
    triples = list(ox.parse(data.encode(), format=ox.RdfFormat.TURTLE))
    ours, theirs = compare(triples)
    assert "<http://example.org/a> <http://example.org/number> 1" not in ours  # not an N-Triples form
    assert '<http://example.org/a> <http://example.org/number> "1"^^<http://www.w3.org/2001/XMLSchema#integer>' in ours
    assert "<http://example.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Base>" in ours
    assert not any("boolean" in t for t in ours), "a number became a boolean"
    assert ours <= theirs
    originals = {str(t) for t in triples}
    assert theirs - ours and all(invented(t, originals | ours) for t in theirs - ours)


def test_closure_is_a_fixpoint_through_sub_properties_of_sub_properties() -> None:
    data = (
        TURTLE_HEAD
        + """
ex:p1 rdfs:subPropertyOf ex:p2 . ex:p2 rdfs:subPropertyOf ex:p3 . ex:p3 rdfs:domain ex:C1 .
ex:C1 rdfs:subClassOf ex:C2 . ex:C2 rdfs:subClassOf ex:C3 .
ex:x ex:p1 ex:y .
"""
    )
    ours = {str(t) for t in rdfs_closure(list(ox.parse(data.encode(), format=ox.RdfFormat.TURTLE)))}
    for cls in ("C1", "C2", "C3"):
        assert (
            f"<http://example.org/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/{cls}>"
            in ours
        )
    assert "<http://example.org/x> <http://example.org/p3> <http://example.org/y>" in ours


@pytest.mark.parametrize("store", ["oxigraph-memory", "oxigraph", "memory"])
def test_no_true_season_under_entailment(graph_copy, store) -> None:
    kg = KnowledgeGraph.open(graph_copy, store=store)
    result = kg.engine.query("SELECT ?n WHERE { kg:XOKittySeason1 schema:seasonNumber ?n }", entailment="rdfs")
    values = [b["n"]["value"] for b in json.loads(result.json)["results"]["bindings"]]
    assert values == ["1"]


@pytest.mark.parametrize("with_speculation", [False, True])
def test_every_store_entails_the_same(graph_copy, with_speculation) -> None:
    closures = {
        store: {
            str(t)
            for t in KnowledgeGraph.open(graph_copy, store=store).engine.entailed(with_speculation=with_speculation)
        }
        for store in ("oxigraph-memory", "oxigraph", "memory")
    }
    assert closures["oxigraph-memory"]
    assert closures["oxigraph"] == closures["oxigraph-memory"] == closures["memory"]


@pytest.mark.parametrize("store", ["oxigraph-memory", "oxigraph", "memory"])
@pytest.mark.parametrize("with_speculation", [False, True])
def test_entailment_adds_only_what_the_view_lacks(graph_copy, store, with_speculation) -> None:
    """An entailed triple the view already states would answer twice (twin rows)."""
    kg = KnowledgeGraph.open(graph_copy, store=store)
    entailed = {str(t) for t in kg.engine.entailed(with_speculation=with_speculation)}
    answer = kg.engine.query("CONSTRUCT WHERE { ?s ?p ?o }", with_speculation=with_speculation)
    view = {str(t) for t in answer.triples}
    assert entailed and not entailed & view


def naive_closure(store: ox.Store, view: list, target: ox.NamedNode) -> set[str]:
    """The reference: every rule over the whole view, round after round, until nothing is new."""
    from graph.store.entailment import _PREFIXES, _RESOURCE, _TYPE, RULES, _query

    graphs = [*view, target]
    while True:
        added = 0
        for head, premises, data in RULES:
            answer = store.query(_query(head, premises, data, None), prefixes=_PREFIXES, default_graph=graphs)
            new = [
                ox.Quad(t.subject, t.predicate, t.object, target)
                for t in answer
                if not (isinstance(t.subject, ox.Literal) or (t.predicate == _TYPE and t.object == _RESOURCE))
            ]
            store.extend(new)
            added += len(new)
        if not added:
            return {str(q.triple) for q in store.quads_for_pattern(None, None, None, target)}


TRICKY = (
    TURTLE_HEAD
    + """
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
ex:kind rdfs:subPropertyOf rdf:type . ex:broader rdfs:subPropertyOf rdfs:subClassOf .
ex:A ex:broader ex:B . ex:B rdfs:subClassOf ex:C . ex:C a rdfs:Class .
ex:x ex:kind ex:A . ex:p rdfs:domain ex:A ; rdfs:range ex:D . ex:y ex:p ex:z .
ex:D rdfs:subClassOf ex:E . rdf:_1 a rdfs:ContainerMembershipProperty . ex:bag rdf:_1 ex:item .
ex:Num a rdfs:Datatype . ex:q rdfs:range ex:Num . ex:w ex:q ex:v .
"""
)
GUESSES = {
    "facts only": "ex:g { ex:s ex:p ex:t . ex:u ex:kind ex:B . }",
    "a new domain": "ex:g { ex:q rdfs:domain ex:F . ex:F rdfs:subClassOf ex:G . ex:s ex:q ex:t . }",
    "schema through a sub-property": "ex:g { ex:E ex:broader ex:H . ex:s ex:p ex:t . }",
    "what the default view entails": "ex:g { ex:x a ex:B , ex:C . ex:bag rdfs:member ex:item . }",
}


@pytest.mark.parametrize("guess", sorted(GUESSES))
def test_the_semi_naive_rounds_find_what_the_naive_fixpoint_finds(guess: str) -> None:
    """Rounds that look only at what the last round added, and a speculation closure grown
    from the default view's, entail exactly what every rule over everything, again and again,
    entails: with the schema in the data, reached through sub-properties, or added by a guess."""
    from graph.store.entailment import add_closure

    spec = ox.NamedNode(SPEC)
    store = ox.Store()
    store.load(TRICKY.encode(), format=ox.RdfFormat.TURTLE)
    trig = TURTLE_HEAD + GUESSES[guess].replace("ex:g {", f"<{SPEC}> {{")
    store.load(trig.encode(), format=ox.RdfFormat.TRIG)
    reference = ox.Store()
    reference.extend(store)
    e1, e2 = ox.NamedNode("urn:x-test:e1"), ox.NamedNode("urn:x-test:e2")
    add_closure(store, [ox.DefaultGraph()], e1)
    add_closure(store, [ox.DefaultGraph(), spec], e2, base=e1)
    ours = [{str(q.triple) for q in store.quads_for_pattern(None, None, None, g)} for g in (e1, e2)]
    expected = [
        naive_closure(reference, [ox.DefaultGraph()], e1),
        naive_closure(reference, [ox.DefaultGraph(), spec], e2),
    ]
    assert ours == expected
    assert len(ours[0]) > 10 and ours[1] != ours[0]  # the guesses add to it, or state some of it
    assert not any(str(g).startswith("<https://w3id.org/franchise-kg/graph/entailed") for g in store.named_graphs())


def test_the_semi_naive_rounds_match_on_the_bundled_graph(graph_copy) -> None:
    from graph.locate import GraphLocation
    from graph.store.entailment import add_closure

    spec = ox.NamedNode(SPEC)
    store = load_files(discover(GraphLocation(graph_copy, "test")).data())
    reference = ox.Store()
    reference.extend(store)
    e1, e2 = ox.NamedNode("urn:x-test:e1"), ox.NamedNode("urn:x-test:e2")
    add_closure(store, [ox.DefaultGraph()], e1)
    add_closure(store, [ox.DefaultGraph(), spec], e2, base=e1)
    for graph, view in ((e1, [ox.DefaultGraph()]), (e2, [ox.DefaultGraph(), spec])):
        ours = {str(q.triple) for q in store.quads_for_pattern(None, None, None, graph)}
        assert ours == naive_closure(reference, view, graph)
