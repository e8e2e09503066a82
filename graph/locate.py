"""Where the graph lives: which folder holds the ontology, facts, sources and named queries.

A graph folder has `ontology/` (vocabulary, shapes, `facts/`, `sources/`) and `queries/`.
The graph used is, in order: `--graph DIR`, the `KG_GRAPH` environment variable, a working
copy in the current folder (made by `kg init`), then the graph bundled with the package.
The command line reads `KG_GRAPH` and passes its value here: this module reads no environment.

The folder is kept as a `str` (`GraphLocation.folder`) and found with `os.path`, so that
`kg query` never imports `pathlib` (see `graph.paths`); `root` and the `*_dir` properties give
`pathlib.Path`s to the commands that want them.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from graph.errors import UsageError
from graph.paths import normal

if TYPE_CHECKING:
    from pathlib import Path

ENV_VAR = "KG_GRAPH"
WORKING_COPY_MARKER = "kg-graph.toml"
#: The parts of a graph folder.
ONTOLOGY, FACTS, SOURCES, QUERIES = "ontology", "ontology/facts", "ontology/sources", "queries"
_PACKAGE_DIR = os.path.dirname(os.path.realpath(__file__))


class GraphLocation:
    """A graph folder and how it was chosen (for `kg info`); a plain class, as graph.sparql.guard.Token."""

    __slots__ = ("folder", "reason")

    def __init__(self, root: str | os.PathLike[str], reason: str) -> None:
        self.folder, self.reason = normal(root), reason

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GraphLocation) and (self.folder, self.reason) == (other.folder, other.reason)

    def __hash__(self) -> int:
        return hash((self.folder, self.reason))

    def __repr__(self) -> str:
        return f"GraphLocation({self.folder!r}, {self.reason!r})"

    @property
    def root(self) -> Path:
        """The graph folder as a `pathlib.Path` (for commands other than `kg query`)."""
        from pathlib import Path

        return Path(self.folder)

    def part(self, name: str) -> str:
        """A part of the graph folder (ONTOLOGY, FACTS, SOURCES or QUERIES) as a `str`."""
        return os.path.join(self.folder, name)

    @property
    def ontology_dir(self) -> Path:
        return self.root / ONTOLOGY

    @property
    def facts_dir(self) -> Path:
        return self.root / FACTS

    @property
    def sources_dir(self) -> Path:
        return self.root / SOURCES

    @property
    def queries_dir(self) -> Path:
        return self.root / QUERIES

    @property
    def bundled(self) -> bool:
        return self.folder == _bundled_folder()


def _bundled_folder() -> str:
    """The graph shipped with the package, as a str: inside the wheel, or the source checkout."""
    inside = os.path.join(_PACKAGE_DIR, "_bundled")
    if os.path.isdir(os.path.join(inside, "ontology")):
        return inside
    return os.path.dirname(_PACKAGE_DIR)


def bundled_root() -> Path:
    """The graph shipped with the package: inside the wheel, or the source checkout."""
    from pathlib import Path

    return Path(_bundled_folder())


def is_graph_dir(path: str | os.PathLike[str]) -> bool:
    """True if `path` looks like a graph folder (it has `ontology/`)."""
    return os.path.isdir(os.path.join(path, ONTOLOGY))


def _resolved(path: str | os.PathLike[str]) -> str:
    """`Path(path).expanduser().resolve()`, as a str."""
    return os.path.realpath(os.path.expanduser(os.fspath(path)))


def locate(
    explicit: str | os.PathLike[str] | None = None, *, environment: str | None = None, reason: str | None = None
) -> GraphLocation:
    """Find the graph folder to use, following the documented order; `environment` is the
    value of $KG_GRAPH (read by the caller), `reason` how `explicit` was given."""
    if explicit:
        root = _resolved(explicit)
        if not is_graph_dir(root):
            raise UsageError(f"{root}: not a graph folder (no ontology/ inside); make one with `kg init {explicit}`")
        return GraphLocation(root, reason or "--graph option")
    env = environment
    if env:
        root = _resolved(env)
        if not is_graph_dir(root):
            raise UsageError(f"{root}: not a graph folder (no ontology/ inside), from ${ENV_VAR}")
        return GraphLocation(root, f"${ENV_VAR}")
    try:
        cwd = os.getcwd()
    except FileNotFoundError:
        raise UsageError("the current folder no longer exists; cd to one that does, or give --graph DIR") from None
    if os.path.isfile(os.path.join(cwd, WORKING_COPY_MARKER)) and is_graph_dir(cwd):
        return GraphLocation(os.path.realpath(cwd), "working copy in the current folder")
    return GraphLocation(_bundled_folder(), "bundled graph")
