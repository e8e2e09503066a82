"""The shapes compiled to SPARQL (graph/shacl_sparql.py) against pySHACL, the reference: kg's
shapes on a graph that breaks them in many ways, the rest of the compiled subset on shapes of
its own, random graphs, and what is left to a SHACL engine."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.api import KnowledgeGraph
from graph.namespaces import SPECULATION_GRAPH
from graph.shacl import SH, ShapeResult, Shapes, check, shapes_graph
from graph.shacl_sparql import check_store, compile_shapes
from tests.conftest import VIOLATIONS

PREFIXES = """
@prefix sh:  <http://www.w3.org/ns/shacl#> .
@prefix ex:  <http://example.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# What kg's own shapes do not use, each shape with its message.
SHAPES = (
    PREFIXES
    + """
ex:Thing a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:code ; sh:pattern "^[a-z]+$" ; sh:flags "i" ; sh:maxLength 5 ;
                  sh:message "code" ] ,
                [ sh:path ex:size ; sh:maxInclusive 10 ; sh:minExclusive 0 ; sh:message "size" ] ,
                [ sh:path ex:weight ; sh:maxExclusive 100.5e0 ; sh:datatype xsd:double ; sh:message "weight" ] ,
                [ sh:path ex:flag ; sh:datatype xsd:boolean ; sh:message "flag" ] ,
                [ sh:path ex:ratio ; sh:datatype xsd:double ; sh:message "ratio" ] ,
                [ sh:path ex:title ; sh:datatype rdf:langString ; sh:minCount 2 ; sh:maxCount 2 ;
                  sh:message "title" ] ,
                [ sh:path ex:start ; sh:lessThan ex:end ; sh:message "start" ] ,
                [ sh:path ex:alias ; sh:disjoint ex:name ; sh:message "alias" ] ,
                [ sh:path ex:same ; sh:equals ex:name ; sh:message "same" ] ,
                [ sh:path ex:link ; sh:nodeKind sh:IRI ; sh:node ex:Linked ; sh:message "link" ] ,
                [ sh:path ex:blank ; sh:nodeKind sh:BlankNodeOrLiteral ; sh:message "blank" ] ,
                [ sh:path [ sh:alternativePath ( ex:parent ex:mother ) ] ; sh:maxCount 1 ; sh:message "parent" ] ,
                [ sh:path [ sh:oneOrMorePath ex:parent ] ; sh:disjoint ex:self ; sh:message "ancestor" ] ,
                [ sh:path [ sh:oneOrMorePath ex:part ] ; sh:class ex:Part ; sh:message "parts" ] ,
                [ sh:path ( [ sh:inversePath ex:owns ] ex:name ) ; sh:minCount 1 ; sh:message "owner" ] ,
                [ sh:path ex:kind ; sh:in ( ex:a ex:b "b" true ) ; sh:message "kind" ] ,
                [ sh:path ex:colour ; sh:hasValue ex:red ; sh:message "colour" ] ;
    sh:xone ( [ sh:path ex:x ; sh:minCount 1 ] [ sh:path ex:y ; sh:minCount 1 ] ) ;
    sh:and ( [ sh:not [ sh:hasValue ex:forbidden ] ] [ sh:nodeKind sh:IRI ] ) ;
    sh:message "xone/and" .
ex:Linked a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:Listed a sh:NodeShape ; sh:targetNode ex:one , ex:missing ; sh:targetSubjectsOf ex:listed ;
    sh:property [ sh:path ex:name ; sh:minLength 3 ; sh:datatype xsd:string ; sh:message "listed" ] .
ex:Part rdfs:subClassOf ex:Piece .
"""
)

