"""A season told by many sources (issue 18): reports about seasons 2 and 3 from December 2024 to
January 2026, entered through the CLI in any order. A confirmation is one fact with both
sources; supersession follows the sources' dates, not the order of entry; superseding a guess
never breaks the graph; dates are kept as written; cast members leave and crew succeed one
another; fiction stays fiction on the way in."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import refused, rows_of

#: slug -> (publication date or None, text)
ARTICLES = {
    "a": (
        "2024-12-04",
        """XO, Kitty season 2 sets January premiere

Netflix announced that the second season of XO, Kitty will premiere on January 16, 2025.
Audrey Huynh plays Stella, a new series regular.
""",
    ),
    "b": (
        "2024-10-02",
        """Netflix's winter slate

XO, Kitty season 2 is listed for February 2025.
""",
    ),
    "c": (
        "2025-01-16",
        """XO, Kitty season 2 is out now

The second season of XO, Kitty premiered on Netflix on January 16, 2025.
Audrey Huynh plays Stella.
""",
    ),
    "d": (
        "2025-02-20",
        """XO, Kitty renewed for season 3

Netflix has renewed XO, Kitty for a third season.
The new season will reportedly have ten episodes.
Filming is believed to begin in the spring of 2025.
Minyeong Choi is back as Dae for season 3.
""",
    ),
    "e": (
        "2025-08-19",
        """XO, Kitty season 3 wraps

Filming on the third season of XO, Kitty wrapped in July 2025.
Minyeong Choi will not return as Dae in season 3.
""",
    ),
    "f": (
        "2026-01-22",
        """XO, Kitty season 3 premieres April 2

XO, Kitty season 3 will premiere on Netflix on April 2.
The third season has eight episodes.
Sascha Rothchild takes over as co-showrunner from Jenny Han.
""",
    ),
    "g": (
        "2025-05-19",
        """XO, Kitty season 3 update

Filming on the third season begins next month in Busan, and production runs until later this year.
The season will reportedly have twelve episodes, according to a casting listing.
Netflix now expects the third season by July or August of next year.
""",
    ),
    "h": (
        "2025-02-20",
        """Correction: XO, Kitty season 3 episode count

Earlier reports of ten episodes were incorrect: the third season will have eight episodes.
""",
    ),
    "i": (
        "2025-02-20",
        """XO, Kitty season 3 will be short

The third season of XO, Kitty will have six episodes.
""",
    ),
    "j": (
        "2026-11-01",
        """XO, Kitty season 4 without Kitty

Anna Cathcart will not return as Kitty Song Covey in the fourth season of XO, Kitty.
""",
    ),
    "undated": (
        None,
        """XO, Kitty season 3 soon

