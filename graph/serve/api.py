"""The workbench's JSON API: `GET /api/<name>?…` answers `ROUTES[name](kg, params)`.

Each function takes the live KnowledgeGraph and the request's parameters (last value wins)
and returns plain JSON-serialisable data; a KGError becomes a 400 answer with its one line.
Values from the request are bound as RDF terms (substitutions), never pasted into a query,
and every answer is capped, so a graph of a million statements stays explorable a
neighbourhood at a time.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.errors import UsageError
from graph.namespaces import PREFIXES, RDF, SOURCE, STATUS_SPECULATION, expand, shorten

if TYPE_CHECKING:
    from graph.api import KnowledgeGraph
    from graph.sparql.params import Parameter

QUERIES = Path(__file__).resolve().parent / "queries"
#: At most this many neighbours per expansion (the `limit` parameter is clamped to it).
MAX_NEIGHBOURS = 200
DEFAULT_NEIGHBOURS = 60
#: At most this many entities in one /api/graph or /api/labels request, and names in completions.
MAX_IRIS = 300
MAX_NAMES = 40
#: Facts of an entity page that no claim states (ontology terms, --data files): at most this many.
MAX_PLAIN_FACTS = 400

#: Every (entity, name) of an engine, read once: a name search is then a scan of a Python list
#: (milliseconds) instead of a SPARQL scan of every name (4 s at a million statements). Keyed
#: by the engine, so a graph reloaded into a new engine is read afresh.
_NAME_INDEX: weakref.WeakKeyDictionary[object, tuple[int, list[tuple[str, str, str]]]] = weakref.WeakKeyDictionary()
_NAME_LOCK = threading.Lock()


@functools.cache
def _query(name: str) -> str:
    """The text of one of the workbench's queries, graph/serve/queries/NAME.rq."""
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def _paged(name: str, limit: int, offset: int = 0) -> str:
    """A query with its page's whole numbers put in (nothing else is ever put into a text)."""
    return _query(name).replace("{limit}", str(int(limit))).replace("{offset}", str(int(offset)))


def _flag(params: dict[str, str], name: str) -> bool:
    return params.get(name, "").lower() in ("true", "1", "yes", "on")


def _entailment(params: dict[str, str]) -> str:
    return "rdfs" if params.get("entailment", "none") == "rdfs" else "none"


def _rows(kg: KnowledgeGraph, text: str, subs: dict | None = None, **options: object) -> list[dict]:
    result = kg.engine.query(text, substitutions=subs, name="workbench", **options)  # type: ignore[arg-type]
    return json.loads(result.json or b"{}").get("results", {}).get("bindings", [])


def _whole(params: dict[str, str], name: str, default: int) -> int:
    """A whole-number parameter (at most a million, so the text stays a small number)."""
    try:
        return min(1_000_000, int(params.get(name, default)))
    except ValueError:
        raise UsageError(f"{name} {params.get(name)!r}: give a whole number") from None


def _iri(params: dict[str, str], name: str = "iri") -> str:
    """The IRI a parameter gives as `<iri>`, a prefixed name or a plain absolute IRI."""
    raw = params.get(name, "").strip()
    if not raw:
        raise UsageError(f"give the {name} parameter: an IRI or a prefixed name such as kg:KittySongCovey")
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


# --- named queries -----------------------------------------------------------------------------


def _param_type(param: Parameter) -> str:
    """The form's name for a parameter's type: iri, integer, date, string@en, any, …"""
    if param.kind == "iri":
        return "iri"
    if param.kind == "lang":
        return f"string@{param.language}"
    if param.kind == "literal":
        return str(param.datatype).rsplit("#", 1)[-1]
    return "any"


def queries(kg: KnowledgeGraph, params: dict[str, str]) -> list[dict[str, object]]:
    """The named queries with their decorators, parameters (type, required, default) and text."""
    from graph.sparql.catalog import list_queries

    answer = []
    for q in list_queries(kg.location.queries_dir):
        answer.append(
            {
                "name": q.name,
                "summary": q.summary,
                "description": q.description,
                "tags": q.tags,
                "parameters": [
                    {"name": p.name, "type": _param_type(p), "required": p.required, "default": q.defaults.get(p.name)}
                    for p in q.parameters
                ],
                "text": q.text,
            }
        )
    return answer


def check(kg: KnowledgeGraph, params: dict[str, str]) -> dict[str, object]:
    """Check values for a named query's parameters exactly as `kg query` does (`_query` names
    it): `{"ok": true}` or `{"ok": false, "error": one line}` (a wrong value is an answer here,
    not a failed request); an unknown query is a UsageError."""
    from graph.sparql.catalog import find_query
    from graph.sparql.params import bind

    named = find_query(kg.location.queries_dir, params.get("_query", ""))
    values = {k: v for k, v in params.items() if k != "_query" and v != ""}
    try:
        bind(named.name, named.parameters, values, named.defaults)
    except UsageError as exc:
        return {"ok": False, "query": named.name, "error": str(exc)}
    return {"ok": True, "query": named.name}


