"""The workbench's files are fetched once: the page names each by its fingerprint (cached for a
year), every file has a validator (ETag, Last-Modified, 304), and text is gzipped when the
client accepts it. Over HTTP on loopback, against `kg serve`."""

from __future__ import annotations

import gzip
import hashlib
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.serve.assets import STATIC, Assets, accepts_gzip
from graph.serve.http import Request
from tests.serving import Served, serving


@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    with serving() as served:
        yield served


def references(page: bytes) -> dict[str, str]:
    return dict(re.findall(r'(?:href|src)="/static/([^"?]+)\?v=([0-9a-f]+)"', page.decode()))


def test_the_page_names_every_file_by_its_fingerprint_and_those_are_kept_for_a_year(server: Served) -> None:
    status, headers, page = server.request("GET", "/")
    assert status == 200 and headers["cache-control"] == "no-cache"  # the page: asked again each time
    named = references(page)
    assert len(named) == len(re.findall(rb'(?:href|src)="/static/', page)) >= 10  # every one of them
    for path, fingerprint in named.items():
        assert hashlib.sha256((STATIC / path).read_bytes()).hexdigest().startswith(fingerprint), path
        status, headers, body = server.request("GET", f"/static/{path}?v={fingerprint}")
        assert status == 200 and body == (STATIC / path).read_bytes()
        assert headers["cache-control"] == "public, max-age=31536000, immutable"
    # an address without the fingerprint, or with an old one, must be checked again
    for target in ("/static/js/query.js", "/static/js/query.js?v=000000000000"):
        assert server.request("GET", target)[1]["cache-control"] == "no-cache"


def test_a_copy_the_client_has_is_not_sent_again(server: Served) -> None:
    status, headers, body = server.request("GET", "/static/workbench.css")
    etag, modified = headers["etag"], headers["last-modified"]
    assert status == 200 and etag.startswith('"') and body
    for asked in ({"If-None-Match": etag}, {"If-None-Match": f'"other", {etag}'}, {"If-Modified-Since": modified}):
        status, headers, body = server.request("GET", "/static/workbench.css", headers=asked)
        assert (status, body) == (304, b""), asked
        assert headers["etag"] == etag and "content-length" not in headers
    assert server.request("GET", "/static/workbench.css", headers={"If-None-Match": '"other"'})[0] == 200
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert server.request("GET", "/static/workbench.css", headers={"If-Modified-Since": old})[0] == 200
    # the page too: reloading it costs a 304
    page_etag = server.request("GET", "/")[1]["etag"]
    assert server.request("GET", "/explore", headers={"If-None-Match": page_etag})[0] == 304


def test_a_304_on_a_kept_alive_connection_has_no_body_to_misread(server: Served) -> None:
    etag = server.request("GET", "/static/js/util.js")[1]["etag"]
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        host = f"{server.host}:{server.port}"
        sock.sendall(
            f"GET /static/js/util.js HTTP/1.1\r\nHost: {host}\r\nIf-None-Match: {etag}\r\n\r\n"
            f"GET /static/js/util.js HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
        )
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    first, second = data.split(b"HTTP/1.1 ")[1:]
    assert first.startswith(b"304 ") and first.endswith(b"\r\n\r\n")
    assert second.startswith(b"200 ") and second.endswith((STATIC / "js/util.js").read_bytes())


def test_text_is_gzipped_when_the_client_accepts_it(server: Served) -> None:
    path = "/static/vendor/vis-network/vis-network.min.js"
    plain = (STATIC / path.removeprefix("/static/")).read_bytes()
    status, headers, body = server.request("GET", path, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200 and headers["content-encoding"] == "gzip" and headers["vary"] == "Accept-Encoding"
    assert gzip.decompress(body) == plain and len(body) < len(plain) / 3
    identity_etag = server.request("GET", path)[1]["etag"]
    assert headers["etag"] != identity_etag  # each variant its own validator
    for refused in ({}, {"Accept-Encoding": "gzip;q=0"}, {"Accept-Encoding": "br"}, {"Accept-Encoding": "*;q=0"}):
        status, headers, body = server.request("GET", path, headers=refused)
        assert "content-encoding" not in headers and body == plain, refused
    assert server.request("GET", path, headers={"Accept-Encoding": "gzip", "If-None-Match": identity_etag})[0] == 200
    # a small file is not worth it
    small = server.request("GET", "/static/js/main.js", headers={"Accept-Encoding": "gzip"})[1]
    assert (STATIC / "js/main.js").stat().st_size >= 1024 or "content-encoding" not in small


@pytest.mark.parametrize(
    ("header", "accepted"),
    [("gzip", True), ("GZIP;q=0.5", True), ("x-gzip", True), ("*", True), ("gzip;q=0", False), ("*;q=0", False),
     ("br, *;q=0.1", True), ("br", False), ("", False), ("gzip;q=zero", False)],
)  # fmt: skip
def test_accept_encoding_is_read_with_its_q_values(header: str, accepted: bool) -> None:
    assert accepts_gzip({"accept-encoding": header}) is accepted


def test_an_edited_file_gets_a_new_fingerprint_in_the_page(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<script src="/static/app.js"></script>', encoding="utf-8")
    script = tmp_path / "app.js"
    script.write_text("one();", encoding="utf-8")
    assets = Assets(tmp_path)
    request = Request("GET", "/", "HTTP/1.1", {})
    first = assets.answer("index.html", request, page=True)
    script.write_text("two(); // longer", encoding="utf-8")
    second = assets.answer("index.html", request, page=True)
    assert first is not None and second is not None
    old, new = references(first.body)["app.js"], references(second.body)["app.js"]
    assert old != new and hashlib.sha256(b"two(); // longer").hexdigest().startswith(new)
    asset = assets.get("app.js")
    assert asset is not None and asset.body == b"two(); // longer"
