"""What every workbench API route shares: reading the request's parameters, running the
workbench's own queries (`graph/sparql/queries/workbench-*.rq`, read by the package's one
loader) and writing terms as the pages show them."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.errors import UsageError
from graph.namespaces import expand, shorten
from graph.sparql.internal import internal_query

if TYPE_CHECKING:
    from graph.engine import Engine

#: At most this many entities in one /api/graph or /api/labels request.
MAX_IRIS = 300


def query_text(name: str) -> str:
    """The text of one of the workbench's queries, graph/sparql/queries/workbench-NAME.rq."""
    return internal_query(f"workbench-{name}")


def paged(name: str, limit: int, offset: int = 0) -> str:
    """A query with its page's whole numbers put in (nothing else is ever put into a text)."""
    return query_text(name).replace("{limit}", str(int(limit))).replace("{offset}", str(int(offset)))


def flag(params: dict[str, str], name: str) -> bool:
    """A true/false parameter such as `with-speculation=true`."""
    return params.get(name, "").lower() in ("true", "1", "yes", "on")


def entailment(params: dict[str, str]) -> str:
    """The `entailment` parameter: rdfs, or none."""
    return "rdfs" if params.get("entailment", "none") == "rdfs" else "none"


def bindings(engine: Engine, text: str, subs: dict | None = None, **options: object) -> list[dict]:
    """A SELECT's bindings (SPARQL JSON terms), with values bound as RDF terms."""
    result = engine.query(text, substitutions=subs, name="workbench", **options)  # type: ignore[arg-type]
    return json.loads(result.json or b"{}").get("results", {}).get("bindings", [])


def whole(params: dict[str, str], name: str, default: int) -> int:
    """A whole-number parameter (at most a million, so the text stays a small number)."""
    try:
        return min(1_000_000, int(params.get(name, default)))
    except ValueError:
        raise UsageError(f"{name} {params.get(name)!r}: give a whole number") from None


def iri_param(params: dict[str, str], name: str = "iri") -> str:
    """The IRI a parameter gives as `<iri>`, a prefixed name or a plain absolute IRI."""
    raw = params.get(name, "").strip()
    if not raw:
        raise UsageError(
            f"give the {name} parameter: an IRI or a prefixed name such as kg:to-all-the-boys_character_kitty-song-covey"
        )
    iri = expand(raw) or raw
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise UsageError(f"{name} {raw!r} is not an IRI or a known prefixed name") from None
    if ":" not in iri:
        raise UsageError(f"{name} {raw!r} is not an IRI or a known prefixed name")
    return iri


def term(binding: dict[str, str]) -> dict[str, str]:
    """A SPARQL JSON term with its prefixed name (for IRIs), as the pages show it."""
    out = dict(binding)
    if binding.get("type") == "uri":
        out["short"] = shorten(binding["value"])
    return out


def iri_list(params: dict[str, str]) -> list[str]:
    """The IRIs of the `iris` parameter (whitespace-separated, at most MAX_IRIS)."""
    items = [i for i in params.get("iris", "").split() if i]
    if len(items) > MAX_IRIS:
        raise UsageError(f"too many IRIs: at most {MAX_IRIS} per request")
    return [iri_param({"iri": i}) for i in items]
