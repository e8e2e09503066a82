"""Choosing and opening the store a graph is queried in.

- `oxigraph-memory`: the files parsed into pyoxigraph in memory (milliseconds when small);
- `oxigraph`: pyoxigraph on disk in a cache folder, rebuilt only when a file changes, so a
  cold command on a large graph does not parse it again (see `graph.store.cache`);
- `memory`: rdflib's own Dataset and SPARQL engine (slow past a few thousand statements);
- an endpoint URL (`--endpoint`): a remote SPARQL 1.1 server (see `graph.store.endpoint`).

`auto` takes `oxigraph-memory` below `threshold` bytes of data files (the command line reads
it from `KG_CACHE_THRESHOLD`; default 150 kB, about 4 000 statements, where opening the cache
becomes faster than parsing) and the disk cache above it. `engine.description` says which store
was used and why.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import UsageError
from graph.locate import GraphLocation
from graph.store.load import GraphFiles

if TYPE_CHECKING:
    from graph.store.engine import Engine

STORES = ("auto", "oxigraph", "oxigraph-memory", "memory")
THRESHOLD_VAR = "KG_CACHE_THRESHOLD"
DEFAULT_THRESHOLD = 150_000


def _size(nbytes: int) -> str:
    return f"{nbytes / 1e6:.1f} MB" if nbytes >= 100_000 else f"{nbytes / 1e3:.0f} kB"


def open_engine(
    location: GraphLocation,
    files: GraphFiles,
    store: str = "auto",
    endpoint: str | None = None,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    cache_home: Path | None = None,
    endpoint_options: dict[str, Any] | None = None,
) -> Engine:
    """Open the chosen store over the graph's data files (or the endpoint) and return its engine;
    `endpoint_options` go to `EndpointEngine` (credentials, timeout, graph)."""
    if endpoint or (store.startswith(("http://", "https://"))):
        if files.extra:
            raise UsageError("--data cannot be used with --endpoint: the server holds the data (load it with kg push)")
        from graph.store.endpoint import EndpointEngine

        return EndpointEngine(endpoint or store, **(endpoint_options or {}))
    if store not in STORES:
        raise UsageError(f"unknown store {store!r}; choose one of {', '.join(STORES)}, or give --endpoint URL")
    paths = files.data()
    if store == "auto":
        size, limit = sum(p.stat().st_size for p in paths if p.is_file()), threshold
        if size < limit:
            store, reason = (
                "oxigraph-memory",
                f"auto: {_size(size)} of data, under the {_size(limit)} disk-cache threshold",
            )
        else:
            store, reason = "oxigraph", f"auto: {_size(size)} of data, at least the {_size(limit)} disk-cache threshold"
    else:
        reason = "chosen with --store"
    if store == "oxigraph":
        from graph.store.cache import open_cached

        return open_cached(location.root, paths, reason, cache_home=cache_home)
    from graph.store.load import load_files

    if store == "memory":
        from graph.store.rdflib_memory import RdflibEngine

        return RdflibEngine(list(load_files(paths)), f"memory (rdflib Dataset and SPARQL engine); {reason}")
    from graph.store.engine import OxigraphEngine

    return OxigraphEngine(load_files(paths), f"oxigraph in memory (files parsed on each run); {reason}")
