"""What `kg serve` answers on each path: the SPARQL endpoint, the named queries as a REST API,
the workbench's page, static files and JSON functions; and the checks every request passes
first (the Host header and its port, against DNS rebinding; without --cors, no request from
another web site; methods).

Anything that reads the graph runs in a worker thread under the query time limit; a request
past it gets 503 and the process is replaced (no engine can cancel a query).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Executor
from typing import TYPE_CHECKING

from graph.errors import KGError, UsageError
from graph.serve.http import Request, Response

if TYPE_CHECKING:
    from graph.locate import GraphLocation
    from graph.serve.live import Loaded

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
PAGES = ("/", "/index.html", "/explore")
READ = "GET, HEAD, OPTIONS"
ENDPOINT = "GET, HEAD, POST, OPTIONS"
_HOST = re.compile(r"^(?P<name>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(?P<port>[0-9]{1,5}))?$")
_QUERY_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
#: parameters of /queries/NAME that are options, not the query's own parameters
_OPTIONS = {"format", "output", "with-speculation", "entailment", "default-graph-uri", "named-graph-uri"}
WILDCARDS = ("0.0.0.0", "::", "")
#: a request that took less than this (seconds) on the current graph runs on the loop next time
QUICK = 0.002
QUICK_ENTRIES = 1024


class Config:
    """The choices made on the command line that shape every answer.

    `allowed_hosts` holds the names the Host header may give (the listening address, the
    loopback names, each `--allow-host`), `allowed_ports` the ports `--allow-host NAME:PORT`
    adds for a name; `port` is the one the server listens on (None: not checked)."""

    __slots__ = ("allowed_hosts", "allowed_ports", "any_ip", "cors", "listen_host", "port", "time_limit")

    def __init__(
        self,
        listen_host: str,
        *,
        port: int | None = None,
        allow_hosts: tuple[str, ...] = (),
        cors: bool = False,
        time_limit: float = 30.0,
    ) -> None:
        self.listen_host = listen_host
        self.port = port
        names = {listen_host.lower(), "localhost", "127.0.0.1", "[::1]"}
        self.allowed_ports: dict[str, set[int]] = {}
        for given in allow_hosts:
            match = _HOST.match(given.strip()) if given.strip() != "*" else None
            if match and match.group("port"):
                self.allowed_ports.setdefault(match.group("name").lower(), set()).add(int(match.group("port")))
            else:
                names.add(given.strip().lower())
        if ":" in listen_host:
            names.add(f"[{listen_host.lower()}]")
        self.allowed_hosts = names
        self.any_ip = listen_host in WILDCARDS
        self.cors = cors
        self.time_limit = time_limit


def host_allowed(header: str | None, config: Config) -> bool:
    """True if the Host header names this server (not a name an attacker's DNS points here) on
    the port it listens on (or one `--allow-host NAME:PORT` gives); no port means the default."""
    if header is None:
        return True  # HTTP/1.0 clients may omit it; HTTP/1.1 without Host is refused earlier
    match = _HOST.match(header.strip())
    if not match:
        return False
    name = match.group("name").lower()
    name = name[:-1] if name.endswith(".") else name  # one trailing dot: the same name, fully qualified
    if not name or ".." in name or name.startswith("."):
        return False
    port = int(match.group("port")) if match.group("port") else None
    if "*" in config.allowed_hosts:
        return True
    if port is not None and port in config.allowed_ports.get(name, ()):
        return True
    if port is not None and config.port is not None and port != config.port:
        return False
    if name in config.allowed_hosts or name.endswith(".localhost"):
        return True
    if config.any_ip:
        import ipaddress

        try:
            ipaddress.ip_address(name.strip("[]"))
            return True
        except ValueError:
            return False
    return False


def _authority(value: str) -> str:
    """A host and port as compared with an Origin's: lower case, without a default port (a
    browser writes `http://localhost`, not `http://localhost:80`; a TLS proxy's Host has none)."""
    value = value.strip().lower()
    for default in (":80", ":443"):
        if value.endswith(default):
            return value[: -len(default)]
    return value


def same_origin(request: Request) -> bool:
    """Whether a request may come from where it comes from, when CORS is off: a browser says so
    (`Origin` names this server, `Sec-Fetch-Site` is same-origin or none); a client that says
    nothing (curl, SPARQLWrapper) is not a web page. A top-level navigation to a page is allowed
    from anywhere (a link to an entity page); a page on another origin (even another port of
    the same host, `same-site`) may not send requests: their timing would read the graph
    across origins, and slow ones would keep the server busy."""
    headers = request.headers
    site = headers.get("sec-fetch-site")
    if site is not None and site.strip().lower() not in ("same-origin", "none"):
        navigation = headers.get("sec-fetch-mode", "").lower() == "navigate" and headers.get(
            "sec-fetch-dest", "document"
        ).lower() in ("document", "")
        if not (navigation and request.method in ("GET", "HEAD") and _is_page(request.path)):
            return False
    origin = headers.get("origin")
    if origin is None:
        return True
    scheme, sep, rest = origin.strip().partition("://")  # `null` (a sandbox, a file) is no origin of ours
    if not sep or scheme.lower() not in ("http", "https") or not _HOST.match(rest):
        return False
    return _authority(rest) == _authority(headers.get("host") or "")


def _is_page(path: str) -> bool:
    return path in PAGES or path.startswith("/entity/")


class App:
    """Route requests; the graph comes from `current()` (live: it may be swapped between requests)."""

    def __init__(
        self,
        current: Callable[[], Loaded],
        config: Config,
        pool: Executor,
        on_timeout: Callable[[], None],
        statistics: Callable[[Loaded], dict[str, object]],
    ) -> None:
        from graph.serve.assets import Assets
        from graph.serve.prepared import PreparedCache

        self.current, self.config, self.pool = current, config, pool
        self.on_timeout, self.statistics = on_timeout, statistics
        self.extra = [("Access-Control-Allow-Origin", "*")] if config.cors else []
        self.prepared = PreparedCache()
        self.assets = Assets()
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
                "Host header not allowed: this server answers only to the names and the port it listens on "
                "(kg serve --allow-host)",
            )
        if not self.config.cors and request.method != "OPTIONS" and not same_origin(request):
            return Response.text(
                403,
                "refused: a request from another web site (Origin or Sec-Fetch-Site); "
                "kg serve --cors lets other sites query this endpoint",
                [("Vary", "Origin")],
            )
        path = request.path
        if path in ("/sparql", "/sparql/"):
            return await self._endpoint(request)
        allowed = READ
        if not (_is_page(path) or path.startswith(("/static/", "/api/", "/queries")) or path == "/void"):
            return Response.text(404, f"not found: {_one_line(path[:100])}; the SPARQL endpoint is /sparql")
        if request.method == "OPTIONS":
            return self._options(allowed)
        if request.method not in ("GET", "HEAD"):
            return Response.text(405, f"method {request.method[:20]} not allowed here", [("Allow", allowed)])
        if _is_page(path):
            return self._static("index.html", request, page=True)
        if path.startswith("/static/"):
            return self._static(path[len("/static/") :], request)
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

    async def _blocking(self, work: Callable[[Loaded], Response], key: object = None) -> Response:
        """Run `work(loaded)` in a thread; errors become one-line 4xx answers (paths in them said
        relative to the graph folder), a hang becomes 503.

        A request identical to one that took under QUICK seconds on this same graph runs on
        the loop instead: the engine is deterministic on unchanged data, so it cannot hang,
        and two thread hand-offs cost more than such a query (a lookup).
        """
        loaded = self.current()
        quick_key = (id(loaded), key) if key is not None else None

        def call() -> Response:
            start = time.perf_counter()
            try:
                response = work(loaded)
            except KGError as exc:
                response = Response.text(400, _one_line(relative_paths(str(exc), loaded.location)))
            except Exception as exc:  # an engine failure answers 500, the worker goes on
                message = relative_paths(f"query failed: {type(exc).__name__}: {exc}", loaded.location)
                response = Response.text(500, _one_line(message))
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
            lambda loaded: protocol.answer(loaded.engine, self.prepared, queries[0], fields, accept, base), key
        )

    async def _description(self, request: Request, fields: dict[str, list[str]]) -> Response:
        from graph.serve import description, protocol
        from graph.sparql.formats import negotiate, serialize_rdf

        explicit = protocol.one(fields, "format")
        endpoint = self._base(request)

        def work(loaded: Loaded) -> Response:
            fmt = negotiate(request.headers.get("accept", ""), "graph", explicit)
            triples = description.description(endpoint, self.statistics(loaded))
            body = serialize_rdf(triples, fmt.name, description.PREFIXES)
            return Response(200, body, [("Content-Type", fmt.media + "; charset=utf-8"), ("Vary", "Accept")])

        return await self._blocking(work)

    async def _queries(self, request: Request, path: str) -> Response:
        from urllib.parse import parse_qsl

        from graph.serve import protocol
        from graph.serve.api import ROUTES

        fields: dict[str, list[str]] = {}
        try:
            for key, value in parse_qsl(request.query, keep_blank_values=True, errors="strict"):
                fields.setdefault(key, []).append(value)
        except (UnicodeDecodeError, ValueError):
            return Response.text(400, "the query string is not valid UTF-8 percent-encoding")
        if path in ("/queries", "/queries/"):
            return await self._blocking(
                lambda loaded: _json(200, ROUTES["queries"](loaded.engine, loaded.location, {}))
            )
        name = path[len("/queries/") :]
        if not _QUERY_NAME.match(name):
            return Response.text(404, f"no named query {name[:60]!r}")
        values = {k: v[-1] for k, v in fields.items() if k not in _OPTIONS}
        accept, base = request.headers.get("accept", ""), self._base(request)

        def work(loaded: Loaded) -> Response:
            from graph.sparql.catalog import read_query

            file = loaded.location.queries_dir / f"{name}.rq"
            if not file.is_file():
                return Response.text(404, f"no named query {name!r}; GET /queries lists them")
            named = read_query(file)
            return protocol.answer(loaded.engine, self.prepared, named.text, fields, accept, base, named, values)

        return await self._blocking(work)

    async def _api(self, request: Request, name: str) -> Response:
        from urllib.parse import parse_qsl

        from graph.serve.api import ROUTES

        if name not in ROUTES:
            return _json(404, {"error": f"no such API function: {name[:60]}"})
        try:
            params = dict(parse_qsl(request.query, keep_blank_values=True, errors="strict"))
        except (UnicodeDecodeError, ValueError):
            return _json(400, {"error": "the query string is not valid UTF-8 percent-encoding"})

        def work(loaded: Loaded) -> Response:
            try:
                return _json(200, ROUTES[name](loaded.engine, loaded.location, params))
            except KGError as exc:
                return _json(400, {"error": _one_line(relative_paths(str(exc), loaded.location))})

        return await self._blocking(work)

    # --- files ---------------------------------------------------------------------------------

    def _static(self, relative: str, request: Request, *, page: bool = False) -> Response:
        answer = self.assets.answer(relative, request, page=page)
        if answer is None:
            return Response.text(404, f"not found: /static/{_one_line(relative[:100])}")
        return answer


def relative_paths(message: str, location: GraphLocation) -> str:
    """A message with the graph folder's absolute path said relative to it (`queries/x.rq`, not
    `/home/…/queries/x.rq`): an HTTP client learns nothing about where the working copy lives."""
    roots = {str(location.root)}
    with contextlib.suppress(OSError):
        roots.add(str(location.root.resolve()))
    for root in sorted(roots, key=len, reverse=True):
        if root and root != os.sep:
            message = message.replace(root + os.sep, "").replace(root, ".")
    return message


def _json(status: int, data: object) -> Response:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return Response(status, body, [("Content-Type", "application/json; charset=utf-8")])


def _one_line(text: str) -> str:
    """A message as one printable line (no raw control characters reach a client's terminal)."""
    from graph.terminal import printable

    return printable(" ".join(text.split()))[:1000]


__all__ = ["App", "Config", "UsageError", "host_allowed", "same_origin"]
