"""Validation: every file parses, source quotes match their texts, the data conforms to the
SHACL shapes (as SPARQL, `graph.shacl_sparql`, or an engine, `graph.shacl`), and the
quality-check queries in `queries/checks/` return nothing.

Everything is checked in a pyoxigraph store: the one kg built (the disk cache) when it is
given one, else the files loaded natively into memory (parsing them is faster than reading
the disk cache back: the checks run about ten times faster in memory). `iter_problems`
yields every problem as it is found, each as one line `file:line: cause`, so that
`kg validate --max-problems N` can stop early and a graph with many problems is reported in
bounded memory; `validate` collects them all for `kg season add`. Every check does work
proportional to the graph: one query per check, and line numbers come from one pass over
each file, made only once the first problem needs one.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox

from graph.errors import KGError, location
from graph.files import inside
from graph.locate import GraphLocation
from graph.namespaces import CLAIM, KGO, OA, RDF, SCHEMA, SOURCE, SPECULATION_GRAPH, SUPERSEDED_BY, shorten
from graph.store.load import GraphFiles
from graph.store.parse import RDF_EXTENSIONS, parse_bytes, parse_file, rdf_errors
from graph.store.views import add_views, is_view, view_graph_problem

if TYPE_CHECKING:
    from graph.shacl import Node, Reach, ShapeResult
    from graph.sparql.catalog import NamedQuery

_BOM = b"\xef\xbb\xbf"


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

    Built the first time a problem needs it, by one streaming parse of the files (a graph
    with no problems never pays for it); the lines of a file are found by one scan of its
    text (`_first_lines`), the first time a problem in that file needs a line.
    """

    def __init__(self, files: list[tuple[str, Path]], overrides: dict[Path, bytes]) -> None:
        self._files, self._overrides = files, overrides
        self._where: dict[str, str] | None = None
        self._paths = {name: path for name, path in files}
        self._lines: dict[str, dict[str, int]] = {}

    def _read(self, path: Path) -> bytes:
        return self._overrides[path] if path in self._overrides else path.read_bytes()

    def _build(self) -> dict[str, str]:
        where: dict[str, str] = {}
        for name, path in self._files:
            try:
                for q in ox.parse(self._read(path).removeprefix(_BOM), format=RDF_EXTENSIONS[path.suffix]):
                    for term in (q.subject, q.graph_name):
                        if isinstance(term, ox.NamedNode):
                            where.setdefault(term.value, name)
            except (SyntaxError, ValueError, OSError):  # changed since it was loaded: skip it
                continue
        return where

    def find(self, iri: str) -> tuple[str, int | None] | None:
        if self._where is None:
            self._where = self._build()
        name = self._where.get(iri)
        if name is None:
            return None
        if name not in self._lines:
            try:
                text = self._read(self._paths[name]).decode("utf-8", "replace")
            except OSError:
                text = ""
            self._lines[name] = _first_lines(text)
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
    store: ox.Store | None = None,
) -> list[Problem]:
    """Check a graph; `overrides` gives file contents to use instead of (or besides) the disk.

    `kg season add` passes the file it is about to write here, so nothing is written
    unless the whole graph with it passes. At most `max_problems` are returned. `store`: see
    `iter_problems`.
    """
    found = iter_problems(loc, files, overrides=overrides, shapes=shapes, checks=checks, store=store)
    return list(itertools.islice(found, max_problems))


