"""What `kg serve` answers on each path: the SPARQL endpoint, the named queries as a REST API,
the workbench's page, static files and JSON functions; and the checks every request passes
first (Host header against DNS rebinding, methods, CORS).

Anything that reads the graph runs in a worker thread under the query time limit; a request
past it gets 503 and the process is replaced (no engine can cancel a query).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import stat
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import KGError, UsageError
from graph.serve.http import Request, Response

if TYPE_CHECKING:
    from graph.api import KnowledgeGraph

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
]
STATIC = Path(__file__).resolve().parent / "static"
STATIC_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
    ".map": "application/json",
}
#: Shown at / until the workbench's own page exists: a form, no script, no style.
PLACEHOLDER = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>franchise-kg SPARQL endpoint</title></head>
<body><h1>franchise-kg</h1>
<form action="/sparql" method="get">
<p><label for="query">SPARQL query (read-only)</label></p>
<p><textarea id="query" name="query" rows="12" cols="80">SELECT ?name WHERE { ?p a kgo:Person ; schema:name ?name } ORDER BY ?name</textarea></p>
<p><label for="format">Format</label> <select id="format" name="format">
<option>json</option><option>xml</option><option>csv</option><option>tsv</option></select>
<button type="submit">Run</button></p></form>
<p><a href="/sparql">Service description</a> &middot; <a href="/queries">Named queries</a></p>
</body></html>
"""
PAGES = ("/", "/index.html", "/explore")
READ = "GET, HEAD, OPTIONS"
ENDPOINT = "GET, HEAD, POST, OPTIONS"
_HOST = re.compile(r"^(?P<name>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$")
_QUERY_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
#: parameters of /queries/NAME that are options, not the query's own parameters
_OPTIONS = {"format", "output", "with-speculation", "entailment", "default-graph-uri", "named-graph-uri"}
WILDCARDS = ("0.0.0.0", "::", "")
#: a request that took less than this (seconds) on the current graph runs on the loop next time
QUICK = 0.002
QUICK_ENTRIES = 1024


class Config:
    """The choices made on the command line that shape every answer."""

    __slots__ = ("allowed_hosts", "any_ip", "cors", "listen_host", "time_limit")

    def __init__(
        self, listen_host: str, *, allow_hosts: tuple[str, ...] = (), cors: bool = False, time_limit: float = 30.0
    ) -> None:
        self.listen_host = listen_host
        names = {listen_host.lower(), "localhost", "127.0.0.1", "[::1]", *(h.lower() for h in allow_hosts)}
        if ":" in listen_host:
            names.add(f"[{listen_host.lower()}]")
        self.allowed_hosts = names
        self.any_ip = listen_host in WILDCARDS
        self.cors = cors
        self.time_limit = time_limit


def host_allowed(header: str | None, config: Config) -> bool:
    """True if the Host header names this server (not a name an attacker's DNS points here)."""
    if header is None:
        return True  # HTTP/1.0 clients may omit it; HTTP/1.1 without Host is refused earlier
    match = _HOST.match(header.strip())
    if not match:
        return False
    name = match.group("name").lower().rstrip(".")
    if "*" in config.allowed_hosts or name in config.allowed_hosts or name.endswith(".localhost"):
        return True
    if config.any_ip:
        import ipaddress

        try:
            ipaddress.ip_address(name.strip("[]"))
            return True
        except ValueError:
            return False
    return False


