"""Make every screenshot of the manual, in docs/screenshots/: the workbench's views (1400x900,
one at 800 px wide) and a `kg viz` page, in Debian's headless Chromium.

    python tests/make_screenshots.py            # all of them
    python tests/make_screenshots.py entity     # those whose name holds "entity"

Each picture is recorded in docs/screenshots/pages.json with a fingerprint of what its page
showed (its text, the files it loaded, the nodes it drew) and the picture's own hash.
tests/test_screenshots.py renders each page again and fails when a page changed but its
picture was not made again, or when a picture is not the one this script made.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.chromium import browser_context  # noqa: E402
from tests.serving import serving  # noqa: E402

OUT = REPO / "docs" / "screenshots"
RECORD = OUT / "pages.json"
KG = "https://w3id.org/franchise-kg/id/"

#: What a page rendered from, read in the page: its visible text (timings left out), the
#: files it loaded (the workbench names each by its content's hash), the nodes and edges it
#: drew and the window's size. A change to the data, the code or the style changes it.
FINGERPRINT = """() => {
  const text = document.body.innerText.replace(/\\d+ ms\\b/g, "# ms");
  const files = [...document.querySelectorAll("script[src], link[rel=stylesheet]")].map(e => e.getAttribute("src") || e.getAttribute("href"));
  const inline = [...document.querySelectorAll("script:not([src]), style")].map(e => e.textContent.length);
  let drawn = null;
  if (window.WB && WB.graphView) {
    drawn = [WB.graphView.nodes.get().map(n => n.id).sort(), WB.graphView.edges.get().map(e => e.id).sort()];
  } else if (window.network && window.nodes) {
    drawn = [window.nodes.get().map(n => n.full).sort(), window.edges.get().length];
  }
  return JSON.stringify({ text, files, inline, drawn, size: [innerWidth, innerHeight] });
}"""


@dataclass
class Scene:
    """One picture: its file name, what it shows (for the docs), the window size, the server it
    needs (`bundled`, `story` or `viz`: a kg viz page) and the steps that bring the page there."""

    name: str
    caption: str
    steps: Callable[[object, str], None]
    width: int = 1400
    height: int = 900
    server: str = "bundled"


def _ready(page: object, selector: str) -> None:
    page.wait_for_selector(selector, state="attached", timeout=30_000)  # type: ignore[attr-defined]


def _options(page: object, base: str, *, speculation: bool = False, rdfs: bool = False) -> None:
    """The top bar's switches, set before the page loads (they live in the tab's session)."""
    page.goto(base + "/static/workbench.css")  # type: ignore[attr-defined]
    page.evaluate(  # type: ignore[attr-defined]
        "([s, r]) => { sessionStorage.setItem('kg-speculation', String(s)); sessionStorage.setItem('kg-rdfs', String(r)); }",
        [speculation, rdfs],
    )


def _go(page: object, base: str, path: str, ready: str, **options: bool) -> None:
    _options(page, base, **options)
    page.goto(base + path)  # type: ignore[attr-defined]
    _ready(page, ready)


def _settle(page: object) -> None:
    page.wait_for_timeout(2500)  # type: ignore[attr-defined]  # the layout's physics
    page.evaluate("() => WB.graphView && WB.graphView.fit()")  # type: ignore[attr-defined]
    page.wait_for_timeout(300)  # type: ignore[attr-defined]


def _dblclick(page: object, iri: str, canvas: str) -> None:
    page.wait_for_timeout(1500)  # type: ignore[attr-defined]
    x, y = page.evaluate(  # type: ignore[attr-defined]
        """([iri, canvas]) => { const net = WB.graphView.network; const p = net.canvasToDOM(net.getPositions([iri])[iri]);
             const box = document.getElementById(canvas).getBoundingClientRect(); return [box.left + p.x, box.top + p.y]; }""",
        [iri, canvas],
    )
    page.mouse.dblclick(x, y)  # type: ignore[attr-defined]


def query(page: object, base: str) -> None:
    _go(page, base, "/", "body[data-ready=query]")
    page.click('.wb-examples button[data-name="cast-of-season"]')  # type: ignore[attr-defined]
    _ready(page, "body[data-names=linked]")


def editor(page: object, base: str) -> None:
    _go(page, base, "/", "body[data-ready=query]")
    page.click(".CodeMirror")  # type: ignore[attr-defined]
    page.keyboard.press("Control+a")  # type: ignore[attr-defined]
    page.keyboard.type(
        "SELECT ?character ?name WHERE {\n?character a kgo:Character ;\nschema:name ?name ;\nkgo:introducedIn kg:XOKitty"
    )  # type: ignore[attr-defined]
    page.keyboard.press("Control+Space")  # type: ignore[attr-defined]
    _ready(page, ".CodeMirror-hints")


def advice(page: object, base: str) -> None:
    text = "SELECT ?person ?name WHERE {\n  ?person a kgo:Persn ;\n          schema:name ?name .\n}"
    _go(page, base, "/#" + urllib.parse.urlencode({"query": text}), "body[data-advice]")
    page.evaluate("() => document.activeElement.blur()")  # type: ignore[attr-defined]


def graph(page: object, base: str) -> None:
    _go(page, base, "/#named=fact-source&entity=kg%3AXOKitty", "body[data-run=done]")
    page.click("#tab-button-graph")  # type: ignore[attr-defined]
    _ready(page, "body[data-graph=ready]")
    _dblclick(page, KG + "to-all-the-boys_character_kitty-song-covey", "result-graph")
    _ready(page, "body[data-expanded='1']")
    _settle(page)


def timeline(page: object, base: str) -> None:
    _go(page, base, "/#named=timeline", "body[data-run=done]", speculation=True)
    page.click("#tab-button-timeline")  # type: ignore[attr-defined]
    _ready(page, ".wb-tl-item a.wb-name")


def entity(page: object, base: str) -> None:
    _go(page, base, "/entity/kg:XOKittySeason2", "body[data-ready=entity]", speculation=True)
    page.locator(".wb-quote-button").nth(2).click()  # type: ignore[attr-defined]
    _ready(page, "#wb-mark")
    page.wait_for_timeout(300)  # type: ignore[attr-defined]


def entity_rdfs(page: object, base: str) -> None:
    _go(page, base, "/entity/kg:person_anna-cathcart", "body[data-ready=entity]", rdfs=True)
    page.evaluate("() => document.querySelector('.wb-entailed-facts').scrollIntoView({block: 'center'})")  # type: ignore[attr-defined]


def history(page: object, base: str) -> None:
    _go(page, base, "/entity/kg:XOKittySeason3", "body[data-ready=entity]")
    page.evaluate("() => document.querySelector('.wb-section-history').scrollIntoView({block: 'start'})")  # type: ignore[attr-defined]


def explore(page: object, base: str) -> None:
    _go(page, base, "/explore#start=kg%3Ato-all-the-boys_character_kitty-song-covey", "body[data-expanded='1']")
    _dblclick(page, KG + "XOKitty", "explore-graph")
    _ready(page, "body[data-expanded='2']")
    _dblclick(page, KG + "XOKittySeason2", "explore-graph")
    _ready(page, "body[data-expanded='3']")
    _settle(page)


def narrow(page: object, base: str) -> None:
    _go(page, base, "/#named=history", "body[data-names=linked]")


def viz(page: object, url: str) -> None:
    page.goto(url)  # type: ignore[attr-defined]
    page.wait_for_function("() => window.kgSettled === true", timeout=60_000)  # type: ignore[attr-defined]
    page.evaluate(f"() => window.kgFocus(nodes.get({{filter: n => n.iri === '{KG}XOKittySeason2'}})[0].id, false)")  # type: ignore[attr-defined]
    page.evaluate("() => network.fit({animation: false})")  # type: ignore[attr-defined]
    page.wait_for_timeout(300)  # type: ignore[attr-defined]


SCENES = [
    Scene(
        "workbench-query.png", "A named query run from the menu: its form, and its results with each name a link", query
    ),
    Scene("workbench-editor.png", "The editor completing a class name", editor),
    Scene("workbench-advice.png", "A mistyped class: the nearest one, under its line and above the results", advice),
    Scene("workbench-graph.png", "The entities of a result as a graph, one of them expanded", graph),
    Scene(
        "workbench-timeline.png",
        "The timeline with speculation: one entry per event, a range at its precision",
        timeline,
    ),
    Scene(
        "workbench-entity.png",
        "An entity page: in words, then each claim with its sentences, one shown in its source",
        entity,
    ),
    Scene(
        "workbench-entity-rdfs.png",
        "Anna Cathcart's page with RDFS on: what RDFS entails about her, apart",
        entity_rdfs,
    ),
    Scene(
        "workbench-history.png",
        "A season told by several sources: a claim corrected, kept apart as history",
        history,
        server="story",
    ),
    Scene("workbench-explore.png", "Exploring from Kitty Song Covey, three nodes expanded", explore),
    Scene("workbench-narrow.png", "At 800 px wide: the menu folded, each row a card", narrow, 800, 900),
    Scene(
        "kg-viz.png",
        "kg viz on the bundled graph with speculation: a season selected, its details beside",
        viz,
        server="viz",
    ),
]


def fingerprint(page: object) -> str:
    """The SHA-256 of what the page shows now (see FINGERPRINT)."""
    return hashlib.sha256(page.evaluate(FINGERPRINT).encode("utf-8")).hexdigest()  # type: ignore[attr-defined]


@contextmanager
def _servers(needed: set[str]) -> Iterator[dict[str, str]]:
    """Base URLs for the scenes: `kg serve` on the bundled graph and on the story's working
    copy, and a kg viz page (a file URL), each made only if a scene needs it."""
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="kg-screenshots-") as tmp:
        found: dict[str, str] = {}
        if "bundled" in needed:
            found["bundled"] = stack.enter_context(serving("--graph", str(REPO))).url
        if "story" in needed:
            from tests.story import build_story

            root = build_story(Path(tmp))
            found["story"] = stack.enter_context(serving("--graph", str(root))).url
        if "viz" in needed:
            from graph.api import KnowledgeGraph
            from graph.viz.network import build_network
            from graph.viz.page import render_page

            g = build_network(KnowledgeGraph.open(REPO).engine, with_speculation=True, collapse_roles=True)
            page = Path(tmp) / "kg-viz.html"
            page.write_bytes(render_page(g, "franchise-kg: the whole graph", with_speculation=True))
            found["viz"] = page.as_uri()
        yield found


def render(scenes: list[Scene], out: Path | None) -> dict[str, dict[str, str]]:
    """Bring each scene's page about; its fingerprint, and with `out` its picture written there."""
    recorded: dict[str, dict[str, str]] = {}
    with _servers({s.server for s in scenes}) as bases:
        for scene in scenes:
            with browser_context(scene.width, scene.height) as context:
                page = context.new_page()  # type: ignore[attr-defined]
                scene.steps(page, bases[scene.server])
                entry = {"caption": scene.caption, "page": fingerprint(page)}
                if out is not None:
                    png = page.screenshot()
                    (out / scene.name).write_bytes(png)
                    entry["png"] = hashlib.sha256(png).hexdigest()
                recorded[scene.name] = entry
    return recorded


def main(argv: list[str]) -> None:
    import os

    # the servers this starts (`python -m graph serve`) run this checkout, whatever is installed
    os.environ["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])
    wanted = [s for s in SCENES if not argv or any(a in s.name for a in argv)]
    OUT.mkdir(parents=True, exist_ok=True)
    record = json.loads(RECORD.read_text(encoding="utf-8")) if RECORD.is_file() else {}
    record.update(render(wanted, OUT))
    record = {s.name: record[s.name] for s in SCENES if s.name in record}
    RECORD.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for scene in wanted:
        print(f"wrote {OUT.relative_to(REPO) / scene.name}")


if __name__ == "__main__":
    main(sys.argv[1:])
