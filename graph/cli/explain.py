"""`kg explain ENTITY`."""

from __future__ import annotations

import click

from graph.cli.common import graph_options, open_graph


@click.command()
@click.argument("entity")
@click.option("--with-speculation", is_flag=True, help="Also show what the sources only guess.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@graph_options
def explain(
    entity: str, with_speculation: bool, fmt: str, graph_dir: str | None, data: tuple[str, ...], store: str
) -> None:
    """Print an entity's facts, each with the sentence it comes from.

    ENTITY is a name ("Anna Cathcart", matched ignoring case and spacing), a prefixed name
    (kg:AnnaCathcart) or an IRI.
    """
    from graph.explain import explain as run_explain
    from graph.explain import render_json, render_text

    kg = open_graph(graph_dir, data, store)
    iri, facts = run_explain(kg, entity, with_speculation=with_speculation)
    if fmt == "json":
        click.echo(render_json(iri, facts))
        return
    from graph.terminal import printable

    click.echo(printable(render_text(iri, facts), lines=True), nl=False)
