"""The workbench's JSON API (graph.serve.api.ROUTES), called as the server calls it:
`ROUTES[name](kg.engine, kg.location, params)` with string parameters, answers that survive json.dumps."""

from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path

import pytest

from graph.api import KnowledgeGraph
from graph.errors import KGError, UsageError
from graph.namespaces import KG, KGO, SCHEMA, SOURCE
from graph.serve import api
from graph.serve.api import MAX_NEIGHBOURS, ROUTES
from graph.serve.api.entity import _utf16

KITTY = KG + "to-all-the-boys_character_kitty-song-covey"
SEASON2 = KG + "XOKittySeason2"


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return KnowledgeGraph.open()


def call(kg: KnowledgeGraph, name: str, **params: str) -> object:
    """As the server does: the answer must be JSON."""
    answer = ROUTES[name](kg.engine, kg.location, params)
    return json.loads(json.dumps(answer))


def test_queries_lists_every_named_query_with_typed_parameters_and_defaults(kg) -> None:
    answer = call(kg, "queries")
    names = [q["name"] for q in answer]
    assert names == sorted(p.stem for p in kg.location.queries_dir.glob("*.rq"))
    cast = next(q for q in answer if q["name"] == "cast-of-season")
    assert cast["parameters"] == [
        {"name": "season", "type": "integer", "required": True, "default": "2"},
        {"name": "series", "type": "iri", "required": False, "default": None},
    ]
    assert cast["summary"].startswith("Cast of a season")
    assert cast["text"] == (kg.location.queries_dir / "cast-of-season.rq").read_text(encoding="utf-8")
    assert {"name", "summary", "description", "tags", "parameters"} <= set(cast)


def test_check_accepts_what_kg_query_accepts_and_refuses_the_rest(kg) -> None:
    assert call(kg, "check", _query="cast-of-season", season="1") == {"ok": True, "query": "cast-of-season"}
    assert call(kg, "check", _query="cast-of-season") == {"ok": True, "query": "cast-of-season"}  # default 2
    for values, error in [
        ({"season": "two"}, "parameter season: 'two' is not a valid xsd:integer"),
        ({"series": "not an iri"}, "parameter series: 'not an iri' is not an IRI"),
        ({"colour": "red"}, "cast-of-season: no parameter named 'colour'"),
    ]:
        answer = call(kg, "check", _query="cast-of-season", **values)
        assert answer["ok"] is False and answer["error"].startswith(error)
    assert call(kg, "check", _query="fact-source")["ok"] is True  # its default
    for name in ["no-such-query", "../tests/benchmarks/queries/join", "x" * 5000, "/etc/passwd"]:
        with pytest.raises(UsageError, match="no named query"):
            call(kg, "check", _query=name)


def test_completions_offer_prefixes_classes_properties_and_names(kg) -> None:
    answer = call(kg, "completions")
    assert answer["prefixes"]["kg"] == KG
    assert "kgo:Character" in answer["classes"] and "kgo:TVSeason" in answer["classes"]
    assert "kgo:mainCharacter" in answer["properties"]
    assert answer["entities"] == []
    named = call(kg, "completions", q="kitty song")["entities"]
    assert named[0] == {
        "iri": KITTY,
        "short": "kg:to-all-the-boys_character_kitty-song-covey",
        "name": "Kitty Song Covey",
    }
    assert "classes" not in call(kg, "completions", q="kitty")
    # what a user types after kg: (the IRI's local name) finds it too
    assert call(kg, "completions", q="character_kitty-so")["entities"][0]["iri"] == KITTY


def test_a_name_search_sees_a_graph_loaded_anew(graph_copy: Path) -> None:
    live = KnowledgeGraph.open(graph_copy)
    assert call(live, "completions", q="Zelda")["entities"] == []
    extra = graph_copy / "ontology" / "facts" / "zelda.trig"
    extra.write_text(
        "@prefix kg: <https://w3id.org/franchise-kg/id/> . @prefix schema: <https://schema.org/> .\n"
        'kg:Zelda schema:name "Zelda Zed" .\n',
        encoding="utf-8",
    )
    reloaded = KnowledgeGraph.open(graph_copy)  # as kg serve does when the files change
    assert [e["name"] for e in call(reloaded, "completions", q="Zelda")["entities"]] == ["Zelda Zed"]


