"""Graphs for the workbench: labels and kinds of nodes (as `kg viz` draws them), an entity's
neighbourhood a capped page at a time, and the statements between a result's entities, each
edge with the claims that state it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.errors import UsageError
from graph.explain import status_word
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
    """An IRI's label, prefixed name, classes and node kind (as `kg viz` colours it), and
    whether it is bookkeeping (a claim, a sentence, a source, a date's qualifier: graph.kinds)."""
    from graph.kinds import BOOKKEEPING

    labels: list[str] = []
    classes: set[str] = set()
    for row in bindings(engine, query_text("describe"), {ox.Variable("_e"): ox.NamedNode(iri)}, **options):
        for key in ("label", "name"):
            if key in row and row[key]["value"] not in labels:
                labels.append(row[key]["value"])
        if "class" in row:
            classes.add(row["class"]["value"])
    short = shorten(iri)
    return {
        "iri": iri,
        "short": short,
        "label": labels[0] if labels else short,
        "kind": _kind(classes),
        "bookkeeping": bool(classes & set(BOOKKEEPING)),
    }


def labels(engine: Engine, location: GraphLocation, params: dict[str, str]) -> dict[str, dict[str, object]]:
    """Label and kind of each IRI in `iris` (whitespace-separated)."""
    return {iri: describe(engine, iri) for iri in iri_list(params)}


def styles(engine: Engine, location: GraphLocation, params: dict[str, str]) -> dict[str, dict[str, str]]:
    """The node kinds' shapes and colours, the same as `kg viz` draws them, and each kind's
    legend picture (an SVG `data:` URI of that shape in those colours)."""
    from graph.viz.icons import shape_icon
    from graph.viz.page import STYLE

    return {
        k: {"shape": s, "color": c, "border": b, "text": t, "icon": shape_icon(s, c, b)}
        for k, (s, c, b, t) in STYLE.items()
    }


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
                "status": status_word(status),
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
    """An entity's neighbours (up to `limit`, at most MAX_NEIGHBOURS), each edge with its claims.
    Bookkeeping neighbours (claims, sentences, sources, dates' qualifiers) are left out and
    counted in `hidden` unless `bookkeeping=true`."""
    iri = iri_param(params)
    limit = max(1, min(MAX_NEIGHBOURS, whole(params, "limit", DEFAULT_NEIGHBOURS)))
    offset = max(0, whole(params, "offset", 0))
    spec = flag(params, "with-speculation")
    shown = flag(params, "bookkeeping")
    options = {"with_speculation": spec, "entailment": entailment(params)}
    rows = bindings(engine, paged("edges", limit + 1, offset), {ox.Variable("_e"): ox.NamedNode(iri)}, **options)
    more = len(rows) > limit
    nodes = {iri: describe(engine, iri, **options)}
    edges, hidden = [], set()
    for row in rows[:limit]:
        other, p = row["other"]["value"], row["p"]["value"]
        s, o = (iri, other) if row["dir"]["value"] == "out" else (other, iri)
        found = nodes.get(other) or describe(engine, other, **options)
        if found["bookkeeping"] and not shown:
            hidden.add(other)
            continue
        nodes[other] = found
        claims = provenance(engine, s, p, o, spec)
        edges.append(
            {"from": s, "to": o, "predicate": p, "short": shorten(p), "status": _status(claims), "claims": claims}
        )
    return {
        "center": iri,
        "nodes": list(nodes.values()),
        "edges": edges,
        "hidden": len(hidden),
        "more": more,
        "limit": limit,
        "offset": offset,
    }


def subgraph(engine: Engine, location: GraphLocation, params: dict[str, str]) -> dict[str, object]:
    """The things a result is about, with the statements between them (a SELECT's result as a
    graph): the entities in `iris`, those `names` name (one per line: a result's literal names)
    and those the statements of the claims in `claims` connect (a table of claims draws what
    they are about, each claim as provenance on its edges, never as a node). Bookkeeping nodes
    are left out unless `bookkeeping=true`."""
    from graph.serve.api.names import named

    iris = iri_list(params)
    claims = iri_list({"iris": params.get("claims", "")})
    names = [n for n in params.get("names", "").split("\n") if n.strip()]
    if len(names) > MAX_IRIS:
        raise UsageError(f"too many names: at most {MAX_IRIS} per request")
    iris += [i for i in named(engine, names) if i not in iris][: MAX_IRIS - len(iris)]
    for claim in claims:
        for row in bindings(engine, query_text("claim-entities"), {ox.Variable("_e"): ox.NamedNode(claim)}):
            if row["entity"]["value"] not in iris and len(iris) < MAX_IRIS:
                iris.append(row["entity"]["value"])
    spec = flag(params, "with-speculation")
    options = {"with_speculation": spec, "entailment": entailment(params)}
    described = [describe(engine, i, **options) for i in iris]
    if not flag(params, "bookkeeping"):
        described = [d for d in described if not d["bookkeeping"]]
    wanted = {str(d["iri"]) for d in described}
    edges, seen = [], set()
    for d in described:
        iri = str(d["iri"])
        for row in bindings(engine, query_text("out"), {ox.Variable("_e"): ox.NamedNode(iri)}, **options):
            other, p = row["other"]["value"], row["p"]["value"]
            if other not in wanted or (iri, p, other) in seen:
                continue
            seen.add((iri, p, other))
            found = provenance(engine, iri, p, other, spec)
            edges.append(
                {
                    "from": iri,
                    "to": other,
                    "predicate": p,
                    "short": shorten(p),
                    "status": _status(found),
                    "claims": found,
                }
            )
    return {"nodes": described, "edges": edges}
