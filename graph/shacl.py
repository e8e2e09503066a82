"""SHACL validation of a store's views by an engine, for shapes `graph.shacl_sparql` does not
compile to SPARQL: pyshacl-turbo (a Rust engine with pySHACL's API), or pySHACL where turbo has
no wheel for the platform; the shapes graph as an index (`Shapes`); what a change can touch.

A SHACL engine holds its own copy of the data it checks; the store cannot lend it one. So the
copy is made as small and as cheap as it can be: pyoxigraph writes the view's statements as
N-Triples, straight to a file, keeping only those whose predicate the shapes can read
(`readable_predicates`); the engine then parses that text natively. Nothing goes through
rdflib unless pySHACL is the engine.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox

from graph.errors import KGError

if TYPE_CHECKING:
    import rdflib

SH = "http://www.w3.org/ns/shacl#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_FIRST, _REST, _NIL = _RDF + "first", _RDF + "rest", _RDF + "nil"

#: The SHACL Core terms whose results depend only on statements whose predicate the shapes
#: name (a path, a target, a property pair), on `rdf:type` and on `rdfs:subClassOf`. Any
#: other `sh:` term (`sh:closed` reads every predicate of a node, `sh:sparql` anything)
#: turns the filter off.
CORE = frozenset(
    SH + name
    for name in [
        "targetClass",
        "targetNode",
        "targetSubjectsOf",
        "targetObjectsOf",
        "property",
        "path",
        "inversePath",
        "alternativePath",
        "zeroOrMorePath",
        "oneOrMorePath",
        "zeroOrOnePath",
        "class",
        "datatype",
        "nodeKind",
        "minCount",
        "maxCount",
        "minExclusive",
        "minInclusive",
        "maxExclusive",
        "maxInclusive",
        "minLength",
        "maxLength",
        "pattern",
        "flags",
        "languageIn",
        "uniqueLang",
        "equals",
        "disjoint",
        "lessThan",
        "lessThanOrEquals",
        "not",
        "and",
        "or",
        "xone",
        "node",
        "qualifiedValueShape",
        "qualifiedMinCount",
        "qualifiedMaxCount",
        "qualifiedValueShapesDisjoint",
        "hasValue",
        "in",
        "message",
        "severity",
        "deactivated",
        "name",
        "description",
        "order",
        "group",
        "defaultValue",
    ]
)


class ShapeResult:
    """One validation result: focus node, path, constraint component and message, as text
    (an IRI, a blank node's label, a literal's lexical form; "" where the report has none)."""

    __slots__ = ("component", "focus", "focus_is_iri", "message", "path", "path_is_iri")

    def __init__(
        self, focus: str, focus_is_iri: bool, path: str, path_is_iri: bool, component: str, message: str
    ) -> None:
        self.focus, self.focus_is_iri, self.path, self.path_is_iri = focus, focus_is_iri, path, path_is_iri
        self.component, self.message = component, message

    def key(self) -> tuple[str, str, str, str]:
        """What two engines must agree on (blank paths compare as "(path)")."""
        return (
            self.focus,
            self.path if self.path_is_iri else ("(path)" if self.path else ""),
            self.component,
            self.message,
        )

    def __repr__(self) -> str:
        return f"ShapeResult{self.key()!r}"


class Shapes:
    """The shapes graph as an index of its statements (a few hundred): what the compilation to
    SPARQL, the predicate filter and `reach` read, without importing rdflib."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.triples = list(triples)
        self._objects: dict[tuple[object, str], list[ox.NamedNode | ox.BlankNode | ox.Literal]] = {}
        for t in self.triples:
            self._objects.setdefault((t.subject, t.predicate.value), []).append(t.object)  # type: ignore[arg-type]

    def objects(self, subject: object, predicate: str) -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
        """The objects of `subject`'s statements with `predicate`, in the file's order."""
        return self._objects.get((subject, predicate), [])

    def value(self, subject: object, predicate: str) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
        """The one object of `subject` and `predicate`, or None."""
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def members(self, node: object) -> list[ox.NamedNode | ox.BlankNode | ox.Literal] | None:
        """The members of the RDF list `node`, or None when it is not a well-formed list."""
        found: list[ox.NamedNode | ox.BlankNode | ox.Literal] = []
        seen: set[object] = set()
        while not (isinstance(node, ox.NamedNode) and node.value == _NIL):
            first, rest = self.objects(node, _FIRST), self.objects(node, _REST)
            if node in seen or len(first) != 1 or len(rest) != 1:
                return None
            seen.add(node)
            found.append(first[0])
            node = rest[0]
        return found

    def predicates(self) -> set[str]:
        """Every predicate of the shapes graph."""
        return {t.predicate.value for t in self.triples}

    def subjects(self) -> list[ox.NamedNode | ox.BlankNode]:
        """Every subject, once, in the file's order."""
        return list(dict.fromkeys(t.subject for t in self.triples))  # type: ignore[arg-type]


