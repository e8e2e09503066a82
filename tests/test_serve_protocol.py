"""`kg serve` as the SPARQL 1.1 Protocol and Service Description specify it: the W3C protocol
tests, the dataset parameters, base IRI, methods, service description with VoID, CORS,
content negotiation, HTTP/1.1 keep-alive and the named queries as a REST API."""

from __future__ import annotations

import http.client
import io
import json
import socket
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.protocol.run import Manifest, dataset_file, run_tests
from tests.serving import Served, serving

HERE = Path(__file__).resolve().parent
DATA1 = "http://kasei.us/2009/09/sparql/data/data1.rdf"
DATA3 = "http://kasei.us/2009/09/sparql/data/data3.rdf"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("protocol")
    data = dataset_file(Manifest(HERE / "protocol" / "manifest.ttl"), folder)
    with serving("--data", str(data), "--timeout", "10") as served:
        yield served


@pytest.fixture(scope="module")
def cors_server() -> Iterator[Served]:
    with serving("--cors", "--workers", "1") as served:
        yield served


def test_every_w3c_protocol_test_passes(server: Served) -> None:
    out = io.StringIO()
    passed, total = run_tests(server.host, server.port, "/sparql/", out)
    assert (passed, total) == (34, 34), out.getvalue()


def _rows(body: bytes) -> list[dict[str, str]]:
    return [{k: v["value"] for k, v in row.items()} for row in json.loads(body)["results"]["bindings"]]


def test_default_graph_uri_selects_a_loaded_graph_and_nothing_else(server: Served) -> None:
    status, _, body = server.query("SELECT ?s WHERE { ?s ?p ?o }", **{"default-graph-uri": DATA1})
    assert status == 200 and _rows(body) == [{"s": DATA1}]
    status, _, body = server.query("ASK { ?s ?p ?o }", **{"default-graph-uri": "http://example.org/not-loaded"})
    assert status == 200 and json.loads(body)["boolean"] is False  # an unknown graph is empty, never fetched


def test_named_graph_uri_limits_what_graph_sees(server: Served) -> None:
    status, _, body = server.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", **{"named-graph-uri": DATA3})
    assert status == 200 and _rows(body) == [{"g": DATA3}]


def test_protocol_dataset_overrides_from_in_the_query(server: Served) -> None:
    query = f"SELECT ?s FROM <{DATA3}> WHERE {{ ?s ?p ?o }}"
    status, _, body = server.query(query, **{"default-graph-uri": DATA1})
    assert status == 200 and _rows(body) == [{"s": DATA1}]


def test_a_bad_dataset_iri_is_a_clear_400(server: Served) -> None:
    status, _, body = server.query("ASK {}", **{"default-graph-uri": "not an iri"})
    assert status == 400 and b"absolute IRI" in body


def test_relative_iris_resolve_against_the_endpoint(server: Served) -> None:
    status, _, body = server.query("SELECT (<thing> AS ?x) WHERE {}")
    assert status == 200 and _rows(body) == [{"x": f"http://{server.host}:{server.port}/thing"}]


def test_a_syntax_error_points_at_the_users_column_not_the_added_base(server: Served) -> None:
    status, _, body = server.query("SELECT ?x WHERE { ?x ?y }")
    assert status == 400 and body.startswith(b"<query>:1:") and b"syntax error" in body
    column = int(body.split(b":")[2])
    assert column <= len("SELECT ?x WHERE { ?x ?y }")


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_get_405_with_allow(server: Served, method: str) -> None:
    status, headers, _ = server.request(method, "/sparql", b"ASK {}", {"Content-Type": "application/sparql-query"})
    assert status == 405 and headers["allow"] == "GET, HEAD, POST, OPTIONS"


def test_service_description_with_void_counts(server: Served) -> None:
    status, headers, body = server.request("GET", "/sparql")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    store = ox.Store()
    store.load(body, format=ox.RdfFormat.TURTLE)
    rows = store.query(
        """PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> PREFIX void: <http://rdfs.org/ns/void#>
        SELECT ?endpoint ?triples WHERE { ?s a sd:Service ; sd:endpoint ?endpoint ;
          sd:supportedLanguage sd:SPARQL11Query ; sd:defaultDataset/sd:defaultGraph/void:triples ?triples }"""
    )
    (row,) = list(rows)
    assert row["endpoint"].value == f"http://{server.host}:{server.port}/sparql"
    _, _, count = server.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(row["triples"].value) == int(_rows(count)[0]["n"]) > 0


