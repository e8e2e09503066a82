"""`kg push --graph` is one absolute IRI or nothing is sent; kg never prints request or
response headers, even from a server that echoes them (credentials) in its error page.
A fake SPARQL server on loopback records what reaches it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest


class Recorder(BaseHTTPRequestHandler):
    """Answers every request with 400 and an error page that echoes the request headers."""

    seen: ClassVar[list[str]] = []
    auth = False

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.seen.append(self.rfile.read(length).decode("utf-8", "replace"))
        if self.headers.get("X-Challenge-Me") is None and "Authorization" not in self.headers and self.auth:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="kg"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = ("Bad request. Your headers were:\n" + str(self.headers)).encode()
        self.send_response(400)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Set-Cookie", "session=topsecretcookie")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    Recorder.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/update", Recorder.seen
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize(
    "graph",
    [
        "http://ex/g> ; DROP ALL ; DROP SILENT GRAPH <http://ex/h",
        "http://ex/g>",
        "http://ex/ g",
        "relative/graph",
        "",
        "http://ex/g\nDROP ALL",
    ],
)
def test_graph_that_is_not_one_absolute_iri_is_refused_before_sending(kg, server, graph: str) -> None:
    url, seen = server
    run = kg("push", "--endpoint", url, "--graph", graph)
    assert run.exit_code == 2, run.stdout + run.stderr
    assert "--graph" in run.stderr and "absolute IRI" in run.stderr and run.stderr.count("\n") == 1
    assert seen == [], "something was sent"


def test_echoed_authorization_header_is_not_printed(kg, server, monkeypatch) -> None:
    url, seen = server
    monkeypatch.setattr(Recorder, "auth", True)  # challenge first, so that urllib sends Basic credentials
    monkeypatch.setenv("KG_ENDPOINT_USER", "dba")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "s3cret-pw")
    run = kg("push", "--endpoint", url, "--entailment", "none")
    assert run.exit_code == 1 and len(seen) >= 2, run.stderr
    assert "HTTP 400" in run.stderr
    for secret in ("s3cret-pw", "ZGJhOnMzY3JldC1wdw", "topsecretcookie"):
        assert secret not in run.stderr and secret not in run.stdout


def test_echoed_authorization_header_is_not_printed_by_queries(kg, server, monkeypatch) -> None:
    """urllib sends credentials only after a challenge; a server echoing any header (here a
    bearer-like Authorization another proxy added) still gets nothing printed."""
    from graph.store.http import redact

    monkeypatch.setenv("KG_ENDPOINT_USER", "dba")
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "pw-42")
    text = "error; request: Authorization: Basic ZGJhOnB3LTQy\r\nCookie: a=b; sid=xyz; also pw-42"
    shown = redact(" ".join(text.split()))
    assert "ZGJhOnB3LTQy" not in shown and "pw-42" not in shown and "sid=xyz" not in shown
    url, _ = server
    run = kg("query", "seasons", "--endpoint", url.replace("/update", "/sparql"))
    assert run.exit_code != 0 and "pw-42" not in run.stderr
