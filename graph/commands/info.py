"""`kg info`: which graph kg uses and why, and what is in it."""

from __future__ import annotations

import click

from graph.commands.common import graph_options


@click.command()
@graph_options
def info(graph_dir: str | None, data: tuple[str, ...], store: str) -> None:
    """Show the graph folder in use and why, whether kg may write to it, the ontology
    version, how many files, claims and statements it has, its sources and its store."""
    from graph.api import KnowledgeGraph
    from graph.graph_info import describe
    from graph.load import discover
    from graph.stores import open_engine
    from graph.workspace import command_location

    loc = command_location(graph_dir)
    files = discover(loc, data)
    click.echo(describe(KnowledgeGraph(loc, files, open_engine(loc, files, store))))
