"""The on-disk oxigraph cache: a graph's files loaded once into a RocksDB store, reused by
every later command until a source file changes.

The cache lives in `.kg-cache/` next to the graph when that folder is writable, else under
`$XDG_CACHE_HOME/franchise-kg/`. A store is named by a checksum of its files' content (see
`graph.store.checksum`), built in a temporary folder and renamed into place, so a reader
never sees half a store and concurrent commands at worst both build it. Each store carries a
manifest of its own files; a store that does not match it (truncated, a file missing, a
flipped byte that RocksDB's block checksums catch) is rebuilt with a one-line notice.
Queries open it read-only. Leftovers of interrupted builds are removed on the next run.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from graph.engine import Result
from graph.errors import KGError, LoadError
from graph.locate import GraphLocation
from graph.store.checksum import file_checksum, fingerprint
from graph.store.engine import OxigraphEngine

CACHE_DIR = ".kg-cache"
MANIFEST = "kg-manifest.json"


def cache_root(graph_root: Path, cache_home: str | os.PathLike[str] | None = None) -> Path:
    """`.kg-cache/` in the graph folder when it can be written, else a per-user cache folder
    (under `cache_home`, which the command line takes from $XDG_CACHE_HOME)."""
    local = graph_root / CACHE_DIR
    if os.access(local if local.is_dir() else graph_root, os.W_OK):
        return local
    base = Path(cache_home or Path.home() / ".cache")
    # the name's file-system bytes: the same as UTF-8 for any name that has UTF-8 text at all
    return base / "franchise-kg" / hashlib.sha256(os.fsencode(graph_root)).hexdigest()[:16]


def notice(message: str) -> None:
    """A one-line notice on standard error (the cache repairs itself; the user should know)."""
    sys.stderr.write(f"kg: {message}\n")


def write_manifest(folder: Path) -> None:
    """Record every file of a built store: size for all, a checksum for all but the (large,
    block-checksummed) SST files. Written last: a store without it is not finished."""
    files = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_file() and entry.name not in ("LOCK", "LOG", MANIFEST) and not entry.name.startswith("LOG."):
            size = entry.stat().st_size
            files[entry.name] = [size, None if entry.suffix == ".sst" else file_checksum(entry)]
    (folder / MANIFEST).write_text(json.dumps(files, indent=0, sort_keys=True))


def intact(folder: Path) -> bool:
    """True when the store's files match its manifest (missing, truncated or changed files not)."""
    try:
        files = json.loads((folder / MANIFEST).read_text())
        for name, (size, digest) in files.items():
            path = folder / name
            if path.stat().st_size != size or (digest is not None and file_checksum(path) != digest):
                return False
        return bool(files) and "CURRENT" in files
    except (OSError, ValueError, TypeError, AttributeError):
        return False


def build_store(folder: Path, paths: list[str]) -> None:
    """Load files into a new store in `folder` with pyoxigraph's bulk loader, then the views.

    Each file is loaded natively (no Python copy of its quads). Meanwhile a thread parses the
    same files again to write the views' copies (`graph.store.views.copy_from_files`): the bulk
    loader releases the GIL, so on two cores the copies cost little more than their own load.
    The store is not compacted afterwards (`optimize`): `oxigraph load` does not either, and
    a cold query was measured as fast on both at 1M statements.
    """
    from graph.progress import Progress, total_size
    from graph.store.parse import load_file
    from graph.store.views import Cancelled, copy_from_files, load_copies

    before = _stamps(paths)
    progress = Progress("loading", total_size(list(paths)), "MB")
    store = ox.Store(str(folder))
    scratch = folder.with_name(folder.name + ".work")  # under the build's lock
    scratch.mkdir()
    cancel = threading.Event()
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-views") as pool:
            copying = pool.submit(copy_from_files, paths, scratch, cancel)
            try:  # whatever stops the build (a bad file, Ctrl-C while waiting) stops the copies too
                for path in paths:
                    load_file(store, path, bulk=True, progress=progress if progress.enabled else None)
                progress.finish()
                copies = copying.result()
            except Cancelled:  # pragma: no cover - only after a failed load, which raised above
                raise AssertionError("view copies cancelled after a successful load") from None
            except BaseException:
                cancel.set()
                raise
        load_copies(store, copies)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    store.flush()
    del store
    for path, was, now in zip(paths, before, _stamps(paths), strict=True):
        if was != now:  # the loader and the copies may have read two versions of it
            raise LoadError(f"{path}: changed while the disk cache was built from it; run the command again")