# Statements of which random subsets make the graphs; together they break every shape above.
POOL = [
    "ex:t1 a ex:Thing .",
    "ex:t2 a ex:Thing .",
    "ex:t3 a ex:Sub . ex:Sub rdfs:subClassOf ex:Thing .",
    'ex:t1 ex:code "abc" .',
    'ex:t1 ex:code "ab-c" .',
    'ex:t2 ex:code "TOOLONG" .',
    "ex:t1 ex:size 5 .",
    "ex:t2 ex:size 0 .",
    'ex:t2 ex:size "big" .',
    "ex:t1 ex:weight 1.5e0 .",
    'ex:t2 ex:weight "INF"^^xsd:double .',
    'ex:t1 ex:ratio "NaN"^^xsd:double .',
    'ex:t2 ex:ratio "1.5"^^xsd:float .',
    'ex:t3 ex:ratio "one"^^xsd:double .',
    "ex:t3 ex:weight 200.0e0 .",
    "ex:t1 ex:flag true .",
    'ex:t2 ex:flag "yes"^^xsd:boolean .',
    'ex:t3 ex:flag "1"^^xsd:boolean .',
    'ex:t1 ex:title "A"@en , "B"@fr .',
    'ex:t2 ex:title "A"@en , "A" .',
    'ex:t3 ex:title "A"@en , "B"@en , "C"@en .',
    "ex:t1 ex:start 1 ; ex:end 2 .",
    "ex:t2 ex:start 3 ; ex:end 2 .",
    'ex:t3 ex:start "x" ; ex:end 2 .',
    'ex:t1 ex:alias "Tee" ; ex:name "Tee" .',
    'ex:t2 ex:alias "Two" ; ex:name "Too" .',
    'ex:t1 ex:same "Tee" .',
    'ex:t3 ex:same "Three" ; ex:name "Three" .',
    "ex:t1 ex:link ex:t2 .",
    'ex:t2 ex:link ex:t3 . ex:t3 ex:name "Three" .',
    'ex:t3 ex:link "literal" .',
    "ex:t1 ex:blank [] .",
    "ex:t2 ex:blank ex:iri .",
    "ex:t1 ex:parent ex:p1 ; ex:mother ex:m1 .",
    "ex:p1 ex:parent ex:t1 . ex:t1 ex:self ex:t1 .",
    "ex:t2 ex:part ex:pa . ex:pa a ex:Part ; ex:part ex:pb .",
    "ex:t2 a ex:Part .",
    'ex:o1 ex:owns ex:t1 ; ex:name "Owner" .',
    "ex:o2 ex:owns ex:t2 .",
    "ex:t1 ex:kind ex:a .",
    "ex:t2 ex:kind ex:c .",
    'ex:t3 ex:kind "b" , "b"@en , false .',
    "ex:t1 ex:colour ex:red .",
    "ex:t2 ex:colour ex:blue .",
    "ex:t1 ex:x 1 .",
    "ex:t1 ex:y 1 .",
    "ex:t2 ex:x 1 .",
    "ex:forbidden a ex:Thing .",
    "ex:t4 a ex:Thing ; ex:start false ; ex:end true .",
    "ex:t5 a ex:Thing ; ex:start true ; ex:end false .",
    'ex:one ex:name "On" .',
    'ex:l1 ex:listed 1 ; ex:name "Long enough" .',
    'ex:l2 ex:listed 1 ; ex:name "L"@en .',
    '[] ex:listed 2 ; ex:name "B" .',
]


def _shapes(text: str) -> list[ox.Triple]:
    return list(ox.parse(text, format=ox.RdfFormat.TURTLE))


def _key(result: ShapeResult) -> tuple[str, str, str, str]:
    """A result's key, with a blank node's label left out (pySHACL, given text, renames blank
    nodes: oxigraph's label of up to 32 hex digits gets an N)."""
    key = result.key()
    blank = not result.focus_is_iri and re.fullmatch("N?[0-9a-f]{16,32}", result.focus)
    return ("(blank node)", *key[1:]) if blank else key


def _compare(data: str, shapes: list[ox.Triple], folder: Path) -> set[tuple[str, str, str, str]]:
    """The compiled shapes' results on `data`, after asserting that pySHACL's are the same."""
    store = ox.Store()
    store.load(PREFIXES + data, format=ox.RdfFormat.TURTLE)
    compiled = compile_shapes(Shapes(shapes))
    assert compiled is not None
    mine = {_key(r) for r in check_store(store, [ox.DefaultGraph()], compiled)}
    path = folder / "data.nt"
    path.write_bytes(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()))
    reference = {_key(r) for r in check(path, shapes_graph(shapes), engine="pyshacl")}
    assert mine == reference, (sorted(mine - reference), sorted(reference - mine))
    return mine


def test_kg_shapes_as_sparql_report_what_pyshacl_reports(broken, tmp_path: Path) -> None:
    """Focus node, path, constraint component and message, on both views of a graph that breaks
    kg's shapes in many ways (pySHACL given what the store holds in that view)."""
    store, shape_triples = broken
    compiled = compile_shapes(Shapes(shape_triples))
    assert compiled is not None and len(compiled) > 50
    shapes = shapes_graph(shape_triples)
    for n, graphs in enumerate([[ox.DefaultGraph()], [ox.DefaultGraph(), ox.NamedNode(SPECULATION_GRAPH)]]):
        path = tmp_path / f"view-{n}.nt"
        with path.open("wb") as out:
            ox.serialize(
                (q.triple for g in graphs for q in store.quads_for_pattern(None, None, None, g)),
                out,
                format=ox.RdfFormat.N_TRIPLES,
            )
        mine = sorted({r.key() for r in check_store(store, graphs, compiled)})
        reference = sorted({r.key() for r in check(path, shapes, engine="pyshacl")})
        assert mine == reference
        assert len(reference) >= 20
    components = {key[2].removeprefix(SH) for key in reference}
    assert len(components) >= 9, components


