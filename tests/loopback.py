"""A loopback listener that records every connection made to it: a query that must reach no
network points SERVICE/FROM at it, and the test asserts it saw nothing."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Listener:
    """A TCP socket on 127.0.0.1:0; `hits` counts connections (each is closed at once)."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.hits = 0
        self._stop = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            if self._stop:
                conn.close()
                return
            self.hits += 1
            conn.close()

    def close(self) -> None:
        self._stop = True
        with contextlib.suppress(OSError):  # wake the accept() so the thread ends
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
        self.sock.close()
        self._thread.join(2)


@contextmanager
def listening() -> Iterator[Listener]:
    """A Listener for the duration of a `with` block."""
    listener = Listener()
    try:
        yield listener
    finally:
        listener.close()
