"""`kg serve`: a read-only SPARQL 1.1 endpoint over the graph."""

from __future__ import annotations

import click

from graph.cli.common import graph_options
from graph.options import GraphOptions


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="Port (0: any free one).")
@click.option(
    "--timeout",
    "time_limit",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds a query may run before it is stopped (HTTP 503).",
)
@click.option("--workers", type=click.IntRange(1, 32), default=2, show_default=True, help="Query worker processes.")
@click.option("--quiet", "-q", is_flag=True, help="Do not log each request.")
@graph_options
def serve(
    host: str,
    port: int,
    time_limit: float,
    workers: int,
    quiet: bool,
    options: GraphOptions,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 Protocol endpoint, with a query page at /.

    GET or POST /sparql (form-encoded or application/sparql-query); the Accept header picks
    SPARQL JSON, XML, CSV or TSV, and Turtle or N-Triples for CONSTRUCT/DESCRIBE. Updates,
    SERVICE, LOAD and FROM are refused with HTTP 400.
    """
    from graph.locate import locate
    from graph.serve.server import serve as run_server

    where = locate(options.graph, environment=options.environment_graph, reason=options.graph_reason)
    options = options.replace(graph=str(where.root), graph_reason=where.reason, environment_graph=None)
    run_server(host, port, options, time_limit=time_limit, workers=workers, quiet=quiet)
