"""The views: what queries read by default, built from the claims. The one place their rule lives.

Every claim is a named graph. The default graph gets a copy of every statement of a stated,
inferred or unlabelled claim; `SPECULATION_GRAPH` gets the statements only live speculation
claims make; a claim superseded by a newer stated or inferred one is in neither (only its own
graph keeps it, for the history).

The views are stored rather than chosen per query (a default graph given as a list of claim
graphs, or the union of all graphs) because pyoxigraph returns a statement once per graph
that holds it, and claims share statements: that would be twin rows.

The rule is written once, in SPARQL, and applied two ways:
- `add_views(store)` runs it as two updates inside a store that holds the parsed files (in
  memory, small graphs: one transaction each);
- `copy_from_files` and `load_copies` make the disk cache's copies from the files themselves,
  with the rule choosing whose statements to copy: pyoxigraph's parser, run from Python while
  its bulk loader (which releases the GIL) loads the same files on the other core, streams
  them to N-Triples through pyoxigraph's serializer, to be bulk-loaded in turn. Reading the
  claims back from RocksDB instead costs as much as loading them again (6.5 s for 1M
  statements, against 1.6 s for the parse). The tests hold both ways to the same quads.

Data files are named by `str` (or `os.PathLike`): `kg query` imports no pathlib here.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NoReturn

import pyoxigraph as ox

from graph.errors import LoadError
from graph.namespaces import (
    ENTAILED_GRAPH,
    KGO,
    SPECULATION_GRAPH,
    STATUS_INFERRED,
    STATUS_SPECULATION,
    STATUS_STATED,
    SUPERSEDED_BY,
)
from graph.paths import normal, suffix
from graph.store.parse import parse_stream

if TYPE_CHECKING:
    from pathlib import Path

Claim = ox.NamedNode | ox.BlankNode

_STATUS = ox.NamedNode(KGO + "status")
_SUPERSEDED_BY = ox.NamedNode(SUPERSEDED_BY)
_DEFAULT = ox.DefaultGraph()
_CHECK_EVERY = 1 << 16  # quads between two looks at the cancel flag

# The rule, in SPARQL, once, for a claim in variable `v`: it is a guess; it is superseded by
# a claim that is not a guess (a confirmed date answering a guess, a newer source's date, a
# date where an older source said none was announced), or, for a guess, by a newer guess;
# it is a claim, not one of the view graphs. Both read
# the default graph as written: claims' status is metadata, never a claim's own statement.


def _guess(v: str) -> str:
    return f"{v} <{KGO}status> <{STATUS_SPECULATION}> ."


def _superseded(v: str) -> str:
    n = v[1:]
    return (
        f"{v} <{KGO}supersededBy> ?newer_{n} . ?newer_{n} <{KGO}status> ?status_{n} "
        f"FILTER(?status_{n} IN (<{STATUS_STATED}>, <{STATUS_INFERRED}>) "
        f"|| (?status_{n} = <{STATUS_SPECULATION}> && EXISTS {{ {v} <{KGO}status> <{STATUS_SPECULATION}> }}))"
    )


def _claim(v: str) -> str:
    return f'FILTER(!isIRI({v}) || ({v} != <{SPECULATION_GRAPH}> && !STRSTARTS(STR({v}), "{ENTAILED_GRAPH}")))'


def _live(v: str) -> str:
    return f"FILTER NOT EXISTS {{ {_guess(v)} }} FILTER NOT EXISTS {{ {_superseded(v)} }}"


#: What only live guesses say (neither in the default graph as written nor in a live claim
#: that is not a guess), then the default view's copies. The first runs before any copy, so
#: that both read the default graph as written.
VIEW_UPDATES = (
    f"INSERT {{ GRAPH <{SPECULATION_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{\n"
    f"  {_guess('?g')} FILTER NOT EXISTS {{ {_superseded('?g')} }} GRAPH ?g {{ ?s ?p ?o }}\n"
    f"  FILTER NOT EXISTS {{ ?s ?p ?o }}\n"
    f"  FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} {_claim('?h')} {_live('?h')} }} }}",
    f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_claim('?g')} {_live('?g')} }}",
)
_GUESSES = f"SELECT DISTINCT ?g WHERE {{ {_guess('?g')} FILTER NOT EXISTS {{ {_superseded('?g')} }} }}"
_SUPERSEDED_CLAIMS = f"SELECT DISTINCT ?g WHERE {{ {_superseded('?g')} }}"


class Cancelled(Exception):
    """The load the copies were made for failed; stop parsing."""


def add_views(store: ox.Store) -> None:
    """Add the view copies to a store that holds the parsed files, natively (two updates)."""
    for update in VIEW_UPDATES:
        store.update(update)


def is_view(name: object) -> bool:
    """The speculation and entailed graphs (copies, not claims); the default graph is not."""
    return isinstance(name, ox.NamedNode) and (name.value == SPECULATION_GRAPH or name.value.startswith(ENTAILED_GRAPH))


def view_graph_problem(name: ox.NamedNode) -> str:
    """Why a data file may not write into a view graph: kg makes them from the claims, and what
    a file put there would be twin rows, or stop the RDFS closure being computed."""
    return f"writes into the graph <{name.value}>, which kg builds from the claims; use a claim's graph"


def refuse_view_graph(path: str | os.PathLike[str], name: ox.NamedNode) -> NoReturn:
    """A one-line LoadError: `path` writes into the view graph `name`."""
    raise LoadError(f"{normal(path)}: {view_graph_problem(name)}")


def check_no_view_graphs(store: ox.Store, paths: Iterable[str | os.PathLike[str]]) -> None:
    """Refuse (naming the file) data that a store loaded from `paths` holds in a view graph."""
    if any(is_view(name) for name in store.named_graphs()):
        for path in paths:
            for quad in parse_stream(path):
                if is_view(quad.graph_name):
                    refuse_view_graph(path, quad.graph_name)  # type: ignore[arg-type]


def _claims(store: ox.Store, query: str) -> set[Claim]:
    return {row["g"] for row in store.query(query)}  # type: ignore[union-attr,index,misc]


# --- The disk cache's copies, made from the files -------------------------------------------


class Copies:
    """The two N-Triples files `copy_from_files` writes: the default view's copies, and what
    live speculation claims say (of which `load_copies` keeps what nothing else says)."""

    __slots__ = ("default", "speculation")

    def __init__(self, folder: Path) -> None:
        self.default = folder / "default.nt"
        self.speculation = folder / "speculation.nt"


def copy_from_files(
    paths: Iterable[str | os.PathLike[str]], folder: Path, cancelled: threading.Event | None = None
) -> Copies:
    """Parse the files (twice: the claims' status first, then their statements) and write the
    copies into `folder`. Streams: only the claims' status is held in memory."""
    paths = list(paths)
    stop = cancelled or threading.Event()
    status = ox.Store()  # the default graph's kgo:status and kgo:supersededBy, for the rule above
    for n, path in enumerate(paths):
        status.extend(
            _scope(q, n)
            for q in _watch(parse_stream(path), stop)
            if q.predicate in (_STATUS, _SUPERSEDED_BY) and isinstance(q.graph_name, ox.DefaultGraph)
        )
    superseded, guessed = _claims(status, _SUPERSEDED_CLAIMS), _claims(status, _GUESSES)
    copies = Copies(folder)
    guesses: list[ox.Triple] = []
    with copies.default.open("wb") as default:
        for n, path in enumerate(paths):
            if suffix(path) in (".trig", ".nq"):  # the formats that can hold a claim
                stated = _stated(_watch(parse_stream(path), stop), path, n, superseded, guessed, guesses)
                ox.serialize(stated, output=default, format=ox.RdfFormat.N_TRIPLES)
    ox.serialize(guesses, output=str(copies.speculation), format=ox.RdfFormat.N_TRIPLES)
    return copies


def _scoped(term: ox.BlankNode, n: int) -> ox.BlankNode:
    """A blank node of file number `n`, told apart from the same label in another file: the
    parser keeps a file's labels, while the stores give each file's blank nodes their own."""
    return ox.BlankNode(f"f{n}x{term.value}")


def _scope(quad: ox.Quad, n: int) -> ox.Quad:
    """A status or supersededBy statement of file number `n`, its blank nodes scoped to it."""
    if not isinstance(quad.subject, ox.BlankNode) and not isinstance(quad.object, ox.BlankNode):
        return quad
    subject = _scoped(quad.subject, n) if isinstance(quad.subject, ox.BlankNode) else quad.subject
    obj = _scoped(quad.object, n) if isinstance(quad.object, ox.BlankNode) else quad.object
    return ox.Quad(subject, quad.predicate, obj, quad.graph_name)


def _watch(quads: Iterator[ox.Quad], stop: threading.Event) -> Iterator[ox.Quad]:
    """`quads`, raising Cancelled soon after `stop` is set."""
    if stop.is_set():
        raise Cancelled
    for n, quad in enumerate(quads):
        if n % _CHECK_EVERY == 0 and stop.is_set():
            raise Cancelled
        yield quad


def _stated(
    quads: Iterator[ox.Quad],
    path: str | os.PathLike[str],
    n: int,
    superseded: set[Claim],
    guessed: set[Claim],
    guesses: list[ox.Triple],
) -> Iterator[ox.Triple]:
    """The statements of live, non-speculation claims of file number `n`; live guesses' go
    to `guesses`. A file that writes into a view graph is refused (`refuse_view_graph`)."""
    decided: dict[object, int] = {}  # graph -> 0 skip, 1 copy, 2 guess (quads come graph by graph)
    for quad in quads:
        name = quad.graph_name
        kind = decided.get(name)
        if kind is None:
            if is_view(name):
                refuse_view_graph(path, name)
            claim = _scoped(name, n) if isinstance(name, ox.BlankNode) else name
            skip = isinstance(name, ox.DefaultGraph) or claim in superseded
            kind = decided[name] = 0 if skip else 2 if claim in guessed else 1
        if kind == 1:
            yield quad.triple
        elif kind == 2:
            guesses.append(quad.triple)


_DROP_STATED = f"""DELETE {{ GRAPH <{SPECULATION_GRAPH}> {{ ?s ?p ?o }} }}
WHERE {{ GRAPH <{SPECULATION_GRAPH}> {{ ?s ?p ?o }} ?s ?p ?o }}"""


def load_copies(store: ox.Store, copies: Copies) -> None:
    """Bulk-load the copies into a store that holds the files: the default view's into the
    default graph, the guesses into SPECULATION_GRAPH less what the default view already says.

    The bulk loader gives blank nodes new labels, so copies that hold one would no longer be
    the same node as in their claim: those views are made inside the store instead (slower,
    and one transaction).
    """
    if has_blank_node(copies.default) or has_blank_node(copies.speculation):
        add_views(store)
        return
    nt = ox.RdfFormat.N_TRIPLES
    store.bulk_load(path=str(copies.default), format=nt, to_graph=_DEFAULT, lenient=True)
    if copies.speculation.stat().st_size:
        speculation = ox.NamedNode(SPECULATION_GRAPH)
        store.bulk_load(path=str(copies.speculation), format=nt, to_graph=speculation, lenient=True)
        store.update(_DROP_STATED)


def has_blank_node(path: str | os.PathLike[str]) -> bool:
    """Whether an N-Triples file may hold a blank node (`_:` starting a term; a literal with
    " _:" in it is a false alarm, which only costs the slower copy)."""
    import mmap

    if os.path.getsize(path) == 0:
        return False
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return data[:2] == b"_:" or data.find(b" _:") >= 0 or data.find(b"\n_:") >= 0
