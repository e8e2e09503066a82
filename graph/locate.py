"""Where the graph lives: which folder holds the ontology, facts, sources and named queries.

A graph folder has `ontology/` (vocabulary, shapes, `facts/`, `sources/`) and `queries/`.
The graph used is, in order: `--graph DIR`, the `KG_GRAPH` environment variable, a working
copy in the current folder (made by `kg init`), then the graph bundled with the package.
The command line reads `KG_GRAPH` and passes its value here: this module reads no environment.
"""

from __future__ import annotations

import os
from pathlib import Path

from graph.errors import UsageError

ENV_VAR = "KG_GRAPH"
WORKING_COPY_MARKER = "kg-graph.toml"
_PACKAGE_DIR = Path(__file__).resolve().parent


class GraphLocation:
    """A graph folder and how it was chosen (for `kg info`); a plain class, as graph.sparql.guard.Token."""

    __slots__ = ("reason", "root")

    def __init__(self, root: Path, reason: str) -> None:
        self.root, self.reason = root, reason

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GraphLocation) and (self.root, self.reason) == (other.root, other.reason)

    def __hash__(self) -> int:
        return hash((self.root, self.reason))

    def __repr__(self) -> str:
        return f"GraphLocation({str(self.root)!r}, {self.reason!r})"

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def facts_dir(self) -> Path:
        return self.root / "ontology" / "facts"

    @property
    def sources_dir(self) -> Path:
        return self.root / "ontology" / "sources"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def bundled(self) -> bool:
        return self.root == bundled_root()


def bundled_root() -> Path:
    """The graph shipped with the package: inside the wheel, or the source checkout."""
    inside = _PACKAGE_DIR / "_bundled"
    if (inside / "ontology").is_dir():
        return inside
    return _PACKAGE_DIR.parent


def is_graph_dir(path: Path) -> bool:
    """True if `path` looks like a graph folder (it has `ontology/`)."""
    return (path / "ontology").is_dir()


def locate(
    explicit: str | os.PathLike[str] | None = None, *, environment: str | None = None, reason: str | None = None
) -> GraphLocation:
    """Find the graph folder to use, following the documented order; `environment` is the
    value of $KG_GRAPH (read by the caller), `reason` how `explicit` was given."""
    if explicit:
        root = Path(explicit).expanduser().resolve()
        if not is_graph_dir(root):
            raise UsageError(f"{root}: not a graph folder (no ontology/ inside); make one with `kg init {explicit}`")
        return GraphLocation(root, reason or "--graph option")
    env = environment
    if env:
        root = Path(env).expanduser().resolve()
        if not is_graph_dir(root):
            raise UsageError(f"{root}: not a graph folder (no ontology/ inside), from ${ENV_VAR}")
        return GraphLocation(root, f"${ENV_VAR}")
    try:
        cwd = Path.cwd()
    except FileNotFoundError:
        raise UsageError("the current folder no longer exists; cd to one that does, or give --graph DIR") from None
    if (cwd / WORKING_COPY_MARKER).is_file() and is_graph_dir(cwd):
        return GraphLocation(cwd.resolve(), "working copy in the current folder")
    return GraphLocation(bundled_root(), "bundled graph")