@pytest.mark.parametrize("q", ['"} } ; DROP ALL #', "')) UNION { ?s ?p ?o } #", "\\", "\x00"])
def test_completions_bind_the_typed_text_as_a_value(kg, q: str) -> None:
    assert call(kg, "completions", q=q)["entities"] == []


def test_labels_and_kinds_are_those_kg_viz_draws(kg) -> None:
    answer = call(kg, "labels", iris=f"{KITTY} kg:XOKitty kg:person_anna-cathcart")
    assert answer[KITTY] == {
        "iri": KITTY,
        "short": "kg:to-all-the-boys_character_kitty-song-covey",
        "label": "Kitty Song Covey",
        "kind": "character",
        "bookkeeping": False,
    }
    assert answer[KG + "XOKitty"]["kind"] == "series"
    assert answer[KG + "person_anna-cathcart"]["kind"] == "person"
    styles = call(kg, "styles")
    assert {answer[i]["kind"] for i in answer} <= set(styles)
    assert styles["character"]["shape"] == "hexagon"
    # the legend's picture is that shape in those colours (an SVG, as an image: no markup in the page)
    icon = urllib.parse.unquote(styles["character"]["icon"].removeprefix("data:image/svg+xml,"))
    assert "<polygon" in icon and styles["character"]["color"] in icon and styles["character"]["border"] in icon
    assert "<circle" in urllib.parse.unquote(styles["person"]["icon"])  # a dot
    with pytest.raises(UsageError, match="at most"):
        call(kg, "labels", iris=" ".join(f"kg:E{i}" for i in range(api.MAX_IRIS + 1)))
    with pytest.raises(UsageError, match="not an IRI"):
        call(kg, "labels", iris="nope")


def test_neighbours_come_with_the_claims_and_sentences_of_each_edge(kg) -> None:
    answer = call(kg, "neighbours", iri="kg:XOKitty")
    assert answer["center"] == KG + "XOKitty" and not answer["more"]
    main = next(e for e in answer["edges"] if e["predicate"] == KGO + "mainCharacter")
    assert (main["from"], main["to"], main["status"]) == (KG + "XOKitty", KITTY, "stated")
    assert main["claims"][0]["short"] == "claim:kitty-main-character"
    assert "life of Kitty Song Covey" in main["claims"][0]["sentences"][0]
    nodes = {n["iri"] for n in answer["nodes"]}
    assert all(
        e["from"] in nodes and e["to"] in nodes and KG + "XOKitty" in (e["from"], e["to"]) for e in answer["edges"]
    )
    assert not any(e["predicate"].endswith("#type") for e in answer["edges"])


def test_neighbours_are_capped_and_say_there_are_more(kg) -> None:
    answer = call(kg, "neighbours", iri="kg:XOKitty", limit="2")
    assert len(answer["edges"]) == 2 and answer["more"] is True
    assert call(kg, "neighbours", iri="kg:XOKitty", limit="999999")["limit"] == MAX_NEIGHBOURS
    with pytest.raises(UsageError, match="whole number"):
        call(kg, "neighbours", iri="kg:XOKitty", limit="many")
    with pytest.raises(UsageError, match="whole number"):
        call(kg, "neighbours", iri="kg:XOKitty", offset="1; DROP")
    assert call(kg, "neighbours", iri="kg:XOKitty", offset="-5")["offset"] == 0
    assert call(kg, "neighbours", iri="kg:XOKitty", offset="99999999")["edges"] == []
    with pytest.raises(UsageError, match="give the iri parameter"):
        call(kg, "neighbours")


