"""Registered sources: adding an article's text to `ontology/sources/` (text + Turtle
description of every sentence), and finding a source and its sentences by slug.

New facts may only cite sentences of a registered source, so a source is added first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.errors import KGError, UsageError, ValidationFailed
from graph.locate import GraphLocation
from graph.namespaces import KGO, OA, RDF, SCHEMA
from graph.sources.text import Sentence, source_iri

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")


@dataclass
class RegisteredSource:
    """A source of the graph: its slug, IRI, files, text and sentences."""

    slug: str
    iri: str
    title: str
    ttl: Path
    txt: Path
    text: str
    sha256: str | None
    sentences: list[Sentence]
    #: the publication date, when the source has one: relative dates in it are read from it
    published: dt.date | None = None


def slugify(name: str) -> str:
    """Lower-case ASCII words joined by hyphens ("XO, Kitty season 3!" -> "xo-kitty-season-3")."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def check_date(value: str, what: str) -> str:
    """A full calendar date YYYY-MM-DD, or a UsageError naming `what`."""
    from graph.dates import parse_date

    try:
        date = parse_date(value)
    except ValueError:
        date = None
    if date is not None and date.precision == "day" and len(date.ends) == 1:
        return date.first.isoformat()
    raise UsageError(f"{what} {value!r}: not a date; use YYYY-MM-DD, e.g. 2025-01-16")


def read_text_file(path: Path) -> str:
    """A source text: UTF-8 (a byte-order mark is dropped), not empty, or a one-line error."""
    from graph.files import read_utf8

    text = read_utf8(path)
    if not text.strip():
        raise UsageError(f"{path}: the file is empty; a source needs its text")
    if "\x00" in text:
        raise UsageError(f"{path}: contains NUL characters; not a plain text file")
    return text


def _sources_quads(ttl: Path) -> list[ox.Quad]:
    from graph.store.load import parse_file

    return parse_file(ttl)


def load_source(loc: GraphLocation, slug: str) -> RegisteredSource:
    """The registered source `slug` (file stem in ontology/sources/) with its sentences."""
    ttl = loc.sources_dir / f"{slug}.ttl"
    if not _SLUG.fullmatch(slug) or not ttl.is_file():
        known = ", ".join(list_slugs(loc)) or "none yet"
        raise UsageError(
            f"unknown source {slug!r} (registered: {known}); register it first with `kg source add FILE --title …`"
        )
    quads = _sources_quads(ttl)
    doc = source_iri(slug)
    values: dict[str, str] = {}
    for q in quads:
        if q.subject.value == doc and isinstance(q.subject, ox.NamedNode):
            values.setdefault(q.predicate.value, q.object.value)
    file_name = values.get(KGO + "fileName", f"{slug}.txt")
    from graph.files import inside

    txt = inside(loc.sources_dir, file_name)  # a path in the data never leaves the graph folder
    from graph.paths import is_special

    try:
        if is_special(txt):  # a named pipe would be waited on forever
            raise OSError("not a regular file (a named pipe, socket or device)")
        text = txt.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KGError(f"{ttl}: its source text {file_name} cannot be read: {exc}") from None
    return RegisteredSource(
        slug=slug,
        iri=doc,
        title=values.get(SCHEMA + "name", slug),
        ttl=ttl,
        txt=txt,
        text=text,
        sha256=values.get(SCHEMA + "sha256"),
        sentences=_sentences(quads, doc),
        published=_published(values.get(SCHEMA + "datePublished")),
    )