def iter_problems(
    loc: GraphLocation,
    files: GraphFiles,
    *,
    overrides: dict[Path, bytes] | None = None,
    shapes: bool = True,
    checks: bool = True,
    store: ox.Store | None = None,
) -> Iterator[Problem]:
    """Yield the graph's problems as they are found (see `validate`).

    `store` is a store kg built from these files (the disk cache, or the in-memory store of
    `--store oxigraph-memory`), views included; without one, the files (and `overrides`)
    are loaded into a new in-memory store, natively. Either way no Python object is made
    per statement: the shapes are queries on the store (`ShapeCheck`); shapes that do not
    compile go to a SHACL engine, which gets N-Triples text that pyoxigraph writes, and on a
    large graph the store is let go before the engine makes its copy.
    """
    overrides = {Path(p).resolve(): data for p, data in (overrides or {}).items()}
    shape_paths = [Path(p).resolve() for p in files.shapes]
    paths = [Path(p).resolve() for p in files.data()]
    paths += [p for p in overrides if p not in paths and p.suffix in RDF_EXTENSIONS]
    named = [(_display(p, loc.root), p) for p in [*paths, *shape_paths]]
    index = SubjectIndex(named, overrides)
    shape_triples: list[ox.Triple] = []
    problems: list[Problem] = []
    for name, path in named[len(paths) :]:
        try:
            quads = parse_bytes(_read(path, overrides), RDF_EXTENSIONS[path.suffix], name, base_iri=path.as_uri())
            view = next((q.graph_name for q in quads if is_view(q.graph_name)), None)
            if view is not None:
                problems.append(Problem(name, None, view_graph_problem(view)))  # type: ignore[arg-type]
            shape_triples += (q.triple for q in quads)
        except KGError as exc:
            problems.append(_from_error(exc))
        except OSError as exc:
            problems.append(Problem(name, None, f"cannot read: {exc.strerror or exc}"))
    owned = store is None
    if owned:
        try:
            store = _memory_store(paths, overrides)
        except (KGError, OSError):
            problems = list(_scan(named, overrides))  # every file's own problem, not only the first
    if problems:
        yield from problems  # later checks would only repeat what the syntax errors cause
        return
    assert store is not None
    with contextlib.ExitStack() as stack:
        pending: Callable[[], list[Problem]] | None = None
        if shapes:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kg-shacl-")))
            shape_names = ", ".join(name for name, _ in named[len(paths) :])
            shape_check = ShapeCheck(store, shape_triples, index, folder, where=shape_names)
            pool = stack.enter_context(ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-shacl"))
            stack.callback(shape_check.stop.set)  # a caller that stops reading waits for one query, not all
            if not shape_check.copies or not owned or _size(paths, overrides) < SIDE_BY_SIDE:  # beside the checks
                pending = pool.submit(shape_check.write_and_run).result
            else:  # written beside the checks; run after them, once the store is let go
                writing = pool.submit(shape_check.write)

                def after_checks() -> list[Problem]:
                    writing.result()
                    return shape_check.run()

                pending = after_checks

        yield from check_sources(store, loc, overrides, index)
        if checks:
            yield from check_named_queries(loc)
            yield from run_checks(store, loc, index)
        if owned:
            del store  # a SHACL engine's copy need not sit beside it (the shapes' queries hold it till they end)
        if pending is not None:
            yield from pending()


def _size(paths: list[Path], overrides: dict[Path, bytes]) -> int:
    """The bytes of the data files, as they will be loaded."""
    return sum(len(overrides[p]) if p in overrides else p.stat().st_size for p in paths)


def _read(path: Path, overrides: dict[Path, bytes]) -> bytes:
    return overrides[path] if path in overrides else path.read_bytes()


def _memory_store(paths: list[Path], overrides: dict[Path, bytes]) -> ox.Store:
    """The files (and overrides) loaded natively into a new in-memory store, views added,
    as `--store oxigraph-memory` loads them; a LoadError for the first that does not load
    or writes into a view graph (the caller then scans them all with `_scan`)."""
    from graph.store.parse import load_file

    store = ox.Store()
    for path in paths:
        if path in overrides:
            with rdf_errors(str(path)):
                store.load(
                    overrides[path].removeprefix(_BOM), format=RDF_EXTENSIONS[path.suffix], base_iri=path.as_uri()
                )
        else:
            load_file(store, str(path))
    if any(is_view(name) for name in store.named_graphs()):
        raise KGError("a file writes into a view graph")
    add_views(store)
    return store


def _scan(named: list[tuple[str, Path]], overrides: dict[Path, bytes]) -> Iterator[Problem]:
    """Each file's first problem: a syntax error, a read error or a view graph it writes
    into. The files are parsed one by one and their statements let go at once."""
    for name, path in named:
        try:
            data = _read(path, overrides)
            with rdf_errors(name):
                for quad in ox.parse(
                    data.removeprefix(_BOM), format=RDF_EXTENSIONS[path.suffix], base_iri=path.as_uri()
                ):
                    if is_view(quad.graph_name):
                        yield Problem(name, None, view_graph_problem(quad.graph_name))  # type: ignore[arg-type]
                        break
        except KGError as exc:
            yield _from_error(exc)
        except OSError as exc:
            yield Problem(name, None, f"cannot read: {exc.strerror or exc}")


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
    store: ox.Store, loc: GraphLocation, overrides: dict[Path, bytes], index: SubjectIndex
) -> list[Problem]:
    """Every source's text file exists with its recorded hash, and every sentence's offsets
    and exact quote match that text (read from the default graph, as the files wrote it)."""
    problems: list[Problem] = []
    docs = store.query(
        f"""SELECT ?doc ?file ?sha WHERE {{ ?doc a <{KGO}SourceDocument> ; <{KGO}fileName> ?file .
            OPTIONAL {{ ?doc <{SCHEMA}sha256> ?sha }} }}"""
    )
    texts: dict[str, str] = {}
    for row in docs:
        doc = row["doc"].value

        def where(doc: str = doc) -> tuple[str, int | None]:  # looked up only for a problem
            return index.find(doc) or (str(loc.sources_dir), None)

        try:  # a path in the data never leads outside the graph folder, nor to a device
            path = inside(loc.sources_dir, row["file"].value).resolve()
        except KGError as exc:
            problems.append(Problem(*where(), f"source text: {exc}"))
            continue
        try:
            if path not in overrides and path.exists() and not path.is_file():
                raise OSError("not a regular file")
            raw = overrides[path] if path in overrides else path.read_bytes()
        except OSError:
            problems.append(Problem(*where(), f"source text {row['file'].value} not found beside it"))
            continue
        if row["sha"] is not None and hashlib.sha256(raw).hexdigest() != row["sha"].value:
            problems.append(
                Problem(
                    *where(), f"source text {row['file'].value} has changed since it was registered (sha256 differs)"
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


#: Below this many bytes of data files (about 250,000 statements) a SHACL engine runs beside
#: the checks, on the other core; above, after them, once the store is let go, so that the
#: engine's copy of the data and the store never take memory at the same time. (Shapes
#: compiled to SPARQL read the store itself and always run beside the checks.)
SIDE_BY_SIDE = 50_000_000


class ShapeCheck:
    """Validate the default view, and the view with speculation, against the SHACL shapes.

    Shapes that compile to SPARQL (`graph.shacl_sparql`) are checked by queries on the store
    itself, no copy made. Other shapes go to a SHACL engine: `write` writes, for each view, the
    statements its validation reads to `folder` (the only step that needs the store), and
    `run` runs the engine on them. The view with speculation differs from the default view
    only by the speculation graph, so its pass checks only the nodes that graph can touch
    (`graph.shacl.affected`; for an engine, with the statements they can read,
    `graph.shacl.neighbourhood`): with the first pass, the problems of both whole views, each once.

    `changed` (statements added to the views or taken from them) limits both passes to the
    nodes those can touch: for a caller that knows what a change is, as adding a season. The
    store must then hold the views after the change. `engine`: None or "sparql" (the shapes as
    SPARQL where they compile, else an engine), or "pyshacl-turbo" or "pyshacl", which ask for
    that engine even where the shapes compile (tests compare them). `stop`, once set, skips
    the queries (or engine passes) not yet begun. `where` names the shapes' files, for an
    engine that refuses them.
    """

    def __init__(
        self,
        store: ox.Store,
        shape_triples: list[ox.Triple],
        index: SubjectIndex,
        folder: Path,
        *,
        changed: list[ox.Triple] | None = None,
        engine: str | None = None,
        where: str = "ontology/shapes.ttl",
    ) -> None:
        from graph.shacl import Shapes
        from graph.shacl_sparql import compile_shapes

        self.store, self.index, self.folder = store, index, folder
        self.shape_triples, self.changed, self.engine, self.where = shape_triples, changed, engine, where
        self.shapes = Shapes(shape_triples)
        self.compiled = compile_shapes(self.shapes) if engine in (None, "sparql") else None
        self.texts: list[tuple[Path, set[str] | None]] = []  # each engine pass's file, and the nodes it checks
        self.passes: list[tuple[list[ox.DefaultGraph | ox.NamedNode], set[Node] | None]] = []  # compiled: focus
        self.stop = threading.Event()  # set: the queries not yet run are skipped (no one reads them)

    @property
    def copies(self) -> bool:
        """Whether the check needs a copy of the data (a SHACL engine's), as opposed to the store."""
        return self.compiled is None

    def write(self) -> None:
        """Plan the passes; for an engine, write what each reads (then the store is let go)."""
        from graph.shacl import affected, reach, readable_predicates, write_view

        readable, how = readable_predicates(self.shapes), reach(self.shapes)
        speculation = ox.NamedNode(SPECULATION_GRAPH)
        guessed = [
            q.triple
            for q in self.store.quads_for_pattern(None, None, None, speculation)
            if readable is None or q.predicate.value in readable
        ]
        passes: list[tuple[list[ox.DefaultGraph | ox.NamedNode], list[ox.Triple] | None]] = [
            ([ox.DefaultGraph()], self.changed)
        ]
        if guessed:  # with a change: what it touches there (the rest was so before it)
            passes.append(([ox.DefaultGraph(), speculation], guessed if self.changed is None else self.changed))
        if self.compiled is not None:
            for graphs, changed in passes:
                scoped = changed is not None and how is not None
                self.passes.append((graphs, affected(self.store, graphs, changed, how) if scoped else None))  # type: ignore[arg-type]
            return
        for n, (graphs, changed) in enumerate(passes):
            path, keep = self.folder / f"view-{n}.nt", None
            with path.open("wb") as output:
                if changed is not None and how is not None:
                    keep = self._write_scoped(graphs, changed, how, readable, output)
                elif changed is not None and self.changed is None:  # no bound on what a path reads
                    write_view(self.store, [(ox.DefaultGraph(), _BOOKKEEPING), (speculation, ())], readable, output)
                else:
                    write_view(self.store, [(g, ()) for g in graphs], readable, output)
            self.texts.append((path, keep))
        del self.store

    def _write_scoped(
        self,
        graphs: list[ox.DefaultGraph | ox.NamedNode],
        changed: list[ox.Triple],
        how: Reach,
        readable: frozenset[str] | None,
        output: BinaryIO,
    ) -> set[str]:
        from graph.shacl import affected, neighbourhood, term_text, write_nodes

        focus = affected(self.store, graphs, changed, how)
        write_nodes(self.store, graphs, neighbourhood(self.store, graphs, focus, how), how, readable, output)
        return {term_text(node) for node in focus}

    def _results(self) -> Iterator[ShapeResult]:
        """Every pass's results (an engine's: those about the nodes the pass checks)."""
        from graph.shacl import check, shapes_graph
        from graph.shacl_sparql import check_store

        if self.compiled is not None:
            try:
                for graphs, focus in self.passes:
                    for constraint in self.compiled:
                        if self.stop.is_set():
                            return
                        yield from check_store(self.store, graphs, [constraint], focus)
            finally:
                self.store = None  # type: ignore[assignment]  # the caller may let the store go now
            return
        engine_shapes = shapes_graph(self.shape_triples)
        for text, keep in self.texts:
            if self.stop.is_set():
                return
            for result in check(text, engine_shapes, engine=self.engine):
                if keep is None or result.focus in keep:  # else a node at the edge of what was written
                    yield result

    def run(self) -> list[Problem]:
        """The problems the passes find, sorted, each once."""
        problems: dict[str, Problem] = {}
        try:
            results = list(self._results())
        except KGError as exc:  # an engine refused the shapes
            return [Problem(self.where, None, str(exc))]
        for result in results:
            focus_text = shorten(result.focus) if result.focus_is_iri else result.focus
            path_text = shorten(result.path) if result.path_is_iri else ("(path)" if result.path else "")
            file, line = self.index.find(result.focus) or ("ontology/shapes.ttl", None)
            message = f"{focus_text} {path_text}: {result.message}".replace("  ", " ")
            problems.setdefault(f"{file}{line}{message}", Problem(file, line, message))
        return sorted(problems.values(), key=lambda p: (p.file, p.line or 0, p.message))

    def write_and_run(self) -> list[Problem]:
        self.write()
        return self.run()


_BOOKKEEPING = (CLAIM, SOURCE)


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


#: rows of one check held while an earlier check is still being read; a check that finds
#: more is run again when its turn comes, its rows then read as the engine produces them
HELD_ROWS = 1_000


def run_checks(store: ox.Store, loc: GraphLocation, index: SubjectIndex) -> Iterator[Problem]:
    """Run every `queries/checks/*.rq` once on the default view; each row is a problem, in
    the checks' order. The engine lets go of Python while it evaluates, so the checks run
    two at a time (on a 2-core machine, a million statements: 15 s -> 8.5 s); a check's
    rows are held only up to HELD_ROWS, so memory stays bounded however broken the graph."""
    from graph.sparql.catalog import list_queries

    checks = [(check, _display(check.path, loc.root)) for check in list_queries(loc.queries_dir / "checks")]

    def held(check: NamedQuery, name: str) -> list[Problem] | None:
        rows = list(itertools.islice(_check_rows(store, check, check.text, name, index), HELD_ROWS + 1))
        return rows if len(rows) <= HELD_ROWS else None

    pool = ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1), thread_name_prefix="kg-check")
    try:
        futures = [pool.submit(held, check, name) for check, name in checks]
        for (check, name), future in zip(checks, futures, strict=True):
            rows = future.result()
            yield from _check_rows(store, check, check.text, name, index) if rows is None else rows
    finally:  # a caller that stops reading (kg validate --max-problems) waits for no later check
        pool.shutdown(wait=True, cancel_futures=True)


