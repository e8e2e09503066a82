"""What an entity is, in words (`graph.summary`): the lines `kg explain` and the entity pages
open with, each name a part that links to its entity."""

from __future__ import annotations

from graph.api import KnowledgeGraph
from graph.namespaces import expand
from graph.summary import summarize


def texts(kg: KnowledgeGraph, entity: str, **options: bool) -> list[str]:
    return [line.text for line in summarize(kg.engine, expand(entity) or entity, **options)]


def test_a_person_reads_as_their_roles(bundled: KnowledgeGraph) -> None:
    assert texts(bundled, "kg:person_audrey-huynh") == [
        "a person",
        "plays Stella in XO, Kitty Season 2 (new, series regular)",
    ]
    jenny = texts(bundled, "kg:person_jenny-han")
    assert "co-showrunner of XO, Kitty (the whole series)" in jenny
    assert "author of To All The Boys (books)" in jenny


def test_a_character_reads_as_who_plays_them_and_their_story(bundled: KnowledgeGraph) -> None:
    kitty = texts(bundled, "kg:to-all-the-boys_character_kitty-song-covey")
    assert kitty[0] == "a character of the story"
    assert "played by Anna Cathcart in XO, Kitty (the whole series)" in kitty
    assert {"student at Korean Independent School of Seoul", "romantic partner of Dae", "a teenager"} <= set(kitty)


def test_a_season_reads_as_its_dates_with_their_precision(bundled: KnowledgeGraph) -> None:
    season1 = texts(bundled, "kg:XOKittySeason1")
    assert {"premiere May 18, 2023", "filming started March 2022", "filming ended June 2022"} <= set(season1)
    season2 = texts(bundled, "kg:XOKittySeason2")
    assert "announced June 2023" in season2 and "in production (as of its source)" in season2
    assert not any("expected" in t for t in season2)  # guesses only when asked for
    guessed = summarize(bundled.engine, expand("kg:XOKittySeason2") or "", with_speculation=True)
    expected = [line for line in guessed if line.guess]
    assert {line.text for line in expected} >= {"filming expected to end by August 2024 (expected)"}


def test_names_are_parts_that_link(bundled: KnowledgeGraph) -> None:
    (plays,) = [
        line for line in summarize(bundled.engine, expand("kg:person_audrey-huynh") or "") if "plays" in line.text
    ]
    linked = {text: iri for text, iri in plays.parts if iri}
    assert linked == {
        "Stella": expand("kg:xo-kitty_character_stella"),
        "XO, Kitty Season 2": expand("kg:XOKittySeason2"),
    }


def test_a_season_reads_as_its_cast_and_crew_with_the_series_until_they_leave(
    bundled: KnowledgeGraph, kg, tmp_path
) -> None:
    season2 = texts(bundled, "kg:XOKittySeason2")
    assert {
        "cast: Audrey Huynh as Stella (new, series regular)",
        "cast: Joshua Lee as Jin (new)",
        "cast: Anna Cathcart as Kitty Song Covey (the whole series)",
        "co-showrunner: Jenny Han (the whole series)",
    } <= set(season2)
    assert "cast: Anna Cathcart as Kitty Song Covey" in texts(bundled, "kg:XOKitty")  # the series' own
    # from the season a source says she leaves, she is no longer in its cast
    from tests.test_many_sources import ARTICLES

    root = tmp_path / "work"
    assert kg("init", str(root)).exit_code == 0
    published, text = ARTICLES["j"]
    (tmp_path / "j.txt").write_text(text, encoding="utf-8")
    assert kg("source", "add", str(tmp_path / "j.txt"), "--title", "j", "--slug", "j", "--published", published,
              "--graph", str(root)).exit_code == 0  # fmt: skip
    run = kg("season", "add", "--source", "j", "--number", "4", "--quote", "the fourth season of XO, Kitty",
             "--departure", "Anna Cathcart=Kitty Song Covey", "--departure-quote", "will not return as Kitty Song Covey",
             "--graph", str(root))  # fmt: skip
    assert run.exit_code == 0, run.stderr
    work = KnowledgeGraph.open(root)
    assert "cast: Anna Cathcart as Kitty Song Covey (the whole series)" in texts(work, "kg:XOKittySeason2")
    assert not [t for t in texts(work, "kg:XOKittySeason4") if t.startswith("cast: Anna Cathcart")]
