"""Validation: every file parses, source quotes match their texts, the data conforms to the
SHACL shapes (pyshacl), and the quality-check queries in `queries/checks/` return nothing.

`iter_problems` yields every problem as it is found, each as one line `file:line: cause`,
so that `kg validate --max-problems N` can stop early and a graph with many problems is
reported in bounded memory; `validate` collects them all for `kg season add`. Every check
does work proportional to the graph: one query per check, and line numbers come from one
pass over each file, made only once the first problem needs one.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.errors import KGError, location
from graph.files import inside
from graph.locate import GraphLocation
from graph.namespaces import CLAIM, KGO, OA, SCHEMA, SOURCE, SPECULATION_GRAPH, shorten
from graph.store.load import RDF_EXTENSIONS, GraphFiles, parse_bytes
from graph.store.views import add_views, is_view, view_graph_problem

if TYPE_CHECKING:
    import rdflib

_SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Problem:
    """One thing wrong, where it is, and why."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{location(self.file, self.line)}: {self.message}"


class SubjectIndex:
    """Which file (and line) first describes each IRI, to point problems at the data.

    The file of each IRI is recorded while parsing; the lines of a file are found by one
    scan of its text (`_first_lines`), done the first time a problem in it needs a line, so
    a graph with no problems never pays for it and one with many pays once per file.
    """

    def __init__(self) -> None:
        self._where: dict[str, str] = {}
        self._texts: dict[str, str] = {}
        self._lines: dict[str, dict[str, int]] = {}

    def add(self, name: str, text: str, quads: list[ox.Quad]) -> None:
        self._texts[name] = text
        for q in quads:
            for term in (q.subject, q.graph_name):
                if isinstance(term, ox.NamedNode):
                    self._where.setdefault(term.value, name)

    def find(self, iri: str) -> tuple[str, int | None] | None:
        name = self._where.get(iri)
        if name is None:
            return None
        if name not in self._lines:
            self._lines[name] = _first_lines(self._texts.pop(name))
        return name, self._lines[name].get(iri)


