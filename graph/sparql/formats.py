"""Formatting answers: the W3C SPARQL result formats (JSON, XML, CSV, TSV) and a text table
for SELECT/ASK, and RDF syntaxes for CONSTRUCT/DESCRIBE. pyoxigraph writes the standard
formats; only the table is ours."""

from __future__ import annotations

import json
import unicodedata

import pyoxigraph as ox

from graph.errors import UsageError, counted
from graph.namespaces import PREFIXES, shorten
from graph.store.engine import Result

SOLUTION_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}
QUERY_RDF_FORMATS = ("turtle", "nt", "nquads", "jsonld")
QUERY_FORMATS = ("table", *SOLUTION_FORMATS, *QUERY_RDF_FORMATS)


def render(result: Result, fmt: str | None = None) -> bytes:
    """The answer in `fmt` (default: table for SELECT/ASK, Turtle for graphs), ending in a newline."""
    text = _render(result, fmt)
    return text if not text or text.endswith(b"\n") else text + b"\n"


def _render(result: Result, fmt: str | None) -> bytes:
    if result.kind == "graph":
        fmt = fmt or "turtle"
        if fmt not in QUERY_RDF_FORMATS:
            raise UsageError(
                f"--format {fmt} is for SELECT and ASK; a CONSTRUCT or DESCRIBE answer is written as {', '.join(QUERY_RDF_FORMATS)}"
            )
        return serialize_rdf(result.triples or [], fmt)
    fmt = fmt or "table"
    if fmt in QUERY_RDF_FORMATS:
        raise UsageError(
            f"--format {fmt} is for CONSTRUCT and DESCRIBE; a {result.kind.upper()} answer is written as table, json, xml, csv or tsv"
        )
    assert result.json is not None
    if fmt == "table":
        return table(json.loads(result.json)).encode("utf-8")
    if fmt == "json":
        return json.dumps(json.loads(result.json), indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
    if fmt not in SOLUTION_FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(QUERY_FORMATS)}")
    parsed = ox.parse_query_results(result.json, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=SOLUTION_FORMATS[fmt])  # type: ignore[union-attr]


def serialize_rdf(items: list[ox.Triple] | list[ox.Quad], fmt: str) -> bytes:
    """Triples or quads in an RDF syntax, with the project's prefixes where it has them."""
    target = RDF_FORMATS[fmt]
    if items and isinstance(items[0], ox.Quad) and not target.supports_datasets:
        items = [q.triple for q in items]  # type: ignore[union-attr]
    return ox.serialize(items, format=target, prefixes=PREFIXES) or b""


def compact(term: dict[str, str] | None) -> str:
    """A SPARQL JSON term written short: prefixed IRI, plain text, or `value@lang`."""
    if term is None:
        return ""
    kind, value = term["type"], term["value"]
    if kind == "uri":
        return shorten(value)
    if kind == "bnode":
        return f"_:{value}"
    if "xml:lang" in term:
        return f"{value}@{term['xml:lang']}"
    return value


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


#: Longest table cell; longer values are cut (csv, tsv, json and xml always carry them whole).
CELL_LIMIT = 80


def _cell(text: str) -> str:
    """One table cell on one line: control characters shown as escapes, never obeyed."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return shown if len(shown) <= CELL_LIMIT else shown[: CELL_LIMIT - 1] + "…"


def table(data: dict) -> str:
    """A SELECT or ASK answer as an aligned text table with a row count."""
    if "boolean" in data:
        return ("true" if data["boolean"] else "false") + "\n"
    variables = data["head"]["vars"]
    rows = [[_cell(compact(b.get(v))) for v in variables] for b in data["results"]["bindings"]]
    if not variables:
        return f"({counted(len(rows), 'row')})\n"
    widths = [max([_width(v)] + [_width(r[i]) for r in rows]) for i, v in enumerate(variables)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=False)).rstrip()

    out = [line(variables), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    footer = f"({counted(len(rows), 'row')})"
    if any(c.endswith("…") and len(c) == CELL_LIMIT for r in rows for c in r):
        footer += f"  values over {CELL_LIMIT} characters are cut: --format csv or json shows them whole"
    out.append(footer)
    return "\n".join(out) + "\n"
