"""`kg export`: the whole graph in an RDF syntax (or, for graph tools, GraphML/GEXF)."""

from __future__ import annotations

import click

from graph.cli.command import Command
from graph.cli.common import entailment_option, graph_options, output_option, write_output
from graph.export import NETWORK_FORMATS, RDF_EXPORT_FORMATS
from graph.options import GraphOptions


@click.command(cls=Command)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice([*RDF_EXPORT_FORMATS, *NETWORK_FORMATS]),
    default="turtle",
    show_default=True,
)
@entailment_option("Add what RDFS semantics entails (RDF formats only).")
@click.option("--with-speculation", is_flag=True, help="Include what the sources only guess in the default graph.")
@output_option
@graph_options
def export(fmt: str, entailment: str, with_speculation: bool, output: str | None, options: GraphOptions) -> None:
    """Write the whole graph.

    TriG and N-Quads (and JSON-LD) keep provenance: each claim is a named graph, and the
    default graph holds the facts, the ontology and where each claim comes from. Turtle and
    N-Triples carry the default graph only. The output is sorted: the same graph gives the
    same bytes.
    """
    from graph.api import KnowledgeGraph

    kg = KnowledgeGraph.open(options)
    write_output(kg.export(fmt, with_speculation=with_speculation, entailment=entailment), output)
