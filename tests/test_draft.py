"""`kg season draft`: the rules held to the held-out articles (written by someone else, never
read while the rules were written), and every draft of every fixture accepted by
`kg season add --from` unedited, one season after another; the draft never writes the graph."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import snapshot

ARTICLES = Path(__file__).parent / "drafting" / "articles"
DEV = sorted((ARTICLES / "dev").glob("*.txt"))
HELDOUT = sorted((ARTICLES / "heldout").glob("*.txt"))


def test_the_rules_reach_the_targets_on_articles_never_seen() -> None:
    """Issue 19's targets: precision 0.9, recall 0.75, statuses right for 95% of the facts found,
    on articles the rules were not written against."""
    sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))
    from drafting import Score, graph_gazetteer, score_article  # the benchmark's own scoring

    assert len(HELDOUT) >= 10
    total = Score()
    gazetteer = graph_gazetteer()
    for path in HELDOUT:
        total.add(score_article(path, gazetteer))
    assert total.precision >= 0.90, total.precision
    assert total.recall >= 0.75, total.recall
    assert total.status >= 0.95, total.status


def _register(kg, root: Path, article: Path) -> str:
    gold = tomllib.loads(article.with_suffix(".toml").read_text(encoding="utf-8"))
    slug = article.stem
    args = ["source", "add", str(article), "--title", gold["title"], "--slug", slug, "--graph", str(root)]
    if "published" in gold:
        args += ["--published", gold["published"]]
    run = kg(*args)
    assert run.exit_code == 0, run.stderr
    return slug


@pytest.mark.parametrize("article", DEV + HELDOUT, ids=[p.stem for p in DEV + HELDOUT])
def test_every_draft_is_accepted_unedited(kg, tmp_path: Path, article: Path) -> None:
    root = tmp_path / "work"
    assert kg("init", str(root)).exit_code == 0
    slug = _register(kg, root, article)
    first = json.loads(kg("season", "draft", slug, "--format", "json", "--graph", str(root)).stdout)
    seasons = [first["season"], *(int(n) for n in first["other_seasons"])]
    for number in seasons:
        before = snapshot(root)
        draft = root.parent / f"season-{number}.toml"
        run = kg("season", "draft", slug, "--season", str(number), "-o", str(draft), "--graph", str(root))
        assert run.exit_code == 0, run.stderr
        assert snapshot(root) == before  # drafting never writes the graph
        text = draft.read_text(encoding="utf-8")
        assert f"number = {number}" in text
        added = kg("season", "add", "--from", str(draft), "--graph", str(root))
        assert added.exit_code == 0, f"season {number} of {slug}:\n{added.stderr}\n{text}"
    assert kg("validate", "--graph", str(root)).exit_code == 0


S2_FIRST = """XO, Kitty season 2 sets January premiere

Netflix announced that the second season of XO, Kitty will premiere on January 16, 2025.
Audrey Huynh plays Stella, a new series regular.
"""
S2_LATER = """XO, Kitty season 2 is out now

The second season of XO, Kitty premiered on Netflix on January 16, 2025.
Audrey Huynh plays Stella.
"""
S2_OLDER = """Netflix's winter slate