def test_speculation_edges_only_with_speculation(kg) -> None:
    plain = call(kg, "neighbours", iri=SEASON2, limit="200")
    spec = call(kg, "neighbours", iri=SEASON2, limit="200", **{"with-speculation": "true"})
    guessed = [e for e in spec["edges"] if e["status"] == "speculation"]
    assert guessed and all(c["status"] == "speculation" for e in guessed for c in e["claims"])
    assert not [e for e in plain["edges"] if e["status"] == "speculation"]
    assert len(spec["edges"]) > len(plain["edges"])


def test_graph_of_a_result_holds_only_statements_between_its_entities(kg) -> None:
    answer = call(kg, "graph", iris=f"kg:XOKitty {KITTY} kg:person_anna-cathcart")
    assert [(e["from"], e["short"], e["to"]) for e in answer["edges"]] == [(KG + "XOKitty", "kgo:mainCharacter", KITTY)]
    assert len(answer["nodes"]) == 3


def test_graph_of_a_result_of_names_draws_the_entities_they_name(kg) -> None:
    answer = call(kg, "graph", names="XO, Kitty\nKitty Song Covey\nno such name\n42")
    assert [n["iri"] for n in answer["nodes"]] == [KG + "XOKitty", KITTY]
    assert [(e["from"], e["short"], e["to"]) for e in answer["edges"]] == [(KG + "XOKitty", "kgo:mainCharacter", KITTY)]
    with pytest.raises(UsageError, match="too many names"):
        call(kg, "graph", names="\n".join(f"n{i}" for i in range(api.MAX_IRIS + 1)))


def test_neighbours_leave_bookkeeping_out_unless_asked(kg) -> None:
    plain = call(kg, "neighbours", iri=SEASON2, limit="200")
    assert plain["hidden"] >= 1  # the announcement date's qualifier
    assert not [n for n in plain["nodes"] if n["bookkeeping"]]
    every = call(kg, "neighbours", iri=SEASON2, limit="200", bookkeeping="true")
    qualifiers = [n for n in every["nodes"] if n["bookkeeping"]]
    assert len(qualifiers) == plain["hidden"] and every["hidden"] == 0
    assert all("_date_" in n["iri"] for n in qualifiers)


def test_graph_of_a_table_of_claims_draws_what_they_are_about(kg) -> None:
    """The timeline's claims (and its subjects' names): the seasons and filmings they date,
    linked as the graph links them; never a claim, a status or a date's qualifier as a node."""
    answer = call(
        kg,
        "graph",
        iris="kgo:Stated",
        claims="claim:season-1-filming claim:season-1-premiere claim:season-2-announced",
        names="Filming of XO, Kitty Season 1",
    )
    drawn = {n["short"] for n in answer["nodes"]}
    assert {"kg:XOKittySeason1", "kg:XOKittySeason1Filming", "kg:XOKittySeason2"} <= drawn
    assert not [n for n in drawn if n.startswith(("claim:", "kgo:")) or "_date_" in n]
    assert ("kg:XOKittySeason1", "kgo:filmedDuring", "kg:XOKittySeason1Filming") in {
        (api.network.shorten(e["from"]), e["short"], api.network.shorten(e["to"])) for e in answer["edges"]
    }
    assert call(kg, "graph", claims="claim:season-1-filming", bookkeeping="true")["nodes"] != []


def test_a_results_names_resolve_to_the_one_entity_each_names(kg) -> None:
    answer = call(kg, "resolve", names="Anna Cathcart\nStella\nno such name\nKitty Song Covey")
    assert {name: e["short"] for name, e in answer["entities"].items()} == {
        "Anna Cathcart": "kg:person_anna-cathcart",
        "Stella": "kg:xo-kitty_character_stella",
        "Kitty Song Covey": "kg:to-all-the-boys_character_kitty-song-covey",
    }
    with pytest.raises(UsageError, match="too many names"):
        call(kg, "resolve", names="\n".join(f"n{i}" for i in range(api.MAX_IRIS + 1)))


def test_completion_puts_the_entity_named_so_before_those_whose_iri_holds_it(kg) -> None:
    names = [e["name"] for e in call(kg, "completions", q="Kitty")["entities"]]
    assert names[0] == "Kitty Song Covey"
    by_iri_only = [
        i for i, e in enumerate(call(kg, "completions", q="kitty")["entities"]) if "kitty" not in e["name"].lower()
    ]
    named = [i for i, e in enumerate(call(kg, "completions", q="kitty")["entities"]) if "kitty" in e["name"].lower()]
    assert by_iri_only and max(named) < min(by_iri_only)  # every xo-kitty_… IRI after every name holding it


