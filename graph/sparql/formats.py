"""Formatting answers: ONE registry of output formats (name -> what it writes, media type,
the other names and media types it answers to, and a lazily imported writer), as rdflib's
plugin registry does. `kg query --format`, `kg export --format` and `kg serve`'s content
negotiation (`negotiate`, `serialize`) all read it, so a format added here reaches all three.
pyoxigraph writes the W3C result formats (JSON, XML, CSV, TSV) and the RDF syntaxes itself,
straight to the output stream, once; only the text table is ours.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, BinaryIO

from graph.engine import Result
from graph.errors import UsageError, counted
from graph.namespaces import PREFIXES, shorten

if TYPE_CHECKING:
    import pyoxigraph as ox


class Format:
    """One output format: its name, the answers it writes (`select`, `ask`, `graph`, `dataset`,
    `network`), its media type, the `module:function` writing it, pyoxigraph's name for it,
    the other media types (`accept`) and names (`aliases`) a client may ask for it by, and its
    name among the W3C's format IRIs (http://www.w3.org/ns/formats/), which the service
    description lists. A plain class (see graph.engine.Result)."""

    __slots__ = ("accept", "aliases", "answers", "media", "name", "oxigraph", "w3c", "writer")

    def __init__(
        self,
        name: str,
        answers: str,
        media: str,
        writer: str,
        oxigraph: str = "",
        *,
        accept: str = "",
        aliases: str = "",
        w3c: str = "",
    ) -> None:
        self.name, self.answers, self.media, self.writer, self.oxigraph = (
            name,
            frozenset(answers.split()),
            media,
            writer,
            oxigraph,
        )
        self.accept, self.aliases, self.w3c = (media, *accept.split()), tuple(aliases.split()), w3c

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
        Format(
            "json",
            "select ask",
            "application/sparql-results+json",
            f"{_HERE}:write_solutions",
            "JSON",
            accept="application/json",
            w3c="SPARQL_Results_JSON",
        ),
        Format(
            "xml",
            "select ask",
            "application/sparql-results+xml",
            f"{_HERE}:write_solutions",
            "XML",
            accept="application/xml text/xml",
            w3c="SPARQL_Results_XML",
        ),
        Format("csv", "select ask", "text/csv", f"{_HERE}:write_solutions", "CSV", w3c="SPARQL_Results_CSV"),
        Format(
            "tsv",
            "select ask",
            "text/tab-separated-values",
            f"{_HERE}:write_solutions",
            "TSV",
            w3c="SPARQL_Results_TSV",
        ),
        Format(
            "turtle",
            "graph",
            "text/turtle",
            f"{_HERE}:write_rdf",
            "TURTLE",
            accept="application/x-turtle",
            aliases="ttl n3",
            w3c="Turtle",
        ),
        Format(
            "nt",
            "graph",
            "application/n-triples",
            f"{_HERE}:write_rdf",
            "N_TRIPLES",
            accept="text/plain",
            aliases="ntriples n-triples",
            w3c="N-Triples",
        ),
        Format("nquads", "graph dataset", "application/n-quads", f"{_HERE}:write_rdf", "N_QUADS", w3c="N-Quads"),
        Format("trig", "dataset", "application/trig", f"{_HERE}:write_rdf", "TRIG", w3c="TriG"),
        Format(
            "jsonld",
            "graph dataset",
            "application/ld+json",
            f"{_HERE}:write_rdf",
            "JSON_LD",
            aliases="json-ld json",
            w3c="JSON-LD",
        ),
        Format(
            "rdfxml",
            "graph",
            "application/rdf+xml",
            f"{_HERE}:write_rdf",
            "RDF_XML",
            aliases="rdf rdf+xml xml",
            w3c="RDF_XML",
        ),
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
    newline), how much was written and its first bytes (an empty answer is short: see
    `answered_nothing`) and, for XML, writes a carriage return as `&#13;` so a parser keeps it."""

    __slots__ = ("head", "last", "size", "stream", "xml")

    def __init__(self, stream: BinaryIO, xml: bool = False) -> None:
        self.stream, self.xml, self.last = stream, xml, b""
        self.head, self.size = b"", 0

    def write(self, data: bytes) -> int:
        if not data:
            return 0
        data = bytes(data)
        size = len(data)  # what the caller gave: pyoxigraph's buffer counts on it
        if self.xml and b"\r" in data:
            data = data.replace(b"\r", b"&#13;")
        self.stream.write(data)
        self.last = data[-1:]
        if len(self.head) < _HEAD:
            self.head += data[: _HEAD - len(self.head)]
        self.size += len(data)
        return size

    def flush(self) -> None:
        self.stream.flush()


#: An answer longer than this many bytes has rows; a shorter one is read again to count them.
_HEAD = 4096


