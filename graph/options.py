"""What a graph is opened with: one explicit value built at the edge (the `kg` command line
reads options and environment variables into it) and handed to `KnowledgeGraph.open`.

Library code reads no environment variable: everything it needs is a field here, with the
same default a user gets when the variable is not set.
"""

from __future__ import annotations

import os

#: Bytes of data files from which `--store auto` uses the disk cache ($KG_CACHE_THRESHOLD).
DEFAULT_CACHE_THRESHOLD = 150_000
#: Seconds to wait for a SPARQL server ($KG_ENDPOINT_TIMEOUT).
DEFAULT_TIMEOUT = 300.0
#: The longest time limit kg takes (about 11.5 days): a timer past it is no limit, and past
#: about 10^9 s the clocks and `select` underneath overflow.
MAX_SECONDS = 1_000_000.0


def check_seconds(value: object, what: str, minimum: float = 0.0) -> float:
    """A time limit as a float: a finite number of seconds at most MAX_SECONDS, and over 0 (or
    at least `minimum`); a one-line UsageError naming `what` otherwise (`nan` passes every `<`
    test, `inf` never fires, `1e308` overflows the timers)."""
    from graph.errors import UsageError

    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        seconds = float("nan")
    low = seconds >= minimum if minimum > 0 else seconds > 0
    if not (low and seconds <= MAX_SECONDS):  # both false for nan
        floor = f"at least {minimum:g}" if minimum > 0 else "over 0"
        raise UsageError(
            f"{what}: {str(value)[:40]!r} is not a number of seconds {floor} and at most {MAX_SECONDS:,.0f}"
        )
    return seconds


class GraphOptions:
    """Where the graph is and how to open it (a plain class with slots: cheap to import, picklable
    for `kg serve`'s worker processes).

    - `graph`: a graph folder (None: `environment_graph`, a working copy here, or the bundled one);
    - `graph_reason`: why that folder (shown by `kg info`), when the edge knows better than "--graph option";
    - `data`: extra Turtle/TriG files; `store`: auto, oxigraph, oxigraph-memory or memory;
    - `endpoint`: a SPARQL server's URL to query instead of the files;
    - `environment_graph`: the folder named by $KG_GRAPH, used when `graph` is None;
    - `cache_threshold`, `cache_home` ($XDG_CACHE_HOME, a str: `kg query` imports no pathlib):
      how `auto` chooses, where a cache may go;
    - `credentials` (user, password), `timeout`, `endpoint_graph`: talking to a SPARQL server
      (`endpoint_graph` None means the graph `kg push` writes, "" the server's own default graph).
    """

    __slots__ = (
        "cache_home",
        "cache_threshold",
        "credentials",
        "data",
        "endpoint",
        "endpoint_graph",
        "environment_graph",
        "graph",
        "graph_reason",
        "store",
        "timeout",
    )

    def __init__(
        self,
        graph: str | os.PathLike[str] | None = None,
        data: tuple[str | os.PathLike[str], ...] | list[str | os.PathLike[str]] = (),
        store: str = "auto",
        endpoint: str | None = None,
        *,
        graph_reason: str | None = None,
        environment_graph: str | None = None,
        cache_threshold: int = DEFAULT_CACHE_THRESHOLD,
        cache_home: str | os.PathLike[str] | None = None,
        credentials: tuple[str, str] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        endpoint_graph: str | None = None,
    ) -> None:
        self.graph = graph
        self.graph_reason = graph_reason
        self.data = tuple(data)
        self.store = store
        self.endpoint = endpoint or None
        self.environment_graph = environment_graph or None
        self.cache_threshold = cache_threshold
        self.cache_home = os.fspath(cache_home) if cache_home else None
        self.credentials = credentials
        self.timeout = timeout
        self.endpoint_graph = endpoint_graph

    def __repr__(self) -> str:
        shown = {k: getattr(self, k) for k in self.__slots__ if k != "credentials"}
        shown["credentials"] = "(set)" if self.credentials else None
        return "GraphOptions(" + ", ".join(f"{k}={v!r}" for k, v in sorted(shown.items())) + ")"

    def __getstate__(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in self.__slots__}

    def __setstate__(self, state: dict[str, object]) -> None:
        for key, value in state.items():
            setattr(self, key, value)

    def replace(self, **changes: object) -> GraphOptions:
        """A copy with some fields changed."""
        copy = GraphOptions.__new__(GraphOptions)
        copy.__setstate__({**self.__getstate__(), **changes})
        return copy
