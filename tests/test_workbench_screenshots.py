"""Screenshots of every workbench view (editor, table, graph, timeline, entity page, explore, an
entity page with RDFS on),
each checked to show what it is about; with KG_SCREENSHOTS=DIR they are also kept there
(the docs' pictures: `KG_SCREENSHOTS=docs/screenshots python -m pytest tests/test_workbench_screenshots.py`)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.chromium import CHROMIUM, available
from tests.test_workbench_browser import Session, context, kg_serve, session  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not available(), reason=f"{CHROMIUM} not found: install Debian's chromium"),
]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The bundled graph as it is (the docs' pictures show no test data)."""
    with kg_serve() as url:
        yield url


def snap(s: Session, folder: Path, name: str) -> Path:
    path = folder / f"workbench-{name}.png"
    s.page.screenshot(path=str(path))  # type: ignore[attr-defined]
    assert path.stat().st_size > 20_000, f"{name}: the screenshot looks empty"
    return path


def test_screenshots_of_every_view(session: Session, tmp_path: Path) -> None:  # noqa: F811
    s = session
    s.page.set_viewport_size({"width": 1400, "height": 900})  # type: ignore[attr-defined]
    shots = []

    s.go("/", "query")
    s.page.click(".CodeMirror")
    s.page.keyboard.press("Control+a")
    s.page.keyboard.type(
        "SELECT ?character ?name WHERE {\n?character a kgo:Character ;\nschema:name ?name ;\nkgo:introducedIn kg:XOKitty"
    )
    s.page.keyboard.press("Control+Space")
    s.wait(".CodeMirror-hints")
    shots.append(snap(s, tmp_path, "editor"))

    s.go("/#named=fact-source&entity=kg%3AXOKitty", "query")
    s.wait("body[data-run=done]")
    assert s.page.locator("#tab-table a.wb-iri").count() > 5
    shots.append(snap(s, tmp_path, "table"))

    s.page.click('.wb-tab[data-tab="graph"]')
    s.wait("body[data-graph=ready]")
    s.dblclick_node("https://w3id.org/franchise-kg/id/to-all-the-boys_character_kitty-song-covey", "result-graph")
    s.wait("body[data-expanded='1']")
    s.page.wait_for_timeout(2500)  # type: ignore[attr-defined]
    shots.append(snap(s, tmp_path, "graph"))

    s.page.check("#opt-speculation")
    s.go("/#named=timeline", "query")
    s.wait("body[data-run=done]")
    s.page.click('.wb-tab[data-tab="timeline"]')
    assert s.page.locator(".wb-tl-item[data-status=speculation]").count() > 0
    shots.append(snap(s, tmp_path, "timeline"))

    s.go("/entity/kg:XOKittySeason2", "entity")
    s.page.locator(".wb-quote-button").nth(2).click()
    s.wait("#wb-mark")
    shots.append(snap(s, tmp_path, "entity"))

    s.go("/explore#start=kg%3Ato-all-the-boys_character_kitty-song-covey", "explore")
    s.wait("body[data-expanded='1']")
    s.dblclick_node("https://w3id.org/franchise-kg/id/XOKitty", "explore-graph")
    s.wait("body[data-expanded='2']")
    s.page.wait_for_timeout(2500)  # type: ignore[attr-defined]
    shots.append(snap(s, tmp_path, "explore"))
    s.page.uncheck("#opt-speculation")

    s.page.check("#opt-rdfs")
    s.page.set_viewport_size({"width": 1400, "height": 1060})  # type: ignore[attr-defined]  # down to the entailed rows
    s.go("/entity/kg:person_anna-cathcart", "entity")
    assert s.page.locator("tr.wb-entailed").count() >= 2
    shots.append(snap(s, tmp_path, "entity-rdfs"))
    s.page.uncheck("#opt-rdfs")

    assert len({p.read_bytes() for p in shots}) == len(shots)
    keep = os.environ.get("KG_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for p in shots:
            shutil.copy(p, Path(keep) / p.name)
