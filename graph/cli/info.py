"""`kg info`: which graph kg uses and why, and what is in it."""

from __future__ import annotations

import click

from graph.cli.command import Command
from graph.cli.common import graph_options
from graph.options import GraphOptions


@click.command(cls=Command)
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@graph_options
def info(fmt: str, options: GraphOptions) -> None:
    """Show the graph folder in use and why, whether kg may write to it, the ontology
    version, how many files, claims and statements it has, its sources and its store."""
    from graph.api import KnowledgeGraph
    from graph.info import render_text

    data = KnowledgeGraph.open(options).info()
    if fmt == "json":
        import json

        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(render_text(data))
