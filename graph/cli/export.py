"""`kg export`: the whole graph in an RDF syntax (or, for graph tools, GraphML/GEXF)."""

from __future__ import annotations

import click

from graph.cli.common import entailment_option, graph_options, open_graph, output_option, write_output

RDF_EXPORT_FORMATS = ("turtle", "nt", "nquads", "trig", "jsonld")
NETWORK_FORMATS = ("graphml", "gexf")


@click.command()
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice([*RDF_EXPORT_FORMATS, *NETWORK_FORMATS]),
    default="turtle",
    show_default=True,
)
@entailment_option("Add what RDFS semantics entails.")
@click.option("--with-speculation", is_flag=True, help="Include what the sources only guess in the default graph.")
@output_option
@graph_options
def export(
    fmt: str,
    entailment: str,
    with_speculation: bool,
    output: str | None,
    graph_dir: str | None,
    data: tuple[str, ...],
    store: str,
) -> None:
    """Write the whole graph.

    TriG and N-Quads (and JSON-LD) keep provenance: each claim is a named graph, and the
    default graph holds the facts, the ontology and where each claim comes from. Turtle and
    N-Triples carry the default graph only.
    """
    kg = open_graph(graph_dir, data, store)
    if fmt in NETWORK_FORMATS:
        from graph.viz.network import write_network

        write_output(write_network(kg, fmt, with_speculation=with_speculation), output)
        return
    from graph.export import export_bytes

    write_output(export_bytes(kg, fmt, with_speculation=with_speculation, entailment=entailment), output)
