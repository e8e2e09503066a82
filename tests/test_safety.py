"""Queries are read-only: updates, LOAD, SERVICE and FROM are refused before any engine
runs them, and nothing is fetched."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import snapshot


@pytest.fixture
def trap() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records any request: a refused query must never reach it."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(b'{"head":{"vars":[]},"results":{"bindings":[]}}')

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", hits
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "template,keyword",
    [
        ("SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", "SERVICE"),
        ("select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}", "SERVICE"),
        ("SELECT * WHERE {{ SERVIC\\u0045 <{url}> {{ ?s ?p ?o }} }}", "SERVICE"),
        ("SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}", "FROM"),
        ("SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", "FROM"),
        ("SELECT * FROM <file:///etc/passwd> WHERE {{ ?s ?p ?o }}", "FROM"),
        ("LOAD <{url}>", "LOAD"),
        ("LOAD <file:///etc/passwd> INTO GRAPH <urn:x>", "LOAD"),
        ("INSERT DATA {{ <urn:a> <urn:b> <urn:c> }}", "INSERT"),
        ("DELETE WHERE {{ ?s ?p ?o }}", "DELETE"),
        ("CLEAR ALL", "CLEAR"),
        ("DROP ALL", "DROP"),
        ("WITH <urn:g> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", "WITH"),
    ],
)
def test_unsafe_queries_are_refused_and_never_run(kg, trap, graph_copy: Path, template: str, keyword: str):
    url, hits = trap
    before = snapshot(graph_copy)
    run = kg("query", "--graph", str(graph_copy), template.format(url=url))
    assert run.exit_code == 1
    assert run.stdout == ""
    message = run.stderr.strip()
    assert "\n" not in message
    assert message.startswith("Error: <query>:1:")
    assert f"refused: {keyword}" in message
    assert hits == []
    assert snapshot(graph_copy) == before


def test_refusal_points_at_the_line(kg, tmp_path: Path):
    path = tmp_path / "sneaky.rq"
    path.write_text("SELECT * WHERE {\n  ?s ?p ?o .\n  SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }\n}\n")
    run = kg("query", str(path))
    assert run.exit_code == 1
    assert f"{path}:3:3: refused: SERVICE" in run.stderr


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?s WHERE { ?s ?p "SERVICE LOAD FROM INSERT" }',
        "SELECT ?s WHERE { ?s <http://example.org/service/load> ?o }",
        "SELECT ?s WHERE { ?s ?p ?o } # SERVICE in a comment is harmless",
        "PREFIX load: <http://example.org/> SELECT ?s WHERE { ?s load:from ?o }",
        "SELECT ?service ?from WHERE { ?service ?p ?from }",
    ],
)
def test_keywords_in_strings_iris_comments_and_names_are_fine(kg, query: str):
    run = kg("query", query, "-f", "json")
    assert run.exit_code == 0, run.stderr


@pytest.mark.parametrize(
    "template",
    [
        # a prefixed name may end in an escaped '#': it is not a comment
        "SELECT * WHERE {{ VALUES ?v {{ kg:a\\# }} SERVICE <{url}> {{ ?x ?y ?z }}\n}}",
        # nor does an escaped quote in a name open a string
        "SELECT * WHERE {{ VALUES ?v {{ kg:a\\' }} SERVICE <{url}> {{ ?x ?y \"'\" }} }}",
        # a carriage return ends a comment
        "SELECT * WHERE {{ # c\rSERVICE <{url}> {{ ?x ?y ?z }} \n}}",
    ],
)
def test_keywords_are_found_where_the_engine_would_see_them(kg, trap, template: str):
    url, hits = trap
    run = kg("query", template.format(url=url))
    assert run.exit_code == 1
    assert "refused: SERVICE" in run.stderr
    assert hits == []


def test_a_second_parser_checks_queries_that_mention_a_forbidden_word():
    from graph.errors import UnsafeQueryError
    from graph.sparql.guard import verify_with_rdflib

    verify_with_rdflib('SELECT ?s WHERE { ?s ?p "served FROM a SERVICE" }', "<q>")  # only a string: fine
    with pytest.raises(UnsafeQueryError, match="refused: SERVICE"):
        verify_with_rdflib("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "<q>")
    with pytest.raises(UnsafeQueryError, match="refused: FROM"):
        verify_with_rdflib("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "<q>")
    with pytest.raises(UnsafeQueryError, match="could not confirm"):
        verify_with_rdflib("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "<q>")
