"""Options shared by the commands that read the graph, and the helper that opens it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from graph.api import KnowledgeGraph


def graph_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --graph, --data and --store to a command."""
    func = click.option(
        "--store",
        default="auto",
        show_default=True,
        metavar="NAME",
        help="Store to load the graph into (auto picks by size).",
    )(func)
    func = click.option(
        "--data",
        "data",
        multiple=True,
        metavar="FILE",
        type=click.Path(dir_okay=False),
        help="Add a Turtle or TriG file to the graph (repeatable).",
    )(func)
    func = click.option("--graph", "graph_dir", metavar="DIR", help="Graph folder to use.")(func)
    return func


def open_graph(graph_dir: str | None, data: tuple[str, ...] = (), store: str = "auto") -> KnowledgeGraph:
    """Open the graph named on this command, else the one given to `kg --graph`."""
    ctx = click.get_current_context()
    root = graph_dir or (ctx.find_root().obj or {}).get("graph")
    return KnowledgeGraph.open(root, data, store)


def write_output(payload: bytes, output: str | None) -> None:
    """Write bytes to stdout, or atomically to a file (a temporary file renamed into place)."""
    if output in (None, "-"):
        stream = click.get_binary_stream("stdout")
        stream.write(payload)
        stream.flush()
        return
    from graph.files import atomic_write

    atomic_write(output, payload)
