"""The views: what queries read by default, built from the claims. The one place their rule lives.

Every claim is a named graph. The default graph gets a copy of every statement of a stated,
inferred or unlabelled claim; `SPECULATION_GRAPH` gets the statements only live speculation
claims make; a claim superseded by a newer stated or inferred one is in neither (only its own
graph keeps it, for the history).

The views are stored rather than chosen per query (a default graph given as a list of claim
graphs, or the union of all graphs) because pyoxigraph returns a statement once per graph
that holds it, and claims share statements: that would be twin rows.

Two builds, one rule:
- `add_views(store)` reads the claims back from a store that holds the parsed files (in
  memory, small graphs: one transaction);
- `copy_from_files` and `load_copies` make the disk cache's copies from the files themselves:
  pyoxigraph's parser run from Python while its bulk loader, which releases the GIL, loads the
  same files on the other core; the copies are written as N-Triples by pyoxigraph's serializer
  and bulk-loaded in turn. Reading the claims back from RocksDB instead costs as much again
  as loading them (6.5 s for 1M statements against 1.6 s for the parse).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from graph.namespaces import KGO, SPECULATION_GRAPH, STATUS_INFERRED, STATUS_SPECULATION, STATUS_STATED
from graph.store.entailment import is_entailed_graph

Claim = ox.NamedNode | ox.BlankNode

_STATUS = ox.NamedNode(KGO + "status")
_SUPERSEDED_BY = ox.NamedNode(KGO + "supersededBy")
_DEFAULT = ox.DefaultGraph()
_CHECK_EVERY = 1 << 16  # quads between two looks at the cancel flag


class Cancelled(Exception):
    """The load the copies were made for failed; stop parsing."""


def speculation_claims(store: ox.Store) -> set[Claim]:
    """The claims whose kgo:status (in the default graph) is kgo:Speculation."""
    pattern = store.quads_for_pattern(None, _STATUS, ox.NamedNode(STATUS_SPECULATION), _DEFAULT)
    return {q.subject for q in pattern}  # type: ignore[misc]


def superseded_claims(store: ox.Store) -> set[Claim]:
    """Claims kgo:supersededBy a newer claim that is not a guess (a confirmed date answering a
    guess, or a date where an older source said none was announced): in no view, only their
    own named graph keeps them, for the history."""
    live = {STATUS_STATED, STATUS_INFERRED}
    found: set[Claim] = set()
    for q in store.quads_for_pattern(None, _SUPERSEDED_BY, None, _DEFAULT):
        newer = q.object
        if isinstance(newer, ox.NamedNode | ox.BlankNode) and any(
            s.object.value in live for s in store.quads_for_pattern(newer, _STATUS, None, _DEFAULT)
        ):
            found.add(q.subject)  # type: ignore[arg-type]
    return found


def speculation_only(store: ox.Store, guessed: set[Claim], superseded: set[Claim]) -> list[ox.Triple]:
    """The statements only (live) speculation claims make: neither in the default graph as
    written nor in any other live claim. They alone go into SPECULATION_GRAPH, so that the
    default view plus speculation never answers a statement twice."""
    return [
        t
        for t in {q.triple for claim in guessed for q in store.quads_for_pattern(None, None, None, claim)}
        if all(
            q.graph_name in guessed or q.graph_name in superseded or is_view(q.graph_name)
            for q in store.quads_for_pattern(t.subject, t.predicate, t.object, None)
        )
    ]


def view_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """The copies that make the views, read from a store that holds the parsed files."""
    superseded = superseded_claims(store)
    guessed = speculation_claims(store) - superseded
    only_guessed = speculation_only(store, guessed, superseded)
    for q in store.quads_for_pattern(None, None, None, None):
        name = q.graph_name
        if not (isinstance(name, ox.DefaultGraph) or name in guessed or name in superseded or is_view(name)):
            yield ox.Quad(q.subject, q.predicate, q.object, _DEFAULT)
    speculation = ox.NamedNode(SPECULATION_GRAPH)
    for t in only_guessed:
        yield ox.Quad(t.subject, t.predicate, t.object, speculation)


def add_views(store: ox.Store) -> None:
    """Add the view copies to a store that holds the parsed files, in one transaction."""
    store.extend(list(view_quads(store)))  # a transaction cannot read what it writes


def is_view(name: object) -> bool:
    """The speculation and entailed graphs (copies, not claims); the default graph is not."""
    return isinstance(name, ox.NamedNode) and (name.value == SPECULATION_GRAPH or is_entailed_graph(name))


# --- The disk cache's copies, made from the files -------------------------------------------


class Copies:
    """The two N-Triples files `copy_from_files` writes: the default view's copies, and what
    live speculation claims say (of which `load_copies` keeps what nothing else says)."""

    __slots__ = ("default", "speculation")

    def __init__(self, folder: Path) -> None:
        self.default = folder / "default.nt"
        self.speculation = folder / "speculation.nt"


def copy_from_files(paths: Iterable[Path], folder: Path, cancelled: threading.Event | None = None) -> Copies:
    """Parse the files (twice: the claims' status first, then their statements) and write the
    copies into `folder`. Streams: only the claims' status is held in memory."""
    from graph.store.load import parse_stream

    paths = list(paths)
    stop = cancelled or threading.Event()
    status = ox.Store()  # kgo:status and kgo:supersededBy, to apply the rule above unchanged
    for path in paths:
        status.extend(q for q in _watch(parse_stream(path), stop) if q.predicate in (_STATUS, _SUPERSEDED_BY))
    superseded = superseded_claims(status)
    guessed = speculation_claims(status) - superseded
    copies = Copies(folder)
    guesses: list[ox.Triple] = []
    with copies.default.open("wb") as default:
        for path in paths:
            if path.suffix in (".trig", ".nq"):  # the formats that can hold a claim
                stated = _stated(_watch(parse_stream(path), stop), superseded, guessed, guesses)
                ox.serialize(stated, output=default, format=ox.RdfFormat.N_TRIPLES)
    ox.serialize(guesses, output=str(copies.speculation), format=ox.RdfFormat.N_TRIPLES)
    return copies


def _watch(quads: Iterator[ox.Quad], stop: threading.Event) -> Iterator[ox.Quad]:
    """`quads`, raising Cancelled soon after `stop` is set."""
    if stop.is_set():
        raise Cancelled
    for n, quad in enumerate(quads):
        if n % _CHECK_EVERY == 0 and stop.is_set():
            raise Cancelled
        yield quad


def _stated(
    quads: Iterator[ox.Quad], superseded: set[Claim], guessed: set[Claim], guesses: list[ox.Triple]
) -> Iterator[ox.Triple]:
    """The statements of live, non-speculation claims; live guesses' go to `guesses`."""
    decided: dict[object, int] = {}  # graph -> 0 skip, 1 copy, 2 guess (quads come graph by graph)
    for quad in quads:
        name = quad.graph_name
        kind = decided.get(name)
        if kind is None:
            skip = isinstance(name, ox.DefaultGraph) or name in superseded or is_view(name)
            kind = decided[name] = 0 if skip else 2 if name in guessed else 1
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
    the same node as in their claim: those views are read back from the store instead.
    """
    if _has_blank_node(copies.default) or _has_blank_node(copies.speculation):
        store.bulk_extend(view_quads(store))
        return
    nt = ox.RdfFormat.N_TRIPLES
    store.bulk_load(path=str(copies.default), format=nt, to_graph=_DEFAULT, lenient=True)
    if copies.speculation.stat().st_size:
        speculation = ox.NamedNode(SPECULATION_GRAPH)
        store.bulk_load(path=str(copies.speculation), format=nt, to_graph=speculation, lenient=True)
        store.update(_DROP_STATED)


def _has_blank_node(path: Path) -> bool:
    """Whether an N-Triples file may hold a blank node (`_:` starting a term; a literal with
    " _:" in it is a false alarm, which only costs the slower copy)."""
    import mmap

    if path.stat().st_size == 0:
        return False
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return data[:2] == b"_:" or data.find(b" _:") >= 0 or data.find(b"\n_:") >= 0
