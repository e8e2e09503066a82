"""Loading the graph into a SPARQL server (`kg push`), so that `--endpoint` can query it.

What goes to the server mirrors the local store: the default view into one graph (`--graph
IRI`), the speculation view, each claim's named graph (provenance), and, unless left out,
the RDFS-entailed statements of both views in their own graphs. Each graph is replaced.

Two ways in: SPARQL Update (`INSERT { GRAPH <g> { … } } WHERE {}` in batches; not `INSERT
DATA`, which Virtuoso refuses with blank nodes), or the Graph Store Protocol (one PUT of
N-Triples per graph). Blank nodes keep their identity within one graph only.
"""

from __future__ import annotations

import re
import urllib.parse
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graph.errors import UsageError
from graph.namespaces import entailed_graph_iri
from graph.progress import Progress
from graph.store.endpoint import PUSH_GRAPH
from graph.store.http import DEFAULT_TIMEOUT, EndpointError, check_url, request

if TYPE_CHECKING:
    from graph.engine import Engine

PROTOCOLS = ("update", "gsp")
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")


@dataclass
class PushReport:
    """What was sent: statements, graphs and requests."""

    statements: int
    graphs: int
    requests: int


def graphs_to_push(engine: Engine, graph: str = PUSH_GRAPH, entailment: str = "rdfs") -> dict[str, list[ox.Triple]]:
    """The server-side graphs and their triples: default view under `graph`, the rest by name."""
    out: dict[str, list[ox.Triple]] = defaultdict(list)
    for q in engine.quads():
        name = graph if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        out[name].append(q.triple)
    if entailment == "rdfs":
        for with_speculation in (False, True):
            out[entailed_graph_iri(with_speculation)] = engine.entailed(with_speculation=with_speculation)
    return dict(out)


def check_graph_iri(iri: str) -> str:
    """Refuse a `--graph` that is not one absolute IRI (it is written into SPARQL Update as
    `<iri>`: a `>` or space in it would end the IRI and start statements of its own)."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        node = None
    if node is None or not _ABSOLUTE.match(iri) or any(c in iri for c in '<>"{}|^`\\ \t\r\n'):
        raise UsageError(f"--graph {iri!r}: not an absolute IRI (like https://example.org/graph)")
    return iri


def _has_blank(t: ox.Triple) -> bool:
    return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)


def batches(graphs: dict[str, list[ox.Triple]], size: int) -> Iterator[list[tuple[str, list[ox.Triple]]]]:
    """Group (graph, triples) pieces into requests of about `size` statements; a graph's
    blank-node statements stay in one piece, so each blank node stays one node."""
    current: list[tuple[str, list[ox.Triple]]] = []
    count = 0
    for name, triples in graphs.items():
        blank = [t for t in triples if _has_blank(t)]
        plain = [t for t in triples if not _has_blank(t)]
        pieces = ([blank] if blank else []) + [plain[i : i + size] for i in range(0, len(plain), size)]
        for piece in pieces:
            if current and count + len(piece) > size:
                yield current
                current, count = [], 0
            current.append((name, piece))
            count += len(piece)
    if current:
        yield current


def insert_text(pieces: list[tuple[str, list[ox.Triple]]]) -> str:
    """SPARQL Update adding the pieces' triples to their graphs (terms in N-Triples syntax):
    `INSERT DATA` for ground triples, `INSERT {…} WHERE {}` for those with blank nodes."""
    ground, blank = [], []
    for name, triples in pieces:
        body = " .\n".join(f"{t.subject} {t.predicate} {t.object}" for t in triples)
        block = f"GRAPH <{name}> {{\n{body} .\n}}"
        (blank if any(_has_blank(t) for t in triples) else ground).append(block)
    operations = []
    if ground:
        operations.append("INSERT DATA {\n" + "\n".join(ground) + "\n}")
    if blank:
        operations.append("INSERT {\n" + "\n".join(blank) + "\n} WHERE {}")
    return " ;\n".join(operations)


def _update(url: str, text: str, http: dict[str, Any]) -> None:
    body = urllib.parse.urlencode({"update": text}).encode("ascii")
    request(url, method="POST", body=body, headers={"Content-Type": "application/x-www-form-urlencoded"}, **http)


def _send_batch(url: str, pieces: list[tuple[str, list[ox.Triple]]], http: dict[str, Any]) -> int:
    """Send one batch; if the server finds it too big (HTTP 400/413), send it in halves."""
    try:
        _update(url, insert_text(pieces), http)
        return 1
    except EndpointError as exc:
        halves = _halve(pieces)
        if halves is None or not any(code in str(exc) for code in ("HTTP 400", "HTTP 413")):
            raise
        return sum(_send_batch(url, half, http) for half in halves)


def _halve(pieces: list[tuple[str, list[ox.Triple]]]) -> tuple[list, list] | None:
    """Split a batch in two without splitting a blank-node piece; None if it cannot be split."""
    if len(pieces) > 1:
        return pieces[: len(pieces) // 2], pieces[len(pieces) // 2 :]
    name, triples = pieces[0]
    if len(triples) < 2 or any(_has_blank(t) for t in triples):
        return None
    return [(name, triples[: len(triples) // 2])], [(name, triples[len(triples) // 2 :])]


def push(
    engine: Engine,
    url: str,
    *,
    graph: str = PUSH_GRAPH,
    protocol: str = "update",
    entailment: str = "rdfs",
    batch_size: int = 1000,
    credentials: tuple[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> PushReport:
    """Replace the graphs on the server at `url` with this graph's; progress on a terminal."""
    check_url(url)
    check_graph_iri(graph)
    http: dict[str, Any] = {"credentials": credentials, "timeout": timeout}
    graphs = graphs_to_push(engine, graph, entailment)
    total = sum(len(t) for t in graphs.values())
    progress = Progress("pushing", total, "statements")
    requests = 0
    if protocol == "gsp":
        sep = "&" if urllib.parse.urlsplit(url).query else "?"
        for name, triples in graphs.items():
            target = url + sep + urllib.parse.urlencode({"graph": name})
            data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            request(target, method="PUT", body=data, headers={"Content-Type": "text/turtle; charset=utf-8"}, **http)
            requests += 1
            progress.advance(len(triples))
    else:
        names = list(graphs)
        for i in range(0, len(names), 200):
            _update(url, " ;\n".join(f"DROP SILENT GRAPH <{n}>" for n in names[i : i + 200]), http)
            requests += 1
        for pieces in batches(graphs, batch_size):
            requests += _send_batch(url, pieces, http)
            progress.advance(sum(len(t) for _, t in pieces))
    progress.finish()
    return PushReport(total, len(graphs), requests)