@pytest.mark.parametrize(
    "accept,media,fmt",
    [
        ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_service_description_is_content_negotiated(server: Served, accept: str, media: str, fmt: ox.RdfFormat) -> None:
    status, headers, body = server.request("GET", "/sparql", headers={"Accept": accept})
    assert status == 200 and headers["content-type"].startswith(media)
    assert any("sparql-service-description#Service" in t.object.value for t in ox.parse(body, format=fmt))


def test_void_path_describes_the_dataset(server: Served) -> None:
    status, _, body = server.request("GET", "/void")
    assert status == 200 and b"void:triples" in body


def test_construct_as_rdf_xml_when_asked(server: Served) -> None:
    status, headers, body = server.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/rdf+xml", **{"default-graph-uri": DATA1}
    )
    assert status == 200 and headers["content-type"].startswith("application/rdf+xml")
    assert {t.subject.value for t in ox.parse(body, format=ox.RdfFormat.RDF_XML)} == {DATA1}


@pytest.mark.parametrize(
    "fmt,media", [("csv", "text/csv"), ("tsv", "text/tab-separated-values"), ("xml", "application/sparql-results+xml")]
)
def test_format_parameter_beats_accept(server: Served, fmt: str, media: str) -> None:
    status, headers, _ = server.query("SELECT (1 AS ?x) WHERE {}", "application/sparql-results+json", format=fmt)
    assert status == 200 and headers["content-type"].startswith(media)


def test_a_format_that_does_not_fit_is_a_400(server: Served) -> None:
    status, _, body = server.query("SELECT (1 AS ?x) WHERE {}", format="turtle")
    assert status == 400 and b"format=" in body


def test_with_speculation_and_entailment_parameters(server: Served) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    plain = int(_rows(server.query(query)[2])[0]["n"])
    spec = int(_rows(server.query(query, **{"with-speculation": "true"})[2])[0]["n"])
    rdfs = int(_rows(server.query(query, entailment="rdfs")[2])[0]["n"])
    assert spec > plain and rdfs > plain
    status, _, body = server.query(query, entailment="owl")
    assert status == 400 and b"entailment" in body


def test_http_1_1_keep_alive_answers_many_requests_on_one_connection(server: Served) -> None:
    conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
    sock_ids = set()
    for _ in range(5):
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}))
        response = conn.getresponse()
        assert response.version == 11 and response.status == 200
        response.read()
        sock_ids.add(id(conn.sock))
    conn.close()
    assert len(sock_ids) == 1


