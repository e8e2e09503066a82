"""The life of a season through the CLI, on a working copy: a second source for season 2
announcing its premiere date and the end of filming, then season 3 with new and returning
cast, filming dates and crew; the history of what was guessed and what confirmed it; and
every refusal leaving every file byte for byte as it was."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from tests.conftest import refused, rows_of, snapshot

S2_ARTICLE = """XO, Kitty season 2 gets a date

XO, Kitty season 2 premieres on Netflix on January 16, 2025.
Filming on the second season wrapped in July 2024 in Seoul.
"""
S3_ARTICLE = """XO, Kitty is back for a third season

Netflix has renewed XO, Kitty for a third season.
Anna Cathcart returns as Kitty Song Covey. Joshua Lee is back as Jin.
Newcomer Mina Park joins the cast as Yuri.
Another newcomer, also named Joshua Lee, plays Min-ho.
Filming began in March 2025 and wrapped in June 2025 in Busan.
Jenny Han returns as showrunner, with Sascha Rothchild as co-showrunner.
The third season will have eight episodes.
"""
S2 = "xo-kitty-season-2-date"
S3 = "xo-kitty-season-3-renewed"
SEASON_2_UPDATE = [
    "season", "add", "--number", "2", "--source", S2,
    "--premiere", "2025-01-16", "--premiere-quote", "premieres on Netflix on January 16, 2025",
    "--filming-end", "2024-07", "--filming-end-quote", "wrapped in July 2024",
]  # fmt: skip
SEASON_3 = [
    "season", "add", "--number", "3", "--source", S3, "--quote", "Netflix has renewed XO, Kitty for a third season",
    "--cast", "Anna Cathcart=Kitty Song Covey;returning;regular", "--cast", "Joshua Lee=Jin;returning",
    "--cast", "Mina Park=Yuri;new",
    "--cast-quote", "Anna Cathcart returns as Kitty Song Covey", "--cast-quote", "Joshua Lee is back as Jin",
    "--cast-quote", "Newcomer Mina Park joins the cast as Yuri",
    "--filming-start", "2025-03", "--filming-start-quote", "Filming began in March 2025",
    "--filming-end", "2025-06", "--filming-end-quote", "wrapped in June 2025 in Busan",
    "--filming-location", "Busan:city in South Korea", "--filming-location-quote", "wrapped in June 2025 in Busan",
    "--crew", "Jenny Han=showrunner", "--crew", "Sascha Rothchild=co-showrunner",
    "--crew-quote", "Jenny Han returns as showrunner, with Sascha Rothchild as co-showrunner",
    "--episodes", "8", "--episodes-quote", "The third season will have eight episodes",
]  # fmt: skip


@pytest.fixture
def work(tmp_path: Path, kg) -> Path:
    """A working copy with the two new articles registered."""
    root = tmp_path / "work"
    assert kg("init", str(root)).exit_code == 0
    for slug, text in ((S2, S2_ARTICLE), (S3, S3_ARTICLE)):
        article = tmp_path / f"{slug}.txt"
        article.write_text(text, encoding="utf-8")
        run = kg("source", "add", str(article), "--title", slug, "--published", "2025-02-20", "--graph", str(root))
        assert run.exit_code == 0, run.stderr
    return root


def rows(kg, root: Path, *args: str) -> list[dict[str, str]]:
    return rows_of(kg("query", *args, "--format", "json", "--graph", str(root)))


def test_season_2_updated_and_season_3_added_through_the_cli(kg, work: Path) -> None:
    bundled = (work / "ontology/facts/xo-kitty.trig").read_bytes()
    run = kg(*SEASON_2_UPDATE, "--graph", str(work))
    assert run.exit_code == 0, run.stderr
    assert "supersedes claim:season-2-no-release-date" in run.stdout
    run = kg(*SEASON_3, "--graph", str(work))
    assert run.exit_code == 0, run.stderr
    # one file per season and source; the hand-written facts are untouched
    assert (work / "ontology/facts/xo-kitty.trig").read_bytes() == bundled
    assert (work / f"ontology/facts/xo-kitty-season-2--{S2}.trig").is_file()
    assert (work / f"ontology/facts/xo-kitty-season-3--{S3}.trig").is_file()
    assert kg("validate", "--graph", str(work)).exit_code == 0

    # the cast of every season lists each actor once
    for number in (1, 2, 3):
        actors = [r["actor"] for r in rows(kg, work, "cast-of-season", "--param", f"season={number}")]
        assert len(actors) == len(set(actors)), (number, actors)
    cast3 = {(r["actor"], r["character"]) for r in rows(kg, work, "cast-of-season", "--param", "season=3")}
    assert cast3 == {("Anna Cathcart", "Kitty Song Covey"), ("Joshua Lee", "Jin"), ("Mina Park", "Yuri")}

    # the timeline shows the confirmed premiere and filming dates, not the superseded "no date yet" or guesses
    timeline = rows(kg, work, "timeline")
    s2 = {(r["event"], r["date"]) for r in timeline if "Season 2" in r["subject"]}
    assert ("premiere", "2025-01-16") in s2 and ("filming ends", "2024-07-01") in s2
    ask = kg("query", "ASK { kg:XOKittySeason2 kgo:releaseDateAnnounced ?x }", "--format", "json", "--graph", str(work))
    assert json.loads(ask.stdout)["boolean"] is False
    s3 = {(r["event"], r["date"]) for r in timeline if "Season 3" in r["subject"]}
    assert {("filming starts", "2025-03-01"), ("filming ends", "2025-06-01")} <= s3

    # with history: the earlier guess, that it was superseded, and by which source's claim
    history = rows(kg, work, "history")
    guess = [r for r in history if r["claim"].endswith("season-2-release-guess")]
    assert guess and guess[0]["status"].endswith("Speculation")
    assert guess[0]["superseded_by"].endswith(f"season-2-{S2}-premiere")
    confirmed = [r for r in history if r["claim"].endswith(f"season-2-{S2}-premiere")]
    assert confirmed and confirmed[0]["published"] == "2025-02-20" and "superseded_by" not in confirmed[0]

    # explain shows both sources, the old one's claim marked as superseded
    explain = kg("explain", "kg:XOKittySeason2", "--graph", str(work))
    assert explain.exit_code == 0, explain.stderr
    assert f"source:{S2}" in explain.stdout and "source:xo-kitty-season-2-article" in explain.stdout
    assert "2025-01-16" in explain.stdout
    assert f"superseded by claim:xo-kitty-season-2-{S2}-premiere" in explain.stdout

    # crew keep their kinds; episodes; speculation is still out of the default view
    crew = rows(kg, work, "SELECT ?p ?n WHERE { kg:XOKittySeason3 ?p ?x . ?x schema:name ?n } ORDER BY ?n")
    assert {(r["p"].rsplit("#", 1)[-1], r["n"]) for r in crew} >= {
        ("showrunner", "Jenny Han"),
        ("coShowrunner", "Sascha Rothchild"),
    }
    episodes = rows(kg, work, "SELECT ?e WHERE { kg:XOKittySeason3 kgo:numberOfEpisodes ?e }")
    assert [r["e"] for r in episodes] == ["8"]
    assert not [r for r in timeline if r["event"] == "release expected"]
    assert [r for r in rows(kg, work, "timeline", "--with-speculation") if r["event"] == "release expected"] == []


def test_refusals_leave_every_file_byte_for_byte(kg, work: Path) -> None:
    base = ["season", "add", "--number", "3", "--source", S3, "--quote", "Netflix has renewed XO, Kitty"]
    # a quote naming neither the actor nor the character: refused, pointing at the sentence that would do
    err = refused(
        kg, work, *base, "--cast", "Joshua Lee=Jin;returning",
        "--cast-quote", "Anna Cathcart returns as Kitty Song Covey", expect="does not name the actor 'Joshua Lee'",
    )  # fmt: skip
    assert "closest sentence that would support it: s04" in err
    # a second actor with an existing name, said to be new: kg will not merge them on the name alone
    refused(
        kg, work, *base, "--cast", "Joshua Lee=Min-ho;new",
        "--cast-quote", "Another newcomer, also named Joshua Lee, plays Min-ho", expect="already plays Jin",
    )  # fmt: skip
    # a date that is not a date
    refused(
        kg, work, *base, "--filming-start", "2025-13", "--filming-start-quote", "Filming began", expect="not a date"
    )
    # a date the quote does not give
    refused(
        kg, work, *base, "--filming-start", "2024-03", "--filming-start-quote", "Filming began in March 2025",
        expect="does not name the date 2024-03",
    )  # fmt: skip
    # a crew role kg does not know, and an inferred fact without reasoning
    refused(kg, work, *base, "--crew", "Jenny Han=caterer", expect="unknown crew role")


def test_replace_replaces_only_what_the_same_source_said(kg, work: Path) -> None:
    assert kg(*SEASON_2_UPDATE, "--graph", str(work)).exit_code == 0
    refused(kg, work, *SEASON_2_UPDATE, expect="use --replace")
    bundled = (work / "ontology/facts/xo-kitty.trig").read_bytes()
    run = kg(*SEASON_2_UPDATE[:10], "--replace", "--graph", str(work))  # only the premiere this time
    assert run.exit_code == 0, run.stderr
    assert (work / "ontology/facts/xo-kitty.trig").read_bytes() == bundled
    ends = rows(kg, work, "SELECT ?d WHERE { kg:XOKittySeason2Filming schema:endDate ?d }")
    assert ends == []  # the end of filming came only from this source's replaced file
    guesses = rows(
        kg, work, "SELECT ?d WHERE { kg:XOKittySeason2Filming kgo:expectedEndDate ?d }", "--with-speculation"
    )
    assert [g["d"] for g in guesses] == ["2024-08-31"]  # nothing supersedes the guess any more: it is back


def test_inferred_fact_keeps_its_reasoning_and_dry_run_writes_nothing(kg, work: Path) -> None:
    before = snapshot(work)
    run = kg(
        "season", "add", "--number", "2", "--source", S2, "--production-start", "2024",
        "--production-start-quote", "Filming on the second season wrapped in July 2024",
        "--inferred", "production-start=Filming wrapped in July 2024, so production had begun that year.",
        "--dry-run", "--graph", str(work),
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr
    assert "kgo:status kgo:Inferred" in run.stdout and "production had begun that year" in run.stdout
    assert snapshot(work) == before


def test_two_season_adds_at_once_never_both_report_added(kg_process, work: Path) -> None:
    """Two processes add the same facts at once: the write lock serialises them, so the second
    plans after the first wrote and is refused; never both "added" with one file lost."""
    results = []

    def add() -> None:
        results.append(kg_process(*SEASON_2_UPDATE, "--graph", str(work), timeout=120))

    threads = [threading.Thread(target=add) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ok = (
        [r for r in results if r.returncode == 0]
        if hasattr(results[0], "returncode")
        else [r for r in results if r.exit_code == 0]
    )
    assert len(ok) == 1, [r.stderr for r in results]
    failed = next(r for r in results if r.exit_code != 0)
    assert "use --replace" in failed.stderr or "another kg command" in failed.stderr
    assert len(list((work / "ontology/facts").glob("*.tmp"))) == 0


def test_explain_lists_the_candidates_of_an_ambiguous_name(kg, work: Path) -> None:
    """A name several entities have is never resolved by a guess: explain lists them to choose."""
    run = kg("explain", "To All the Boys", "--graph", str(work))
    assert run.exit_code != 0
    assert "names several entities" in run.stderr
    assert "kg:ToAllTheBoysBooks" in run.stderr and "kg:ToAllTheBoysFilms" in run.stderr


def test_a_planted_symlink_is_never_written_through(kg, work: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("mine", encoding="utf-8")
    (work / f"ontology/facts/xo-kitty-season-2--{S2}.trig").symlink_to(victim)
    run = kg(*SEASON_2_UPDATE, "--replace", "--graph", str(work))
    assert run.exit_code != 0
    assert victim.read_text(encoding="utf-8") == "mine"


SEASON_3_TOML = f"""series = "XO, Kitty"
number = 3
source = "{S3}"
quote = "Netflix has renewed XO, Kitty for a third season"