def test_advice_is_what_kg_query_prints_on_stderr(kg) -> None:
    answer = call(kg, "advice", query="SELECT ?x WHERE {\n  ?x a kgo:Persn }", empty="true")
    assert answer["advice"] == [
        "<query>:2:8: kgo:Persn: no such class; did you mean kgo:Person?",
        "<query>: the query found nothing (0 rows) in this view of the graph",
    ]
    named = call(kg, "advice", _query="cast-of-season", season="7", empty="true")
    assert "cast-of-season: parameter season = 7 matched nothing (other values of it do)" in named["advice"]
    assert call(kg, "advice", _query="cast-of-season", season="2")["advice"] == []
    assert call(
        kg, "advice", query="SELECT ?x WHERE { ?x kgo:featuresEvent ?y }", empty="true", **{"with-speculation": "true"}
    )["advice"] == ["<query>: the query found nothing (0 rows) in this view of the graph"]
    with pytest.raises(UsageError, match="give the query parameter"):
        call(kg, "advice")
    with pytest.raises(UsageError, match="no named query"):
        call(kg, "advice", _query="../etc/passwd")


def test_entity_page_says_what_it_is_then_each_claim_once_with_its_sentences(kg) -> None:
    page = call(kg, "entity", iri="kg:person_audrey-huynh")
    assert [line["text"] for line in page["summary"]] == [
        "a person",
        "plays Stella in XO, Kitty Season 2 (new, series regular)",
    ]
    plays = page["summary"][1]["parts"]
    assert {p["text"]: p["iri"] for p in plays if p["iri"]} == {
        "Stella": KG + "xo-kitty_character_stella",
        "XO, Kitty Season 2": SEASON2,
    }
    (claim,) = page["claims"]
    assert (claim["short"], claim["status"], claim["section"]) == (
        "claim:season-2-cast-audrey-huynh",
        "stated",
        "stands",
    )
    assert [s["number"] for s in claim["sentences"]] == [10, 11]  # once each, for the four statements
    assert len(claim["facts"]) == 4 and claim["sources"][0]["short"] == "source:xo-kitty-season-2-article"
    assert len(page["facts"]) == 4  # the raw statements stay, for the folded list
    guesses = call(kg, "entity", iri="kg:XOKittySeason2", **{"with-speculation": "true"})["claims"]
    assert {c["section"] for c in guesses} == {"stands", "guess"}
    assert "guess" not in {c["section"] for c in call(kg, "entity", iri="kg:XOKittySeason2")["claims"]}


def test_entity_page_has_facts_in_and_out_with_claims_and_sentences(kg) -> None:
    answer = call(kg, "entity", iri="kg:to-all-the-boys_character_kitty-song-covey")
    assert (answer["label"], answer["kind"], answer["types"]) == ("Kitty Song Covey", "character", ["kgo:Character"])
    name = next(f for f in answer["facts"] if f["direction"] == "out" and f["predicate"]["value"] == SCHEMA + "name")
    evidence = name["evidence"][0]
    assert evidence["status"] == "stated" and evidence["short"] == "claim:kitty-main-character"
    sentence = evidence["sentences"][0]
    assert sentence["number"] == 2 and "Kitty Song Covey, portrayed by Anna Cathcart" in sentence["exact"]
    incoming = [f for f in answer["facts"] if f["direction"] == "in"]
    assert {f["value"]["value"] for f in incoming} >= {KG + "XOKitty"}
    # by name too, as kg explain takes it, and by full IRI as /entity/<percent-encoded IRI> gives it
    assert call(kg, "entity", iri="Kitty Song Covey")["iri"] == KITTY
    assert call(kg, "entity", iri=KITTY)["facts"] == answer["facts"]
    assert call(kg, "entity", iri=f"<{KITTY}>")["iri"] == KITTY


