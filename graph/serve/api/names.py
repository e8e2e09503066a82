"""Completion for the editor and the explorer's search: prefixes, the ontology's classes and
properties, and entities by name (from `graph.entities.name_index`, the one index of names)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.entities import name_index
from graph.namespaces import PREFIXES, shorten
from graph.serve.api.common import bindings, query_text

if TYPE_CHECKING:
    from graph.engine import Engine
    from graph.locate import GraphLocation

MAX_NAMES = 40


def completions(engine: Engine, location: GraphLocation, params: dict[str, str]) -> dict[str, object]:
    """Prefixes, the ontology's classes and properties, and (with `q`) entities named like q."""
    answer: dict[str, object] = {"prefixes": PREFIXES}
    if "q" not in params:
        classes, properties = set(), set()
        for row in bindings(engine, query_text("vocabulary")):
            (classes if row["kind"]["value"] == "class" else properties).add(shorten(row["term"]["value"]))
        answer["classes"] = sorted(c for c in classes if not c.startswith("<"))
        answer["properties"] = sorted(p for p in properties if not p.startswith("<"))
    q = " ".join(params.get("q", "").lower().split())
    entities: dict[str, dict[str, str]] = {}
    if q:
        hits = [(e, n) for e, n, key in name_index(engine) if q in key]
        hits.sort(key=lambda hit: (not hit[1].lower().startswith(q), len(hit[1]), hit[1]))
        for iri, name in hits:
            if iri not in entities:
                entities[iri] = {"iri": iri, "short": shorten(iri), "name": name}
            if len(entities) >= MAX_NAMES:
                break
    answer["entities"] = list(entities.values())
    return answer


def named(engine: Engine, names: list[str]) -> list[str]:
    """The entities these exact names belong to, in the order given; a name that several
    entities share, or none, gives nothing (a result's literal names drawn as a graph)."""
    owners: dict[str, set[str]] = {}
    wanted = set(names)
    for iri, name, _ in name_index(engine):
        if name in wanted:
            owners.setdefault(name, set()).add(iri)
    found: list[str] = []
    for name in names:
        iris = owners.get(name, set())
        if len(iris) == 1 and (iri := next(iter(iris))) not in found:
            found.append(iri)
    return found
