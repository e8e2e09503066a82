"""Loading: parse the graph's Turtle and TriG files into a pyoxigraph store.

The store holds every claim in its own named graph (provenance), and the views built from
them (`graph.store.views`): the default graph has the ontology, the sources, the claims'
metadata and every stated or inferred statement; `SPECULATION_GRAPH` has the statements only
speculation claims make.

Paths are plain `str` here (`GraphFiles` lists them so, functions accept `str` or
`os.PathLike`), listed with `os.scandir`: `kg query` imports no `pathlib` (see `graph.paths`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from graph.errors import LoadError
from graph.locate import FACTS, ONTOLOGY, SOURCES, GraphLocation
from graph.paths import names_ending, normal, refuse_special, sort_key, suffix
from graph.store.parse import RDF_EXTENSIONS, load_file, parse_bytes, parse_file, rdf_format
from graph.store.views import add_views, check_no_view_graphs

#: Reading one file lives in `graph.store.parse`; these names are also the loader's.
__all__ = [
    "RDF_EXTENSIONS",
    "GraphFiles",
    "discover",
    "load_file",
    "load_files",
    "parse_bytes",
    "parse_file",
    "rdf_format",
]


class GraphFiles:
    """The files that make up a graph, by role (a plain class, as graph.sparql.guard.Token).

    Paths as `str` so that `kg query` needs no pathlib; wrap them in `Path` where a command
    wants its methods."""

    __slots__ = ("extra", "facts", "shapes", "sources", "vocabulary")

    def __init__(self) -> None:
        self.vocabulary: list[str] = []
        self.shapes: list[str] = []
        self.sources: list[str] = []
        self.facts: list[str] = []
        self.extra: list[str] = []

    def __repr__(self) -> str:
        return f"GraphFiles({len(self.all())} files)"

    def data(self) -> list[str]:
        """Everything that is loaded into the queried graph (all but the shapes)."""
        return [*self.vocabulary, *self.sources, *self.facts, *self.extra]

    def all(self) -> list[str]:
        return [*self.data(), *self.shapes]


def _walk(folder: str) -> Iterator[str]:
    """Every entry under `folder` (which is followed if a symlink), as `Path.rglob("*")` lists
    them: symlinked folders inside are listed but not entered, unreadable ones skipped.

    A loop, not recursion (rglob recursed once per level: a deep tree was a RecursionError);
    a folder that went away since it was listed is skipped, as it is gone."""
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as it:
                entries = list(it)
        except (PermissionError, FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:
            raise LoadError(f"{current}: cannot list: {exc.strerror or exc}") from None
        for entry in entries:
            path = os.path.join(current, entry.name)
            yield path
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(path)
            except OSError:
                pass


def _rdf_files(folder: str) -> list[str]:
    """The RDF files under `folder`, recursively: regular files (or symlinks to one) with an
    RDF extension, in `sorted(Path.rglob(...))` order."""
    if not os.path.isdir(folder):
        return []
    return sorted((p for p in _walk(folder) if suffix(p) in RDF_EXTENSIONS and os.path.isfile(p)), key=sort_key)


def discover(loc: GraphLocation, extra: Iterable[str | os.PathLike[str]] = ()) -> GraphFiles:
    """List a graph folder's files: shapes are `ontology/shapes*.ttl`, the rest is data."""
    files = GraphFiles()
    ontology = loc.part(ONTOLOGY)
    for name in names_ending(ontology, ".ttl"):
        (files.shapes if name.startswith("shapes") else files.vocabulary).append(os.path.join(ontology, name))
    files.sources = _rdf_files(loc.part(SOURCES))
    files.facts = _rdf_files(loc.part(FACTS))
    for item in extra:
        path = normal(item)
        if not os.path.isfile(path):
            refuse_special(path)
            raise LoadError(f"{path}: {'a folder, not a' if os.path.isdir(path) else 'no such'} data file")
        files.extra.append(path)
    return files


def load_files(paths: Iterable[str | os.PathLike[str]], store: ox.Store | None = None) -> ox.Store:
    """Parse files into a store (in memory unless one is given), with the views built."""
    paths = list(paths)
    store = store if store is not None else ox.Store()
    for path in paths:
        load_file(store, path)
    check_no_view_graphs(store, paths)
    add_views(store)
    return store
