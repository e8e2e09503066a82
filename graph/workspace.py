"""Working copies: `kg init` copies a graph into a folder a user may change, and commands
that write check that they are not about to change the read-only bundled graph.

A working copy is a folder with `ontology/`, `queries/` and a `kg-graph.toml` marker; `kg`
run inside it uses that graph (see `graph.locate`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from graph.errors import KGError, UsageError
from graph.locate import ONTOLOGY, QUERIES, WORKING_COPY_MARKER, GraphLocation

#: What `kg init` copies from the graph in use.
GRAPH_PARTS = (ONTOLOGY, QUERIES)
#: The lock file of a working copy, beside its marker; it never holds data.
LOCK_FILE = ".kg-lock"
_IGNORE = shutil.ignore_patterns(".*.tmp", "__pycache__", "*.pyc", ".DS_Store", LOCK_FILE)


def require_writable(loc: GraphLocation) -> None:
    """Refuse to change the bundled graph or a folder the user cannot write to."""
    if loc.bundled:
        why = "" if loc.reason == "bundled graph" else f" (chosen by: {loc.reason})"
        raise UsageError(
            f"{loc.root}: this is the bundled graph{why}, which kg never changes; "
            "make a working copy with `kg init DIR`, then run the command inside DIR or with --graph DIR"
        )
    for folder in (loc.ontology_dir, loc.facts_dir, loc.sources_dir):
        if folder.exists() and not os.access(folder, os.W_OK):
            raise UsageError(f"{folder}: not writable; make a working copy with `kg init DIR`")


@contextlib.contextmanager
def write_lock(root: Path, *, wait: float = 10.0) -> Iterator[None]:
    """Hold the working copy's write lock while a command plans and writes.

    Commands that change a graph folder serialise on it: a second one waits up to `wait`
    seconds, then fails with a one-line error instead of writing over the first one's work.
    The lock is an advisory `flock`, released by the kernel if the process dies.
    """
    import fcntl

    path = root / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise KGError(f"{path}: cannot take the write lock: {exc.strerror or exc}") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise KGError(
                        f"{root}: another kg command is changing this graph; try again when it is done"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def ontology_version(loc: GraphLocation) -> str | None:
    """The owl:versionInfo of the ontology in `ontology/franchise.ttl` (None if absent)."""
    import pyoxigraph as ox

    from graph.namespaces import OWL, RDF

    path = loc.ontology_dir / "franchise.ttl"
    if not path.is_file():
        return None
    try:
        quads = list(ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE, base_iri=path.as_uri()))
    except (SyntaxError, ValueError):
        return None
    ontologies = {q.subject for q in quads if q.predicate.value == RDF + "type" and q.object.value == OWL + "Ontology"}
    for q in quads:
        if q.subject in ontologies and q.predicate.value == OWL + "versionInfo":
            return q.object.value
    return None


def marker_text(source: GraphLocation, version: str | None) -> str:
    """The `kg-graph.toml` marker: says the folder is a working copy and where it came from."""
    from graph import __version__

    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    origin = "the bundled graph" if source.bundled else str(source.root)
    return (
        "# franchise-kg working copy, made by `kg init`.\n"
        "# `kg` run in this folder uses the graph here (ontology/ and queries/); so does\n"
        "# `kg --graph THIS_FOLDER` or KG_GRAPH=THIS_FOLDER from anywhere else.\n"
        "\n"
        "[graph]\n"
        "format = 1\n"
        f'ontology_version = "{version or "unknown"}"\n'
        f'created = "{now}"\n'
        f'created_by = "kg {__version__}"\n'
        f"copied_from = {_toml_string(origin)}\n"
    )


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def read_marker(root: Path) -> dict[str, object]:
    """The `[graph]` table of a working copy's marker ({} if there is none or it is broken)."""
    import tomllib

    path = root / WORKING_COPY_MARKER
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    table = data.get("graph", {})
    return table if isinstance(table, dict) else {}


def existing_parts(target: Path) -> list[str]:
    """Which parts of a graph (ontology/, queries/, the marker) are already in `target`."""
    return [name for name in (*GRAPH_PARTS, WORKING_COPY_MARKER) if (target / name).exists()]


def init_graph(target: Path, source: GraphLocation, *, force: bool = False) -> Path:
    """Copy `source`'s ontology/ and queries/ into `target` and write the marker.

    Everything is built in a temporary folder beside (or inside) `target` and then renamed
    into place, so a failure leaves the folder as it was, never a half-made graph.
    """
    target = target.expanduser().absolute()
    source_root = source.root.resolve()
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: exists and is not a folder")
    present = existing_parts(target) if target.is_dir() else []
    if present and not force:
        raise UsageError(
            f"{target}: already holds a graph ({', '.join(present)}); use --force to replace it (its facts and sources are lost)"
        )
    if target.resolve() == source_root or source_root in target.resolve().parents:
        raise UsageError(f"{target}: cannot make a working copy inside the graph it copies ({source_root})")
    missing = [p for p in GRAPH_PARTS if not (source.root / p).is_dir()]
    if missing:
        raise KGError(f"{source.root}: graph to copy has no {', '.join(missing)}/ folder")
    marker = marker_text(source, ontology_version(source)).encode("utf-8")
    if not target.exists():
        _create_new(target, source, marker)
    else:
        _fill_existing(target, source, marker)
    return target


def _build(staging: Path, source: GraphLocation, marker: bytes) -> None:
    for part in GRAPH_PARTS:
        shutil.copytree(source.root / part, staging / part, ignore=_IGNORE)
    (staging / WORKING_COPY_MARKER).write_bytes(marker)


def _create_new(target: Path, source: GraphLocation, marker: bytes) -> None:
    """Target does not exist: build it beside, then one rename makes it appear whole."""
    parent = target.parent
    if not parent.is_dir():
        raise UsageError(f"{target}: cannot create: folder {parent} does not exist")
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.kg-init-", dir=parent))
    except OSError as exc:
        raise KGError(f"{target}: cannot create: {exc.strerror or exc}") from None
    try:
        _build(staging, source, marker)
        os.chmod(staging, 0o755)
        os.rename(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise KGError(f"{target}: cannot create: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _fill_existing(target: Path, source: GraphLocation, marker: bytes) -> None:
    """Target is a folder (maybe with other files): build inside it, then rename each part in.

    Parts being replaced (--force) are moved aside first and put back if anything fails.
    """
    try:
        staging = Path(tempfile.mkdtemp(prefix=".kg-init-", dir=target))
    except OSError as exc:
        raise KGError(f"{target}: cannot write: {exc.strerror or exc}") from None
    old = staging / "old"
    moved_old: list[str] = []
    moved_new: list[str] = []
    try:
        new = staging / "new"
        new.mkdir()
        _build(new, source, marker)
        old.mkdir()
        for name in (*GRAPH_PARTS, WORKING_COPY_MARKER):
            if (target / name).exists():
                os.rename(target / name, old / name)
                moved_old.append(name)
        # the marker goes last: a folder is a working copy only once everything is in place
        for name in (*GRAPH_PARTS, WORKING_COPY_MARKER):
            os.rename(new / name, target / name)
            moved_new.append(name)
    except BaseException as exc:
        for name in moved_new:
            with contextlib.suppress(OSError):
                _remove(target / name)
        for name in moved_old:
            with contextlib.suppress(OSError):
                os.rename(old / name, target / name)
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise KGError(f"{target}: cannot write: {exc.strerror or exc}") from None
        raise
    shutil.rmtree(staging, ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
