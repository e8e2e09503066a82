"""Advice on a query that ran, for the person reading its answer: each IRI or prefixed name it
uses that the graph does not hold, with the nearest terms it does ("kgo:Persn: no such class;
did you mean kgo:Person?"), and, when it found nothing, that it did, whether speculation would
have found something, and for a named query which parameter matched nothing.

`kg query` prints the advice on standard error (its answer on standard output is unchanged);
the workbench shows it above the results (`/api/advice`). It is asked for after a query, never
on the way to an answer: each term costs a lookup, and an empty named query one run per
parameter. Values are bound as RDF terms (substitutions), never put into a query's text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.errors import KGError
from graph.namespaces import KG, PREFIXES, RDF, XSD, shorten
from graph.sparql.internal import run_internal
from graph.sparql.run import PreparedQuery, execute

if TYPE_CHECKING:
    from graph.engine import Engine
    from graph.sparql.lexer import Token

#: Terms that belong to the language (datatypes), never looked up in the graph.
_LANGUAGE = (XSD, RDF + "langString", RDF + "dirLangString", RDF + "JSON", RDF + "HTML", RDF + "XMLLiteral")
#: Words after which a bracket holds an expression or data, not triple patterns.
_DATA = {"VALUES"}
#: At most this many terms are looked up, and this many suggestions given for each.
MAX_TERMS = 40
SUGGESTIONS = 2


def advise(engine: Engine, prepared: PreparedQuery, *, empty: bool = False) -> list[str]:
    """Every piece of advice on a query that ran on `engine`; `empty` says it answered nothing
    (no row, no triple). Each is one line, the query's terms placed `name:line:column:`."""
    notes = unknown_terms(engine, prepared)
    if empty and prepared.kind != "ask":
        notes += _nothing_found(engine, prepared)
    return notes


# --- terms the graph does not hold ----------------------------------------------------------


def used_terms(prepared: PreparedQuery) -> list[tuple[Token, str, str]]:
    """The IRIs a query uses as terms of its patterns, each with its token and its role there:
    `class` (after `a` or rdf:type), `property` (a predicate or a path in one) or `term`.
    Left out: prefix and base declarations, datatypes (`^^xsd:date`), functions (`xsd:integer(…)`),
    graph names, relative IRIs and the language's own datatypes."""
    tokens = prepared.approved().tokens
    declared = dict(PREFIXES)
    found: list[tuple[Token, str, str]] = []
    # a small reader of triple patterns: where a term stands decides its role
    state: str | None = None  # subject, predicate, object (None: outside triple patterns)
    stack: list[tuple[str, str | None]] = []  # open brackets: (kind, state when opened)
    class_next = data_next = False
    for i, tok in enumerate(tokens):
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        kind, text = tok.kind, tok.text
        if kind == "word":
            upper = text.upper()
            if upper == "A" and state == "predicate":
                class_next, state = True, "object"
            elif upper in _DATA:
                data_next = True
            continue
        if kind == "other":
            state, class_next, data_next = _punctuation(text, state, stack, class_next, data_next)
            continue
        if kind not in ("iri", "pname", "var", "bnode", "string", "number"):
            continue
        if kind in ("iri", "pname") and not _skipped(tokens, i):
            iri = _expand(text, declared)
            if iri is not None and not iri.startswith(_LANGUAGE):
                found.append((tok, iri, _role(state, class_next)))
                if state == "predicate" and iri == RDF + "type":
                    class_next = True
        elif _declares(before, kind, after):
            declared[text[:-1]] = after.text[1:-1]  # type: ignore[union-attr]
        if data_next:
            continue  # VALUES ?x: the variables of a data block
        if state == "subject":
            state = "predicate"
        elif state == "predicate" and not (stack and stack[-1][0] == "path"):
            state = "object"
    return found


def _punctuation(
    text: str, state: str | None, stack: list[tuple[str, str | None]], class_next: bool, data_next: bool
) -> tuple[str | None, bool, bool]:
    """Where the next term of a pattern stands after a bracket or a separator."""
    if text in ("{", "{|"):
        kind = "data" if data_next else "group"
        stack.append((kind, state))
        return (None if kind == "data" else "subject"), False, False
    if text in ("(", "<<("):
        kind = "path" if state == "predicate" else "expression"
        stack.append((kind, state))
        return ("predicate" if kind == "path" else None), class_next, data_next
    if text in ("[", "<<"):
        stack.append(("node", state))
        return ("predicate" if text == "[" else "subject"), False, data_next
    if text in ("}", "|}", ")", ")>>", "]", ">>") and stack:
        opened, was = stack.pop()
        in_group = bool(stack) and stack[-1][0] == "group"
        if opened in ("group", "data"):
            return ("subject" if in_group else None), False, False
        if opened == "path":
            return "object", class_next, data_next
        if opened == "node":
            return {"subject": "predicate", "object": "object"}.get(was or "", was), class_next, data_next
        return was, class_next, data_next
    if state is None:
        return state, class_next, data_next
    if text == ".":
        return "subject", False, data_next
    if text == ";":
        return "predicate", False, data_next
    if text == ",":
        return "object", class_next, data_next
    if text in ("/", "|", "^") and state == "object":
        return "predicate", False, data_next  # a path goes on: its next step is a property too
    return state, class_next, data_next


