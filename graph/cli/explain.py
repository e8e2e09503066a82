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
    """Print what an entity is, then what each claim says about it, with its sentences.

    ENTITY is a name ("Anna Cathcart", matched ignoring case and spacing), a prefixed name
    (kg:person_anna-cathcart) or an IRI. First the entity in words ("plays Stella in XO,
    Kitty Season 2"), then each claim that stands (its status, source, reasoning, the
    statements it makes about the entity and each of its sentences once), then, under
    headings of their own, the guesses (with --with-speculation) and the history: claims a
    newer source superseded or corrected.
    """
    from graph.api import KnowledgeGraph
    from graph.explain import render_json, render_text

    found = KnowledgeGraph.open(options).account(entity, with_speculation=with_speculation)
    if fmt == "json":
        click.echo(render_json(found))
        return
    from graph.terminal import printable

    click.echo(printable(render_text(found), lines=True), nl=False)
