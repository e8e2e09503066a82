"""`kg stats`."""

from __future__ import annotations

import click

from graph.cli.command import Command
from graph.cli.common import entailment_option, graph_options
from graph.options import GraphOptions


@click.command(cls=Command)
@click.option("--with-speculation", is_flag=True, help="Count what the sources only guess too.")
@entailment_option("Count what RDFS semantics entails too.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@graph_options
def stats(with_speculation: bool, entailment: str, fmt: str, options: GraphOptions) -> None:
    """Count statements by class and by property, and claims by status."""
    import json

    from graph.api import KnowledgeGraph
    from graph.stats import render_text

    result = KnowledgeGraph.open(options).stats(with_speculation=with_speculation, entailment=entailment)
    click.echo(json.dumps(result, indent=2) if fmt == "json" else render_text(result), nl=fmt == "json")
