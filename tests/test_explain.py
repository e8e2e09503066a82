"""`kg explain` as a reader wants it: the entity in words first, then what each claim says about
it with each sentence once, the guesses apart and the history (claims a newer source superseded
or corrected) apart again; the same grouping as the workbench's entity pages
(`graph.explain.claim_groups`)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from graph.api import KnowledgeGraph
from graph.explain import SECTIONS, claim_groups
from graph.namespaces import expand

AUDREY_SENTENCE = "Sasha Bhasin, Audrey Huynh, and Joshua Lee are the latest additions to the cast."


def sections(text: str) -> list[str]:
    return [line.rsplit(" (", 1)[0] for line in text.splitlines() if line and not line.startswith(" ")][1:]


def test_a_person_reads_as_their_role_then_one_claim_with_each_sentence_once(kg) -> None:
    run = kg("explain", "Audrey Huynh")
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    head = out.split("\n\n", 1)[0].splitlines()
    assert head == [
        "Audrey Huynh  kg:person_audrey-huynh",
        "  a person",
        "  plays Stella in XO, Kitty Season 2 (new, series regular)",
    ]
    assert sections(out) == [SECTIONS["stands"]]
    assert out.count(AUDREY_SENTENCE) == 1  # was printed once per statement: four times
    assert out.count("stated · claim:season-2-cast-audrey-huynh") == 1
    # the claim's statements about her, each on its line under the claim
    for statement in ("rdf:type  kgo:Person (person)", 'schema:name  "Audrey Huynh"', "kgo:performer"):
        assert statement in out


def test_guesses_show_apart_and_only_when_asked_for(kg) -> None:
    plain = kg("explain", "kg:XOKittySeason2").stdout
    guessed = kg("explain", "kg:XOKittySeason2", "--with-speculation").stdout
    assert SECTIONS["guess"] not in plain and "season-2-release-guess" not in plain
    assert sections(guessed) == [SECTIONS["stands"], SECTIONS["guess"]]
    guesses = guessed.split(SECTIONS["guess"], 1)[1]
    assert "speculation · claim:season-2-release-guess" in guesses
    assert "stated ·" not in guesses
    # the season in words: dates at their precision, cast (the series' too) and crew
    head = guessed.split("\n\n", 1)[0]
    for line in (
        "announced June 2023",
        "cast: Audrey Huynh as Stella (new, series regular)",
        "cast: Anna Cathcart as Kitty Song Covey (the whole series)",
        "co-showrunner: Jenny Han (the whole series)",
        "expected release May–August 2025 (expected)",
    ):
        assert f"  {line}\n" in head + "\n", line


def test_the_history_is_apart_with_what_superseded_or_corrected_each_claim(kg, story: Path) -> None:
    out = kg("explain", "kg:XOKittySeason2", "--graph", str(story)).stdout
    assert sections(out) == [SECTIONS["stands"], SECTIONS["history"]]
    stands, history = out.split(SECTIONS["history"], 1)
    assert "claim:xo-kitty-season-2-a-premiere" in stands and "2025-01-16" in stands
    assert "claim:xo-kitty-season-2-b-premiere" not in stands
    assert "superseded by claim:xo-kitty-season-2-a-premiere" in history
    assert '"2025-02-01"^^xsd:date' in history and "listed for February 2025" in history
    assert "2024-10-02" in history  # the source's date, beside its sentence
    season3 = kg("explain", "kg:XOKittySeason3", "--graph", str(story)).stdout
    history3 = season3.split(SECTIONS["history"], 1)[1]
    assert "corrected by claim:xo-kitty-season-3-i-episodes" in history3
    assert "will have eight episodes" in history3
    assert "8 episodes" not in season3.split("\n\n", 1)[0] and "6 episodes" in season3.split("\n\n", 1)[0]


def test_each_claim_is_one_group_holding_its_statements_and_sentences(bundled: KnowledgeGraph, story: Path) -> None:
    season2 = expand("kg:XOKittySeason2") or ""
    groups = claim_groups(bundled.engine, season2)
    claims = [g.claim for g in groups]
    assert len(claims) == len(set(claims))
    for group in groups:
        assert len({s["iri"] for s in group.sentences}) == len(group.sentences)
        assert group.facts and group.section == "stands"
    story_groups = claim_groups(KnowledgeGraph.open(story).engine, season2)
    by_claim = {g.claim.rsplit("/", 1)[-1]: g for g in story_groups}
    older = by_claim["xo-kitty-season-2-b-premiere"]
    assert (older.state, older.section) == ("superseded", "history")
    assert [s["published"] for s in older.sources] == ["2024-10-02"]
    assert [s.rsplit("/", 1)[-1] for s in older.superseded_by] == ["xo-kitty-season-2-a-premiere"]
    # the guess "no release date yet" a stated premiere answered is history even without speculation
    assert by_claim["season-2-no-release-date"].section == "history"
    assert [g.section for g in story_groups] == sorted(
        (g.section for g in story_groups), key=["stands", "guess", "history"].index
    )


def test_explain_json_has_the_summary_the_claims_and_the_raw_facts(kg) -> None:
    data = json.loads(kg("explain", "Audrey Huynh", "--format", "json").stdout)
    assert [line["text"] for line in data["summary"]] == [
        "a person",
        "plays Stella in XO, Kitty Season 2 (new, series regular)",
    ]
    (claim,) = data["claims"]
    assert claim["claim"].endswith("season-2-cast-audrey-huynh") and claim["state"] == "current"
    assert [s["number"] for s in claim["sentences"]] == [10, 11]
    assert {f["predicate"].rsplit("#", 1)[-1].rsplit("/", 1)[-1] for f in claim["facts"]} >= {
        "type",
        "name",
        "performer",
    }
    assert len(data["facts"]) == 4 and all(f["evidence"] for f in data["facts"])
    assert re.search(r"\(new, series regular\)", json.dumps(data["summary"]))
