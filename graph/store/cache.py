"""The on-disk oxigraph cache: a graph's files loaded once into a RocksDB store, reused by
every later command until a source file changes.

The cache lives in `.kg-cache/` next to the graph when that folder is writable, else under
`$XDG_CACHE_HOME/franchise-kg/`. A store is named by a fingerprint of its files (path, size,
modification time), built in a temporary folder and renamed into place, so a reader never
sees half a store and concurrent commands at worst both build it. Queries open it read-only.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox

from graph import __version__
from graph.errors import KGError, LoadError
from graph.namespaces import ENTAILED_GRAPH, KGO, SPECULATION_GRAPH, STATUS_SPECULATION
from graph.store.engine import OxigraphEngine, Result

CACHE_DIR = ".kg-cache"
#: Bump when the layout of a cached store changes, so that old caches are not reused.
CACHE_FORMAT = 1


def fingerprint(paths: list[Path]) -> str:
    """A short hash of the files' paths, sizes and modification times (and of the format)."""
    digest = hashlib.sha256(f"{CACHE_FORMAT} {__version__} {ox.__version__}".encode())
    for path in paths:
        try:
            st = path.stat()
        except OSError as exc:
            raise LoadError(f"{path}: cannot read: {exc.strerror or exc}") from None
        digest.update(f"\0{path.resolve()}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    return digest.hexdigest()[:20]


def cache_root(graph_root: Path) -> Path:
    """`.kg-cache/` in the graph folder when it can be written, else a per-user cache folder."""
    local = graph_root / CACHE_DIR
    if os.access(local if local.is_dir() else graph_root, os.W_OK):
        return local
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "franchise-kg" / hashlib.sha256(str(graph_root).encode()).hexdigest()[:16]


def _parse(path: Path, progress: object | None = None) -> Iterator[ox.Quad]:
    """Stream one file's quads; a syntax error becomes a LoadError with file:line:column."""
    from graph.progress import CountingReader
    from graph.store.load import RDF_EXTENSIONS, syntax_message

    fmt = RDF_EXTENSIONS.get(path.suffix)
    if fmt is None:
        raise LoadError(f"{path}: unknown RDF file type {path.suffix!r} (use .ttl, .trig, .nt or .nq)")
    try:
        with path.open("rb") as handle:
            source = CountingReader(handle, progress) if progress is not None else handle  # type: ignore[arg-type]
            yield from ox.parse(source, format=fmt, base_iri=path.resolve().as_uri())
    except SyntaxError as exc:
        raise LoadError(syntax_message(str(path), exc)) from None
    except OSError as exc:
        raise LoadError(f"{path}: cannot read: {exc.strerror or exc}") from None


def build_store(folder: Path, paths: list[Path]) -> None:
    """Load files into a new store in `folder` with the views `graph.store.load` describes.

    Two streaming passes, so that no list of all quads is kept: the first reads each claim's
    status (and finds syntax errors), the second bulk-loads every quad and its view copy.
    """
    from graph.progress import Progress, total_size

    status, speculation = ox.NamedNode(KGO + "status"), ox.NamedNode(STATUS_SPECULATION)
    size = total_size(list(paths))
    progress = Progress("checking", size, "MB")
    superseded_by = ox.NamedNode(KGO + "supersededBy")
    guessed, superseded = set(), set()
    for path in paths:
        for q in _parse(path, progress):
            if q.predicate == status and q.object == speculation and isinstance(q.graph_name, ox.DefaultGraph):
                guessed.add(q.subject)
            elif q.predicate == superseded_by and isinstance(q.graph_name, ox.DefaultGraph):
                superseded.add(q.subject)
    progress.finish()
    progress = Progress("loading", size, "MB")
    default, speculation_graph = ox.DefaultGraph(), ox.NamedNode(SPECULATION_GRAPH)

    def with_views() -> Iterator[ox.Quad]:
        for path in paths:
            for q in _parse(path, progress):
                yield q
                if not isinstance(q.graph_name, ox.DefaultGraph) and q.graph_name not in superseded:
                    target = speculation_graph if q.graph_name in guessed else default
                    yield ox.Quad(q.subject, q.predicate, q.object, target)

    store = ox.Store(str(folder))
    store.bulk_extend(with_views())
    progress.finish()
    store.flush()
    store.optimize()
    del store


def add_entailment(folder: Path, base: ox.Store) -> None:
    """Copy a built store into `folder` and add the RDFS closure of both views to it."""
    from graph.store.entailment import rdfs_closure

    store = ox.Store(str(folder))
    store.bulk_load(input=base.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    for with_speculation in (False, True):
        views: list[ox.DefaultGraph | ox.NamedNode] = [ox.DefaultGraph()]
        if with_speculation:
            views.append(ox.NamedNode(SPECULATION_GRAPH))
        triples = [q.triple for g in views for q in base.quads_for_pattern(None, None, None, g)]
        name = ox.NamedNode(ENTAILED_GRAPH + ("-with-speculation" if with_speculation else ""))
        store.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in rdfs_closure(triples))
        store.add_graph(name)
    store.flush()
    store.optimize()
    del store


def ensure(root: Path, name: str, build: Callable[[Path], None]) -> tuple[Path, bool]:
    """The store folder `root/name`, built by `build(tmp_folder)` and renamed in if missing.

    Returns the folder and whether this call built it. A store another process renamed in
    first wins; ours is removed.
    """
    final = root / name
    if (final / "CURRENT").is_file():
        return final, False
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".build-{name}-", dir=root))
    except OSError as exc:
        raise KGError(f"{root}: cannot create the store cache: {exc.strerror or exc}") from None
    try:
        build(tmp)
        tmp.chmod(0o755)  # mkdtemp makes it private; the graph's other readers may use it
        try:
            os.rename(tmp, final)
        except OSError:
            if not (final / "CURRENT").is_file():
                raise
            shutil.rmtree(tmp, ignore_errors=True)  # another process built it first
            return final, False
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final, True


