"""Graphs for the workbench: labels and kinds of nodes (as `kg viz` draws them), an entity's
neighbourhood a capped page at a time, and the statements between a result's entities, each
edge with the claims that state it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.errors import UsageError
from graph.namespaces import STATUS_SPECULATION, shorten
from graph.serve.api.common import MAX_IRIS, bindings, entailment, flag, iri_list, iri_param, paged, query_text, whole

if TYPE_CHECKING:
    from graph.engine import Engine
    from graph.locate import GraphLocation

#: At most this many neighbours per expansion (the `limit` parameter is clamped to it).
MAX_NEIGHBOURS = 200
DEFAULT_NEIGHBOURS = 60


def _kind(classes: set[str]) -> str:
    """The node's kind as `kg viz` draws it: the project's own classes decide before schema.org's."""
    from graph.kinds import KIND_OF_CLASS, KINDS
    from graph.namespaces import KGO

    known = [c for c in classes if c in KIND_OF_CLASS]
    own = [KIND_OF_CLASS[c] for c in known if c.startswith(KGO)]
    found = own or [KIND_OF_CLASS[c] for c in known]
    return min(found, key=KINDS.index) if found else "other"


def describe(engine: Engine, iri: str, **options: object) -> dict[str, object]:
    """An IRI's label, prefixed name, classes and node kind (as `kg viz` colours it)."""
    labels: list[str] = []
    classes: set[str] = set()
    for row in bindings(engine, query_text("describe"), {ox.Variable("_e"): ox.NamedNode(iri)}, **options):
        for key in ("label", "name"):
            if key in row and row[key]["value"] not in labels:
                labels.append(row[key]["value"])
        if "class" in row:
            classes.add(row["class"]["value"])
    short = shorten(iri)
    return {"iri": iri, "short": short, "label": labels[0] if labels else short, "kind": _kind(classes)}


def labels(engine: Engine, location: GraphLocation, params: dict[str, str]) -> dict[str, dict[str, object]]:
    """Label and kind of each IRI in `iris` (whitespace-separated)."""
    return {iri: describe(engine, iri) for iri in iri_list(params)}


def styles(engine: Engine, location: GraphLocation, params: dict[str, str]) -> dict[str, dict[str, str]]:
    """The node kinds' shapes and colours, the same as `kg viz` draws them."""
    from graph.viz.page import STYLE

    return {k: {"shape": s, "color": c, "border": b, "text": t} for k, (s, c, b, t) in STYLE.items()}


# --- provenance, neighbourhoods ------------------------------------------------------------------


def provenance(engine: Engine, s: str, p: str, o: str, with_speculation: bool) -> list[dict[str, object]]:
    """The claims that state one statement, with status, reasoning and sentences."""
    subs = {ox.Variable("_s"): ox.NamedNode(s), ox.Variable("_p"): ox.NamedNode(p), ox.Variable("_o"): ox.NamedNode(o)}
    claims: dict[str, dict[str, object]] = {}
    for row in bindings(engine, query_text("provenance"), subs):
        status = row["status"]["value"]
        if status == STATUS_SPECULATION and not with_speculation:
            continue
        claim = claims.setdefault(
            row["claim"]["value"],
            {
                "claim": row["claim"]["value"],
                "short": shorten(row["claim"]["value"]),
                "status": shorten(status).removeprefix("kgo:").lower(),
                "comment": row.get("comment", {}).get("value"),
                "sentences": [],
            },
        )
        if "exact" in row and row["exact"]["value"] not in claim["sentences"]:  # type: ignore[operator]
            claim["sentences"].append(row["exact"]["value"])  # type: ignore[attr-defined]
    return list(claims.values())


def _status(claims: list[dict[str, object]]) -> str:
    found = {c["status"] for c in claims}
    for status in ("stated", "inferred", "speculation"):
        if status in found:
            return status
    return "unsourced"


def neighbours(engine: Engine, location: GraphLocation, params: dict[str, str]) -> dict[str, object]:
    """An entity's neighbours (up to `limit`, at most MAX_NEIGHBOURS), each edge with its claims."""
    iri = iri_param(params)
    limit = max(1, min(MAX_NEIGHBOURS, whole(params, "limit", DEFAULT_NEIGHBOURS)))
    offset = max(0, whole(params, "offset", 0))
    spec = flag(params, "with-speculation")
    options = {"with_speculation": spec, "entailment": entailment(params)}
    rows = bindings(engine, paged("edges", limit + 1, offset), {ox.Variable("_e"): ox.NamedNode(iri)}, **options)
    more = len(rows) > limit
    nodes = {iri: describe(engine, iri, **options)}
    edges = []
    for row in rows[:limit]:
        other, p = row["other"]["value"], row["p"]["value"]
        s, o = (iri, other) if row["dir"]["value"] == "out" else (other, iri)
        if other not in nodes:
            nodes[other] = describe(engine, other, **options)
        claims = provenance(engine, s, p, o, spec)
        edges.append(
            {"from": s, "to": o, "predicate": p, "short": shorten(p), "status": _status(claims), "claims": claims}
        )
    return {
        "center": iri,
        "nodes": list(nodes.values()),
        "edges": edges,
        "more": more,
        "limit": limit,
        "offset": offset,
    }


def subgraph(engine: Engine, location: GraphLocation, params: dict[str, str]) -> dict[str, object]:
    """The entities in `iris`, and those `names` name (one per line: a result's literal names),
    with the statements between them (a SELECT's result as a graph)."""
    from graph.serve.api.names import named

    iris = iri_list(params)
    names = [n for n in params.get("names", "").split("\n") if n.strip()]
    if len(names) > MAX_IRIS:
        raise UsageError(f"too many names: at most {MAX_IRIS} per request")
    iris += [i for i in named(engine, names) if i not in iris][: MAX_IRIS - len(iris)]
    wanted = set(iris)
    spec = flag(params, "with-speculation")
    options = {"with_speculation": spec, "entailment": entailment(params)}
    edges, seen = [], set()
    for iri in iris:
        for row in bindings(engine, query_text("out"), {ox.Variable("_e"): ox.NamedNode(iri)}, **options):
            other, p = row["other"]["value"], row["p"]["value"]
            if other not in wanted or (iri, p, other) in seen:
                continue
            seen.add((iri, p, other))
            claims = provenance(engine, iri, p, other, spec)
            edges.append(
                {
                    "from": iri,
                    "to": other,
                    "predicate": p,
                    "short": shorten(p),
                    "status": _status(claims),
                    "claims": claims,
                }
            )
    return {"nodes": [describe(engine, i, **options) for i in iris], "edges": edges}
