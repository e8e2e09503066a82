"""`kg explain ENTITY`."""

from __future__ import annotations

import click

from graph.cli.command import Command
from graph.cli.common import graph_options
from graph.options import GraphOptions


@click.command(cls=Command)
@click.argument("entity")
@click.option("--with-speculation", is_flag=True, help="Also show what the sources only guess.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@graph_options
def explain(entity: str, with_speculation: bool, fmt: str, options: GraphOptions) -> None:
    """Print an entity's facts, each with the sentence it comes from.

    ENTITY is a name ("Anna Cathcart", matched ignoring case and spacing), a prefixed name
    (kg:person_anna-cathcart) or an IRI.
    """
    from graph.api import KnowledgeGraph
    from graph.explain import render_json, render_text

    iri, facts = KnowledgeGraph.open(options).explain(entity, with_speculation=with_speculation)
    if fmt == "json":
        click.echo(render_json(iri, facts))
        return
    from graph.terminal import printable

    click.echo(printable(render_text(iri, facts), lines=True), nl=False)