Filming on the third season begins next month.
""",
    ),
}

#: The season adds of the story, one per source: (source, arguments).
ADDS = {
    "a": [
        "--number", "2", "--premiere", "2025-01-16", "--premiere-quote", "will premiere on January 16, 2025",
        "--cast", "Audrey Huynh=Stella;new;regular", "--cast-quote", "Audrey Huynh plays Stella, a new series regular",
    ],
    "b": ["--number", "2", "--premiere", "2025-02", "--premiere-quote", "listed for February 2025"],
    "c": [
        "--number", "2", "--premiere", "2025-01-16", "--premiere-quote", "premiered on Netflix on January 16, 2025",
        "--cast", "Audrey Huynh=Stella", "--cast-quote", "Audrey Huynh plays Stella",
    ],
    "d": [
        "--number", "3", "--quote", "Netflix has renewed XO, Kitty for a third season",
        "--episodes", "10;speculative", "--episodes-quote", "will reportedly have ten episodes",
        "--filming-start", "spring of 2025;speculative", "--filming-start-quote", "believed to begin in the spring of 2025",
        "--cast", "Minyeong Choi=Dae;returning", "--cast-quote", "Minyeong Choi is back as Dae",
    ],
    "e": [
        "--number", "3", "--quote", "Filming on the third season of XO, Kitty wrapped",
        "--filming-end", "2025-07", "--filming-end-quote", "wrapped in July 2025",
        "--departure", "Minyeong Choi=Dae", "--departure-quote", "Minyeong Choi will not return as Dae",
    ],
    "f": [
        "--number", "3", "--quote", "XO, Kitty season 3 will premiere",
        "--premiere", "April 2", "--premiere-quote", "will premiere on Netflix on April 2",
        "--episodes", "8", "--episodes-quote", "The third season has eight episodes",
        "--crew", "Sascha Rothchild=co-showrunner;replaces=Jenny Han",
        "--crew-quote", "Sascha Rothchild takes over as co-showrunner from Jenny Han",
    ],
}  # fmt: skip


@pytest.fixture
def work(tmp_path: Path, kg) -> Path:
    """A working copy with every article above registered."""
    root = tmp_path / "work"
    assert kg("init", str(root)).exit_code == 0
    for slug, (published, text) in ARTICLES.items():
        article = tmp_path / f"{slug}.txt"
        article.write_text(text, encoding="utf-8")
        args = ["source", "add", str(article), "--title", text.splitlines()[0], "--slug", slug, "--graph", str(root)]
        run = kg(*args, *(["--published", published] if published else []))
        assert run.exit_code == 0, run.stderr
    return root


def add(kg, work: Path, source: str, *args: str) -> str:
    run = kg("season", "add", "--source", source, *args, "--graph", str(work))
    assert run.exit_code == 0, run.stderr
    return run.stdout


def rows(kg, work: Path, query: str, *args: str) -> list[dict[str, str]]:
    return rows_of(kg("query", query, *args, "--format", "json", "--graph", str(work)))


def valid(kg, work: Path) -> None:
    run = kg("validate", "--graph", str(work))
    assert run.exit_code == 0, run.stdout + run.stderr


# --- one fact, many sources -----------------------------------------------------------------


def test_a_confirmation_is_one_fact_with_both_sources(kg, work: Path) -> None:
    add(kg, work, "a", *ADDS["a"])
    out = add(kg, work, "c", *ADDS["c"])  # neither refused nor asked to disambiguate
    assert "confirms claim:xo-kitty-season-2-a-premiere" in out
    assert "confirms claim:xo-kitty-season-2-a-cast-stella" in out
    cast = rows(kg, work, "cast-of-season", "--param", "season=2")
    assert [r["actor"] for r in cast].count("Audrey Huynh") == 1
    stella = rows(kg, work, "who-plays", "--param", "name=Stella")
    assert len(stella) == 1 and stella[0]["new"] == "true" and stella[0]["regular"] == "true"
    assert [r["character"] for r in rows(kg, work, "new-characters")].count("Stella") == 1
    premiere = [r for r in rows(kg, work, "timeline") if r["event"] == "premiere" and "Season 2" in r["subject"]]
    assert len(premiere) == 1 and premiere[0]["date"] == "2025-01-16" and premiere[0]["sources"] == "2"
    # no second role: the one role node, with both sources' claims behind it
    roles = rows(kg, work, "SELECT DISTINCT ?r WHERE { ?r kgo:performer kg:person_audrey-huynh }")
    assert len(roles) == 1
    explain = kg("explain", "Audrey Huynh", "--graph", str(work))
    assert "source:a" in explain.stdout and "source:c" in explain.stdout
    valid(kg, work)


def test_a_confirmation_with_flags_from_the_bundled_article_is_not_a_doubt(kg, work: Path) -> None:
    out = add(
        kg, work, "c", "--number", "2", "--cast", "Audrey Huynh=Stella;new", "--cast-quote", "Audrey Huynh plays Stella"
    )
    assert "confirms claim:season-2-cast-audrey-huynh" in out
    flags = rows(kg, work, "SELECT ?n WHERE { kg:xo-kitty-season-2_role_audrey-huynh_stella kgo:isNewCastMember ?n }")
    assert flags == [{"n": "true"}]


# --- sources ordered by their dates ---------------------------------------------------------


@pytest.mark.parametrize("order", [("a", "b"), ("b", "a")])
def test_an_older_report_never_becomes_current(kg, work: Path, order: tuple[str, ...]) -> None:
    for source in order:
        add(kg, work, source, *ADDS[source])
    seasons = {r["number"]: r for r in rows(kg, work, "seasons")}
    assert seasons["2"]["premiere"] == "2025-01-16"
    history = rows(kg, work, "history")
    listing = [r for r in history if r["claim"].endswith("season-2-b-premiere")]
    assert listing and listing[0]["state"] == "superseded"
    assert listing[0]["superseded_by"].endswith("season-2-a-premiere")
    valid(kg, work)


def test_the_newer_report_can_be_replaced_after_an_older_one_points_at_it(kg, work: Path) -> None:
    """The older report (b, entered last) records its claim as superseded by the newer one's
    (a): a claim of a's file that b's file only points at. Replacing a's file keeps the claim
    and the pointer, so it is allowed, and the graph stays valid."""
    add(kg, work, "a", *ADDS["a"])
    add(kg, work, "b", *ADDS["b"])
    add(kg, work, "a", *ADDS["a"], "--replace")
    assert {r["number"]: r.get("premiere") for r in rows(kg, work, "seasons")}["2"] == "2025-01-16"
    valid(kg, work)


def test_two_sources_of_the_same_day_that_disagree_are_refused_until_one_corrects(kg, work: Path) -> None:
    add(kg, work, "d", *ADDS["d"])
    add(kg, work, "h", "--number", "3", "--episodes", "8", "--episodes-quote", "will have eight episodes")
    stderr = refused(
        kg, work, "season", "add", "--number", "3", "--source", "i",
        "--episodes", "6", "--episodes-quote", "will have six episodes",
        expect="kg cannot tell which stands",
    )  # fmt: skip
    assert "source:h" in stderr and "corrects" in stderr
    out = add(
        kg, work, "i", "--number", "3", "--episodes", "6;corrects=h", "--episodes-quote", "will have six episodes"
    )
    assert "corrects claim:xo-kitty-season-3-h-episodes" in out
    assert {r["number"]: r["episodes"] for r in rows(kg, work, "seasons") if "episodes" in r}["3"] == "6"
    states = {r["claim"].rsplit("/", 1)[-1]: r["state"] for r in rows(kg, work, "history")}
    assert states["xo-kitty-season-3-h-episodes"] == "corrected"
    valid(kg, work)


def test_corrects_naming_a_source_that_said_nothing_of_it_is_refused(kg, work: Path) -> None:
    refused(
        kg, work, "season", "add", "--number", "3", "--source", "h", "--quote", "the third season",
        "--episodes", "8;corrects=b", "--episodes-quote", "will have eight episodes",
        expect="but that source says nothing else about it",
    )  # fmt: skip


# --- a superseded guess takes nothing with it -------------------------------------------------


def test_a_guess_superseded_by_a_later_statement_leaves_the_graph_valid(kg, work: Path) -> None:
    add(kg, work, "d", *ADDS["d"])  # a believed filming start: the only claim typing the filming node
    add(kg, work, "e", *ADDS["e"])  # a stated end of filming from a later source
    valid(kg, work)
    add(kg, work, "f", *ADDS["f"])  # the next add is not refused for a file it did not write
    valid(kg, work)
    filming = rows(kg, work, "SELECT ?t WHERE { kg:XOKittySeason3Filming a ?t }")
    assert filming == [{"t": "https://w3id.org/franchise-kg/ontology#Filming"}]


# --- dates as written -----------------------------------------------------------------------


def test_a_day_and_month_without_a_year_is_stated_and_kept_as_written(kg, work: Path) -> None:
    add(kg, work, "f", *ADDS["f"])
    found = rows(
        kg,
        work,
        "SELECT ?d ?w ?how ?status WHERE { kg:XOKittySeason3 kgo:premiereDate ?d ; kgo:dateQualifier ?q . "
        "?q kgo:ofProperty kgo:premiereDate ; kgo:asWritten ?w ; kgo:dateResolution ?how ; "
        "kgo:resolvedAgainst source:f . GRAPH ?c { kg:XOKittySeason3 kgo:premiereDate ?d } ?c kgo:status ?status }",
    )
    assert len(found) == 1
    assert found[0]["d"] == "2026-04-02" and found[0]["w"] == "April 2"
    assert "2026-01-22" in found[0]["how"] and found[0]["status"].endswith("Stated")


def test_the_iso_date_with_the_same_quote_gives_the_same_fact(kg, work: Path) -> None:
    words = kg("season", "add", "--number", "3", "--source", "f", "--quote", "XO, Kitty season 3 will premiere",
               "--premiere", "April 2", "--premiere-quote", "will premiere on Netflix on April 2",
               "--dry-run", "--graph", str(work))  # fmt: skip
    iso = kg("season", "add", "--number", "3", "--source", "f", "--quote", "XO, Kitty season 3 will premiere",
             "--premiere", "2026-04-02", "--premiere-quote", "will premiere on Netflix on April 2",
             "--dry-run", "--graph", str(work))  # fmt: skip
    assert words.exit_code == 0 and iso.exit_code == 0, words.stderr + iso.stderr
    assert words.stdout == iso.stdout


def test_relative_dates_and_bounds_keep_what_the_source_gives(kg, work: Path) -> None:
    add(
        kg, work, "g", "--number", "3", "--quote", "Filming on the third season begins",
        "--filming-start", "next month", "--filming-start-quote", "begins next month",
        "--production-end", "2025-06..2025-12", "--production-end-quote", "runs until later this year",
        "--expected-premiere", "..2026-08", "--expected-premiere-quote", "by July or August of next year",
        "--filming-location", "Busan:city in South Korea", "--filming-location-quote", "begins next month in Busan",
    )  # fmt: skip
    found = rows(
        kg,
        work,
        "SELECT ?p ?v ?e ?l WHERE { ?s ?p ?v ; kgo:dateQualifier ?q . ?q kgo:ofProperty ?p . "
        "OPTIONAL { ?q kgo:earliest ?e } OPTIONAL { ?q kgo:latest ?l } "
        "FILTER(?s IN (kg:XOKittySeason3, kg:XOKittySeason3Filming)) } ORDER BY ?p",
        "--with-speculation",
    )
    by = {r["p"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]: r for r in found}
    assert by["startDate"] == {"p": by["startDate"]["p"], "v": "2025-06-01", "e": "2025-06-01", "l": "2025-06-30"}
    assert by["productionEndDate"]["e"] == "2025-06-01" and by["productionEndDate"]["l"] == "2025-12-31"
    # "by July or August": no first day is invented; the value is the last day the source allows
    assert "e" not in by["expectedReleaseDate"] and by["expectedReleaseDate"]["l"] == "2026-08-31"
    assert by["expectedReleaseDate"]["v"] == "2026-08-31"
    valid(kg, work)


def test_a_stated_season_range_is_accepted_only_when_the_quote_writes_it(kg, work: Path) -> None:
    refused(
        kg, work, "season", "add", "--number", "3", "--source", "d", "--quote", "renewed XO, Kitty for a third season",
        "--filming-start", "2025-03..2025-06;speculative", "--filming-start-quote", "in the spring of 2025",
        expect="does not name the date 2025-03..2025-06",
    )  # fmt: skip
    add(
        kg, work, "d", "--number", "3", "--quote", "renewed XO, Kitty for a third season",
        "--filming-start", "2025-03..2025-05;speculative", "--filming-start-quote", "in the spring of 2025",
    )  # fmt: skip


def test_a_relative_date_in_an_undated_source_cannot_be_resolved(kg, work: Path) -> None:
    refused(
        kg, work, "season", "add", "--number", "3", "--source", "undated", "--quote", "the third season",
        "--filming-start", "next month", "--filming-start-quote", "begins next month",
        expect="has no publication date",
    )  # fmt: skip


def test_a_guess_carries_the_sources_reason(kg, work: Path) -> None:
    add(
        kg, work, "g", "--number", "3", "--quote", "Filming on the third season begins",
        "--episodes", "12", "--episodes-quote", "will reportedly have twelve episodes",
        "--speculative", "episodes=according to a casting listing",
    )  # fmt: skip
    found = rows(kg, work, "SELECT ?c ?why WHERE { ?c kgo:status kgo:Speculation ; rdfs:comment ?why }")
    assert any("according to a casting listing" in r["why"] for r in found)


# --- departures and successors --------------------------------------------------------------


@pytest.mark.parametrize("order", [("d", "e"), ("e", "d")])
def test_an_actor_who_will_not_return_is_not_in_the_cast(kg, work: Path, order: tuple[str, ...]) -> None:
    for source in order:
        add(kg, work, source, *ADDS[source])
    assert "Minyeong Choi" not in {r["actor"] for r in rows(kg, work, "cast-of-season", "--param", "season=3")}
    explain = kg("explain", "Minyeong Choi", "--graph", str(work))
    assert explain.exit_code == 0, explain.stderr
    assert "leaves the role of Dae" in explain.stdout and "source:e" in explain.stdout
    valid(kg, work)


def test_a_series_wide_role_ends_with_a_departure(kg, work: Path) -> None:
    add(
        kg, work, "j", "--number", "4", "--quote", "the fourth season of XO, Kitty",
        "--departure", "Anna Cathcart=Kitty Song Covey", "--departure-quote", "will not return as Kitty Song Covey",
    )  # fmt: skip

    def actors(n: int) -> set[str]:
        return {r["actor"] for r in rows(kg, work, "cast-of-season", "--param", f"season={n}")}

    assert "Anna Cathcart" in actors(2)
    assert "Anna Cathcart" not in actors(4)


def test_a_successor_replaces_the_series_wide_role_for_that_season(kg, work: Path) -> None:
    add(kg, work, "f", *ADDS["f"])
    crew3 = {(r["role"], r["who"]) for r in rows(kg, work, "crew", "--param", "season=3")}
    assert ("co-showrunner", "Sascha Rothchild") in crew3
    assert ("co-showrunner", "Jenny Han") not in crew3
    assert ("executive producer", "Jenny Han") in crew3  # only the role she was succeeded in
    crew2 = {(r["role"], r["who"]) for r in rows(kg, work, "crew", "--param", "season=2")}
    assert ("co-showrunner", "Jenny Han") in crew2
    explain = kg("explain", "Sascha Rothchild", "--graph", str(work))
    assert "succeeds Jenny Han as co-showrunner" in explain.stdout


# --- one property per fact: every option written, read by the named queries --------------------


#: words of each source saying season 3 exists
SEASON_QUOTES = {
    "d": "renewed XO, Kitty for a third season",
    "e": "the third season of XO, Kitty",
    "f": "XO, Kitty season 3 will premiere",
    "g": "Filming on the third season begins",
}
ROUND_TRIP = [
    ("--premiere", "2026-04-02", "will premiere on Netflix on April 2", "f", "seasons", "premiere", "2026-04-02"),
    ("--announced", "2025-02-20", "Netflix has renewed XO, Kitty", "d", None, None, None),
    ("--production-start", "2025-06", "begins next month", "g", "seasons", "productionStart", "2025-06-01"),
    ("--production-end", "2025-07", "wrapped in July 2025", "e", "seasons", "productionEnd", "2025-07-01"),
    ("--filming-start", "2025-06", "begins next month", "g", "seasons", "filmingStart", "2025-06-01"),
    ("--filming-end", "2025-07", "wrapped in July 2025", "e", "seasons", "filmingEnd", "2025-07-01"),
    ("--episodes", "8", "The third season has eight episodes", "f", "seasons", "episodes", "8"),
]


@pytest.mark.parametrize("option,value,quote,source,query,column,expected", ROUND_TRIP)
def test_each_single_fact_option_is_read_by_the_seasons_query(
    kg, work: Path, option: str, value: str, quote: str, source: str, query, column, expected
) -> None:
    if query is None:  # the renewal article gives no announcement date: the quote is refused
        refused(
            kg, work, "season", "add", "--number", "3", "--source", source, "--quote", "a third season",
            option, value, f"{option}-quote", quote, expect="does not name the date",
        )  # fmt: skip
        return
    add(kg, work, source, "--number", "3", "--quote", SEASON_QUOTES[source], option, value, f"{option}-quote", quote)
    season3 = [r for r in rows(kg, work, query) if r["number"] == "3"]
    assert season3 and season3[0][column] == expected


def test_announcement_guess_and_places_are_read_by_the_named_queries(kg, work: Path) -> None:
    add(
        kg, work, "g", "--number", "3", "--quote", "Filming on the third season begins",
        "--expected-premiere", "..2026-08", "--expected-premiere-quote", "by July or August of next year",
        "--filming-location", "Busan:city in South Korea", "--filming-location-quote", "begins next month in Busan",
    )  # fmt: skip
    season3 = next(r for r in rows(kg, work, "seasons", "--with-speculation") if r["number"] == "3")
    assert season3["expectedRelease"] == "2026-08-31" and season3["filmedIn"] == "Busan"
    places = rows(kg, work, "filming-locations")
    assert {"location": "Busan", "region": "South Korea", "work": "XO, Kitty Season 3"} in places


# --- fiction stays fiction ------------------------------------------------------------------


def test_a_character_is_refused_as_a_real_crew_member(kg, work: Path) -> None:
    refused(
        kg, work, "season", "add", "--number", "3", "--source", "f", "--quote", "XO, Kitty season 3 will premiere",
        "--crew", "Kitty Song Covey=writer", "--crew-quote", "XO, Kitty season 3",
        expect="is fiction in the graph",
    )  # fmt: skip


def test_a_fictional_school_is_refused_as_a_filming_location(kg, work: Path) -> None:
    refused(
        kg, work, "season", "add", "--number", "3", "--source", "f", "--quote", "XO, Kitty season 3 will premiere",
        "--filming-location", "Korean Independent School of Seoul:school in Seoul",
        "--filming-location-quote", "XO, Kitty season 3",
        expect="not a real place",
    )  # fmt: skip


def test_new_says_it_is_another_entity_and_validate_accepts_it(kg, work: Path, tmp_path: Path) -> None:
    article = tmp_path / "namesake.txt"
    article.write_text("Namesake\n\nStella wrote the third season of XO, Kitty.\n", encoding="utf-8")
    assert kg("source", "add", str(article), "--title", "Namesake", "--slug", "namesake",
              "--published", "2025-03-01", "--graph", str(work)).exit_code == 0  # fmt: skip
    add(
        kg, work, "namesake", "--number", "3", "--quote", "the third season of XO, Kitty",
        "--crew", "Stella=writer", "--crew-quote", "Stella wrote the third season", "--new", "Stella",
    )  # fmt: skip
    different = rows(kg, work, "SELECT ?p WHERE { ?p a kgo:Person ; owl:differentFrom kg:xo-kitty_character_stella }")
    assert len(different) == 1
    valid(kg, work)


# --- any order of entry: the same graph, always valid -----------------------------------------

STORY = ["a", "b", "c", "d", "e", "f"]


def _views(kg, work: Path) -> str:
    """What a user sees of the graph, as text to compare between orders of entry."""
    seen = {
        "seasons": rows(kg, work, "seasons", "--with-speculation"),
        "cast2": rows(kg, work, "cast-of-season", "--param", "season=2"),
        "cast3": rows(kg, work, "cast-of-season", "--param", "season=3"),
        "crew3": rows(kg, work, "crew", "--param", "season=3"),
        "timeline": rows(kg, work, "timeline", "--with-speculation"),
        "states": sorted({(r["claim"], r["state"]) for r in rows(kg, work, "history")}),
    }
    return json.dumps(seen, sort_keys=True)


def _enter(kg, work: Path, order: list[str]) -> str:
    for source in order:
        add(kg, work, source, *ADDS[source])
        valid(kg, work)  # after any sequence of adds
    return _views(kg, work)


@pytest.fixture(scope="module")
def reference(tmp_path_factory, kg_module) -> str:
    root = tmp_path_factory.mktemp("reference")
    work = _registered(kg_module, root)
    return _enter(kg_module, work, STORY)


@pytest.fixture(scope="module")
def kg_module():
    from click.testing import CliRunner

    from graph.cli.main import cli
    from tests.conftest import Run

    def run(*args: str) -> Run:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


def _registered(kg, root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    work = root / "work"
    assert kg("init", str(work)).exit_code == 0
    for slug, (published, text) in ARTICLES.items():
        article = root / f"{slug}.txt"
        article.write_text(text, encoding="utf-8")
        args = ["source", "add", str(article), "--title", text.splitlines()[0], "--slug", slug, "--graph", str(work)]
        assert kg(*args, *(["--published", published] if published else [])).exit_code == 0
    return work


@pytest.fixture(scope="module")
def premiere_reference(tmp_path_factory, kg_module) -> str:
    return _enter(kg_module, _registered(kg_module, tmp_path_factory.mktemp("premiere")), ["a", "b", "c"])


@pytest.mark.parametrize("order", list(itertools.permutations(["a", "b", "c"])))
def test_every_order_of_the_premiere_reports_gives_the_same_graph(
    kg, tmp_path: Path, premiere_reference: str, order
) -> None:
    views = _enter(kg, _registered(kg, tmp_path), list(order))
    assert [r["premiere"] for r in json.loads(views)["seasons"] if r["number"] == "2"] == ["2025-01-16"]
    assert views == premiere_reference


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(STORY))
def test_any_order_of_the_whole_story_gives_the_same_graph(kg, tmp_path_factory, reference: str, order) -> None:
    work = _registered(kg, tmp_path_factory.mktemp("order"))
    assert _enter(kg, work, list(order)) == reference


F_TOML = """series = "XO, Kitty"
number = 3
source = "f"
quote = "XO, Kitty season 3 will premiere"

