"""Querying: find the query the user means (text, file, stdin or name), check it is
read-only, bind its parameters and run it on the graph's engine."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import LoadError, UsageError
from graph.namespaces import PREFIXES
from graph.sparql.catalog import NamedQuery, find_query, read_query
from graph.sparql.guard import FORBIDDEN, Token, check_form, check_prefixes, check_read_only, tokenize
from graph.sparql.params import bind, parameters
from graph.store.engine import ENTAILMENTS, Result

if TYPE_CHECKING:
    from graph.api import KnowledgeGraph

#: Words SPARQL text starts with: query forms, prologue, and the updates the guard refuses.
_SPARQL_START = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "PREFIX", "BASE", *FORBIDDEN)


class QuerySource:
    """The text of a query and the name errors should use for it (a plain class: see Result)."""

    __slots__ = ("name", "named", "text")

    def __init__(self, text: str, name: str, named: NamedQuery | None = None) -> None:
        self.text = text
        self.name = name
        self.named = named

    def __repr__(self) -> str:
        return f"QuerySource(name={self.name!r})"


def resolve(spec: str, queries_dir: Path) -> QuerySource:
    """QUERY is `-` (standard input), a `.rq` path, a named query, or SPARQL text."""
    if spec == "-":
        return QuerySource(sys.stdin.read(), "<stdin>")
    stripped = spec.strip()
    if not stripped:
        raise UsageError("empty QUERY: give SPARQL text, a .rq file, - for standard input, or a named query")
    first = stripped.split(None, 1)[0].upper()
    if first in _SPARQL_START or "{" in stripped or stripped.startswith("#"):
        return QuerySource(spec, "<query>")
    if any(c.isspace() for c in stripped):
        guess = "-".join(stripped.split())
        hint = f"; did you mean the named query {guess}?" if (queries_dir / f"{guess}.rq").is_file() else ""
        raise UsageError(
            f"{stripped[:60]!r} is neither SPARQL (which starts with SELECT, CONSTRUCT, ASK, DESCRIBE, "
            f"PREFIX or BASE) nor the name of a query file or named query{hint}"
        )
    path = Path(spec)
    if spec.endswith(".rq") or path.is_file():
        if not path.is_file():
            raise LoadError(f"{spec}: no such query file")
        named = read_query(path)
        return QuerySource(named.text, str(path), named)
    named = find_query(queries_dir, spec)
    return QuerySource(named.text, str(named.path), named)


def run(
    kg: KnowledgeGraph,
    source: QuerySource,
    values: dict[str, str] | None = None,
    *,
    with_speculation: bool = False,
    entailment: str = "none",
    default_graph_uris: list[str] | None = None,
    named_graph_uris: list[str] | None = None,
) -> Result:
    """Check and run a query; errors name the query's file (or <query>) with line and column.

    `default_graph_uris`/`named_graph_uris` choose the dataset among the graphs loaded (the
    SPARQL Protocol's parameters); they reach the engine only when given.
    """
    if entailment not in ENTAILMENTS:
        raise UsageError(f"unknown entailment {entailment!r}; choose {' or '.join(ENTAILMENTS)}")
    tokens = tokenize(source.text)
    check_read_only(source.text, source.name, tokens)
    check_form(tokens, source.name)
    check_prefixes(source.text, PREFIXES, source.name, tokens)
    defaults = source.named.defaults if source.named else {}
    substitutions = bind(source.name, parameters(source.text, tokens), values or {}, defaults)
    text, added = project_parameters(source.text, [v.value for v in substitutions], tokens)
    dataset: dict[str, list[str]] = {}
    if default_graph_uris is not None:
        dataset["default_graph_uris"] = default_graph_uris
    if named_graph_uris is not None:
        dataset["named_graph_uris"] = named_graph_uris
    result = kg.engine.query(
        text,
        substitutions=substitutions,
        with_speculation=with_speculation,
        entailment=entailment,
        name=source.name,
        **dataset,  # type: ignore[arg-type]
    )
    return drop_columns(result, added) if added else result


def project_parameters(text: str, variables: list[str], tokens: list[Token] | None = None) -> tuple[str, list[str]]:
    """Add bound parameters to a SELECT's projection (and grouping), as substitution needs.

    SPARQL substitution (SEP-0007, which pyoxigraph implements) only binds variables the
    SELECT clause projects. Only the query's own variable names are inserted, never values;
    the added columns are dropped from the answer again by `drop_columns`. A parameter is a
    constant, so grouping by it changes no group.
    """
    if not variables:
        return text, []
    tokens = tokens if tokens is not None else tokenize(text)
    select_at = where_open = where_close = group_by = None
    depth = 0
    for i, tok in enumerate(tokens):
        word = tok.text.upper() if tok.kind == "word" else ""
        if tok.text == "{" and tok.kind == "other":
            if depth == 0 and select_at is not None and where_open is None:
                where_open = i
            depth += 1
        elif tok.text == "}" and tok.kind == "other":
            depth -= 1
            if depth == 0 and where_open is not None and where_close is None:
                where_close = i
        elif depth == 0 and word == "SELECT" and select_at is None:
            select_at = i
        elif depth == 0 and word == "BY" and where_close is not None and tokens[i - 1].text.upper() == "GROUP":
            group_by = i
    if select_at is None or where_open is None or where_close is None:
        return text, []
    head = tokens[select_at + 1 : where_open]
    if any(t.text == "*" for t in head[:2]):
        return text, []
    projected = {t.text[1:] for t in head if t.kind == "var"}
    missing = [v for v in variables if v not in projected]
    if not missing:
        return text, []
    names = "".join(f" ?{v}" for v in missing)
    anchor = tokens[select_at + 1] if head and head[0].text.upper() in ("DISTINCT", "REDUCED") else tokens[select_at]
    inserts = [(anchor, names)]
    if group_by is not None:
        inserts.append((tokens[group_by], names))
    elif any(t.kind == "word" and t.text.upper() in _AGGREGATES for t in head):
        inserts.append((tokens[where_close], " GROUP BY" + names))
    lines = text.split("\n")
    for tok, insert in sorted(inserts, key=lambda item: (item[0].line, item[0].column), reverse=True):
        row = lines[tok.line - 1]
        end = tok.column - 1 + len(tok.text)
        lines[tok.line - 1] = row[:end] + insert + row[end:]
    return "\n".join(lines), missing


_AGGREGATES = {"COUNT", "SUM", "AVG", "MIN", "MAX", "SAMPLE", "GROUP_CONCAT"}


def drop_columns(result: Result, names: list[str]) -> Result:
    """Remove columns from a SELECT answer (used for parameters added to the projection)."""
    import json

    if result.kind != "select" or result.json is None:
        return result
    data = json.loads(result.json)
    data["head"]["vars"] = [v for v in data["head"]["vars"] if v not in names]
    for row in data["results"]["bindings"]:
        for name in names:
            row.pop(name, None)
    return Result("select", json=json.dumps(data).encode("utf-8"))