def _check_rows(
    store: ox.Store, check: NamedQuery, text: str, name: str, index: SubjectIndex, *, scoped: bool = False
) -> Iterator[Problem]:
    """The problems one check finds in `store`: its text as the file has it, or `scoped` (a
    variant that binds a variable the query itself binds cannot run: it is skipped, as the
    check file's own faults are `kg validate`'s to report)."""
    from graph.sparql.guard import check_read_only

    try:
        check_read_only(text, name)
        solutions = store.query(text, prefixes=_prefixes())
    except KGError as exc:
        if not scoped:
            yield _from_error(exc)
        return
    except (SyntaxError, ValueError, OSError) as exc:
        if not scoped:
            yield Problem(name, None, f"cannot run: {exc}")
        return
    if not isinstance(solutions, ox.QuerySolutions):
        yield Problem(name, None, "a check must be a SELECT query returning the offending rows")
        return
    variables = [v.value for v in solutions.variables]
    for row in solutions:
        values = [row[v] for v in variables if row[v] is not None]
        iris = [v.value for v in values if isinstance(v, ox.NamedNode)]
        where = next((found for i in iris if (found := index.find(i))), None) or (name, None)
        shown = ", ".join(shorten(v.value) if isinstance(v, ox.NamedNode) else repr(v.value) for v in values)
        yield Problem(where[0], where[1], f"{check.summary or check.name} [{check.name}]: {shown}")


