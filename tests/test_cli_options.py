"""Every command honours --graph/--data/--store/--endpoint or refuses them in one line, and the
settings given as environment variables reach the library only through the command line."""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from graph.api import KnowledgeGraph
from graph.namespaces import SOURCE

#: Commands that read the graph, with the arguments they need (viz writes to stdout).
READERS = {
    "query": ["query", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "-f", "csv"],
    "explain": ["explain", "kg:person_anna-cathcart"],
    "export": ["export", "-f", "nt"],
    "stats": ["stats"],
    "info": ["info"],
    "source list": ["source", "list"],
    "viz": ["viz", "-o", "-"],
}

EXTRA = """@prefix kg: <https://w3id.org/franchise-kg/id/> .
@prefix kgo: <https://w3id.org/franchise-kg/ontology#> .
@prefix schema: <https://schema.org/> .
kg:ZedTester a kgo:Person ; schema:name "Zed Tester" .
<https://w3id.org/franchise-kg/source/zed-notes> a kgo:SourceDocument ; schema:name "Zed's notes" ;
    kgo:fileName "zed-notes.txt" .
"""


class FakeSparqlServer:
    """A SPARQL endpoint on loopback that records each request and answers by query form:
    SELECT with `rows`, ASK false, CONSTRUCT/DESCRIBE with nothing."""

    def __init__(self) -> None:
        self.requests: list[dict[str, object]] = []
        self.rows: list[dict[str, dict[str, str]]] = []
        self.require_auth: str | None = None
        self.delay = 0.0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                fields = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, keep_blank_values=True)
                server.requests.append({"fields": fields, "authorization": self.headers.get("Authorization")})
                if server.require_auth and self.headers.get("Authorization") != server.require_auth:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="test"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                time.sleep(server.delay)
                text = fields.get("query", [""])[0].upper()
                if "CONSTRUCT" in text or "DESCRIBE" in text:
                    body, ctype = b"", "application/n-triples"
                elif "ASK" in text and "SELECT" not in text:
                    body, ctype = b'{"head": {}, "boolean": false}', "application/sparql-results+json"
                else:
                    names = sorted({k for row in server.rows for k in row})
                    body = json.dumps({"head": {"vars": names}, "results": {"bindings": server.rows}}).encode()
                    ctype = "application/sparql-results+json"
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up waiting (the time-limit test)
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def sparql_server() -> Iterator[FakeSparqlServer]:
    server = FakeSparqlServer()
    yield server
    server.close()


@pytest.fixture
def extra(tmp_path: Path) -> Path:
    path = tmp_path / "extra.ttl"
    path.write_text(EXTRA, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(READERS))
def test_readers_honour_endpoint_by_asking_the_server(kg, sparql_server: FakeSparqlServer, name: str) -> None:
    run = kg(*READERS[name], "--endpoint", sparql_server.url)
    assert sparql_server.requests, f"kg {name} --endpoint did not ask the server: {run.stdout[:200]} {run.stderr}"
    assert "Traceback" not in run.stderr


def test_source_list_lists_the_servers_sources_not_the_local_ones(kg, sparql_server: FakeSparqlServer) -> None:
    sparql_server.rows = [
        {
            "doc": {"type": "uri", "value": SOURCE + "remote-only"},
            "title": {"type": "literal", "value": "Only on the server"},
            "file": {"type": "literal", "value": "remote-only.txt"},
            "sentences": {"type": "literal", "value": "3"},
        }
    ]
    local = kg("source", "list")
    remote = kg("source", "list", "--endpoint", sparql_server.url)
    assert remote.exit_code == 0, remote.stderr
    assert "remote-only" in remote.stdout and "Only on the server" in remote.stdout
    first_local = local.stdout.split()[0]
    assert first_local not in remote.stdout


def test_validate_refuses_endpoint_and_store_in_one_line(kg, sparql_server: FakeSparqlServer) -> None:
    for extra_args, word in ((["--endpoint", sparql_server.url], "--endpoint"), (["--store", "nonsense"], "--store")):
        run = kg("validate", *extra_args)
        assert run.exit_code == 2, run.stdout
        assert run.stderr.count("\n") == 1 and word in run.stderr and "kg validate" in run.stderr
        assert "ok:" not in run.stdout
    both = kg("validate", "--endpoint", "http://127.0.0.1:9/sparql", "--store", "nonsense")
    assert both.exit_code == 2 and both.stderr.count("\n") == 1
    assert not sparql_server.requests


@pytest.mark.parametrize("name", sorted(READERS))
def test_readers_refuse_an_unknown_store(kg, name: str) -> None:
    run = kg(*READERS[name], "--store", "nonsense")
    assert run.exit_code == 2
    assert "unknown store 'nonsense'" in run.stderr and run.stderr.count("\n") == 1


