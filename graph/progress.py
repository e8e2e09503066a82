"""Progress of long work (loading a large file, pushing to a server) on standard error.

Shown only when standard error is a terminal, so that scripts and logs stay quiet.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from typing import IO


class Progress:
    """A one-line counter (`label 42% 12.0/28.5 MB`) redrawn at most ten times a second."""

    def __init__(self, label: str, total: float, unit: str = "", *, enabled: bool | None = None) -> None:
        self.label = label
        self.total = total
        self.unit = unit
        self.done_so_far = 0.0
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._drawn = 0.0
        self._started = time.monotonic()

    def advance(self, amount: float) -> None:
        """Count `amount` more units done and redraw if it is time to."""
        self.done_so_far += amount
        now = time.monotonic()
        if self.enabled and now - self._drawn >= 0.1:
            self._drawn = now
            self._draw()

    def _draw(self, end: str = "") -> None:
        if self.unit == "MB":
            amount = f"{self.done_so_far / 1e6:.1f}/{self.total / 1e6:.1f} MB"
        else:
            amount = f"{self.done_so_far:,.0f}/{self.total:,.0f} {self.unit}".rstrip()
        share = f"{100 * self.done_so_far / self.total:3.0f}% " if self.total else ""
        sys.stderr.write(f"\r{self.label} {share}{amount} ({time.monotonic() - self._started:.1f} s)\x1b[K{end}")
        sys.stderr.flush()

    def finish(self) -> None:
        """Draw the final state and end the line."""
        if self.enabled:
            self._draw(end="\n")


class CountingReader:
    """A binary file wrapper that reports the bytes read to a Progress (for native parsers)."""

    def __init__(self, handle: IO[bytes], progress: Progress) -> None:
        self.handle = handle
        self.progress = progress

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.progress.advance(len(data))
        return data

    def readinto(self, buffer: bytearray | memoryview) -> int:
        count = self.handle.readinto(buffer)  # type: ignore[attr-defined]
        self.progress.advance(count or 0)
        return count or 0


def total_size(paths: list[os.PathLike[str] | str]) -> int:
    """The summed size of files in bytes (missing files count 0)."""
    total = 0
    for path in paths:
        with contextlib.suppress(OSError):
            total += os.stat(path).st_size
    return total