# --- What one new file changes, checked against the whole graph (`kg season add`) ------------


#: what sources' own files say of a document or a sentence: a data file that says it too is
#: checked against the source texts (citing a sentence, as every claim does, is not)
_SOURCE_CLASSES = {KGO + "SourceDocument", KGO + "Sentence", KGO + "Heading"}
_SOURCE_PROPERTIES = {KGO + "fileName", SCHEMA + "sha256"}


def _about_sources(q: ox.Quad) -> bool:
    """Whether a statement can change what `check_sources` reads (a document's file and hash,
    a sentence's kind, source and selectors)."""
    predicate = q.predicate.value
    if predicate == RDF + "type":
        return q.object.value in _SOURCE_CLASSES
    return predicate.startswith(OA) or predicate in _SOURCE_PROPERTIES


_SUPERSEDED = ox.NamedNode(SUPERSEDED_BY)


def check_change(
    loc: GraphLocation, store: ox.Store, path: Path, data: bytes, claims: list[str], *, replaced: bool = False
) -> list[Problem]:
    """The problems a new data file (a season file `kg season add` is about to write) brings
    into the graph in `store`, which holds the graph's other data files, without views.

    The file is loaded into the store and the views are made. Then only what the file can
    change is checked, against the whole graph: the SHACL shapes on the nodes its statements,
    and those of the claims it supersedes, can touch (`ShapeCheck` with `changed`); each check
    of queries/checks/ on the rows that name one of its claims, the claims it supersedes, or
    a node or term it mentions. The graph's other problems, if any, are `kg validate`'s to
    report. A test holds this to the problems a whole `kg validate` finds for the same change.
    `replaced`: the file at `path` is being replaced (the store was loaded without it).
    """
    from graph.sparql.catalog import list_queries, parse_decorators
    from graph.store.load import discover

    name = _display(path, loc.root)
    fmt = RDF_EXTENSIONS[path.suffix]
    try:
        quads = parse_bytes(data, fmt, name, base_iri=path.as_uri())
    except KGError as exc:
        return [_from_error(exc)]
    view = next((q.graph_name for q in quads if is_view(q.graph_name)), None)
    if view is not None:
        return [Problem(name, None, view_graph_problem(view))]  # type: ignore[arg-type]
    files = discover(loc)
    paths = [Path(p).resolve() for p in files.data()]
    paths += [] if path in paths else [path]  # the order `kg validate` finds the files in
    index = SubjectIndex([(_display(p, loc.root), p) for p in [*paths, *map(Path, files.shapes)]], {path: data})
    store.load(data.removeprefix(_BOM), format=fmt, base_iri=path.as_uri())
    add_views(store)
    problems: dict[str, Problem] = {}
    if any(_about_sources(q) for q in quads):
        for problem in check_sources(store, loc, {}, index):  # the file says something about sources
            problems.setdefault(str(problem), problem)
    # what the change can touch: the new file's nodes and terms, and what a replaced file said
    new = set(claims)
    gone = _replaced(path, replaced)
    changed = [q.triple for q in quads] + [q.triple for q in gone]
    # claims that leave the default view or come back to it: those the file supersedes, and
    # those superseded by a claim the file adds or (replacing a file) takes away
    touched = {
        t.value
        for q in [*quads, *gone]
        for t in (q.subject, q.graph_name)
        if isinstance(t, ox.NamedNode) and t.value.startswith(CLAIM)
    }
    superseded = {
        q.subject.value for q in [*quads, *gone] if q.predicate.value == SUPERSEDED_BY and q.subject.value not in new
    }
    for claim in sorted(touched):
        superseded |= {q.subject.value for q in store.quads_for_pattern(None, _SUPERSEDED, ox.NamedNode(claim), None)}
    for claim in sorted(superseded - new):
        changed += (q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(claim)))
    focus = {t.value for q in changed for t in (q.subject, q.predicate, q.object) if isinstance(t, ox.NamedNode)}
    focus |= {q.graph_name.value for q in [*quads, *gone] if isinstance(q.graph_name, ox.NamedNode)}
    focus |= _claims_about(store, {t.subject.value for t in changed if isinstance(t.subject, ox.NamedNode)})
    for check in list_queries(loc.queries_dir / "checks"):
        check_name = _display(check.path, loc.root)
        variables = str(parse_decorators(check.text).get("focus") or "").split()
        texts = list(_scoped(check.text, focus, variables)) if variables else [check.text]
        for text in texts:  # a check that names no focus runs whole
            for problem in _check_rows(store, check, text, check_name, index, scoped=bool(variables)):
                problems.setdefault(str(problem), problem)
    shape_triples: list[ox.Triple] = []
    for shapes in files.shapes:
        shape_triples += (q.triple for q in parse_file(shapes))  # as kg validate reads them
    with tempfile.TemporaryDirectory(prefix="kg-shacl-") as folder:
        shape_names = ", ".join(_display(Path(p), loc.root) for p in files.shapes)
        shape_check = ShapeCheck(store, shape_triples, index, Path(folder), changed=changed, where=shape_names)
        for problem in shape_check.write_and_run():
            problems.setdefault(str(problem), problem)
    return list(problems.values())


