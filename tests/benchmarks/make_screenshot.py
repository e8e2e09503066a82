"""Make the screenshot of `kg viz`: the bundled graph with speculation, a season selected and the
tooltip of one of its speculative edges open.

    python tests/benchmarks/make_screenshot.py [OUT.png]

Uses Debian's headless Chromium, as the browser tests do; writes tests/screenshots/kg-viz.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from graph.api import KnowledgeGraph
from graph.files import atomic_write
from graph.namespaces import KG
from graph.viz.network import build_network
from graph.viz.page import render_page
from tests.chromium import browser_context

REPO = Path(__file__).resolve().parents[2]
#: The speculative edge whose tooltip the screenshot shows.
HOVER = (KG + "XOKittySeason2", KG + "xo-kitty_plot-event_kittys-split-from-dae")


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "tests" / "screenshots" / "kg-viz.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    kg = KnowledgeGraph.open(REPO)
    g = build_network(kg.engine, with_speculation=True, collapse_roles=True)
    with tempfile.TemporaryDirectory(prefix="kg-screenshot-") as tmp:
        page_path = Path(tmp) / "kg-viz.html"
        page_path.write_bytes(render_page(g, "franchise-kg: the whole graph", with_speculation=True))
        with browser_context(1400, 900) as context:
            page = context.new_page()
            page.goto(page_path.as_uri())
            page.wait_for_function("() => window.kgSettled === true", timeout=60_000)
            ends = page.evaluate(
                "([a, b]) => [a, b].map(iri => network.canvasToDOM("
                "network.getPositions([nodes.get({filter: n => n.iri === iri})[0].id])"
                "[nodes.get({filter: n => n.iri === iri})[0].id]))",
                list(HOVER),
            )
            box = page.locator("#kg-network").bounding_box()
            page.mouse.click(box["x"] + ends[0]["x"], box["y"] + ends[0]["y"])  # select the season
            x = box["x"] + (ends[0]["x"] + ends[1]["x"]) / 2
            y = box["y"] + (ends[0]["y"] + ends[1]["y"]) / 2
            page.mouse.move(x + 3, y + 3)
            page.mouse.move(x, y)
            page.locator("#kg-tip").wait_for(state="visible", timeout=5000)
            png = page.screenshot()
    atomic_write(out, png)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
