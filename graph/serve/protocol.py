"""The SPARQL 1.1 Protocol's query operation: read a request's fields, run the query on the
live engine, and answer in the format the client asked for.

The road is the one `kg query` takes (`graph.sparql.run.prepare`, then `execute`), with the
prepared queries cached; formats are negotiated and written from the one format table
(`graph.sparql.formats.FORMATS`). Answers are serialised once, by pyoxigraph: a SELECT's JSON
goes out as the engine wrote it. Runs in a worker thread (the engine releases the GIL while
it evaluates).
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

import pyoxigraph as ox

from graph.engine import ENTAILMENTS
from graph.errors import KGError, UsageError
from graph.serve.http import Request, Response

if TYPE_CHECKING:
    from graph.engine import Engine
    from graph.serve.prepared import PreparedCache
    from graph.sparql.catalog import NamedQuery

Fields = dict[str, list[str]]

_TRUE = ("true", "1", "yes", "on")


def one(fields: Fields, name: str, default: str | None = None) -> str | None:
    """The value of a parameter that may be given once (the last one wins for options)."""
    values = fields.get(name)
    return values[-1] if values else default


def flag(fields: Fields, name: str) -> bool:
    return (one(fields, name, "") or "").strip().lower() in _TRUE


def fields_of(request: Request) -> Fields | Response:
    """The protocol's parameters from the URL and, for POST, the body; a Response if the body
    cannot be a query request (wrong media type, not UTF-8)."""
    fields: Fields = {}
    for key, value in parse_qsl(request.query, keep_blank_values=True, errors="strict"):
        fields.setdefault(key, []).append(value)
    if request.method != "POST":
        return fields
    ctype, _, params = (request.headers.get("content-type") or "").partition(";")
    ctype = ctype.strip().lower()
    charset = re.search(r"charset\s*=\s*\"?([\w-]+)", params, re.I)
    if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
        return Response.text(415, f"charset {charset.group(1)} is not accepted: send the request in UTF-8")
    try:
        body = request.body.decode("utf-8")
    except UnicodeDecodeError:
        return Response.text(400, "the request body is not valid UTF-8")
    if ctype == "application/x-www-form-urlencoded":
        for key, value in parse_qsl(body, keep_blank_values=True):
            fields.setdefault(key, []).append(value)
    elif ctype == "application/sparql-query":
        fields.setdefault("query", []).append(body)
    elif ctype == "application/sparql-update":
        fields.setdefault("update", []).append(body)
    else:
        shown = ctype or "none"
        return Response.text(
            415,
            f"Content-Type {shown[:60]} is not accepted: send the query form-encoded "
            "(application/x-www-form-urlencoded) or as application/sparql-query",
        )
    return fields


def dataset(fields: Fields) -> tuple[list[str], list[str]] | None:
    """default-graph-uri / named-graph-uri as (default graphs, named graphs): when either is given
    the protocol's dataset replaces the query's, and the other list is empty (SPARQL 1.1
    Protocol 2.1.4); None when neither is."""
    default = fields.get("default-graph-uri")
    named = fields.get("named-graph-uri")
    if default is None and named is None:
        return None
    for iri in [*(default or []), *(named or [])]:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise UsageError(f"default-graph-uri/named-graph-uri: {iri[:80]!r} is not an absolute IRI") from None
    return list(default or []), list(named or [])


def options(fields: Fields) -> tuple[bool, str]:
    """with-speculation and entailment, checked."""
    entailment = (one(fields, "entailment", "none") or "none").strip().lower()
    if entailment not in ENTAILMENTS:
        raise UsageError(f"entailment={entailment[:20]!r}: choose {' or '.join(ENTAILMENTS)}")
    return flag(fields, "with-speculation"), entailment


def with_base(text: str, base: str) -> tuple[str, int, int]:
    """The query with `BASE <base>` put in front of its first line that is not a comment (so a
    query file's leading `#+` decorators stay leading), and that line's number and the shift."""
    prefix = f"BASE <{base}> "
    lines = text.split("\n")
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            lines[i] = prefix + line
            return "\n".join(lines), i + 1, len(prefix)
    return prefix + text, 1, len(prefix)


def _shift_columns(message: str, line: int, shift: int) -> str:
    """Errors on the line that got the BASE count it: take it out of the column."""
    return re.sub(rf":{line}:(\d+):", lambda m: f":{line}:{max(int(m.group(1)) - shift, 1)}:", message, count=1)


def answer(
    engine: Engine,
    cache: PreparedCache,
    text: str,
    fields: Fields,
    accept: str,
    base: str,
    named: NamedQuery | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    """Run one query (text, or a named query with `values`) and answer in the negotiated format:
    prepared (or found prepared in `cache`), then executed on `engine`."""
    from graph.sparql.formats import negotiate, serialize
    from graph.sparql.run import QuerySource, execute

    with_speculation, entailment = options(fields)
    graphs = dataset(fields)
    explicit = one(fields, "format") or one(fields, "output")
    based, line, shift = with_base(text, base)  # a relative IRI resolves against the endpoint
    name = os.path.basename(named.path) if named is not None else "<query>"
    try:
        prepared = cache.prepare(
            QuerySource(based, name, named),
            values,
            with_speculation=with_speculation,
            entailment=entailment,
            dataset=graphs,
        )
        fmt = negotiate(accept, prepared.kind, explicit)  # before the engine runs: a bad format= costs nothing
        result = execute(engine, prepared)
        body = serialize(result, fmt)
    except KGError as exc:
        raise type(exc)(_shift_columns(str(exc), line, shift)) from None
    return Response(200, body, [("Content-Type", fmt.media + "; charset=utf-8"), ("Vary", "Accept")])