def test_pipelined_requests_are_answered_in_order(server: Served) -> None:
    with socket.create_connection((server.host, server.port), timeout=30) as sock:
        one = f"GET /sparql?query=SELECT%20(1%20AS%20%3Fx)%7B%7D HTTP/1.1\r\nHost: {server.host}\r\n\r\n"
        two = f"GET /sparql?query=SELECT%20(2%20AS%20%3Fx)%7B%7D HTTP/1.1\r\nHost: {server.host}\r\nConnection: close\r\n\r\n"
        sock.sendall((one + two).encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    assert data.count(b"HTTP/1.1 200") == 2 and data.index(b'"value":"1"') < data.index(b'"value":"2"')


def test_cors_is_off_by_default(server: Served) -> None:
    status, headers, _ = server.query("ASK {}")
    assert status == 200 and "access-control-allow-origin" not in headers
    status, headers, _ = server.request("OPTIONS", "/sparql", headers={"Origin": "http://example.org"})
    assert status == 204 and "access-control-allow-origin" not in headers and "POST" in headers["allow"]


def test_cors_on_answers_preflight_and_stays_read_only(cors_server: Served) -> None:
    status, headers, _ = cors_server.request(
        "OPTIONS",
        "/sparql",
        headers={"Origin": "http://example.org", "Access-Control-Request-Method": "POST"},
    )
    assert status == 204 and headers["access-control-allow-origin"] == "*"
    assert "POST" in headers["access-control-allow-methods"]
    status, headers, _ = cors_server.request(
        "POST", "/sparql", b"update=DROP+ALL", {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 403 and headers["access-control-allow-origin"] == "*"


def test_named_queries_are_listed_with_their_parameters(server: Served) -> None:
    status, headers, body = server.request("GET", "/queries")
    assert status == 200 and headers["content-type"].startswith("application/json")
    listing = {q["name"]: q for q in json.loads(body)}
    assert "cast-of-season" in listing
    assert "season" in [p["name"] for p in listing["cast-of-season"]["parameters"]]


def test_a_named_query_runs_with_its_parameters(server: Served, kg) -> None:
    status, headers, body = server.request("GET", "/queries/cast-of-season?season=2&format=csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    local = kg("query", "cast-of-season", "--param", "season=2", "-f", "csv")
    assert body.decode().replace("\r\n", "\n") == local.stdout


def test_a_named_query_with_a_bad_parameter_or_name(server: Served) -> None:
    status, _, body = server.request("GET", "/queries/cast-of-season?season=not-a-number")
    assert status == 400 and body.count(b"\n") == 1
    status, _, _ = server.request("GET", "/queries/no-such-query")
    assert status == 404
    status, _, _ = server.request("GET", "/queries/..%2F..%2Fetc%2Fpasswd")
    assert status == 404


def test_a_query_seen_before_is_refused_or_answered_the_same_way_again(server: Served) -> None:
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    for _ in range(4):  # the second time on a worker takes the remembered path
        status, _, body = server.query(service)
        assert status == 400 and b"SERVICE" in body
        plain, spec = server.query(count)[2], server.query(count, **{"with-speculation": "true"})[2]
        assert int(_rows(spec)[0]["n"]) > int(_rows(plain)[0]["n"])
        assert _rows(server.query(count, **{"default-graph-uri": DATA1})[2]) == [{"n": "1"}]


def test_head_answers_headers_only(server: Served) -> None:
    status, headers, body = server.request("HEAD", "/sparql?query=ASK%7B%7D")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0


@pytest.mark.parametrize(
    "accept,kind,explicit,fmt",
    [
        ("text/csv;q=0.5, application/sparql-results+xml", "select", None, "xml"),
        ("*/*", "select", None, "json"),
        ("", "ask", None, "json"),
        ("image/png", "select", None, "json"),
        ("application/rdf+xml;q=0.1, text/turtle;q=0.9", "graph", None, "turtle"),
        ("application/rdf+xml", "graph", None, "rdfxml"),
        ("text/turtle", "graph", "ttl", "turtle"),
        ("", "graph", "n3", "turtle"),
        ("application/sparql-results+xml", "select", "tsv", "tsv"),
    ],
)
def test_negotiation(accept: str, kind: str, explicit: str | None, fmt: str) -> None:
    from graph.sparql.formats import negotiate

    assert negotiate(accept, kind, explicit).name == fmt


def test_expect_100_continue_is_answered_before_the_body(server: Served) -> None:
    body = b"ASK {}"
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(
            f"POST /sparql HTTP/1.1\r\nHost: {server.host}\r\nContent-Type: application/sparql-query\r\n"
            f"Content-Length: {len(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n".encode()
        )
        assert sock.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(body)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    assert data.startswith(b"HTTP/1.1 200") and b'"boolean":true' in data


SELECT_ONE = 'SELECT ?x WHERE { BIND("a\\tb" AS ?x) }'
CONSTRUCT_ONE = "CONSTRUCT { <http://example.org/s> <http://example.org/p> ?o } WHERE { BIND(1 AS ?o) }"


def _formats(kind: str) -> list[object]:
    from graph.sparql.formats import FORMATS, kinds_of

    return [f for f in FORMATS.values() if f.answers & set(kinds_of(kind))]


@pytest.mark.parametrize("kind,text", [("select", SELECT_ONE), ("graph", CONSTRUCT_ONE)])
def test_every_format_of_the_one_table_reaches_the_endpoint(server: Served, kind: str, text: str) -> None:
    """The formats kg query writes are the ones /sparql negotiates: by media type (Accept), by
    name and by each alias (format=), each answer the bytes kg's own writer makes."""
    from graph.sparql.formats import serialize
    from graph.sparql.run import QuerySource, execute, prepare
    from graph.store.engine import OxigraphEngine

    local = OxigraphEngine(ox.Store())
    for fmt in _formats(kind):
        expected = serialize(execute(local, prepare(QuerySource(text, "<query>"))), fmt)
        for accept in fmt.accept:
            status, headers, body = server.query(text, accept=accept)
            assert status == 200 and headers["content-type"] == f"{fmt.media}; charset=utf-8", (fmt, accept)
            assert body == expected, (fmt.name, accept)
        for name in (fmt.name, *fmt.aliases):
            status, headers, body = server.query(text, format=name)
            assert status == 200 and headers["content-type"].startswith(fmt.media) and body == expected, (fmt, name)


def test_the_service_description_lists_the_tables_formats(server: Served) -> None:
    from graph.sparql.formats import FORMATS

    status, _, body = server.request("GET", "/sparql", headers={"Accept": "application/n-triples"})
    listed = {
        str(t.object.value).rsplit("/", 1)[1]
        for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        if t.predicate.value.endswith("#resultFormat")
    }
    assert status == 200 and "RDF_XML" in listed and "SPARQL_Results_TSV" in listed
    assert listed == {f.w3c for f in FORMATS.values() if f.w3c and f.answers & {"select", "ask", "graph"}}


def test_a_format_that_does_not_fit_is_refused_before_the_query_runs(server: Served) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    status, _, body = server.query(slow, format="turtle")
    assert status == 400 and b"does not fit SELECT and ASK" in body and b"json" in body
