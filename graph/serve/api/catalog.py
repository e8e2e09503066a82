"""The named queries for the workbench's examples menu, and their parameters checked as
`kg query` checks them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from graph.errors import UsageError

if TYPE_CHECKING:
    from graph.engine import Engine
    from graph.locate import GraphLocation
    from graph.sparql.params import Parameter

#: What a named query's name may be: the stem of a file directly in queries/.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,120}")


def _param_type(param: Parameter) -> str:
    """The form's name for a parameter's type: iri, integer, date, string@en, any, …"""
    if param.kind == "iri":
        return "iri"
    if param.kind == "lang":
        return f"string@{param.language}"
    if param.kind == "literal":
        return str(param.datatype).rsplit("#", 1)[-1]
    return "any"


def queries(engine: Engine, location: GraphLocation, params: dict[str, str]) -> list[dict[str, object]]:
    """The named queries with their decorators, parameters (type, required, default) and text."""
    from graph.sparql.catalog import list_queries

    answer = []
    for q in list_queries(location.queries_dir):
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


def check(engine: Engine, location: GraphLocation, params: dict[str, str]) -> dict[str, object]:
    """Check values for a named query's parameters exactly as `kg query` does (`_query` names
    it): `{"ok": true}` or `{"ok": false, "error": one line}` (a wrong value is an answer here,
    not a failed request); an unknown query is a UsageError."""
    from graph.sparql.catalog import find_query
    from graph.sparql.params import bind

    name = params.get("_query", "")
    if not NAME.fullmatch(name):  # a file name in queries/, never a path (../) or an overlong one
        raise UsageError(f"no named query {name[:80]!r}; the names are those of /queries")
    named = find_query(location.queries_dir, name)
    values = {k: v for k, v in params.items() if k != "_query" and v != ""}
    try:
        bind(named.name, named.parameters, values, named.defaults)
    except UsageError as exc:
        return {"ok": False, "query": named.name, "error": str(exc)}
    return {"ok": True, "query": named.name}