class App:
    """Route requests; the graph comes from `current()` (live: it may be swapped between requests)."""

    def __init__(
        self,
        current: Callable[[], KnowledgeGraph],
        config: Config,
        pool: Executor,
        on_timeout: Callable[[], None],
        statistics: Callable[[KnowledgeGraph], dict[str, object]],
    ) -> None:
        self.current, self.config, self.pool = current, config, pool
        self.on_timeout, self.statistics = on_timeout, statistics
        self.extra = [("Access-Control-Allow-Origin", "*")] if config.cors else []
        from graph.serve.prepared import CallCache

        self.calls = CallCache()
        self.quick: OrderedDict[object, None] = OrderedDict()
        self.parsed: OrderedDict[object, dict[str, list[str]]] = OrderedDict()

    async def handle(self, request: Request) -> Response:
        response = await self._route(request)
        response.headers += self.extra
        return response

    async def _route(self, request: Request) -> Response:
        if request.version == "HTTP/1.1" and "host" not in request.headers:
            return Response.text(400, "HTTP/1.1 requests must carry a Host header")
        if not host_allowed(request.headers.get("host"), self.config):
            return Response.text(
                403,
                "Host header not allowed: this server answers only to the names it listens on (kg serve --allow-host)",
            )
        path = request.path
        if path in ("/sparql", "/sparql/"):
            return await self._endpoint(request)
        allowed = READ
        if not (path in PAGES or path.startswith(("/entity/", "/static/", "/api/", "/queries")) or path == "/void"):
            return Response.text(404, f"not found: {_one_line(path[:100])}; the SPARQL endpoint is /sparql")
        if request.method == "OPTIONS":
            return self._options(allowed)
        if request.method not in ("GET", "HEAD"):
            return Response.text(405, f"method {request.method[:20]} not allowed here", [("Allow", allowed)])
        if path in PAGES or path.startswith("/entity/"):
            return self._index()
        if path.startswith("/static/"):
            return self._static(path[len("/static/") :])
        if path == "/void":
            return await self._description(request, {})
        if path.startswith("/api/"):
            return await self._api(request, path[len("/api/") :])
        return await self._queries(request, path)

    def _options(self, allowed: str) -> Response:
        headers = [("Allow", allowed)]
        if self.config.cors:
            headers += [
                ("Access-Control-Allow-Methods", allowed),
                ("Access-Control-Allow-Headers", "Accept, Content-Type"),
                ("Access-Control-Max-Age", "600"),
            ]
        return Response(204, b"", headers)

    # --- the graph, under the time limit -----------------------------------------------------

    async def _blocking(self, work: Callable[[KnowledgeGraph], Response], key: object = None) -> Response:
        """Run `work(kg)` in a thread; errors become one-line 4xx answers, a hang becomes 503.

        A request identical to one that took under QUICK seconds on this same graph runs on
        the loop instead: the engine is deterministic on unchanged data, so it cannot hang,
        and two thread hand-offs cost more than such a query (a lookup).
        """
        kg = self.current()
        quick_key = (id(kg), key) if key is not None else None

        def call() -> Response:
            start = time.perf_counter()
            try:
                response = work(kg)
            except KGError as exc:
                response = Response.text(400, _one_line(str(exc)))
            except Exception as exc:  # an engine failure answers 500, the worker goes on
                response = Response.text(500, _one_line(f"query failed: {type(exc).__name__}: {exc}"))
            if quick_key is not None and time.perf_counter() - start < QUICK:
                self.quick[quick_key] = None
                while len(self.quick) > QUICK_ENTRIES:
                    self.quick.popitem(last=False)
            return response

        if quick_key is not None and quick_key in self.quick:
            return call()
        future = asyncio.get_running_loop().run_in_executor(self.pool, call)
        try:
            return await asyncio.wait_for(future, self.config.time_limit)
        except TimeoutError:
            self.on_timeout()
            message = f"query stopped: it ran past the {self.config.time_limit:g} s time limit (kg serve --timeout)"
            return Response(503, (message + "\n").encode(), [("Content-Type", "text/plain; charset=utf-8")], close=True)

    def _base(self, request: Request) -> str:
        host = request.headers.get("host") or self.config.listen_host
        return f"http://{host}/sparql"

    async def _endpoint(self, request: Request) -> Response:
        from graph.serve import protocol

        if request.method == "OPTIONS":
            return self._options(ENDPOINT)
        if request.method not in ("GET", "HEAD", "POST"):
            return Response.text(
                405, f"method {request.method[:20]} not allowed: use GET or POST", [("Allow", ENDPOINT)]
            )
        parse_key = (request.method, request.target, request.body, request.headers.get("content-type"))
        fields = self.parsed.get(parse_key) if len(request.body) <= 16_384 else None
        if fields is None:
            try:
                parsed = protocol.fields_of(request)
            except (UnicodeDecodeError, ValueError):
                return Response.text(400, "the query string is not valid UTF-8 percent-encoding")
            if isinstance(parsed, Response):
                return parsed
            fields = parsed
            if len(request.body) <= 16_384:  # parsing a query string costs as much as a lookup
                self.parsed[parse_key] = fields
                while len(self.parsed) > QUICK_ENTRIES:
                    self.parsed.popitem(last=False)
        if "update" in fields:
            return Response.text(403, "refused: this endpoint is read-only; SPARQL Update is not accepted")
        queries = fields.get("query")
        if queries is None:
            if request.method == "POST":
                return Response.text(400, "give the query in a query parameter or as application/sparql-query")
            return await self._description(request, fields)
        if len(queries) != 1 or not queries[0].strip():
            return Response.text(400, "give exactly one query (one query parameter with the SPARQL text)")
        accept, base = request.headers.get("accept", ""), self._base(request)
        key = (request.method, request.target, request.body, accept, request.headers.get("content-type"), base)
        return await self._blocking(
            lambda kg: protocol.answer(kg, queries[0], fields, accept, base, calls=self.calls), key
        )

    async def _description(self, request: Request, fields: dict[str, list[str]]) -> Response:
        from graph.serve import description, protocol

        explicit = protocol.one(fields, "format")
        endpoint = self._base(request)

        def work(kg: KnowledgeGraph) -> Response:
            fmt = protocol.negotiate(request.headers.get("accept", ""), "graph", explicit)
            triples = description.description(endpoint, self.statistics(kg))
            import pyoxigraph as ox

            body = ox.serialize(triples, format=protocol._RDF_FORMATS[fmt], prefixes=description.PREFIXES) or b""
            return Response(200, body, [("Content-Type", protocol.MEDIA[fmt] + "; charset=utf-8"), ("Vary", "Accept")])

        return await self._blocking(work)

    async def _queries(self, request: Request, path: str) -> Response:
        from urllib.parse import parse_qsl

        from graph.serve import protocol

        fields: dict[str, list[str]] = {}
        try:
            for key, value in parse_qsl(request.query, keep_blank_values=True, errors="strict"):
                fields.setdefault(key, []).append(value)
        except (UnicodeDecodeError, ValueError):
            return Response.text(400, "the query string is not valid UTF-8 percent-encoding")
        if path in ("/queries", "/queries/"):
            return await self._blocking(lambda kg: _json(200, _list_queries(kg)))
        name = path[len("/queries/") :]
        if not _QUERY_NAME.match(name):
            return Response.text(404, f"no named query {name[:60]!r}")
        values = {k: v[-1] for k, v in fields.items() if k not in _OPTIONS}
        accept, base = request.headers.get("accept", ""), self._base(request)

        def work(kg: KnowledgeGraph) -> Response:
            from graph.sparql.catalog import read_query

            file = kg.location.queries_dir / f"{name}.rq"
            if not file.is_file():
                return Response.text(404, f"no named query {name!r}; GET /queries lists them")
            named = read_query(file)
            return protocol.answer(kg, named.text, fields, accept, base, named, values, calls=self.calls)

        return await self._blocking(work)

    async def _api(self, request: Request, name: str) -> Response:
        from urllib.parse import parse_qsl

        routes = _routes()
        if name not in routes:
            return _json(404, {"error": f"no such API function: {name[:60]}"})
        try:
            params = dict(parse_qsl(request.query, keep_blank_values=True, errors="strict"))
        except (UnicodeDecodeError, ValueError):
            return _json(400, {"error": "the query string is not valid UTF-8 percent-encoding"})

        def work(kg: KnowledgeGraph) -> Response:
            try:
                return _json(200, routes[name](kg, params))
            except KGError as exc:
                return _json(400, {"error": _one_line(str(exc))})

        return await self._blocking(work)

    # --- files ---------------------------------------------------------------------------------

    def _index(self) -> Response:
        page = _static_file("index.html")
        body = page if page is not None else PLACEHOLDER
        return Response(200, body, [("Content-Type", "text/html; charset=utf-8")])

    def _static(self, relative: str) -> Response:
        body = _static_file(relative)
        if body is None:
            return Response.text(404, f"not found: /static/{_one_line(relative[:100])}")
        ctype = STATIC_TYPES.get(os.path.splitext(relative)[1].lower(), "application/octet-stream")
        return Response(200, body, [("Content-Type", ctype), ("Cache-Control", "no-cache")])


