"""The workbench at `kg serve`'s `/`, driven in headless Chromium as a user would, with the mouse
and with the keyboard alone, at 1400x900 and 800 px wide: named queries as forms that run,
tables whose names link to entities, a graph of the things a result is about, a timeline of
events at their precision, ASK, CONSTRUCT, DESCRIBE, empty and failing queries with the advice
`kg query` gives, entity pages that read as words and claims, the explorer; with hostile labels
in a --data file, no request leaving the server, no script from the data, no console error, and
no serious or critical accessibility violation (axe-core) on any page."""

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

from tests.accessibility import assert_accessible
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


def test_picking_a_named_query_shows_its_form_and_runs_it_with_results_in_view(session: Session) -> None:
    s = session
    s.go("/", "query")
    s.page.click('.wb-examples button[data-name="cast-of-season"]')
    s.wait("body[data-run=done]")
    assert s.page.input_value("#param-season") == "2"  # the #+ defaults, run at once
    assert s.page.text_content("#count") == "4 rows"
    assert s.page.is_hidden(".CodeMirror")  # the SPARQL is one click away
    # at 1400x900 the first rows are on screen without scrolling
    top = s.js("() => document.querySelector('#tab-table tbody tr:nth-child(4)').getBoundingClientRect().bottom")
    assert top < 900
    assert s.js("() => document.querySelector('.wb-work').scrollTop") == 0
    s.page.click("#sparql-toggle")
    assert s.page.is_visible(".CodeMirror") and s.page.get_attribute("#sparql-toggle", "aria-expanded") == "true"
    assert "?_season_integer" in s.js("() => WB.editor.getValue()")
    # names in the results link to the entities they name; IRIs link too
    s.wait("body[data-names=linked]")
    actor = s.page.locator("#tab-table td[data-column=actor] a", has_text="Audrey Huynh")
    assert actor.get_attribute("href") == "/entity/kg:person_audrey-huynh"
    s.page.fill("#param-season", "two")
    s.page.wait_for_selector("text=is not a valid xsd:integer")
    assert s.page.get_attribute("#param-season", "aria-invalid") == "true"
    assert_accessible(s.page, "a named query's results")
    actor.click()
    s.wait("body[data-ready=entity]")
    assert s.page.text_content(".wb-entity-head h1") == "Audrey Huynh"


def test_a_named_query_without_its_required_value_asks_for_it(session: Session) -> None:
    s = session
    s.go("/#named=who-plays", "query")
    s.wait("body[data-run=done]")  # its default is filled in and run
    s.page.fill("#param-name", "")
    s.page.click("#run")
    assert s.page.text_content("#status") == "Give name, then Run."
    assert s.js("() => document.activeElement.id") == "param-name"
    s.page.keyboard.type("Stella")
    s.page.keyboard.press("Enter")
    s.page.wait_for_function("() => document.getElementById('status').textContent.startsWith('1 row')")
    assert "Audrey Huynh" in s.page.text_content("#tab-table")


def test_fact_source_reads_without_running_off_the_page_and_links_onward(session: Session) -> None:
    s = session
    s.go("/", "query")
    s.page.click('.wb-examples button[data-name="fact-source"]')
    s.page.fill("#param-entity", "kg:XOKitty")
    s.page.click("#run")
    s.wait("body[data-run=done]")
    share = s.page.get_attribute("#share", "href")
    assert share == "/#named=fact-source&entity=kg%3AXOKitty"
    # the table fits the pane: the quote is in view, no row is one word wide
    pane = s.js("() => { const p = document.getElementById('tab-table'); return [p.scrollWidth, p.clientWidth]; }")
    assert pane[0] <= pane[1] + 1
    quote = s.js("() => document.querySelector('td[data-column=quote]').getBoundingClientRect().width")
    assert quote > 200
    assert "No values in supersededBy" in s.page.text_content("#tab-table")
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
    assert len(s.page.text_content(".wb-source-text")) > 3000  # the whole article, the sentence marked
    assert_accessible(s.page, "an entity page with its source open")
    # onward: from the claim to its statements, to its sentence, and to the entity it names
    s.page.click(".wb-claim-head a.wb-iri >> text=claim:xo-kitty-series")
    s.wait("body[data-ready=entity]")
    assert "Statements this claim makes" in s.page.text_content("#entity")
    s.page.click("a.wb-iri >> text=/#s01>$/")
    s.wait("body[data-ready=entity]")
    s.wait("#wb-mark")  # a sentence's page opens its source with the sentence marked
    assert s.page.text_content("#wb-mark").startswith("Netflix’s “XO, Kitty,”")
    s.go("/entity/kg:organization_netflix", "entity")
    s.page.click(".wb-statement a >> text=XO, Kitty")
    s.wait("body[data-ready=entity]")
    assert s.page.text_content(".wb-entity-head h1") == "XO, Kitty"
    # the share link reproduces the query with its parameter
    s.go(share, "query")
    s.wait("body[data-run=done]")
    assert s.page.input_value("#param-entity") == "kg:XOKitty"