[premiere]
date = "April 2"
quote = "will premiere on Netflix on April 2"

[episodes]
count = 8
quote = "The third season has eight episodes"

[[crew]]
name = "Sascha Rothchild"
role = "co-showrunner"
replaces = "Jenny Han"
quote = "Sascha Rothchild takes over as co-showrunner from Jenny Han"
"""

E_TOML = """number = 3
source = "e"
quote = "the third season of XO, Kitty"

[filming_end]
date = "2025-07"
quote = "wrapped in July 2025"

[[departure]]
actor = "Minyeong Choi"
character = "Dae"
quote = "Minyeong Choi will not return as Dae"
"""


@pytest.mark.parametrize("source,toml", [("f", F_TOML), ("e", E_TOML)])
def test_the_season_file_says_what_the_options_say(kg, work: Path, tmp_path: Path, source: str, toml: str) -> None:
    path = tmp_path / f"{source}.toml"
    path.write_text(toml, encoding="utf-8")
    from_file = kg("season", "add", "--from", str(path), "--dry-run", "--graph", str(work))
    args = list(ADDS[source])
    if source == "e":
        args[args.index("--quote") + 1] = "the third season of XO, Kitty"
    from_options = kg("season", "add", "--source", source, *args, "--dry-run", "--graph", str(work))
    assert from_file.exit_code == 0 and from_options.exit_code == 0, from_file.stderr + from_options.stderr
    assert from_file.stdout == from_options.stdout


def test_a_season_file_with_a_reason_and_a_correction(kg, work: Path, tmp_path: Path) -> None:
    add(kg, work, "h", "--number", "3", "--quote", "the third season", "--episodes", "8",
        "--episodes-quote", "will have eight episodes")  # fmt: skip
    path = tmp_path / "i.toml"
    path.write_text(
        'number = 3\nsource = "i"\n\n[episodes]\ncount = 6\nquote = "will have six episodes"\ncorrects = "h"\n',
        encoding="utf-8",
    )
    run = kg("season", "add", "--from", str(path), "--graph", str(work))
    assert run.exit_code == 0, run.stderr
    assert "corrects claim:xo-kitty-season-3-h-episodes" in run.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text('number = 3\nsource = "g"\n\n[episodes]\ncount = 12\nquote = "x"\nspeculative = 3\n')
    refused = kg("season", "add", "--from", str(bad), "--graph", str(work))
    assert refused.exit_code != 0 and f"{bad}:7: speculative" in refused.stderr, refused.stderr


def test_a_confirmation_keeps_the_default_view_whole_when_the_first_source_is_replaced(kg, work: Path) -> None:
    """Issue 21, item 8: the second source of a premiere date answers "no release date yet" too,
    so replacing the first source's file without the date leaves no contradiction."""
    add(kg, work, "a", *ADDS["a"])
    add(kg, work, "c", *ADDS["c"])
    add(kg, work, "a", "--number", "2", "--cast", "Audrey Huynh=Stella;new;regular",
        "--cast-quote", "Audrey Huynh plays Stella, a new series regular", "--replace")  # fmt: skip
    ask = "ASK { kg:XOKittySeason2 kgo:releaseDateAnnounced ?x }"
    assert json.loads(kg("query", ask, "--format", "json", "--graph", str(work)).stdout)["boolean"] is False
    assert {r["number"]: r.get("premiere") for r in rows(kg, work, "seasons")}["2"] == "2025-01-16"
    valid(kg, work)


