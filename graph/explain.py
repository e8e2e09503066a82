"""Explaining: an entity's facts, each with the claim, status and sentence it comes from."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.entities import resolve_entity
from graph.namespaces import STATUS_SPECULATION, shorten
from graph.sparql.internal import internal_bindings

if TYPE_CHECKING:
    from graph.engine import Engine


@dataclass
class Evidence:
    """One claim behind a fact: its status, reasoning and the sentences it cites."""

    claim: str
    status: str
    comment: str | None = None
    sentences: list[dict[str, object]] = field(default_factory=list)
    #: the newer claim that answers this one (kgo:supersededBy), if any: it is history
    superseded_by: str | None = None


@dataclass
class Fact:
    """A statement about the entity: direction (`out`: entity is the subject), property, value."""

    direction: str
    predicate: str
    predicate_label: str | None
    value: dict[str, str]
    value_label: str | None
    evidence: list[Evidence] = field(default_factory=list)


def explain(engine: Engine, spec: str, *, with_speculation: bool = False) -> tuple[str, list[Fact]]:
    """The IRI an entity spec names (a name, kg:Name or an IRI) and its facts (speculation only
    when asked for): `kg explain`, and what an entity page can be built from."""
    iri = resolve_entity(engine, spec)
    return iri, facts(engine, iri, with_speculation=with_speculation)


def facts(engine: Engine, iri: str, *, with_speculation: bool = False) -> list[Fact]:
    """An entity's facts in and out, one per statement, each with its claims (status, reasoning,
    what supersedes it) and the sentences they cite."""
    found = internal_bindings(engine, "explain", substitutions={ox.Variable("_entity_iri"): ox.NamedNode(iri)})
    found_facts: dict[tuple[str, str, str], Fact] = {}
    for row in found:
        status = row["status"]["value"]
        if status == STATUS_SPECULATION and not with_speculation:
            continue
        key = (row["direction"]["value"], row["p"]["value"], json.dumps(row["other"], sort_keys=True))
        fact = found_facts.setdefault(
            key,
            Fact(
                key[0],
                row["p"]["value"],
                row.get("pLabel", {}).get("value"),
                row["other"],
                row.get("otherLabel", {}).get("value"),
            ),
        )
        claim = row["claim"]["value"]
        evidence = next((e for e in fact.evidence if e.claim == claim), None)
        if evidence is None:
            evidence = Evidence(claim, status, row.get("comment", {}).get("value"))
            evidence.superseded_by = row.get("supersededBy", {}).get("value")
            fact.evidence.append(evidence)
        sentence = sentence_of(row)
        if sentence is not None and sentence not in evidence.sentences:
            evidence.sentences.append(sentence)
    return list(found_facts.values())


def sentence_of(row: dict[str, dict[str, str]]) -> dict[str, object] | None:
    """The sentence an evidence row of the `explain` query cites (its IRI, source, number,
    offsets and exact text), or None when the claim cites none."""
    if "sentence" not in row:
        return None
    return {
        "iri": row["sentence"]["value"],
        "source": row["source"]["value"],
        "number": int(row["n"]["value"]) if "n" in row else None,
        "start": int(row["start"]["value"]),
        "end": int(row["end"]["value"]),
        "exact": row["exact"]["value"],
    }


def _value(term: dict[str, str], label: str | None) -> str:
    if term["type"] == "uri":
        text = shorten(term["value"])
        return f"{text} ({label})" if label else text
    if term["type"] == "bnode":
        return "_:" + term["value"]
    text = json.dumps(term["value"], ensure_ascii=False)
    if "xml:lang" in term:
        return f"{text}@{term['xml:lang']}"
    if "datatype" in term and not term["datatype"].endswith("#string"):
        return f"{text}^^{shorten(term['datatype'])}"
    return text


def render_text(iri: str, facts: list[Fact], width: int = 100) -> str:
    """A readable account: each fact, then where it comes from, sentence by sentence."""
    label = next(
        (f.value["value"] for f in facts if f.direction == "out" and f.predicate.endswith("schema.org/name")), None
    )
    lines = [f"{label}  {shorten(iri)}" if label else shorten(iri)]
    if not facts:
        lines.append("  no facts about it in this view of the graph (try --with-speculation)")
        return "\n".join(lines) + "\n"
    for fact in facts:
        prop = shorten(fact.predicate)
        if fact.direction == "out":
            lines.append(f"\n  {prop}  {_value(fact.value, fact.value_label)}")
        else:
            lines.append(f"\n  ← {_value(fact.value, fact.value_label)}  {prop}")
        for ev in fact.evidence:
            status = shorten(ev.status).removeprefix("kgo:").lower()
            lines.append(f"      {status} · {shorten(ev.claim)}")
            if ev.superseded_by:
                lines.append(f"        superseded by {shorten(ev.superseded_by)} (history: not in the default view)")
            if ev.comment:
                lines += textwrap.wrap(
                    ev.comment, width, initial_indent="        why: ", subsequent_indent="             "
                )
            for s in ev.sentences:
                where = f"sentence {s['number']}" if s["number"] is not None else "sentence"
                lines.append(f"        {where}, characters {s['start']}–{s['end']} of {shorten(str(s['source']))}:")
                lines += textwrap.wrap(
                    f"“{s['exact']}”", width, initial_indent="          ", subsequent_indent="          "
                )
    return "\n".join(lines) + "\n"


def render_json(iri: str, facts: list[Fact]) -> str:
    """The same account as JSON, for scripts."""
    return json.dumps(
        {
            "entity": iri,
            "facts": [
                {
                    "direction": f.direction,
                    "predicate": f.predicate,
                    "value": f.value,
                    "evidence": [
                        {
                            "claim": e.claim,
                            "status": e.status,
                            "comment": e.comment,
                            "supersededBy": e.superseded_by,
                            "sentences": e.sentences,
                        }
                        for e in f.evidence
                    ],
                }
                for f in facts
            ],
        },
        indent=2,
        ensure_ascii=False,
    )
