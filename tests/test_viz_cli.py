"""`kg viz` without a browser: what it draws, the errors it gives, and that the file is whole."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graph.namespaces import KG
from graph.viz.network import Descriptions, to_network
from graph.viz.page import LARGE_LIMIT, PHYSICS_LIMIT, page_data, render_page

REPO = Path(__file__).resolve().parent.parent
TWINS = """
@prefix kg: <https://w3id.org/franchise-kg/id/> .
@prefix kgo: <https://w3id.org/franchise-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
kg:TwinA a kgo:Character ; rdfs:label "Twin" .
kg:TwinB a kgo:Person ; rdfs:label "twin" .
"""


def embedded(page: Path) -> dict:
    """The node and edge data a page carries."""
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page.read_text("utf-8"), re.S)
    assert match
    return json.loads(match.group(1))


def viz(kg, tmp_path: Path, *args: str):
    return kg("viz", "--graph", str(REPO), "-o", str(tmp_path / "page.html"), *args)


def test_page_has_no_external_reference(kg, tmp_path: Path) -> None:
    run = viz(kg, tmp_path)
    assert run.exit_code == 0, run.stderr
    text = (tmp_path / "page.html").read_text("utf-8")
    markup = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", text, flags=re.S | re.I)
    assert "<script" not in markup  # every script is inline
    assert not re.search(r"<(link|iframe|img|object|embed)\b|\b(src|href)\s*=", markup, re.I)
    assert "@import" not in text
    assert "default-src 'none'" in text  # and the browser itself refuses any request


def test_query_draws_only_what_it_constructs(kg, tmp_path: Path) -> None:
    run = viz(kg, tmp_path, "--query", "CONSTRUCT { ?w kgo:setIn ?p } WHERE { ?w kgo:setIn ?p }")
    assert run.exit_code == 0, run.stderr
    data = embedded(tmp_path / "page.html")
    assert {e["label"] for e in data["edges"]} == {"set in"}
    assert {n["full"] for n in data["nodes"]} == {
        "XO, Kitty",
        "XO, Kitty Season 1",
        "Seoul",
        "South Korea",
        "Korean Independent School of Seoul",
    }


def test_focus_draws_the_neighbourhood_by_name_or_iri(kg, tmp_path: Path) -> None:
    for spec in (
        "  stella ",
        "kg:xo-kitty_character_stella",
        f"<{KG}xo-kitty_character_stella>",
        KG + "xo-kitty_character_stella",
    ):
        run = viz(kg, tmp_path, "--focus", spec, "--depth", "1")
        assert run.exit_code == 0, (spec, run.stderr)
        data = embedded(tmp_path / "page.html")
        assert {n["full"] for n in data["nodes"]} == {"Stella", "Audrey Huynh", "XO, Kitty Season 2"}
        assert data["nodes"][data["focus"]]["iri"] == KG + "xo-kitty_character_stella"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--focus", "Kitty"], "no entity named 'Kitty'"),
        (["--focus", "kg:NoSuchThing"], "kg:NoSuchThing: not in the drawn graph"),
        (["--depth", "1"], "--depth needs --focus"),
        (["--query", "SELECT * WHERE { ?s ?p ?o }"], "is a SELECT query"),
        (["--query", "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"], "SERVICE"),
    ],
)
def test_bad_requests_fail_with_one_line_and_keep_the_old_page(kg, tmp_path: Path, args, message) -> None:
    page = tmp_path / "page.html"
    page.write_text("old page", encoding="utf-8")
    run = viz(kg, tmp_path, *args)
    assert run.exit_code != 0
    assert message in run.stderr and run.stderr.count("\n") == 1
    assert page.read_text("utf-8") == "old page"


def test_unknown_name_lists_candidates(kg, tmp_path: Path) -> None:
    run = viz(kg, tmp_path, "--focus", "Kitty")
    assert "Kitty Song Covey" in run.stderr and "kg:to-all-the-boys_character_kitty-song-covey" in run.stderr


def test_ambiguous_name_lists_each_entity(kg, tmp_path: Path) -> None:
    twins = tmp_path / "twins.ttl"
    twins.write_text(TWINS, encoding="utf-8")
    run = viz(kg, tmp_path, "--data", str(twins), "--focus", "TWIN")
    assert run.exit_code == 2
    assert "names several entities" in run.stderr
    assert "kg:TwinA" in run.stderr and "kg:TwinB" in run.stderr


def synthetic(nodes: int):
    """A chain-and-star network of `nodes` characters, built without RDF."""
    desc = Descriptions(
        classes={f"{KG}n{i}": {"https://w3id.org/franchise-kg/ontology#Character"} for i in range(nodes)}
    )
    statements = [(f"{KG}n{i}", f"{KG}knows", f"{KG}n{i // 3}") for i in range(1, nodes)]
    return to_network(statements, desc, {})


def test_large_graphs_get_a_layout_ahead_and_a_notice() -> None:
    small = page_data(synthetic(PHYSICS_LIMIT))
    assert small["physics"] is True
    large = synthetic(LARGE_LIMIT + 1)
    data = page_data(large)
    assert data["physics"] is False and data["large"] is True
    positions = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(positions) == large.number_of_nodes()  # every node has a place of its own
    page = render_page(large, "large").decode("utf-8")
    assert "kg viz --focus ENTITY" in page and "kg viz --query QUERY" in page


def test_open_shows_the_written_page(kg, tmp_path: Path, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    run = viz(kg, tmp_path, "--open")
    assert run.exit_code == 0, run.stderr
    assert opened == [(tmp_path / "page.html").resolve().as_uri()]


def test_open_says_so_when_no_browser_can_be_started(kg, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: False)
    run = viz(kg, tmp_path, "--open")
    assert run.exit_code == 0, run.stderr
    url = (tmp_path / "page.html").resolve().as_uri()
    assert f"could not open a browser here; open {url} yourself" in run.stderr
