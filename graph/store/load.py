"""Loading: parse the graph's Turtle and TriG files into a pyoxigraph store.

The store holds every claim in its own named graph (provenance), and the views built from
them: the default graph has the ontology, the sources, the claims' metadata and every stated
or inferred statement; `SPECULATION_GRAPH` has the statements only speculation claims make.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.errors import LoadError, location
from graph.locate import GraphLocation
from graph.namespaces import ENTAILED_GRAPH, KGO, SPECULATION_GRAPH, STATUS_INFERRED, STATUS_SPECULATION, STATUS_STATED
from graph.store.entailment import is_entailed_graph

if TYPE_CHECKING:
    from graph.progress import Progress

RDF_EXTENSIONS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
}
_STATUS = ox.NamedNode(KGO + "status")
_SUPERSEDED_BY = ox.NamedNode(KGO + "supersededBy")
_ERROR_AT = re.compile(r"line (\d+) column (\d+)")
_BOM = b"\xef\xbb\xbf"


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


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF format of a file, by extension; a one-line LoadError for any other file."""
    fmt = RDF_EXTENSIONS.get(path.suffix)
    if fmt is None:
        raise LoadError(f"{path}: unknown RDF file type {path.suffix!r} (use .ttl, .trig, .nt or .nq)")
    return fmt