def test_the_rest_of_the_compiled_subset_reports_what_pyshacl_reports(tmp_path: Path) -> None:
    """Every compiled term kg's shapes do not use (patterns, lengths, ranges, datatypes that do
    not parse, NaN, language strings, property pairs, node kinds, nested shapes, every path kind,
    xone, and, not, hasValue, node targets and subject targets), on a graph that breaks each."""
    found = _compare("\n".join(POOL), _shapes(SHAPES), tmp_path)
    messages = {key[3] for key in found}
    assert messages >= {
        "code", "size", "weight", "flag", "ratio", "title", "start", "alias", "same", "link", "blank",
        "parent", "ancestor", "parts", "owner", "kind", "colour", "xone/and", "listed",
    }  # fmt: skip
    components = {key[2].removeprefix(SH) for key in found}
    assert len(components) >= 19, sorted(components)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(POOL), min_size=1, max_size=12, unique=True))
def test_random_graphs_get_pyshacls_results(tmp_path: Path, statements: list[str]) -> None:
    """Whatever subset of the statements the graph holds, the results are pySHACL's."""
    _compare("\n".join(statements), _shapes(SHAPES), tmp_path)


def test_a_check_limited_to_some_nodes_finds_their_results(tmp_path: Path) -> None:
    """`focus` limits the results to those nodes, named in the queries (IRIs) or sorted out
    after them (a blank node, which no query can name)."""
    store = ox.Store()
    store.load(PREFIXES + "\n".join(POOL), format=ox.RdfFormat.TURTLE)
    compiled = compile_shapes(Shapes(_shapes(SHAPES)))
    assert compiled is not None
    whole = {r.key() for r in check_store(store, [ox.DefaultGraph()], compiled)}
    blank = next(q.subject for q in store.quads_for_pattern(None, ox.NamedNode("http://example.org/listed"), None))
    assert isinstance(blank, ox.BlankNode)
    t2, l2 = ox.NamedNode("http://example.org/t2"), ox.NamedNode("http://example.org/l2")
    for focus in ([t2, l2], [t2, blank], [blank], []):
        wanted = {n.value for n in focus}
        found = {r.key() for r in check_store(store, [ox.DefaultGraph()], compiled, focus)}
        assert found == {key for key in whole if key[0] in wanted}
        assert all(any(key[0] == n for key in found) for n in wanted)  # each of them breaks a shape


def test_a_literal_reached_by_an_inverse_step_is_checked_again(tmp_path: Path) -> None:
    """A change to what a literal focus node reads through an inverse step (the literal is the
    object of ex:p; its shape counts what ex:p's subject has for ex:q) has it checked again."""
    from graph.validate import ShapeCheck, SubjectIndex

    shapes = _shapes(
        PREFIXES + "ex:S sh:targetObjectsOf ex:p ; sh:property [ sh:path ( [ sh:inversePath ex:p ] ex:q ) ;"
        ' sh:maxCount 0 ; sh:message "no q" ] .'
    )
    store = ox.Store()
    store.load(PREFIXES + 'ex:n ex:p "L" ; ex:q ex:x .', format=ox.RdfFormat.TURTLE)
    n, q, x = (ox.NamedNode(f"http://example.org/{name}") for name in ("n", "q", "x"))
    for engine in ("sparql", "pyshacl"):
        whole = ShapeCheck(store, shapes, SubjectIndex([], {}), tmp_path, engine=engine).write_and_run()
        change = ShapeCheck(store, shapes, SubjectIndex([], {}), tmp_path, changed=[ox.Triple(n, q, x)], engine=engine)
        assert [str(p) for p in change.write_and_run()] == [str(p) for p in whole] != [], engine


