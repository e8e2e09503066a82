"""Formatting answers: ONE registry of output formats (name -> what it writes, media type,
and a lazily imported writer), as rdflib's plugin registry does. pyoxigraph writes the W3C
result formats (JSON, XML, CSV, TSV) and the RDF syntaxes itself, straight to the output
stream, once; only the text table is ours.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, BinaryIO

from graph.errors import UsageError, counted
from graph.namespaces import PREFIXES, shorten
from graph.store.engine import Result

if TYPE_CHECKING:
    import pyoxigraph as ox


class Format:
    """One output format: its name, the answers it writes (`select`, `ask`, `graph`, `dataset`,
    `network`), its media type, the `module:function` writing it, and pyoxigraph's name for it.
    A plain class (see graph.store.engine.Result)."""

    __slots__ = ("answers", "media", "name", "oxigraph", "writer")

    def __init__(self, name: str, answers: str, media: str, writer: str, oxigraph: str = "") -> None:
        self.name, self.answers, self.media, self.writer, self.oxigraph = (
            name,
            frozenset(answers.split()),
            media,
            writer,
            oxigraph,
        )

    def write(self, result: Result, stream: BinaryIO) -> None:
        """Write `result` in this format (the writer's module is imported only now)."""
        module, _, attr = self.writer.partition(":")
        getattr(importlib.import_module(module), attr)(result, stream, self)

    def __repr__(self) -> str:
        return f"Format({self.name!r})"


_HERE = "graph.sparql.formats"
#: Every output format kg writes, by name. The one table: the CLI's choices, the server's
#: content negotiation and the exports read it.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("table", "select ask", "text/plain", f"{_HERE}:write_table"),
        Format("json", "select ask", "application/sparql-results+json", f"{_HERE}:write_solutions", "JSON"),
        Format("xml", "select ask", "application/sparql-results+xml", f"{_HERE}:write_solutions", "XML"),
        Format("csv", "select ask", "text/csv", f"{_HERE}:write_solutions", "CSV"),
        Format("tsv", "select ask", "text/tab-separated-values", f"{_HERE}:write_solutions", "TSV"),
        Format("turtle", "graph", "text/turtle", f"{_HERE}:write_rdf", "TURTLE"),
        Format("nt", "graph", "application/n-triples", f"{_HERE}:write_rdf", "N_TRIPLES"),
        Format("nquads", "graph dataset", "application/n-quads", f"{_HERE}:write_rdf", "N_QUADS"),
        Format("trig", "dataset", "application/trig", f"{_HERE}:write_rdf", "TRIG"),
        Format("jsonld", "graph dataset", "application/ld+json", f"{_HERE}:write_rdf", "JSON_LD"),
        Format("graphml", "network", "application/graphml+xml", "graph.viz.network:write_network"),
        Format("gexf", "network", "application/gexf+xml", "graph.viz.network:write_network"),
    )
}


def names(*answers: str) -> tuple[str, ...]:
    """Names of the formats that write any of these kinds of answer, in registry order."""
    return tuple(f.name for f in FORMATS.values() if f.answers & set(answers))


QUERY_FORMATS = names("select", "ask", "graph")
QUERY_RDF_FORMATS = names("graph")


class _RdfFormats:
    """`RDF_FORMATS[name]` -> pyoxigraph's RdfFormat, for callers that serialize graphs."""

    def __getitem__(self, name: str) -> ox.RdfFormat:
        import pyoxigraph as ox

        return getattr(ox.RdfFormat, FORMATS[name].oxigraph)

    def __contains__(self, name: object) -> bool:
        return name in FORMATS and bool(FORMATS[name].answers & {"graph", "dataset"})  # type: ignore[index]


RDF_FORMATS = _RdfFormats()


class _Sink:
    """A binary stream wrapper that remembers the last byte written (to end output with a
    newline) and, for XML, writes a carriage return as `&#13;` so a parser keeps it."""

    __slots__ = ("last", "stream", "xml")

    def __init__(self, stream: BinaryIO, xml: bool = False) -> None:
        self.stream, self.xml, self.last = stream, xml, b""

    def write(self, data: bytes) -> int:
        if not data:
            return 0
        data = bytes(data)
        size = len(data)  # what the caller gave: pyoxigraph's buffer counts on it
        if self.xml and b"\r" in data:
            data = data.replace(b"\r", b"&#13;")
        self.stream.write(data)
        self.last = data[-1:]
        return size

    def flush(self) -> None:
        self.stream.flush()


def write(result: Result, fmt: str | None, stream: BinaryIO) -> None:
    """Write the answer in `fmt` (default: table for SELECT/ASK, Turtle for graphs) to a binary
    stream, ending in a newline; SELECT solutions are serialized once, as they are evaluated."""
    chosen = _choose(result, fmt)
    sink = _Sink(stream, xml=chosen.name == "xml")
    chosen.write(result, sink)  # type: ignore[arg-type]
    if sink.last and sink.last != b"\n":
        stream.write(b"\n")


def render(result: Result, fmt: str | None = None) -> bytes:
    """The answer in `fmt` as bytes, ending in a newline (see `write`)."""
    import io

    buffer = io.BytesIO()
    write(result, fmt, buffer)
    return buffer.getvalue()


def _choose(result: Result, fmt: str | None) -> Format:
    if result.kind == "graph":
        chosen = FORMATS.get(fmt or "turtle")
        if chosen is None or "graph" not in chosen.answers:
            raise UsageError(
                f"--format {fmt} is for SELECT and ASK; a CONSTRUCT or DESCRIBE answer is written as {', '.join(QUERY_RDF_FORMATS)}"
            )
        return chosen
    chosen = FORMATS.get(fmt or "table")
    if chosen is None:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(QUERY_FORMATS)}")
    if result.kind not in chosen.answers:
        raise UsageError(
            f"--format {fmt} is for CONSTRUCT and DESCRIBE; a {result.kind.upper()} answer is written as "
            f"{', '.join(names('select'))}"
        )
    return chosen


def write_solutions(result: Result, stream: BinaryIO, fmt: Format) -> None:
    """A SELECT or ASK answer in a W3C result format, written by pyoxigraph."""
    import pyoxigraph as ox

    result.write(stream, getattr(ox.QueryResultsFormat, fmt.oxigraph))


def write_table(result: Result, stream: BinaryIO, fmt: Format) -> None:
    """A SELECT or ASK answer as the aligned text table."""
    assert result.json is not None
    import json  # here, not at the top: a cold `kg query -f csv` never needs it

    stream.write(table(json.loads(result.json)).encode("utf-8"))


def write_rdf(result: Result, stream: BinaryIO, fmt: Format) -> None:
    """A CONSTRUCT or DESCRIBE answer in an RDF syntax."""
    stream.write(serialize_rdf(result.triples or [], fmt.name))


def serialize_rdf(items: list[ox.Triple] | list[ox.Quad], fmt: str) -> bytes:
    """Triples or quads in an RDF syntax, with the project's prefixes where it has them."""
    import pyoxigraph as ox

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
    """Columns `text` takes in a terminal (wide East Asian characters take two)."""
    if text.isascii():
        return len(text)
    import unicodedata

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
