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
