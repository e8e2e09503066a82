"""The network as GraphML 1.0 or GEXF 1.2 for Gephi, Cytoscape and yEd: valid and byte-stable.

Written here rather than by NetworkX's writers, which give GraphML node ids that are IRIs
(the schema wants NMTOKENs), GEXF a `<graph name="">` the schema refuses and the day's
date, and build the whole document as an element tree first. Nodes are `n0, n1, …` in the
order of their keys and edges `e0, e1, …` in order of (source, target, key), so the same
graph gives the same bytes; each node's IRI stays in its `iri` attribute. Text that XML 1.0
cannot carry (control characters) becomes U+FFFD; a carriage return stays one (`&#13;`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

NETWORK_FORMATS = ("graphml", "gexf")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_NAME = re.compile(r"[^A-Za-z0-9._:-]")
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://www.gexf.net/1.2draft"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CREATOR = "franchise-kg"


def _text(value: object) -> str:
    """Element content: escaped, carriage returns kept as references, no character XML refuses."""
    return escape(_NOT_XML.sub("\ufffd", str(value)), {"\r": "&#13;"})


def _attr(value: object) -> str:
    """An attribute value, quoted; tabs and line breaks kept as references."""
    return quoteattr(_NOT_XML.sub("\ufffd", str(value)))


def _names(items: Iterator[dict[str, object]]) -> list[str]:
    """Every attribute name used, sorted (stable column order)."""
    seen: set[str] = set()
    for attrs in items:
        seen.update(attrs)
    return sorted(seen)


def _ordered(g: nx.MultiDiGraph) -> tuple[dict[object, str], list[tuple[object, object, object, dict]]]:
    """Node ids in the order of the node keys, and the edges in order of (source, target, key)."""
    ids = {n: f"n{i}" for i, n in enumerate(sorted(g, key=str))}
    order = {n: i for i, n in enumerate(ids)}
    edges = sorted(g.edges(keys=True, data=True), key=lambda e: (order[e[0]], order[e[1]], str(e[2])))
    return ids, edges


def graphml_chunks(g: nx.MultiDiGraph) -> Iterator[str]:
    """GraphML 1.0, valid against graphml.xsd: `<key>` per attribute, NMTOKEN ids and names."""
    ids, edges = _ordered(g)
    node_names = _names(d for _, d in g.nodes(data=True))
    edge_names = _names(d for *_, d in edges)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (
        f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="{XSI}" '
        f'xsi:schemaLocation="{GRAPHML_NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    keys: dict[tuple[str, str], str] = {}
    for where, names in (("node", node_names), ("edge", edge_names)):
        for name in names:
            key = keys[(where, name)] = f"d{len(keys)}"
            yield f'  <key id="{key}" for="{where}" attr.name={_attr(_NOT_NAME.sub("_", name))} attr.type="string"/>\n'
    yield '  <graph id="G" edgedefault="directed">\n'
    for n, node_id in ids.items():
        data = g.nodes[n]
        yield f'    <node id="{node_id}">'
        yield "".join(f'<data key="{keys[("node", k)]}">{_text(data[k])}</data>' for k in sorted(data))
        yield "</node>\n"
    for i, (u, v, _, data) in enumerate(edges):
        yield f'    <edge id="e{i}" source="{ids[u]}" target="{ids[v]}">'
        yield "".join(f'<data key="{keys[("edge", k)]}">{_text(data[k])}</data>' for k in sorted(data))
        yield "</edge>\n"
    yield "  </graph>\n</graphml>\n"


def gexf_chunks(g: nx.MultiDiGraph, description: str = "") -> Iterator[str]:
    """GEXF 1.2draft, valid against gexf.xsd, without a date: the same graph, the same bytes."""
    ids, edges = _ordered(g)
    node_names = _names(d for _, d in g.nodes(data=True))
    edge_names = _names(d for *_, d in edges)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<gexf xmlns="{GEXF_NS}" version="1.2">\n'
    yield f"  <meta><creator>{CREATOR}</creator>"
    yield f"<description>{_text(description)}</description>" if description else ""
    yield "</meta>\n"
    yield '  <graph defaultedgetype="directed" mode="static" idtype="string">\n'
    columns: dict[tuple[str, str], str] = {}
    for where, names in (("node", node_names), ("edge", edge_names)):
        yield f'    <attributes class="{where}" mode="static">\n'
        for name in names:
            column = columns[(where, name)] = str(len(columns))
            yield f'      <attribute id="{column}" title={_attr(name)} type="string"/>\n'
        yield "    </attributes>\n"
    yield f'    <nodes count="{g.number_of_nodes()}">\n'
    for n, node_id in ids.items():
        data = g.nodes[n]
        yield f'      <node id="{node_id}" label={_attr(data.get("label", n))}><attvalues>'
        yield "".join(f'<attvalue for="{columns[("node", k)]}" value={_attr(data[k])}/>' for k in sorted(data))
        yield "</attvalues></node>\n"
    yield "    </nodes>\n"
    yield f'    <edges count="{len(edges)}">\n'
    for i, (u, v, _, data) in enumerate(edges):
        label = f" label={_attr(data['label'])}" if "label" in data else ""
        yield f'      <edge id="e{i}" source="{ids[u]}" target="{ids[v]}"{label}><attvalues>'
        yield "".join(f'<attvalue for="{columns[("edge", k)]}" value={_attr(data[k])}/>' for k in sorted(data))
        yield "</attvalues></edge>\n"
    yield "    </edges>\n  </graph>\n</gexf>\n"


def network_bytes(g: nx.MultiDiGraph, fmt: str) -> bytes:
    """A network as GraphML or GEXF bytes (UTF-8)."""
    if fmt == "graphml":
        chunks = graphml_chunks(g)
    elif fmt == "gexf":
        chunks = gexf_chunks(g)
    else:
        raise ValueError(f"unknown network format {fmt!r}; choose one of {', '.join(NETWORK_FORMATS)}")
    return "".join(chunks).encode("utf-8")
