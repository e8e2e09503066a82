"""`kg source add|list|show`: register articles so that new facts can cite their sentences."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.command import Group
from graph.cli.common import graph_options
from graph.errors import counted
from graph.options import GraphOptions
from graph.terminal import printable


@click.group(cls=Group)
def source() -> None:
    """Register source articles and look up their sentences.

    \b
    Facts added with `kg season add` cite sentences of a registered source:
      kg source add article.txt --title "XO, Kitty season 3 announced" --published 2025-02-20
      kg source show xo-kitty-season-3-article     # numbered sentences and their IRIs
    """


@source.command("add")
@click.argument("file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--title", required=True, help="Title of the article (schema:name).")
@click.option("--url", metavar="URL", help="Where the article was published (http or https).")
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date.")
@click.option("--slug", metavar="NAME", help="Name of the source (default: from the file name).")
@click.option("--graph", "graph_dir", metavar="DIR", help="Graph folder to write to.")
def add(
    file: Path, title: str, url: str | None, published: str | None, slug: str | None, graph_dir: str | None
) -> None:
    """Copy FILE (UTF-8 text) into ontology/sources/ and describe each of its sentences.

    Writes ontology/sources/SLUG.txt and SLUG.ttl, after checking that the graph with them
    still validates. The same text (sha256) or name cannot be registered twice.
    """
    from graph.cli.common import command_graph

    new = command_graph(graph_dir).add_source(file, title=title, url=url, published=published, slug=slug)
    click.echo(
        f"registered source {new.slug!r}: {counted(len(new.sentences), 'sentence')} in {printable(str(new.ttl))}"
    )
    click.echo(f"see them with `kg source show {new.slug}`; cite them with `kg season add --source {new.slug}`")


@source.command("list")
@graph_options
def list_sources(options: GraphOptions) -> None:
    """List the registered sources: name, sentences, publication date and title (with
    --endpoint, those the server holds)."""
    from graph.api import KnowledgeGraph

    rows = KnowledgeGraph.open(options).sources()
    if not rows:
        click.echo("no sources registered; add one with `kg source add FILE --title …`")
        return
    width = max(len(r["slug"]) for r in rows)
    for row in rows:
        published = row.get("published", "")
        click.echo(
            f"{row['slug']:<{width}}  {row['sentences']:>4} sentences  {published:<10}  {printable(row['title'])}"
        )


@source.command("show")
@click.argument("name")
@click.option("--graph", "graph_dir", metavar="DIR", help="Graph folder to use.")
def show(name: str, graph_dir: str | None) -> None:
    """Print a source's title and its numbered sentences with the IRIs facts cite."""
    from graph.cli.common import command_graph

    src = command_graph(graph_dir).source(name)
    click.echo(f"{src.slug}: {printable(src.title)}")
    click.echo(f"text: {printable(str(src.txt))}   description: {printable(str(src.ttl))}")
    for s in src.sentences:
        click.echo(f"s{s.number:02d}  <{s.iri}>{'  (heading: not citable)' if s.heading else ''}")
        click.echo(f"     {printable(s.text)}")
