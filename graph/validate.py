"""Validation: every file parses, source quotes match their texts, the data conforms to the
SHACL shapes (pyshacl), and the quality-check queries in `queries/checks/` return nothing.

`validate` collects every problem rather than stopping at the first, each as one line
`file:line: cause`, so that `kg validate` and `kg season add` can report them all.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.errors import KGError, location
from graph.locate import GraphLocation
from graph.namespaces import KGO, OA, SCHEMA, SPECULATION_GRAPH, shorten
from graph.store.load import RDF_EXTENSIONS, GraphFiles, add_views, parse_bytes

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
    """Which file (and line) first describes each IRI, to point problems at the data."""

    def __init__(self) -> None:
        self._where: dict[str, str] = {}
        self._texts: dict[str, str] = {}

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
        return name, _line_of(self._texts[name], iri)


def _line_of(text: str, iri: str) -> int | None:
    """The first line that names `iri` in full or by its local name after a prefix."""
    short = shorten(iri)
    local = re.escape(iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
    patterns = [re.escape(f"<{iri}>"), re.escape(short) + r"(?![\w\-])", r"(?<![\w<])\w*:" + local + r"(?![\w\-])"]
    for pattern in patterns:
        match = re.search(pattern, text)
        if match:
            return text.count("\n", 0, match.start()) + 1
    return None


def validate(
    loc: GraphLocation,
    files: GraphFiles,
    *,
    overrides: dict[Path, bytes] | None = None,
    shapes: bool = True,
    checks: bool = True,
) -> list[Problem]:
    """Check a graph; `overrides` gives file contents to use instead of (or besides) the disk.

    `kg season add` passes the file it is about to write here, so nothing is written
    unless the whole graph with it passes.
    """
    overrides = {Path(p).resolve(): data for p, data in (overrides or {}).items()}
    problems: list[Problem] = []
    index = SubjectIndex()
    quads: list[ox.Quad] = []
    shape_quads: list[ox.Quad] = []
    paths = [p.resolve() for p in files.data()]
    paths += [p for p in overrides if p not in paths and p.suffix in RDF_EXTENSIONS]
    for path in [*paths, *[p.resolve() for p in files.shapes]]:
        name = _display(path, loc.root)
        try:
            data = overrides[path] if path in overrides else path.read_bytes()
            parsed = parse_bytes(data, RDF_EXTENSIONS[path.suffix], name, base_iri=path.as_uri())
        except KGError as exc:
            problems.append(_from_error(exc))
            continue
        except OSError as exc:
            problems.append(Problem(name, None, f"cannot read: {exc.strerror or exc}"))
            continue
        index.add(name, data.decode("utf-8", "replace"), parsed)
        (shape_quads if path in [s.resolve() for s in files.shapes] else quads).extend(parsed)
    if problems:
        return problems  # later checks would only repeat what the syntax errors cause
    problems += check_sources(quads, loc, files, overrides, index)
    store = ox.Store()
    store.extend(quads)
    add_views(store)
    if shapes:
        problems += check_shapes(store, shape_quads, index, loc)
    if checks:
        problems += check_named_queries(loc)
        problems += run_checks(store, loc, index)
    return problems


def _from_error(exc: KGError) -> Problem:
    """A LoadError's `file:line:col: cause` text as a Problem."""
    text = str(exc)
    match = re.match(r"^(.*?):(\d+):(?:\d+:)? ?(.*)$", text)
    if match:
        return Problem(match.group(1), int(match.group(2)), match.group(3))
    name, _, cause = text.partition(": ")
    return Problem(name, None, cause)


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


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
        path = (loc.sources_dir / row["file"].value).resolve()
        try:
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
        f"""SELECT ?s ?doc ?start ?end ?exact WHERE {{ ?s a <{KGO}Sentence> ; <{OA}hasSource> ?doc ;
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
    """Validate the default view, and the view with speculation, against the SHACL shapes."""
    import pyshacl
    import rdflib

    shapes = rdflib.Graph()
    shapes.parse(
        data=(ox.serialize([q.triple for q in shape_quads], format=ox.RdfFormat.N_TRIPLES) or b"").decode(), format="nt"
    )
    problems: dict[str, Problem] = {}
    for graphs in ([ox.DefaultGraph()], [ox.DefaultGraph(), ox.NamedNode(SPECULATION_GRAPH)]):
        triples = {q.triple for g in graphs for q in store.quads_for_pattern(None, None, None, g)}
        data = rdflib.Graph()
        data.parse(data=(ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b"").decode(), format="nt")
        conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
        if conforms:
            continue
        sh = rdflib.Namespace(_SH)
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


def run_checks(store: ox.Store, loc: GraphLocation, index: SubjectIndex) -> list[Problem]:
    """Run every `queries/checks/*.rq` on the default view; each row is a problem."""
    from graph.sparql.catalog import list_queries
    from graph.sparql.guard import check_read_only
    from graph.store.engine import OxigraphEngine

    engine = OxigraphEngine(store)
    problems: list[Problem] = []
    for check in list_queries(loc.queries_dir / "checks"):
        name = _display(check.path, loc.root)
        try:
            check_read_only(check.text, name)
            result = engine.query(check.text, name=name)
        except KGError as exc:
            problems.append(_from_error(exc))
            continue
        data = json.loads(result.json) if result.json is not None else {}
        if result.kind != "select":
            problems.append(Problem(name, None, "a check must be a SELECT query returning the offending rows"))
            continue
        for row in data.get("results", {}).get("bindings", []):
            values = [row[v] for v in data["head"]["vars"] if v in row]
            iris = [v["value"] for v in values if v["type"] == "uri"]
            where = next((found for i in iris if (found := index.find(i))), None) or (name, None)
            shown = ", ".join(shorten(v["value"]) if v["type"] == "uri" else repr(v["value"]) for v in values)
            problems.append(Problem(where[0], where[1], f"{check.summary or check.name} [{check.name}]: {shown}"))
    return problems
