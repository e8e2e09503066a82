"""The graph a worker answers from, kept live: when the graph's files change (a season added,
a source registered), a new store is built aside, checked, and swapped in whole; a graph that
does not load, or does not conform to its shapes, leaves the last good one in place. A request
holds the `Loaded` graph it started with, so no answer mixes two versions.

The worker opens the graph as the facade does (locate, list the files, open the engine) but
without it: the server hands routes an engine and a location, never a `KnowledgeGraph`.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.engine import Engine
    from graph.locate import GraphLocation
    from graph.options import GraphOptions
    from graph.store.load import GraphFiles

Stamp = tuple[tuple[str, int, int, int, int, int], ...]
#: Problems named in the log when a changed graph is refused (the rest are counted).
SHOWN_PROBLEMS = 3


class Loaded:
    """One loaded version of the graph: where it is, its files and the engine holding it."""

    __slots__ = ("engine", "files", "location")

    def __init__(self, location: GraphLocation, files: GraphFiles, engine: Engine) -> None:
        self.location, self.files, self.engine = location, files, engine

    def __repr__(self) -> str:
        return f"Loaded({self.location.folder}, {self.engine.description!r})"


def open_loaded(options: GraphOptions) -> Loaded:
    """Open the graph the options name, its store loaded now (a broken file is a KGError here)."""
    from graph.locate import locate
    from graph.store.load import discover
    from graph.store.registry import open_graph_engine

    location = locate(options.graph, environment=options.environment_graph, reason=options.graph_reason)
    files = discover(location, options.data)
    return Loaded(location, files, open_graph_engine(location, files, options))


def stamp(location: GraphLocation, data: tuple[str, ...]) -> Stamp | None:
    """What identifies the graph's files now: each one's path, size, times and inode (ctime
    changes on every write, even one that restores size and mtime). None if unreadable."""
    from graph.errors import KGError
    from graph.files import version_stamp
    from graph.store.load import discover

    try:
        return tuple(sorted((str(path), *version_stamp(path)) for path in discover(location, data).all()))
    except (KGError, OSError):
        return None


def problems_of(loaded: Loaded, limit: int = SHOWN_PROBLEMS + 1) -> list[str]:
    """Why a graph must not be served in place of the last good one: its files do not parse,
    a source quote does not match, or the data does not conform to the SHACL shapes (the
    quality checks of queries/checks/ are `kg validate`'s, not a reload's). At most `limit`."""
    from graph.validate import iter_problems

    found = iter_problems(loaded.location, loaded.files, shapes=True, checks=False)
    return [str(p) for p in itertools.islice(found, limit)]


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
    """The current `Loaded` graph and the statistics computed on it; `poll()` reloads on change."""

    def __init__(self, options: GraphOptions, log: Callable[[str], None]) -> None:
        self.options = options
        self.log = log
        self.loaded = open_loaded(options)
        self.data: tuple[str, ...] = tuple(str(d) for d in options.data)
        self.watch = not options.endpoint
        self.stamp = stamp(self.loaded.location, self.data) if self.watch else None
        self.seen: Stamp | None = self.stamp
        self.failed: Stamp | None = None
        self.loading = False
        self._stats: tuple[object, dict[str, object]] | None = None
        self._lock = threading.Lock()

    def current(self) -> Loaded:
        return self.loaded

    def statistics(self, loaded: Loaded) -> dict[str, object]:
        """VoID counts of `loaded`, computed once per loaded graph."""
        with self._lock:
            if self._stats is not None and self._stats[0] is loaded:
                return self._stats[1]
        from graph.serve.description import statistics

        stats = statistics(loaded.engine)
        with self._lock:
            self._stats = (loaded, stats)
        return stats

    def poll(self, swap: Callable[[Callable[[], None]], None]) -> None:
        """Called about once a second: if the files changed and have stayed so since the last
        poll, build the new graph in a thread; `swap` runs the switch on the caller's loop."""
        if not self.watch or self.loading:
            return
        now = stamp(self.loaded.location, self.data)
        previous, self.seen = self.seen, now
        if now is None or now == self.stamp or now != previous or now == self.failed:
            return  # unchanged, still changing, or already found broken
        if writer_active(self.loaded.location.root):
            return
        self.loading = True
        threading.Thread(target=self._load, args=(now, swap), name="kg-reload", daemon=True).start()

    def _refuse(self, expected: Stamp, why: str) -> None:
        self.failed = expected
        self.loading = False
        self.log(f"graph changed but {why}; still answering from the previous one")

    def _load(self, expected: Stamp, swap: Callable[[Callable[[], None]], None]) -> None:
        from graph.errors import KGError

        try:
            fresh = open_loaded(self.options)
            problems = problems_of(fresh)
        except KGError as exc:
            self._refuse(expected, f"did not load: {' '.join(str(exc).split())}")
            return
        except Exception as exc:  # any failure keeps the old graph
            self._refuse(expected, f"did not load ({type(exc).__name__}: {' '.join(str(exc).split())})")
            return
        if problems:
            shown = "; ".join(problems[:SHOWN_PROBLEMS])
            more = " and more" if len(problems) > SHOWN_PROBLEMS else ""
            self._refuse(expected, f"does not pass its checks ({shown}{more}; see kg validate)")
            return
        after = stamp(fresh.location, self.data)

        def install() -> None:
            self.loading = False
            if after != expected:
                return  # changed again while loading: the next poll picks it up
            self.loaded, self.stamp = fresh, expected
            self.log(f"graph reloaded: {len(expected)} files, checked (they parse and conform to the shapes)")

        with contextlib.suppress(RuntimeError):  # the loop is gone: the worker is stopping
            swap(install)
