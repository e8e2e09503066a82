"""`kg serve`: the graph as a read-only SPARQL 1.1 Protocol endpoint, with a query page.

Queries run in worker processes, each with the graph open, so that a query over its time
limit can be stopped (its worker is killed and replaced): neither engine can cancel a query.
Updates, `SERVICE`, `LOAD` and `FROM` are refused (HTTP 400) by the same read-only guard as
`kg query`, and the protocol's dataset parameters are refused too: one dataset is served.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from typing import Any

#: media type -> kg query format, for SELECT/ASK answers and for graph answers
SOLUTION_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/n-quads": "nquads",
    "application/ld+json": "jsonld",
}
_MEDIA = {fmt: media for media, fmt in reversed([*SOLUTION_TYPES.items(), *GRAPH_TYPES.items()])}
_SHORT = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "turtle", "ttl": "turtle", "nt": "nt"}
_SHORT |= {"ntriples": "nt", "n-triples": "nt", "nquads": "nquads", "jsonld": "jsonld", "json-ld": "jsonld"}
MAX_BODY = 1_000_000


def negotiate(accept: str, kind: str, explicit: str | None = None) -> str:
    """The kg format for an answer of `kind` (select/ask/graph) given an Accept header
    (with q-values) or an explicit `format` parameter; the default is JSON or Turtle."""
    table = GRAPH_TYPES if kind == "graph" else SOLUTION_TYPES
    if explicit:
        fmt = _SHORT.get(explicit.lower()) or table.get(explicit.lower())
        if fmt in table.values():
            return fmt
    offers: list[tuple[float, int, str]] = []
    for i, item in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in item.split(";"))
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        offers.append((-q, i, media.lower()))
    for q, _, media in sorted(offers):
        if q < 0 and media in table:
            return table[media]
    return "turtle" if kind == "graph" else "json"


# --- worker processes --------------------------------------------------------------------------


def _worker(conn: Connection, options: dict[str, Any]) -> None:
    """Open the graph, say so, then answer (query, accept, format, speculation, entailment) jobs."""
    from graph.api import KnowledgeGraph
    from graph.errors import KGError

    try:
        kg = KnowledgeGraph.open(options["graph"], options["data"], options["store"], options["endpoint"])
    except KGError as exc:
        conn.send(("error", str(exc)))
        return
    conn.send(("ready", kg.engine.description))
    from graph.sparql.formats import render
    from graph.sparql.run import QuerySource, run

    while True:
        try:
            text, accept, explicit, with_speculation, entailment = conn.recv()
        except EOFError:
            return
        try:
            result = run(kg, QuerySource(text, "query"), {}, with_speculation=with_speculation, entailment=entailment)
            fmt = negotiate(accept, result.kind, explicit)
            body = render(result, fmt)
            conn.send((200, _MEDIA[fmt] + "; charset=utf-8", body))
        except KGError as exc:
            conn.send((400, "text/plain; charset=utf-8", f"{exc}\n".encode()))
        except Exception as exc:  # an engine failure must not kill the worker silently
            conn.send((500, "text/plain; charset=utf-8", f"query failed: {type(exc).__name__}: {exc}\n".encode()))


class Workers:
    """A few worker processes; a query past the time limit kills its worker for a new one."""

    def __init__(self, options: dict[str, Any], count: int, time_limit: float) -> None:
        self.options = options
        self.time_limit = time_limit
        self.context = multiprocessing.get_context("spawn")
        self.idle: queue.Queue[tuple[Any, Connection]] = queue.Queue()
        self.description = ""
        for _ in range(count):
            self.idle.put(self._start())

    def _start(self) -> tuple[Any, Connection]:
        from graph.errors import KGError

        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker, args=(child, self.options), daemon=True)
        process.start()
        child.close()
        if not parent.poll(300):
            process.kill()
            raise KGError("kg serve: a query worker did not open the graph within 300 s")
        state, detail = parent.recv()
        if state != "ready":
            process.join(5)
            raise KGError(detail)
        self.description = detail
        return process, parent

    def run(self, job: tuple) -> tuple[int, str, bytes]:
        """Run a job on an idle worker within the time limit; 503 if it takes longer."""
        try:
            process, conn = self.idle.get(timeout=self.time_limit)
        except queue.Empty:
            return 503, "text/plain; charset=utf-8", b"server busy: every query worker is taken; try again\n"
        conn.send(job)
        if conn.poll(self.time_limit):
            answer = conn.recv()
            self.idle.put((process, conn))
            return answer
        process.kill()
        process.join(5)
        conn.close()
        threading.Thread(target=lambda: self.idle.put(self._start()), daemon=True).start()
        message = f"query stopped: it ran past the {self.time_limit:g} s time limit (kg serve --timeout)\n"
        return 503, "text/plain; charset=utf-8", message.encode()

    def close(self) -> None:
        while not self.idle.empty():
            process, conn = self.idle.get_nowait()
            conn.close()
            process.kill()


# --- HTTP --------------------------------------------------------------------------------------


def _page() -> bytes:
    from importlib.resources import files

    return files("graph.serve").joinpath("page.html").read_bytes()


class Handler(BaseHTTPRequestHandler):
    """GET/POST /sparql per the SPARQL 1.1 Protocol; GET / is the query page."""

    server_version = "franchise-kg"
    workers: Workers
    quiet = False

    def log_message(self, format: str, *args: Any) -> None:
        if not self.quiet:
            super().log_message(format, *args)

    def _send(self, status: int, ctype: str, body: bytes, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode())

    def do_GET(self) -> None:
        parts = urllib.parse.urlsplit(self.path)
        fields = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        if _workbench_hook(self, parts):  # WORKBENCH HOOK (web helper): drop with the hook below
            return
        if parts.path in ("/", "/index.html") and "query" not in fields:
            csp = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'"
            self._send(200, "text/html; charset=utf-8", _page(), {"Content-Security-Policy": csp})
            return
        if parts.path not in ("/", "/sparql"):
            self._error(404, f"not found: {parts.path}; the SPARQL endpoint is /sparql")
            return
        self._answer(fields)

    do_HEAD = do_GET

    def do_POST(self) -> None:
        parts = urllib.parse.urlsplit(self.path)
        if parts.path not in ("/", "/sparql"):
            self._error(404, f"not found: {parts.path}; the SPARQL endpoint is /sparql")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self._error(400, "bad Content-Length: give the body's size in bytes")
            return
        if length > MAX_BODY:
            self._error(413, f"request too large: at most {MAX_BODY} bytes")
            return
        body = self.rfile.read(length)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        fields = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        if ctype == "application/x-www-form-urlencoded":
            for key, values in urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                fields.setdefault(key, []).extend(values)
        elif ctype == "application/sparql-query":
            fields["query"] = [body.decode("utf-8", "replace")]
        elif ctype == "application/sparql-update":
            fields["update"] = [""]
        else:
            self._error(415, "send the query form-encoded or as application/sparql-query")
            return
        self._answer(fields)

    def _answer(self, fields: dict[str, list[str]]) -> None:
        if "update" in fields:
            self._error(400, "refused: this endpoint is read-only; SPARQL Update is not accepted")
            return
        if "default-graph-uri" in fields or "named-graph-uri" in fields:
            self._error(400, "refused: default-graph-uri/named-graph-uri are not supported; one dataset is served")
            return
        queries = fields.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._error(400, "give exactly one query parameter with the SPARQL query text")
            return
        explicit = (fields.get("format") or fields.get("output") or [None])[0]
        job = (
            queries[0],
            self.headers.get("Accept") or "",
            explicit,
            (fields.get("with-speculation") or ["false"])[0].lower() in ("true", "1", "yes"),
            (fields.get("entailment") or ["none"])[0],
        )
        self._send(*self.workers.run(job))


# --- WORKBENCH HOOK (web helper): serves the workbench's pages, /static, /api and /queries ------
# Development stand-in only, so the workbench can be built and tested before serve's new server
# lands; the lead drops this block (and its one call in do_GET) when merging that server.
_STATIC = __import__("pathlib").Path(__file__).resolve().parent / "static"
_STATIC_TYPES = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".css": "text/css",
    ".txt": "text/plain",
    ".svg": "image/svg+xml",
}
_HOOK_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_HOOK_KG: list[Any] = []
_HOOK_LOCK = threading.Lock()


def _workbench_hook(handler: Handler, parts: urllib.parse.SplitResult) -> bool:
    import json

    from graph.errors import KGError, UsageError

    path = urllib.parse.unquote(parts.path)
    fields = {k: v[-1] for k, v in urllib.parse.parse_qs(parts.query, keep_blank_values=True).items()}
    if (path == "/" and "query" not in fields) or path == "/explore" or path.startswith("/entity/"):
        body = (_STATIC / "index.html").read_bytes()
        handler._send(200, "text/html; charset=utf-8", body, {"Content-Security-Policy": _HOOK_CSP})
        return True
    if path.startswith("/static/"):
        target = (_STATIC / path[len("/static/") :]).resolve()
        if not target.is_relative_to(_STATIC) or not target.is_file() or target.suffix not in _STATIC_TYPES:
            handler._error(404, f"not found: {path}")
        else:
            handler._send(200, _STATIC_TYPES[target.suffix] + "; charset=utf-8", target.read_bytes())
        return True
    if not (path.startswith("/api/") or path == "/queries" or path.startswith("/queries/")):
        return False
    with _HOOK_LOCK:
        if not _HOOK_KG:
            from graph.api import KnowledgeGraph

            o = handler.workers.options
            _HOOK_KG.append(KnowledgeGraph.open(o["graph"], o["data"], o["store"], o["endpoint"]))
    kg = _HOOK_KG[0]
    from graph.serve.api import ROUTES

    try:
        if path.startswith("/queries/"):
            from graph.serve.api.catalog import NAME
            from graph.sparql.formats import render

            if not NAME.fullmatch(path[len("/queries/") :]) or path.endswith(".rq"):
                raise UsageError(f"no named query {path[len('/queries/') :][:80]!r}; GET /queries lists them")

            flags = {"format", "with-speculation", "entailment"}
            values = {k: v for k, v in fields.items() if k not in flags}
            result = kg.query(
                path[len("/queries/") :],
                values,
                with_speculation=fields.get("with-speculation") == "true",
                entailment=fields.get("entailment", "none"),
            )
            fmt = negotiate(handler.headers.get("Accept") or "", result.kind, fields.get("format"))
            handler._send(200, _MEDIA[fmt] + "; charset=utf-8", render(result, fmt))
            return True
        name = "queries" if path == "/queries" else path[len("/api/") :]
        if name not in ROUTES:
            raise KeyError(name)
        body = json.dumps(ROUTES[name](kg, fields if name != "queries" else {})).encode()
        handler._send(200, "application/json", body)
    except KeyError as exc:
        handler._send(404, "application/json", json.dumps({"error": f"no API route {exc}"}).encode())
    except KGError as exc:
        status = 404 if path.startswith("/queries/") and not isinstance(exc, UsageError) else 400
        handler._send(status, "application/json", json.dumps({"error": str(exc)}).encode())
    return True


# --- END OF WORKBENCH HOOK ------------------------------------------------------------------------


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def serve(
    host: str, port: int, options: dict[str, Any], *, time_limit: float = 30, workers: int = 2, quiet: bool = False
) -> None:
    """Open the graph in the workers, then serve until interrupted (prints where, first)."""
    pool = Workers(options, workers, time_limit)
    handler = type("KGHandler", (Handler,), {"workers": pool, "quiet": quiet})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        pool.close()
        from graph.errors import KGError

        raise KGError(f"kg serve: cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    server.daemon_threads = True
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.server_address[1]}"
    print(f"Serving {url}/ (query page) and {url}/sparql (SPARQL endpoint)", flush=True)
    print(f"Store: {pool.description}; time limit {time_limit:g} s per query. Ctrl-C stops.", flush=True)
    if host not in ("127.0.0.1", "::1", "localhost"):
        print(f"Warning: listening on {host}, not only on this machine", file=sys.stderr, flush=True)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        pool.close()
