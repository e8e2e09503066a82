"""Time limits for work no engine can cancel: run it in a forked child and kill the child
when the time is up (pyoxigraph and rdflib have no query timeout; a regex bomb on the
memory store would otherwise run until killed). Costs nothing when no limit is asked for:
only `kg query --timeout` comes here.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import time
from collections.abc import Callable

from graph.errors import KGError


def within(seconds: float, work: Callable[[], None], what: str = "the query") -> None:
    """Run `work` in a child process; raise KGError if it is not done within `seconds`.

    The child writes its own output and errors (as the command would) and exits with the
    command's exit code, which the parent repeats. The graph is opened in the child, after
    the fork, so no engine thread is forked mid-way.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: do the work, exit without returning into the caller's stack
        code = 0
        try:
            work()
        except KGError as exc:
            from graph.terminal import printable

            sys.stderr.write(f"Error: {printable(str(exc))}\n")
            code = exc.exit_code
        except BrokenPipeError:
            code = 0
        except BaseException:
            import traceback

            traceback.print_exc()
            code = 1
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    status = _wait(pid, seconds)
    if status is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise KGError(f"{what} was stopped after {seconds:g} s (--timeout)")
    code = os.waitstatus_to_exitcode(status)
    if code:
        raise SystemExit(code if code > 0 else 1)


def _wait(pid: int, seconds: float) -> int | None:
    """The child's wait status, or None if it is still running after `seconds`."""
    deadline = time.monotonic() + seconds
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        fd = None
    try:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return status
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            if fd is not None:
                select.select([fd], [], [], left)
            else:
                time.sleep(min(left, 0.01))
    finally:
        if fd is not None:
            os.close(fd)
