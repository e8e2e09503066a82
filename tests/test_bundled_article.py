"""The bundled article read in full: every fact of the sentence-by-sentence inventory
(tests/fixtures/xo-kitty-season-2-article.toml) is in the graph, in a live claim of the right
status that cites that sentence, and in the view it belongs to; everything the inventory leaves
out is listed, with its reason, in docs/model.md."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from graph.api import KnowledgeGraph
from graph.sources.text import split_sentences

REPO = Path(__file__).resolve().parent.parent
INVENTORY = tomllib.loads((REPO / "tests/fixtures/xo-kitty-season-2-article.toml").read_text(encoding="utf-8"))
ARTICLE = (REPO / "ontology/sources/xo-kitty-season-2-article.txt").read_text(encoding="utf-8")
SENTENCE = "https://w3id.org/franchise-kg/source/xo-kitty-season-2-article#s{:02d}"
FACTS = INVENTORY["fact"]
LEFT_OUT = INVENTORY["left_out"]


def _ask(kg: KnowledgeGraph, query: str, *, with_speculation: bool = False) -> bool:
    result = kg.query(query, with_speculation=with_speculation)
    import json

    return bool(json.loads(result.json)["boolean"])


@pytest.mark.parametrize("fact", FACTS, ids=[f"s{f['sentence']:02d}-{f['says']}" for f in FACTS])
def test_the_graph_holds_each_fact_of_the_article(bundled: KnowledgeGraph, fact: dict) -> None:
    status = {"stated": "kgo:Stated", "inferred": "kgo:Inferred", "speculation": "kgo:Speculation"}[fact["status"]]
    cited = SENTENCE.format(fact.get("cites", fact["sentence"]))
    in_a_claim = f"""ASK {{
        GRAPH ?claim {{ {fact["pattern"]} }}
        ?claim kgo:status {status} ; prov:wasDerivedFrom <{cited}> .
        FILTER NOT EXISTS {{ ?claim kgo:supersededBy ?newer }}
    }}"""
    assert _ask(bundled, in_a_claim, with_speculation=True), f"no live {fact['status']} claim citing {cited} holds it"
    in_view = f"ASK {{ {fact['pattern']} }}"
    if fact["status"] == "speculation":
        assert _ask(bundled, in_view, with_speculation=True)
    else:
        assert _ask(bundled, in_view), "not in the default view"


def test_the_inventory_covers_every_sentence_of_the_article() -> None:
    read = {f["sentence"] for f in FACTS} | {item["sentence"] for item in LEFT_OUT}
    sentences = {s.number for s in split_sentences(ARTICLE) if not s.heading}
    assert sentences - read == set(), "sentences the inventory says nothing about"
    headings = {s.number for s in split_sentences(ARTICLE) if s.heading}
    assert read & headings == set(), "a heading states nothing"


@pytest.mark.parametrize("item", LEFT_OUT, ids=[f"s{i['sentence']:02d}-{i['says']}" for i in LEFT_OUT])
def test_what_is_left_out_is_listed_with_its_reason_in_the_model(item: dict) -> None:
    model = " ".join((REPO / "docs/model.md").read_text(encoding="utf-8").split())
    assert f"s{item['sentence']:02d}: {item['says']}" in model, "not listed in docs/model.md"
    assert item["reason"] in model


def test_every_statement_of_the_article_is_in_the_inventory(bundled: KnowledgeGraph) -> None:
    """The other way round: every claim citing the article is one the inventory accounts for."""
    rows = bundled.select(
        "SELECT DISTINCT ?claim WHERE { ?claim a kgo:Claim ; prov:wasDerivedFrom ?s . "
        "?s oa:hasSource source:xo-kitty-season-2-article }"
    )
    covered = set()
    for fact in FACTS:
        query = f"SELECT DISTINCT ?claim WHERE {{ GRAPH ?claim {{ {fact['pattern']} }} }}"
        covered |= {r["claim"] for r in bundled.select(query, with_speculation=True)}
    missing = {r["claim"] for r in rows} - covered
    assert missing == set(), f"claims the inventory does not account for: {sorted(missing)}"


def test_the_inventory_patterns_use_only_terms_of_the_ontology() -> None:
    ontology = (REPO / "ontology/franchise.ttl").read_text(encoding="utf-8")
    for fact in FACTS:
        for term in re.findall(r"kgo:(\w+)", fact["pattern"]):
            assert f"kgo:{term} a " in ontology, term
