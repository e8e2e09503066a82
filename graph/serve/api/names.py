"""Completion for the editor and the explorer's search: prefixes, the ontology's classes and
properties, and entities by name."""

from __future__ import annotations

import contextlib
import threading
import weakref
from typing import TYPE_CHECKING

from graph.namespaces import PREFIXES, shorten
from graph.serve.api.common import bindings, query_text

if TYPE_CHECKING:
    from graph.api import KnowledgeGraph

MAX_NAMES = 40
#: Every (entity, name) of an engine, read once: a name search is then a scan of a Python list
#: (milliseconds) instead of a SPARQL scan of every name (4 s at a million statements). Keyed
#: by the engine (and its store), so a graph loaded anew is read afresh.
_NAME_INDEX: weakref.WeakKeyDictionary[object, tuple[int, list[tuple[str, str, str]]]] = weakref.WeakKeyDictionary()
_NAME_LOCK = threading.Lock()


def completions(kg: KnowledgeGraph, params: dict[str, str]) -> dict[str, object]:
    """Prefixes, the ontology's classes and properties, and (with `q`) entities named like q."""
    answer: dict[str, object] = {"prefixes": PREFIXES}
    if "q" not in params:
        classes, properties = set(), set()
        for row in bindings(kg, query_text("vocabulary")):
            (classes if row["kind"]["value"] == "class" else properties).add(shorten(row["term"]["value"]))
        answer["classes"] = sorted(c for c in classes if not c.startswith("<"))
        answer["properties"] = sorted(p for p in properties if not p.startswith("<"))
    q = " ".join(params.get("q", "").lower().split())
    entities: dict[str, dict[str, str]] = {}
    if q:
        hits = [(e, n) for e, n, key in _names(kg) if q in key]
        hits.sort(key=lambda hit: (not hit[1].lower().startswith(q), len(hit[1]), hit[1]))
        for iri, name in hits:
            if iri not in entities:
                entities[iri] = {"iri": iri, "short": shorten(iri), "name": name}
            if len(entities) >= MAX_NAMES:
                break
    answer["entities"] = list(entities.values())
    return answer


def _names(kg: KnowledgeGraph) -> list[tuple[str, str, str]]:
    """(IRI, name, what a search matches: the name and the IRI, lower case) for every name;
    read again when the graph is loaded anew (a new engine, or a new store in it)."""
    engine = kg.engine
    loaded = id(getattr(engine, "store", engine))
    with _NAME_LOCK:
        try:
            kept = _NAME_INDEX.get(engine)
        except TypeError:  # an engine without weak references: read each time
            kept = None
        if kept is not None and kept[0] == loaded:
            return kept[1]
        index = [
            (r["entity"]["value"], r["name"]["value"], f"{r['name']['value']} {r['entity']['value']}".lower())
            for r in bindings(kg, query_text("names"))
        ]
        with contextlib.suppress(TypeError):
            _NAME_INDEX[engine] = (loaded, index)
    return index


def named(kg: KnowledgeGraph, names: list[str]) -> list[str]:
    """The entities these exact names belong to, in the order given; a name that several
    entities share, or none, gives nothing (a result's literal names drawn as a graph)."""
    owners: dict[str, set[str]] = {}
    wanted = set(names)
    for iri, name, _ in _names(kg):
        if name in wanted:
            owners.setdefault(name, set()).add(iri)
    found: list[str] = []
    for name in names:
        iris = owners.get(name, set())
        if len(iris) == 1 and (iri := next(iter(iris))) not in found:
            found.append(iri)
    return found