@pytest.mark.parametrize(
    "extra",
    [
        "ex:S sh:targetClass ex:Thing ; sh:closed true ; sh:message 'm' .",  # reads every predicate
        "ex:S sh:targetClass ex:Thing ; sh:severity sh:Warning ; sh:property [ sh:path ex:a ; sh:minCount 1 ] ; sh:message 'm' .",
        "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:a ; sh:minCount 1 ] .",  # no message
        "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:a ; sh:maxCount 9 ; sh:message 'm' ] .",
        "ex:S sh:targetClass ex:Thing ; sh:message 'm', 'n' ; sh:property [ sh:path ex:a ; sh:minCount 1 ] .",
        "ex:S sh:targetClass ex:Thing ; sh:deactivated true ; sh:message 'm' .",
        "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path 'literal' ; sh:minCount 1 ; sh:message 'm' ] .",
        "ex:S a rdfs:Class , sh:NodeShape ; sh:property [ sh:path ex:a ; sh:minCount 1 ; sh:message 'm' ] .",
        # shapes that refer to themselves, nest deep, or double at each level
        "ex:S sh:targetClass ex:C ; sh:message 'm' ; sh:property [ sh:path ex:p ; sh:node ex:S ; sh:message 'm' ] .",
        "ex:S sh:targetClass ex:C ; sh:not ex:T ; sh:message 'm' . ex:T sh:not ex:S .",
        "ex:S sh:targetClass ex:C ; sh:message 'm' ; sh:not ex:N0 . "
        + " ".join(f"ex:N{i} sh:not ex:N{i + 1} ." for i in range(200)),
        "ex:S sh:targetClass ex:C ; sh:message 'm' ; sh:and ( ex:A0 ex:A0 ) . "
        + " ".join(f"ex:A{i} sh:and ( ex:A{i + 1} ex:A{i + 1} ) ." for i in range(40)),
        # a blank node where a query would make it a variable
        "ex:S sh:targetNode [] ; sh:message 'm' ; sh:nodeKind sh:IRI .",
        "ex:S sh:targetClass [] ; sh:message 'm' ; sh:nodeKind sh:IRI .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:class [] ; sh:message 'm' ] .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:hasValue [] ; sh:message 'm' ] .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:in ( [] ) ; sh:message 'm' ] .",
        "ex:S sh:targetSubjectsOf [] ; sh:message 'm' ; sh:nodeKind sh:IRI .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:disjoint [] ; sh:message 'm' ] .",
        # what SPARQL reads otherwise than SHACL
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:property [ sh:path ex:q ; sh:minCount 1 ] ;"
        " sh:message 'm' ] .",
        "ex:S sh:targetNode ex:a ; sh:equals ex:p ; sh:message 'm' .",
        "ex:S sh:targetNode ex:a ; sh:property [ sh:path [ sh:zeroOrMorePath ex:p ] ; sh:minCount 1 ; sh:message 'm' ] .",
        "ex:S sh:targetNode ex:a ; sh:property [ sh:path [ sh:zeroOrOnePath ex:p ] ; sh:class ex:C ; sh:message 'm' ] .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minInclusive 'NaN'^^xsd:double ; sh:message 'm' ] .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minInclusive false ; sh:message 'm' ] .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:pattern '(a)\\\\1' ; sh:message 'm' ] .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:pattern '\\\\i\\\\c*' ; sh:message 'm' ] .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:pattern '[a-z-[aeiou]]' ; sh:message 'm' ] .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:pattern 'a' ; sh:flags 'g' ; sh:message 'm' ] .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:pattern 'a'@en ; sh:message 'm' ] .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:datatype xsd:int ; sh:message 'm' ] .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:hasValue 1.0 ; sh:message 'm' ] .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:in ( 1 ) ; sh:message 'm' ] .",
        # ill-formed shapes, which an engine refuses
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ) ; sh:minCount 1 ; sh:message 'm' ] .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path [ sh:alternativePath () ] ; sh:minCount 1 ; sh:message 'm' ] .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:maxCount -1 ; sh:message 'm' ] .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:maxCount '2' ; sh:message 'm' ] .",
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:datatype xsd:string , xsd:date ; sh:message 'm' ] .",
        "ex:S sh:targetClass ex:C ; sh:or () ; sh:message 'm' .",
        "ex:S sh:targetClass ex:C ; sh:node ex:P ; sh:message 'm' . ex:P sh:path ex:p ; sh:minCount 1 .",
    ],
)
def test_shapes_beyond_the_subset_are_left_to_an_engine(extra: str) -> None:
    """Shapes the queries would read otherwise than SHACL does (or could not write, or would
    grow without bound) are not compiled: an engine checks them."""
    assert compile_shapes(Shapes(_shapes(PREFIXES + extra))) is None


