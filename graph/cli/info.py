"""`kg info`: which graph kg uses and why, and what is in it."""

from __future__ import annotations

import click

from graph.cli.common import graph_options, open_graph


@click.command()
@graph_options
def info(graph_dir: str | None, data: tuple[str, ...], store: str) -> None:
    """Show the graph folder in use and why, whether kg may write to it, the ontology
    version, how many files, claims and statements it has, its sources and its store."""
    from graph.info import describe

    click.echo(describe(open_graph(graph_dir, data, store)))
