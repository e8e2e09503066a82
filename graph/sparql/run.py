"""Querying, one road from query to answer: find the query the user means (text, file,
stdin or name: `resolve`), check it is read-only, bind its parameters and decide its dataset
(`prepare`, pure: a `PreparedQuery` value), then run it on an engine (`execute`).

`kg query` goes through `KnowledgeGraph.query`; `kg serve` keeps the prepared values in a
cache (`graph.serve.prepared`) and executes them on its live engine. Nothing here knows the
facade or a store: an engine is anything with `graph.engine.Engine`'s methods.

Query files are found with `os.path` on `str` paths: `kg query` imports no pathlib (see
`graph.paths`).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from graph.engine import ENTAILMENTS, Result
from graph.errors import LoadError, QuerySyntaxError, UsageError
from graph.namespaces import PREFIXES
from graph.paths import normal
from graph.sparql.catalog import NamedQuery, find_query, read_query
from graph.sparql.guard import FORBIDDEN, QUERY_FORMS, Approved, approve
from graph.sparql.lexer import Token, tokenize

if TYPE_CHECKING:
    import pyoxigraph as ox

    from graph.engine import Engine

#: Words SPARQL text starts with: query forms, prologue, and the updates the guard refuses.
_SPARQL_START = (*QUERY_FORMS, "PREFIX", "BASE", *FORBIDDEN)


class QuerySource:
    """The text of a query and the name errors should use for it (a plain class: see Result)."""

    __slots__ = ("name", "named", "text")

    def __init__(self, text: str, name: str, named: NamedQuery | None = None) -> None:
        self.text = text
        self.name = name
        self.named = named

    def __repr__(self) -> str:
        return f"QuerySource(name={self.name!r})"


def resolve(spec: str, queries_dir: str | os.PathLike[str]) -> QuerySource:
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
        hint = (
            f"; did you mean the named query {guess}?"
            if os.path.isfile(os.path.join(queries_dir, f"{guess}.rq"))
            else ""
        )
        raise UsageError(
            f"{stripped[:60]!r} is neither SPARQL (which starts with SELECT, CONSTRUCT, ASK, DESCRIBE, "
            f"PREFIX or BASE) nor the name of a query file or named query{hint}"
        )
    path = normal(spec)
    if spec.endswith(".rq") or os.path.isfile(path):
        if not os.path.isfile(path):
            raise LoadError(f"{spec}: no such query file")
        named = read_query(path)
        return QuerySource(named.text, path, named)
    named = find_query(queries_dir, spec)
    return QuerySource(named.text, named.path, named)


class PreparedQuery:
    """What `prepare` decided for one query, ready for any engine: the exact text the guard
    approved (parameters projected, `SELECT *` spelt out), the values bound as RDF terms, the
    view or dataset, and the columns to drop again. A value: it depends on the query and
    options alone, never on the data, so it can be cached (`kg serve` does) and run on any
    engine, any number of times, from any thread. A plain class, as Result.

    `source` keeps the query as written, so that an engine's error is placed in it and later
    checks (such as which terms a query names) can read it again with `approved()`.
    """

    __slots__ = (
        "default_graph_uris",
        "dropped",
        "entailment",
        "form",
        "named_graph_uris",
        "source",
        "substitutions",
        "text",
        "with_speculation",
    )

    def __init__(
        self,
        source: QuerySource,
        text: str,
        form: str,
        substitutions: dict[ox.Variable, ox.NamedNode | ox.Literal],
        *,
        with_speculation: bool,
        entailment: str,
        default_graph_uris: list[str] | None,
        named_graph_uris: list[str] | None,
        dropped: list[str],
    ) -> None:
        self.source, self.text, self.form, self.substitutions = source, text, form, substitutions
        self.with_speculation, self.entailment = with_speculation, entailment
        self.default_graph_uris, self.named_graph_uris = default_graph_uris, named_graph_uris
        self.dropped = dropped

    @property
    def name(self) -> str:
        """The name errors give the query: its file, or <query>."""
        return self.source.name

    @property
    def kind(self) -> str:
        """The kind of answer it gives: select, ask or graph (CONSTRUCT and DESCRIBE)."""
        return {"SELECT": "select", "ASK": "ask"}.get(self.form, "graph")

    def approved(self) -> Approved:
        """The guard's reading of the query as written (its tokens, where each stands), made
        again on demand: a cached PreparedQuery keeps no tokens (bounded memory)."""
        return approve(self.source.text, self.source.name, PREFIXES)

    def __repr__(self) -> str:
        return f"PreparedQuery(name={self.name!r}, form={self.form!r})"


def prepare(
    source: QuerySource,
    values: dict[str, str] | None = None,
    *,
    with_speculation: bool = False,
    entailment: str = "none",
    dataset: tuple[list[str], list[str]] | None = None,
) -> PreparedQuery:
    """Check a query with the read-only guard, bind its parameters, project them, and decide its
    dataset; errors name the query's file (or <query>) with line and column. Pure: no engine,
    no data, no file is read.

    `FROM`/`FROM NAMED` in the query choose the dataset among the graphs a store holds, unless
    `dataset` (the SPARQL Protocol's default-graph-uri and named-graph-uri lists) is given,
    which replaces the query's whole dataset.
    """
    if entailment not in ENTAILMENTS:
        raise UsageError(f"unknown entailment {entailment!r}; choose {' or '.join(ENTAILMENTS)}")
    approved = approve(source.text, source.name, PREFIXES)
    defaults = source.named.defaults if source.named else {}
    substitutions: dict[ox.Variable, ox.NamedNode | ox.Literal] = {}
    if values or any(tok.kind == "var" and tok.text[1:2] == "_" for tok in approved.tokens):
        from graph.sparql.params import bind, parameters  # a query with no ?_ parameter needs none of it

        substitutions = bind(source.name, parameters(approved.text, approved.tokens), values or {}, defaults)
    text, added = project_parameters(approved.text, [v.value for v in substitutions], approved.tokens)
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    if dataset is not None:
        # the Protocol's dataset replaces the query's whole dataset: what it does not name is empty
        default_graphs, named_graphs = list(dataset[0]), list(dataset[1])
    elif approved.default_graphs is not None or approved.named_graphs is not None:
        # SPARQL 13.2: with a dataset clause, what it does not name (default or named) is empty
        default_graphs, named_graphs = approved.default_graphs or [], approved.named_graphs or []
    if approved.star:
        text = spell_star(approved, text, substitutions)
    return PreparedQuery(
        source,
        text,
        approved.form,
        substitutions,
        with_speculation=with_speculation,
        entailment=entailment,
        default_graph_uris=default_graphs,
        named_graph_uris=named_graphs,
        dropped=added,
    )


def execute(engine: Engine, prepared: PreparedQuery) -> Result:
    """Run a prepared query on an engine: exactly the text the guard approved. An engine's
    syntax error is placed in the query as written."""
    try:
        result = engine.query(
            prepared.text,
            substitutions=prepared.substitutions,
            with_speculation=prepared.with_speculation,
            entailment=prepared.entailment,
            name=prepared.name,
            default_graph_uris=prepared.default_graph_uris,
            named_graph_uris=prepared.named_graph_uris,
        )
    except QuerySyntaxError as exc:
        raise _at_original(exc, prepared) from None
    return drop_columns(result, prepared.dropped) if prepared.dropped else result


def _at_original(exc: QuerySyntaxError, prepared: PreparedQuery) -> QuerySyntaxError:
    """An engine's error positioned in the approved text, moved to the query as written."""
    import re  # only on an engine error: a cold start compiles no pattern for it

    message, name = str(exc), prepared.name
    match = re.match(r"^(.*?):(\d+):(\d+): ", message)
    if not match or match.group(1) != name:
        return exc
    line, column = prepared.approved().original(int(match.group(2)), int(match.group(3)))
    return QuerySyntaxError(f"{name}:{line}:{column}: {message[match.end() :]}")


def star_order(approved: Approved, variables: list[str]) -> list[str]:
    """`SELECT *` columns in the order the variables first appear in the query (after SELECT),
    the convention of the W3C test suite's results; the set is the engine's in-scope set."""
    first: dict[str, int] = {}
    for i, tok in enumerate(approved.tokens):
        if tok.kind == "var":
            first.setdefault(tok.text[1:], i)
    return sorted(variables, key=lambda v: (first.get(v, len(approved.tokens)), variables.index(v)))


def spell_star(approved: Approved, text: str, substitutions: dict | None = None) -> str:
    """`SELECT *` with its columns spelt out in query order (see `star_order`), so every
    engine answers with the same columns in the same order (rdflib's order is random).

    The in-scope set comes from pyoxigraph planning the same text over an empty store: the
    set depends on the query alone, and nothing is evaluated against the data (pyoxigraph
    sorts eagerly, so asking the real store twice could double the work).
    """
    import pyoxigraph as ox

    try:
        answer = ox.Store().query(text, prefixes=PREFIXES, substitutions=substitutions or None)
    except (SyntaxError, RuntimeError, OSError, ValueError):
        return text  # the engine will report it on the real run
    if not isinstance(answer, ox.QuerySolutions):
        return text
    wanted = star_order(approved, [v.value for v in answer.variables])
    select = next(t for t in approved.tokens if t.kind == "word" and t.text.upper() == "SELECT")
    star = next(t for t in approved.tokens if t.start > select.start and t.text == "*")
    if text[star.start] != "*" or not wanted:
        return text
    return text[: star.start] + " ".join(f"?{v}" for v in wanted) + text[star.start + 1 :]


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
    import re

    # lines as the lexer counts them (CR, LF or CRLF), each kept with its own line break
    parts = re.split(r"(\r\n|\r|\n)", text)
    lines = [parts[k] + (parts[k + 1] if k + 1 < len(parts) else "") for k in range(0, len(parts), 2)]
    for tok, insert in sorted(inserts, key=lambda item: (item[0].line, item[0].column), reverse=True):
        row = lines[tok.line - 1]
        end = tok.column - 1 + len(tok.text)
        lines[tok.line - 1] = row[:end] + insert + row[end:]
    return "".join(lines), missing


_AGGREGATES = {"COUNT", "SUM", "AVG", "MIN", "MAX", "SAMPLE", "GROUP_CONCAT"}


def drop_columns(result: Result, names: list[str]) -> Result:
    """Remove columns from a SELECT answer (used for parameters added to the projection)."""
    import json

    if result.kind != "select" or result.json is None:
        return result
    data = json.loads(result.json)  # only queries whose parameters are not projected get here
    data["head"]["vars"] = [v for v in data["head"]["vars"] if v not in names]
    for row in data["results"]["bindings"]:
        for name in names:
            row.pop(name, None)
    return Result("select", json=json.dumps(data).encode("utf-8"))