def test_values_sparql_orders_otherwise_are_ordered_as_shacl_says() -> None:
    """NaN is not less than or equal to itself (the engine says it is), IRIs are not ordered
    (the engine takes one IRI for less than or equal to itself), booleans are (false before
    true; the engine does not order them). pySHACL misses the first two, so the spec decides."""
    shapes = _shapes(PREFIXES + "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:a ; sh:lessThanOrEquals ex:b ;"
                     " sh:message 'm' ] .")  # fmt: skip
    compiled = compile_shapes(Shapes(shapes))
    assert compiled is not None
    store = ox.Store()
    store.load(
        PREFIXES
        + """ex:nan a ex:C ; ex:a "NaN"^^xsd:double ; ex:b "NaN"^^xsd:double .
             ex:iri a ex:C ; ex:a ex:x ; ex:b ex:x .
             ex:bool a ex:C ; ex:a false ; ex:b true .
             ex:ok a ex:C ; ex:a 1 ; ex:b 1.0 .""",
        format=ox.RdfFormat.TURTLE,
    )
    broken = {r.focus.rsplit("/", 1)[-1] for r in check_store(store, [ox.DefaultGraph()], compiled)}
    assert broken == {"nan", "iri"}


def test_a_literal_a_change_brings_is_checked_where_it_is_a_focus_node() -> None:
    """A target of objects makes a literal a focus node: a change that adds one has it
    checked, and a literal is told from an IRI with the same text."""
    from graph.shacl import affected, reach

    text = PREFIXES + "ex:S sh:targetObjectsOf ex:p ; sh:datatype xsd:integer ; sh:message 'm' ."
    shapes = Shapes(_shapes(text))
    compiled, how = compile_shapes(shapes), reach(shapes)
    assert compiled is not None and how is not None
    store = ox.Store()
    store.load(
        PREFIXES + 'ex:x ex:p "abc" , <http://example.org/y> , "http://example.org/y" , [] .',
        format=ox.RdfFormat.TURTLE,
    )
    changed = [q.triple for q in store.quads_for_pattern(ox.NamedNode("http://example.org/x"), None, None)]
    focus = affected(store, [ox.DefaultGraph()], [t for t in changed if t.object == ox.Literal("abc")], how)
    assert ox.Literal("abc") in focus
    found = {(r.focus, r.focus_is_iri) for r in check_store(store, [ox.DefaultGraph()], compiled, focus)}
    assert ("abc", False) in found
    blank = next(t.object for t in changed if isinstance(t.object, ox.BlankNode))
    iri = ox.NamedNode("http://example.org/y")
    found = {(r.focus, r.focus_is_iri) for r in check_store(store, [ox.DefaultGraph()], compiled, [iri, blank])}
    assert found == {("http://example.org/y", True), (blank.value, False)}  # not the literal of that text


def test_kg_validate_finds_the_same_with_shapes_left_to_an_engine(graph_copy: Path) -> None:
    """A shapes file the compiler leaves to an engine (here, a severity) changes the road, not
    the problems: the same lines, with the shape's own problem besides."""
    (graph_copy / "ontology" / "facts" / "violations.trig").write_text(VIOLATIONS, encoding="utf-8")
    compiled = [str(p) for p in KnowledgeGraph.open(graph_copy, load=False).validate(checks=False)]
    (graph_copy / "ontology" / "shapes-extra.ttl").write_text(
        PREFIXES + "ex:Named sh:targetClass <https://w3id.org/franchise-kg/ontology#City> ; sh:severity sh:Violation ;"
        ' sh:property [ sh:path <https://schema.org/name> ; sh:minCount 2 ; sh:message "two names" ] .\n',
        encoding="utf-8",
    )
    engine = [str(p) for p in KnowledgeGraph.open(graph_copy, load=False).validate(checks=False)]
    assert set(compiled) < set(engine) and len(compiled) > 20
    assert [p for p in engine if p not in compiled] == [p for p in engine if p.endswith(": two names")]


def test_shapes_an_engine_refuses_are_one_problem_naming_the_files(kg, graph_copy: Path) -> None:
    """An ill-formed shape (a negative sh:maxCount) is left to the engine, which refuses it:
    kg validate says so in one line that names the shapes' files, and exits 1."""
    (graph_copy / "ontology" / "shapes-bad.ttl").write_text(
        PREFIXES + "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:maxCount -1 ] .\n",
        encoding="utf-8",
    )
    run = kg("validate", "--graph", str(graph_copy))
    assert run.exit_code == 1 and "Traceback" not in run.stderr
    (line,) = [line for line in run.stderr.splitlines() if "SHACL engine" in line]
    assert line.startswith("ontology/shapes-bad.ttl, ontology/shapes.ttl: the SHACL engine refuses the shapes: ")
    assert "sh:maxCount" in line
