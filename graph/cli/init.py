"""`kg init [DIR]`: make a working copy of the graph that kg commands may change."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.command import Command


@click.command(cls=Command)
@click.argument("directory", metavar="[DIR]", required=False, default=".", type=click.Path(file_okay=False))
@click.option(
    "--from",
    "from_dir",
    metavar="GRAPH",
    help="Graph folder to copy (default: the graph in use, usually the bundled one; see `kg info`).",
)
@click.option("--force", is_flag=True, help="Replace the graph already in DIR (its own facts and sources are lost).")
def init(directory: str, from_dir: str | None, force: bool) -> None:
    """Copy the graph's ontology/ and queries/ into DIR (default: this folder) and mark it as
    a working copy with a kg-graph.toml file.

    \b
    Afterwards, inside DIR every kg command uses that copy, and the commands that add data
    (`kg source add`, `kg season add`) write there. Elsewhere use --graph DIR or KG_GRAPH=DIR.
    An existing graph in DIR is never overwritten without --force.
    """
    from graph.api import KnowledgeGraph
    from graph.cli.common import options_from

    kg = KnowledgeGraph.open(options_from({"graph_dir": from_dir}), load=False)
    target = kg.copy_to(directory, force=force)
    origin = "the bundled graph" if kg.location.bundled else str(kg.location.root)
    click.echo(f"made a working copy of {origin} in {target}")
    shown = "." if target.resolve() == Path.cwd().resolve() else str(target)
    if shown != ".":
        click.echo(f"next: cd {shown} && kg info   (or kg --graph {shown} …)")
    else:
        click.echo("next: kg info, then kg source add ARTICLE.txt --title …")
