"""Options shared by the commands that read the graph, and the helper that opens it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from graph.api import KnowledgeGraph
from graph.locate import GraphLocation, locate

_ENDPOINT_KEY = "graph.store.endpoint"


def _remember_endpoint(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """Keep --endpoint in the context for `open_graph`."""
    if value:
        ctx.meta[_ENDPOINT_KEY] = value
    return value


def endpoint_option() -> str | None:
    """The --endpoint URL given to the running command, if any."""
    return click.get_current_context().meta.get(_ENDPOINT_KEY)


def entailment_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--entailment none|rdfs, with the command's own help text."""
    return click.option(
        "--entailment", type=click.Choice(["none", "rdfs"]), default="none", show_default=True, help=help
    )


#: -o/--output FILE: written atomically, standard output when absent.
output_option = click.option(
    "--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of standard output."
)


def graph_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --graph, --data, --store and --endpoint to a command."""
    func = click.option(
        "--endpoint",
        metavar="URL",
        expose_value=False,  # read by open_graph, so commands need no extra parameter
        callback=_remember_endpoint,
        help="Query a SPARQL 1.1 server instead (credentials from $KG_ENDPOINT_USER/$KG_ENDPOINT_PASSWORD).",
    )(func)
    func = click.option(
        "--store",
        default="auto",
        show_default=True,
        metavar="NAME",
        help="Store: auto (picks by size), oxigraph (disk cache), oxigraph-memory, memory (rdflib).",
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


def command_location(graph_dir: str | None) -> GraphLocation:
    """The graph a command works on: its own --graph, else `kg --graph`, else the usual order."""
    ctx = click.get_current_context(silent=True)
    return locate(graph_dir or ((ctx.find_root().obj or {}).get("graph") if ctx else None))


def open_graph(
    graph_dir: str | None, data: tuple[str, ...] = (), store: str = "auto", endpoint: str | None = None
) -> KnowledgeGraph:
    """Open the graph named on this command, else the one given to `kg --graph`."""
    if endpoint is None:
        endpoint = click.get_current_context().meta.get(_ENDPOINT_KEY)
    return KnowledgeGraph.open(command_location(graph_dir), data, store, endpoint)


def write_output(payload: bytes, output: str | None) -> None:
    """Write bytes to stdout, or atomically to a file (a temporary file renamed into place)."""
    if output in (None, "-"):
        stream = sys.stdout.buffer
        stream.write(payload)
        stream.flush()
        return
    from graph.files import atomic_write

    atomic_write(output, payload)
