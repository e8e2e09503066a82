"""`kg validate`: exit 0 only when the graph parses, conforms and passes every check."""

from __future__ import annotations

import click

from graph.cli.command import Command
from graph.cli.common import graph_options, refuse
from graph.options import GraphOptions


@click.command(cls=Command)
@click.option("--no-shapes", is_flag=True, help="Skip the SHACL shapes.")
@click.option("--no-checks", is_flag=True, help="Skip the quality-check queries in queries/checks/.")
@click.option(
    "--max-problems",
    type=click.IntRange(min=1),
    metavar="N",
    help="Stop after N problems (they are printed as they are found, so memory stays bounded).",
)
@graph_options
def validate(no_shapes: bool, no_checks: bool, max_problems: int | None, options: GraphOptions) -> None:
    """Check that every Turtle/TriG file and named query parses, that source quotes match their
    texts, that the data conforms to the SHACL shapes, and that the checks in queries/checks/
    find nothing.

    Each problem is printed on its own line as `file:line: cause`, as soon as it is found. It
    checks the graph's files (and --data files), loaded into memory; with --store oxigraph it
    reads the disk cache instead (less memory, slower on large graphs). --endpoint is refused.
    """
    from graph.api import KnowledgeGraph
    from graph.terminal import printable

    refuse(options, "kg validate", endpoint="it checks the graph's files, not a server (validate before `kg push`)")
    if options.store not in ("auto", "oxigraph", "oxigraph-memory"):
        refuse(options, "kg validate", store="it checks the files in pyoxigraph: use auto, oxigraph or oxigraph-memory")
    kg = KnowledgeGraph.open(options, load=False)
    count = 0
    for problem in kg.problems(shapes=not no_shapes, checks=not no_checks):
        if max_problems is not None and count == max_problems:
            click.echo(f"stopped after {max_problems} problems (--max-problems); there are more", err=True)
            raise SystemExit(1)
        click.echo(printable(str(problem)), err=True)  # a file name may hold a line feed or ESC
        count += 1
    if count:
        click.echo(f"{count} problem{'s' if count != 1 else ''} found", err=True)
        raise SystemExit(1)
    loc = kg.location
    n_checks = len(list((loc.queries_dir / "checks").glob("*.rq")))
    n_named = len(list(loc.queries_dir.glob("*.rq")))
    click.echo(
        f"ok: {len(kg.files.all())} files parse, {n_named} named queries parse, shapes conform, "
        f"{n_checks} checks pass ({loc.root})"
    )
