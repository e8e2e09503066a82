"""One worker process of `kg serve`: opens the graph, accepts on the shared listening socket
and answers on an asyncio loop, with queries in threads (pyoxigraph releases the GIL).

It reports to the supervisor through a pipe (`ready`, `error`, `log`, `draining` lines) and
a heartbeat in shared memory. A query past the time limit cannot be cancelled, so the
worker answers 503, stops accepting, finishes its other requests and exits; the supervisor
has started its replacement meanwhile. A worker whose loop stops beating is killed.
"""

from __future__ import annotations

import asyncio
import contextlib
import mmap
import os
import signal
import socket
import struct
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from graph.serve.http import Limits, Server

if TYPE_CHECKING:
    from graph.options import GraphOptions
    from graph.serve.live import LiveGraph

SLOT = struct.Struct("d")
HEARTBEAT = 0.5


def _say(fd: int, kind: str, text: str = "") -> None:
    line = f"{kind} {' '.join(text.split())}\n".encode("utf-8", "replace")
    with contextlib.suppress(OSError):  # the supervisor is gone; the loop will be stopped
        os.write(fd, line)


def run_worker(
    slot: int,
    sock: socket.socket,
    report: int,
    beats: mmap.mmap,
    options: GraphOptions,
    settings: dict[str, Any],
) -> None:
    """The worker's entry point (after fork): never returns; exits the process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the supervisor stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    code = 0
    try:
        from graph.errors import KGError
        from graph.serve.live import LiveGraph

        try:
            live = LiveGraph(options, lambda line: _say(report, "log", line))
        except KGError as exc:
            _say(report, "error", str(exc))
            os._exit(2)
        _say(report, "ready", live.loaded.engine.description)
        asyncio.run(_serve(slot, sock, report, beats, live, settings))
    except BaseException as exc:
        _say(report, "log", f"worker stopped: {type(exc).__name__}: {exc}")
        code = 1
    finally:
        sys.stderr.flush()
        os._exit(code)  # threads still running a runaway query must not hold the exit


async def _serve(
    slot: int, sock: socket.socket, report: int, beats: mmap.mmap, live: LiveGraph, settings: dict[str, Any]
) -> None:
    from graph.serve.app import SECURITY_HEADERS, App, Config

    loop = asyncio.get_running_loop()
    done = loop.create_future()
    pool = ThreadPoolExecutor(max_workers=settings["threads"], thread_name_prefix="kg-query")
    config = Config(
        settings["host"],
        port=sock.getsockname()[1],
        allow_hosts=settings["allow_hosts"],
        cors=settings["cors"],
        time_limit=settings["time_limit"],
    )
    quiet = settings["quiet"]

    def log(line: str) -> None:
        if not quiet:
            print(line, file=sys.stderr, flush=True)

    server: Server

    def drain() -> None:
        if not server.draining:
            _say(report, "draining")
            server.drain()

    app = App(live.current, config, pool, drain, live.statistics)
    server = Server(
        app.handle,
        Limits(**settings["limits"]),
        common_headers=[("Server", "franchise-kg"), *SECURITY_HEADERS],
        log=log,
        access_log=not quiet,
    )
    loop.add_signal_handler(signal.SIGTERM, lambda: done.done() or done.set_result(None))
    await server.listen(sock, settings["backlog"])

    def swap(install: Any) -> None:
        loop.call_soon_threadsafe(install)

    last_poll = 0.0
    while not done.done():
        now = time.monotonic()
        SLOT.pack_into(beats, slot * SLOT.size, now)
        if server.draining and not server.in_flight:
            break
        if now - last_poll >= 1.0:
            last_poll = now
            live.poll(swap)
        await asyncio.wait([done], timeout=HEARTBEAT)
    server.drain()
