"""`kg season add` checks only what the new file can change (`graph.validate.check_change`),
so that adding to a graph of a million statements does not validate the whole graph again.
It must still find exactly the problems a whole `kg validate` finds for the same change:
random season files (new, or replacing one), made of random claims over the graph's own
nodes, terms, claims and sentences, with random mistakes, are checked both ways."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.locate import GraphLocation, bundled_root
from graph.namespaces import CLAIM, KG, KGO, OA, PROV, RDF, RDFS, SCHEMA
from graph.season.store import SeasonGraph
from graph.store.load import discover
from graph.validate import check_change, validate

XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
ARTICLE = "xo-kitty-season-2-article"


SEED = "Seed Actor joins XO, Kitty season 2 as Seed Character"
REPLACED = "xo-kitty-season-2--seed-one.trig"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> GraphLocation:
    """The bundled graph, and two sources' season files about one new cast member: the
    first (the file the random ones replace) describes the actor and the character; the
    second, edited by hand, only refers to them. Replacing the first leaves the second's
    role pointing at nodes nothing describes: a problem outside the new file."""
    from click.testing import CliRunner

    from graph.cli.main import cli

    folder = tmp_path_factory.mktemp("incremental")
    root = folder / "graph"
    shutil.copytree(bundled_root() / "ontology", root / "ontology")
    shutil.copytree(bundled_root() / "queries", root / "queries")
    for n, (slug, flags) in enumerate([("seed-one", ";new"), ("seed-two", "")]):
        article = folder / f"{slug}.txt"
        article.write_text(f"Casting news {n}\n\n{SEED}.\n", encoding="utf-8")
        source = ["source", "add", str(article), "--title", f"Casting news {n}", "--slug", slug]
        season = ["season", "add", "--source", slug, "--number", "2", "--cast", f"Seed Actor=Seed Character{flags}"]
        for args in ([*source, "--published", f"2024-11-0{n + 1}"], [*season, "--cast-quote", SEED]):
            run = CliRunner().invoke(cli, [*args, "--graph", str(root)])
            assert run.exit_code == 0, run.output
    loc = GraphLocation(root, "test")
    second = loc.facts_dir / "xo-kitty-season-2--seed-two.trig"
    described = {f"{KG}person_seed-actor", f"{KG}xo-kitty_character_seed-character"}
    kept = [q for q in ox.parse(second.read_bytes(), format=ox.RdfFormat.TRIG) if q.subject.value not in described]
    second.write_bytes(ox.serialize(kept, format=ox.RdfFormat.TRIG))
    assert validate(loc, discover(loc)) == []  # the graph is sound before each change
    return loc


@pytest.fixture(scope="module")
def terms(base: GraphLocation) -> dict[str, list[str]]:
    """Nodes, terms, claims, sentences and names of the graph, to build random files from."""
    store = SeasonGraph(base).store

    def column(query: str) -> list[str]:
        return sorted({row[0].value for row in store.query(query)})  # type: ignore[union-attr]

    return {
        "entity": column(f'SELECT DISTINCT ?e WHERE {{ GRAPH ?g {{ ?e ?p ?o }} FILTER(STRSTARTS(STR(?e), "{KG}")) }}')
        + [f"{KG}test-thing-{n}" for n in range(3)]
        + ["http://example.org/elsewhere"],
        "claim": column(f"SELECT ?c WHERE {{ ?c a <{KGO}Claim> }}"),
        "sentence": [*column(f"SELECT ?s WHERE {{ ?s <{OA}hasSource> ?d }}"), f"{KG}not-a-sentence"],
        "class": [*column(f"SELECT ?c WHERE {{ ?c a <{OWL}Class> }}"), f"{KGO}noSuchClass"],
        "object_property": [*column(f"SELECT ?p WHERE {{ ?p a <{OWL}ObjectProperty> }}"), OWL + "differentFrom"],
        "data_property": [*column(f"SELECT ?p WHERE {{ ?p a <{OWL}DatatypeProperty> }}"), f"{KGO}noSuchProperty"],
        "name": [*column(f"SELECT ?n WHERE {{ GRAPH ?g {{ ?e <{SCHEMA}name> ?n }} }}"), "Test Name", ""],
        "doc": column(f"SELECT ?d WHERE {{ ?d a <{KGO}SourceDocument> }}"),
    }


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


@st.composite
def _statement(draw: st.DrawFn, terms: dict[str, list[str]]) -> tuple[str, str, ox.NamedNode | ox.Literal]:
    """A statement about a node of the graph (or a new one), right or wrong."""
    subject = draw(st.sampled_from(terms["entity"]))
    kind = draw(st.sampled_from(["type", "name", "label", "object", "data"]))
    if kind == "type":
        return subject, RDF + "type", ox.NamedNode(draw(st.sampled_from(terms["class"])))
    if kind in ("name", "label"):
        name = ox.Literal(draw(st.sampled_from(terms["name"])))
        return subject, SCHEMA + "name" if kind == "name" else RDFS + "label", name
    if kind == "object":
        return (
            subject,
            draw(st.sampled_from(terms["object_property"])),
            ox.NamedNode(draw(st.sampled_from(terms["entity"]))),
        )
    value = draw(
        st.one_of(
            st.sampled_from(terms["name"]).map(ox.Literal),
            st.dates().map(lambda d: _typed(d.isoformat(), "date")),
            st.integers(-2, 12).map(lambda n: _typed(str(n), "integer")),
            st.booleans().map(lambda b: _typed(str(b).lower(), "boolean")),
        )
    )
    return subject, draw(st.sampled_from(terms["data_property"])), value


@st.composite
def season_file(draw: st.DrawFn, terms: dict[str, list[str]], name: str = "test") -> tuple[list[ox.Quad], list[str]]:
    """Random claims: statements in their graphs, and in the default graph each claim's
    type, status, sentences, reasoning and revisions (any of them may be missing or wrong),
    sometimes a sentence of a source said to be at the wrong place."""
    claims = [f"{CLAIM}{name}-{n}" for n in range(draw(st.integers(1, 4)))]
    quads: list[ox.Quad] = []
    default = ox.DefaultGraph()

    def meta(
        subject: ox.NamedNode | ox.BlankNode, predicate: str, obj: ox.NamedNode | ox.Literal | ox.BlankNode
    ) -> None:
        quads.append(ox.Quad(subject, ox.NamedNode(predicate), obj, default))

    for claim in claims:
        node = ox.NamedNode(claim)
        for s, p, o in draw(st.lists(_statement(terms), max_size=4)):
            quads.append(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, node))
        if draw(st.integers(0, 9)):
            meta(node, RDF + "type", ox.NamedNode(KGO + "Claim"))
        status = draw(st.sampled_from(["Stated", "Stated", "Inferred", "Speculation", None]))
        if status:
            meta(node, KGO + "status", ox.NamedNode(KGO + status))
        for sentence in draw(st.lists(st.sampled_from(terms["sentence"]), max_size=2)):
            meta(node, PROV + "wasDerivedFrom", ox.NamedNode(sentence))
        if draw(st.booleans()):
            meta(node, RDFS + "comment", ox.Literal("because"))
        for old in draw(st.lists(st.sampled_from(terms["claim"]), max_size=2)):
            meta(ox.NamedNode(old), KGO + "supersededBy", node)
        if draw(st.integers(0, 5)) == 0:
            meta(node, KGO + "supersededBy", ox.NamedNode(draw(st.sampled_from(terms["claim"] + claims))))
    if draw(st.integers(0, 7)) == 0:  # a sentence of a source, quoted at the wrong place
        sentence, selector = ox.NamedNode(f"{KG}test-sentence"), ox.BlankNode()
        meta(sentence, RDF + "type", ox.NamedNode(KGO + "Sentence"))
        meta(sentence, OA + "hasSource", ox.NamedNode(draw(st.sampled_from(terms["doc"]))))
        meta(sentence, OA + "hasSelector", selector)
        meta(selector, OA + "start", _typed("0", "integer"))
        meta(selector, OA + "end", _typed("2", "integer"))
        meta(selector, OA + "exact", ox.Literal(draw(st.sampled_from(["Ca", "XO"]))))
    return quads, claims


def _problems(problems: list) -> list[str]:
    """The problems as text, each once; a blank node's label (new at each load) as `_:b`."""
    return sorted({re.sub(r"(_:)?\b[0-9a-f]{16,32}\b", "_:b", str(p)) for p in problems})