def test_an_entity_page_reads_as_words_then_claims_each_sentence_once(session: Session) -> None:
    s = session
    s.go("/entity/kg:person_audrey-huynh", "entity")
    summary = s.page.locator(".wb-summary li").all_text_contents()
    assert summary == ["a person", "plays Stella in XO, Kitty Season 2 (new, series regular)"]
    assert s.page.get_attribute(".wb-summary a >> text=Stella", "href") == "/entity/kg:xo-kitty_character_stella"
    assert s.page.locator(".wb-claim").count() == 1
    quotes = s.page.locator(".wb-claim .wb-quote-button").all_text_contents()
    assert len(quotes) == 2 and len(set(quotes)) == 2  # each once (they were shown once per statement: 4 times)
    statements = s.page.locator(".wb-claim .wb-statement").all_text_contents()
    assert "performer of: Audrey Huynh as Stella" in statements and "name: Audrey Huynh" in statements
    # the raw statements are there, folded
    assert s.page.locator("details.wb-raw").get_attribute("open") is None
    assert s.page.locator("details.wb-raw tr.wb-fact").count() == 4
    assert s.page.is_hidden("details.wb-raw table")
    assert_accessible(s.page, "an entity page")
    # with speculation, the guesses come apart, marked
    with s.page.expect_navigation():  # type: ignore[attr-defined]
        s.page.click("#opt-speculation")  # not check(): the page reloads before its state could be read
    s.wait("body[data-ready=entity]")
    assert s.page.is_checked("#opt-speculation")
    s.go("/entity/kg:XOKittySeason2", "entity")
    sections = s.page.locator(".wb-claims h2").all_text_contents()
    assert [h.split(" (")[0] for h in sections] == ["What the sources say", "What the sources only guess"]
    assert s.page.locator(".wb-section-guess .wb-claim-speculation").count() >= 3
    assert s.page.locator(".wb-section-stands .wb-claim-speculation").count() == 0
    guessed = s.page.locator(".wb-summary li.wb-guess").all_text_contents()
    assert any("expected release May–August 2025" in g for g in guessed)
    assert "cast: Audrey Huynh as Stella (new, series regular)" in s.page.locator(".wb-summary li").all_text_contents()
    with s.page.expect_navigation():  # type: ignore[attr-defined]
        s.page.click("#opt-speculation")  # not check(): the page reloads before its state could be read
    s.wait("body[data-ready=entity]")


def test_a_result_of_claims_is_drawn_as_what_the_claims_are_about(session: Session) -> None:
    s = session
    s.go("/#named=timeline", "query")
    s.wait("body[data-run=done]")
    s.page.click("#tab-button-graph")
    s.wait("body[data-graph=ready]")
    drawn = s.js("() => WB.graphView.nodes.get().map(n => n.info.short)")
    assert {"kg:XOKittySeason1", "kg:XOKittySeason1Filming", "kg:XOKittySeason2"} <= set(drawn)
    assert not [n for n in drawn if n.startswith(("claim:", "kgo:"))]  # no star of claims pointing at "stated"
    edges = s.js("() => WB.graphView.edges.get().map(e => [e.info.short, e.info.claims.length])")
    assert ["kgo:filmedDuring", 1] in edges  # the claim is the edge's provenance
    assert_accessible(s.page, "the graph of a result")


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


