"""Choosing and opening the store a graph is queried in.

`oxigraph` (the default) parses the graph's files into pyoxigraph in memory: a few
milliseconds for the bundled graph.
"""

from __future__ import annotations

from graph.engine import Engine, OxigraphEngine
from graph.errors import UsageError
from graph.load import GraphFiles, load_files
from graph.locate import GraphLocation

STORES = ("auto", "oxigraph")


def open_engine(location: GraphLocation, files: GraphFiles, store: str = "auto") -> Engine:
    """Load the graph's data files into the chosen store and return its engine."""
    if store not in STORES:
        raise UsageError(f"unknown store {store!r}; choose one of {', '.join(STORES)}")
    return OxigraphEngine(load_files(files.data()))
