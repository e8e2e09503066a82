"""The workbench at `kg serve`'s `/`, driven in headless Chromium as a user would: named query
with a parameter, table, entity page with the quote highlighted in its source, graph views
expanded from the server, timeline, editor completion and errors; with hostile labels in a
--data file, no request leaving the server, no script from the data and no console error."""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest

from tests.chromium import CHROMIUM, available, browser_context

IMG_LABEL = '<img src=x onerror="window.kgXss=1;alert(1)">'
SCRIPT_LABEL = "</script><script>window.kgXss=2;alert(2)</script>"
HOSTILE_TURTLE = f"""
@prefix kg: <https://w3id.org/franchise-kg/id/> .
@prefix kgo: <https://w3id.org/franchise-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
kg:Hostile1 a kgo:Character ; rdfs:label {IMG_LABEL!r} ; schema:name {IMG_LABEL!r} ; kgo:introducedIn kg:XOKittySeason2 .
kg:Hostile2 a kgo:Character ; rdfs:label "{SCRIPT_LABEL}" ; kgo:introducedIn kg:XOKittySeason2 .
kg:XOKitty kgo:mainCharacter kg:Hostile1 .
<http://example.org/elsewhere/thing?a=1&b=2> rdfs:label "A thing outside the prefixes" ; kgo:setIn kg:place_seoul .
kg:Hub rdfs:label "Hub of fans" .
""" + "".join(f"kg:Fan{i} kgo:setIn kg:Hub .\n" for i in range(80))

#: The bundled graph has no inferred date (its one guess about a year is speculation): one here.
INFERRED_DATE = """
@prefix kg: <https://w3id.org/franchise-kg/id/> .
@prefix kgo: <https://w3id.org/franchise-kg/ontology#> .
@prefix claim: <https://w3id.org/franchise-kg/claim/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
claim:test-inferred-production a kgo:Claim ; kgo:status kgo:Inferred ;
    rdfs:comment "A test's inference: production starts before filming." .
claim:test-inferred-production { kg:XOKittySeason2 kgo:productionStartDate "2023-11-01"^^xsd:date }
"""

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not available(), reason=f"{CHROMIUM} not found: install Debian's chromium"),
]


@contextmanager
def kg_serve(*args: str) -> Iterator[str]:
    """`kg serve` on a free loopback port (with extra arguments); yields its base URL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph", "serve", "--port", "0", "--quiet", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = None
        for _ in range(5):
            line = proc.stdout.readline() if proc.stdout else ""
            match = re.search(r"(http://127\.0\.0\.1:\d+)", line)
            if match:
                url = match.group(1)
                break
        if url is None:
            proc.kill()
            pytest.fail(f"kg serve did not start: {proc.stderr.read() if proc.stderr else ''}")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """The workbench's server, with hostile labels and an inferred date added through --data."""
    folder = tmp_path_factory.mktemp("hostile")
    data = folder / "hostile.ttl"
    data.write_text(HOSTILE_TURTLE, encoding="utf-8")
    inferred = folder / "inferred.trig"
    inferred.write_text(INFERRED_DATE, encoding="utf-8")
    with kg_serve("--data", str(data), "--data", str(inferred)) as url:
        yield url


@dataclass
class Session:
    """One browser page on the workbench, with what it asked for outside the server and every
    console error, page error and dialog."""

    page: object
    base: str
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: answers of 400 the test provokes on purpose (Chromium logs each as a console error)
    expected_400: int = 0
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: object = None) -> object:
        return self.page.evaluate(expression, arg)  # type: ignore[attr-defined]

    def go(self, path: str, ready: str) -> None:
        self.page.goto(self.base + path)  # type: ignore[attr-defined]
        self.wait(f"body[data-ready={ready}]")

    def wait(self, selector: str, timeout: float = 20_000) -> None:
        self.page.wait_for_selector(selector, state="attached", timeout=timeout)  # type: ignore[attr-defined]

    def dblclick_node(self, iri: str, canvas: str) -> None:
        """Double-click a node of the current graph view where it is drawn."""
        self.page.wait_for_timeout(1200)  # type: ignore[attr-defined]  # let the layout settle
        x, y = self.js(
            """([iri, canvas]) => {
                 const net = WB.graphView.network;
                 const p = net.canvasToDOM(net.getPositions([iri])[iri]);
                 const box = document.getElementById(canvas).getBoundingClientRect();
                 return [box.left + p.x, box.top + p.y];
               }""",
            [iri, canvas],
        )
        self.page.mouse.dblclick(x, y)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def context() -> Iterator[object]:
    with browser_context(1300, 900) as ctx:
        yield ctx