def test_the_timeline_draws_each_event_once_as_a_range_at_its_precision_in_date_order(session: Session) -> None:
    s = session
    s.go("/", "query")
    s.page.check("#opt-speculation")
    s.page.click('.wb-examples button[data-name="timeline"]')
    s.wait("body[data-run=done]")
    s.page.click("#tab-button-timeline")
    rows = int(s.page.text_content("#count").split()[0])
    items = s.page.locator(".wb-tl-item")
    assert items.count() == rows  # one entry per event (not one per date column)
    words = s.page.locator(".wb-tl-item time").all_text_contents()
    starts = s.js("() => [...document.querySelectorAll('.wb-tl-item time')].map(t => t.getAttribute('datetime'))")
    assert words[:4] == ["March 2022", "June 2022", "May 18, 2023", "June 2023"]  # each at its precision
    assert "2024" in words and "by August 2024" in words and "May–August 2025" in words
    assert words.index("2024") < words.index("by August 2024")  # filming starts before it is expected to end
    assert starts == sorted(starts)
    statuses = s.js("() => [...document.querySelectorAll('.wb-tl-item')].map(li => li.dataset.status)")
    assert {"stated", "inferred", "speculation"} <= set(statuses)
    # a range is as wide as its period: a year is wider than a month, a day the narrowest
    width = s.js(
        """() => Object.fromEntries([...document.querySelectorAll('.wb-tl-item')].map(li =>
             [li.querySelector('time').textContent, li.querySelector('.wb-tl-bar').getBoundingClientRect().width]))"""
    )
    assert width["2024"] > width["June 2023"] > 0 and width["May–August 2025"] > width["June 2023"]
    looks = s.js(
        """() => Object.fromEntries(['stated', 'inferred', 'speculation'].map(k => {
             const bar = document.querySelector('.wb-tl-item.wb-tl-' + k + ' .wb-tl-bar');
             const st = getComputedStyle(bar);
             return [k, st.borderTopStyle + ' ' + st.borderTopColor + ' ' + st.backgroundColor];
           }))"""
    )
    assert len(set(looks.values())) == 3
    guess = s.page.locator(".wb-tl-item[data-status=speculation]").first
    assert (
        "speculation" in guess.text_content()
        and guess.locator("time").evaluate("t => getComputedStyle(t).fontStyle") == "italic"
    )
    # the events' subjects link to their pages
    s.page.wait_for_selector(".wb-tl-item a.wb-name >> text=XO, Kitty Season 1")
    assert_accessible(s.page, "the timeline")
    s.page.uncheck("#opt-speculation")
    s.wait("body[data-run=done]")
    s.page.wait_for_function("() => !document.querySelector('.wb-tl-item[data-status=speculation]')")


def test_ask_answers_in_words_and_the_status_line_says_so(session: Session) -> None:
    s = session
    for query, answer in (("ASK { kg:XOKitty a kgo:TVSeries }", "Yes"), ("ASK { kg:XOKitty a kgo:Film }", "No")):
        s.go("/#" + urllib.parse.urlencode({"query": query}), "query")
        s.wait("body[data-run=done]")
        assert s.page.text_content("#count").startswith(answer + ":")
        assert s.page.text_content("#status").startswith(f"answer: {answer.lower()}")
        assert s.page.is_hidden("#error")
        for tab in ("graph", "timeline"):  # every view of an ASK answer says what it has, nothing breaks
            s.page.click(f"#tab-button-{tab}")
        assert "No dated values" in s.page.text_content("#tab-timeline")
        assert [
            f.rsplit("=", 1)[1] for f in s.js("() => [...document.querySelectorAll('#downloads a')].map(a => a.href)")
        ] == ["json", "xml", "csv", "tsv"]


def test_construct_and_describe_results_draw_and_download_as_rdf(session: Session) -> None:
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
    s.go("/#" + urllib.parse.urlencode({"query": "DESCRIBE kg:XOKittySeason1"}), "query")
    s.wait("body[data-run=done]")
    assert int(s.page.text_content("#count").split()[0]) > 5
    subjects = s.page.locator("#tab-table td[data-column=subject]").all_text_contents()
    assert set(subjects) == {"kg:XOKittySeason1"}
    s.page.click("#tab-button-timeline")
    assert "May 18, 2023" in s.page.text_content("#tab-timeline")


