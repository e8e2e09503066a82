"""Source documents: split a text into sentences and describe them in Turtle.

Each sentence becomes a `kgo:Sentence` (a Web Annotation `oa:SpecificResource`) with a
`TextPositionSelector` (offsets in Unicode code points, end exclusive) and a
`TextQuoteSelector` (the exact text), so that claims can cite it and checks can verify it.
A line that is a title or a heading (one line, no sentence-ending punctuation) is a
`kgo:Heading`, located the same way, which states nothing and no claim may cite.
Selectors get IRIs of their own (`#s03-position`, `#s03-quote`) rather than blank nodes, so
that exports are byte-for-byte stable. The Turtle is written by pyoxigraph's serializer.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from graph.namespaces import SOURCE

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z\"“‘(])")
_ENDS_SENTENCE = re.compile(r"[.!?:;…][\"”’)\]]*$")


@dataclass(frozen=True)
class Sentence:
    """One sentence (or heading) of a source text: number (from 1), offsets, exact text, and
    once registered its IRI. The one sentence record of the package."""

    number: int
    start: int
    end: int
    text: str
    heading: bool = False
    iri: str = ""


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences: each non-blank line is a paragraph or a heading."""
    spans: list[tuple[int, int, bool]] = []
    for line in re.finditer(r"[^\n]+", text):
        base, para = line.start(), line.group()
        start = 0
        pieces = []
        for brk in _SENTENCE_BREAK.finditer(para):
            pieces.append((base + start, base + brk.start()))
            start = brk.end()
        pieces.append((base + start, base + len(para)))
        heading = len(pieces) == 1 and not _ENDS_SENTENCE.search(para.rstrip())
        spans += [(a, b, heading) for a, b in pieces]
    out = []
    for a, b, heading in spans:
        # trim surrounding whitespace so the quote is exactly the sentence
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append(Sentence(len(out) + 1, a, b, text[a:b], heading))
    return out


def one_line(text: str) -> str:
    """Text made safe for a `#` comment of RDF that kg writes (and for one line of a
    terminal): every line break and control character becomes a space, so that a name from
    the data cannot end the comment and start statements. The one escaping function kg
    uses for text it pastes; everything else goes through a serializer."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def source_iri(slug: str) -> str:
    """The IRI of a source document from its slug (file name without extension)."""
    return f"{SOURCE}{slug}"


def sentence_iri(slug: str, number: int) -> str:
    """The IRI of sentence `number` of a source."""
    return f"{SOURCE}{slug}#s{number:02d}"


def source_turtle(
    slug: str,
    text: str,
    *,
    title: str,
    file_name: str,
    url: str | None = None,
    published: str | None = None,
    sentences: list[Sentence] | None = None,
) -> str:
    """Describe a source text and all its sentences as Turtle (deterministic output)."""
    import pyoxigraph as ox

    from graph.namespaces import KGO, OA, PROV, RDF, RDFS, SCHEMA, XSD

    def node(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    def integer(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=node(XSD + "integer"))

    doc = node(source_iri(slug))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    triples = [
        (doc, RDF + "type", node(KGO + "SourceDocument")),
        (doc, SCHEMA + "name", ox.Literal(title)),
        (doc, RDFS + "label", ox.Literal(title)),
        (doc, SCHEMA + "encodingFormat", ox.Literal("text/plain")),
        (doc, KGO + "fileName", ox.Literal(file_name)),
        (doc, SCHEMA + "sha256", ox.Literal(digest)),
        (doc, KGO + "characterCount", integer(len(text))),
    ]
    if url:
        triples.append((doc, SCHEMA + "url", node(url)))
    if published:
        triples.append((doc, SCHEMA + "datePublished", ox.Literal(published, datatype=node(XSD + "date"))))
    else:
        triples.append((doc, KGO + "publicationDateKnown", ox.Literal("false", datatype=node(XSD + "boolean"))))
    headings = []
    for s in sentences if sentences is not None else split_sentences(text):
        iri = sentence_iri(slug, s.number)
        position, quote = node(iri + "-position"), node(iri + "-quote")
        if s.heading:
            headings.append(f"s{s.number:02d}")
        triples += [
            (node(iri), RDF + "type", node(KGO + ("Heading" if s.heading else "Sentence"))),
            (node(iri), OA + "hasSource", doc),
            (node(iri), KGO + "sentenceNumber", integer(s.number)),
            (node(iri), OA + "hasSelector", position),
            (node(iri), OA + "hasSelector", quote),
            (position, RDF + "type", node(OA + "TextPositionSelector")),
            (position, OA + "start", integer(s.start)),
            (position, OA + "end", integer(s.end)),
            (quote, RDF + "type", node(OA + "TextQuoteSelector")),
            (quote, OA + "exact", ox.Literal(s.text)),
        ]
    prefixes = {
        "kgo": KGO, "schema": SCHEMA, "prov": PROV, "oa": OA, "rdfs": RDFS, "xsd": XSD, "src": source_iri(slug) + "#",
    }  # fmt: skip
    body = ox.serialize(
        (ox.Triple(s, node(p), o) for s, p, o in triples), format=ox.RdfFormat.TURTLE, prefixes=prefixes
    ).decode("utf-8")
    header = [
        f"# Source document {one_line(file_name)}: its metadata and every sentence, with offsets.",
        "# Generated by `kg source add`; claims cite the sentences below"
        + (f" (never the headings {', '.join(headings)}, which are kgo:Heading)." if headings else "."),
        "",
    ]
    return "\n".join(header) + body
