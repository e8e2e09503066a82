"""Completion for the editor and the explorer's search: prefixes, the ontology's classes and
properties, and entities by name (from `graph.entities.name_index`, the one index of names)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.entities import name_index
from graph.errors import UsageError
from graph.namespaces import PREFIXES, shorten
from graph.serve.api.common import MAX_IRIS, bindings, query_text

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
        hits.sort(key=lambda hit: (_rank(hit[1], q), len(hit[1]), hit[1]))
        for iri, name in hits:
            if iri not in entities:
                entities[iri] = {"iri": iri, "short": shorten(iri), "name": name}
            if len(entities) >= MAX_NAMES:
                break
    answer["entities"] = list(entities.values())
    return answer


def _rank(name: str, q: str) -> int:
    """How well a name answers what was typed: the name itself, then a name whose first word
    it is, a name starting with it, a name with it as a word, a word starting with it, a name
    holding it, and last an entity whose IRI alone holds it (typing "Kitty" wants Kitty Song
    Covey before Kitty's mother, XO, Kitty and every kg:xo-kitty_… IRI)."""
    low = name.lower()
    words = low.replace(",", " ").split()
    tests = (
        low == q,
        bool(words) and words[0] == q,
        low.startswith(q),
        q in words,
        any(word.startswith(q) for word in words),
        q in low,
    )
    return next((i for i, passed in enumerate(tests) if passed), len(tests))


def owners(engine: Engine, names: list[str]) -> dict[str, str]:
    """The entity each of these exact names belongs to; a name that several entities share,
    or none, is left out (a result's names, linked or drawn as what they name)."""
    found: dict[str, set[str]] = {}
    wanted = set(names)
    for iri, name, _ in name_index(engine):
        if name in wanted:
            found.setdefault(name, set()).add(iri)
    return {name: next(iter(iris)) for name, iris in found.items() if len(iris) == 1}


def named(engine: Engine, names: list[str]) -> list[str]:
    """The entities these exact names belong to, in the order given (see `owners`)."""
    owned = owners(engine, names)
    found: list[str] = []
    for name in names:
        if name in owned and owned[name] not in found:
            found.append(owned[name])
    return found


def resolve(engine: Engine, location: GraphLocation, params: dict[str, str]) -> dict[str, object]:
    """The entities the `names` (one per line, at most MAX_IRIS) name, each as its IRI and
    prefixed name: a result's names become links to the entities' pages."""
    names = [n for n in params.get("names", "").split("\n") if n.strip()]
    if len(names) > MAX_IRIS:
        raise UsageError(f"too many names: at most {MAX_IRIS} per request")
    return {"entities": {name: {"iri": iri, "short": shorten(iri)} for name, iri in owners(engine, names).items()}}
