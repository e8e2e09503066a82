"""Time limits for work no engine can cancel: run it in a forked child and kill the child
when the time is up (pyoxigraph and rdflib have no query timeout; a regex bomb on the
memory store would otherwise run until killed). Costs nothing when no limit is asked for:
only `kg query --timeout` comes here.
"""

from __future__ import annotations

import os
import select
import signal
import time
from collections.abc import Callable

from graph.errors import KGError


def within(seconds: float, work: Callable[[], bytes], what: str = "the query") -> bytes:
    """Run `work` in a child process and return the bytes it returns; raise KGError (with the
    child's message and exit code) if it fails, or if it is not done within `seconds`.

    The graph is opened inside `work`, after the fork, so no engine thread is forked mid-way;
    the answer comes back through a pipe, so nothing is written unless the work finished.
    """
    from graph.options import check_seconds

    seconds = check_seconds(seconds, "--timeout")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's stack
        os.close(read_end)
        code = 0
        try:
            payload = b"O" + work()
        except KGError as exc:
            payload = b"E" + bytes([exc.exit_code & 0xFF]) + str(exc).encode("utf-8", "replace")
        except BaseException as exc:
            payload = b"E\x01" + f"{what} failed: {type(exc).__name__}: {exc}".encode("utf-8", "replace")
        try:
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        except BaseException:
            code = 1
        os._exit(code)
    os.close(write_end)
    deadline = time.monotonic() + seconds
    chunks: list[bytes] = []
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([read_end], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                raise KGError(f"{what} was stopped after {seconds:g} s (--timeout)")
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    data = b"".join(chunks)
    if data[:1] == b"O":
        return data[1:]
    if data[:1] == b"E" and len(data) > 1:
        error = KGError(data[2:].decode("utf-8", "replace"))
        error.exit_code = data[1]
        raise error
    raise KGError(f"{what} ended without an answer")
