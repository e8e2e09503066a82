"""`kg query` and `kg queries`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from graph.cli.command import Command
from graph.cli.common import Seconds, entailment_option, graph_options, output_option, write_output
from graph.options import GraphOptions
from graph.sparql.formats import QUERY_FORMATS

if TYPE_CHECKING:
    from graph.engine import Result


@click.command(cls=Command)
@click.argument("query_spec", metavar="QUERY")
@click.option(
    "--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="Bind a query parameter (repeatable)."
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(QUERY_FORMATS),
    help="Output format (default: table, or turtle for CONSTRUCT/DESCRIBE).",
)
@entailment_option("Answer with what RDFS semantics entails too (schema.org terms).")
@click.option("--with-speculation", is_flag=True, help="Include what the sources only guess.")
@click.option(
    "--timeout",
    type=Seconds(),
    metavar="SECONDS",
    help="Stop the query (and its loading) after SECONDS; exit 1 with a one-line message.",
)
@output_option
@graph_options
def query(
    query_spec: str,
    params: tuple[str, ...],
    fmt: str | None,
    entailment: str,
    with_speculation: bool,
    timeout: float | None,
    output: str | None,
    options: GraphOptions,
) -> None:
    """Run a read-only SPARQL query.

    QUERY is SPARQL text, a path to a .rq file, - to read standard input, or the name of a
    query in queries/ (see `kg queries`). Common prefixes (kg:, kgo:, schema:, rdfs:, prov:,
    oa:, xsd:, …) are known without being declared.

    \b
    Examples:
      kg query cast-of-season --param season=2
      kg query 'SELECT ?name WHERE { ?p a kgo:Person ; schema:name ?name }' --format csv
      kg query --entailment rdfs 'SELECT ?n WHERE { ?r a schema:PerformanceRole ;
               schema:characterName "Kitty Song Covey" ; schema:actor/schema:name ?n }'
    """
    values: dict[str, str] = {}
    if params:
        from graph.sparql.params import parse_assignments

        values = parse_assignments(params)

    def answer() -> tuple[Result, Callable[[bool], list[str]]]:
        from graph.api import KnowledgeGraph

        kg = KnowledgeGraph.open(options)
        prepared = kg.prepare(query_spec, values, with_speculation=with_speculation, entailment=entailment)
        return kg.execute(prepared), lambda empty: kg.advise(prepared, empty=empty)

    from graph.sparql.formats import answered_nothing, render, write

    if timeout:  # in a child process that can be stopped: no engine can cancel a query

        def work() -> bytes:  # the answer, and the advice on it, in one message from the child
            result, advise = answer()
            out = render(result, fmt)
            notes = "\n".join(advise(answered_nothing(result, fmt, out)))
            return len(notes.encode()).to_bytes(4, "big") + notes.encode() + out

        from graph.sparql.deadline import within

        message = within(timeout, work, "the query")
        size = int.from_bytes(message[:4], "big")
        write_output(message[4 + size :], output)
        warn(message[4 : 4 + size].decode().splitlines())
    elif output in (None, "-"):
        result, advise = answer()
        empty = write(result, fmt, sys.stdout.buffer)  # streamed: serialized once, straight out
        sys.stdout.buffer.flush()
        warn(advise(empty))
    else:
        result, advise = answer()
        out = render(result, fmt)
        write_output(out, output)
        warn(advise(answered_nothing(result, fmt, out)))


def warn(notes: list[str]) -> None:
    """Advice on standard error, one line each (the answer on standard output is unchanged)."""
    if notes:
        from graph.terminal import printable

        for note in notes:
            click.echo(f"warning: {printable(note)}", err=True)


@click.command(cls=Command)
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--graph", "graph_dir", metavar="DIR", help="Graph folder to use.")
def queries(fmt: str, graph_dir: str | None) -> None:
    """List the named queries in queries/ with their summaries and parameters."""
    import json

    from graph.api import KnowledgeGraph
    from graph.cli.common import options_from

    found = KnowledgeGraph.open(options_from({"graph_dir": graph_dir}), load=False).queries()
    if fmt == "json":
        items = [
            {
                "name": q.name,
                "summary": q.summary,
                "description": q.description,
                "tags": q.tags,
                "parameters": [{"name": p.name, "required": p.required, "type": p.describe()} for p in q.parameters],
                "defaults": q.defaults,
                "path": str(q.path),
            }
            for q in found
        ]
        click.echo(json.dumps(items, indent=2, ensure_ascii=False))
        return
    from graph.terminal import printable

    for q in found:
        params = ", ".join(
            p.describe() + (f" default {q.defaults[p.name]}" if p.name in q.defaults else "") for p in q.parameters
        )
        click.echo(printable(q.name))  # a file name or a summary may hold ESC or a line feed
        click.echo(f"    {printable(q.summary or '(no summary)')}")
        if params:
            click.echo(f"    parameters: {printable(params)}")