@pytest.mark.parametrize("name", sorted(READERS))
def test_readers_refuse_data_with_endpoint(kg, extra: Path, name: str) -> None:
    run = kg(*READERS[name], "--data", str(extra), "--endpoint", "http://127.0.0.1:9/sparql")
    assert run.exit_code == 2 and "--data cannot be used with --endpoint" in run.stderr


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("query", ["query", "SELECT ?n WHERE { kg:ZedTester schema:name ?n }", "-f", "csv"], "Zed Tester"),
        ("explain", ["explain", "Zed Tester"], "kg:ZedTester"),
        ("export", ["export", "-f", "nt"], "ZedTester"),
        ("info", ["info"], "1 from --data"),
        ("source list", ["source", "list"], "zed-notes"),
        ("viz", ["viz", "-o", "-"], "Zed Tester"),
    ],
)
def test_readers_honour_data(kg, extra: Path, name: str, args: list[str], expected: str) -> None:
    without = kg(*args)
    run = kg(*args, "--data", str(extra))
    assert run.exit_code == 0, run.stderr
    assert expected in run.stdout and expected not in without.stdout


def test_stats_counts_data_files(kg, extra: Path) -> None:
    before = json.loads(kg("stats", "-f", "json").stdout)
    after = json.loads(kg("stats", "-f", "json", "--data", str(extra)).stdout)
    assert after["classes"]["kgo:Person"] == before["classes"]["kgo:Person"] + 1