def write(result: Result, fmt: str | None, stream: BinaryIO) -> bool:
    """Write the answer in `fmt` (default: table for SELECT/ASK, Turtle for graphs) to a binary
    stream, ending in a newline; SELECT solutions are serialized once, as they are evaluated.
    True when the answer held nothing (no row, no triple)."""
    chosen = _choose(result, fmt)
    sink = _Sink(stream, xml=chosen.name == "xml")
    chosen.write(result, sink)  # type: ignore[arg-type]
    if sink.last and sink.last != b"\n":
        stream.write(b"\n")
    return answered_nothing(result, chosen.name, sink.head if sink.size <= _HEAD else None)


def answered_nothing(result: Result, fmt: str | None, written: bytes | None) -> bool:
    """Whether an answer that was written (`written`: what was written, or None when it was
    long) held nothing: no triple, or no row. An empty SELECT answer is a few bytes in every
    format, so only a short one is read again (by pyoxigraph: no json on a cold `kg query`)."""
    import pyoxigraph as ox

    if result.kind == "graph":
        return not result.triples
    if result.kind == "ask" or written is None or len(written) > _HEAD:
        return False
    chosen = _choose(result, fmt)
    if chosen.name == "csv":
        return written.count(b"\n") <= 1  # the header, and no row
    if chosen.name == "table":
        return written.rstrip().endswith(b"(0 rows)")
    found = ox.parse_query_results(written, format=getattr(ox.QueryResultsFormat, chosen.oxigraph))
    return next(iter(found), None) is None  # type: ignore[arg-type]


def kinds_of(kind: str) -> tuple[str, ...]:
    """The answers a format must write to fit an answer of `kind` (select, ask or graph)."""
    return ("graph",) if kind == "graph" else ("select", "ask")


#: kind -> (the formats that fit it, by name then alias then media type; by media type), made
#: on first use: a server negotiates on every request.
_FITTING: dict[str, tuple[list[Format], dict[str, Format], dict[str, Format]]] = {}


def _fitting(kind: str) -> tuple[list[Format], dict[str, Format], dict[str, Format]]:
    if kind not in _FITTING:
        fitting = [f for f in FORMATS.values() if f.answers & set(kinds_of(kind))]
        by_media = {m: f for f in reversed(fitting) for m in f.accept}
        by_word = {**by_media, **{a: f for f in reversed(fitting) for a in f.aliases}}
        by_word.update({f.name: f for f in fitting})
        _FITTING[kind] = (fitting, by_word, by_media)
    return _FITTING[kind]


def negotiate(accept: str, kind: str, explicit: str | None = None) -> Format:
    """The format for an answer of `kind` (select, ask or graph): the one a `format=` parameter
    names (by name, alias or media type), else the best the Accept header allows (q-values
    honoured; a wildcard or nothing known means JSON for solutions, Turtle for graphs)."""
    fitting, by_word, by_media = _fitting(kind)
    if explicit:
        found = by_word.get(explicit.strip().lower())
        if found is not None:
            return found
        kinds = "CONSTRUCT and DESCRIBE" if kind == "graph" else "SELECT and ASK"
        choices = ", ".join(f.name for f in fitting)
        raise UsageError(f"format={explicit[:40]!r} does not fit {kinds}; choose one of {choices}")
    best, best_q = None, 0.0
    for item in accept.split(",") if accept else ():
        media, _, params = item.partition(";")
        found = by_media.get(media.strip().lower())
        if found is None:
            continue
        q = _quality(params)
        if q > best_q:
            best, best_q = found, q
    return best or FORMATS["turtle" if kind == "graph" else "json"]


def _quality(params: str) -> float:
    """The q-value of one Accept item's parameters (1 when absent, 0 when unreadable)."""
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "q":
            try:
                q = float(value.strip())
            except ValueError:
                return 0.0
            return q if 0.0 <= q <= 1.0 else 0.0
    return 1.0


def serialize(result: Result, fmt: Format) -> bytes:
    """The answer in `fmt` as bytes, as an HTTP body (no newline added): a SELECT or ASK answer
    in JSON as the engine wrote it, the rest written through the format's writer."""
    if fmt.oxigraph == "JSON" and result.kind != "graph":
        return result.json or b""
    import io

    buffer = io.BytesIO()
    fmt.write(result, _Sink(buffer, xml=fmt.name == "xml"))  # type: ignore[arg-type]
    return buffer.getvalue()


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


def serialize_rdf(items: list[ox.Triple] | list[ox.Quad], fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
    """Triples or quads in an RDF syntax, with the project's prefixes (or `prefixes`) where it
    has them."""
    import pyoxigraph as ox

    target = RDF_FORMATS[fmt]
    if items and isinstance(items[0], ox.Quad) and not target.supports_datasets:
        items = [q.triple for q in items]  # type: ignore[union-attr]
    return ox.serialize(items, format=target, prefixes=PREFIXES if prefixes is None else prefixes) or b""


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