def _declares(before: Token | None, kind: str, after: Token | None) -> bool:
    """`PREFIX ex: <…>`: a prefix the query declares for itself."""
    declaring = before is not None and before.kind == "word" and before.text.upper() == "PREFIX"
    return declaring and kind == "pname" and after is not None and after.kind == "iri"


def _role(state: str | None, class_next: bool) -> str:
    if state == "predicate":
        return "property"
    if state == "object" and class_next:
        return "class"
    return "term"


def _skipped(tokens: list[Token], i: int) -> bool:
    """A name that is no term of a pattern: declared, a datatype, a function or a graph name."""
    words = [t.text.upper() for t in tokens[max(0, i - 2) : i] if t.kind == "word"]
    if words and words[-1] in ("PREFIX", "BASE", "GRAPH", "FROM", "NAMED"):
        return True
    if i >= 2 and tokens[i - 2].kind == "word" and tokens[i - 2].text.upper() == "PREFIX":
        return True
    if i and tokens[i - 1].text == "^^":
        return True
    return i + 1 < len(tokens) and tokens[i + 1].text == "("


def _expand(text: str, declared: dict[str, str]) -> str | None:
    """The absolute IRI a prefixed name or `<iri>` stands for (None: relative, or escaped)."""
    if text.startswith("<"):
        iri = text[1:-1]
        return iri if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri) else None
    prefix, _, local = text.partition(":")
    if prefix not in declared or "\\" in local or "%" in local:
        return None
    return declared[prefix] + local


def unknown_terms(engine: Engine, prepared: PreparedQuery) -> list[str]:
    """One line for each term of the query that no statement of the graph holds, in any
    graph (a claim's or a view), with the nearest terms that it does hold."""
    seen: dict[str, tuple[Token, str]] = {}
    for tok, iri, role in used_terms(prepared):
        if iri not in seen:
            seen[iri] = (tok, role)
    missing = [(iri, tok, role) for iri, (tok, role) in list(seen.items())[:MAX_TERMS] if not held(engine, iri)]
    if not missing:
        return []
    vocabulary = _vocabulary(engine)
    notes = []
    for iri, tok, role in missing:
        what = {"class": "no such class", "property": "no such property"}.get(role)
        what = what or ("no such entity" if iri.startswith(KG) else "in no statement of the graph")
        close = nearest(iri, role, vocabulary)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        notes.append(f"{prepared.name}:{tok.line}:{tok.column}: {tok.text}: {what}{hint}")
    return notes


def held(engine: Engine, iri: str) -> bool:
    """Whether any statement of the graph, in any graph, has `iri` as subject, predicate or object."""
    result = run_internal(engine, "advice-held", substitutions={ox.Variable("_term"): ox.NamedNode(iri)})
    return _boolean(result.json)


def _boolean(answer: bytes | None) -> bool:
    """An ASK answer's value, read by pyoxigraph (a cold `kg query` imports no json)."""
    if not answer:
        return False
    return bool(ox.parse_query_results(answer, format=ox.QueryResultsFormat.JSON))


def _vocabulary(engine: Engine) -> dict[str, set[str]]:
    """The terms a suggestion may name, by role: classes and properties the ontology declares
    or the data uses, and every named entity."""
    terms: dict[str, set[str]] = {"class": set(), "property": set(), "term": set()}
    result = run_internal(engine, "advice-vocabulary")
    for solution in ox.parse_query_results(result.json or b"", format=ox.QueryResultsFormat.JSON):  # type: ignore[union-attr]
        terms[solution["kind"].value].add(solution["term"].value)  # type: ignore[index,union-attr]
    return terms


