"""`kg query` and `kg queries`."""

from __future__ import annotations

import click

from graph.cli.common import entailment_option, graph_options, output_option, write_output
from graph.options import GraphOptions
from graph.sparql.formats import QUERY_FORMATS


@click.command()
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
@output_option
@graph_options
def query(
    query_spec: str,
    params: tuple[str, ...],
    fmt: str | None,
    entailment: str,
    with_speculation: bool,
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
    from graph.api import KnowledgeGraph
    from graph.sparql.formats import render
    from graph.sparql.params import parse_assignments

    values = parse_assignments(params)
    kg = KnowledgeGraph.open(options)
    result = kg.query(query_spec, values, with_speculation=with_speculation, entailment=entailment)
    write_output(render(result, fmt), output)


@click.command()
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
    for q in found:
        params = ", ".join(
            p.describe() + (f" default {q.defaults[p.name]}" if p.name in q.defaults else "") for p in q.parameters
        )
        click.echo(f"{q.name}")
        click.echo(f"    {q.summary or '(no summary)'}")
        if params:
            click.echo(f"    parameters: {params}")