@pytest.mark.parametrize(
    "spec",
    [
        "kg:to-all-the-boys_character_kitty-song-covey",
        "kg:XOKitty",
        "kg:XOKittySeason2",
        "kg:place_seoul",
        "kgo:Character",
    ],
)
@pytest.mark.parametrize("speculation", [False, True])
def test_entity_page_has_the_facts_and_evidence_kg_explain_gives(kg, spec: str, speculation: bool) -> None:
    from graph.explain import explain

    iri, facts = explain(kg.engine, spec, with_speculation=speculation)
    expected = {
        (f.direction, f.predicate, json.dumps(f.value, sort_keys=True)): [
            (e.claim, e.status.rsplit("#", 1)[1].lower(), e.comment, e.sentences) for e in f.evidence
        ]
        for f in facts
    }
    flag = {"with-speculation": "true"} if speculation else {}
    page = call(kg, "entity", iri=spec, **flag)
    claimed = {
        (
            f["direction"],
            f["predicate"]["value"],
            json.dumps({k: v for k, v in f["value"].items() if k not in ("short", "label")}, sort_keys=True),
        ): [(e["claim"], e["status"], e["comment"], e["sentences"]) for e in f["evidence"]]
        for f in page["facts"]
        if f["evidence"]
    }
    assert claimed == expected
    assert page["iri"] == iri and page["truncated"] is False


def test_an_entity_with_many_claimed_statements_gets_a_capped_page(tmp_path: Path) -> None:
    trig = tmp_path / "many.trig"
    body = "".join(f"  kg:Fan{i} kgo:setIn kg:Hub .\n" for i in range(api.MAX_FACTS + 500))
    trig.write_text(
        "@prefix kg: <https://w3id.org/franchise-kg/id/> . @prefix kgo: <https://w3id.org/franchise-kg/ontology#> .\n"
        "@prefix claim: <https://w3id.org/franchise-kg/claim/> .\n"
        f"claim:many {{\n{body}}}\nclaim:many a kgo:Claim ; kgo:status kgo:Stated .\n",
        encoding="utf-8",
    )
    big = KnowledgeGraph.open(data=[trig])
    page = call(big, "entity", iri="kg:Hub")
    claimed = [f for f in page["facts"] if f["evidence"]]
    assert page["truncated"] is True and len(claimed) == api.MAX_FACTS
    assert call(big, "entity", iri="claim:many")["truncated"] is True


def test_entity_page_of_an_ontology_term_shows_statements_no_claim_states(kg) -> None:
    answer = call(kg, "entity", iri="kgo:Character")
    plain = [f for f in answer["facts"] if not f["evidence"]]
    assert plain and any(f["predicate"]["short"] == "rdfs:label" for f in plain)


def test_a_claims_page_lists_its_statements_and_a_sentences_page_its_place(kg) -> None:
    claim = call(kg, "entity", iri="claim:kitty-main-character")
    made = {(t["s"]["short"], t["p"]["short"], t["o"].get("short", t["o"]["value"])) for t in claim["claimed"]}
    assert ("kg:XOKitty", "kgo:mainCharacter", "kg:to-all-the-boys_character_kitty-song-covey") in made
    assert ("kg:to-all-the-boys_character_kitty-song-covey", "schema:name", "Kitty Song Covey") in made
    assert call(kg, "entity", iri="kg:XOKitty")["claimed"] == []
    sentence = call(kg, "entity", iri=SOURCE + "xo-kitty-season-2-article#s02")["sentence"]
    assert sentence["number"] == 2 and sentence["exact"].startswith("The series, which focuses")
    text = call(kg, "source", iri=sentence["source"])["text"]
    assert text[sentence["start"] : sentence["end"]] == sentence["exact"]


ANNA = KG + "person_anna-cathcart"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _keys(facts: list[dict]) -> set[tuple[str, str, str]]:
    return {(f["direction"], f["predicate"]["value"], f["value"]["value"]) for f in facts}


