"""A small HTTP/1.1 server on asyncio: keep-alive, `TCP_NODELAY`, and deadlines for slow clients.

Hand-written rather than `http.server` (HTTP/1.0 by default, a thread per connection, no
header or body deadline) or a framework (a dependency and start-up time for what is one
protocol loop): a connection costs a few objects, a slow client holds no thread, and every
byte a client may send is capped. Requests on one connection are answered in order.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Awaitable, Callable
from urllib.parse import unquote

REASONS = {
    200: "OK",
    204: "No Content",
    304: "Not Modified",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    408: "Request Timeout",
    411: "Length Required",
    413: "Content Too Large",
    414: "URI Too Long",
    415: "Unsupported Media Type",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
    501: "Not Implemented",
    503: "Service Unavailable",
    505: "HTTP Version Not Supported",
}


class Limits:
    """What one request may cost: header and body sizes, and how long a client may take."""

    __slots__ = ("body_timeout", "header_timeout", "idle_timeout", "max_body", "max_header")

    def __init__(
        self,
        *,
        max_header: int = 16_384,
        max_body: int = 1_048_576,
        header_timeout: float = 10.0,
        body_timeout: float = 30.0,
        idle_timeout: float = 15.0,
    ) -> None:
        self.max_header, self.max_body = max_header, max_body
        self.header_timeout, self.body_timeout, self.idle_timeout = header_timeout, body_timeout, idle_timeout


class Request:
    """One parsed request: method, path (decoded), raw query string, headers (lower-case names)."""

    __slots__ = ("body", "headers", "method", "path", "query", "target", "version")

    def __init__(self, method: str, target: str, version: str, headers: dict[str, str], body: bytes = b"") -> None:
        self.method, self.target, self.version, self.headers, self.body = method, target, version, headers, body
        raw_path, _, self.query = target.partition("?")
        self.path = unquote(raw_path)

    def __repr__(self) -> str:
        return f"Request({self.method} {self.target[:60]!r})"


class Response:
    """Status, extra headers and body; Content-Length and Connection are added when sent."""

    __slots__ = ("body", "close", "headers", "status")

    def __init__(
        self, status: int, body: bytes = b"", headers: list[tuple[str, str]] | None = None, *, close: bool = False
    ) -> None:
        self.status, self.body, self.headers, self.close = status, body, headers or [], close

    @classmethod
    def text(cls, status: int, message: str, headers: list[tuple[str, str]] | None = None) -> Response:
        """A one-line plain-text answer (errors)."""
        return cls(
            status, (message + "\n").encode("utf-8"), [("Content-Type", "text/plain; charset=utf-8"), *(headers or [])]
        )


Handler = Callable[[Request], Awaitable[Response]]


class Connection(asyncio.Protocol):
    """One client connection: parse requests, hand each to the handler, write answers in order."""

    def __init__(self, handler: Handler, limits: Limits, server: Server) -> None:
        self.handler, self.limits, self.server = handler, limits, server
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None
        self.busy = False
        self.paused = False
        self.head: tuple[str, str, str, dict[str, str], int] | None = None
        self.timer: asyncio.TimerHandle | None = None

    # --- connection life ---------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            # without it, keep-alive answers wait for the client's delayed ACK (~40 ms each)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.connections.add(self)
        self._deadline(self.limits.idle_timeout, self._idle)

    def connection_lost(self, exc: Exception | None) -> None:
        self.server.connections.discard(self)
        self._cancel_timer()
        self.transport = None

    def _deadline(self, seconds: float, then: Callable[[], None]) -> None:
        self._cancel_timer()
        self.timer = asyncio.get_running_loop().call_later(seconds, then)

    def _cancel_timer(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def _idle(self) -> None:
        if self.transport is not None:
            self.transport.close()

    def _too_slow(self) -> None:
        self._fail(408, "request timeout: the request did not arrive in time")

    def _fail(self, status: int, message: str) -> None:
        """Answer a request that could not be read, then hang up."""
        self.buffer.clear()
        self._write(Response.text(status, message), keep=False)

    def close_when_idle(self) -> None:
        """Used when the worker drains: idle connections go now, busy ones after their answer."""
        if not self.busy and not self.buffer and self.transport is not None:
            self.transport.close()

    # --- reading ------------------------------------------------------------------------------

    def data_received(self, data: bytes) -> None:
        if not self.buffer and self.head is None and not self.busy:
            self._deadline(self.limits.header_timeout, self._too_slow)  # a request has begun
        self.buffer += data
        if not self.busy:
            self._next()
        elif not self.paused and self.transport is not None:
            # a request is being answered: what comes next waits in the kernel, not in this
            # process (a client writing on while a slow query runs would fill memory); reading
            # goes on once the answer is out. The caps on a request apply when it is parsed.
            self.paused = True
            self.transport.pause_reading()

    def _next(self) -> None:
        """Parse what is buffered; start the handler once a whole request is in."""
        if self.head is None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > self.limits.max_header:
                    self._fail(431, f"request headers too large: at most {self.limits.max_header} bytes")
                return
            if end > self.limits.max_header:
                self._fail(431, f"request headers too large: at most {self.limits.max_header} bytes")
                return
            raw = bytes(self.buffer[:end])
            del self.buffer[: end + 4]
            parsed = self._parse_head(raw)
            if parsed is None:
                return
            self.head = parsed
            if parsed[4]:
                self._deadline(self.limits.body_timeout, self._too_slow)
                if parsed[3].get("expect", "").lower() == "100-continue" and len(self.buffer) < parsed[4]:
                    assert self.transport is not None
                    self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")  # curl waits 1 s without it
        method, target, version, headers, length = self.head
        if len(self.buffer) < length:
            return
        body = bytes(self.buffer[:length])
        del self.buffer[:length]
        self.head = None
        self._cancel_timer()
        self.busy = True
        request = Request(method, target, version, headers, body)
        self.server.started(self)
        task = asyncio.ensure_future(self.handler(request))
        task.add_done_callback(lambda t: self._answer(request, t))

    def _parse_head(self, raw: bytes) -> tuple[str, str, str, dict[str, str], int] | None:
        try:
            text = raw.decode("latin-1")
            line, *lines = text.split("\r\n")
            method, target, version = line.split(" ")
        except ValueError:
            self._fail(400, "malformed request line")
            return None
        if version not in ("HTTP/1.1", "HTTP/1.0"):
            self._fail(505, "HTTP/1.1 or HTTP/1.0 only")
            return None
        headers: dict[str, str] = {}
        for item in lines:
            name, sep, value = item.partition(":")
            if not sep or not name or name != name.strip():
                self._fail(400, "malformed header line")
                return None
            key = name.lower()
            value = value.strip()
            if key == "host" and key in headers:
                self._fail(400, "more than one Host header")  # which one names the server is anyone's guess
                return None
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        if "transfer-encoding" in headers:
            self._fail(411, "send the body with a Content-Length (chunked request bodies are not accepted)")
            return None
        length_text = headers.get("content-length", "0")
        # ASCII digits only: `²` is a digit to str.isdigit but not to int(), and int() refuses
        # past 4,300 digits; twenty digits is already far past any body this server takes
        if not (length_text.isascii() and length_text.isdigit() and len(length_text) <= 20):
            self._fail(400, "bad Content-Length: give the body's size in bytes")
            return None
        length = int(length_text)
        if length > self.limits.max_body:
            self._fail(413, f"request too large: the body may have at most {self.limits.max_body} bytes")
            return None
        return method, target, version, headers, length

    # --- writing ------------------------------------------------------------------------------

    def _answer(self, request: Request, task: asyncio.Future[Response]) -> None:
        self.server.finished(self)
        if task.cancelled():
            response = Response.text(503, "server stopping", [("Connection", "close")])
        elif task.exception() is not None:
            exc = task.exception()
            self.server.log(f"internal error on {request.method} {request.path}: {type(exc).__name__}: {exc}")
            response = Response.text(500, "internal error: the server could not answer this request")
        else:
            response = task.result()
        connection = request.headers.get("connection", "").lower()
        keep = not response.close and not self.server.draining and "close" not in connection
        if request.version == "HTTP/1.0" and "keep-alive" not in connection:
            keep = False
        self._write(response, keep=keep, head_only=request.method == "HEAD")
        self.server.access(request, response)
        self.busy = False
        if self.paused and self.transport is not None and not self.transport.is_closing():
            self.paused = False
            self.transport.resume_reading()
        if keep and self.transport is not None:
            if self.buffer:
                self._deadline(self.limits.header_timeout, self._too_slow)
                self._next()
            else:
                self._deadline(self.limits.idle_timeout, self._idle)

    def _write(self, response: Response, *, keep: bool, head_only: bool = False) -> None:
        if self.transport is None:
            return
        lines = [f"HTTP/1.1 {response.status} {REASONS.get(response.status, 'Unknown')}"]
        lines += [f"{k}: {v}" for k, v in (*self.server.common_headers, *response.headers)]
        if response.status != 304:  # a 304 describes the file the client has; it sends no body
            lines.append(f"Content-Length: {len(response.body)}")
        if not keep:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        if head_only or not response.body:
            self.transport.write(head)
        else:
            self.transport.writelines((head, response.body))  # no copy of a large body
        if not keep:
            self._cancel_timer()
            self.transport.close()
        self._watch_writes()

    def _watch_writes(self, last: int | None = None) -> None:
        """Cut off a client that stops reading its answer: while the answer is buffered, check
        every client timeout that the buffer shrank, else drop the connection (and its memory)."""
        if self.transport is None:
            return
        size = self.transport.get_write_buffer_size()
        if size == 0:
            return
        if last is not None and size >= last:
            self.transport.abort()
            return
        asyncio.get_running_loop().call_later(self.limits.idle_timeout, self._watch_writes, size)


class Server:
    """The connections of one process and what they share: limits, headers, logging, draining."""

    def __init__(
        self,
        handler: Handler,
        limits: Limits,
        *,
        common_headers: list[tuple[str, str]] | None = None,
        log: Callable[[str], None] | None = None,
        access_log: bool = False,
    ) -> None:
        self.handler, self.limits = handler, limits
        self.common_headers = common_headers or []
        self.connections: set[Connection] = set()
        self.in_flight: dict[Connection, float] = {}
        self.draining = False
        self._log = log or (lambda line: None)
        self.access_log = access_log
        self.listener: asyncio.AbstractServer | None = None

    def log(self, line: str) -> None:
        self._log(line)

    def access(self, request: Request, response: Response) -> None:
        if self.access_log:
            self._log(f'"{request.method} {request.target[:200]}" {response.status} {len(response.body)}')

    def started(self, conn: Connection) -> None:
        self.in_flight[conn] = time.monotonic()

    def finished(self, conn: Connection) -> None:
        self.in_flight.pop(conn, None)

    async def listen(self, sock: socket.socket, backlog: int) -> None:
        """Accept on an already bound socket (shared by every worker process)."""
        loop = asyncio.get_running_loop()
        self.listener = await loop.create_server(
            lambda: Connection(self.handler, self.limits, self), sock=sock, backlog=backlog
        )

    def drain(self) -> None:
        """Stop accepting; close idle connections; busy ones close after their answer."""
        self.draining = True
        if self.listener is not None:
            self.listener.close()
        for conn in list(self.connections):
            conn.close_when_idle()