# --- vocabulary, names, labels -----------------------------------------------------------------


def completions(kg: KnowledgeGraph, params: dict[str, str]) -> dict[str, object]:
    """Prefixes, the ontology's classes and properties, and (with `q`) entities named like q."""
    answer: dict[str, object] = {"prefixes": PREFIXES}
    if "q" not in params:
        classes, properties = set(), set()
        for row in _rows(kg, _query("vocabulary")):
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
            for r in _rows(kg, _query("names"))
        ]
        with contextlib.suppress(TypeError):
            _NAME_INDEX[engine] = (loaded, index)
    return index


def _kind(classes: set[str]) -> str:
    from graph.viz.network import KIND_OF_CLASS

    for cls, kind in KIND_OF_CLASS.items():
        if cls in classes:
            return kind
    return "other"


def describe(kg: KnowledgeGraph, iri: str, **options: object) -> dict[str, object]:
    """An IRI's label, prefixed name, classes and node kind (as `kg viz` colours it)."""
    labels: list[str] = []
    classes: set[str] = set()
    for row in _rows(kg, _query("describe"), {ox.Variable("_e"): ox.NamedNode(iri)}, **options):
        for key in ("label", "name"):
            if key in row and row[key]["value"] not in labels:
                labels.append(row[key]["value"])
        if "class" in row:
            classes.add(row["class"]["value"])
    short = shorten(iri)
    return {"iri": iri, "short": short, "label": labels[0] if labels else short, "kind": _kind(classes)}


def _iri_list(params: dict[str, str]) -> list[str]:
    items = [i for i in params.get("iris", "").split() if i]
    if len(items) > MAX_IRIS:
        raise UsageError(f"too many IRIs: at most {MAX_IRIS} per request")
    return [_iri({"iri": i}) for i in items]


def labels(kg: KnowledgeGraph, params: dict[str, str]) -> dict[str, dict[str, object]]:
    """Label and kind of each IRI in `iris` (whitespace-separated)."""
    return {iri: describe(kg, iri) for iri in _iri_list(params)}


def styles(kg: KnowledgeGraph, params: dict[str, str]) -> dict[str, dict[str, str]]:
    """The node kinds' shapes and colours, the same as `kg viz` draws them."""
    from graph.viz.page import STYLE

    return {k: {"shape": s, "color": c, "border": b, "text": t} for k, (s, c, b, t) in STYLE.items()}


# --- provenance, neighbourhoods ------------------------------------------------------------------


def provenance(kg: KnowledgeGraph, s: str, p: str, o: str, with_speculation: bool) -> list[dict[str, object]]:
    """The claims that state one statement, with status, reasoning and sentences."""
    subs = {ox.Variable("_s"): ox.NamedNode(s), ox.Variable("_p"): ox.NamedNode(p), ox.Variable("_o"): ox.NamedNode(o)}
    claims: dict[str, dict[str, object]] = {}
    for row in _rows(kg, _query("provenance"), subs):
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


def neighbours(kg: KnowledgeGraph, params: dict[str, str]) -> dict[str, object]:
    """An entity's neighbours (up to `limit`, at most MAX_NEIGHBOURS), each edge with its claims."""
    iri = _iri(params)
    limit = max(1, min(MAX_NEIGHBOURS, _whole(params, "limit", DEFAULT_NEIGHBOURS)))
    offset = max(0, _whole(params, "offset", 0))
    spec = _flag(params, "with-speculation")
    options = {"with_speculation": spec, "entailment": _entailment(params)}
    rows = _rows(kg, _paged("edges", limit + 1, offset), {ox.Variable("_e"): ox.NamedNode(iri)}, **options)
    more = len(rows) > limit
    nodes = {iri: describe(kg, iri, **options)}
    edges = []
    for row in rows[:limit]:
        other, p = row["other"]["value"], row["p"]["value"]
        s, o = (iri, other) if row["dir"]["value"] == "out" else (other, iri)
        if other not in nodes:
            nodes[other] = describe(kg, other, **options)
        claims = provenance(kg, s, p, o, spec)
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


def subgraph(kg: KnowledgeGraph, params: dict[str, str]) -> dict[str, object]:
    """The entities in `iris` and the statements between them (a SELECT's result as a graph)."""
    iris = _iri_list(params)
    wanted = set(iris)
    spec = _flag(params, "with-speculation")
    options = {"with_speculation": spec, "entailment": _entailment(params)}
    edges, seen = [], set()
    for iri in iris:
        for row in _rows(kg, _query("out"), {ox.Variable("_e"): ox.NamedNode(iri)}, **options):
            other, p = row["other"]["value"], row["p"]["value"]
            if other not in wanted or (iri, p, other) in seen:
                continue
            seen.add((iri, p, other))
            claims = provenance(kg, iri, p, other, spec)
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
    return {"nodes": [describe(kg, i, **options) for i in iris], "edges": edges}