def _answers(kg: KnowledgeGraph, iri: str, **options: object) -> set[tuple[str, str, str]]:
    """What a query (as the query editor runs it) answers about an entity, in and out."""
    rows = kg.select(
        f"SELECT ?dir ?p ?o WHERE {{ {{ <{iri}> ?p ?o BIND('out' AS ?dir) }} UNION {{ ?o ?p <{iri}> BIND('in' AS ?dir) }} }}",
        **options,
    )
    return {(r["dir"], r["p"], r["o"]) for r in rows}


def test_with_rdfs_an_entity_page_shows_what_entailment_adds_apart_from_the_facts(kg) -> None:
    plain = call(kg, "entity", iri="kg:person_anna-cathcart")
    page = call(kg, "entity", iri="kg:person_anna-cathcart", entailment="rdfs")
    # she is a kgo:Person by a claim; RDFS adds that she is a schema:Person, marked as entailed
    assert page["entailment"] == "rdfs"
    assert ("out", RDF_TYPE, SCHEMA + "Person") in _keys(page["entailed"])
    assert page["entailed_types"] == ["schema:Person"] and page["types"] == ["kgo:Person"]
    # and the super-property of a fact pointing to her (kgo:performer is a sub-property of schema:actor)
    actor = next(f for f in page["entailed"] if f["predicate"]["value"] == SCHEMA + "actor")
    assert actor["direction"] == "in" and actor["value"]["label"] == "Anna Cathcart as Kitty Song Covey"
    # entailed statements have no claim and no sentence; the claimed facts are the page's as before
    assert all(set(f) == {"direction", "predicate", "value"} for f in page["entailed"])
    assert page["facts"] == plain["facts"]
    claimed = next(f for f in page["facts"] if f["predicate"]["value"] == RDF_TYPE)
    assert claimed["value"]["value"] == KGO + "Person" and claimed["evidence"][0]["status"] == "stated"
    assert not _keys(page["entailed"]) & _keys(page["facts"])  # a claimed fact is never repeated as entailed
    # exactly what a query with RDFS on answers and one without does not
    added = _answers(kg, ANNA, entailment="rdfs") - _answers(kg, ANNA)
    assert _keys(page["entailed"]) == added and added


@pytest.mark.parametrize("value", [None, "none", "", "RDFS", "owl"])
def test_without_rdfs_an_entity_page_has_nothing_entailed(kg, value: str | None) -> None:
    params = {} if value is None else {"entailment": value}
    page = call(kg, "entity", iri="kg:person_anna-cathcart", **params)
    assert "entailed" not in page and "entailment" not in page and "entailed_types" not in page
    assert SCHEMA + "Person" not in json.dumps(page)
    assert page == call(kg, "entity", iri="kg:person_anna-cathcart")


def test_rdfs_on_an_entity_page_follows_the_speculation_switch(kg) -> None:
    """What speculation claims say is entailed from only when speculation is on, and a
    speculation claim's own statement stays a fact, never an entailed row."""
    about = ("out", SCHEMA + "about", KG + "SearchForKittysMother")
    page = call(kg, "entity", iri="kg:XOKittySeason2", entailment="rdfs")
    assert about not in _keys(page["entailed"])
    spec = call(kg, "entity", iri="kg:XOKittySeason2", entailment="rdfs", **{"with-speculation": "true"})
    assert about in _keys(spec["entailed"])
    assert not _keys(spec["entailed"]) & _keys(spec["facts"])
    season = KG + "XOKittySeason2"
    added = _answers(kg, season, entailment="rdfs", with_speculation=True) - _answers(kg, season, with_speculation=True)
    assert _keys(spec["entailed"]) == added


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_every_store_gives_an_entity_page_the_same_entailed_rows(kg, graph_copy: Path, store: str) -> None:
    """The on-disk store keeps its entailed graphs in a second store, rdflib builds them apart:
    the page must not depend on which one serves it."""
    other = KnowledgeGraph.open(graph_copy, store=store)
    for spec in ({}, {"with-speculation": "true"}):
        for iri in ("kg:person_anna-cathcart", "kg:XOKittySeason2"):
            page = call(other, "entity", iri=iri, entailment="rdfs", **spec)
            assert _keys(page["entailed"]) == _keys(call(kg, "entity", iri=iri, entailment="rdfs", **spec)["entailed"])
            assert page["entailed"]