def _stamps(paths: list[str]) -> list[tuple[int, ...] | None]:
    """Each file's `version_stamp`, or None when it cannot be read."""
    from graph.files import version_stamp

    stamps: list[tuple[int, ...] | None] = []
    for path in paths:
        try:
            stamps.append(version_stamp(path))
        except OSError:
            stamps.append(None)
    return stamps


def add_entailment(folder: Path, base: ox.Store, paths: list[str] | None = None, key: str | None = None) -> None:
    """A copy of a built store (a RocksDB checkpoint: hard links, no data copied) in `folder`,
    with the RDFS closure of both views added.

    The rules run in memory over the views alone (six times faster than over RocksDB). The
    views come from the files `paths` the store was built from, loaded natively with the
    views built (`load_files`: four times faster than reading RocksDB back), when `key`
    (the store's fingerprint) shows they have not changed since; else, or when the data has
    blank nodes (each load gives them new labels, which would cut what is entailed about one
    from the node in the store), from the store itself. The closure goes back through
    N-Triples files and the bulk loader, so no Python copy of the data is made.
    """
    from graph.namespaces import SPECULATION_GRAPH
    from graph.store.entailment import add_closure, entailed_graph
    from graph.store.views import has_blank_node

    folder.rmdir()  # a checkpoint is made into a folder that does not exist yet
    base.backup(str(folder))
    speculation = ox.NamedNode(SPECULATION_GRAPH)
    work = folder.with_name(folder.name + ".work")  # under the same build lock as `folder`
    work.mkdir()
    try:
        memory = _views_from_files(paths, key, folder.parent) if paths is not None and key is not None else None
        if memory is None:
            memory = ox.Store()
            for graph in (ox.DefaultGraph(), speculation):
                dump = work / "view.nt"
                base.dump(str(dump), format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
                if has_blank_node(dump):
                    memory.extend(base.quads_for_pattern(None, None, None, graph))
                else:
                    memory.load(path=str(dump), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        plain, with_speculation = entailed_graph(False), entailed_graph(True)
        add_closure(memory, [ox.DefaultGraph()], plain)
        store = ox.Store(str(folder))
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-rdfs") as pool:
            # the bulk loader releases the GIL: the default view's closure is written to disk
            # while what speculation adds to it is worked out
            writing = pool.submit(_write_graph, memory, store, plain, work / "plain.nt")
            if memory.query(f"ASK {{ GRAPH {plain} {{ ?s ?p ?o }} GRAPH {speculation} {{ ?s ?p ?o }} }}"):
                add_closure(memory, [ox.DefaultGraph(), speculation], with_speculation, base=plain)
                extra = None
            else:  # the closure with speculation is the default view's plus what speculation adds
                extra = ox.NamedNode(with_speculation.value + "-extra")
                add_closure(memory, [ox.DefaultGraph(), plain, speculation], extra, new=speculation)
            writing.result()
        _write_graph(memory, store, with_speculation, work / "speculation.nt", extra and (plain, extra))
        del memory
        store.flush()
        del store
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _write_graph(
    memory: ox.Store,
    store: ox.Store,
    name: ox.NamedNode,
    dump: Path,
    parts: tuple[ox.NamedNode, ...] | None = None,
) -> None:
    """Write graph `name` of the in-memory store (or the union of `parts`, which share no
    statement) into graph `name` of the disk store, through an N-Triples file and the bulk
    loader; through Python when it has blank nodes, which the loader would give new labels."""
    from graph.store.views import has_blank_node

    with dump.open("wb") as output:
        for part in parts or (name,):
            memory.dump(output, format=ox.RdfFormat.N_TRIPLES, from_graph=part)
    if has_blank_node(dump):
        store.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object, name)
            for part in parts or (name,)
            for q in memory.quads_for_pattern(None, None, None, part)
        )
    else:
        store.bulk_load(path=str(dump), format=ox.RdfFormat.N_TRIPLES, to_graph=name)
    store.add_graph(name)