def _claims_about(store: ox.Store, subjects: set[str]) -> set[str]:
    """The claims whose graphs mention one of `subjects` (nodes the change says something
    of), or which cite one: a claim's checks read what its nodes are called and what they
    are, and what its sentences say, so an unchanged claim about a renamed node is part of
    what a change can touch."""
    nodes = " ".join(str(ox.NamedNode(iri)) for iri in sorted(subjects) if not iri.startswith(CLAIM))
    if not nodes:
        return set()
    query = f"""SELECT DISTINCT ?g WHERE {{
      VALUES ?e {{ {nodes} }}
      {{ GRAPH ?g {{ ?e ?p ?o }} }} UNION {{ GRAPH ?g {{ ?s ?p ?e }} }} UNION {{ ?g ?p ?e }}
      FILTER(STRSTARTS(STR(?g), "{CLAIM}"))
    }}"""
    return {row["g"].value for row in store.query(query)}  # type: ignore[union-attr]


def _replaced(path: Path, replaced: bool) -> list[ox.Quad]:
    """What the file being replaced said (leaving the graph, it can leave a problem behind):
    nothing if there is none, or if it does not parse (the graph was broken before)."""
    if not replaced or not path.is_file():
        return []
    try:
        return parse_bytes(path.read_bytes(), RDF_EXTENSIONS[path.suffix], str(path))
    except (KGError, OSError):
        return []


