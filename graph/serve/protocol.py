"""The SPARQL 1.1 Protocol's query operation: read a request's fields, run the query on the
live graph, and answer in the format the client asked for.

Answers are serialised once, by pyoxigraph: a SELECT's JSON goes out as the engine wrote it.
Runs in a worker thread (the engine releases the GIL while it evaluates).
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

import pyoxigraph as ox

from graph.errors import KGError, UsageError
from graph.serve.http import Request, Response
from graph.serve.limits import check_query_limits

if TYPE_CHECKING:
    from graph.api import KnowledgeGraph
    from graph.serve.prepared import CallCache
    from graph.sparql.catalog import NamedQuery

Fields = dict[str, list[str]]

#: media type -> format name, for SELECT/ASK answers and for graph answers (first is the default)
SOLUTION_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/n-quads": "nquads",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
}
MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "nquads": "application/n-quads",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_SOLUTION_FORMATS = {
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_ALIASES = {
    "ttl": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "json-ld": "jsonld",
    "rdf": "rdfxml",
    "rdf+xml": "rdfxml",
}
#: what clients such as SPARQLWrapper send as format= for a CONSTRUCT/DESCRIBE answer
_GRAPH_ALIASES = {"xml": "rdfxml", "json": "jsonld", "n3": "turtle"}
_TRUE = ("true", "1", "yes", "on")


def negotiate(accept: str, kind: str, explicit: str | None = None) -> str:
    """The format of an answer of `kind` (select/ask/graph) from a `format=` parameter, else the
    Accept header (q-values honoured, wildcards mean the default: JSON or Turtle)."""
    table = GRAPH_TYPES if kind == "graph" else SOLUTION_TYPES
    if explicit:
        wanted = explicit.strip().lower()
        fmt = _ALIASES.get(wanted, wanted)
        if kind == "graph":
            fmt = _GRAPH_ALIASES.get(fmt, fmt)
        if fmt in table.values():
            return fmt
        if wanted in table:
            return table[wanted]
        kinds = "CONSTRUCT and DESCRIBE" if kind == "graph" else "SELECT and ASK"
        choices = sorted(set(table.values()))
        raise UsageError(f"format={explicit[:40]!r} does not fit {kinds}; choose one of {', '.join(choices)}")
    best, best_q = None, 0.0
    for _i, item in enumerate(accept.split(",")):
        media, _, params = item.partition(";")
        media = media.strip().lower()
        q = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                q = float(match.group(1))
            except ValueError:
                q = 0.0
        if media in table and q > best_q:
            best, best_q = table[media], q
    return best or ("turtle" if kind == "graph" else "json")


def serialize(result: object, fmt: str) -> bytes:
    """A Result in `fmt`: SELECT/ASK JSON as the engine wrote it, other formats written by pyoxigraph."""
    kind = result.kind  # type: ignore[attr-defined]
    if kind == "graph":
        triples = result.triples or []  # type: ignore[attr-defined]
        from graph.namespaces import PREFIXES

        prefixes = PREFIXES if fmt in ("turtle", "rdfxml", "jsonld") else None
        return ox.serialize(triples, format=_RDF_FORMATS[fmt], prefixes=prefixes) or b""
    if fmt == "json":
        return result.json or b""  # type: ignore[attr-defined]
    write = getattr(result, "write", None)
    if write is not None:  # a streaming Result: evaluated once, straight into the chosen format
        import io

        buffer = io.BytesIO()
        write(buffer, _SOLUTION_FORMATS[fmt])
        return buffer.getvalue()
    parsed = ox.parse_query_results(result.json, format=ox.QueryResultsFormat.JSON)  # type: ignore[attr-defined]
    return parsed.serialize(format=_SOLUTION_FORMATS[fmt]) or b""  # type: ignore[union-attr]


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


def dataset(fields: Fields) -> dict[str, list[str]]:
    """default-graph-uri / named-graph-uri as engine arguments: when either is given the
    protocol's dataset replaces the query's, and the other list is empty (SPARQL 1.1 Protocol 2.1.4)."""
    default = fields.get("default-graph-uri")
    named = fields.get("named-graph-uri")
    if default is None and named is None:
        return {}
    for iri in [*(default or []), *(named or [])]:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise UsageError(f"default-graph-uri/named-graph-uri: {iri[:80]!r} is not an absolute IRI") from None
    return {"default_graph_uris": list(default or []), "named_graph_uris": list(named or [])}


def options(fields: Fields) -> tuple[bool, str]:
    """with-speculation and entailment, checked."""
    entailment = (one(fields, "entailment", "none") or "none").strip().lower()
    if entailment not in ("none", "rdfs"):
        raise UsageError(f"entailment={entailment[:20]!r}: choose none or rdfs")
    return flag(fields, "with-speculation"), entailment


def without_dataset_clauses(text: str) -> str:
    """The query without its `FROM <iri>` / `FROM NAMED <iri>` clauses, for when the request's
    default-graph-uri / named-graph-uri give the dataset (they take precedence, SPARQL 1.1
    Protocol 2.1.4). Clauses are blanked in place, so line and column numbers stay true."""
    from graph.sparql.guard import tokenize

    tokens = tokenize(text)
    lines = text.split("\n")
    for i, tok in enumerate(tokens):
        if tok.kind != "word" or tok.text.upper() != "FROM":
            continue
        end = i + 1
        if end < len(tokens) and tokens[end].kind == "word" and tokens[end].text.upper() == "NAMED":
            end += 1
        if end >= len(tokens) or tokens[end].kind not in ("iri", "pname"):
            continue
        for tok_ in tokens[i : end + 1]:
            if "\n" in tok_.text or "\r" in tok_.text:
                break
            row = lines[tok_.line - 1]
            start = tok_.column - 1
            lines[tok_.line - 1] = row[:start] + " " * len(tok_.text) + row[start + len(tok_.text) :]
    return "\n".join(lines)


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
    kg: KnowledgeGraph,
    text: str,
    fields: Fields,
    accept: str,
    base: str,
    named: NamedQuery | None = None,
    values: dict[str, str] | None = None,
    calls: CallCache | None = None,
) -> Response:
    """Run one query (text, or a named query with `values`) and answer in the negotiated format.

    With `calls`, a text the guard passed before goes straight to the engine."""
    from graph.sparql.run import QuerySource, run

    check_query_limits(text)
    with_speculation, entailment = options(fields)
    graphs = dataset(fields)
    if graphs and "from" in text.lower():
        text = without_dataset_clauses(text)
    explicit = one(fields, "format") or one(fields, "output")
    based, line, shift = with_base(text, base)  # a relative IRI resolves against the endpoint
    name = os.path.basename(named.path) if named is not None else "<query>"
    source = QuerySource(based, name, named)
    try:
        runner = calls.run if calls is not None else run
        result = runner(kg, source, values or {}, with_speculation=with_speculation, entailment=entailment, **graphs)
    except KGError as exc:
        raise type(exc)(_shift_columns(str(exc), line, shift)) from None
    fmt = negotiate(accept, result.kind, explicit)
    body = serialize(result, fmt)
    return Response(200, body, [("Content-Type", MEDIA[fmt] + "; charset=utf-8"), ("Vary", "Accept")])