def test_entailed_rows_are_capped_like_the_others(tmp_path: Path) -> None:
    ttl = tmp_path / "many.ttl"
    body = "".join(f"kg:Fan{i} kgo:setIn kg:Hub .\n" for i in range(api.MAX_PLAIN_FACTS + 50))
    ttl.write_text(
        "@prefix kg: <https://w3id.org/franchise-kg/id/> . @prefix kgo: <https://w3id.org/franchise-kg/ontology#> .\n"
        + body,
        encoding="utf-8",
    )
    big = KnowledgeGraph.open(data=[ttl])
    assert call(big, "entity", iri="kg:Hub")["truncated"] is True  # 450 plain statements
    page = call(big, "entity", iri="kg:Fan1", entailment="rdfs")
    assert page["truncated"] is False and page["entailed"]
    hub = call(big, "entity", iri="kg:Hub", entailment="rdfs")
    assert len(hub["entailed"]) == api.MAX_PLAIN_FACTS and hub["truncated"] is True


def test_entity_errors_are_one_line(kg) -> None:
    with pytest.raises(UsageError, match="no such entity"):
        call(kg, "entity", iri="kg:Nobody")
    with pytest.raises(UsageError, match="give the iri parameter"):
        call(kg, "entity")


def test_source_text_with_sentence_offsets_that_cut_out_each_sentence(kg) -> None:
    answer = call(kg, "source", iri="source:xo-kitty-season-2-article")
    assert answer["title"].startswith("XO, Kitty season 2")
    text = answer["text"]
    assert len(answer["sentences"]) > 20
    exact = call(kg, "entity", iri="kg:to-all-the-boys_character_kitty-song-covey")["facts"][0]["evidence"][0][
        "sentences"
    ][0]
    s = next(s for s in answer["sentences"] if s["iri"] == exact["iri"])
    # offsets are UTF-16 units: the same as Python's here, as the text has no astral characters
    assert text[s["start"] : s["end"]] == exact["exact"]
    with pytest.raises(UsageError, match="not a registered source"):
        call(kg, "source", iri="kg:XOKitty")
    with pytest.raises(UsageError, match="unknown source"):
        call(kg, "source", iri=SOURCE + "..%2F..%2Fetc")


@pytest.mark.parametrize("name", ["../../secret.txt", "/etc/hostname", "link.txt"])
def test_a_source_text_outside_the_sources_folder_is_not_served(graph_copy: Path, name: str) -> None:
    sources = graph_copy / "ontology" / "sources"
    (graph_copy / "secret.txt").write_text("a secret\n", encoding="utf-8")
    (sources / "link.txt").symlink_to(graph_copy / "secret.txt")
    ttl = sources / "xo-kitty-season-2-article.ttl"
    ttl.write_text(
        ttl.read_text(encoding="utf-8").replace('"xo-kitty-season-2-article.txt"', json.dumps(name)), encoding="utf-8"
    )
    hostile = KnowledgeGraph.open(graph_copy)
    try:
        answer = call(hostile, "source", iri="source:xo-kitty-season-2-article")
    except KGError as exc:
        assert "\n" not in str(exc)
    else:
        pytest.fail(f"served {answer['text'][:40]!r}")


def test_offsets_are_counted_as_javascript_counts_them() -> None:
    text = "a😀b“c”"
    assert _utf16(text, 2) == 3  # the emoji is two UTF-16 units
    assert _utf16(text, len(text)) == len(text.encode("utf-16-le")) // 2


def test_pages_carry_no_inline_script_or_style() -> None:
    static = Path(__file__).resolve().parent.parent / "graph" / "serve" / "static"
    html = (static / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\ssrc=)", html)
    assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html, re.I)
    for script in (static / "js").glob("*.js"):
        text = script.read_text(encoding="utf-8")
        assert "innerHTML" not in text and "insertAdjacentHTML" not in text and "eval(" not in text, script.name