# --- entity pages and sources -----------------------------------------------------------------


def entity(kg: KnowledgeGraph, params: dict[str, str]) -> dict[str, object]:
    """An entity's facts in and out, each with its claims (status, reasoning, sentences), plus the
    statements no claim states (ontology terms, --data files) marked as such; for a claim, the
    statements it makes (`claimed`); for a sentence, where it stands in its source (`sentence`)."""
    from graph.explain import explain

    spec = _flag(params, "with-speculation")
    raw = params.get("iri", "").strip()
    if not raw:
        raise UsageError("give the iri parameter: an IRI, a prefixed name or a name")
    if expand(raw) is None and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", raw):
        raw = f"<{raw}>"  # an absolute IRI outside the known prefixes, as /entity/<encoded IRI> gives it
    iri, facts = explain(kg, raw, with_speculation=spec)
    out: list[dict[str, object]] = []
    keys = set()
    for f in facts:
        keys.add((f.direction, f.predicate, json.dumps(f.value, sort_keys=True)))
        out.append(
            {
                "direction": f.direction,
                "predicate": term({"type": "uri", "value": f.predicate}),
                "value": term(f.value) | ({"label": f.value_label} if f.value_label else {}),
                "evidence": [
                    {
                        "claim": e.claim,
                        "short": shorten(e.claim),
                        "status": shorten(e.status).removeprefix("kgo:").lower(),
                        "comment": e.comment,
                        "sentences": e.sentences,
                    }
                    for e in f.evidence
                ],
            }
        )
    rows = _rows(
        kg, _paged("plain", MAX_PLAIN_FACTS + 1), {ox.Variable("_e"): ox.NamedNode(iri)}, with_speculation=spec
    )
    for row in rows[:MAX_PLAIN_FACTS]:
        key = (row["dir"]["value"], row["p"]["value"], json.dumps(row["other"], sort_keys=True))
        if key not in keys:
            keys.add(key)
            out.append(
                {
                    "direction": key[0],
                    "predicate": term(row["p"]),
                    "value": term(row["other"]) | ({"label": row["label"]["value"]} if "label" in row else {}),
                    "evidence": [],
                }
            )
    subs = {ox.Variable("_e"): ox.NamedNode(iri)}
    claimed = _rows(kg, _paged("claimed", MAX_PLAIN_FACTS + 1), subs)
    where = _rows(kg, _query("sentence"), subs)
    info = describe(kg, iri, with_speculation=spec)
    info["claimed"] = [{k: term(row[k]) for k in ("s", "p", "o")} for row in claimed[:MAX_PLAIN_FACTS]]
    info["sentence"] = (
        {
            "iri": iri,
            "source": where[0]["source"]["value"],
            "number": int(where[0]["n"]["value"]) if "n" in where[0] else None,
            "start": int(where[0]["start"]["value"]),
            "end": int(where[0]["end"]["value"]),
            "exact": where[0]["exact"]["value"],
        }
        if where
        else None
    )
    types = sorted({shorten(f["value"]["value"]) for f in out if f["predicate"]["value"] == RDF + "type"})  # type: ignore[index]
    truncated = len(rows) > MAX_PLAIN_FACTS or len(claimed) > MAX_PLAIN_FACTS
    return info | {"types": types, "facts": out, "truncated": truncated}


def _utf16(text: str, index: int) -> int:
    """A character offset as JavaScript counts it (UTF-16 code units)."""
    return len(text[:index].encode("utf-16-le")) // 2


def source(kg: KnowledgeGraph, params: dict[str, str]) -> dict[str, object]:
    """A registered source's text and sentences; offsets in UTF-16 units, ready for the page."""
    from graph.sources.registry import load_source

    iri = _iri(params)
    if not iri.startswith(SOURCE):
        raise UsageError(f"{shorten(iri)} is not a registered source (source IRIs start with {SOURCE})")
    src = load_source(kg.location, iri[len(SOURCE) :].split("#", 1)[0])
    # the text's file name comes from the data: serve it only from inside the sources folder
    folder = kg.location.sources_dir.resolve()
    if src.txt.is_symlink() or not src.txt.resolve().is_relative_to(folder):
        raise UsageError(f"{src.ttl}: its text file {src.txt.name!r} is not inside {folder}; not served")
    return {
        "iri": src.iri,
        "title": src.title,
        "text": src.text,
        "sentences": [
            {"iri": s.iri, "number": s.number, "start": _utf16(src.text, s.start), "end": _utf16(src.text, s.end)}
            for s in src.sentences
        ],
    }


ROUTES: dict[str, Callable[[KnowledgeGraph, dict[str, str]], object]] = {
    "queries": queries,
    "check": check,
    "completions": completions,
    "labels": labels,
    "styles": styles,
    "neighbours": neighbours,
    "graph": subgraph,
    "entity": entity,
    "source": source,
}