@pytest.fixture
def session(context, server) -> Iterator[Session]:
    page = context.new_page()  # type: ignore[attr-defined]
    s = Session(page, server)

    def route(r) -> None:
        if r.request.url.startswith(server + "/"):
            r.continue_()
        else:
            s.outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: s.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: s.errors.append(str(e)))

    def on_dialog(dialog) -> None:
        s.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield s
    xss = s.js("() => window.kgXss")
    page.close()
    assert xss is None, "a script from the data ran"
    assert s.outside == [], "the workbench asked for something outside the server"
    bad_requests = [e for e in s.errors if "status of 400" in e]
    assert len(bad_requests) == s.expected_400
    assert [e for e in s.errors if "status of 400" not in e] == [], "the browser console logged errors"
    assert s.dialogs == [], "a script from the data ran"


def test_named_query_entity_link_and_quote_in_source(session: Session) -> None:
    s = session
    s.go("/", "query")
    s.page.click('.wb-examples li[data-name="cast-of-season"]')
    assert s.page.input_value("#param-season") == "2"  # the #+ defaults
    s.page.fill("#param-season", "two")
    s.page.wait_for_selector("text=is not a valid xsd:integer")
    assert s.page.get_attribute("#param-season", "aria-invalid") == "true"

    s.page.click('.wb-examples li[data-name="fact-source"]')
    s.page.fill("#param-entity", "kg:XOKitty")
    s.page.click("#run")
    s.wait("body[data-run=done]")
    share = s.page.get_attribute("#share", "href")
    assert share == "/#named=fact-source&entity=kg%3AXOKitty"
    links = s.js("() => [...document.querySelectorAll('#tab-table a.wb-iri')].map(a => a.textContent)")
    assert "kg:organization_netflix" in links and "claim:xo-kitty-series" in links
    # every format kg query writes for a SELECT, each link answered by the server as such
    hrefs = s.js("() => [...document.querySelectorAll('#downloads a')].map(a => a.getAttribute('href'))")
    assert [h.rsplit("format=", 1)[1] for h in hrefs] == ["json", "xml", "csv", "tsv"]
    for href in hrefs:
        with urllib.request.urlopen(s.base + href, timeout=20) as answer:
            body = answer.read().decode()
        assert "Netflix" in body or "netflix" in body.lower()

    s.page.click("#tab-table a.wb-iri >> text=kg:organization_netflix")
    s.wait("body[data-ready=entity]")
    assert s.page.url == s.base + "/entity/kg:organization_netflix"
    assert s.page.text_content(".wb-entity-head h1") == "Netflix"
    quote = s.page.locator(".wb-quote-button").first
    said = quote.text_content().strip("“”")
    quote.click()
    s.wait("#wb-mark")
    assert s.page.text_content("#wb-mark") == said
    assert said in s.page.text_content(".wb-source-text")
    assert len(s.page.text_content(".wb-source-text")) > 3000  # the whole article, the sentence marked
    # onward: from a fact to the claim behind it, to its sentence, and to the entity it names
    s.page.click(".wb-evidence a.wb-iri >> text=claim:xo-kitty-series")
    s.wait("body[data-ready=entity]")
    assert "Statements this claim makes" in s.page.text_content("#entity")
    s.page.click("a.wb-iri >> text=/#s01>$/")
    s.wait("body[data-ready=entity]")
    s.wait("#wb-mark")  # a sentence's page opens its source with the sentence marked
    assert s.page.text_content("#wb-mark").startswith("Netflix’s “XO, Kitty,”")
    s.go("/entity/kg:organization_netflix", "entity")
    s.page.click(".wb-fact a.wb-iri >> text=kg:XOKitty")
    s.wait("body[data-ready=entity]")
    assert s.page.text_content(".wb-entity-head h1") == "XO, Kitty"

    # the share link reproduces the query with its parameter
    s.go(share, "query")
    s.wait("body[data-run=done]")
    assert s.page.input_value("#param-entity") == "kg:XOKitty"


