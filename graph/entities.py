"""Finding an entity from what a user types: an IRI, a prefixed name, or a name or label
matched ignoring case, spacing and punctuation."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import UsageError
from graph.namespaces import expand, shorten

if TYPE_CHECKING:
    from graph.engine import Engine

SPARQL_DIR = Path(__file__).resolve().parent / "sparql"


def internal_query(name: str) -> str:
    """The text of one of the package's own queries in graph/sparql/."""
    return (SPARQL_DIR / f"{name}.rq").read_text(encoding="utf-8")


def normalize(name: str) -> str:
    """Compare names ignoring case, accents' composition, spacing and punctuation."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = text.replace("’", "'")
    return re.sub(r"[\s\W_]+", "", text)


def resolve_entity(engine: Engine, spec: str) -> str:
    """The IRI an entity spec names; a UsageError if none or several match."""
    iri = expand(spec) if (":" in spec or spec.startswith("<")) else None
    names = _names(engine)
    if iri is not None:
        return iri
    wanted = normalize(spec)
    matches = sorted(e for e, ns in names.items() if any(normalize(n) == wanted for n in ns))
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        listed = ", ".join(f"{shorten(m)} ({sorted(names[m])[0]})" for m in matches)
        raise UsageError(f"{spec!r} names several entities: {listed}; give one of these instead")
    import difflib

    pool = {n: e for e, ns in names.items() for n in ns}
    close = difflib.get_close_matches(spec, list(pool), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise UsageError(f"no entity named {spec!r} in the graph{hint}")


def _names(engine: Engine) -> dict[str, set[str]]:
    result = engine.query(internal_query("names"))
    rows = json.loads(result.json or b"{}")["results"]["bindings"]
    names: dict[str, set[str]] = {}
    for row in rows:
        names.setdefault(row["entity"]["value"], set()).add(row["name"]["value"])
    return names
