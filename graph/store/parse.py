"""Reading RDF files: their format by extension, parsing them (whole, streamed, or straight
into a store with pyoxigraph's own loader), and their errors as one-line `file:line:column`
messages. Below the loader (`graph.store.load`) and the views (`graph.store.views`), which
both read files through it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.errors import LoadError, location
from graph.paths import file_uri, normal, suffix

if TYPE_CHECKING:
    from graph.progress import Progress

RDF_EXTENSIONS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
}
_BOM = b"\xef\xbb\xbf"


def rdf_format(path: str | os.PathLike[str]) -> ox.RdfFormat:
    """The RDF format of a file, by extension; a one-line LoadError for any other file."""
    ext = suffix(path)
    fmt = RDF_EXTENSIONS.get(ext)
    if fmt is None:
        raise LoadError(f"{normal(path)}: unknown RDF file type {ext!r} (use .ttl, .trig, .nt or .nq)")
    return fmt


def parse_file(path: str | os.PathLike[str]) -> list[ox.Quad]:
    """Parse one RDF file; a syntax error becomes a one-line LoadError with file:line:column.

    The one entry point for reading an RDF file as quads (loaders use `load_file`, the same
    errors through pyoxigraph's native loader).
    """
    fmt, name = rdf_format(path), normal(path)
    try:
        with open(name, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise LoadError(f"{name}: cannot read: {exc.strerror or exc}") from None
    return parse_bytes(data, fmt, name, base_iri=file_uri(name))


def parse_bytes(
    data: bytes, fmt: ox.RdfFormat, name: str, base_iri: str | None = None, *, own_blank_nodes: bool = False
) -> list[ox.Quad]:
    """Parse RDF text; errors name `name` with the line and column of the problem.

    `own_blank_nodes` gives the file's blank nodes labels no other file has (as the stores do
    when they load a file), for callers that merge several files' quads."""
    with rdf_errors(name):
        return list(
            ox.parse(data.removeprefix(_BOM), format=fmt, base_iri=base_iri, rename_blank_nodes=own_blank_nodes)
        )


@contextlib.contextmanager
def rdf_errors(name: str) -> Iterator[None]:
    """Turn pyoxigraph's parse and read errors about `name` into one-line LoadErrors."""
    try:
        yield
    except SyntaxError as exc:
        raise LoadError(syntax_message(name, exc)) from None
    except MemoryError:
        raise LoadError(f"{name}: a single token (a literal or an IRI) is over pyoxigraph's 16 MiB limit") from None
    except (ValueError, OSError) as exc:
        cause = getattr(exc, "strerror", None) or exc
        raise LoadError(f"{name}: {' '.join(str(cause).split())}") from None


def load_file(
    store: ox.Store, path: str | os.PathLike[str], *, bulk: bool = False, progress: Progress | None = None
) -> None:
    """Load one file into `store` with pyoxigraph's own parser (no Python copy of its quads).

    `bulk` uses the bulk loader (the disk cache: written straight to new files); else a
    transaction (in memory). `progress` counts the bytes read.
    """
    fmt, path = rdf_format(path), normal(path)
    base = file_uri(path)
    loader = store.bulk_load if bulk else store.load
    with rdf_errors(path), open(path, "rb") as handle:
        bom = handle.read(3) == _BOM  # pyoxigraph does not skip a UTF-8 byte-order mark
        if progress is None and not bom:
            loader(path=path, format=fmt, base_iri=base)
            return
        handle.seek(3 if bom else 0)
        if progress is None:
            loader(input=handle, format=fmt, base_iri=base)
            return
        from graph.progress import CountingReader

        loader(input=CountingReader(handle, progress), format=fmt, base_iri=base)


def parse_stream(path: str | os.PathLike[str]) -> Iterator[ox.Quad]:
    """A file's quads, parsed natively and streamed (for a large file read more than once:
    the disk cache's view copies). Same base IRI and byte-order mark handling as `load_file`;
    errors are one-line LoadErrors."""
    fmt, path = rdf_format(path), normal(path)
    base = file_uri(path)
    with rdf_errors(path), open(path, "rb") as handle:
        if handle.read(3) != _BOM:
            yield from ox.parse(path=path, format=fmt, base_iri=base)
            return
        yield from ox.parse(input=handle, format=fmt, base_iri=base)


def syntax_message(name: str, exc: SyntaxError) -> str:
    """Turn pyoxigraph's parse error into `file:line:column: cause`."""
    import re  # only on a syntax error: a cold start compiles no pattern for it

    message = str(exc.msg if exc.msg else exc)
    match = re.search(r"line (\d+) column (\d+)", message)
    line, column = (int(match.group(1)), int(match.group(2))) if match else (exc.lineno, exc.offset)
    cause = message.split(": ", 1)[1] if ": " in message else message
    cause = " ".join(cause.split())
    return f"{location(name, line, column)}: {cause}"