def test_every_route_is_tested_here() -> None:
    tested = Path(__file__).read_text(encoding="utf-8")
    assert all(f'"{name}"' in tested for name in ROUTES)


def test_a_hub_is_fetched_a_capped_neighbourhood_at_a_time(tmp_path: Path) -> None:
    hub = tmp_path / "hub.ttl"
    lines = [
        "@prefix kg: <https://w3id.org/franchise-kg/id/> .",
        "@prefix kgo: <https://w3id.org/franchise-kg/ontology#> .",
    ]
    lines += [f"kg:Fan{i} kgo:setIn kg:Hub ." for i in range(MAX_NEIGHBOURS * 3)]
    hub.write_text("\n".join(lines) + "\n", encoding="utf-8")
    big = KnowledgeGraph.open(data=[hub])
    first = call(big, "neighbours", iri="kg:Hub")
    assert len(first["edges"]) == api.DEFAULT_NEIGHBOURS and first["more"] is True
    assert len(first["nodes"]) == api.DEFAULT_NEIGHBOURS + 1
    # the next page continues where the first stopped, and together they hold every neighbour once
    pages = [call(big, "neighbours", iri="kg:Hub", offset=str(k * 60)) for k in range(MAX_NEIGHBOURS * 3 // 60)]
    fans = [e["from"] for page in pages for e in page["edges"]]
    assert len(fans) == len(set(fans)) == MAX_NEIGHBOURS * 3 and pages[-1]["more"] is False
    widest = call(big, "neighbours", iri="kg:Hub", limit=str(MAX_NEIGHBOURS * 10))
    assert len(widest["edges"]) == MAX_NEIGHBOURS and widest["more"] is True
    assert all(e["status"] == "unsourced" and e["claims"] == [] for e in widest["edges"])


HOSTILE_VALUES = [
    "",
    " ",
    "\x00",
    "kg:",
    ":",
    "<>",
    "<kg:to-all-the-boys_character_kitty-song-covey>",
    "<http://a b>",
    "../../etc/passwd",
    "%00%2e%2e",
    "'\"}{ . ?s ?p ?o",
    "1e99",
    "-1",
    "9" * 40,
    "ä" * 3000,
    "kg:" + "A" * 5000,
    "javascript:alert(1)",
    "SELECT * { ?s ?p ?o }",
    "true",
    "rdfs",
    "source:xo-kitty-season-2-article#s01",
]
ROUTE_KEYS = {
    "queries": ["x"],
    "check": ["_query", "season", "entity"],
    "advice": ["query", "_query", "season", "empty", "with-speculation", "entailment"],
    "completions": ["q"],
    "resolve": ["names"],
    "labels": ["iris"],
    "styles": ["x"],
    "neighbours": ["iri", "limit", "offset", "with-speculation", "entailment", "bookkeeping"],
    "graph": ["iris", "names", "claims", "entailment", "bookkeeping"],
    "entity": ["iri", "with-speculation", "entailment"],
    "source": ["iri"],
}


def test_every_route_answers_any_value_with_data_or_a_one_line_error(kg) -> None:
    """Whatever a request carries: JSON, or a KGError of one line (never another exception)."""
    import random

    rng = random.Random(10)
    alphabet = "kg:<>/#?&=%\"'{}() .\\\n\x00aZ9-_é😀"
    values = HOSTILE_VALUES + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(25)]
    base = {
        "neighbours": {"iri": "kg:XOKitty"},
        "entity": {"iri": "kg:XOKitty"},
        "check": {"_query": "cast-of-season"},
        "advice": {"query": "SELECT ?x WHERE { ?x a kgo:Person }"},
    }
    assert set(ROUTE_KEYS) == set(ROUTES)
    for name, keys in ROUTE_KEYS.items():
        for key in keys:
            for value in values:
                params = {**base.get(name, {}), key: value}
                try:
                    json.dumps(ROUTES[name](kg.engine, kg.location, params))
                except KGError as exc:
                    assert "\n" not in str(exc) and str(exc), (name, params)
