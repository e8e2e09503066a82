"""Named queries: the `.rq` files in a graph's `queries/` folder and their grlc decorators.

A query file starts with `#+ key: value` lines (grlc's decorator syntax, a small YAML):
`summary`, `description`, `tags` and `defaults` are read here. `queries/checks/` holds the
quality checks `kg validate` runs; each returns the rows that break a rule.

Paths are `str` (`NamedQuery.path` too), found with `os.path`: `kg query` imports no pathlib.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from graph.errors import LoadError, UsageError
from graph.paths import names_ending, normal, stem

if TYPE_CHECKING:
    from graph.sparql.params import Parameter


class NamedQuery:
    """A query file with its decorators and parameters (a plain class, as graph.sparql.guard.Token)."""

    __slots__ = ("defaults", "description", "name", "path", "summary", "tags", "text")

    def __init__(
        self,
        name: str,
        path: str,
        text: str,
        summary: str = "",
        description: str = "",
        tags: list[str] | None = None,
        defaults: dict[str, str] | None = None,
    ) -> None:
        self.name, self.path, self.text = name, path, text
        self.summary, self.description = summary, description
        self.tags = tags if tags is not None else []
        self.defaults = defaults if defaults is not None else {}

    def __repr__(self) -> str:
        return f"NamedQuery({self.name!r}, {self.path!r})"

    @property
    def parameters(self) -> list[Parameter]:
        from graph.sparql.params import parameters

        return parameters(self.text)


def parse_decorators(text: str) -> dict[str, object]:
    """Read the `#+` lines: `key: value`, or `key:` followed by `#+   - item` list entries."""
    result: dict[str, object] = {}
    current: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line.startswith("#+"):
            if line and not line.startswith("#"):
                break
            continue
        body = line[2:].strip()
        if body.startswith("- ") and current is not None:
            items = result.setdefault(current, [])
            if isinstance(items, list):
                items.append(body[2:].strip())
            continue
        key, _, value = body.partition(":")
        current = key.strip()
        result[current] = value.strip() if value.strip() else []
    return result


def read_query(path: str | os.PathLike[str], name: str | None = None) -> NamedQuery:
    """Read one `.rq` file with its decorators."""
    path = normal(path)
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(f"{path}: cannot read: {exc}") from None
    deco = parse_decorators(text)
    defaults: dict[str, str] = {}
    raw_defaults = deco.get("defaults", [])
    for item in raw_defaults if isinstance(raw_defaults, list) else [raw_defaults]:
        key, _, value = str(item).partition(":")
        if key.strip():
            defaults[key.strip()] = value.strip()
    tags = deco.get("tags", [])
    return NamedQuery(
        name=name or stem(path),
        path=path,
        text=text,
        summary=str(deco.get("summary", "") or ""),
        description=str(deco.get("description", "") or ""),
        tags=[str(t) for t in tags] if isinstance(tags, list) else [str(tags)],
        defaults=defaults,
    )


def _query_files(folder: str) -> list[str]:
    """The `.rq` files directly in `folder`, sorted (as `sorted(Path.glob("*.rq"))`); a named
    pipe among them would hang whoever reads it (kg queries, validate, serve): a LoadError."""
    return [os.path.join(folder, name) for name in names_ending(folder, ".rq")]


def list_queries(folder: str | os.PathLike[str]) -> list[NamedQuery]:
    """Every named query directly in `folder`, sorted by name."""
    return [read_query(p) for p in _query_files(normal(folder))]


def find_query(folder: str | os.PathLike[str], name: str) -> NamedQuery:
    """The named query `name`, or a UsageError listing close names."""
    folder = normal(folder)
    path = os.path.join(folder, f"{name}.rq")
    if os.path.isfile(path):
        return read_query(path)
    names = [stem(p) for p in _query_files(folder)]
    import difflib

    close = difflib.get_close_matches(name, names, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `kg queries` lists them"
    raise UsageError(f"no named query {name!r} in {folder}{hint}")
