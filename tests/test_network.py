"""The graph as a NetworkX graph, and `kg export --format graphml|gexf` for Gephi/Cytoscape."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from graph.api import KnowledgeGraph
from graph.namespaces import KG, KGO
from graph.viz.network import build_network

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "ontology" / "sources"


def quote(sentence: str) -> str:
    """The exact text of a sentence (e.g. "s03"), read from the source description itself."""
    for q in ox.parse(path=str(SOURCES / "xo-kitty-season-2-article.ttl")):
        if q.subject.value.endswith(f"#{sentence}-quote") and q.predicate.value.endswith("#exact"):
            return q.object.value
    raise AssertionError(f"no sentence {sentence}")


def count(kg: KnowledgeGraph, where: str, **options: object) -> int:
    rows = kg.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", **options)
    return int(rows[0]["n"])


def edges_between(g: nx.MultiDiGraph, source: str, target: str) -> list[dict[str, str]]:
    return list(g.get_edge_data(KG + source, KG + target, default={}).values())


def test_one_node_per_franchise_resource_and_no_bookkeeping(bundled: KnowledgeGraph) -> None:
    g = build_network(bundled.engine)
    entities = bundled.select(
        "SELECT DISTINCT ?e WHERE { ?e a ?c FILTER(STRSTARTS(STR(?e), STR(kg:)) && ?c != kgo:TimeValue) }"
    )
    assert {row["e"] for row in entities} == set(g.nodes)
    # one edge per statement linking two franchise resources (types and literals are attributes)
    linking = (
        "?s ?p ?o FILTER(isIRI(?o) && ?p NOT IN (rdf:type, kgo:dateQualifier) && STRSTARTS(STR(?s), STR(kg:))"
        " && STRSTARTS(STR(?o), STR(kg:)))"
    )
    assert g.number_of_edges() == count(bundled, linking)


def test_nodes_have_label_class_and_kind(bundled: KnowledgeGraph) -> None:
    g = build_network(bundled.engine)
    kinds = {
        "XOKitty": "series",
        "XOKittySeason2": "season",
        "ToAllTheBoysFilms": "film",
        "ToAllTheBoysBooks": "book",
        "person_anna-cathcart": "person",
        "to-all-the-boys_character_kitty-song-covey": "character",
        "place_seoul": "place",
        "xo-kitty_fictional-place_korean-independent-school-of-seoul": "place",
        "organization_variety": "organization",
        "xo-kitty_plot-event_kittys-expulsion-from-kiss": "event",
        "XOKittySeason2Filming": "event",
        "xo-kitty_role_anna-cathcart_kitty-song-covey": "role",
    }
    assert {name: g.nodes[KG + name]["kind"] for name in kinds} == kinds
    season = g.nodes[KG + "XOKittySeason2"]
    assert season["label"] == "XO, Kitty Season 2"
    assert season["class"] == "kgo:TVSeason"
    assert season["iri"] == KG + "XOKittySeason2"


def test_edges_carry_predicate_and_every_claim_with_its_sentences(bundled: KnowledgeGraph) -> None:
    g = build_network(bundled.engine)
    [edge] = [e for e in edges_between(g, "XOKittySeason2", "place_seoul") if e["predicate"] == KGO + "filmingLocation"]
    assert edge["label"] == "filming location"
    assert edge["status"] == "stated"
    assert set(edge["claim"].split()) == {"claim:season-2-filming-seoul", "claim:season-2-backdrop-seoul"}
    assert quote("s03") in edge["sentence"] and quote("s06") in edge["sentence"]
    [inferred] = edges_between(g, "XOKitty", "place_seoul")
    assert inferred["status"] == "inferred" and "authentic setting" in inferred["reason"]


def test_literals_are_attributes_with_provenance_unless_kept_as_nodes(bundled: KnowledgeGraph) -> None:
    g = build_network(bundled.engine)
    season1 = g.nodes[KG + "XOKittySeason1"]
    assert season1["kgo:premiereDate"] == "2023-05-18"
    assert "premiere date: 2023-05-18" in season1["facts"] and quote("s15") in season1["facts"]
    assert not any(kind == "literal" for _, kind in g.nodes(data="kind"))

    with_literals = build_network(bundled.engine, literals_as_nodes=True)
    literal = '"2023-05-18"^^http://www.w3.org/2001/XMLSchema#date'
    assert with_literals.nodes[literal]["kind"] == "literal"
    [edge] = with_literals.get_edge_data(KG + "XOKittySeason1", literal).values()
    assert edge["label"] == "premiere date" and quote("s15") in edge["sentence"]


def test_speculation_only_when_asked_and_marked(bundled: KnowledgeGraph) -> None:
    plain = build_network(bundled.engine)
    assert edges_between(plain, "XOKittySeason2", "xo-kitty_plot-event_kittys-expulsion-from-kiss") == []
    assert "kgo:expectedReleaseDate" not in plain.nodes[KG + "XOKittySeason2"]

    guessed = build_network(bundled.engine, with_speculation=True)
    [edge] = edges_between(guessed, "XOKittySeason2", "xo-kitty_plot-event_kittys-expulsion-from-kiss")
    assert edge["status"] == "speculation" and quote("s22") in edge["sentence"]
    assert guessed.nodes[KG + "XOKittySeason2"]["kgo:expectedReleaseDate"] == "2025-05-01"
    statuses = {status for *_, status in guessed.edges(data="status")}
    assert statuses == {"stated", "inferred", "speculation"}


def test_casting_roles_collapse_to_actor_character_edges(bundled: KnowledgeGraph) -> None:
    roles = build_network(bundled.engine)
    collapsed = build_network(bundled.engine, collapse_roles=True)
    role_nodes = [n for n, kind in roles.nodes(data="kind") if kind == "role"]
    assert role_nodes and not any(kind == "role" for _, kind in collapsed.nodes(data="kind"))
    # each role: work→role, role→actor, role→character become actor→character and work→actor
    assert collapsed.number_of_nodes() == roles.number_of_nodes() - len(role_nodes)
    assert collapsed.number_of_edges() == roles.number_of_edges() - len(role_nodes)

    [plays] = edges_between(collapsed, "person_audrey-huynh", "xo-kitty_character_stella")
    assert plays["label"] == "plays" and plays["role"] == KG + "xo-kitty-season-2_role_audrey-huynh_stella"
    assert "character name: Stella" in plays["facts"] and "is series regular: true" in plays["facts"]
    assert "claim:season-2-cast-audrey-huynh" in set(plays["claim"].split())
    [cast] = edges_between(collapsed, "XOKittySeason2", "person_audrey-huynh")
    assert cast["label"] == "cast member" and quote("s11") in cast["sentence"]


def test_construct_result_becomes_a_labelled_subgraph(bundled: KnowledgeGraph) -> None:
    result = bundled.query("CONSTRUCT { ?w kgo:setIn ?place } WHERE { ?w kgo:setIn ?place }")
    g = build_network(bundled.engine, result.triples)
    assert g.number_of_edges() == len(result.triples)
    assert g.nodes[KG + "place_south-korea"]["label"] == "South Korea"
    assert g.nodes[KG + "place_south-korea"]["kind"] == "place"
    assert {label for *_, label in g.edges(data="label")} == {"set in"}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_kg_export_network_formats_round_trip(kg, tmp_path: Path, bundled: KnowledgeGraph, fmt: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    run = kg("export", "--graph", str(REPO), "--format", fmt, "-o", str(out))
    assert run.exit_code == 0, run.stderr
    read = nx.read_graphml(out, force_multigraph=True) if fmt == "graphml" else nx.read_gexf(out)
    expected = build_network(bundled.engine)
    assert read.number_of_nodes() == expected.number_of_nodes()
    assert read.number_of_edges() == expected.number_of_edges()
    statuses = {d.get("status") for *_, d in read.edges(data=True)}
    assert statuses == {"stated", "inferred"}
    assert any(quote("s31") in d.get("sentence", "") for *_, d in read.edges(data=True))


def test_kg_export_network_with_speculation(kg, tmp_path: Path) -> None:
    out = tmp_path / "graph.graphml"
    run = kg("export", "--graph", str(REPO), "--format", "graphml", "--with-speculation", "-o", str(out))
    assert run.exit_code == 0, run.stderr
    read = nx.read_graphml(out, force_multigraph=True)
    assert "speculation" in {d["status"] for *_, d in read.edges(data=True)}


def test_statements_of_the_same_claims_share_one_provenance_record(bundled: KnowledgeGraph) -> None:
    from graph.viz.provenance import read_provenance

    found = read_provenance(bundled.engine)
    by_claims: dict[frozenset[str], set[int]] = {}
    for prov in found.values():
        by_claims.setdefault(prov.claims, set()).add(id(prov))
    assert len(found) > len(by_claims)  # claims make many statements each
    assert all(len(ids) == 1 for ids in by_claims.values())  # one record per set of claims, shared


def test_facts_write_each_note_once(bundled: KnowledgeGraph) -> None:
    g = build_network(bundled.engine)
    facts = g.nodes[KG + "to-all-the-boys_character_kitty-song-covey"]["facts"].splitlines()
    assert "label: Kitty Song Covey [1]" in facts and "name: Kitty Song Covey [1]" in facts
    sentences = [line.strip() for line in facts if line.strip().startswith("[s")]
    assert sentences and len(sentences) == len(set(sentences))
    first = [line for line in facts if line.startswith("[1] ")]
    assert len(first) == 1 and first[0].startswith("[1] stated · claim:kitty-main-character")