def test_graph_of_a_result_expands_from_the_server(session: Session) -> None:
    s = session
    s.go("/#named=fact-source&entity=kg%3AXOKitty", "query")
    s.wait("body[data-run=done]")
    s.page.click('.wb-tab[data-tab="graph"]')
    s.wait("body[data-graph=ready]")
    before = s.js("() => WB.graphView.nodes.length")
    assert before >= 5
    netflix = "https://w3id.org/franchise-kg/id/organization_netflix"
    s.dblclick_node(netflix, "result-graph")
    s.wait("body[data-expanded='1']")
    assert s.js("() => WB.graphView.expanded.size") == 1
    assert "kg:organization_netflix" in s.page.text_content("#result-graph-info")


def test_a_result_of_names_is_drawn_as_the_entities_they_name(session: Session) -> None:
    s = session
    s.go("/#named=cast-of-season&season=2", "query")
    s.wait("body[data-run=done]")
    s.page.click('.wb-tab[data-tab="graph"]')
    s.wait("body[data-graph=ready]")
    labels = s.js("() => WB.graphView.nodes.get().map(n => n.info.label)")
    assert {"Anna Cathcart", "Kitty Song Covey"} <= set(labels)


def test_timeline_styles_stated_inferred_and_speculative_dates_apart(session: Session) -> None:
    s = session
    s.go("/", "query")
    s.page.check("#opt-speculation")
    s.page.click('.wb-examples li[data-name="timeline"]')
    s.page.click("#run")
    s.wait("body[data-run=done]")
    s.page.click('.wb-tab[data-tab="timeline"]')
    statuses = s.js("() => [...document.querySelectorAll('.wb-tl-item')].map(li => li.dataset.status)")
    assert {"stated", "inferred", "speculation"} <= set(statuses)
    dates = s.js("() => [...document.querySelectorAll('.wb-tl-item time')].map(t => t.textContent)")
    assert dates == sorted(dates)
    looks = s.js(
        """() => Object.fromEntries(['stated', 'inferred', 'speculation'].map(k => {
             const dot = document.querySelector('.wb-tl-item.wb-tl-' + k + ' .wb-tl-dot');
             const st = getComputedStyle(dot);
             return [k, st.borderTopStyle + ' ' + st.borderTopColor + ' ' + st.backgroundColor];
           }))"""
    )
    assert len(set(looks.values())) == 3
    s.page.uncheck("#opt-speculation")
    s.wait("body[data-run=done]")
    s.page.wait_for_function("() => !document.querySelector('.wb-tl-item[data-status=speculation]')")


def test_explore_starts_from_a_name_and_expands_with_provenance(session: Session) -> None:
    s = session
    s.go("/explore", "explore")
    s.page.fill("#explore-search", "Kitty")
    s.wait("#explore-matches li:nth-child(2)")
    s.page.press("#explore-search", "ArrowDown")
    second = s.page.get_attribute("#explore-matches li:nth-child(2)", "data-iri")
    assert s.page.get_attribute("#explore-matches li.wb-active", "data-iri") == second
    s.page.press("#explore-search", "Escape")
    assert s.page.input_value("#explore-search") == ""
    s.page.fill("#explore-search", "Kitty Song")
    s.wait("#explore-matches li")
    s.page.press("#explore-search", "Enter")
    s.wait("body[data-expanded='1']")
    kitty = "https://w3id.org/franchise-kg/id/to-all-the-boys_character_kitty-song-covey"
    assert s.js("() => WB.graphView.expanded.has(arguments[0])".replace("arguments[0]", repr(kitty)))
    xo = "https://w3id.org/franchise-kg/id/XOKitty"
    s.dblclick_node(xo, "explore-graph")
    s.wait("body[data-expanded='2']")
    assert s.js("() => WB.graphView.nodes.length") > 8
    edge = s.js(
        """() => WB.graphView.edges.get().filter(e => e.info.claims.length && e.info.claims[0].sentences.length)
                   .map(e => e.id)[0]"""
    )
    s.js("id => WB.graphView.showEdge(id)", edge)
    assert s.page.locator("#explore-info .wb-edge-claim .wb-badge").count() >= 1
    assert s.page.locator("#explore-info blockquote.wb-quote").count() >= 1
    # a hub: one capped neighbourhood at a time, the next on request
    s.page.fill("#explore-search", "Hub of fans")
    s.page.click("#explore-matches li >> nth=0")
    s.wait("body[data-expanded='3']")
    s.page.wait_for_selector("text=Fetch the next 60 neighbours")
    before = s.js("() => WB.graphView.nodes.length")
    s.page.click("text=Fetch the next 60 neighbours")
    s.page.wait_for_function(f"() => WB.graphView.nodes.length === {before} + 20")
    assert s.page.locator(".wb-more").count() == 0