def _both_ways(loc: GraphLocation, path: Path, quads: list[ox.Quad], claims: list[str], replace: bool) -> None:
    data = ox.serialize(quads, format=ox.RdfFormat.TRIG)
    whole = _problems(validate(loc, discover(loc), overrides={path: data}))
    store = SeasonGraph(loc, without=path.resolve() if replace else None).store
    assert _problems(check_change(loc, store, path.resolve(), data, claims, replaced=replace)) == whole


def _random_change_both_ways(base: GraphLocation, terms, data, replace: bool) -> None:
    """A random season file, new or replacing one, checked both ways (`_both_ways`)."""
    quads, claims = data.draw(season_file(terms))
    path = base.facts_dir / (REPLACED if replace else "xo-kitty-season-9--test.trig")
    _both_ways(base, path, quads, claims, replace)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), replace=st.booleans())
def test_a_change_is_checked_as_a_whole_validate_checks_it(base: GraphLocation, terms, data, replace: bool) -> None:
    _random_change_both_ways(base, terms, data, replace)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), replace=st.booleans())
def test_with_shapes_left_to_an_engine_a_change_is_checked_as_a_whole_validate_checks_it(
    base: GraphLocation, terms, monkeypatch: pytest.MonkeyPatch, data, replace: bool
) -> None:
    """The same with the shapes given to a SHACL engine (as shapes that do not compile to
    SPARQL are), which checks a copy of what the change can touch."""
    monkeypatch.setattr("graph.shacl_sparql.compile_shapes", lambda shapes: None)
    _random_change_both_ways(base, terms, data, replace)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), replace=st.booleans())
