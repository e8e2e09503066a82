"""Advice on a query the workbench ran (graph.sparql.advice, as `kg query` prints it on standard
error): terms the graph does not hold with the nearest ones, and for an empty answer what
speculation would find and which parameter of a named query matched nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.errors import UsageError
from graph.serve.api.catalog import NAME
from graph.serve.api.common import entailment, flag

if TYPE_CHECKING:
    from graph.engine import Engine
    from graph.locate import GraphLocation

#: Parameters of /api/advice that are not a named query's own.
_OPTIONS = {"_query", "query", "empty", "with-speculation", "entailment"}


def advice(engine: Engine, location: GraphLocation, params: dict[str, str]) -> dict[str, object]:
    """`{"advice": [one line each]}` for SPARQL text (`query`) or a named query (`_query` and its
    parameters), run as the page ran it (`with-speculation`, `entailment`); `empty=true` says
    that it found nothing. A named query's terms are placed in its text as the editor shows it
    (`NAME:line:column:`)."""
    from graph.sparql.advice import advise
    from graph.sparql.catalog import find_query
    from graph.sparql.run import QuerySource, prepare

    name = params.get("_query", "")
    if name:
        if not NAME.fullmatch(name):
            raise UsageError(f"no named query {name[:80]!r}; the names are those of /queries")
        named = find_query(location.queries_dir, name)
        source = QuerySource(named.text, named.name, named)
        values = {k: v for k, v in params.items() if k not in _OPTIONS and v != ""}
    else:
        text = params.get("query", "")
        if not text.strip():
            raise UsageError("give the query parameter (SPARQL text) or _query (the name of a named query)")
        source, values = QuerySource(text, "<query>"), {}
    prepared = prepare(source, values, with_speculation=flag(params, "with-speculation"), entailment=entailment(params))
    return {"advice": advise(engine, prepared, empty=flag(params, "empty"))}