def remove_stale(root: Path, keep: str) -> None:
    """Delete the stores of older fingerprints (best effort; failed builds included)."""
    for entry in root.iterdir():
        if entry.name.startswith(("oxigraph-", ".build-")) and not entry.name.startswith((keep, f".build-{keep}")):
            with contextlib.suppress(OSError):
                shutil.rmtree(entry)


class CachedEngine(OxigraphEngine):
    """pyoxigraph over a read-only cached store; RDFS entailment uses a second cached store
    that adds the entailed graphs, built the first time it is asked for."""

    def __init__(self, folder: Path, description: str) -> None:
        super().__init__(ox.Store.read_only(str(folder)), description)
        self.folder = folder
        self.entailed_folder: Path | None = None

    def _use_entailed_store(self) -> None:
        if self.entailed_folder is None:
            base = self.store
            name = self.folder.name + "-rdfs"
            self.entailed_folder, _ = ensure(self.folder.parent, name, lambda tmp: add_entailment(tmp, base))
            self.store = ox.Store.read_only(str(self.entailed_folder))

    def query(self, text: str, *, entailment: str = "none", **options: object) -> Result:  # type: ignore[override]
        if entailment == "rdfs":
            self._use_entailed_store()
        return super().query(text, entailment=entailment, **options)  # type: ignore[arg-type]

    def entailed(self, *, with_speculation: bool = False) -> list[ox.Triple]:
        self._use_entailed_store()
        return super().entailed(with_speculation=with_speculation)


def open_cached(graph_root: Path, paths: list[Path], reason: str) -> CachedEngine:
    """Open (building it first if the files changed) the cached store of these files."""
    key = "oxigraph-" + fingerprint(paths)
    root = cache_root(graph_root)
    folder, built = ensure(root, key, lambda tmp: build_store(tmp, paths))
    if built:
        remove_stale(root, key)
    state = "built now" if built else "reused"
    return CachedEngine(folder, f"oxigraph on disk, cache {folder} ({state}); {reason}")