def test_an_empty_result_says_so_with_kg_query_s_advice(session: Session) -> None:
    s = session
    s.go("/#named=cast-of-season&season=7", "query")
    s.wait("body[data-run=done]")
    s.wait("body[data-advice]")
    assert "The query found nothing" in s.page.text_content("#tab-table")
    advice = s.page.text_content("#advice")
    assert "parameter season = 7 matched nothing (other values of it do)" in advice
    query = "SELECT ?x WHERE { ?x kgo:featuresEvent ?e }"
    s.go("/#" + urllib.parse.urlencode({"query": query}), "query")
    s.wait("body[data-advice]")
    assert "with speculation it finds 2" in s.page.text_content("#advice")
    assert_accessible(s.page, "an empty result with advice")


def test_an_unknown_term_is_underlined_with_the_nearest_one(session: Session) -> None:
    s = session
    query = "SELECT ?x WHERE {\n  ?x a kgo:Persn\n}"
    s.go("/#" + urllib.parse.urlencode({"query": query}), "query")
    s.wait("body[data-advice]")
    assert "line 2, column 8: kgo:Persn: no such class; did you mean kgo:Person?" in s.page.text_content("#advice")
    assert s.page.text_content(".wb-note-token") == "kgo:Persn"
    assert "did you mean kgo:Person?" in s.page.text_content(".wb-note-widget")


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
    assert_accessible(s.page, "the editor completing a name")
    s.page.keyboard.press("Enter")
    s.page.keyboard.type("\n  ?x ?y \n}")
    s.expected_400 = 2
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
    assert_accessible(s.page, "a syntax error")
    # a missing bracket is named where it opened, not as the grammar's list of expected tokens
    s.js("() => WB.editor.setValue('SELECT ?x WHERE {\\n  ?x ?p ?o FILTER(?o = 1\\n}')")
    s.page.click("#run")
    s.wait("body[data-run=error]")
    assert "a ) is missing before this }: the ( at line 2, column 18 is still open" in s.page.text_content("#error")
    assert s.js("() => WB.editor.kgErrorLine") == 2