_PREFIX_DECL = re.compile(r"(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)
_IRI_TOKEN = re.compile(r"<([^<>\s]*)>|(?<![\w<\\])([A-Za-z][\w.-]*|):([\w.-]*[\w-]|[\w-]?)")


def _first_lines(text: str) -> dict[str, int]:
    """The first line each IRI appears on, written in full or as a prefixed name: one pass
    over the text (prefixes are taken as they are declared, as Turtle reads them)."""
    prefixes: dict[str, str] = {}
    first: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _PREFIX_DECL.finditer(line):
            prefixes[match.group(1)] = match.group(2)
        for match in _IRI_TOKEN.finditer(line):
            if match.group(1) is not None:
                iri = match.group(1)
            elif match.group(2) in prefixes:
                iri = prefixes[match.group(2)] + match.group(3)
            else:
                continue
            first.setdefault(iri, number)
    return first


def validate(
    loc: GraphLocation,
    files: GraphFiles,
    *,
    overrides: dict[Path, bytes] | None = None,
    shapes: bool = True,
    checks: bool = True,
    max_problems: int | None = None,
) -> list[Problem]:
    """Check a graph; `overrides` gives file contents to use instead of (or besides) the disk.

    `kg season add` passes the file it is about to write here, so nothing is written
    unless the whole graph with it passes. At most `max_problems` are returned.
    """
    found = iter_problems(loc, files, overrides=overrides, shapes=shapes, checks=checks)
    return list(itertools.islice(found, max_problems))


def iter_problems(
    loc: GraphLocation,
    files: GraphFiles,
    *,
    overrides: dict[Path, bytes] | None = None,
    shapes: bool = True,
    checks: bool = True,
) -> Iterator[Problem]:
    """Yield the graph's problems as they are found (see `validate`)."""
    overrides = {Path(p).resolve(): data for p, data in (overrides or {}).items()}
    problems: list[Problem] = []
    index = SubjectIndex()
    quads: list[ox.Quad] = []
    shape_quads: list[ox.Quad] = []
    shape_paths = [Path(p).resolve() for p in files.shapes]
    paths = [Path(p).resolve() for p in files.data()]
    paths += [p for p in overrides if p not in paths and p.suffix in RDF_EXTENSIONS]
    for path in [*paths, *shape_paths]:
        name = _display(path, loc.root)
        try:
            data = overrides[path] if path in overrides else path.read_bytes()
            parsed = parse_bytes(data, RDF_EXTENSIONS[path.suffix], name, base_iri=path.as_uri(), own_blank_nodes=True)
        except KGError as exc:
            problems.append(_from_error(exc))
            continue
        except OSError as exc:
            problems.append(Problem(name, None, f"cannot read: {exc.strerror or exc}"))
            continue
        view = next((q.graph_name for q in parsed if is_view(q.graph_name)), None)
        if view is not None:
            problems.append(Problem(name, None, view_graph_problem(view)))  # type: ignore[arg-type]
            continue
        index.add(name, data.decode("utf-8", "replace"), parsed)
        (shape_quads if path in shape_paths else quads).extend(parsed)
    if problems:
        yield from problems  # later checks would only repeat what the syntax errors cause
        return
    yield from check_sources(quads, loc, files, overrides, index)
    store = ox.Store()
    store.extend(quads)
    add_views(store)
    if shapes:
        yield from check_shapes(store, shape_quads, index, loc)
    if checks:
        yield from check_named_queries(loc)
        yield from run_checks(store, loc, index)


def _from_error(exc: KGError) -> Problem:
    """A LoadError's `file:line:col: cause` text as a Problem."""
    text = str(exc)
    match = re.match(r"^(.*?):(\d+):(?:\d+:)? ?(.*)$", text)
    if match:
        return Problem(match.group(1), int(match.group(2)), match.group(3))
    name, _, cause = text.partition(": ")
    return Problem(name, None, cause)


def _display(path: str | os.PathLike[str], root: Path) -> str:
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        return str(Path(path))


def check_sources(
    quads: list[ox.Quad], loc: GraphLocation, files: GraphFiles, overrides: dict[Path, bytes], index: SubjectIndex
) -> list[Problem]:
    """Every source's text file exists with its recorded hash, and every sentence's offsets
    and exact quote match that text."""
    problems: list[Problem] = []
    store = ox.Store()
    store.extend(q for q in quads if isinstance(q.graph_name, ox.DefaultGraph))
    docs = store.query(
        f"""SELECT ?doc ?file ?sha WHERE {{ ?doc a <{KGO}SourceDocument> ; <{KGO}fileName> ?file .
            OPTIONAL {{ ?doc <{SCHEMA}sha256> ?sha }} }}"""
    )
    texts: dict[str, str] = {}
    for row in docs:
        doc = row["doc"].value
        where = index.find(doc) or (str(loc.sources_dir), None)
        try:  # a path in the data never leads outside the graph folder, nor to a device
            path = inside(loc.sources_dir, row["file"].value).resolve()
        except KGError as exc:
            problems.append(Problem(where[0], where[1], f"source text: {exc}"))
            continue
        try:
            if path not in overrides and path.exists() and not path.is_file():
                raise OSError("not a regular file")
            raw = overrides[path] if path in overrides else path.read_bytes()
        except OSError:
            problems.append(Problem(where[0], where[1], f"source text {row['file'].value} not found beside it"))
            continue
        if row["sha"] is not None and hashlib.sha256(raw).hexdigest() != row["sha"].value:
            problems.append(
                Problem(
                    where[0],
                    where[1],
                    f"source text {row['file'].value} has changed since it was registered (sha256 differs)",
                )
            )
        texts[doc] = raw.decode("utf-8", "replace")
    sentences = store.query(
        f"""SELECT ?s ?doc ?start ?end ?exact WHERE {{
            VALUES ?kind {{ <{KGO}Sentence> <{KGO}Heading> }}
            ?s a ?kind ; <{OA}hasSource> ?doc ;
            <{OA}hasSelector> ?p , ?q . ?p <{OA}start> ?start ; <{OA}end> ?end . ?q <{OA}exact> ?exact }}"""
    )
    for row in sentences:
        text = texts.get(row["doc"].value)
        if text is None:
            continue
        start, end, exact = int(row["start"].value), int(row["end"].value), row["exact"].value
        if text[start:end] != exact:
            file, line = index.find(row["s"].value) or ("?", None)
            problems.append(
                Problem(
                    file,
                    line,
                    f"{shorten(row['s'].value)}: quote does not match the source text at offsets {start}–{end}",
                )
            )
    return problems


def check_shapes(store: ox.Store, shape_quads: list[ox.Quad], index: SubjectIndex, loc: GraphLocation) -> list[Problem]:
    """Validate the default view, and the view with speculation, against the SHACL shapes.

    The bookkeeping (claims, sentences, sources: IRIs under claim/ and source/) is the same
    in both views, so the second pass leaves it out and checks only the facts again; pySHACL,
    the slowest part of `kg validate`, then does one and a bit passes instead of two.
    """
    import pyshacl
    import rdflib

    shapes = _rdflib_graph(q.triple for q in shape_quads)
    problems: dict[str, Problem] = {}
    default = list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    speculation = list(store.quads_for_pattern(None, None, None, ox.NamedNode(SPECULATION_GRAPH)))
    passes = [[q.triple for q in default]]
    if speculation:
        facts = [q.triple for q in default if not q.subject.value.startswith(_BOOKKEEPING)]
        passes.append(facts + [q.triple for q in speculation])
    del default, speculation
    sh = rdflib.Namespace(_SH)
    for triples in passes:
        conforms, report, _ = pyshacl.validate(
            _rdflib_graph(triples), shacl_graph=shapes, inference="none", allow_warnings=True
        )
        if conforms:
            continue
        for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
            focus = report.value(result, sh.focusNode)
            path = report.value(result, sh.resultPath)
            message = report.value(result, sh.resultMessage)
            focus_text = shorten(str(focus)) if isinstance(focus, rdflib.URIRef) else str(focus)
            path_text = shorten(str(path)) if isinstance(path, rdflib.URIRef) else ("(path)" if path else "")
            file, line = index.find(str(focus)) or ("ontology/shapes.ttl", None)
            text = f"{focus_text} {path_text}: {message}".replace("  ", " ")
            problems.setdefault(f"{file}{line}{text}", Problem(file, line, text))
    return list(problems.values())


_BOOKKEEPING = (CLAIM, SOURCE)


def _rdflib_graph(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    """An rdflib Graph of pyoxigraph triples, term by term (no N-Triples text in between)."""
    import rdflib

    graph = rdflib.Graph()
    nodes: dict[object, rdflib.term.Node] = {}

    def node(term: object) -> rdflib.term.Node:
        found = nodes.get(term)
        if found is None:
            if isinstance(term, ox.NamedNode):
                found = rdflib.URIRef(term.value)
            elif isinstance(term, ox.BlankNode):
                found = rdflib.BNode(term.value)
            elif isinstance(term, ox.Literal):
                found = (
                    rdflib.Literal(term.value, lang=term.language)
                    if term.language
                    else rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
                )
            else:
                raise TypeError(f"unexpected term {term!r}")
            nodes[term] = found
        return found

    for triple in triples:
        graph.add((node(triple.subject), node(triple.predicate), node(triple.object)))
    return graph


def check_named_queries(loc: GraphLocation) -> list[Problem]:
    """Every named query in `queries/` is read-only and parses: each is run on an empty store,
    which makes the engine parse it and costs nothing to evaluate."""
    from graph.sparql.catalog import list_queries
    from graph.sparql.guard import check_read_only
    from graph.store.engine import OxigraphEngine

    engine = OxigraphEngine(ox.Store())
    problems: list[Problem] = []
    try:
        named = list_queries(loc.queries_dir)
    except KGError as exc:
        return [_from_error(exc)]
    for query in named:
        name = _display(query.path, loc.root)
        try:
            check_read_only(query.text, name)
            engine.query(query.text, name=name)
        except KGError as exc:
            problems.append(_from_error(exc))
    return problems


def run_checks(store: ox.Store, loc: GraphLocation, index: SubjectIndex) -> Iterator[Problem]:
    """Run every `queries/checks/*.rq` once on the default view; each row is a problem,
    yielded as the engine produces it (nothing is collected, so memory stays bounded)."""
    from graph.sparql.catalog import list_queries
    from graph.sparql.guard import check_read_only

    for check in list_queries(loc.queries_dir / "checks"):
        name = _display(check.path, loc.root)
        try:
            check_read_only(check.text, name)
            solutions = store.query(check.text, prefixes=_prefixes())
        except KGError as exc:
            yield _from_error(exc)
            continue
        except (SyntaxError, ValueError, OSError) as exc:
            yield Problem(name, None, f"cannot run: {exc}")
            continue
        if not isinstance(solutions, ox.QuerySolutions):
            yield Problem(name, None, "a check must be a SELECT query returning the offending rows")
            continue
        variables = [v.value for v in solutions.variables]
        for row in solutions:
            values = [row[v] for v in variables if row[v] is not None]
            iris = [v.value for v in values if isinstance(v, ox.NamedNode)]
            where = next((found for i in iris if (found := index.find(i))), None) or (name, None)
            shown = ", ".join(shorten(v.value) if isinstance(v, ox.NamedNode) else repr(v.value) for v in values)
            yield Problem(where[0], where[1], f"{check.summary or check.name} [{check.name}]: {shown}")


def _prefixes() -> dict[str, str]:
    """The prefixes every query knows without declaring them (graph.namespaces.PREFIXES)."""
    from graph.namespaces import PREFIXES

    return dict(PREFIXES)
