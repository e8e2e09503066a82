"""Choosing and opening the store a graph is queried in.

- `oxigraph-memory`: the files parsed into pyoxigraph in memory (milliseconds when small);
- `oxigraph`: pyoxigraph on disk in a cache folder, rebuilt only when a file changes, so a
  cold command on a large graph does not parse it again (see `graph.store.cache`);
- `memory`: rdflib's own Dataset and SPARQL engine (slow past a few thousand statements);
- an endpoint URL (`--endpoint`): a remote SPARQL 1.1 server (see `graph.store.endpoint`).

`auto` takes `oxigraph-memory` below `threshold` bytes of data files (`GraphOptions.cache_threshold`,
which the command line reads from `KG_CACHE_THRESHOLD`: about 4 000 statements, where opening the
cache becomes faster than parsing) and the disk cache above it. `engine.description` says which
store was used and why. `open_graph_engine` is what the facade and the server both open a graph
with.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from graph.errors import UsageError
from graph.locate import GraphLocation
from graph.options import DEFAULT_CACHE_THRESHOLD
from graph.store.load import GraphFiles

if TYPE_CHECKING:
    from graph.engine import Engine
    from graph.options import GraphOptions


class StoreKind:
    """One entry of the store table: a name, what it is, and where its opener lives."""

    __slots__ = ("description", "module", "opener")

    def __init__(self, module: str, opener: str, description: str) -> None:
        self.module, self.opener, self.description = module, opener, description

    def load(self) -> Callable[..., Engine]:
        """Import the implementation (only now: each pulls in different libraries)."""
        import importlib

        return getattr(importlib.import_module(self.module), self.opener)


#: The stores by name (`--store NAME`), as rdflib's plugin registry: name -> lazily imported code.
REGISTRY: dict[str, StoreKind] = {
    "oxigraph-memory": StoreKind(
        "graph.store.registry", "open_oxigraph_memory", "oxigraph in memory (files parsed on each run)"
    ),
    "oxigraph": StoreKind("graph.store.cache", "open_cached", "oxigraph on disk (the .kg-cache/ store)"),
    "memory": StoreKind("graph.store.rdflib_memory", "open_rdflib", "memory (rdflib Dataset and SPARQL engine)"),
}
STORES = ("auto", *REGISTRY)


def _size(nbytes: int) -> str:
    return f"{nbytes / 1e6:.1f} MB" if nbytes >= 100_000 else f"{nbytes / 1e3:.0f} kB"


def open_oxigraph_memory(location: GraphLocation, paths: list[str], reason: str, **_: object) -> Engine:
    """pyoxigraph in memory over the files (parsed natively, views added)."""
    from graph.store.engine import OxigraphEngine
    from graph.store.load import load_files

    return OxigraphEngine(load_files(paths), f"{REGISTRY['oxigraph-memory'].description}; {reason}")


def open_engine(
    location: GraphLocation,
    files: GraphFiles,
    store: str = "auto",
    endpoint: str | None = None,
    *,
    threshold: int = DEFAULT_CACHE_THRESHOLD,
    cache_home: str | os.PathLike[str] | None = None,
    endpoint_options: dict[str, Any] | None = None,
) -> Engine:
    """Open the chosen store over the graph's data files (or the endpoint) and return its engine;
    `endpoint_options` go to `EndpointEngine` (credentials, timeout, graph)."""
    if endpoint:
        if files.extra:
            raise UsageError("--data cannot be used with --endpoint: the server holds the data (load it with kg push)")
        from graph.store.endpoint import EndpointEngine

        return EndpointEngine(endpoint, **(endpoint_options or {}))
    if store not in STORES:
        raise UsageError(f"unknown store {store!r}; choose one of {', '.join(STORES)}, or give --endpoint URL")
    paths = files.data()
    if store == "auto":
        size, limit = sum(os.path.getsize(p) for p in paths if os.path.isfile(p)), threshold
        if size < limit:
            store, reason = (
                "oxigraph-memory",
                f"auto: {_size(size)} of data, under the {_size(limit)} disk-cache threshold",
            )
        else:
            store, reason = "oxigraph", f"auto: {_size(size)} of data, at least the {_size(limit)} disk-cache threshold"
    else:
        reason = "chosen with --store"
    return REGISTRY[store].load()(location, paths, reason, cache_home=cache_home)


def open_graph_engine(location: GraphLocation, files: GraphFiles, options: GraphOptions) -> Engine:
    """The engine a graph is queried with, opened as its options say (store, endpoint, cache
    threshold and folder, and what talking to a SPARQL server needs)."""
    return open_engine(
        location,
        files,
        options.store,
        options.endpoint,
        threshold=options.cache_threshold,
        cache_home=options.cache_home,
        endpoint_options={
            "credentials": options.credentials,
            "timeout": options.timeout,
            "graph": options.endpoint_graph,
        },
    )
