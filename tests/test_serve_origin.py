"""Without --cors, a web page on another origin cannot use `kg serve`: tried in Chromium from a
second loopback origin (another port of 127.0.0.1, which the browser calls same-site, and
localhost, cross-site). Its no-cors POSTs, image GETs and fetches are refused before any query
runs (no worker killed by a slow query, no timing to read the graph by), while a link to an
entity page still opens it and the workbench's own requests go through."""

from __future__ import annotations

import http.server
import json
import re
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.chromium import CHROMIUM, available, browser_context
from tests.serving import Served, serving

in_chromium = [
    pytest.mark.browser,
    pytest.mark.skipif(not available(), reason=f"{CHROMIUM} not found: install Debian's chromium"),
]

#: Seconds of CPU for the bundled graph (a threefold cross product): without the check, it ran
#: until the time limit, got 503, and its worker was replaced.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: The timing oracle of the report: a prefix that exists against one that does not.
PROBE = 'ASK {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{}")) ?a ?b ?c . ?d ?e ?f }}'

ATTACK = """<!doctype html><meta charset="utf-8"><title>another site</title>
<a id="link" href="{server}/entity/kg:XOKitty">XO, Kitty</a>
<script>
window.done = (async () => {{
  const server = {server!r};
  const form = "query=" + encodeURIComponent({slow!r});
  await fetch(server + "/sparql", {{method: "POST", mode: "no-cors", body: form,
    headers: {{"Content-Type": "application/x-www-form-urlencoded"}}}}).catch(() => null);
  await new Promise(done => {{
    const img = new Image(); img.onload = img.onerror = done;
    img.src = server + "/sparql?marker=img&query=" + encodeURIComponent({slow!r});
  }});
  const times = [];
  for (const prefix of ["https://w3id.org/franchise-kg/id/XO", "urn:nothing-here"]) {{
    const start = performance.now();
    await fetch(server + "/sparql?marker=probe&query=" + encodeURIComponent({probe!r}.replace("PREFIX", prefix)),
                {{mode: "no-cors"}}).catch(() => null);
    times.push(performance.now() - start);
  }}
  let read = "unreadable";
  try {{ read = await (await fetch(server + "/api/completions?q=kitty")).text(); }} catch (e) {{}}
  return {{times, read}};
}})();
</script>"""


@contextmanager
def other_origin(page: str) -> Iterator[int]:
    """A second web server on loopback, serving one page at / (the attacker's site)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = page.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        yield site.server_address[1]
    finally:
        site.shutdown()
        site.server_close()


def workers_of(served: Served) -> list[int]:
    return sorted(int(p) for p in Path(f"/proc/{served.proc.pid}/task/{served.proc.pid}/children").read_text().split())


def statuses(served: Served, marker: str, count: int = 1, seconds: float = 10) -> list[int]:
    """The statuses the access log gave requests whose target holds `marker`, once there are
    `count` of them (the log is read from the server's stderr as it comes) or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while len(found := _statuses(served, marker)) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def _statuses(served: Served, marker: str) -> list[int]:
    found = []
    for line in list(served.stderr):  # two workers' lines may share one (each prints its line, then "\n")
        for match in re.finditer(r'"((?:GET|POST|HEAD) [^"]*)" (\d{3}) ', line):
            if marker in match.group(1):
                found.append(int(match.group(2)))
    return found


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    with serving("--timeout", "3", quiet=False) as s:
        yield s


@in_chromium[0]
@in_chromium[1]
@pytest.mark.parametrize("site_host", ["127.0.0.1", "localhost"], ids=["same-site-port", "cross-site"])
def test_a_page_on_another_origin_cannot_query_or_time_the_endpoint(served: Served, site_host: str) -> None:
    server = served.url
    page_html = ATTACK.format(server=server, slow=SLOW, probe=PROBE.replace("{}", "PREFIX"))
    before = workers_of(served)
    served.stderr.clear()
    with other_origin(page_html) as port, browser_context() as context:
        page = context.new_page()  # type: ignore[attr-defined]
        page.goto(f"http://{site_host}:{port}/")
        outcome = page.evaluate("window.done")
        assert statuses(served, "POST /sparql") == [403], served.stderr
        assert statuses(served, "marker=img") == [403], served.stderr
        assert statuses(served, "marker=probe", count=2) == [403, 403], served.stderr
        assert outcome["read"] == "unreadable"
        # a link to an entity page is a top-level navigation: it opens, and the page works
        page.click("#link")
        page.wait_for_selector("body[data-ready]", state="attached", timeout=20_000)
        assert page.url.startswith(server + "/entity/")
        assert statuses(served, "/entity/") == [200]
        assert statuses(served, "/api/entity")
        api = _statuses(served, "/api/")  # the attacker's read first, then the page's own requests
        assert api[0] == 403 and api[1:] and all(s == 200 for s in api[1:]), api
    time.sleep(0.5)
    assert workers_of(served) == before, "a worker was replaced: a refused query ran anyway"
    assert not any("503" in line or "Traceback" in line for line in served.stderr)


def test_without_browser_headers_a_client_is_answered(served: Served) -> None:
    """curl, SPARQLWrapper and kg's own --endpoint send neither Origin nor Sec-Fetch-Site."""
    status, _, body = served.query("ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.parametrize(
    "headers,status",
    [
        ({"Origin": "http://evil.example"}, 403),
        ({"Origin": "null"}, 403),
        ({"Origin": "http://127.0.0.1:1"}, 403),
        ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image"}, 403),
        ({"Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "cors"}, 403),
        ({"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}, 403),
        ({"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors"}, 200),
        ({"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate"}, 200),
    ],
)
def test_the_endpoint_answers_only_its_own_origin(served: Served, headers: dict[str, str], status: int) -> None:
    target = "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"})
    got, _, body = served.request("GET", target, headers=headers)
    assert got == status, body
    if status == 403:
        assert b"--cors" in body and body.count(b"\n") == 1


def test_the_own_origin_is_answered_and_pages_open_from_links(served: Served) -> None:
    own = {"Origin": served.url, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/sparql-query"}
    status, _, _ = served.request("POST", "/sparql", b"ASK {}", own)
    assert status == 200
    link = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
    for path in ("/", "/explore", "/entity/kg:XOKitty"):
        assert served.request("GET", path, headers=link)[0] == 200
    framed = {**link, "Sec-Fetch-Dest": "iframe"}
    assert served.request("GET", "/", headers=framed)[0] == 403


def test_cors_lets_other_sites_in() -> None:
    with serving("--cors") as s:
        got, headers, _ = s.request(
            "GET", "/sparql?query=ASK%7B%7D", headers={"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}
        )
        assert got == 200 and headers["access-control-allow-origin"] == "*"