def _static_file(relative: str) -> bytes | None:
    """A regular file under static/, never through a symlink or outside the folder."""
    parts = relative.split("/")
    if not relative or any(p in ("", ".", "..") or p.startswith(".") or "\\" in p or "\0" in p for p in parts):
        return None
    path = STATIC
    for part in parts:
        path = path / part
        try:
            info = os.lstat(path)
        except OSError:
            return None
        if stat.S_ISLNK(info.st_mode):
            return None
    if not stat.S_ISREG(info.st_mode):
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def _routes() -> dict[str, Callable[..., Any]]:
    """The workbench's JSON functions (graph.serve.api.ROUTES), or none while it is absent."""
    try:
        from graph.serve.api import ROUTES
    except ImportError:
        return {}
    return ROUTES


def _list_queries(kg: KnowledgeGraph) -> object:
    routes = _routes()
    if "queries" in routes:
        return routes["queries"](kg, {})
    from graph.sparql.catalog import list_queries

    out = []
    for q in list_queries(kg.location.queries_dir):
        params = [
            {"name": p.name, "type": p.datatype or p.kind, "required": p.required, "default": q.defaults.get(p.name)}
            for p in q.parameters
        ]
        out.append(
            {"name": q.name, "summary": q.summary, "description": q.description, "tags": q.tags, "parameters": params}
        )
    return out


def _json(status: int, data: object) -> Response:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return Response(status, body, [("Content-Type", "application/json; charset=utf-8")])


def _one_line(text: str) -> str:
    """A message as one printable line (no raw control characters reach a client's terminal)."""
    from graph.terminal import printable

    return printable(" ".join(text.split()))[:1000]


__all__ = ["App", "Config", "UsageError", "host_allowed"]
