"""The graph a worker answers from, kept live: when the graph's files change (a season added,
a source registered), a new store is built aside and swapped in whole; a broken file keeps
the old graph. A request holds the graph it started with, so no answer mixes two versions.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.api import KnowledgeGraph

Stamp = tuple[tuple[str, int, int, int, int, int], ...]


def option(options: Any, name: str) -> Any:
    """One of the graph options, given as a dict or as an object with attributes (the command
    line's options object)."""
    return options.get(name) if isinstance(options, dict) else getattr(options, name, None)


def open_graph(options: Any) -> KnowledgeGraph:
    """Open the graph the options name (a dict of graph/data/store/endpoint, or the options
    object KnowledgeGraph.open takes whole)."""
    from graph.api import KnowledgeGraph

    if isinstance(options, dict):
        return KnowledgeGraph.open(options["graph"], options["data"], options["store"], options["endpoint"])
    return KnowledgeGraph.open(options)


def stamp(kg: KnowledgeGraph, data: tuple[Any, ...]) -> Stamp | None:
    """What identifies the graph's files now: each one's path, size, times and inode (ctime
    changes on every write, even one that restores size and mtime). None if unreadable."""
    from graph.errors import KGError
    from graph.files import version_stamp
    from graph.store.load import discover

    try:
        files = discover(kg.location, data).all()
        out = []
        for path in files:
            out.append((str(path), *version_stamp(path)))
        return tuple(sorted(out))
    except (KGError, OSError):
        return None


def writer_active(root: Path) -> bool:
    """True while a kg command holds the working copy's write lock (`.kg-lock`): its change
    may be half written, so reloading waits."""
    lock = root / ".kg-lock"
    if not lock.is_file():
        return False
    import fcntl

    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)


class LiveGraph:
    """The current KnowledgeGraph and the statistics computed on it; `poll()` reloads on change."""

    def __init__(self, options: Any, log: Callable[[str], None]) -> None:
        self.options = options
        self.log = log
        self.kg = open_graph(options)
        self.data: tuple[str, ...] = tuple(option(options, "data") or ())
        self.watch = not option(options, "endpoint")
        self.stamp = stamp(self.kg, self.data) if self.watch else None
        self.seen: Stamp | None = self.stamp
        self.failed: Stamp | None = None
        self.loading = False
        self._stats: tuple[object, dict[str, object]] | None = None
        self._lock = threading.Lock()

    def current(self) -> KnowledgeGraph:
        return self.kg

    def statistics(self, kg: KnowledgeGraph) -> dict[str, object]:
        """VoID counts of `kg`, computed once per loaded graph."""
        with self._lock:
            if self._stats is not None and self._stats[0] is kg:
                return self._stats[1]
        from graph.serve.description import statistics

        stats = statistics(kg)
        with self._lock:
            self._stats = (kg, stats)
        return stats

    def poll(self, swap: Callable[[Callable[[], None]], None]) -> None:
        """Called about once a second: if the files changed and have stayed so since the last
        poll, build the new graph in a thread; `swap` runs the switch on the caller's loop."""
        if not self.watch or self.loading:
            return
        now = stamp(self.kg, self.data)
        previous, self.seen = self.seen, now
        if now is None or now == self.stamp or now != previous or now == self.failed:
            return  # unchanged, still changing, or already found broken
        if writer_active(self.kg.location.root):
            return
        self.loading = True
        threading.Thread(target=self._load, args=(now, swap), name="kg-reload", daemon=True).start()

    def _load(self, expected: Stamp, swap: Callable[[Callable[[], None]], None]) -> None:
        from graph.errors import KGError

        try:
            fresh = open_graph(self.options)
        except KGError as exc:
            self.failed = expected
            self.loading = False
            self.log(
                f"graph changed but did not load, still answering from the previous one: {' '.join(str(exc).split())}"
            )
            return
        except Exception as exc:  # any failure keeps the old graph
            self.failed = expected
            self.loading = False
            self.log(
                f"graph changed but did not load ({type(exc).__name__}: {exc}); still answering from the previous one"
            )
            return
        after = stamp(fresh, self.data)

        def install() -> None:
            self.loading = False
            if after != expected:
                return  # changed again while loading: the next poll picks it up
            self.kg, self.stamp = fresh, expected
            self.log(f"graph reloaded: {len(expected)} files")

        with contextlib.suppress(RuntimeError):  # the loop is gone: the worker is stopping
            swap(install)