def _key(text: str) -> str:
    """A name compared for closeness: lower case, letters and digits only."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def _local(iri: str) -> str:
    return re.split(r"[#/:]", iri)[-1]


def nearest(iri: str, role: str, vocabulary: dict[str, set[str]]) -> list[str]:
    """The terms of the same role spelt most like `iri` (several only when as near), as
    prefixed names; those of its own namespace first (kgo:Persn is nearer kgo:Person than
    schema:Person). A name held inside a longer one is near it (kg:JennyHan, kg:person_jenny-han)."""
    import difflib

    pool = vocabulary.get(role, set()) | (vocabulary["term"] if role == "term" else set())
    namespace = iri[: len(iri) - len(_local(iri))]
    wanted = _key(_local(iri))
    if not wanted:
        return []
    for group in ([c for c in pool if c.startswith(namespace)], list(pool)):
        scored: dict[str, float] = {}
        for candidate in group:
            key = _key(_local(candidate))
            if not key or candidate == iri:
                continue
            score = difflib.SequenceMatcher(None, wanted, key).ratio()
            if min(len(key), len(wanted)) >= 4 and (wanted in key or key in wanted):
                score = max(score, 0.9)
            if score >= 0.75:
                scored[candidate] = max(score, scored.get(candidate, 0.0))
        if scored:
            best = max(scored.values())
            close = sorted((c for c, v in scored.items() if v >= best - 0.02), key=lambda c: (-scored[c], c))
            return [shorten(c) for c in close[:SUGGESTIONS]]
    return []


# --- an answer with nothing in it -------------------------------------------------------------


def _count(engine: Engine, prepared: PreparedQuery) -> int | None:
    """How many rows (or triples) a prepared query answers on `engine`; None if it fails."""
    try:
        result = execute(engine, prepared)
        if result.kind == "graph":
            return len(result.triples or [])
        if result.kind == "ask":
            return int(_boolean(result.json))
        return sum(1 for _ in ox.parse_query_results(result.json or b"", format=ox.QueryResultsFormat.JSON))  # type: ignore[union-attr]
    except KGError:
        return None


def _nothing_found(engine: Engine, prepared: PreparedQuery) -> list[str]:
    """That the query found nothing; whether speculation would find something; for a named
    query, which parameter matched nothing (one whose value no statement holds, or without
    which the query finds something)."""
    what = "triples" if prepared.kind == "graph" else "rows"
    label = prepared.source.named.name if prepared.source.named else prepared.name
    notes = [f"{label}: the query found nothing (0 {what}) in this view of the graph"]
    if not prepared.with_speculation and prepared.default_graph_uris is None:
        guessed = _count(engine, _copy(prepared, with_speculation=True))
        if guessed:
            notes.append(f"{label}: with speculation it finds {guessed} (what the sources only guess)")
    named = prepared.source.named
    if named is None or not prepared.substitutions:
        return notes
    by_variable = {p.variable: p for p in named.parameters}
    bound = [(by_variable[v.value], term) for v, term in prepared.substitutions.items() if v.value in by_variable]
    blamed = False
    for param, term in bound:
        shown = _shown(term)
        if isinstance(term, ox.NamedNode) and not held(engine, term.value):
            close = nearest(term.value, "term", _vocabulary(engine))
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            notes.append(f"{named.name}: parameter {param.name} = {shown} is in no statement of the graph{hint}")
            blamed = True
            continue
        others = {v: t for v, t in prepared.substitutions.items() if v.value != param.variable}
        without = _count(engine, _copy(prepared, substitutions=others))
        if without:
            notes.append(f"{named.name}: parameter {param.name} = {shown} matched nothing (other values of it do)")
            blamed = True
    if not blamed and len(bound) == 1:
        param, term = bound[0]
        shown = _shown(term)
        close = _names_like(engine, term.value) if isinstance(term, ox.Literal) else []
        hint = f"; names like it: {', '.join(repr(c) for c in close)}" if close else ""
        notes.append(f"{named.name}: parameter {param.name} = {shown} matched nothing{hint}")
    return notes


def _shown(term: ox.NamedNode | ox.Literal) -> str:
    """A parameter's value as a person typed it: a prefixed name, a number, or a quoted text."""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if term.datatype.value.startswith(XSD) and not term.datatype.value.endswith("#string"):
        return term.value
    return repr(term.value)


def _copy(prepared: PreparedQuery, **changes: object) -> PreparedQuery:
    """The same prepared query with some of its decisions changed (for a probe)."""
    fields = {
        "with_speculation": prepared.with_speculation,
        "entailment": prepared.entailment,
        "default_graph_uris": prepared.default_graph_uris,
        "named_graph_uris": prepared.named_graph_uris,
        "dropped": prepared.dropped,
    }
    substitutions = changes.pop("substitutions", prepared.substitutions)
    fields.update(changes)
    return PreparedQuery(prepared.source, prepared.text, prepared.form, substitutions, **fields)  # type: ignore[arg-type]


def _names_like(engine: Engine, value: str) -> list[str]:
    """Up to three names of the graph a mistyped name may have meant ("Kity" → "Kitty Song Covey")."""
    import difflib

    wanted = _key(value)
    if not wanted:
        return []
    names: set[str] = set()
    for solution in ox.parse_query_results(
        run_internal(engine, "names").json or b"", format=ox.QueryResultsFormat.JSON
    ):  # type: ignore[union-attr]
        names.add(solution["name"].value)  # type: ignore[index,union-attr]
    scored = []
    for name in names:
        words = [_key(w) for w in name.split()] + [_key(name)]
        best = max(difflib.SequenceMatcher(None, wanted, w).ratio() for w in words if w) if any(words) else 0.0
        if best >= 0.75:
            scored.append((-best, len(name), name))
    return [name for _, _, name in sorted(scored)[:3]]


__all__ = ["advise", "held", "nearest", "unknown_terms", "used_terms"]