#: a line of a check that opens a group and asks for it to be limited too: `{  # focus: ?claim`
_FOCUS_MARK = re.compile(r"\{\s*#\s*focus:\s*[?$](\w+)\s*$")


def _scoped(text: str, focus: set[str], variables: list[str]) -> Iterator[str]:
    """The check, once for each of its `#+ focus:` variables (what a row is about), with a
    `VALUES` block binding it to the IRIs in `focus` at the top of its WHERE group: each run
    finds only the rows about one of them, as the engine joins from the block. A group the
    engine evaluates on its own (a MINUS, a subquery) gets the block too where its opening
    line ends with `# focus: ?VAR`, so that it is not evaluated over the whole graph."""
    from graph.store.endpoint import where_braces

    braces = where_braces(text)
    if not braces or not focus:
        return
    top = min(braces, key=lambda b: (b.line, b.column))
    block = " ".join(str(ox.NamedNode(iri)) for iri in sorted(focus))
    lines = text.split("\n")
    for variable in dict.fromkeys(v.lstrip("?$") for v in variables):
        values = f" VALUES ?{variable} {{ {block} }} "
        scoped = list(lines)
        row = lines[top.line - 1]
        scoped[top.line - 1] = row[: top.column + 1] + values + row[top.column + 1 :]
        for n, line in enumerate(lines):
            mark = _FOCUS_MARK.search(line)
            if mark and mark.group(1) == variable and n != top.line - 1:
                scoped[n] = line[: mark.start() + 1] + values
        yield "\n".join(scoped)


def _prefixes() -> dict[str, str]:
    """The prefixes every query knows without declaring them (graph.namespaces.PREFIXES)."""
    from graph.namespaces import PREFIXES

    return dict(PREFIXES)