def test_editor_completes_names_and_shows_errors_at_their_line(session: Session) -> None:
    s = session
    s.go("/", "query")
    s.page.click(".CodeMirror")
    s.page.keyboard.press("Control+a")
    s.page.keyboard.type("SELECT ?x WHERE {\n?x kgo:mainCharacter kg:character_kitty-s")
    s.page.keyboard.press("Control+Space")
    s.wait(".CodeMirror-hints")
    hints = s.js("() => [...document.querySelectorAll('.CodeMirror-hint')].map(li => li.textContent)")
    assert any(h.startswith("kg:to-all-the-boys_character_kitty-song-covey") for h in hints)
    s.page.keyboard.press("Enter")
    s.page.keyboard.type("\n  ?x ?y \n}")
    s.expected_400 = 1
    s.page.click("#run")
    s.wait("body[data-run=error]")
    text = s.js("() => WB.editor.getValue()")
    assert (
        " ".join(text.split())
        == "SELECT ?x WHERE { ?x kgo:mainCharacter kg:to-all-the-boys_character_kitty-song-covey ?x ?y }"
    )
    message = s.page.text_content("#error")
    line = int(re.search(r":(\d+):\d+: ", message).group(1))
    assert s.js("() => WB.editor.kgErrorLine") == line - 1
    assert s.page.locator(".CodeMirror-code > div").nth(line - 1).locator(".wb-error-line").count() == 1
    assert s.page.locator(".wb-error-widget").count() == 1
    assert "SPARQL syntax error" in s.page.text_content("#error")


def test_construct_results_draw_and_download_as_rdf(session: Session) -> None:
    s = session
    query = "CONSTRUCT { ?s kgo:mainCharacter ?o } WHERE { ?s kgo:mainCharacter ?o }"
    s.go("/#" + urllib.parse.urlencode({"query": query}), "query")
    s.wait("body[data-run=done]")
    assert "triples" in s.page.text_content("#status")
    formats = s.js("() => [...document.querySelectorAll('#downloads a')].map(a => a.dataset.format)")
    assert formats == ["turtle", "nt", "nquads", "jsonld"]
    s.page.click('.wb-tab[data-tab="graph"]')
    s.wait("body[data-graph=ready]")
    edges = s.js("() => WB.graphView.edges.get().map(e => e.info.short)")
    assert "kgo:mainCharacter" in edges


def test_hostile_labels_stay_text_everywhere(session: Session) -> None:
    s = session
    s.go("/entity/kg:Hostile1", "entity")
    assert s.page.text_content(".wb-entity-head h1") == IMG_LABEL
    assert s.page.locator("img").count() == 0
    s.go("/entity/kg:XOKitty", "entity")
    assert IMG_LABEL in s.page.text_content("#entity")
    # an IRI no prefix covers: linked as /entity/<percent-encoded IRI>, and its page opens
    s.go("/entity/kg:place_seoul", "entity")
    s.page.click("a.wb-iri >> text=<http://example.org/elsewhere/thing?a=1&b=2>")
    s.wait("body[data-ready=entity]")
    assert s.page.text_content(".wb-entity-head h1") == "A thing outside the prefixes"
    assert "/entity/http:%2F%2Fexample.org" in s.page.url
    s.go("/explore", "explore")
    s.page.fill("#explore-search", "script")
    s.wait("#explore-matches li")
    s.page.click("#explore-matches li >> nth=0")
    s.wait("body[data-expanded='1']")
    labels = s.js("() => WB.graphView.nodes.get().map(n => n.info.label)")
    assert SCRIPT_LABEL in labels
    s.go("/", "query")
    s.page.click(".CodeMirror")
    s.page.keyboard.press("Control+a")
    s.page.keyboard.type("SELECT * { ?s rdfs:label ?l FILTER(CONTAINS(?l, '<')) }")
    s.page.click("#run")
    s.wait("body[data-run=done]")
    cells = s.js("() => [...document.querySelectorAll('#tab-table td')].map(td => td.textContent)")
    assert IMG_LABEL in cells and SCRIPT_LABEL in cells
    assert s.page.locator("img, iframe, #tab-table script").count() == 0


