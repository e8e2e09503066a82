"""Every fact traces back to the sentence that states it; speculation stays out of the
default view; inferences say so and why."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.api import KnowledgeGraph
from graph.locate import bundled_root

SOURCE_TEXT = bundled_root() / "ontology" / "sources" / "xo-kitty-season-2-article.txt"


@pytest.fixture(scope="module")
def kgraph(bundled: KnowledgeGraph) -> KnowledgeGraph:
    return bundled


def rows(kgraph: KnowledgeGraph, query: str, **options: object) -> list[dict[str, str]]:
    return kgraph.select(query, **options)


def test_every_default_view_fact_about_an_entity_has_a_claim_with_a_sentence(kgraph):
    orphans = rows(
        kgraph,
        """SELECT ?s ?p ?o WHERE {
             ?s ?p ?o . FILTER(STRSTARTS(STR(?s), STR(kg:)))
             FILTER NOT EXISTS { GRAPH ?c { ?s ?p ?o } ?c kgo:status ?st ; prov:wasDerivedFrom ?sentence .
                                 ?sentence a kgo:Sentence }
           }""",
    )
    assert orphans == []
    facts = rows(kgraph, "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), STR(kg:))) }")
    assert len(facts) > 100


def test_each_quote_is_the_source_text_at_its_offsets(kgraph):
    text = SOURCE_TEXT.read_text(encoding="utf-8")
    cited = rows(
        kgraph,
        """SELECT DISTINCT ?sentence ?start ?end ?exact WHERE {
             ?claim prov:wasDerivedFrom ?sentence .
             ?sentence oa:hasSelector ?p , ?q . ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }""",
    )
    assert len(cited) >= 20  # the article has 32 sentences; most state something
    for row in cited:
        assert text[int(row["start"]) : int(row["end"])] == row["exact"]


def test_the_article_is_shipped_inside_the_project():
    original = Path(__file__).resolve().parents[2] / "shared" / "sources" / "xo-kitty-season-2-article.txt"
    if original.exists():
        assert SOURCE_TEXT.read_bytes() == original.read_bytes()
    assert SOURCE_TEXT.stat().st_size > 1000


def test_stated_fact_cites_the_sentence_that_states_it(kgraph):
    found = rows(
        kgraph,
        """SELECT ?exact ?status WHERE {
             GRAPH ?c { kg:xo-kitty-season-2_role_audrey-huynh_stella kgo:isSeriesRegular true }
             ?c kgo:status ?status ; prov:wasDerivedFrom/oa:hasSelector/oa:exact ?exact }""",
    )
    assert found, "the series-regular fact must have provenance"
    assert all(r["status"].endswith("#Stated") for r in found)
    assert any("Stella, a new series regular" in r["exact"] for r in found)


def test_speculation_is_not_in_the_default_view(kgraph):
    query = "SELECT ?d WHERE { kg:XOKittySeason2 kgo:expectedReleaseDate ?d }"
    assert rows(kgraph, query) == []
    assert [r["d"] for r in rows(kgraph, query, with_speculation=True)] == ["2025-05-01"]
    # the claim itself is still there to ask about, marked as speculation
    claims = rows(
        kgraph,
        """SELECT ?status ?exact WHERE { GRAPH ?c { kg:XOKittySeason2 kgo:expectedReleaseDate ?d }
             ?c kgo:status ?status ; prov:wasDerivedFrom/oa:hasSelector/oa:exact ?exact }""",
    )
    assert [c["status"] for c in claims] == ["https://w3id.org/franchise-kg/ontology#Speculation"]
    assert "middle of 2025" in claims[0]["exact"]


def test_no_guess_is_recorded_as_a_fact(kgraph):
    """The article's guesses (end of filming, release) appear only in speculation claims."""
    leaked = rows(
        kgraph,
        """SELECT ?s ?p ?o WHERE { ?s ?p ?o . FILTER(?p IN (kgo:expectedReleaseDate, kgo:expectedReleaseWindow,
                                                                kgo:expectedEndDate)) }""",
    )
    assert leaked == []
    filming_end = rows(kgraph, "SELECT ?e WHERE { kg:XOKittySeason2Filming schema:endDate ?e }", with_speculation=True)
    assert filming_end == []  # the article never gives an actual end date


def test_the_year_resting_on_a_guess_is_speculation_with_reasoning(kgraph):
    found = rows(
        kgraph,
        """SELECT ?year ?status ?why ?premise WHERE { GRAPH ?c { kg:XOKittySeason2Filming schema:startDate ?year }
             ?c kgo:status ?status ; rdfs:comment ?why ; kgo:restsOn ?premise }""",
    )
    assert len(found) == 1
    assert found[0]["year"] == "2024-01-01"
    assert found[0]["status"].endswith("#Speculation")
    assert "this year" in found[0]["why"] and found[0]["premise"].endswith("season-2-release-guess")
    assert rows(kgraph, "SELECT ?y WHERE { kg:XOKittySeason2Filming schema:startDate ?y }") == []


def test_the_article_date_is_recorded_as_unknown(kgraph):
    source = rows(
        kgraph,
        """SELECT ?known ?why WHERE { ?doc a kgo:SourceDocument ; kgo:publicationDateKnown ?known ; rdfs:comment ?why
             FILTER NOT EXISTS { ?doc schema:datePublished ?d } }""",
    )
    assert [r["known"] for r in source] == ["false"]
    assert "no publication date" in source[0]["why"]
    as_of = rows(kgraph, "SELECT ?c WHERE { ?c kgo:holdsAsOf ?doc . GRAPH ?c { ?s kgo:releaseDateAnnounced false } }")
    assert [r["c"].rsplit("/", 1)[1] for r in as_of] == ["season-2-no-release-date"]


