"""Finding an entity from what a user types: an IRI, a prefixed name, or a name or label
matched ignoring case, spacing and punctuation; and the one index of names that `kg explain`,
the workbench's search and its graph of a result's names all read.

What a name is, once: `schema:name`, `rdfs:label` or `schema:alternateName` of an IRI that is
not an ontology term (graph/sparql/queries/names.rq: a user asking for "city" means no kgo:City).
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import unicodedata
import weakref
from typing import TYPE_CHECKING

from graph.errors import UsageError
from graph.namespaces import expand, shorten

if TYPE_CHECKING:
    from graph.engine import Engine

#: Every (entity, name, what a search matches) of an engine, read once: a name search is then a
#: scan of a Python list (milliseconds) instead of a SPARQL scan of every name (4 s at a million
#: statements). Keyed by the engine (and its store), so a graph loaded anew is read afresh.
_NAME_INDEX: weakref.WeakKeyDictionary[object, tuple[int, list[tuple[str, str, str]]]] = weakref.WeakKeyDictionary()
_NAME_LOCK = threading.Lock()


def normalize(name: str) -> str:
    """A name for exact comparison, ignoring case, accents' composition, spacing and punctuation
    (the one rule for `kg explain`, `kg viz --focus` and `kg season add`'s name matching)."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = text.replace("’", "'")
    return re.sub(r"[\s\W_]+", "", text)


def resolve_entity(engine: Engine, spec: str) -> str:
    """The IRI an entity spec names; a UsageError if none or several match, or if an IRI
    given is nowhere in the graph."""
    iri = expand(spec) if (":" in spec or spec.startswith("<")) else None
    if iri is not None:
        if not _mentioned(engine, iri):
            raise UsageError(f"{spec}: no such entity in the graph (not a subject or object of any statement)")
        return iri
    return match_name(spec, _names(engine))


def match_name(spec: str, names: dict[str, set[str]]) -> str:
    """The one IRI whose name is `spec` (ignoring case and spacing), else a UsageError that
    lists the several matches, or suggests names containing it or spelled like it."""
    wanted = normalize(spec)
    matches = sorted(e for e, ns in names.items() if any(normalize(n) == wanted for n in ns))
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = ", ".join(f"{shorten(m)} ({sorted(names[m])[0]})" for m in matches[:10])
        raise UsageError(f"{spec!r} names several entities: {listed}; give one of these instead")
    import difflib

    pool = {n: e for e, ns in names.items() for n in ns}
    containing = {n for n in pool if wanted and wanted in normalize(n)}
    typed = spec.strip().lower()

    def rank(name: str) -> tuple[bool, bool, int, str]:
        # a whole word first ("Kitty Song Covey" before "Kitty's mother"), then a prefix, then short
        return (typed not in name.lower().split(), not normalize(name).startswith(wanted), len(name), name)

    close = sorted(containing, key=rank)[:5]
    close = close or difflib.get_close_matches(spec, list(pool), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(f'{c!r} ({shorten(pool[c])})' for c in close)}?" if close else ""
    raise UsageError(f"no entity named {spec!r} in the graph{hint}")


def _mentioned(engine: Engine, iri: str) -> bool:
    import pyoxigraph as ox

    result = engine.query(
        "ASK { { ?_e ?p ?o } UNION { ?s ?p ?_e } UNION { GRAPH ?g { { ?_e ?p ?o } UNION { ?s ?p ?_e } } } }",
        substitutions={ox.Variable("_e"): ox.NamedNode(iri)},
        name="entity lookup",
    )
    return bool(json.loads(result.json or b"{}").get("boolean"))


def name_index(engine: Engine) -> list[tuple[str, str, str]]:
    """(IRI, name, what a search matches: the name and the IRI, lower case) for every name in
    the engine's graph; read once per engine (again when its store is loaded anew)."""
    from graph.sparql.internal import internal_rows

    loaded = id(getattr(engine, "store", engine))
    with _NAME_LOCK:
        try:
            kept = _NAME_INDEX.get(engine)
        except TypeError:  # an engine without weak references: read each time
            kept = None
        if kept is not None and kept[0] == loaded:
            return kept[1]
        index = [(r["entity"], r["name"], f"{r['name']} {r['entity']}".lower()) for r in internal_rows(engine, "names")]
        with contextlib.suppress(TypeError):
            _NAME_INDEX[engine] = (loaded, index)
    return index


def _names(engine: Engine) -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for iri, name, _ in name_index(engine):
        names.setdefault(iri, set()).add(name)
    return names