def _views_from_files(paths: list[str], key: str, root: Path) -> ox.Store | None:
    """The files loaded into memory with their views, or None when they hold a blank node or
    no longer have the content the store of fingerprint `key` was built from."""
    from graph.store.load import load_files

    try:
        memory = load_files(paths)
    except (KGError, OSError):
        return None
    from graph.namespaces import SPECULATION_GRAPH

    views = [ox.DefaultGraph(), ox.NamedNode(SPECULATION_GRAPH)]  # all that an entailed statement can name
    blank = memory.query("ASK { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }", default_graph=views)
    if blank or "oxigraph-" + fingerprint(paths, root) != key:  # type: ignore[truthy-bool]
        return None
    return memory


def clean_stray(root: Path) -> None:
    """Remove what interrupted runs left: build folders no live process holds, `*.tmp` files."""
    if not root.is_dir():
        return
    for entry in root.iterdir():
        if entry.name.endswith(".tmp") and entry.is_file():
            with contextlib.suppress(OSError):
                entry.unlink()
        elif entry.name.startswith(".build-") and not entry.name.endswith(".lock"):
            # A build folder and its `.work` folder go together, then their lock: removing one
            # alone left the lock behind when the other came later in the listing.
            lock_path = _lock_file(entry)
            build = lock_path.with_name(lock_path.name.removesuffix(".lock"))
            with contextlib.suppress(OSError), lock_path.open("a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held by a live builder: OSError
                for folder in (build, build.with_name(build.name + ".work")):
                    shutil.rmtree(folder, ignore_errors=True)
                lock_path.unlink()
        elif entry.name.startswith(".build-") and not Path(str(entry).removesuffix(".lock")).exists():
            with contextlib.suppress(OSError):
                entry.unlink()


def _lock_file(build_folder: Path) -> Path:
    """The lock a builder holds while it fills `build_folder` (beside it, not in the store);
    the builder's `.work` folder shares it."""
    return build_folder.with_name(build_folder.name.removesuffix(".work") + ".lock")


def ensure(root: Path, name: str, build: Callable[[Path], None]) -> tuple[Path, bool]:
    """The store folder `root/name`, built by `build(tmp_folder)` and renamed in if missing.

    Returns the folder and whether this call built it. A store another process renamed in
    first wins; ours is removed. The build holds a lock file, so that `clean_stray` in
    another process leaves a live build alone.
    """
    final = root / name
    if (final / MANIFEST).is_file():
        return final, False
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".build-{name}-", dir=root))
        lock = _lock_file(tmp).open("a")
        fcntl.flock(lock, fcntl.LOCK_EX)
    except OSError as exc:
        raise KGError(f"{root}: cannot create the store cache: {exc.strerror or exc}") from None
    try:
        build(tmp)
        write_manifest(tmp)
        tmp.chmod(0o755)  # mkdtemp makes it private; the graph's other readers may use it
        if final.exists() and not (final / MANIFEST).is_file():
            shutil.rmtree(final, ignore_errors=True)  # a damaged store being replaced
        try:
            os.rename(tmp, final)
        except OSError:
            if not (final / MANIFEST).is_file():
                raise
            shutil.rmtree(tmp, ignore_errors=True)  # another process built it first
            return final, False
    except BaseException as exc:
        # The failed build's frames still hold its open store, which would write into the
        # folder again when it closes, after the folder is gone: close it first.
        traceback.clear_frames(exc.__traceback__)
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):  # e.g. the disk filled while the view copies were written
            raise KGError(f"{root}: cannot build the store cache: {exc.strerror or exc}") from None
        raise
    finally:
        with contextlib.suppress(OSError):
            _lock_file(tmp).unlink()
        lock.close()
    return final, True