def test_rdfs_toggle_reruns_the_query_with_entailment(session: Session) -> None:
    s = session
    query = "SELECT ?x WHERE { ?x a schema:Person }"
    s.go("/#" + urllib.parse.urlencode({"query": query}), "query")
    s.wait("body[data-run=done]")
    assert s.page.text_content("#count") == "0 rows"
    s.page.check("#opt-rdfs")
    s.page.wait_for_function("() => document.getElementById('count').textContent !== '0 rows'")
    assert int(s.page.text_content("#count").split()[0]) >= 5  # the real people: characters are not schema:Person
    assert "entailment=rdfs" in s.page.get_attribute("#downloads a", "href")
    s.page.uncheck("#opt-rdfs")
    s.page.wait_for_function("() => document.getElementById('count').textContent === '0 rows'")


def test_rdfs_switch_on_an_entity_page_adds_entailed_rows_apart_from_the_facts(session: Session) -> None:
    s = session
    s.go("/entity/kg:person_anna-cathcart", "entity")
    before = s.page.text_content("#entity")
    assert "schema:Person" not in before and s.page.locator(".wb-entailed").count() == 0
    facts = s.page.locator("tr.wb-fact").count()
    with s.page.expect_navigation():  # type: ignore[attr-defined]
        s.page.check("#opt-rdfs")
    s.wait("body[data-ready=entity]")
    rows = s.page.locator("tr.wb-entailed")
    texts = [rows.nth(i).text_content() for i in range(rows.count())]
    assert any("rdf:type" in t and "schema:Person" in t for t in texts)
    assert any("schema:actor" in t and "Anna Cathcart as Kitty Song Covey" in t for t in texts)
    # each tagged rdfs, with a tooltip saying where it comes from; no claim, no sentence
    tags = s.page.locator("tr.wb-entailed .wb-badge")
    assert tags.count() == rows.count()
    assert {tags.nth(i).text_content() for i in range(tags.count())} == {"rdfs"}
    assert "follows from the ontology" in (tags.first.get_attribute("title") or "")
    assert s.page.locator("tr.wb-entailed .wb-quote-button, tr.wb-entailed .wb-evidence").count() == 0
    assert s.page.locator("tr.wb-fact:not(.wb-entailed)").count() == facts  # the facts as they were
    assert "Entailed by RDFS" in s.page.text_content(".wb-entailed-facts h2")
    assert "by RDFS also a schema:Person" in s.page.text_content(".wb-entity-head")
    # a hostile label reached through an entailed statement is text too
    s.go("/entity/kg:XOKitty", "entity")
    entailed = s.page.locator("tr.wb-entailed", has_text="schema:character")
    assert IMG_LABEL in " ".join(entailed.all_text_contents())
    assert s.page.locator("img").count() == 0
    s.go("/entity/kg:person_anna-cathcart", "entity")
    with s.page.expect_navigation():  # type: ignore[attr-defined]
        s.page.uncheck("#opt-rdfs")
    s.wait("body[data-ready=entity]")
    assert s.page.locator(".wb-entailed").count() == 0
    assert s.page.text_content("#entity") == before


def test_the_first_screen_offers_places_to_start(session: Session) -> None:
    s = session
    s.go("/", "query")
    s.page.click("#welcome a >> text=Who plays Kitty Song Covey?")
    s.wait("body[data-run=done]")
    assert s.page.input_value("#param-name") == "Kitty Song Covey"
    assert "Anna Cathcart" in s.page.text_content("#tab-table")
    assert s.page.is_hidden("#welcome")


def test_a_large_result_shows_its_first_rows_and_counts_them_all(session: Session) -> None:
    s = session
    query = "SELECT ?k ?s ?p ?o WHERE { ?s ?p ?o VALUES ?k { 1 2 3 } }"
    s.go("/#" + urllib.parse.urlencode({"query": query}), "query")
    s.wait("body[data-run=done]")
    total = int(s.page.text_content("#count").split()[0])
    assert total > 2000
    assert s.page.locator("#tab-table tbody tr").count() == 2000
    assert "the downloads hold them all" in s.page.text_content("#tab-table")