def test_over_random_graphs_a_change_brings_no_problem_unseen(
    base: GraphLocation, terms, tmp_path_factory: pytest.TempPathFactory, data, replace: bool
) -> None:
    """The graph itself random too: the one above with a random file of claims added, which
    may break it any way the changes can. Then the check finds every problem a whole
    `kg validate` finds after the change and did not find before, and nothing it does not."""
    root = tmp_path_factory.mktemp("random-graph")
    shutil.copytree(base.root / "ontology", root / "ontology")
    shutil.copytree(base.root / "queries", root / "queries")
    loc = GraphLocation(root, "test")
    prior, prior_claims = data.draw(season_file(terms, "prior"))
    (loc.facts_dir / "xo-kitty-season-8--prior.trig").write_bytes(ox.serialize(prior, format=ox.RdfFormat.TRIG))
    before = _problems(validate(loc, discover(loc)))
    quads, claims = data.draw(season_file({**terms, "claim": terms["claim"] + prior_claims}))
    path = (loc.facts_dir / (REPLACED if replace else "xo-kitty-season-9--test.trig")).resolve()
    change = ox.serialize(quads, format=ox.RdfFormat.TRIG)
    after = _problems(validate(loc, discover(loc), overrides={path: change}))
    store = SeasonGraph(loc, without=path if replace else None).store
    found = _problems(check_change(loc, store, path, change, claims, replaced=replace))
    assert set(after) - set(before) <= set(found) <= set(after)


def test_what_a_replaced_file_leaves_behind_is_found(base: GraphLocation, terms) -> None:
    """The replaced file described the actor and character another file's role refers to:
    replaced by a file that says nothing of them, the role is left pointing at nodes nothing
    describes, in a file the change never touched; found both ways."""
    claim = ox.NamedNode(f"{CLAIM}test-other")
    default = ox.DefaultGraph()
    quads = [
        ox.Quad(
            ox.NamedNode(f"{KG}XOKittySeason2"), ox.NamedNode(KGO + "numberOfEpisodes"), _typed("8", "integer"), claim
        ),
        ox.Quad(claim, ox.NamedNode(RDF + "type"), ox.NamedNode(KGO + "Claim"), default),
        ox.Quad(claim, ox.NamedNode(KGO + "status"), ox.NamedNode(KGO + "Speculation"), default),
        ox.Quad(claim, ox.NamedNode(PROV + "wasDerivedFrom"), ox.NamedNode(terms["sentence"][0]), default),
    ]
    data = ox.serialize(quads, format=ox.RdfFormat.TRIG)
    path = base.facts_dir / REPLACED
    found = _problems(validate(base, discover(base), overrides={path: data}))
    assert any("seed-two" in p and "role_seed-actor" in p for p in found), found
    _both_ways(base, path, quads, [claim.value], True)
