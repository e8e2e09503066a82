"""`kg serve`: the graph as a read-only SPARQL 1.1 endpoint, with the workbench at `/`.

A supervisor binds the listening socket (loopback by default, a deep backlog) and forks a
few worker processes that accept on it (`graph.serve.worker`): no IPC on the request path,
and a query that crashes or hangs takes down one worker, not the server. The supervisor
replaces a worker whenever it dies, whatever killed it, and kills one whose loop stopped
beating. It loads nothing itself, so a fork never copies an open store.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import select
import signal
import socket
import sys
import time
from typing import TYPE_CHECKING, Any

from graph.errors import KGError
from graph.serve.worker import SLOT, run_worker

if TYPE_CHECKING:
    from graph.options import GraphOptions

MAX_SLOTS = 64
BACKLOG = 1024
START_LIMIT = 300.0


class Worker:
    """The supervisor's record of one worker process."""

    __slots__ = ("draining", "pid", "ready", "report", "slot", "started", "stopping_since", "tail")

    def __init__(self, pid: int, slot: int, report: int) -> None:
        self.pid, self.slot, self.report = pid, slot, report
        self.ready = False
        self.draining = False
        self.started = time.monotonic()
        self.stopping_since: float | None = None
        self.tail = b""


class Supervisor:
    """Start, watch and replace the workers; `stop()` (from a signal handler) ends `run()`."""

    def __init__(
        self,
        host: str,
        port: int,
        options: GraphOptions,
        *,
        workers: int = 2,
        threads: int = 4,
        time_limit: float = 30.0,
        allow_hosts: tuple[str, ...] = (),
        cors: bool = False,
        quiet: bool = False,
        limits: dict[str, Any] | None = None,
        out: Any = None,
    ) -> None:
        self.options = options
        self.count = workers
        self.time_limit = time_limit
        self.quiet = quiet
        self.out = out or sys.stdout
        self.settings = {
            "host": host,
            "threads": threads,
            "time_limit": time_limit,
            "allow_hosts": allow_hosts,
            "cors": cors,
            "quiet": quiet,
            "limits": limits or {},
            "backlog": BACKLOG,
        }
        self.sock = _listen(host, port)
        self.beats = mmap.mmap(-1, SLOT.size * MAX_SLOTS)
        self.workers: dict[int, Worker] = {}
        self.stopping = False
        self.description = ""
        self.failures = 0
        self.next_start = 0.0
        self.last_log = ""
        self.last_error = ""

    @property
    def address(self) -> tuple[str, int]:
        return self.sock.getsockname()[:2]

    def log(self, line: str) -> None:
        """One line on standard error; the same line from several workers is shown once."""
        if line != self.last_log:
            self.last_log = line
            print(f"kg serve: {line}", file=sys.stderr, flush=True)

    # --- workers -------------------------------------------------------------------------------

    def _spawn(self) -> Worker:
        used = {w.slot for w in self.workers.values()}
        slot = next(i for i in range(MAX_SLOTS) if i not in used)
        SLOT.pack_into(self.beats, slot * SLOT.size, time.monotonic())
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            try:
                os.close(read)
                for other in self.workers.values():
                    os.close(other.report)
                run_worker(slot, self.sock, write, self.beats, self.options, self.settings)
            finally:
                os._exit(1)
        os.close(write)
        worker = Worker(pid, slot, read)
        self.workers[pid] = worker
        return worker

    def _live(self) -> int:
        return sum(1 for w in self.workers.values() if not w.draining and w.stopping_since is None)

    def _read(self, worker: Worker) -> None:
        try:
            chunk = os.read(worker.report, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            return
        data = worker.tail + chunk
        *lines, worker.tail = data.split(b"\n")
        for raw in lines:
            kind, _, text = raw.decode("utf-8", "replace").partition(" ")
            if kind == "ready":
                worker.ready = True
                self.description = text
                self.failures = 0
            elif kind == "error":
                self.last_error = text
                self.log(f"a worker could not open the graph: {text}")
            elif kind == "draining":
                worker.draining = True
                worker.stopping_since = time.monotonic()
            elif kind == "log":
                self.log(text)

    def _reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            worker = self.workers.pop(pid, None)
            if worker is None:
                continue
            self._read(worker)
            os.close(worker.report)
            if self.stopping or worker.draining:
                continue
            if os.WIFSIGNALED(status):
                cause = f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
            else:
                cause = f"exited with status {os.WEXITSTATUS(status)}"
            if not worker.ready:
                self.failures += 1
                self.next_start = time.monotonic() + min(30.0, 2.0**self.failures)
            self.log(f"worker {pid} {cause}; starting a new one")

    def _watch(self) -> None:
        """Kill a worker whose loop stopped beating, or that drains for too long."""
        now = time.monotonic()
        for worker in list(self.workers.values()):
            if worker.stopping_since is not None:
                if now - worker.stopping_since > self.time_limit + 10:
                    _kill(worker.pid, signal.SIGKILL)
                continue
            if not worker.ready:
                if now - worker.started > START_LIMIT:
                    _kill(worker.pid, signal.SIGKILL)
                continue
            (beat,) = SLOT.unpack_from(self.beats, worker.slot * SLOT.size)
            if now - beat > self.time_limit + 5:
                self.log(f"worker {worker.pid} stopped answering for {now - beat:.0f} s; killing it")
                worker.stopping_since = now
                _kill(worker.pid, signal.SIGKILL)

    def _step(self, timeout: float) -> None:
        fds = [w.report for w in self.workers.values()]
        try:
            ready, _, _ = select.select(fds, [], [], timeout)
        except InterruptedError:
            ready = []
        for fd in ready:
            worker = next((w for w in self.workers.values() if w.report == fd), None)
            if worker is not None:
                self._read(worker)
        self._reap()
        self._watch()
        if not self.stopping and time.monotonic() >= self.next_start:
            while self._live() < self.count:
                self._spawn()

    # --- life ------------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the workers and wait until they have the graph open; KGError if they cannot."""
        for _ in range(self.count):
            self._spawn()
        deadline = time.monotonic() + START_LIMIT
        while not all(w.ready for w in self.workers.values()) or len(self.workers) < self.count:
            if self.stopping:
                raise KeyboardInterrupt
            if self.failures or time.monotonic() > deadline:
                self.close()
                raise KGError(self.last_error or "kg serve: the query workers did not start")
            self._step(0.1)

    def run(self) -> None:
        """Supervise until `stop()`."""
        while not self.stopping:
            self._step(0.25)

    def stop(self) -> None:
        self.stopping = True

    def close(self) -> None:
        """Stop every worker (SIGTERM, then SIGKILL after 5 s) and close the socket."""
        self.stopping = True
        for worker in self.workers.values():
            _kill(worker.pid, signal.SIGTERM)
        deadline = time.monotonic() + 5
        while self.workers and time.monotonic() < deadline:
            self._reap()
            time.sleep(0.05)
        for worker in list(self.workers.values()):
            _kill(worker.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(worker.pid, 0)
            os.close(worker.report)
        self.workers.clear()
        self.sock.close()


def _kill(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


def _listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket with a backlog deep enough for bursts (socketserver's is 5)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise KGError(f"kg serve: cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(BACKLOG)
    except OSError as exc:
        sock.close()
        raise KGError(f"kg serve: cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.setblocking(False)
    return sock


def url_of(address: tuple[str, int]) -> str:
    host, port = address
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