def _published(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _sentences(quads: list[ox.Quad], doc: str) -> list[Sentence]:
    """Sentences (and headings) of `doc` as described in its Turtle, in one pass over the
    quads: offsets, exact text, and whether it is a kgo:Heading."""
    of_doc: set[str] = set()
    number: dict[str, int] = {}
    selectors: dict[str, list[str]] = {}
    values: dict[tuple[str, str], str] = {}
    headings: set[str] = set()
    for q in quads:
        s, p, o = q.subject.value, q.predicate.value, q.object.value
        if p == OA + "hasSource" and o == doc:
            of_doc.add(s)
        elif p == KGO + "sentenceNumber":
            number[s] = int(o)
        elif p == OA + "hasSelector":
            selectors.setdefault(s, []).append(o)
        elif p in (OA + "start", OA + "end", OA + "exact"):
            values[(s, p)] = o
        elif p == RDF + "type" and o == KGO + "Heading":
            headings.add(s)
    out = []
    for s in of_doc:
        found: dict[str, str] = {}
        for selector in selectors.get(s, []):
            for p in ("start", "end", "exact"):
                if (selector, OA + p) in values:
                    found[p] = values[(selector, OA + p)]
        if s in number and len(found) == 3:
            out.append(Sentence(number[s], int(found["start"]), int(found["end"]), found["exact"], s in headings, s))
    return sorted(out, key=lambda x: x.number)


def list_slugs(loc: GraphLocation) -> list[str]:
    """Slugs of the registered sources (their .ttl files in ontology/sources/)."""
    if not loc.sources_dir.is_dir():
        return []
    return sorted(p.stem for p in loc.sources_dir.glob("*.ttl"))


def registered_hashes(loc: GraphLocation) -> dict[str, str]:
    """sha256 of each registered source's text -> its slug, to refuse registering it twice."""
    found: dict[str, str] = {}
    for slug in list_slugs(loc):
        try:
            quads = _sources_quads(loc.sources_dir / f"{slug}.ttl")
        except KGError:
            continue
        for q in quads:
            if q.predicate.value == SCHEMA + "sha256":
                found[q.object.value] = slug
    return found


@dataclass
class NewSource:
    """A source about to be registered: its two files and how many sentences it has."""

    slug: str
    txt: Path
    ttl: Path
    txt_bytes: bytes
    ttl_bytes: bytes
    sentences: int


def prepare_source(
    loc: GraphLocation,
    file: Path,
    *,
    title: str,
    slug: str | None = None,
    url: str | None = None,
    published: str | None = None,
    text: str | None = None,
) -> NewSource:
    """Check everything about a new source and build its files, writing nothing. `text` is
    the file's content when the caller read it already (before taking the write lock)."""
    from graph.sources.text import source_turtle, split_sentences

    text = read_text_file(file) if text is None else text
    title = " ".join(title.split())
    if not title:
        raise UsageError("--title: a source needs a title")
    slug = slug if slug is not None else slugify(file.stem)
    if not _SLUG.fullmatch(slug):
        raise UsageError(f"--slug {slug!r}: use lower-case letters, digits and single hyphens, e.g. xo-kitty-season-3")
    if url is not None and not _URL.fullmatch(url):
        raise UsageError(f"--url {url!r}: not an http(s) URL (no spaces, quotes or angle brackets)")
    if published is not None:
        published = check_date(published, "--published")
    txt = loc.sources_dir / f"{slug}.txt"
    ttl = loc.sources_dir / f"{slug}.ttl"
    if ttl.exists() or ttl.is_symlink():
        raise UsageError(f"{ttl}: a source named {slug!r} is already registered; choose another --slug")
    # a .txt without its .ttl is what an interrupted `kg source add` leaves: not registered
    # (only the .ttl makes a source), so it is replaced
    data = text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    same = registered_hashes(loc).get(digest)
    if same:
        raise UsageError(f"{file}: this text is already registered as source {same!r} (same sha256)")
    sentences = split_sentences(text)
    if not sentences:
        raise UsageError(f"{file}: no sentences found in the text")
    turtle = source_turtle(
        slug, text, title=title, file_name=txt.name, url=url, published=published, sentences=sentences
    )
    return NewSource(slug, txt, ttl, data, turtle.encode("utf-8"), len(sentences))


def write_source(loc: GraphLocation, new: NewSource) -> None:
    """Validate the graph with the new source, then write its text, then its description.

    All or nothing: the .ttl is what registers a source (only .ttl files are listed and
    loaded) and it is written last, each file whole or not at all. Killed before the .ttl,
    the graph is as it was, the source is not listed, and adding it again replaces the
    leftover text. Call it holding `write_lock`, so that two commands cannot interleave.
    """
    from graph.files import atomic_write
    from graph.store.load import discover
    from graph.validate import validate

    if new.ttl.exists() or new.ttl.is_symlink():  # registered meanwhile (checked again under the lock)
        raise UsageError(f"{new.ttl}: a source named {new.slug!r} is already registered; choose another --slug")
    # Every sentence is checked against the text and every quality check runs; the SHACL
    # shapes are not run again: the description is kg's own serializer output and adds
    # only a document and its sentences to a graph that validated before, and pySHACL over
    # the whole graph was nearly all of the 58 s a 3.5 MB article took to register.
    problems = validate(loc, discover(loc), overrides={new.txt: new.txt_bytes, new.ttl: new.ttl_bytes}, shapes=False)
    if problems:
        raise ValidationFailed(f"source {new.slug!r} not registered", [str(p) for p in problems])
    loc.sources_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(new.txt, new.txt_bytes, root=loc.root)
    try:
        atomic_write(new.ttl, new.ttl_bytes, root=loc.root)
    except BaseException:
        if not new.ttl.exists():
            new.txt.unlink(missing_ok=True)
        raise
