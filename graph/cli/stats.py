"""`kg stats`."""

from __future__ import annotations

import click

from graph.cli.common import entailment_option, graph_options, open_graph


@click.command()
@click.option("--with-speculation", is_flag=True, help="Count what the sources only guess too.")
@entailment_option("Count what RDFS semantics entails too.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@graph_options
def stats(
    with_speculation: bool, entailment: str, fmt: str, graph_dir: str | None, data: tuple[str, ...], store: str
) -> None:
    """Count statements by class and by property, and claims by status."""
    import json

    from graph.stats import render_text
    from graph.stats import stats as compute

    kg = open_graph(graph_dir, data, store)
    result = compute(kg, with_speculation=with_speculation, entailment=entailment)
    click.echo(json.dumps(result, indent=2) if fmt == "json" else render_text(result), nl=fmt == "json")
