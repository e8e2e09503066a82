"""`kg diff [OLD] [NEW]` and `kg diff --season FILE`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graph.cli.command import Command


@click.command(cls=Command)
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option(
    "--season",
    "season_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Compare the graph with the graph plus this season file (what `kg season add --from FILE` would add).",
)
@click.option("--replace", is_flag=True, help="With --season: the file replaces what its source said before.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--graph", "graph_dir", metavar="DIR", help="Graph folder (default: a working copy here, …).")
def diff(
    old: str | None, new: str | None, season_file: Path | None, replace: bool, fmt: str, graph_dir: str | None
) -> None:
    """Show how two states of a graph differ, claim by claim: per entity, the facts added,
    removed, superseded or corrected, restored, confirmed by another source, contradicted or
    changed, each with its claim, status and the sentence it comes from.

    OLD and NEW are graph folders or git revisions of the graph folder (HEAD~1, a tag); NEW
    defaults to the folder as it is, OLD to HEAD. With --season FILE, the graph is compared
    with the graph plus that season file. Exits 0 when nothing differs, 1 when something
    does (as diff does), 2 on an error.

    \b
      kg diff HEAD~1                  # what the last commit changed
      kg diff ../other-copy .         # two working copies
      kg diff --season season-3.toml  # what kg season add --from season-3.toml would change
    """
    from graph.cli.common import command_graph
    from graph.errors import UsageError

    if season_file is not None and (old or new):
        raise UsageError("--season compares the graph with a season file: give no OLD or NEW with it")
    if replace and season_file is None:
        raise UsageError("--replace goes with --season")
    kg = command_graph(graph_dir)
    result = kg.diff(old, new, season=season_file, replace=replace)
    if fmt == "json":
        click.echo(result.to_json())
    else:
        from graph.terminal import printable

        click.echo(printable(result.to_text(), lines=True), nl=False)
    sys.exit(1 if result else 0)
