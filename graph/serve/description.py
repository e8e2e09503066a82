"""The SPARQL 1.1 Service Description of the endpoint, with VoID statistics of its dataset.

Answered on GET /sparql without a query (and on /void); the counts are computed once per
loaded graph. Written by pyoxigraph's serializers, never by pasting strings.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    from graph.engine import Engine

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
#: named graphs listed one by one (with their size) at most; the total is always given
LISTED_GRAPHS = 100
PREFIXES = {"sd": SD, "void": VOID, "formats": FORMATS}

_COUNTS = """SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?p) AS ?properties)
  (COUNT(DISTINCT ?o) AS ?objects) WHERE { ?s ?p ?o }"""
_CLASSES = "SELECT (COUNT(DISTINCT ?c) AS ?classes) WHERE { ?s a ?c }"
_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY DESC(?n) ?g"


def _rows(engine: Engine, text: str) -> list[dict[str, str]]:
    result = engine.query(text, name="<service description>")
    data = json.loads(result.json or b"{}")
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def statistics(engine: Engine) -> dict[str, object]:
    """Counts of the default view and the named graphs (one pass each)."""
    counts = _rows(engine, _COUNTS)[0]
    classes = _rows(engine, _CLASSES)[0]
    graphs = _rows(engine, _GRAPHS)
    return {
        **{k: int(v) for k, v in counts.items()},
        "classes": int(classes.get("classes", 0)),
        "graphs": [(row["g"], int(row["n"])) for row in graphs],
    }


def result_formats() -> list[str]:
    """The W3C names of the formats a query's answer can be asked for in (from the one table)."""
    from graph.sparql.formats import FORMATS

    return [f.w3c for f in FORMATS.values() if f.w3c and f.answers & {"select", "ask", "graph"}]


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


def description(endpoint: str, stats: dict[str, object]) -> list[ox.Triple]:
    """The service, its formats and its default dataset, described with sd: and void:."""
    service, node = ox.NamedNode(endpoint), ox.NamedNode
    dataset, default = ox.BlankNode("dataset"), ox.BlankNode("defaultGraph")
    out = [
        ox.Triple(service, RDF_TYPE, node(SD + "Service")),
        ox.Triple(service, node(SD + "endpoint"), service),
        ox.Triple(service, node(SD + "supportedLanguage"), node(SD + "SPARQL11Query")),
        ox.Triple(service, node(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, node(SD + "Dataset")),
        ox.Triple(dataset, RDF_TYPE, node(VOID + "Dataset")),
        ox.Triple(dataset, node(VOID + "sparqlEndpoint"), service),
        ox.Triple(dataset, node(SD + "defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, node(SD + "Graph")),
    ]
    out += [ox.Triple(service, node(SD + "resultFormat"), node(FORMATS + f)) for f in result_formats()]
    for key in ("triples", "classes", "properties"):
        out.append(ox.Triple(default, node(VOID + key), _int(stats[key])))  # type: ignore[arg-type]
    out.append(ox.Triple(default, node(VOID + "distinctSubjects"), _int(stats["subjects"])))  # type: ignore[arg-type]
    out.append(ox.Triple(default, node(VOID + "distinctObjects"), _int(stats["objects"])))  # type: ignore[arg-type]
    graphs: list[tuple[str, int]] = stats["graphs"]  # type: ignore[assignment]
    out.append(ox.Triple(dataset, node(VOID + "triples"), _int(stats["triples"] + sum(n for _, n in graphs))))  # type: ignore[operator]
    for i, (name, count) in enumerate(graphs[:LISTED_GRAPHS]):
        entry, graph = ox.BlankNode(f"named{i}"), ox.BlankNode(f"graph{i}")
        out += [
            ox.Triple(dataset, node(SD + "namedGraph"), entry),
            ox.Triple(entry, RDF_TYPE, node(SD + "NamedGraph")),
            ox.Triple(entry, node(SD + "name"), node(name)),
            ox.Triple(entry, node(SD + "graph"), graph),
            ox.Triple(graph, RDF_TYPE, node(SD + "Graph")),
            ox.Triple(graph, node(VOID + "triples"), _int(count)),
        ]
    return out
