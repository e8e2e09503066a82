"""`kg serve` as a client sees it: SPARQLWrapper gets the same answers as `kg query`, in each
format; updates, SERVICE and LOAD are refused; a query past the time limit is stopped; the
query page needs nothing from the network."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest
from SPARQLWrapper import CSV, JSON, N3, TSV, TURTLE, XML, SPARQLWrapper

from graph.locate import bundled_root
from graph.sparql.catalog import list_queries
from tests.serving import serving
from tests.test_stores import answer_set

NAMED = [q for q in list_queries(bundled_root() / "queries") if not q.parameters]


@pytest.fixture(scope="module")
def server():
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph", "serve", "--port", "0", "--timeout", "3", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first = proc.stdout.readline() if proc.stdout else ""  # printed once the workers have the graph
    match = re.search(r"(http://\S+)/sparql", first)
    if not match:
        proc.kill()
        pytest.fail(f"kg serve did not start: {first}{proc.stderr.read() if proc.stderr else ''}")
    yield match.group(1)
    proc.terminate()
    proc.wait(timeout=20)


def post(url: str, body: bytes, ctype: str, accept: str = "") -> tuple[int, str, str]:
    req = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": ctype, "Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read().decode()


def test_listens_on_loopback_by_default(server: str) -> None:
    assert server.startswith("http://127.0.0.1:")


@pytest.mark.parametrize("named", NAMED, ids=[q.name for q in NAMED])
def test_sparqlwrapper_gets_the_same_answer_as_kg_query(kg, server: str, named) -> None:
    local = kg("query", named.name, "-f", "json")
    assert local.exit_code == 0, local.stderr
    if not local.stdout.lstrip().startswith("{"):
        pytest.skip(f"{named.name} is a CONSTRUCT/DESCRIBE query")
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(named.text)
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    assert answer_set(json.dumps(answer).encode()) == answer_set(local.stdout.encode())


@pytest.mark.parametrize("fmt,kg_format", [(CSV, "csv"), (TSV, "tsv"), (XML, "xml")])
def test_result_formats_match_kg_query(kg, server: str, fmt: str, kg_format: str) -> None:
    query = "SELECT ?p ?name WHERE { ?p a kgo:Person ; schema:name ?name } ORDER BY ?name"
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    response = client.query()
    body = response.response.read().decode().replace("\r\n", "\n")  # click's runner drops the CR of CSV
    assert body.rstrip("\n") == kg("query", query, "-f", kg_format).stdout.rstrip("\n")
    assert "Anna Cathcart" in body


@pytest.mark.parametrize("fmt,media", [(TURTLE, "text/turtle"), (N3, "text/turtle")])
def test_construct_answers_as_rdf(kg, server: str, fmt: str, media: str) -> None:
    import pyoxigraph as ox

    query = "CONSTRUCT { ?p schema:name ?n } WHERE { ?p a kgo:Person ; schema:name ?n }"
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    response = client.query()
    assert response.response.headers["Content-Type"].startswith(media)
    got = set(ox.parse(response.response.read(), format=ox.RdfFormat.TURTLE))
    expected = set(ox.parse(kg("query", query, "-f", "nt").stdout.encode(), format=ox.RdfFormat.N_TRIPLES))
    assert got == expected and expected


def test_get_and_both_kinds_of_post_agree(server: str) -> None:
    query = "SELECT ?name WHERE { ?p a kgo:Person ; schema:name ?name } ORDER BY ?name"
    url = server + "/sparql"
    with urllib.request.urlopen(url + "?" + urllib.parse.urlencode({"query": query}), timeout=30) as response:
        by_get = response.read().decode()
    form = post(url, urllib.parse.urlencode({"query": query}).encode(), "application/x-www-form-urlencoded")
    direct = post(url, query.encode(), "application/sparql-query")
    assert form[0] == direct[0] == 200
    assert form[1].startswith("application/sparql-results+json")
    assert json.loads(by_get) == json.loads(form[2]) == json.loads(direct[2])


@pytest.mark.parametrize(
    "body,ctype,status,word",
    [
        (b"update=DROP+ALL", "application/x-www-form-urlencoded", 403, "read-only"),
        (b"DROP ALL", "application/sparql-update", 403, "read-only"),
        (b"LOAD <file:///etc/passwd>", "application/sparql-query", 400, "LOAD"),
        (
            b"SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
            "application/sparql-query",
            400,
            "SERVICE",
        ),
        (b"SELECT * WHERE { ?s ?p ", "application/sparql-query", 400, "syntax error"),
    ],
)
def test_updates_service_load_and_bad_queries_are_refused(
    server: str, body: bytes, ctype: str, status: int, word: str
) -> None:
    got, media, text = post(server + "/sparql", body, ctype)
    assert got == status and media.startswith("text/plain")
    assert word in text and text.count("\n") == 1


def test_query_past_the_time_limit_is_stopped_and_the_server_goes_on(server: str) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    status, _, text = post(server + "/sparql", slow.encode(), "application/sparql-query")
    assert status == 503 and "time limit" in text
    for _ in range(6):  # the stopped worker is replaced; every query is answered
        status, _, text = post(server + "/sparql", b"ASK { ?s ?p ?o }", "application/sparql-query")
        assert status == 200 and json.loads(text)["boolean"] is True


def test_the_page_at_root_has_no_inline_script_and_loads_nothing_from_the_network(server: str) -> None:
    with urllib.request.urlopen(server + "/", timeout=30) as response:
        page = response.read().decode()
        csp = response.headers["Content-Security-Policy"]
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "the page loads something from the network"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline script"
    assert not re.search(r"\son\w+\s*=", page) and "style=" not in page
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp and "script-src 'self'" in csp


@pytest.mark.parametrize("length", ["-1", "abc"])
def test_a_bad_content_length_gets_400(server: str, length: str) -> None:
    import http.client

    host, port = urllib.parse.urlsplit(server).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.putrequest("POST", "/sparql")
    conn.putheader("Content-Type", "application/sparql-query")
    conn.putheader("Content-Length", length)
    conn.endheaders()
    conn.send(b"ASK {}")
    response = conn.getresponse()
    assert response.status == 400
    assert "Content-Length" in response.read().decode()
    conn.close()


@pytest.mark.parametrize(
    ("threshold", "held"), [((), "oxigraph in memory"), (("--memory-threshold", "0"), "oxigraph on disk")]
)
def test_a_graph_past_the_query_cache_threshold_is_served_from_memory(graph_copy, threshold, held: str) -> None:
    """`kg query` reads a 300 kB graph from the disk cache (one parse, many cold runs); `kg serve`
    parses it once per worker and answers from memory, unless told otherwise."""
    rows = "".join(
        f'<https://w3id.org/franchise-kg/id/P{i}> <https://schema.org/name> "padding {i}" .\n' for i in range(5000)
    )
    (graph_copy / "ontology" / "facts" / "padding.nt").write_text(rows)
    with serving("--graph", str(graph_copy), *threshold) as served:
        assert served.proc.stdout is not None
        store_line = served.proc.stdout.readline()
        assert store_line.startswith(f"Store: {held}"), store_line
        status, _, body = served.query("SELECT ?n WHERE { kg:P42 schema:name ?n }", accept="text/csv")
        assert status == 200 and body.decode().splitlines() == ["n", "padding 42"]


@pytest.mark.parametrize("value", ["-1", "lots", "64MiB", "1e9", ""])
def test_a_bad_memory_threshold_is_refused_before_serving(kg, value: str) -> None:
    """Given as an option or in $KG_SERVE_MEMORY_THRESHOLD, a value that is not a whole number
    of bytes stops kg serve with click's error, before any port is bound."""
    for run in (
        kg("serve", "--port", "0", "--memory-threshold", value),
        kg("serve", "--port", "0", env={"KG_SERVE_MEMORY_THRESHOLD": value}) if value else None,
    ):
        if run is not None:
            assert run.exit_code == 2 and run.stdout == ""
            assert run.stderr.splitlines()[-1].startswith("Error: Invalid value for '--memory-threshold'")