[filming_start]
date = "2025-03"
quote = "Filming began in March 2025"

[filming_end]
date = "2025-06"
quote = "wrapped in June 2025 in Busan"

[episodes]
count = 8
quote = "The third season will have eight episodes"

[[filming_location]]
name = "Busan"
type = "city"
in = "South Korea"
quote = "wrapped in June 2025 in Busan"

[[cast]]
actor = "Anna Cathcart"
character = "Kitty Song Covey"
new = false
regular = true
quote = "Anna Cathcart returns as Kitty Song Covey"

[[cast]]
actor = "Joshua Lee"
character = "Jin"
new = false
quote = "Joshua Lee is back as Jin"

[[cast]]
actor = "Mina Park"
character = "Yuri"
new = true
quote = "Newcomer Mina Park joins the cast as Yuri"

[[crew]]
name = "Jenny Han"
role = "showrunner"
quote = "Jenny Han returns as showrunner, with Sascha Rothchild as co-showrunner"

[[crew]]
name = "Sascha Rothchild"
role = "co-showrunner"
quote = "Jenny Han returns as showrunner, with Sascha Rothchild as co-showrunner"
"""


def test_the_season_file_gives_the_same_file_as_the_options(kg, work: Path, tmp_path: Path) -> None:
    template = kg("season", "template", "3", "--graph", str(work)).stdout
    for key in ("[filming_start]", "[filming_end]", "[production_start]", "[episodes]", "[[crew]]", "inferred"):
        assert key in template
    filled = tmp_path / "season-3.toml"
    filled.write_text(SEASON_3_TOML, encoding="utf-8")
    from_file = kg("season", "add", "--from", str(filled), "--dry-run", "--graph", str(work))
    assert from_file.exit_code == 0, from_file.stderr
    from_options = kg(*SEASON_3, "--dry-run", "--graph", str(work))
    assert from_options.exit_code == 0, from_options.stderr
    assert from_file.stdout == from_options.stdout
