"""`kg viz` pages driven in headless Chromium: offline, complete, searchable, filterable, and
safe with hostile labels."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graph.namespaces import KG
from graph.viz.network import build_network
from tests.accessibility import assert_accessible
from tests.chromium import CHROMIUM, available, browser_context

REPO = Path(__file__).resolve().parent.parent
IMG_LABEL = '<img src=x onerror="window.kgXss=1;alert(1)">'
SCRIPT_LABEL = "</script><script>window.kgXss=2;alert(2)</script>"
HOSTILE_TURTLE = f"""
@prefix kg: <https://w3id.org/franchise-kg/id/> .
@prefix kgo: <https://w3id.org/franchise-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
kg:Hostile1 a kgo:Character ; rdfs:label {IMG_LABEL!r} ; kgo:introducedIn kg:XOKittySeason2 .
kg:Hostile2 a kgo:Character ; rdfs:label "{SCRIPT_LABEL}" ; kgo:introducedIn kg:XOKittySeason2 .
"""

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not available(), reason=f"{CHROMIUM} not found: install Debian's chromium"),
]


@dataclass
class Opened:
    """A page loaded in Chromium, with every request, console error and dialog it caused."""

    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: object = None) -> object:
        return self.page.evaluate(expression, arg)  # type: ignore[attr-defined]

    def node_id(self, iri: str) -> int:
        return self.js("iri => nodes.get({filter: n => n.iri === iri})[0].id", iri)  # type: ignore[return-value]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with browser_context() as context:
        yield context


@pytest.fixture
def open_page(browser) -> Iterator:
    pages = []

    def load(path: Path) -> Opened:
        page = browser.new_page()  # type: ignore[attr-defined]
        pages.append(page)
        opened = Opened(page)
        page.on("request", lambda r: opened.requests.append(r.url))
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: opened.errors.append(str(e)))

        def on_dialog(dialog) -> None:
            opened.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(path.as_uri())
        page.wait_for_function("() => window.kgSettled === true", timeout=30_000)
        return opened

    yield load
    for page in pages:
        page.close()


def make_page(kg, tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "page.html"
    run = kg("viz", "--graph", str(REPO), "-o", str(out), *args)
    assert run.exit_code == 0, run.stderr
    return out


def drawn_counts(opened: Opened) -> list[int]:
    return opened.js("[network.body.nodeIndices.length, network.body.edgeIndices.length]")  # type: ignore[return-value]


def test_page_loads_offline_and_draws_every_node_and_edge(kg, tmp_path, open_page, bundled) -> None:
    path = make_page(kg, tmp_path)
    opened = open_page(path)
    expected = build_network(bundled.engine, collapse_roles=True)
    assert drawn_counts(opened) == [expected.number_of_nodes(), expected.number_of_edges()]
    assert opened.requests == [path.as_uri()]
    assert opened.errors == []
    # physics stops once the layout has settled
    assert opened.js("network.physics.physicsEnabled") is False
    assert_accessible(opened.page, "a kg viz page")


def test_speculation_is_drawn_dashed_only_when_asked(kg, tmp_path, open_page, bundled) -> None:
    opened = open_page(make_page(kg, tmp_path, "--with-speculation"))
    expected = build_network(bundled.engine, with_speculation=True, collapse_roles=True)
    speculative = sum(1 for *_, status in expected.edges(data="status") if status == "speculation")
    assert speculative > 0
    assert drawn_counts(opened) == [expected.number_of_nodes(), expected.number_of_edges()]
    assert opened.js("edges.get({filter: e => Array.isArray(e.dashes)}).length") == speculative
    legend = opened.js("document.getElementById('kg-lines').innerText")
    assert "speculation" in legend and str(speculative) in legend
    assert opened.errors == []


def test_search_focuses_the_node_asked_for(kg, tmp_path, open_page) -> None:
    opened = open_page(make_page(kg, tmp_path))
    page = opened.page
    page.fill("#kg-search", "  audrey HUYNH")  # type: ignore[attr-defined]
    assert page.inner_text("#kg-matches li").startswith("Audrey Huynh")  # type: ignore[attr-defined]
    page.press("#kg-search", "Enter")  # type: ignore[attr-defined]
    target = opened.node_id(KG + "person_audrey-huynh")
    assert opened.js("network.getSelectedNodes()")[0] == target  # type: ignore[index]
    # the view is centred on the node
    centre = opened.js("network.getViewPosition()")
    position = opened.js("id => network.getPositions([id])[id]", target)
    assert abs(centre["x"] - position["x"]) < 1 and abs(centre["y"] - position["y"]) < 1  # type: ignore[index]
    assert "Audrey Huynh" in page.inner_text("#kg-selection")  # type: ignore[attr-defined]
    assert opened.errors == []


def test_class_checkbox_hides_and_shows_that_kind(kg, tmp_path, open_page, bundled) -> None:
    opened = open_page(make_page(kg, tmp_path))
    expected = build_network(bundled.engine, collapse_roles=True)
    characters = sum(1 for _, kind in expected.nodes(data="kind") if kind == "character")
    visible_characters = "network.body.nodeIndices.filter(id => nodes.get(id).group === 'character').length"
    assert opened.js(visible_characters) == characters
    opened.page.uncheck('input[data-kind="character"]')  # type: ignore[attr-defined]
    assert opened.js(visible_characters) == 0
    assert drawn_counts(opened)[0] == expected.number_of_nodes() - characters
    opened.page.check('input[data-kind="character"]')  # type: ignore[attr-defined]
    assert drawn_counts(opened)[0] == expected.number_of_nodes()
    assert opened.errors == []


def click_node(opened: Opened, node: int) -> None:
    box = opened.page.locator("#kg-network").bounding_box()  # type: ignore[attr-defined]
    point = opened.js("id => network.canvasToDOM(network.getPositions([id])[id])", node)
    opened.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])  # type: ignore[attr-defined,index]


def own_edges_only(opened: Opened, node: int) -> None:
    """The node and its own edges are selected and drawn bold; every other edge is faded, unlabelled."""
    own = set(opened.js("id => network.getConnectedEdges(id)", node))  # type: ignore[arg-type]
    assert own
    assert opened.js("network.getSelectedNodes()") == [node]
    assert set(opened.js("network.getSelectedEdges()")) == own  # type: ignore[arg-type]
    assert set(opened.js("window.kgEmphasised")) == own  # type: ignore[arg-type]
    styles = opened.js("edges.get().map(e => [e.id, e.color.color, e.width, e.font.strokeWidth, e.base])")
    for edge, color, width, halo, base in styles:  # type: ignore[union-attr]
        if edge in own:
            assert (color, width, halo) == (base, 2, 3)
        else:  # faded, and no label halo to cut the line into what looks like dashes
            assert (color, width, halo) == ("#e4e4e4", 1, 0)


def test_click_emphasises_the_node_s_own_edges_only(kg, tmp_path, open_page, bundled) -> None:
    opened = open_page(make_page(kg, tmp_path))
    expected = build_network(bundled.engine, collapse_roles=True)
    iri = KG + "XOKittySeason2"
    neighbours = set(expected.successors(iri)) | set(expected.predecessors(iri)) | {iri}
    target = opened.node_id(iri)
    click_node(opened, target)
    own_edges_only(opened, target)
    highlighted = opened.js("window.kgHighlighted.map(id => nodes.get(id).iri)")
    assert set(highlighted) == neighbours  # type: ignore[arg-type]
    faded = opened.js("nodes.get().filter(n => n.color && n.color.background === '#ececec').length")
    assert faded == expected.number_of_nodes() - len(neighbours)
    # the background clears it
    box = opened.page.locator("#kg-network").bounding_box()  # type: ignore[attr-defined]
    opened.page.mouse.click(box["x"] + 3, box["y"] + 3)  # type: ignore[attr-defined,index]
    assert opened.js("network.getSelectedEdges().length") == 0
    assert opened.js("edges.get().every(e => e.color.color === e.base && e.width === 1)")
    assert opened.errors == []


def test_focus_selects_the_node_with_its_own_edges_only(kg, tmp_path, open_page) -> None:
    opened = open_page(make_page(kg, tmp_path, "--focus", "Kitty Song Covey"))
    own_edges_only(opened, opened.node_id(KG + "to-all-the-boys_character_kitty-song-covey"))
    assert opened.errors == []


def hover(opened: Opened, node: int) -> None:
    box = opened.page.locator("#kg-network").bounding_box()  # type: ignore[attr-defined]
    point = opened.js("id => network.canvasToDOM(network.getPositions([id])[id])", node)
    opened.page.mouse.move(box["x"] + point["x"] + 2, box["y"] + point["y"] + 2)  # type: ignore[attr-defined,index]
    opened.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])  # type: ignore[attr-defined,index]


def test_hover_says_what_it_is_in_a_line_and_a_click_shows_the_details_beside(kg, tmp_path, open_page) -> None:
    opened = open_page(make_page(kg, tmp_path, "--with-speculation"))
    page = opened.page
    canvas = page.locator("#kg-network").bounding_box()  # type: ignore[attr-defined]
    tip = page.locator("#kg-tip")  # type: ignore[attr-defined]
    # a node in each corner of the drawing: the one-line tooltip flips and clamps to stay inside
    corners = opened.js(
        "(() => { const p = network.getPositions(); const ids = Object.keys(p).map(Number);"
        " const by = f => ids.reduce((a, b) => (f(p[b]) > f(p[a]) ? b : a));"
        " return [by(q => q.x + q.y), by(q => q.x - q.y), by(q => -q.x + q.y), by(q => -q.x - q.y)]; })()"
    )
    for node in corners:  # type: ignore[union-attr]
        hover(opened, node)
        tip.wait_for(state="visible", timeout=5000)
        box = tip.bounding_box()
        assert box["x"] >= canvas["x"] and box["y"] >= canvas["y"]
        assert box["x"] + box["width"] <= canvas["x"] + canvas["width"] + 0.5
        assert box["y"] + box["height"] <= canvas["y"] + canvas["height"] + 0.5
        assert box["height"] < 40  # one line, never a wall of text over the drawing
        text = tip.inner_text()
        assert "\n" not in text and text.startswith(opened.js("id => nodes.get(id).full", node))  # type: ignore[arg-type]
    # a click: the node's facts in the side panel, each sentence once, the drawing uncovered
    kitty = opened.node_id(KG + "to-all-the-boys_character_kitty-song-covey")
    opened.js("id => network.focus(id, {scale: 1.2, animation: false})", kitty)
    click_node(opened, kitty)
    details = page.locator("#kg-details")  # type: ignore[attr-defined]
    details.wait_for(state="visible", timeout=5000)
    assert page.inner_text("#kg-details-title") == "Kitty Song Covey"  # type: ignore[attr-defined]
    lines = page.inner_text("#kg-details-text").splitlines()  # type: ignore[attr-defined]
    sentences = [line.strip() for line in lines if line.strip().startswith("[s")]
    assert sentences and len(sentences) == len(set(sentences))
    side = page.locator("#kg-side").bounding_box()  # type: ignore[attr-defined]
    panel = details.bounding_box()
    assert panel["x"] + panel["width"] <= side["x"] + side["width"] + 0.5  # in the side panel, not over the canvas
    # the pointer leaves for the sidebar: the tooltip goes, the details stay until the background is clicked
    page.mouse.move(side["x"] + side["width"] / 2, side["y"] + side["height"] / 2)  # type: ignore[attr-defined]
    tip.wait_for(state="hidden", timeout=2000)
    assert details.is_visible()
    assert_accessible(page, "a kg viz page with a node's details")
    page.mouse.click(canvas["x"] + 3, canvas["y"] + 3)  # type: ignore[attr-defined]
    details.wait_for(state="hidden", timeout=2000)
    assert opened.errors == []


def test_hostile_labels_show_as_text_and_run_nothing(kg, tmp_path, open_page) -> None:
    data = tmp_path / "hostile.ttl"
    data.write_text(HOSTILE_TURTLE, encoding="utf-8")
    path = make_page(kg, tmp_path, "--data", str(data), "--focus", IMG_LABEL, "--depth", "2")
    opened = open_page(path)
    page = opened.page

    # heading and title: the label as text
    assert IMG_LABEL in page.inner_text("#kg-title")  # type: ignore[attr-defined]
    assert IMG_LABEL in page.title()  # type: ignore[attr-defined]
    # node labels: the text itself, drawn on the canvas
    labels = opened.js("nodes.get().map(n => n.full)")
    assert IMG_LABEL in labels and SCRIPT_LABEL in labels  # type: ignore[operator]
    # search list
    page.fill("#kg-search", "script")  # type: ignore[attr-defined]
    assert SCRIPT_LABEL in page.inner_text("#kg-matches")  # type: ignore[attr-defined]
    page.fill("#kg-search", "img src")  # type: ignore[attr-defined]
    assert IMG_LABEL in page.inner_text("#kg-matches")  # type: ignore[attr-defined]
    # selection line (the focused node is selected on load)
    assert IMG_LABEL in page.inner_text("#kg-selection")  # type: ignore[attr-defined]
    # tooltip: hover the node
    target = opened.node_id(KG + "Hostile1")
    opened.js("id => network.focus(id, {scale: 1.5, animation: false})", target)
    box = page.locator("#kg-network").bounding_box()  # type: ignore[attr-defined]
    point = opened.js("id => network.canvasToDOM(network.getPositions([id])[id])", target)
    page.mouse.move(box["x"] + point["x"] + 2, box["y"] + point["y"] + 2)  # type: ignore[attr-defined,index]
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])  # type: ignore[attr-defined,index]
    tooltip = page.locator("#kg-tip")  # type: ignore[attr-defined]
    tooltip.wait_for(state="visible", timeout=5000)
    assert tooltip.inner_text().startswith(IMG_LABEL)
    # textContent: no element inside the tooltip, so nothing from the data became markup
    assert tooltip.evaluate("el => el.children.length") == 0
    assert opened.js("document.querySelectorAll('div.vis-tooltip').length") == 0  # vis-network's own popup never opens

    # nothing ran and nothing was inserted as markup
    assert opened.dialogs == []
    assert opened.js("window.kgXss === undefined")
    # the only images are the legend's own shape pictures, none from the data
    assert opened.js("document.querySelectorAll('img:not(.kg-icon)').length") == 0
    assert opened.js("Array.from(document.images).every(i => i.src.startsWith('data:image/svg+xml,'))")
    # a click puts the details in the side panel, as text
    click_node(opened, target)
    assert page.inner_text("#kg-details-title") == IMG_LABEL  # type: ignore[attr-defined]
    assert page.locator("#kg-details *").count() == 2  # type: ignore[attr-defined]  # its heading and text box only
    assert opened.js("window.kgXss === undefined")
    # the page data, nodes, edges, options (JSON, never run), vis-network and the page's own
    assert opened.js("document.scripts.length") == 6
    assert opened.js("Array.from(document.scripts).filter(s => s.type !== 'application/json').length") == 2
    assert opened.requests == [path.as_uri()]
    assert opened.errors == []


def test_large_graph_page_settles_with_physics_off_and_says_why(tmp_path, open_page) -> None:
    from graph.viz.network import Descriptions, to_network
    from graph.viz.page import LARGE_LIMIT, render_page

    count = LARGE_LIMIT + 500
    character = "https://w3id.org/franchise-kg/ontology#Character"
    desc = Descriptions(classes={f"{KG}n{i}": {character} for i in range(count)})
    g = to_network([(f"{KG}n{i}", f"{KG}knows", f"{KG}n{i // 4}") for i in range(1, count)], desc, {})
    path = tmp_path / "large.html"
    path.write_bytes(render_page(g, "large"))
    opened = open_page(path)
    assert drawn_counts(opened) == [g.number_of_nodes(), g.number_of_edges()]
    assert opened.js("network.physics.physicsEnabled") is False
    notice = opened.page.locator("#kg-notice")  # type: ignore[attr-defined]
    assert notice.is_visible() and "--focus" in notice.inner_text()
    # still responsive: the search finds and focuses a node
    opened.page.fill("#kg-search", f"n{count - 1}")  # type: ignore[attr-defined]
    opened.page.press("#kg-search", "Enter")  # type: ignore[attr-defined]
    assert opened.js("network.getSelectedNodes()")[0] == opened.node_id(f"{KG}n{count - 1}")  # type: ignore[index]
    assert opened.errors == []
