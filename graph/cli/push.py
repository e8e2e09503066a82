"""`kg push`: load the graph into a SPARQL server."""

from __future__ import annotations

import click

from graph.cli.command import Command
from graph.cli.common import options_from, settings_options
from graph.store.endpoint import PUSH_GRAPH
from graph.store.push import PROTOCOLS


@click.command(cls=Command)
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="The server's SPARQL Update URL (or its Graph Store URL with --protocol gsp).",
)
@click.option(
    "--graph",
    "target",
    default=PUSH_GRAPH,
    show_default=True,
    metavar="IRI",
    help="Graph that receives the default view (claims keep their own named graphs).",
)
@click.option("--protocol", type=click.Choice(PROTOCOLS), default="update", show_default=True)
@click.option(
    "--entailment",
    type=click.Choice(["rdfs", "none"]),
    default="rdfs",
    show_default=True,
    help="Also push the RDFS-entailed statements (so --entailment rdfs works on the server).",
)
@click.option(
    "--batch",
    "batch_size",
    type=click.IntRange(1),
    default=1000,
    show_default=True,
    metavar="N",
    help="Statements per update request (halved when the server finds it too big).",
)
@click.option("--from", "graph_dir", metavar="DIR", help="Graph folder to push (default: as for kg query).")
@click.option("--data", multiple=True, metavar="FILE", type=click.Path(dir_okay=False), help="Add a file (repeatable).")
@settings_options
def push(
    endpoint: str,
    target: str,
    protocol: str,
    entailment: str,
    batch_size: int,
    graph_dir: str | None,
    data: tuple[str, ...],
    **settings: str | None,
) -> None:
    """Load the graph into a SPARQL server, replacing what an earlier push put there.

    Credentials come from $KG_ENDPOINT_USER and $KG_ENDPOINT_PASSWORD (Basic or Digest),
    never from the command line. Then query it with `kg query --endpoint URL`.

    \b
    Example (Virtuoso):
      KG_ENDPOINT_USER=dba KG_ENDPOINT_PASSWORD=dba kg push --endpoint http://localhost:8890/sparql-auth
      kg query cast-of-season --endpoint http://localhost:8890/sparql
    """
    from graph.api import KnowledgeGraph

    options = options_from({"graph_dir": graph_dir, "data": data, **settings})
    kg = KnowledgeGraph.open(options)
    report = kg.push(endpoint, graph=target, protocol=protocol, entailment=entailment, batch_size=batch_size)
    click.echo(
        f"pushed {report.statements} statements in {report.graphs} graphs ({report.requests} requests); "
        f"default view in <{target}>"
    )