def test_an_actor_back_after_an_older_departure_stands(kg, work: Path, tmp_path: Path) -> None:
    """A departure (e, August 2025) and a newer report of the actor back, with no flags: the
    newer report stands, whichever is added first; the departure's implied end of the role's
    flags does not block it."""
    back = tmp_path / "back.txt"
    back.write_text("Dae is back\n\nMinyeong Choi plays Dae in the third season after all.\n", encoding="utf-8")
    assert kg("source", "add", str(back), "--title", "back", "--slug", "back", "--published", "2025-11-01",
              "--graph", str(work)).exit_code == 0  # fmt: skip
    add(kg, work, "e", *ADDS["e"])
    add(kg, work, "back", "--number", "3", "--cast", "Minyeong Choi=Dae", "--cast-quote", "Minyeong Choi plays Dae")
    assert "Minyeong Choi" in {r["actor"] for r in rows(kg, work, "cast-of-season", "--param", "season=3")}
    valid(kg, work)


def test_a_date_answers_no_date_yet_even_when_neither_source_is_dated(kg, work: Path, tmp_path: Path) -> None:
    """The bundled article (undated) says no release date is announced; another undated article
    gives the date: a date answers "not yet", whatever the order, so it is no contradiction."""
    article = tmp_path / "dated-premiere.txt"
    article.write_text("Season 2 date\n\nXO, Kitty season 2 premieres on January 16, 2025.\n", encoding="utf-8")
    assert kg("source", "add", str(article), "--title", "date", "--slug", "undated-date",
              "--graph", str(work)).exit_code == 0  # fmt: skip
    out = add(kg, work, "undated-date", "--number", "2", "--premiere", "2025-01-16",
              "--premiere-quote", "premieres on January 16, 2025")  # fmt: skip
    assert "supersedes claim:season-2-no-release-date" in out
    valid(kg, work)
