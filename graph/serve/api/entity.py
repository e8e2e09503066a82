"""Entity pages: an entity in words (graph.summary), what each claim says about it with its
sentences once (graph.explain's grouping, as `kg explain` prints it), its raw statements, and
the source texts those sentences stand in."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.errors import UsageError
from graph.explain import ClaimGroup, Fact, account, status_word
from graph.namespaces import (
    DEFAULT_VIEW,
    RDF,
    SOURCE,
    SPECULATION_GRAPH,
    entailed_graph_iri,
    expand,
    shorten,
)
from graph.serve.api.common import bindings, entailment, flag, iri_param, paged, query_text, term
from graph.serve.api.network import describe

if TYPE_CHECKING:
    from graph.engine import Engine
    from graph.locate import GraphLocation

#: An entity page lists at most this many (statement, claim) pairs, and this many statements
#: that no claim states (ontology terms, --data files), that a claim makes, or (with RDFS on)
#: that RDFS entailment adds.
MAX_FACTS = 1000
MAX_PLAIN_FACTS = 400


def _term(value: dict[str, str], label: str | None) -> dict[str, str]:
    return term(value) | ({"label": label} if label else {})


def _raw(fact: Fact) -> dict[str, object]:
    """One statement with every claim behind it (the page's folded list of statements)."""
    return {
        "direction": fact.direction,
        "predicate": _term({"type": "uri", "value": fact.predicate}, fact.predicate_label),
        "value": _term(fact.value, fact.value_label),
        "evidence": [
            {
                "claim": e.claim,
                "short": shorten(e.claim),
                "status": status_word(e.status),
                "comment": e.comment,
                "sentences": e.sentences,
            }
            for e in fact.evidence
        ],
    }


def _named(iris: list[str]) -> list[dict[str, str]]:
    return [{"iri": i, "short": shorten(i)} for i in iris]


def _group(group: ClaimGroup) -> dict[str, object]:
    """One claim as the page shows it: what it says about the entity, its sentences once."""
    return {
        "claim": group.claim,
        "short": shorten(group.claim),
        "status": status_word(group.status),
        "state": group.state,
        "section": group.section,
        "comment": group.comment,
        "sources": [s | {"short": shorten(str(s["iri"]))} for s in group.sources],
        "sentences": group.sentences,
        "superseded_by": _named(group.superseded_by),
        "corrected_by": _named(group.corrected_by),
        "facts": [
            {
                "direction": f.direction,
                "predicate": _term({"type": "uri", "value": f.predicate}, f.predicate_label),
                "value": _term(f.value, f.value_label),
            }
            for f in group.facts
        ],
    }


def _entailed(
    engine: Engine, iri: str, with_speculation: bool, known: set[tuple[str, str, str, str]]
) -> tuple[list[dict[str, object]], bool]:
    """The statements in and out that RDFS entailment adds to the view (at most MAX_PLAIN_FACTS):
    no claim states them and no sentence says them; they follow from the ontology. A statement
    the view holds (`known`) is never repeated here."""
    graph = entailed_graph_iri(with_speculation)
    view = [DEFAULT_VIEW, *([SPECULATION_GRAPH] if with_speculation else []), graph]
    rows = bindings(
        engine,
        paged("entailed", MAX_PLAIN_FACTS + 1),
        {ox.Variable("_e"): ox.NamedNode(iri)},
        default_graph_uris=view,
        named_graph_uris=[graph],
    )
    facts: dict[tuple[str, str, str, str], dict[str, object]] = {}
    for row in rows:
        key = (row["dir"]["value"], row["p"]["value"], row["other"]["value"], row["other"]["type"])
        if key in known or key in facts:
            continue
        label = {"label": row["label"]["value"]} if "label" in row else {}
        facts[key] = {"direction": key[0], "predicate": term(row["p"]), "value": term(row["other"]) | label}
    ordered = [facts[k] for k in sorted(facts, key=lambda k: (k[0] != "out", k[1], k[2]))]
    return ordered[:MAX_PLAIN_FACTS], len(ordered) > MAX_PLAIN_FACTS


def entity(engine: Engine, location: GraphLocation, params: dict[str, str]) -> dict[str, object]:
    """An entity's facts in and out, each with its claims (status, reasoning, sentences), plus the
    statements no claim states (ontology terms, --data files) marked as such; for a claim, the
    statements it makes (`claimed`); for a sentence, where it stands in its source (`sentence`).
    With `entailment=rdfs`, also what RDFS entailment adds (`entailed`, kept apart from the facts,
    and the classes it adds, `entailed_types`). Each list is capped, and `truncated` says so."""
    from graph.entities import resolve_entity

    spec = flag(params, "with-speculation")
    raw = params.get("iri", "").strip()
    if not raw:
        raise UsageError("give the iri parameter: an IRI, a prefixed name or a name")
    if expand(raw) is None and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", raw):
        raw = f"<{raw}>"  # an absolute IRI outside the known prefixes, as /entity/<encoded IRI> gives it
    if expand(raw) is not None:
        iri_param({"iri": raw})  # a malformed IRI is a one-line error here, not the engine's ValueError
    iri = resolve_entity(engine, raw)
    found = account(engine, iri, with_speculation=spec, limit=MAX_FACTS)
    out = [_raw(f) for f in found.facts]
    keys = {(f["direction"], f["predicate"]["value"], f["value"]["value"], f["value"]["type"]) for f in out}  # type: ignore[index]
    subs = {ox.Variable("_e"): ox.NamedNode(iri)}
    rows = bindings(engine, paged("plain", MAX_PLAIN_FACTS + 1), subs, with_speculation=spec)
    for row in rows[:MAX_PLAIN_FACTS]:
        key = (row["dir"]["value"], row["p"]["value"], row["other"]["value"], row["other"]["type"])
        if key not in keys:
            keys.add(key)
            label = {"label": row["label"]["value"]} if "label" in row else {}
            out.append(
                {"direction": key[0], "predicate": term(row["p"]), "value": term(row["other"]) | label, "evidence": []}
            )
    claimed = bindings(engine, paged("claimed", MAX_PLAIN_FACTS + 1), subs)
    where = bindings(engine, query_text("sentence"), subs)
    info = describe(engine, iri, with_speculation=spec)
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
    truncated = found.capped or len(rows) > MAX_PLAIN_FACTS or len(claimed) > MAX_PLAIN_FACTS
    page = info | {
        "types": types,
        "summary": [line.to_json() for line in found.summary],
        "claims": [_group(g) for g in found.groups],
        "facts": out,
        "truncated": truncated,
    }
    if entailment(params) == "rdfs":
        entailed, more = _entailed(engine, iri, spec, keys)
        out_types = [
            f["value"]["value"] for f in entailed if f["direction"] == "out" and f["predicate"]["value"] == RDF + "type"
        ]  # type: ignore[index]
        page |= {
            "entailment": "rdfs",
            "entailed": entailed,
            "entailed_types": sorted({shorten(t) for t in out_types}),
            "truncated": truncated or more,
        }
    return page


def _utf16(text: str, index: int) -> int:
    """A character offset as JavaScript counts it (UTF-16 code units)."""
    return len(text[:index].encode("utf-16-le")) // 2


def source(engine: Engine, location: GraphLocation, params: dict[str, str]) -> dict[str, object]:
    """A registered source's text and sentences; offsets in UTF-16 units, ready for the page."""
    from graph.sources.registry import load_source

    iri = iri_param(params)
    if not iri.startswith(SOURCE):
        raise UsageError(f"{shorten(iri)} is not a registered source (source IRIs start with {SOURCE})")
    src = load_source(location, iri[len(SOURCE) :].split("#", 1)[0])
    # the text's file name comes from the data: serve it only from inside the sources folder
    folder = location.sources_dir.resolve()
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