def parse_file(path: Path) -> list[ox.Quad]:
    """Parse one RDF file; a syntax error becomes a one-line LoadError with file:line:column.

    The one entry point for reading an RDF file as quads (loaders use `load_file`, the same
    errors through pyoxigraph's native loader).
    """
    fmt = rdf_format(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return parse_bytes(data, fmt, str(path), base_iri=path.resolve().as_uri())


def parse_bytes(data: bytes, fmt: ox.RdfFormat, name: str, base_iri: str | None = None) -> list[ox.Quad]:
    """Parse RDF text; errors name `name` with the line and column of the problem."""
    with rdf_errors(name):
        return list(ox.parse(data.removeprefix(_BOM), format=fmt, base_iri=base_iri))


@contextlib.contextmanager
def rdf_errors(name: str) -> Iterator[None]:
    """Turn pyoxigraph's parse and read errors about `name` into one-line LoadErrors."""
    try:
        yield
    except SyntaxError as exc:
        raise LoadError(syntax_message(name, exc)) from None
    except MemoryError:
        raise LoadError(f"{name}: a single token (a literal or an IRI) is over pyoxigraph's 16 MiB limit") from None
    except (ValueError, OSError) as exc:
        cause = getattr(exc, "strerror", None) or exc
        raise LoadError(f"{name}: {' '.join(str(cause).split())}") from None


def load_file(store: ox.Store, path: Path, *, bulk: bool = False, progress: Progress | None = None) -> None:
    """Load one file into `store` with pyoxigraph's own parser (no Python copy of its quads).

    `bulk` uses the bulk loader (the disk cache: written straight to new files); else a
    transaction (in memory). `progress` counts the bytes read.
    """
    fmt = rdf_format(path)
    base = path.resolve().as_uri()
    loader = store.bulk_load if bulk else store.load
    with rdf_errors(str(path)), path.open("rb") as handle:
        bom = handle.read(3) == _BOM  # pyoxigraph does not skip a UTF-8 byte-order mark
        if progress is None and not bom:
            loader(path=str(path), format=fmt, base_iri=base)
            return
        handle.seek(3 if bom else 0)
        if progress is None:
            loader(input=handle, format=fmt, base_iri=base)
            return
        from graph.progress import CountingReader

        loader(input=CountingReader(handle, progress), format=fmt, base_iri=base)


def syntax_message(name: str, exc: SyntaxError) -> str:
    """Turn pyoxigraph's parse error into `file:line:column: cause`."""
    message = str(exc.msg if exc.msg else exc)
    match = _ERROR_AT.search(message)
    line, column = (int(match.group(1)), int(match.group(2))) if match else (exc.lineno, exc.offset)
    cause = message.split(": ", 1)[1] if ": " in message else message
    cause = " ".join(cause.split())
    return f"{location(name, line, column)}: {cause}"


def speculation_claims(store: ox.Store) -> set[ox.NamedNode | ox.BlankNode]:
    """The claims whose kgo:status (in the default graph) is kgo:Speculation."""
    pattern = store.quads_for_pattern(None, _STATUS, ox.NamedNode(STATUS_SPECULATION), ox.DefaultGraph())
    return {q.subject for q in pattern}  # type: ignore[misc]


def speculation_only(
    store: ox.Store, guessed: set[ox.NamedNode | ox.BlankNode], superseded: frozenset | set = frozenset()
) -> list[ox.Triple]:
    """The statements only (live) speculation claims make: neither in the default graph as
    written nor in any other live claim. They alone go into SPECULATION_GRAPH, so that the
    default view plus speculation never answers a statement twice."""
    return [
        t
        for t in {q.triple for claim in guessed for q in store.quads_for_pattern(None, None, None, claim)}
        if all(
            q.graph_name in guessed or q.graph_name in superseded or _is_view(q.graph_name)
            for q in store.quads_for_pattern(t.subject, t.predicate, t.object, None)
        )
    ]


def superseded_claims(store: ox.Store) -> set[ox.NamedNode | ox.BlankNode]:
    """Claims kgo:supersededBy a newer claim that is not a guess (a confirmed date answering a
    guess, or a date where an older source said none was announced): in no view, only their
    own named graph keeps them, for the history."""
    live = {STATUS_STATED, STATUS_INFERRED}
    found: set[ox.NamedNode | ox.BlankNode] = set()
    for q in store.quads_for_pattern(None, _SUPERSEDED_BY, None, ox.DefaultGraph()):
        newer = q.object
        if isinstance(newer, ox.NamedNode | ox.BlankNode) and any(
            s.object.value in live for s in store.quads_for_pattern(newer, _STATUS, None, ox.DefaultGraph())
        ):
            found.add(q.subject)  # type: ignore[arg-type]
    return found


def view_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """The copies that make the views: the statements of stated, inferred or unlabelled claims
    in the default graph, those only speculation claims make in SPECULATION_GRAPH; superseded
    claims in neither (see `superseded_claims`).

    The views are stored rather than chosen per query (a default graph given as a list of
    claim graphs) because pyoxigraph returns a statement once per graph that holds it, and
    the bundled claims share statements: that would be twin rows.
    """
    superseded = superseded_claims(store)
    guessed = speculation_claims(store) - superseded
    only_guessed = speculation_only(store, guessed, superseded)
    default = ox.DefaultGraph()
    for q in store.quads_for_pattern(None, None, None, None):
        name = q.graph_name
        if not (isinstance(name, ox.DefaultGraph) or name in guessed or name in superseded or _is_view(name)):
            yield ox.Quad(q.subject, q.predicate, q.object, default)
    speculation = ox.NamedNode(SPECULATION_GRAPH)
    for t in only_guessed:
        yield ox.Quad(t.subject, t.predicate, t.object, speculation)


def load_files(paths: Iterable[Path], store: ox.Store | None = None) -> ox.Store:
    """Parse files into a store (in memory unless one is given), with the views built."""
    store = store if store is not None else ox.Store()
    for path in paths:
        load_file(store, path)
    add_views(store)
    return store


def add_views(store: ox.Store, *, bulk_folder: Path | None = None) -> None:
    """Add the view copies to a store that holds the parsed files (see `view_quads`).

    In memory, one transaction. On disk (`bulk_folder`, a scratch folder), natively: one
    CONSTRUCT over every claim graph, serialised by pyoxigraph to N-Triples and bulk-loaded
    into the default graph (2x faster than dumping each claim graph, 5x faster than copying
    through Python; `lenient`: the data was checked when the files were loaded); then what
    only speculation says (usually little) leaves the default graph for the speculation
    graph. The bulk loader gives blank nodes new labels, so when the copies hold a blank node
    they go through Python instead.
    """
    if bulk_folder is None:
        store.extend(list(view_quads(store)))  # a transaction cannot read what it writes
        return
    default = bulk_folder / "default.nt"
    store.query(_CLAIMS).serialize(output=str(default), format=ox.RdfFormat.N_TRIPLES)  # type: ignore[union-attr]
    if _has_blank_node(default):
        store.bulk_extend(view_quads(store))
        return
    superseded = superseded_claims(store)
    only_guessed = speculation_only(store, speculation_claims(store) - superseded, superseded)
    store.bulk_load(path=str(default), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph(), lenient=True)
    default.unlink()
    speculation = ox.NamedNode(SPECULATION_GRAPH)
    for t in only_guessed:
        store.remove(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()))
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, speculation) for t in only_guessed)


def _is_view(name: object) -> bool:
    """The speculation and entailed graphs (copies, not claims); the default graph is not."""
    return isinstance(name, ox.NamedNode) and (name.value == SPECULATION_GRAPH or is_entailed_graph(name))


_CLAIMS = f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
    FILTER(?g != <{SPECULATION_GRAPH}> && !STRSTARTS(STR(?g), "{ENTAILED_GRAPH}"))
    FILTER NOT EXISTS {{ ?g <{KGO}supersededBy> ?newer . ?newer <{KGO}status> ?status
                         FILTER(?status IN (<{STATUS_STATED}>, <{STATUS_INFERRED}>)) }} }}"""


def _has_blank_node(path: Path) -> bool:
    """Whether an N-Triples file may hold a blank node (`_:` starting a term; a literal with
    " _:" in it is a false alarm, which only costs the slower copy)."""
    import mmap

    if path.stat().st_size == 0:
        return False
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return data[:2] == b"_:" or data.find(b" _:") >= 0 or data.find(b"\n_:") >= 0
