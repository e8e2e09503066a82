"""The SHACL pass: the shapes compiled to SPARQL, and pyshacl-turbo, against pySHACL, the
reference, on a graph with violations of many kinds and on random graphs; what falls back to an
engine; the predicate filter; the ASCII text the engines read; the fallback to pySHACL."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.api import KnowledgeGraph
from graph.namespaces import SPECULATION_GRAPH
from graph.shacl import (
    SH,
    Shapes,
    _ascii_chunk,
    check,
    engine_name,
    read_ascii,
    readable_predicates,
    shapes_graph,
    write_view,
)
from graph.shacl_sparql import check_store, compile_shapes
from graph.store.load import discover, parse_file
from graph.validate import _memory_store
from tests.conftest import VIOLATIONS


def _views(store: ox.Store, folder: Path, predicates: frozenset[str] | None) -> list[Path]:
    texts = []
    for n, view in enumerate(
        [[(ox.DefaultGraph(), ())], [(ox.DefaultGraph(), ()), (ox.NamedNode(SPECULATION_GRAPH), ())]]
    ):
        texts.append(folder / f"view-{n}-{predicates is None}.nt")
        with texts[-1].open("wb") as out:
            write_view(store, view, predicates, out)
    return texts


def test_turbo_reports_what_pyshacl_reports(broken, tmp_path: Path) -> None:
    """Focus node, path, constraint component and message agree, result by result, on both
    views of a graph that breaks the shapes in many ways, with and without the filter."""
    pytest.importorskip("pyshacl_turbo")
    store, shape_triples = broken
    shapes = shapes_graph(shape_triples)
    for predicates in (readable_predicates(Shapes(shape_triples)), None):
        for text in _views(store, tmp_path, predicates):
            turbo = sorted(r.key() for r in check(text, shapes))
            reference = sorted(r.key() for r in check(text, shapes, engine="pyshacl"))
            assert turbo == reference
    components = {key[2].removeprefix(SH) for key in reference}
    assert {
        "DatatypeConstraintComponent",
        "MinCountConstraintComponent",
        "MaxCountConstraintComponent",
        "ClassConstraintComponent",
        "InConstraintComponent",
        "LessThanOrEqualsConstraintComponent",
        "MinInclusiveConstraintComponent",
        "MinLengthConstraintComponent",
        "OrConstraintComponent",
    } <= components, components
    assert len(reference) >= 20
    focus = {key[0].rsplit("/", 1)[-1] for key in reference}
    assert {"BadSeason", "BadRole", "BadQualifier", "BadPlace", "NoLabel", "bad-facts", "bad-inference"} <= focus


def test_the_predicate_filter_changes_no_result(broken, tmp_path: Path) -> None:
    """The engine reads only statements whose predicate the shapes name, and finds the same."""
    store, shape_triples = broken
    shapes = shapes_graph(shape_triples)
    predicates = readable_predicates(Shapes(shape_triples))
    assert predicates is not None and "http://www.w3.org/ns/oa#exact" in predicates
    filtered, everything = _views(store, tmp_path, predicates)[1], _views(store, tmp_path, None)[1]
    assert filtered.stat().st_size < everything.stat().st_size
    assert sorted(r.key() for r in check(filtered, shapes)) == sorted(r.key() for r in check(everything, shapes))


def test_shapes_outside_core_read_every_statement() -> None:
    """A closed shape reads every predicate of its nodes, SPARQL anything: no filter then."""
    closed = ox.parse(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . <urn:s> a sh:NodeShape ; sh:closed true .",
        format=ox.RdfFormat.TURTLE,
    )
    assert readable_predicates(Shapes(closed)) is None


def test_kg_validate_reports_the_speculation_pass_once(graph_copy: Path) -> None:
    (graph_copy / "ontology" / "facts" / "violations.trig").write_text(VIOLATIONS, encoding="utf-8")
    problems = [str(p) for p in KnowledgeGraph.open(graph_copy).validate(checks=False)]
    guessed = [p for p in problems if "kg:organization_netflix schema:name" in p]
    assert len(guessed) == 1, problems
    assert all(p.startswith("ontology/facts/violations.trig:") for p in problems if "kg:Bad" in p), problems


@pytest.mark.parametrize(
    "text",
    [
        "Café",
        "Kitty 송",
        "😀 and é",
        "back\\slash x41 \\x41",
        'quote " and \\\\xe9',
        "ÿ\u0100\U00010000 \ufffd",
    ],
)
def test_the_engines_read_ascii_text_that_means_the_same(text: str, tmp_path: Path) -> None:
    """Non-ASCII characters become \\u escapes (an ASCII string takes a byte a character), in
    literals and IRIs alike; backslashes already in the data stay what they were."""
    local = "".join(c for c in text.split()[0] if c not in '\\"')
    triple = ox.Triple(ox.NamedNode(f"http://example.org/{local}"), ox.NamedNode("urn:p"), ox.Literal(text))
    data = ox.serialize([triple], format=ox.RdfFormat.N_TRIPLES)
    converted = _ascii_chunk(data)
    assert converted.isascii()
    assert [q.triple for q in ox.parse(converted.encode("ascii"), format=ox.RdfFormat.N_TRIPLES)] == [triple]
    path = tmp_path / "one.nt"
    path.write_bytes(data * 3)
    assert read_ascii(path, chunk=8) == converted * 3


def test_pyshacl_is_the_fallback_where_turbo_is_not_installed(
    broken, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, shape_triples = broken
    shapes = shapes_graph(shape_triples)
    text = _views(store, tmp_path, readable_predicates(Shapes(shape_triples)))[0]
    expected = sorted(r.key() for r in check(text, shapes, engine="pyshacl"))
    monkeypatch.setitem(sys.modules, "pyshacl_turbo", None)  # `import pyshacl_turbo` fails
    assert engine_name().startswith("pySHACL ")
    assert sorted(r.key() for r in check(text, shapes)) == expected


def test_validate_reads_the_disk_cache_when_asked(kg, graph_copy: Path) -> None:
    """--store oxigraph checks the cached store itself and finds what the in-memory check finds."""
    (graph_copy / "ontology" / "facts" / "violations.trig").write_text(VIOLATIONS, encoding="utf-8")
    memory = kg("validate", "--graph", str(graph_copy))
    disk = kg("validate", "--graph", str(graph_copy), "--store", "oxigraph")
    assert memory.exit_code == disk.exit_code == 1
    assert sorted(memory.stderr.splitlines()) == sorted(disk.stderr.splitlines())
    assert list((graph_copy / ".kg-cache").glob("oxigraph-*"))
    refused = kg("validate", "--graph", str(graph_copy), "--store", "memory")
    assert refused.exit_code == 2 and "kg validate cannot use --store memory" in refused.stderr


# Guesses that break the shapes at every distance a path reaches: on the node itself, one
# link away (a role's performer, an inverse path), two (a sentence's selector), a new target.
GUESS_POOL = [
    'kg:organization_netflix schema:name "Netflix, Inc." .',
    "kg:xo-kitty_role_anna-cathcart_kitty-song-covey kgo:performer kg:XOKitty .",
    'kg:xo-kitty_role_anna-cathcart_kitty-song-covey kgo:characterName "Kitty" .',
    "kg:person_anna-cathcart a kgo:Place .",
    "kg:NewPlace a kgo:City .",
    'kg:XOKitty kgo:hasCastMember kg:NewRole . kg:NewRole a kgo:CastingRole ; rdfs:label "New Role" .',
    "src:s01-position oa:start 3 .",
    'src:s02-quote oa:exact "another quote" .',
    "kg:XOKitty kgo:dateQualifier kg:GuessQualifier . kg:GuessQualifier kgo:precision kgo:DayPrecision .",
    'kg:XOKittySeason2 schema:seasonNumber "two" .',
    "kg:XOKittySeason2 kgo:filmingLocation kg:XOKitty .",
    'kg:to-all-the-boys_character_kitty-song-covey schema:name "" .',
    "kg:XOKittySeason2 kgo:dateQualifier kg:person_anna-cathcart .",  # a target only as an object
]


@pytest.mark.parametrize("engine", ["sparql", "pyshacl-turbo"])
def test_the_speculation_pass_finds_what_a_whole_pass_finds(graph_copy: Path, tmp_path: Path, engine: str) -> None:
    """The pass over the view with speculation checks only the nodes the guesses can touch;
    with the default view's pass it must find every problem a pass over the whole view with
    speculation finds, whatever the guesses (random sets from GUESS_POOL), with the shapes as
    SPARQL on the store and with an engine on a copy."""
    import random

    from graph.shacl import reach
    from graph.validate import ShapeCheck, SubjectIndex

    if engine == "pyshacl-turbo":
        pytest.importorskip("pyshacl_turbo")
    head = VIOLATIONS.split("claim:bad-facts {")[0]
    files = discover(KnowledgeGraph.open(graph_copy, load=False).location)
    shapes_triples = [q.triple for path in files.shapes for q in parse_file(path)]
    assert reach(Shapes(shapes_triples)) is not None
    both = [ox.DefaultGraph(), ox.NamedNode(SPECULATION_GRAPH)]
    rng = random.Random(22)
    for attempt in range(12):
        guesses = rng.sample(GUESS_POOL, rng.randint(1, 5))
        claims = "\n".join(
            f"claim:guess-{n} {{ {g} }}\nclaim:guess-{n} a kgo:Claim ; kgo:status kgo:Speculation ; "
            "prov:wasDerivedFrom src:s01 ."
            for n, g in enumerate(guesses)
        )
        (graph_copy / "ontology" / "facts" / "guesses.trig").write_text(head + claims + "\n", encoding="utf-8")
        store = _memory_store(
            [Path(p).resolve() for p in [*files.data(), str(graph_copy / "ontology/facts/guesses.trig")]], {}
        )
        folder = tmp_path / f"attempt-{attempt}"
        folder.mkdir()
        check_ = ShapeCheck(store, shapes_triples, SubjectIndex([], {}), folder, engine=engine)
        assert check_.copies == (engine != "sparql")
        check_.write()
        if engine == "sparql":
            compiled = compile_shapes(Shapes(shapes_triples))
            assert compiled is not None
            passes = [{r.key() for r in check_store(store, graphs, compiled, focus)} for graphs, focus in check_.passes]
            expected = {r.key() for r in check_store(store, both, compiled)}
            targets = {row[0] for row in store.query("SELECT DISTINCT ?s WHERE { ?s a ?c }", default_graph=both)}
            assert check_.passes[1][1] is not None and len(check_.passes[1][1]) < len(targets) / 10
        else:
            shapes = shapes_graph(shapes_triples)
            passes = [
                {r.key() for r in check(text, shapes) if keep is None or r.focus in keep} for text, keep in check_.texts
            ]
            whole = _views(store, folder, readable_predicates(Shapes(shapes_triples)))[1]
            expected = {r.key() for r in check(whole, shapes)}
            assert check_.texts[1][0].stat().st_size < whole.stat().st_size / 2  # only what the guesses touch
        assert passes[0] | passes[1] == passes[0] | expected, guesses


def test_a_large_graph_is_checked_in_the_other_order_with_the_same_result(
    graph_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shapes left to an engine (a severity is not compiled to SPARQL): above SIDE_BY_SIDE the
    store is let go before the engine's passes, which run after the checks instead of beside
    them. The problems are the same."""
    import graph.validate

    (graph_copy / "ontology" / "facts" / "violations.trig").write_text(VIOLATIONS, encoding="utf-8")
    (graph_copy / "ontology" / "shapes-engine.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:shape> sh:targetClass <https://w3id.org/franchise-kg/ontology#City> ; sh:severity sh:Violation ;"
        ' sh:property [ sh:path <https://schema.org/name> ; sh:minCount 2 ; sh:message "two names" ] .\n',
        encoding="utf-8",
    )
    small = [str(p) for p in KnowledgeGraph.open(graph_copy, load=False).validate()]
    monkeypatch.setattr(graph.validate, "SIDE_BY_SIDE", 0)
    large = [str(p) for p in KnowledgeGraph.open(graph_copy, load=False).validate()]
    assert large == small and len(small) > 20
    assert any(p.endswith(": two names") for p in small)