def remove_stale(root: Path, keep: str) -> None:
    """Delete the stores of older fingerprints (best effort)."""
    for entry in root.iterdir():
        if entry.name.startswith("oxigraph-") and not entry.name.startswith(keep):
            with contextlib.suppress(OSError):
                shutil.rmtree(entry)


def open_checked(root: Path, name: str, build: Callable[[Path], None]) -> tuple[ox.Store, Path, bool]:
    """Open the store `root/name` read-only, building it when missing and rebuilding it (with
    a notice) when it is damaged: its files do not match its manifest, or RocksDB refuses it."""
    folder = root / name
    if folder.exists() and not intact(folder):
        notice(f"the store cache {folder} is damaged or incomplete; rebuilding it")
        shutil.rmtree(folder, ignore_errors=True)
    folder, built = ensure(root, name, build)
    try:
        return ox.Store.read_only(str(folder)), folder, built
    except (OSError, RuntimeError) as exc:  # RocksDB: "Corruption: block checksum mismatch", …
        notice(f"the store cache {folder} cannot be opened ({' '.join(str(exc).split())[:120]}); rebuilding it")
        shutil.rmtree(folder, ignore_errors=True)
        folder, built = ensure(root, name, build)
        return ox.Store.read_only(str(folder)), folder, built


class CachedEngine(OxigraphEngine):
    """pyoxigraph over a read-only cached store; RDFS entailment uses a second cached store
    (a checkpoint of the first plus the entailed graphs), built the first time it is asked for.
    A query that meets a damaged file (RocksDB's checksums) rebuilds the store and runs again."""

    def __init__(self, root: Path, name: str, paths: list[str], description: str) -> None:
        self.root, self.name, self.paths = root, name, paths
        store, self.folder, self.built = open_checked(root, name, self._build)
        super().__init__(store, description)
        self.entailed_folder: Path | None = None

    def _build(self, tmp: Path) -> None:
        build_store(tmp, self.paths)

    def _use_entailed_store(self) -> None:
        if self.entailed_folder is None:
            base = self.store
            self.store, self.entailed_folder, _ = open_checked(
                self.root, self.name + "-rdfs", lambda tmp: add_entailment(tmp, base, self.paths, self.name)
            )

    def _repair(self) -> None:
        notice(f"the store cache {self.folder} is damaged; rebuilding it")
        for folder in (self.folder, self.entailed_folder):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
        self.store, self.folder, self.built = open_checked(self.root, self.name, self._build)
        self.entailed_folder = None
        self._entailed.clear()

    def query(self, text: str, *, entailment: str = "none", **options: object) -> Result:  # type: ignore[override]
        for attempt in (1, 2):
            try:
                if entailment == "rdfs" or _names_entailed(options):
                    self._use_entailed_store()
                return super().query(text, entailment=entailment, **options)  # type: ignore[arg-type]
            except KGError as exc:
                if attempt == 2 or "orrupt" not in str(exc):
                    raise
                self._repair()
        raise AssertionError("unreachable")

    def entailed(self, *, with_speculation: bool = False) -> list[ox.Triple]:
        self._use_entailed_store()
        return super().entailed(with_speculation=with_speculation)


def _names_entailed(options: dict[str, object]) -> bool:
    from graph.namespaces import ENTAILED_GRAPH

    named = [*(options.get("default_graph_uris") or []), *(options.get("named_graph_uris") or [])]  # type: ignore[misc]
    return any(str(iri).startswith(ENTAILED_GRAPH) for iri in named)


def open_cached(
    location: GraphLocation, paths: list[str], reason: str, *, cache_home: str | os.PathLike[str] | None = None
) -> CachedEngine:
    """Open (building it first if the files changed) the cached store of these files."""
    root = cache_root(location.root, cache_home)
    clean_stray(root)
    key = "oxigraph-" + fingerprint(paths, root)
    engine = CachedEngine(root, key, paths, "")
    if engine.built:
        remove_stale(root, key)
    state = "built now" if engine.built else "reused"
    engine.description = f"oxigraph on disk, cache {engine.folder} ({state}); {reason}"
    return engine
