"""Explaining an entity: what it is in words (graph.summary), then what each claim says about it
with the sentences it comes from, each sentence once: the claims that stand, the guesses apart,
and the history (claims a newer source superseded or corrected) apart again. `kg explain`
prints it; the workbench's entity page shows the same grouping (`claim_groups`).

`facts` is the other way round, one entry per statement with every claim behind it: the raw
statements, for scripts and for the page's folded list.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.entities import resolve_entity
from graph.namespaces import STATUS_INFERRED, STATUS_SPECULATION, STATUS_STATED, shorten
from graph.sparql.internal import bindings, internal_query

if TYPE_CHECKING:
    from graph.engine import Engine
    from graph.summary import Line

#: The statuses in the order a reader wants them.
_STATUS_ORDER = {STATUS_STATED: 0, STATUS_INFERRED: 1, STATUS_SPECULATION: 2}


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


@dataclass
class ClaimGroup:
    """One claim and what it says about the entity: its status, its state (`current`;
    `superseded` by a newer source's claim; `corrected`, said wrong by a newer source), its
    reasoning, the sources it cites (IRI, title, date published), its sentences once, the facts
    it holds about the entity (without their evidence: this is it), and the claims that
    supersede or correct it."""

    claim: str
    status: str
    state: str = "current"
    comment: str | None = None
    sources: list[dict[str, str | None]] = field(default_factory=list)
    sentences: list[dict[str, object]] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    superseded_by: list[str] = field(default_factory=list)
    corrected_by: list[str] = field(default_factory=list)

    @property
    def section(self) -> str:
        """Where a reader finds it: `stands` (stated or inferred, current), `guess`
        (speculation, current) or `history` (superseded or corrected)."""
        if self.state != "current":
            return "history"
        return "guess" if self.status == STATUS_SPECULATION else "stands"


def explain(engine: Engine, spec: str, *, with_speculation: bool = False) -> tuple[str, list[Fact]]:
    """The IRI an entity spec names (a name, kg:Name or an IRI) and its facts (speculation only
    when asked for): `kg explain`, and what an entity page can be built from."""
    iri = resolve_entity(engine, spec)
    return iri, facts(engine, iri, with_speculation=with_speculation)


def _rows(engine: Engine, iri: str, limit: int | None) -> list[dict[str, dict[str, str]]]:
    """The `explain` query's rows for one entity: at most `limit` (statement, claim) pairs."""
    text = internal_query("explain")
    text = text.replace("LIMIT {limit}", "" if limit is None else f"LIMIT {int(limit)}")
    result = engine.query(
        text,
        substitutions={ox.Variable("_entity_iri"): ox.NamedNode(iri)},
        name="graph/sparql/queries/explain.rq",
    )
    return bindings(result)


def _kept(row: dict[str, dict[str, str]], with_speculation: bool) -> bool:
    """Speculation shows when asked for; a guess a newer source answered is history, always shown."""
    return with_speculation or row["status"]["value"] != STATUS_SPECULATION or "supersededBy" in row


@dataclass
class Account:
    """All `kg explain` says of an entity: its IRI and name, the summary in words, the claims
    grouped (see ClaimGroup), the raw statements with their evidence, and whether the
    statements were capped (`limit`)."""

    iri: str
    label: str | None
    summary: list[Line]
    groups: list[ClaimGroup]
    facts: list[Fact]
    capped: bool = False


def account(engine: Engine, iri: str, *, with_speculation: bool = False, limit: int | None = None) -> Account:
    """What there is to say of an entity, read once: summary, claim groups and raw statements."""
    from graph.summary import summarize

    rows, capped = _capped(_rows(engine, iri, None if limit is None else limit + 1), limit)
    rows = [r for r in rows if _kept(r, with_speculation)]
    found = _facts_from(rows)
    label = next(
        (f.value["value"] for f in found if f.direction == "out" and f.predicate.endswith("schema.org/name")), None
    )
    return Account(
        iri, label, summarize(engine, iri, with_speculation=with_speculation), _groups_from(rows), found, capped
    )


def _capped(rows: list[dict[str, dict[str, str]]], limit: int | None) -> tuple[list[dict[str, dict[str, str]]], bool]:
    """The rows of at most `limit` (statement, claim) pairs (the query asked for one more pair,
    which only says that there are more), and whether there were more."""
    if limit is None:
        return rows, False
    pairs: set[tuple[str, str, str, str]] = set()
    kept = []
    for row in rows:
        pair = (
            row["direction"]["value"],
            row["p"]["value"],
            json.dumps(row["other"], sort_keys=True),
            row["claim"]["value"],
        )
        if pair not in pairs and len(pairs) == limit:
            continue
        pairs.add(pair)
        kept.append(row)
    return kept, len(kept) < len(rows)


def _key(row: dict[str, dict[str, str]]) -> tuple[str, str, str]:
    return (row["direction"]["value"], row["p"]["value"], json.dumps(row["other"], sort_keys=True))


def _fact(key: tuple[str, str, str], row: dict[str, dict[str, str]]) -> Fact:
    return Fact(key[0], row["p"]["value"], _v(row, "pLabel"), row["other"], _v(row, "otherLabel"))


def _in_order(statements: dict[tuple[str, str, str], Fact]) -> list[Fact]:
    """Outgoing first, then by property and value."""
    return [statements[k] for k in sorted(statements, key=lambda k: (k[0] != "out", k[1], k[2]))]


def _facts_from(rows: list[dict[str, dict[str, str]]]) -> list[Fact]:
    found: dict[tuple[str, str, str], Fact] = {}
    for row in rows:
        key = _key(row)
        fact = found.setdefault(key, _fact(key, row))
        claim = row["claim"]["value"]
        evidence = next((e for e in fact.evidence if e.claim == claim), None)
        if evidence is None:
            evidence = Evidence(
                claim, row["status"]["value"], _v(row, "comment"), superseded_by=_v(row, "supersededBy")
            )
            fact.evidence.append(evidence)
        sentence = sentence_of(row)
        if sentence is not None and sentence not in evidence.sentences:
            evidence.sentences.append(sentence)
    ordered = _in_order(found)
    for fact in ordered:
        fact.evidence.sort(key=lambda e: e.claim)
        for evidence in fact.evidence:
            evidence.sentences.sort(key=_sentence_order)
    return ordered


def facts(engine: Engine, iri: str, *, with_speculation: bool = False) -> list[Fact]:
    """An entity's facts in and out, one per statement, each with its claims (status, reasoning,
    what supersedes it) and the sentences they cite."""
    return _facts_from([r for r in _rows(engine, iri, None) if _kept(r, with_speculation)])


def claim_groups(engine: Engine, iri: str, *, with_speculation: bool = False) -> list[ClaimGroup]:
    """What each claim says about an entity, one group per claim with its sentences once (see
    ClaimGroup), ordered as a reader wants them: the claims that stand (stated, then
    inferred), the guesses (with speculation), then the history; within each, by the first
    sentence they cite."""
    return _groups_from([r for r in _rows(engine, iri, None) if _kept(r, with_speculation)])


def _groups_from(rows: list[dict[str, dict[str, str]]]) -> list[ClaimGroup]:
    groups: dict[str, ClaimGroup] = {}
    statements: dict[str, dict[tuple[str, str, str], Fact]] = {}
    for row in rows:
        key, claim = _key(row), row["claim"]["value"]
        group = groups.setdefault(claim, ClaimGroup(claim, row["status"]["value"], comment=_v(row, "comment")))
        for attribute, column in (("superseded_by", "supersededBy"), ("corrected_by", "correctedBy")):
            value = _v(row, column)
            if value is not None and value not in getattr(group, attribute):
                getattr(group, attribute).append(value)
        statements.setdefault(claim, {}).setdefault(key, _fact(key, row))
        sentence = sentence_of(row)
        if sentence is not None and sentence not in group.sentences:
            group.sentences.append(sentence)
            source = {"iri": _v(row, "source"), "title": _v(row, "sourceTitle"), "published": _v(row, "published")}
            if source not in group.sources:
                group.sources.append(source)
    for claim, group in groups.items():
        group.state = "corrected" if group.corrected_by else "superseded" if group.superseded_by else "current"
        group.facts = _in_order(statements[claim])
        group.sentences.sort(key=_sentence_order)
        group.superseded_by.sort()
        group.corrected_by.sort()
    sections = {"stands": 0, "guess": 1, "history": 2}

    def order(group: ClaimGroup) -> tuple[object, ...]:
        first = group.sentences[0] if group.sentences else None
        where = (str(first["source"]), *_sentence_order(first)) if first else ("", True, 0, "")
        return (sections[group.section], _STATUS_ORDER.get(group.status, 3), first is None, where, group.claim)

    return sorted(groups.values(), key=order)


def _v(row: dict[str, dict[str, str]], key: str) -> str | None:
    term = row.get(key)
    return term["value"] if term else None


def _sentence_order(s: dict[str, object]) -> tuple[bool, int, str]:
    number = s["number"]
    return (number is None, number if isinstance(number, int) else 0, str(s["iri"]))


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


def status_word(status: str) -> str:
    """A status IRI as a word: stated, inferred, speculation."""
    return shorten(status).removeprefix("kgo:").lower()


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


def _fact_line(fact: Fact) -> str:
    prop = shorten(fact.predicate)
    if fact.direction == "out":
        return f"{prop}  {_value(fact.value, fact.value_label)}"
    return f"← {_value(fact.value, fact.value_label)}  {prop}"


#: Each section's heading in the terminal and on the page.
SECTIONS = {
    "stands": "What the sources say",
    "guess": "What the sources only guess (speculation)",
    "history": "History: claims a newer source superseded or corrected, in no view",
}


def render_text(found: Account, width: int = 100) -> str:
    """A readable account: the entity in words, then each claim with what it says about the
    entity and its sentences once, the guesses and the history under headings of their own."""
    iri, label, groups = found.iri, found.label, found.groups
    lines = [f"{label}  {shorten(iri)}" if label else shorten(iri)]
    for line in found.summary:
        lines += textwrap.wrap(line.text, width, initial_indent="  ", subsequent_indent="    ")
    if not groups:
        lines.append("\n  no facts about it in this view of the graph (try --with-speculation)")
        return "\n".join(lines) + "\n"
    section = None
    for group in groups:
        if group.section != section:
            section = group.section
            count = sum(1 for g in groups if g.section == section)
            lines.append(f"\n{SECTIONS[section]} ({count} claim{'' if count == 1 else 's'})")
        lines.append("")
        lines.extend(_group_lines(group, width))
    return "\n".join(lines) + "\n"


def _group_lines(group: ClaimGroup, width: int) -> list[str]:
    titles = [s["title"] or shorten(str(s["iri"])) for s in group.sources]
    head = f"  {status_word(group.status)} · {shorten(group.claim)}"
    lines = [head + (f" · {'; '.join(str(t) for t in titles)}" if titles else "")]
    for newer in [c for c in group.superseded_by if c not in group.corrected_by]:
        lines.append(f"    superseded by {shorten(newer)} (history: not in the default view)")
    for newer in group.corrected_by:
        lines.append(f"    corrected by {shorten(newer)}: its source says this was wrong")
    if group.comment:
        lines += textwrap.wrap(group.comment, width, initial_indent="    why: ", subsequent_indent="         ")
    lines += [f"    {_fact_line(f)}" for f in group.facts]
    for s in group.sentences:
        where = f"sentence {s['number']}" if s["number"] is not None else "sentence"
        source = next((x for x in group.sources if x["iri"] == s["source"]), None)
        dated = f", {source['published']}" if source and source["published"] else ""
        lines.append(f"    {where}, characters {s['start']}–{s['end']} of {shorten(str(s['source']))}{dated}:")
        lines += textwrap.wrap(f"“{s['exact']}”", width, initial_indent="      ", subsequent_indent="      ")
    return lines


def group_json(group: ClaimGroup) -> dict[str, object]:
    """One claim group as JSON (for `kg explain --format json` and the entity page)."""
    return {
        "claim": group.claim,
        "status": group.status,
        "state": group.state,
        "section": group.section,
        "comment": group.comment,
        "sources": group.sources,
        "sentences": group.sentences,
        "supersededBy": group.superseded_by,
        "correctedBy": group.corrected_by,
        "facts": [
            {"direction": f.direction, "predicate": f.predicate, "predicateLabel": f.predicate_label, "value": f.value}
            | ({"valueLabel": f.value_label} if f.value_label else {})
            for f in group.facts
        ],
    }


def render_json(found: Account) -> str:
    """The same account as JSON, for scripts: the summary, the claims, and each fact with all
    its evidence."""
    return json.dumps(
        {
            "entity": found.iri,
            "summary": [line.to_json() for line in found.summary],
            "claims": [group_json(g) for g in found.groups],
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
                for f in found.facts
            ],
        },
        indent=2,
        ensure_ascii=False,
    )