def test_keyboard_alone_reaches_and_runs_everything(session: Session) -> None:
    s = session
    s.go("/", "query")
    # the first Tab reaches the skip link; it leads past the menu straight to the editor
    s.page.keyboard.press("Tab")
    assert s.js("() => document.activeElement.id") == "skip"
    assert s.js("() => document.activeElement.getBoundingClientRect().top") >= 0  # visible when focused
    s.page.keyboard.press("Enter")
    assert s.js("() => document.activeElement === WB.editor.getInputField()")
    s.page.keyboard.press("Control+a")
    s.page.keyboard.type("SELECT ?n WHERE {")
    s.page.keyboard.press("Tab")  # Tab indents in the editor
    s.page.keyboard.type("?x schema:name ?n }")
    assert re.fullmatch(r"SELECT \?n WHERE \{ {2,4}\?x schema:name \?n \}", s.js("() => WB.editor.getValue()"))
    assert s.js("() => document.activeElement === WB.editor.getInputField()")
    # Esc then Tab leaves the editor (as CodeMirror documents), Shift-Tab the other way
    s.page.keyboard.press("Escape")
    s.page.keyboard.press("Tab")
    assert s.js("() => document.activeElement.id") != "" and s.js(
        "() => !WB.editor.getWrapperElement().contains(document.activeElement)"
    )
    assert s.js("() => document.activeElement.id") == "run"
    outline = s.js("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    s.page.keyboard.press("Enter")
    s.wait("body[data-run=done]")
    # Space runs a named query from the menu; the result tabs move with the arrow keys
    s.page.focus('.wb-examples button[data-name="seasons"]')
    s.page.keyboard.press("Space")
    s.page.wait_for_function(
        "() => document.getElementById('query-title').textContent === 'seasons' && document.body.dataset.run === 'done'"
    )
    s.page.focus("#tab-button-table")
    s.page.keyboard.press("ArrowRight")
    assert s.js("() => document.activeElement.id") == "tab-button-graph"
    assert s.page.get_attribute("#tab-button-graph", "aria-selected") == "true" and s.page.is_visible("#tab-graph")
    s.page.keyboard.press("End")
    assert s.page.is_visible("#tab-timeline")
    # the explorer: search, pick with the arrows and Enter, then expand a node from the list
    s.go("/explore", "explore")
    s.page.keyboard.press("Tab")
    s.page.keyboard.press("Enter")
    assert s.js("() => document.activeElement.id") == "explore-search"
    s.page.keyboard.type("Kitty Song")
    s.wait("#explore-matches li")
    s.page.keyboard.press("Enter")
    s.wait("body[data-expanded='1']")
    s.page.click(".wb-node-list summary")
    s.page.focus(".wb-node-button >> text=XO, Kitty")
    s.page.keyboard.press("Enter")
    s.page.focus(".wb-expand")
    s.page.keyboard.press("Space")
    s.wait("body[data-expanded='2']")


def test_at_800_pixels_wide_nothing_runs_off_the_side(session: Session) -> None:
    s = session
    s.page.set_viewport_size({"width": 800, "height": 900})  # type: ignore[attr-defined]
    try:
        for path, ready in (
            ("/#named=history", "body[data-run=done]"),
            ("/#named=fact-source&entity=kg%3AXOKitty", "body[data-run=done]"),
            ("/entity/kg:XOKittySeason2", "body[data-ready=entity]"),
            ("/explore#start=kg%3AXOKitty", "body[data-expanded='1']"),
        ):
            s.page.goto(s.base + path)  # type: ignore[attr-defined]
            s.wait(ready)
            overflow = s.js("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
            assert overflow[0] <= overflow[1], path
            wide = s.js(
                "() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1"
                " && getComputedStyle(e).visibility !== 'hidden' && e.getClientRects().length).length"
            )
            assert wide == 0, path
            assert_accessible(s.page, f"{path} at 800 px")
        s.go("/#named=cast-of-season", "query")
        s.wait("body[data-run=done]")
        assert s.page.get_attribute("#examples-box", "open") is None  # the menu folds out of the way
        cards = s.js("() => getComputedStyle(document.querySelector('#tab-table tbody tr')).display")
        assert cards == "grid"  # each row reads as a card of "column: value" lines
    finally:
        s.page.set_viewport_size({"width": 1300, "height": 900})  # type: ignore[attr-defined]


def test_explore_starts_from_a_name_and_expands_with_provenance(session: Session) -> None:
    s = session
    s.go("/explore", "explore")
    s.page.fill("#explore-search", "Kitty")
    s.wait("#explore-matches li:nth-child(2)")
    assert s.page.text_content("#explore-matches li:nth-child(1)").startswith("Kitty Song Covey")
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
    season2 = "https://w3id.org/franchise-kg/id/XOKittySeason2"
    s.dblclick_node(season2, "explore-graph")
    s.wait("body[data-expanded='3']")
    # three expansions: no date qualifier or claim drawn (the expansion says how many it left out)
    assert s.js("() => WB.graphView.nodes.get().filter(n => n.info.bookkeeping).length") == 0
    assert "bookkeeping nodes left out" in s.page.text_content("#explore-info")
    assert s.js("() => WB.graphView.nodes.length") > 15
    # laid out apart and fitted: no two nodes on top of each other, every node inside the canvas
    s.page.wait_for_timeout(1500)  # type: ignore[attr-defined]
    s.page.click("#explore-fit")
    placed = s.js(
        """() => { const net = WB.graphView.network, ids = WB.graphView.nodes.getIds();
             const p = net.getPositions(ids), box = document.getElementById('explore-graph').getBoundingClientRect();
             const dom = ids.map(id => net.canvasToDOM(p[id]));
             let close = 0;
             for (let i = 0; i < dom.length; i++) for (let j = i + 1; j < dom.length; j++)
               if (Math.hypot(dom[i].x - dom[j].x, dom[i].y - dom[j].y) < 12) close++;
             const outside = dom.filter(d => d.x < 0 || d.y < 0 || d.x > box.width || d.y > box.height).length;
             return [close, outside]; }"""
    )
    assert placed == [0, 0]
    # the legend shows the shapes drawn
    shapes = s.js("() => [...document.querySelectorAll('#explore-legend [data-shape]')].map(e => e.dataset.shape)")
    drawn = s.js("() => Object.values(WB.graphView.network.body.nodes).map(n => n.options.shape)")
    assert set(drawn) <= set(shapes) and "hexagon" in drawn and "star" in drawn  # every shape drawn is in the legend
    assert s.page.locator("#explore-legend img[src^='data:image/svg+xml']").count() == len(shapes)
    # bookkeeping on demand, off again
    s.page.check("#explore-bookkeeping")
    s.page.wait_for_function("() => WB.graphView.nodes.get().some(n => n.info.bookkeeping)")
    s.page.uncheck("#explore-bookkeeping")
    assert s.js("() => WB.graphView.nodes.get().filter(n => n.info.bookkeeping).length") == 0
    # remove, and reset
    s.js(f"() => WB.graphView.select({season2!r})")
    before = s.js("() => WB.graphView.nodes.length")
    s.page.click("#explore-remove")
    assert s.js("() => WB.graphView.nodes.length") == before - 1 and s.js(f"() => !WB.graphView.nodes.get({season2!r})")
    s.page.click("#explore-reset")
    s.page.wait_for_function(f"() => WB.graphView.expanded.size === 1 && WB.graphView.expanded.has({kitty!r})")
    edge = s.js(
        """() => WB.graphView.edges.get().filter(e => e.info.claims.length && e.info.claims[0].sentences.length)
                   .map(e => e.id)[0]"""
    )
    s.js("id => WB.graphView.showEdge(id)", edge)
    assert s.page.locator("#explore-info .wb-edge-claim .wb-badge").count() >= 1
    assert s.page.locator("#explore-info blockquote.wb-quote").count() >= 1
    assert_accessible(s.page, "the explorer")
    # a hub: one capped neighbourhood at a time, the next on request
    s.page.fill("#explore-search", "Hub of fans")
    s.page.click("#explore-matches li >> nth=0")
    s.page.wait_for_selector("text=Fetch the next 60 neighbours")
    before = s.js("() => WB.graphView.nodes.length")
    s.page.click("text=Fetch the next 60 neighbours")
    s.page.wait_for_function(f"() => WB.graphView.nodes.length === {before} + 20")
    assert s.page.locator(".wb-more").count() == 0


def test_hostile_labels_stay_text_everywhere(session: Session) -> None:
    s = session
    s.go("/entity/kg:Hostile1", "entity")
    assert s.page.text_content(".wb-entity-head h1") == IMG_LABEL
    assert s.page.locator("img").count() == 0
    s.go("/entity/kg:XOKitty", "entity")
    assert IMG_LABEL in s.page.text_content("#entity")
    assert IMG_LABEL in s.page.locator(".wb-summary a").all_text_contents()  # "main character: <img …>", a link
    assert s.page.locator("img").count() == 0
    # an IRI no prefix covers: linked as /entity/<percent-encoded IRI>, and its page opens
    s.go("/entity/kg:place_seoul", "entity")
    s.page.click("details.wb-raw summary")
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
    assert SCRIPT_LABEL in s.page.locator(".wb-node-button").all_text_contents()
    s.go("/", "query")
    s.page.click(".CodeMirror")
    s.page.keyboard.press("Control+a")
    s.page.keyboard.type("SELECT * { ?s rdfs:label ?l FILTER(CONTAINS(?l, '<')) }")
    s.page.click("#run")
    s.wait("body[data-run=done]")
    s.wait("body[data-names=linked]")
    cells = s.js("() => [...document.querySelectorAll('#tab-table td')].map(td => td.textContent)")
    assert IMG_LABEL in cells and SCRIPT_LABEL in cells
    assert s.page.locator("#tab-table a.wb-name", has_text="<img").count() == 1  # linked by name, as text
    s.page.click("#tab-button-timeline")
    s.page.click("#tab-button-graph")
    s.wait("body[data-graph=ready]")
    assert IMG_LABEL in s.js("() => WB.graphView.nodes.get().map(n => n.info.label)")
    assert s.page.locator("img:not(.wb-legend-icon), iframe, #tab-table script").count() == 0


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
        s.page.click("#opt-rdfs")  # not check(): the page reloads before its state could be read
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
    assert_accessible(s.page, "an entity page with RDFS on")
    # a hostile label reached through an entailed statement is text too
    s.go("/entity/kg:XOKitty", "entity")
    entailed = s.page.locator("tr.wb-entailed", has_text="schema:character")
    assert IMG_LABEL in " ".join(entailed.all_text_contents())
    assert s.page.locator("img").count() == 0
    s.go("/entity/kg:person_anna-cathcart", "entity")
    with s.page.expect_navigation():  # type: ignore[attr-defined]
        s.page.click("#opt-rdfs")  # not check(): the page reloads before its state could be read
    s.wait("body[data-ready=entity]")
    assert s.page.locator(".wb-entailed").count() == 0
    assert s.page.text_content("#entity") == before


def test_the_first_screen_offers_places_to_start(session: Session) -> None:
    s = session
    s.go("/", "query")
    assert_accessible(s.page, "the first screen")
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


def test_a_reload_fetches_no_script_or_style_again(context, server) -> None:
    """The page names its files by fingerprint: a reload takes every one from the cache."""
    page = context.new_page()  # type: ignore[attr-defined]  # no request routing: that turns the cache off
    try:
        page.goto(server + "/")
        page.wait_for_selector("body[data-ready=query]", state="attached")
        page.reload()
        page.wait_for_selector("body[data-ready=query]", state="attached")
        fetched = page.evaluate(
            """() => performance.getEntriesByType('resource').filter(e => e.name.includes('/static/'))
                       .map(e => [e.name.split('/static/')[1], e.transferSize])"""
        )
        assert len(fetched) >= 10 and all("?v=" in name for name, _ in fetched)
        assert [name for name, size in fetched if size > 0] == []  # from the cache, not the network
    finally:
        page.close()


@pytest.fixture(scope="module")
def story_server(story) -> Iterator[str]:
    """A working copy told by several sources: claims superseded and corrected."""
    with kg_serve("--graph", str(story)) as url:
        yield url


def test_history_shows_apart_with_what_superseded_or_corrected_each_claim(context, story_server) -> None:
    page = context.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(story_server + "/entity/kg:XOKittySeason3")
        page.wait_for_selector("body[data-ready=entity]", state="attached")
        sections = [h.split(" (")[0] for h in page.locator(".wb-claims h2").all_text_contents()]
        assert sections == ["What the sources say", "History"]
        corrected = page.locator(".wb-section-history .wb-claim[data-state=corrected]")
        assert corrected.count() == 1 and "will have eight episodes" in corrected.text_content()
        assert "corrected by claim:xo-kitty-season-3-i-episodes" in corrected.locator(".wb-history").text_content()
        assert page.locator(".wb-section-stands .wb-claim[data-state=superseded]").count() == 0
        assert "6 episodes" in page.locator(".wb-summary").text_content()
        looks = page.evaluate(
            """() => ['stands', 'history'].map(k => getComputedStyle(document.querySelector('.wb-section-' + k + ' .wb-claim')).backgroundColor)"""
        )
        assert looks[0] != looks[1]  # visibly apart
        page.goto(story_server + "/entity/kg:XOKittySeason2")
        page.wait_for_selector("body[data-ready=entity]", state="attached")
        older = page.locator(".wb-section-history .wb-claim", has_text="listed for February 2025")
        assert (
            "superseded by claim:xo-kitty-season-2-a-premiere" in older.text_content()
            and "2024-10-02" in older.text_content()
        )
        assert_accessible(page, "an entity page with history")
    finally:
        page.close()


def test_many_long_names_are_linked_and_drawn_without_an_oversized_request(session: Session) -> None:
    """A result's names go to the server in one request each way: as many as fit in a request's
    16 KiB head (percent-encoded, a Korean name is nine times its length), never a 431."""
    s = session
    query = 'SELECT ?n WHERE { ?s ?p ?o BIND(CONCAT("서울의 아주 긴 이름 ", STR(?o)) AS ?n) } LIMIT 600'
    s.go("/#" + urllib.parse.urlencode({"query": query}), "query")
    s.wait("body[data-names=linked]")
    s.page.click("#tab-button-graph")
    s.wait("body[data-graph]")
    assert s.js("() => document.body.dataset.graph") in ("ready", "empty")