def test_validate_honours_data(kg, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix kg: <https://w3id.org/franchise-kg/id/> .\nkg:a kg:b "open .\n', encoding="utf-8")
    run = kg("validate", "--no-shapes", "--no-checks", "--data", str(broken))
    assert run.exit_code == 1 and "broken.ttl:2" in run.stderr


# --- settings from the environment, read only at the edge ---------------------------------------


def test_endpoint_credentials_come_from_the_environment(kg, sparql_server: FakeSparqlServer) -> None:
    expected = "Basic " + base64.b64encode(b"reader:s3cret").decode()
    sparql_server.require_auth = expected
    refused = kg("query", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", sparql_server.url)
    assert refused.exit_code == 1 and "HTTP 401" in refused.stderr
    env = {"KG_ENDPOINT_USER": "reader", "KG_ENDPOINT_PASSWORD": "s3cret"}
    run = kg("query", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", sparql_server.url, "-f", "json", env=env)
    assert run.exit_code == 0, run.stderr
    assert sparql_server.requests[-1]["authorization"] == expected


def test_credentials_on_the_command_line_are_refused(kg, sparql_server: FakeSparqlServer) -> None:
    run = kg("query", "cast-of-season", "--endpoint", sparql_server.url, "--endpoint-password", "s3cret")
    assert run.exit_code == 2 and "KG_ENDPOINT_PASSWORD" in run.stderr and "s3cret" not in run.stderr
    assert not sparql_server.requests


def test_endpoint_timeout_and_graph_come_from_the_environment(kg, sparql_server: FakeSparqlServer) -> None:
    sparql_server.delay = 2.0
    slow = kg(
        "query", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", sparql_server.url, env={"KG_ENDPOINT_TIMEOUT": "0.3"}
    )
    assert slow.exit_code == 1 and "no answer within 0.3 s" in slow.stderr
    bad = kg("query", "cast-of-season", "--endpoint", sparql_server.url, env={"KG_ENDPOINT_TIMEOUT": "soon"})
    assert bad.exit_code == 2 and "$KG_ENDPOINT_TIMEOUT='soon'" in bad.stderr
    sparql_server.delay = 0.0
    for value, graphs in (("https://example.org/g", ["https://example.org/g"]), ("", None)):
        sparql_server.requests.clear()
        kg("query", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", sparql_server.url, env={"KG_ENDPOINT_GRAPH": value})
        assert sparql_server.requests[-1]["fields"].get("default-graph-uri") == graphs  # type: ignore[union-attr]


def test_cache_threshold_comes_from_the_environment(kg, graph_copy: Path) -> None:
    small = kg("info", "--graph", str(graph_copy))
    assert "oxigraph in memory" in small.stdout
    big = kg("info", "--graph", str(graph_copy), env={"KG_CACHE_THRESHOLD": "1000"})
    assert "oxigraph on disk" in big.stdout
    bad = kg("info", "--graph", str(graph_copy), env={"KG_CACHE_THRESHOLD": "lots"})
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1 and "KG_CACHE_THRESHOLD" in bad.stderr


def test_user_cache_folder_comes_from_xdg_cache_home(kg, graph_copy: Path, tmp_path: Path, monkeypatch) -> None:
    from graph.store import cache

    monkeypatch.setattr(cache.os, "access", lambda path, mode: False)
    run = kg("info", "--graph", str(graph_copy), "--store", "oxigraph", env={"XDG_CACHE_HOME": str(tmp_path / "xdg")})
    assert run.exit_code == 0, run.stderr
    assert str(tmp_path / "xdg" / "franchise-kg") in run.stdout


def test_library_reads_no_environment(graph_copy: Path, monkeypatch) -> None:
    monkeypatch.setenv("KG_CACHE_THRESHOLD", "0")
    monkeypatch.setenv("KG_GRAPH", "/nonexistent")
    kg = KnowledgeGraph.open(graph_copy)
    assert "oxigraph in memory" in kg.engine.description
    offenders = [
        str(path)
        for path in sorted((Path(__file__).parent.parent / "graph").rglob("*.py"))
        if "cli" not in path.parts and ("os.environ" in path.read_text() or "getenv(" in path.read_text())
    ]
    assert offenders == [], f"library modules read the environment: {offenders}"


def test_network_exports_refuse_entailment(kg) -> None:
    run = kg("export", "-f", "graphml", "--entailment", "rdfs")
    assert run.exit_code == 2 and run.stderr.count("\n") == 1 and "--entailment" in run.stderr
    assert run.stdout == ""


@pytest.mark.parametrize("name", [*READERS, "validate"])
def test_readers_refuse_a_folder_or_a_pipe_as_data_in_one_line(kg, tmp_path: Path, name: str) -> None:
    """--data is a plain string: the loader, not click, refuses a folder (also through a
    symlink, or as the empty string, which is "."), a named pipe and a missing file."""
    import os

    args = READERS.get(name, ["validate"])
    (tmp_path / "folder").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "folder")
    os.mkfifo(tmp_path / "pipe.ttl")
    cases = {
        str(tmp_path / "folder"): "a folder, not a data file",
        str(tmp_path / "link"): "a folder, not a data file",
        "": "a folder, not a data file",
        str(tmp_path / "pipe.ttl"): "not a regular file (a named pipe, socket or device)",
        str(tmp_path / "missing.ttl"): "no such data file",
    }
    for data, cause in cases.items():
        run = kg(*args, "--data", data)
        assert run.exit_code == 1 and run.stderr == f"Error: {data or '.'}: {cause}\n", (data, run.stderr)


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "1e308", "0", "-1", "two"])
@pytest.mark.parametrize(
    "args",
    [
        ["query", "ASK {}", "--timeout"],
        ["serve", "--port", "0", "--timeout"],
        ["serve", "--port", "0", "--client-timeout"],
    ],
    ids=["query --timeout", "serve --timeout", "serve --client-timeout"],
)
def test_a_time_limit_is_a_finite_positive_number_of_seconds(kg_process, args: list[str], value: str) -> None:
    """`nan` passed every `<` test: kg query died with a traceback; kg serve answered every query
    with an instant 503 (or every request with 408) and its watchdog could never fire."""
    run = kg_process(*args, value, timeout=30)
    assert run.exit_code == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stderr and "Serving" not in run.stdout
    error = [line for line in run.stderr.splitlines() if line.startswith("Error:")]
    assert len(error) == 1 and f"{value!r} is not a number of seconds" in error[0]


@pytest.mark.parametrize("value", ["nan", "inf", "1e308", "5 seconds"])
def test_the_endpoint_time_limit_from_the_environment_is_checked_too(kg, value: str) -> None:
    run = kg("query", "ASK {}", env={"KG_ENDPOINT_TIMEOUT": value})
    assert run.exit_code == 2
    assert (
        run.stderr
        == f"Error: $KG_ENDPOINT_TIMEOUT={value!r}: expected a number of seconds over 0 and at most 1,000,000\n"
    )


def test_a_finite_time_limit_still_works(kg) -> None:
    run = kg("query", "ASK { ?s ?p ?o }", "--timeout", "30")
    assert run.exit_code == 0 and run.stdout == "true\n"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "xml"])
def test_a_server_answering_a_term_no_iri_can_be_is_a_one_line_error(
    kg, sparql_server: FakeSparqlServer, fmt: str
) -> None:
    sparql_server.rows = [{"x": {"type": "uri", "value": "2023-05-18"}}]
    run = kg("query", "SELECT ?x WHERE { ?x ?p ?o }", "--endpoint", sparql_server.url, "-f", fmt)
    assert run.exit_code != 0
    errors = [line for line in run.stderr.splitlines() if line]
    assert len(errors) == 1 and "cannot be written" in errors[0], run.stderr