def engine_name() -> str:
    """The engine `check` uses here: pyshacl-turbo when it is installed, else pySHACL."""
    from importlib.metadata import version

    try:
        import pyshacl_turbo  # noqa: F401
    except ImportError:
        return f"pySHACL {version('pyshacl')}"
    return f"pyshacl-turbo {version('pyshacl-turbo')}"


def shapes_graph(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    """The shapes as the rdflib Graph both engines take (a few hundred statements)."""
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
                if term.language:
                    found = rdflib.Literal(term.value, lang=term.language)
                elif term.datatype.value == _XSD_STRING:  # rdflib tells "a" from "a"^^xsd:string
                    found = rdflib.Literal(term.value)
                else:
                    found = rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
            else:
                raise TypeError(f"unexpected term {term!r}")
            nodes[term] = found
        return found

    for triple in triples:
        graph.add((node(triple.subject), node(triple.predicate), node(triple.object)))
    return graph


def readable_predicates(shapes: Shapes) -> frozenset[str] | None:
    """The predicates of data statements the shapes can read, or None when that is not known
    (the shapes use a term outside `CORE`). Every IRI of the shapes graph is taken as a
    possible predicate (a superset of the paths' steps, property pairs and targets), with
    `rdf:type` and `rdfs:subClassOf`, which targets and `sh:class` read."""
    if {p for p in shapes.predicates() if p.startswith(SH)} - CORE:
        return None
    iris = {term.value for t in shapes.triples for term in t if isinstance(term, ox.NamedNode)}
    return frozenset(iris | {_RDF_TYPE, _SUBCLASS})


View = Sequence[tuple[ox.DefaultGraph | ox.NamedNode, tuple[str, ...]]]


def write_view(store: ox.Store, view: View, predicates: frozenset[str] | None, output: BinaryIO) -> None:
    """Write the statements of `view` (graphs, each with the subject IRI prefixes to leave
    out) whose predicate is in `predicates` (all when None) as N-Triples to `output`.

    pyoxigraph reads and serializes them; Python only passes each statement on."""

    def triples() -> Iterator[ox.Triple]:
        patterns = [None] if predicates is None else [ox.NamedNode(p) for p in sorted(predicates)]
        for graph, skip in view:
            for predicate in patterns:
                for quad in store.quads_for_pattern(None, predicate, None, graph):
                    if skip and isinstance(quad.subject, ox.NamedNode) and quad.subject.value.startswith(skip):
                        continue
                    yield quad.triple

    ox.serialize(triples(), output, format=ox.RdfFormat.N_TRIPLES)


_BYTE_ESCAPE = re.compile(rb"(\\+)x([0-9a-f]{2})")


def _ascii_chunk(data: bytes) -> str:
    """N-Triples text (UTF-8, whole lines) with every non-ASCII character written as a
    `\\u` or `\\U` escape, which N-Triples allows in IRIs and literals alike: the engines take a
    Python string, and an ASCII one takes one byte a character (a single accented letter
    would make it two or four)."""
    if data.isascii():
        return data.decode("ascii")
    escaped = data.decode("utf-8").encode("ascii", "backslashreplace")

    # backslashreplace writes U+0080..U+00FF as \xNN, which N-Triples does not have. The
    # serializer never writes `\x` itself, so an odd run of backslashes before an x is ours.
    def fix(match: re.Match[bytes]) -> bytes:
        slashes, code = match.group(1), match.group(2)
        if len(slashes) % 2 == 0:
            return match.group(0)
        return slashes[:-1] + b"\\u00" + code

    return _BYTE_ESCAPE.sub(fix, escaped).decode("ascii")


def read_ascii(path: str | os.PathLike[str], chunk: int = 1 << 20) -> str:
    """An N-Triples file as one ASCII string (`_ascii_chunk`), converted a MB at a time so
    that beside the string only a MB more is held (never a full-size UTF-8 or wide copy)."""
    parts: list[str] = []
    with open(path, "rb") as handle:
        while data := handle.read(chunk):
            data += handle.readline()  # whole lines: an escape is never cut in two
            parts.append(_ascii_chunk(data))
    text = "".join(parts)
    del parts
    return text


def check(
    path: str | os.PathLike[str],
    shapes: rdflib.Graph,
    *,
    engine: str | None = None,
) -> list[ShapeResult]:
    """Validate the N-Triples file `path` against `shapes`; return the report's results (none
    when it conforms: warnings alone do not report). `engine` "pyshacl" forces the reference
    engine (the default is `engine_name()`'s)."""
    text = read_ascii(path)
    use_turbo = engine != "pyshacl"
    if use_turbo:
        try:
            import pyshacl_turbo
            from pyshacl_turbo.rdf import Input
        except ImportError:
            use_turbo = False
    options: dict[str, object] = {"shacl_graph": shapes, "inference": "none", "allow_warnings": True}
    try:  # the engines' errors have no common class; an ill-formed shape is one ("sh:maxCount -1")
        if use_turbo:
            data: object = Input(text, "nt", None, {}, preserve_ids=True)
            del text
            conforms, report, _ = pyshacl_turbo.validate(data, **options)
        else:
            import pyshacl
            import rdflib

            data = rdflib.Graph()
            data.parse(data=text, format="nt")  # type: ignore[attr-defined]
            del text
            conforms, report, _ = pyshacl.validate(data, **options)
    except Exception as exc:
        cause = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise KGError(f"the SHACL engine refuses the shapes: {cause}") from exc
    del data
    return [] if conforms else results(report)


def results(report: rdflib.Graph) -> list[ShapeResult]:
    """The results of a SHACL validation report graph (the report's own, not their details)."""
    import rdflib

    sh = rdflib.Namespace(SH)
    found = []
    for result in report.objects(None, sh.result):  # not the sh:detail of a nested shape's results
        focus = report.value(result, sh.focusNode)
        path = report.value(result, sh.resultPath)
        component = report.value(result, sh.sourceConstraintComponent)
        message = report.value(result, sh.resultMessage)
        found.append(
            ShapeResult(
                str(focus),
                isinstance(focus, rdflib.URIRef),
                "" if path is None else str(path),
                isinstance(path, rdflib.URIRef),
                "" if component is None else str(component),
                "" if message is None else str(message),
            )
        )
    return found


# --- Checking only what a change can touch --------------------------------------------------


class Reach:
    """How far from a focus node the shapes read: the predicates a path follows from subject to
    object (`forward`) and from object to subject (`backward`: inverse paths and
    `sh:targetObjectsOf`), and the longest chain of steps, nested shapes included (`depth`)."""

    __slots__ = ("backward", "depth", "forward")

    def __init__(self, forward: frozenset[str], backward: frozenset[str], depth: int) -> None:
        self.forward, self.backward, self.depth = forward, backward, depth


def reach(shapes: Shapes) -> Reach | None:
    """The shapes' `Reach`, or None when it has no bound (`*` and `+` paths, recursive shapes)
    or is not known (a term outside SHACL Core: see `readable_predicates`)."""
    if readable_predicates(shapes) is None:
        return None
    forward: set[str] = set()
    backward: set[str] = set()

    def length(path: object, inverse: bool) -> int | None:
        if isinstance(path, ox.NamedNode):
            (backward if inverse else forward).add(path.value)
            return 1
        if shapes.objects(path, _FIRST):  # a sequence
            steps = [length(step, inverse) for step in shapes.members(path) or []]
            return None if None in steps else sum(steps)  # type: ignore[arg-type]
        for inner in shapes.objects(path, SH + "inversePath"):
            return length(inner, not inverse)
        for inner in shapes.objects(path, SH + "alternativePath"):
            steps = [length(step, inverse) for step in shapes.members(inner) or []]
            return None if None in steps else max(steps, default=0)  # type: ignore[type-var]
        for inner in shapes.objects(path, SH + "zeroOrOnePath"):
            return length(inner, inverse)
        return None  # zeroOrMorePath, oneOrMorePath: no bound

    nested_terms = [SH + t for t in ("node", "qualifiedValueShape", "not", "property")]
    list_terms = [SH + t for t in ("and", "or", "xone")]

    def depth(shape: object, seen: frozenset) -> int | None:
        if shape in seen:
            return None
        seen = seen | {shape}
        inner: list[int | None] = [0]
        for term in nested_terms:
            inner += [depth(m, seen) for m in shapes.objects(shape, term)]
        for term in list_terms:
            for group in shapes.objects(shape, term):
                inner += [depth(m, seen) for m in shapes.members(group) or []]
        if None in inner:
            return None
        here = max(inner)  # type: ignore[type-var]
        for pair in ("equals", "disjoint", "lessThan", "lessThanOrEquals"):
            for other in shapes.objects(shape, SH + pair):
                forward.add(other.value)
                here = max(here, 1)
        paths = shapes.objects(shape, SH + "path")
        if not paths:
            return here
        steps = length(paths[0], False)
        return None if steps is None else steps + here

    for t in shapes.triples:
        if t.predicate.value == SH + "targetObjectsOf":
            backward.add(t.object.value)
        elif t.predicate.value == SH + "targetSubjectsOf":
            forward.add(t.object.value)
    deepest = 0
    for shape in shapes.subjects():
        if any(t.predicate.value.startswith(SH) for t in shapes.triples if t.subject == shape):
            found = depth(shape, frozenset())
            if found is None:
                return None
            deepest = max(deepest, found)
    return Reach(frozenset(forward), frozenset(backward), deepest)


Node = ox.NamedNode | ox.BlankNode | ox.Literal  # a literal can be a focus node (a target of objects)
Graphs = Sequence[ox.DefaultGraph | ox.NamedNode]


def affected(store: ox.Store, graphs: Graphs, changed: Iterable[ox.Triple], how: Reach) -> set[Node]:
    """The nodes whose validation can read one of the `changed` statements (added to or taken
    from the merge of `graphs`): their terms, and every node that reaches one of them along
    the shapes' paths in at most `how.depth` steps."""
    start: set[Node] = set()
    for t in changed:
        if isinstance(t.subject, (ox.NamedNode, ox.BlankNode)):
            start.add(t.subject)  # read by whoever reads the subject's statements
        # the object only where the shapes read statements backwards (an inverse path, a
        # target of objects): a value compared by sh:in, sh:hasValue or sh:class reads none of
        # the statements that point at it (`kgo:status kgo:Stated` changes nothing of other claims)
        # (a literal too: it is a focus node of a target of objects)
        if t.predicate.value in how.backward:
            start.add(t.object)  # type: ignore[arg-type]
    return _walk(store, graphs, start, how.depth, towards=how.forward, away=how.backward)


def neighbourhood(store: ox.Store, graphs: Graphs, focus: set[Node], how: Reach) -> set[Node]:
    """The nodes the validation of `focus` can read statements of (paths followed forwards)."""
    return _walk(store, graphs, focus, how.depth, towards=how.backward, away=how.forward)


def _walk(
    store: ox.Store, graphs: Graphs, start: set[Node], steps: int, *, towards: frozenset[str], away: frozenset[str]
) -> set[Node]:
    """`start` and the nodes `steps` links away: from an object to the subjects of `towards`
    statements, from a subject to the objects of `away` statements."""
    seen, frontier = set(start), set(start)
    for _ in range(steps):
        reached: set[Node] = set()
        for node in frontier:
            for graph in graphs:
                for q in store.quads_for_pattern(None, None, node, graph):
                    if q.predicate.value in towards:
                        reached.add(q.subject)  # type: ignore[arg-type]
                if isinstance(node, ox.Literal):
                    continue  # the subject of nothing
                for q in store.quads_for_pattern(node, None, None, graph):
                    if q.predicate.value in away:
                        reached.add(q.object)  # type: ignore[arg-type]  (a literal: a focus of an inverse step)
        frontier = reached - seen
        seen |= frontier
        if not frontier:
            break
    return seen


def write_nodes(
    store: ox.Store, graphs: Graphs, nodes: set[Node], how: Reach, predicates: frozenset[str] | None, output: BinaryIO
) -> None:
    """Write what the validation of nodes inside `nodes` can read, as N-Triples: their
    statements (those whose predicate the shapes can read), the statements that reach them
    backwards, and the class tree."""

    def triples() -> Iterator[ox.Triple]:
        for graph in graphs:
            for node in nodes:
                subject = () if isinstance(node, ox.Literal) else store.quads_for_pattern(node, None, None, graph)
                for q in subject:
                    if predicates is None or q.predicate.value in predicates:
                        yield q.triple
                for q in store.quads_for_pattern(None, None, node, graph):
                    if q.predicate.value in how.backward:
                        yield q.triple
            yield from (q.triple for q in store.quads_for_pattern(None, ox.NamedNode(_SUBCLASS), None, graph))

    ox.serialize(triples(), output, format=ox.RdfFormat.N_TRIPLES)


def term_text(node: Node) -> str:
    """A node as `ShapeResult.focus` gives it (an IRI, a blank node's label, a literal's text)."""
    return node.value