def test_headings_are_not_sentences_and_no_claim_cites_one(kgraph):
    headings = rows(kgraph, "SELECT ?h ?n WHERE { ?h a kgo:Heading ; kgo:sentenceNumber ?n }")
    assert sorted(int(r["n"]) for r in headings) == [4, 8, 13, 19]
    assert rows(kgraph, "SELECT ?h WHERE { ?h a kgo:Heading , kgo:Sentence }") == []
    assert rows(kgraph, "SELECT ?c WHERE { ?c prov:wasDerivedFrom ?h . ?h a kgo:Heading }") == []


def test_corrected_claims_cite_every_sentence_they_need(kgraph):
    def cited(claim: str) -> set[int]:
        found = rows(kgraph, f"SELECT ?n WHERE {{ claim:{claim} prov:wasDerivedFrom/kgo:sentenceNumber ?n }}")
        return {int(r["n"]) for r in found}

    for actor in ("sasha-bhasin", "joshua-lee", "audrey-huynh"):  # one claim per role
        assert cited(f"season-2-cast-{actor}") == {10, 11}  # s10 names the actors, s11 pairs them with characters
    assert cited("kiss") == {12, 21}
    status = rows(kgraph, "SELECT ?s WHERE { claim:kiss kgo:status ?s }")
    assert status[0]["s"].endswith("#Inferred")
    # Kitty is expelled *from* KISS: the school is what the event is about, not where it happens
    located = rows(kgraph, "SELECT ?e WHERE { ?e kgo:eventLocation ?p . ?p schema:alternateName 'KISS' }")
    assert located == []
    assert rows(kgraph, "SELECT ?e WHERE { ?e kgo:involvesPlace ?p . ?p schema:alternateName 'KISS' }")


def test_inferred_and_speculation_claims_explain_themselves(kgraph):
    missing = rows(
        kgraph,
        """SELECT ?c WHERE { ?c kgo:status ?s FILTER(?s IN (kgo:Inferred, kgo:Speculation))
             FILTER NOT EXISTS { ?c rdfs:comment ?why } }""",
    )
    assert missing == []


def test_trig_export_keeps_claims_as_named_graphs(kg):
    run = kg("export", "--format", "trig")
    quads = list(ox.parse(run.stdout.encode(), format=ox.RdfFormat.TRIG))
    graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    assert "https://w3id.org/franchise-kg/claim/season-2-cast-audrey-huynh" in graphs
    assert "https://w3id.org/franchise-kg/claim/season-2-release-guess" in graphs  # as provenance
    default = [q for q in quads if isinstance(q.graph_name, ox.DefaultGraph)]
    assert not any(q.predicate.value.endswith("expectedReleaseDate") for q in default)
    assert not any("graph/speculation" in g for g in graphs)


def test_explain_prints_each_fact_with_its_sentence(kg):
    run = kg("explain", "stella")
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    assert out.startswith("Stella  kg:xo-kitty_character_stella")
    assert "kgo:introducedIn  kg:XOKittySeason2" in out
    assert "“Bhasin will take on the role of Praveena" in re.sub(r"\s+", " ", out)
    assert "sentence 11, characters 1240–1358" in out


def test_explain_hides_speculation_unless_asked(kg):
    plain = kg("explain", "kg:XOKittySeason2").stdout
    spec = kg("explain", "kg:XOKittySeason2", "--with-speculation").stdout
    assert "expectedReleaseDate" not in plain
    assert "kgo:expectedReleaseDate" in spec and "speculation · claim:season-2-release-guess" in spec


def test_explain_shows_the_reasoning_of_an_inference(kg):
    out = kg("explain", "Korean Independent School of Seoul").stdout
    assert "inferred · claim:kiss-in-seoul" in out
    assert "why: The school's name" in out


def test_explain_json(kg):
    data = json.loads(kg("explain", "Anna Cathcart", "--format", "json").stdout)
    assert data["entity"] == "https://w3id.org/franchise-kg/id/person_anna-cathcart"
    sentences = [s for f in data["facts"] for e in f["evidence"] for s in e["sentences"]]
    assert sentences and all("Anna Cathcart" in s["exact"] for s in sentences)


def test_explain_refuses_unknown_and_ambiguous_names(kg):
    unknown = kg("explain", "Lara Jean")
    assert unknown.exit_code == 2
    assert "no entity named 'Lara Jean'" in unknown.stderr
    close = kg("explain", "Ana Cathcart")
    assert "did you mean 'Anna Cathcart'" in close.stderr
    ambiguous = kg("explain", "to all the boys")
    assert ambiguous.exit_code == 2
    assert "kg:ToAllTheBoysBooks" in ambiguous.stderr and "kg:ToAllTheBoysFilms" in ambiguous.stderr


def test_explain_suggests_names_containing_what_was_typed(kg):
    run = kg("explain", "Kitty")
    assert run.exit_code == 2
    assert "did you mean 'Kitty Song Covey' (kg:to-all-the-boys_character_kitty-song-covey)" in run.stderr
    assert "'city'" not in run.stderr  # ontology terms are not entities to explain


def test_explain_refuses_an_iri_that_is_nowhere_in_the_graph(kg):
    run = kg("explain", "kg:Nobody")
    assert run.exit_code == 2
    assert "kg:Nobody: no such entity in the graph" in run.stderr
