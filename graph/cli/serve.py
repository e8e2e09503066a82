"""`kg serve`: a read-only SPARQL 1.1 endpoint over the graph, with the workbench at /."""

from __future__ import annotations

import click

from graph.cli.command import Command
from graph.cli.common import Seconds, graph_options
from graph.options import GraphOptions

#: 64 MiB of data files: about 300k statements, some 200 MB per worker in memory.
MEMORY_THRESHOLD = 64 * 1024 * 1024


@click.command(cls=Command)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    envvar="KG_SERVE_HOST",
    help="Address to listen on (loopback by default).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=7878,
    show_default=True,
    envvar="KG_SERVE_PORT",
    help="Port (0: any free one).",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    envvar="KG_SERVE_ALLOW_HOST",
    help="Also answer requests whose Host header is NAME (repeatable; * for any; NAME:PORT for a port "
    "forward in front of the server). Other names and ports are refused, against DNS rebinding.",
)
@click.option(
    "--cors",
    is_flag=True,
    envvar="KG_SERVE_CORS",
    help="Let pages of any origin query the endpoint (read-only either way); without it, requests from "
    "other web sites are refused.",
)
@click.option(
    "--timeout",
    "time_limit",
    type=Seconds(minimum=0.1),
    default=30.0,
    show_default=True,
    envvar="KG_SERVE_TIMEOUT",
    help="Seconds a query may run before it is stopped (HTTP 503).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 32),
    default=2,
    show_default=True,
    envvar="KG_SERVE_WORKERS",
    help="Worker processes (each holds the graph; a crash or a stopped query costs one).",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    envvar="KG_SERVE_THREADS",
    help="Queries each worker runs at once.",
)
@click.option(
    "--client-timeout",
    type=Seconds(minimum=0.1),
    default=15.0,
    show_default=True,
    envvar="KG_SERVE_CLIENT_TIMEOUT",
    help="Seconds a client has to send a request's headers, and again its body; also how long an idle connection stays open.",
)
@click.option(
    "--memory-threshold",
    type=click.IntRange(min=0),
    default=MEMORY_THRESHOLD,
    show_default=True,
    metavar="BYTES",
    envvar="KG_SERVE_MEMORY_THRESHOLD",
    help="With --store auto, each worker holds a graph of up to this many bytes of data files in memory "
    "(joins about five times faster than from the disk cache); a larger graph is served from the disk cache.",
)
@click.option("--quiet", "-q", is_flag=True, help="Do not log each request.")
@graph_options
def serve(
    host: str,
    port: int,
    allow_hosts: tuple[str, ...],
    cors: bool,
    time_limit: float,
    workers: int,
    threads: int,
    client_timeout: float,
    memory_threshold: int,
    quiet: bool,
    options: GraphOptions,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 Protocol endpoint, with the workbench at /.

    GET or POST /sparql (form-encoded or application/sparql-query); the Accept header or
    format= picks SPARQL JSON, XML, CSV or TSV, and Turtle, N-Triples, RDF/XML or JSON-LD for
    CONSTRUCT/DESCRIBE. GET /sparql alone gives the service description; /queries lists the
    named queries and /queries/NAME?param=value runs one. Updates, SERVICE and LOAD are
    refused; the graph is reloaded when its files change. See docs/serve.md.
    """
    import signal
    import sys

    from graph.locate import locate
    from graph.serve.server import Supervisor, url_of

    where = locate(options.graph, environment=options.environment_graph, reason=options.graph_reason)
    options = options.replace(graph=where.folder, graph_reason=where.reason, environment_graph=None)
    if options.store == "auto":  # a server parses once and answers many: memory pays off far sooner
        options = options.replace(cache_threshold=memory_threshold)
    supervisor = Supervisor(
        host,
        port,
        options,
        workers=workers,
        threads=threads,
        time_limit=time_limit,
        allow_hosts=allow_hosts,
        cors=cors,
        quiet=quiet,
        limits={"header_timeout": client_timeout, "body_timeout": client_timeout, "idle_timeout": client_timeout},
    )

    def stop(_signum: int, _frame: object) -> None:
        supervisor.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        try:
            supervisor.start()
        except KeyboardInterrupt:
            return
        url = url_of(supervisor.address)
        click.echo(f"Serving {url}/ (workbench) and {url}/sparql (SPARQL endpoint)")
        click.echo(
            f"Store: {supervisor.description}; {workers} workers, time limit {time_limit:g} s per query. Ctrl-C stops."
        )
        sys.stdout.flush()
        if host not in ("127.0.0.1", "::1", "localhost"):
            click.echo(f"Warning: listening on {host}, not only on this machine", err=True)
        supervisor.run()
    finally:
        supervisor.close()