XO, Kitty season 2 is listed for February 2025.
"""


def _source(kg, root: Path, slug: str, text: str, published: str) -> None:
    path = root.parent / f"{slug}.txt"
    path.write_text(text, encoding="utf-8")
    run = kg(
        "source", "add", str(path), "--title", slug, "--slug", slug, "--published", published, "--graph", str(root)
    )
    assert run.exit_code == 0, run.stderr


@pytest.fixture
def work(kg, tmp_path: Path) -> Path:
    root = tmp_path / "work"
    assert kg("init", str(root)).exit_code == 0
    _source(kg, root, "first", S2_FIRST, "2024-12-04")
    _source(kg, root, "later", S2_LATER, "2025-01-16")
    _source(kg, root, "older", S2_OLDER, "2024-10-02")
    return root


def test_the_header_compares_each_fact_with_the_graph(kg, work: Path) -> None:
    first = kg("season", "draft", "first", "--graph", str(work)).stdout
    assert "supersedes   premiere date 2025-01-16 (s02): claim:season-2-no-release-date" in first
    assert "confirms     Audrey Huynh as Stella (s03): claim:season-2-cast-audrey-huynh" in first
    draft = work.parent / "first.toml"
    draft.write_text(first, encoding="utf-8")
    assert kg("season", "add", "--from", str(draft), "--graph", str(work)).exit_code == 0
    later = kg("season", "draft", "later", "--graph", str(work)).stdout
    assert "and confirms claim:xo-kitty-season-2-first-premiere (stated, source:first, of 2024-12-04)" in later
    older = kg("season", "draft", "older", "--graph", str(work)).stdout
    assert "older than   premiere date 2025-02 (s02): claim:xo-kitty-season-2-first-premiere" in older
    # the fact's own comment says it the same way (it read "superseded: claim:…", as if the
    # graph's claim were the one superseded)
    assert "#   older than: claim:xo-kitty-season-2-first-premiere" in older
    assert "superseded:" not in older


def test_json_gives_the_same_draft(kg, work: Path) -> None:
    toml_text = kg("season", "draft", "first", "--graph", str(work)).stdout
    data = json.loads(kg("season", "draft", "first", "--format", "json", "--graph", str(work)).stdout)
    assert data["season_file"] == toml_text
    assert data["season"] == 2 and data["source"] == "first" and data["published"] == "2024-12-04"
    fields = {(f["field"], f["key"], f["value"], f["status"], f["sentence"]) for f in data["facts"]}
    assert ("premiere", "", "2025-01-16", "stated", 2) in fields
    assert ("cast", "Audrey Huynh", "Stella", "stated", 3) in fields
    cast = next(f for f in data["facts"] if f["field"] == "cast")
    assert cast["regular"] is True and cast["compared"] == "confirms"
    assert "announcement date" in data["left_open"]


def test_draft_refusals_are_one_line_and_write_nothing(kg, work: Path) -> None:
    before = snapshot(work)
    run = kg("season", "draft", "no-such-source", "--graph", str(work))
    assert run.exit_code == 2 and run.stderr.count("\n") == 1 and "unknown source" in run.stderr
    target = work.parent / "taken.toml"
    target.write_text("mine", encoding="utf-8")
    run = kg("season", "draft", "first", "-o", str(target), "--graph", str(work))
    assert run.exit_code == 2 and "already exists" in run.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    assert snapshot(work) == before


def test_a_sentence_written_twice_is_counted_as_kg_counts_it(kg, work: Path) -> None:
    """The same sentence twice, once with a double space: kg's quote check reads whitespace
    runs as one space, so the rules must too. They took the sentence for unique and drafted a
    file `kg season add --from` refused ("appears in several places")."""
    twice = "Netflix renewed XO, Kitty for season 3, the streamer said."
    _source(kg, work, "twice", f"Season 3 news\n\n{twice}\n\n{twice.replace(' for ', ' for  ')}\n", "2026-01-10")
    run = kg("season", "draft", "twice", "--graph", str(work))  # no sentence names one place
    assert run.exit_code == 2 and run.stderr.count("\n") == 1
    assert "no sentence of it says anything about a season that kg can draft" in run.stderr


def test_a_hostile_article_drafts_a_file_that_still_parses(kg, work: Path) -> None:
    hostile = (
        "Season 2 news\n\nNetflix renewed XO, Kitty for a second season.\n"
        'Zoë "Quote\\\\" O\'Neil # not a comment plays Stella in season 2.\n'
    )
    _source(kg, work, "hostile", hostile, "2025-01-01")
    draft = work.parent / "hostile.toml"
    run = kg("season", "draft", "hostile", "--season", "2", "-o", str(draft), "--graph", str(work))
    assert run.exit_code == 0, run.stderr
    tomllib.loads(draft.read_text(encoding="utf-8"))  # every value written as a TOML string
    assert kg("season", "add", "--from", str(draft), "--graph", str(work)).exit_code == 0
