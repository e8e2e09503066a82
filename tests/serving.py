"""Start `kg serve` on a free loopback port for a test, and talk to it with raw HTTP."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager


class Served:
    """A running `kg serve`: its base URL, host and port, and what it wrote on stderr."""

    def __init__(self, proc: subprocess.Popen[str], url: str) -> None:
        self.proc, self.url = proc, url
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.stderr: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr.append(line)

    def request(
        self, method: str, target: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """One request on a new connection: status, headers (lower-case names) and body."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request(method, target, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def query(self, text: str, accept: str = "", **params: str) -> tuple[int, dict[str, str], bytes]:
        target = "/sparql?" + urllib.parse.urlencode({"query": text, **params})
        return self.request("GET", target, headers={"Accept": accept} if accept else {})


@contextmanager
def serving(*args: str, timeout: float = 60, quiet: bool = True) -> Iterator[Served]:
    """`kg serve --port 0 --quiet ARGS…` until the block ends (then stopped and waited for);
    without `quiet`, each request's line of the access log lands in `Served.stderr`."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph", "serve", "--port", "0", *(["--quiet"] if quiet else []), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    match = re.search(r"(http://\S+)/sparql", first)
    if not match:
        proc.kill()
        out, err = proc.communicate(timeout=10)
        raise AssertionError(f"kg serve did not start: {first}{out}{err}")
    served = Served(proc, match.group(1))
    try:
        yield served
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
