"""Loading: parse the graph's Turtle and TriG files into a pyoxigraph store.

The store holds every claim in its own named graph (provenance), and the views built from
them: the default graph has the ontology, the sources, the claims' metadata and every stated
or inferred statement; `SPECULATION_GRAPH` has the statements only speculation claims make.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from graph.errors import LoadError, location
from graph.locate import GraphLocation
from graph.namespaces import KGO, SPECULATION_GRAPH, STATUS_SPECULATION

RDF_EXTENSIONS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
}
_STATUS = ox.NamedNode(KGO + "status")
_SUPERSEDED_BY = ox.NamedNode(KGO + "supersededBy")
_ERROR_AT = re.compile(r"line (\d+) column (\d+)")


class GraphFiles:
    """The files that make up a graph, by role (a plain class, as graph.sparql.guard.Token)."""

    __slots__ = ("extra", "facts", "shapes", "sources", "vocabulary")

    def __init__(self) -> None:
        self.vocabulary: list[Path] = []
        self.shapes: list[Path] = []
        self.sources: list[Path] = []
        self.facts: list[Path] = []
        self.extra: list[Path] = []

    def __repr__(self) -> str:
        return f"GraphFiles({len(self.all())} files)"

    def data(self) -> list[Path]:
        """Everything that is loaded into the queried graph (all but the shapes)."""
        return [*self.vocabulary, *self.sources, *self.facts, *self.extra]

    def all(self) -> list[Path]:
        return [*self.data(), *self.shapes]


def _rdf_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix in RDF_EXTENSIONS and p.is_file())


def discover(loc: GraphLocation, extra: Iterable[str | os.PathLike[str]] = ()) -> GraphFiles:
    """List a graph folder's files: shapes are `ontology/shapes*.ttl`, the rest is data."""
    files = GraphFiles()
    for path in sorted(loc.ontology_dir.glob("*.ttl")):
        (files.shapes if path.name.startswith("shapes") else files.vocabulary).append(path)
    files.sources = _rdf_files(loc.sources_dir)
    files.facts = _rdf_files(loc.facts_dir)
    for item in extra:
        path = Path(item)
        if not path.is_file():
            raise LoadError(f"{path}: no such data file")
        files.extra.append(path)
    return files


def parse_file(path: Path) -> list[ox.Quad]:
    """Parse one RDF file; a syntax error becomes a one-line LoadError with file:line:column."""
    fmt = RDF_EXTENSIONS.get(path.suffix)
    if fmt is None:
        raise LoadError(f"{path}: unknown RDF file type {path.suffix!r} (use .ttl, .trig, .nt or .nq)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return parse_bytes(data, fmt, str(path), base_iri=path.resolve().as_uri())


def parse_bytes(data: bytes, fmt: ox.RdfFormat, name: str, base_iri: str | None = None) -> list[ox.Quad]:
    """Parse RDF text; errors name `name` with the line and column of the problem."""
    try:
        return list(ox.parse(data.removeprefix(b"\xef\xbb\xbf"), format=fmt, base_iri=base_iri))
    except SyntaxError as exc:
        raise LoadError(syntax_message(name, exc)) from None
    except ValueError as exc:
        raise LoadError(f"{name}: {exc}") from None
    except MemoryError:
        raise LoadError(f"{name}: a single token (a literal or an IRI) is over pyoxigraph's 16 MiB limit") from None


def syntax_message(name: str, exc: SyntaxError) -> str:
    """Turn pyoxigraph's parse error into `file:line:column: cause`."""
    message = str(exc.msg if exc.msg else exc)
    match = _ERROR_AT.search(message)
    line, column = (int(match.group(1)), int(match.group(2))) if match else (exc.lineno, exc.offset)
    cause = message.split(": ", 1)[1] if ": " in message else message
    cause = " ".join(cause.split())
    return f"{location(name, line, column)}: {cause}"


def claim_statuses(quads: Iterable[ox.Quad]) -> dict[ox.NamedNode | ox.BlankNode, str]:
    """The kgo:status of each claim, read from default-graph statements."""
    return {
        q.subject: q.object.value
        for q in quads
        if q.predicate == _STATUS and isinstance(q.graph_name, ox.DefaultGraph) and isinstance(q.object, ox.NamedNode)
    }


def view_quads(quads: list[ox.Quad]) -> Iterator[ox.Quad]:
    """Yield every quad as parsed plus its copy in the view its claim's status puts it in.

    Statements of stated, inferred or unlabelled claims are copied into the default graph;
    those of speculation claims into SPECULATION_GRAPH, so the default view never has them.
    A claim kgo:supersededBy a newer, not speculative claim (a confirmed date answering a
    guess) is in no view: only its named graph keeps it, for the history.
    """
    statuses = claim_statuses(quads)
    superseded = {
        q.subject
        for q in quads
        if q.predicate == _SUPERSEDED_BY
        and isinstance(q.graph_name, ox.DefaultGraph)
        and statuses.get(q.object) not in (None, STATUS_SPECULATION)
    }
    speculation = ox.NamedNode(SPECULATION_GRAPH)
    default = ox.DefaultGraph()
    for q in quads:
        yield q
        if isinstance(q.graph_name, ox.DefaultGraph) or q.graph_name in superseded:
            continue
        target = speculation if statuses.get(q.graph_name) == STATUS_SPECULATION else default
        yield ox.Quad(q.subject, q.predicate, q.object, target)


def load_files(paths: Iterable[Path], store: ox.Store | None = None) -> ox.Store:
    """Parse files into a store (in memory unless one is given), with the views built."""
    quads: list[ox.Quad] = []
    for path in paths:
        quads.extend(parse_file(path))
    store = store if store is not None else ox.Store()
    store.extend(view_quads(quads))
    return store
