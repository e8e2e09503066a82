"""SHACL shapes as SPARQL queries, run on the store kg already built: no copy of the data.

A SHACL engine needs its own copy of the data graph, and at 100k statements that copy weighs
more than the store itself (issue 22: validation within 1.5x the memory of `oxigraph load`).
So the shapes are compiled into SELECT queries, one per shape and constraint, whose rows are the
focus nodes that break it, and pyoxigraph answers them on the store. Only a subset of SHACL Core
is compiled: what kg's shapes use and what stays plain in SPARQL (the `_VALUE_TESTS`, counts,
property pairs, the logical constraints, every path kind), with a `sh:message` on each shape
that can report. For any other shapes `compile_shapes` gives None and the caller uses a SHACL
engine (`graph.shacl.check`). A test holds the results to pySHACL's, the reference, result by
result: focus node, path, constraint component and message.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Iterator, Sequence

import pyoxigraph as ox

from graph.shacl import SH, ShapeResult, Shapes

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_CLASSES = frozenset(["http://www.w3.org/2000/01/rdf-schema#Class", "http://www.w3.org/2002/07/owl#Class"])

#: the datatypes whose lexical forms SPARQL can check, by casting a value to its own datatype
#: (an ill-formed literal, "nine"^^xsd:integer, does not cast); for another datatype only the
#: literal's datatype is compared, as pySHACL does for a datatype it does not know
_CASTABLE = frozenset(
    _XSD + t for t in ("string", "boolean", "integer", "decimal", "float", "double", "date", "dateTime", "time")
)

#: the terms a compiled shape may use; any other `sh:` term (sh:closed, sh:sparql,
#: sh:severity, sh:qualifiedValueShape, ...) leaves the shapes to a SHACL engine
_COMPILED = frozenset(
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
        "in",
        "hasValue",
        "equals",
        "disjoint",
        "lessThan",
        "lessThanOrEquals",
        "not",
        "and",
        "or",
        "xone",
        "node",
        "message",
        "name",
        "description",
        "order",
        "group",
        "defaultValue",
    ]
)

#: the largest sh:minCount and sh:maxCount compiled (each needs that many variables, pairwise
#: distinct); larger counts leave the shapes to a SHACL engine
_MAX_COUNT = 4

_NODE_KINDS = {
    "IRI": "!isIRI({v})",
    "BlankNode": "!isBlank({v})",
    "Literal": "!isLiteral({v})",
    "BlankNodeOrIRI": "isLiteral({v})",
    "BlankNodeOrLiteral": "isIRI({v})",
    "IRIOrLiteral": "isBlank({v})",
}


#: a path as a function from the variables (or terms) at its two ends to a graph pattern
Edge = Callable[[str, str], str]


class Unsupported(Exception):
    """The shapes use SHACL beyond what `compile_shapes` compiles."""


class Constraint:
    """One compiled constraint of a shape with targets: `query` selects the focus nodes that
    break it (`?focus`, distinct); the rest is what each of its results reports."""

    __slots__ = ("component", "message", "path", "path_is_iri", "query")

    def __init__(self, query: str, path: str, path_is_iri: bool, component: str, message: str) -> None:
        self.query, self.path, self.path_is_iri = query, path, path_is_iri
        self.component, self.message = component, message

    def results(
        self, store: ox.Store, graphs: Sequence[ox.DefaultGraph | ox.NamedNode], focus: str
    ) -> Iterator[ShapeResult]:
        """The results on the merge of `graphs` (`focus`: a VALUES block limiting the focus nodes, or "")."""
        text = self.query.replace("{FOCUS}", focus, 1)
        for row in store.query(text, default_graph=list(graphs)):  # type: ignore[union-attr]
            node = row[0]
            yield ShapeResult(
                node.value, isinstance(node, ox.NamedNode), self.path, self.path_is_iri, self.component, self.message
            )


def compile_shapes(shapes: Shapes) -> list[Constraint] | None:
    """Every constraint of the shapes with targets, as queries; None when the shapes use SHACL
    this module does not compile (see the module's docstring)."""
    if {p for p in shapes.predicates() if p.startswith(SH)} - _COMPILED:
        return None
    try:
        return list(_Compiler(shapes).constraints())
    except Unsupported:
        return None


def check_store(
    store: ox.Store,
    graphs: Sequence[ox.DefaultGraph | ox.NamedNode],
    constraints: list[Constraint],
    focus: Collection[ox.NamedNode | ox.BlankNode] | None = None,
) -> list[ShapeResult]:
    """The results of `constraints` on the merge of `graphs` in `store`, for the focus nodes in
    `focus` only (all when None). IRIs are bound in the queries; a blank node cannot be named
    in a query, so with one among them the queries run whole and their rows are sorted out here."""
    if focus is None:
        return [result for c in constraints for result in c.results(store, graphs, "")]
    if all(isinstance(node, ox.NamedNode) for node in focus):
        if not focus:
            return []
        block = "VALUES ?focus { " + " ".join(str(node) for node in focus) + " }"
        return [result for c in constraints for result in c.results(store, graphs, block)]
    wanted = {node.value for node in focus}
    return [result for c in constraints for result in c.results(store, graphs, "") if result.focus in wanted]


class _Compiler:
    """Compiles one shapes graph; fresh variable names come from one counter."""

    def __init__(self, shapes: Shapes) -> None:
        self.shapes = shapes
        self.names = itertools.count(1)

    def var(self) -> str:
        return f"?v{next(self.names)}"

    def one(self, shape: object, term: str) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
        found = self.shapes.objects(shape, SH + term)
        if len(found) > 1:
            raise Unsupported(f"{term} given twice")
        return found[0] if found else None

    def constraints(self) -> Iterator[Constraint]:
        for shape in self.shapes.subjects():
            if {t.value for t in self.shapes.objects(shape, _RDF_TYPE[1:-1])} & _CLASSES:
                raise Unsupported("a shape that is a class targets its instances")
            targets = self.targets(shape)
            if not targets:
                continue
            for owner, component, pattern in self.violations(shape, "?focus", top=True):
                message = self.shapes.objects(owner, SH + "message")
                if len(message) != 1:
                    raise Unsupported("a shape that can report has no sh:message, or several")
                path = self.one(owner, "path")
                path_text = "" if path is None else path.value if isinstance(path, ox.NamedNode) else self.path(path)
                query = f"SELECT DISTINCT ?focus WHERE {{ {{FOCUS}} {targets} {pattern} }}"
                yield Constraint(query, path_text, isinstance(path, ox.NamedNode), SH + component, message[0].value)

    def targets(self, shape: object) -> str:
        """A pattern binding ?focus to the shape's focus nodes (several targets: a UNION)."""
        parts = [f"{{ ?focus {_RDF_TYPE}/{_SUBCLASS}* {c} }}" for c in self.shapes.objects(shape, SH + "targetClass")]
        parts += [f"{{ VALUES ?focus {{ {n} }} }}" for n in self.shapes.objects(shape, SH + "targetNode")]
        parts += [f"{{ ?focus {p} [] }}" for p in self.shapes.objects(shape, SH + "targetSubjectsOf")]
        parts += [f"{{ [] {p} ?focus }}" for p in self.shapes.objects(shape, SH + "targetObjectsOf")]
        return " UNION ".join(parts)

    def path(self, path: object) -> str:
        """A SHACL path as a SPARQL property path."""
        if isinstance(path, ox.NamedNode):
            return str(path)
        if isinstance(path, ox.Literal):
            raise Unsupported("a literal path")
        steps = self.shapes.members(path) if self.shapes.objects(path, _FIRST) else None
        if steps is not None:
            return "(" + " / ".join(self.path(step) for step in steps) + ")"
        for term, form in (
            ("inversePath", "^({})"),
            ("zeroOrMorePath", "({})*"),
            ("oneOrMorePath", "({})+"),
            ("zeroOrOnePath", "({})?"),
        ):
            inner = self.one(path, term)
            if inner is not None:
                return form.format(self.path(inner))
        alternatives = self.one(path, "alternativePath")
        if alternatives is not None:
            return "(" + " | ".join(self.path(step) for step in self.list(alternatives)) + ")"
        raise Unsupported("a path of no known kind")

    def edge(self, path: object) -> Edge:
        """A function giving the pattern that links a subject to an object along `path`: a
        sequence of predicates (inverse or not) as one triple pattern a step, through fresh
        variables, which the engine joins from a bound end (as a property path inside NOT
        EXISTS, one was evaluated over the whole graph: 3 s at 100k statements); any other
        path as a property path."""
        steps: list[tuple[str, bool]] = []
        for step in self.shapes.members(path) or [path] if self.shapes.objects(path, _FIRST) else [path]:
            inverse = self.one(step, "inversePath") if not isinstance(step, ox.NamedNode) else None
            if isinstance(step, ox.NamedNode):
                steps.append((str(step), False))
            elif isinstance(inverse, ox.NamedNode) and len(self.shapes.objects(step, SH + "inversePath")) == 1:
                steps.append((str(inverse), True))
            else:
                text = self.path(path)
                return lambda s, o: f"{s} {text} {o} ."
        if steps and (not self.shapes.objects(path, _FIRST) or self.shapes.members(path) is not None):

            def chain(s: str, o: str) -> str:
                ends = [s, *(self.var() for _ in steps[1:]), o]
                return " ".join(
                    f"{b} {p} {a} ." if inverse else f"{a} {p} {b} ."
                    for (p, inverse), a, b in zip(steps, ends, ends[1:], strict=False)
                )

            return chain
        raise Unsupported("a malformed path")

    def list(self, node: object) -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
        found = self.shapes.members(node)
        if found is None:
            raise Unsupported("a malformed RDF list")
        return found

    def conforms(self, shape: object, node: str) -> str:
        """An expression true where `node` conforms to `shape` (no violation of it)."""
        tests = [f"NOT EXISTS {{ {pattern} }}" for _, _, pattern in self.violations(shape, node)]
        return "(" + " && ".join(tests) + ")" if tests else "true"

    def violations(self, shape: object, focus: str, *, top: bool = False) -> Iterator[tuple[object, str, str]]:
        """(the shape that reports it, its constraint component, a pattern that matches where
        `focus` breaks it) for each constraint of `shape` and of its property shapes. `top`:
        `focus` is the query's own ?focus, not a node inside an EXISTS."""
        if self.shapes.value(shape, SH + "deactivated") is not None:
            raise Unsupported("sh:deactivated")
        path_node = self.one(shape, "path")
        path = None if path_node is None else self.edge(path_node)

        def values(test: Callable[[str], str]) -> str:
            """A pattern: a value node of `focus` that fails `test` (the node itself without a path)."""
            if path is None:
                return f"FILTER({test(focus)})"
            v = self.var()
            return f"{path(focus, v)} FILTER({test(v)})"

        if path is not None:
            yield from self.counts(shape, focus, path, top)
            yield from self.pairs(shape, focus, path)
            has = self.one(shape, "hasValue")
            if has is not None:
                v = self.var()
                yield (
                    shape,
                    "HasValueConstraintComponent",
                    f"FILTER NOT EXISTS {{ {path(focus, v)} FILTER(sameTerm({v}, {has})) }}",
                )
        else:
            has = self.one(shape, "hasValue")
            if has is not None:
                yield shape, "HasValueConstraintComponent", f"FILTER(!sameTerm({focus}, {has}))"
        for component, test in self.value_tests(shape):
            yield shape, component, values(test)
        for nested in self.shapes.objects(shape, SH + "property"):
            if self.shapes.value(nested, SH + "path") is None:
                raise Unsupported("a property shape without a path")
            yield from self.violations(nested, focus, top=top)

    def value_tests(self, shape: object) -> Iterator[tuple[str, Callable[[str], str]]]:
        """(component, a test true where a value node breaks it) for each value constraint."""
        for c in self.shapes.objects(shape, SH + "class"):
            yield "ClassConstraintComponent", lambda v, c=c: f"NOT EXISTS {{ {v} {_RDF_TYPE}/{_SUBCLASS}* {c} }}"
        for d in self.shapes.objects(shape, SH + "datatype"):
            yield "DatatypeConstraintComponent", lambda v, d=d: f"!{_well_typed(v, d)}"
        for k in self.shapes.objects(shape, SH + "nodeKind"):
            if not k.value.startswith(SH) or k.value.removeprefix(SH) not in _NODE_KINDS:
                raise Unsupported("an unknown sh:nodeKind")
            yield "NodeKindConstraintComponent", lambda v, k=k: _NODE_KINDS[k.value.removeprefix(SH)].format(v=v)
        for term, op in (("minInclusive", ">="), ("minExclusive", ">"), ("maxInclusive", "<="), ("maxExclusive", "<")):
            for bound in self.shapes.objects(shape, SH + term):
                component = term[0].upper() + term[1:] + "ConstraintComponent"
                yield component, lambda v, b=bound, op=op: f"!COALESCE({v} {op} {b}, false)"
        for term, op in (("minLength", "<"), ("maxLength", ">")):
            for length in self.shapes.objects(shape, SH + term):
                component, n = term[0].upper() + term[1:] + "ConstraintComponent", _integer(length)
                yield component, lambda v, n=n, op=op: f"(isBlank({v}) || STRLEN(STR({v})) {op} {n})"
        for pattern in self.shapes.objects(shape, SH + "pattern"):
            flags = self.one(shape, "flags")
            args = f"{pattern}" + ("" if flags is None else f", {flags}")
            yield "PatternConstraintComponent", lambda v, a=args: f"(isBlank({v}) || !REGEX(STR({v}), {a}))"
        for members in self.shapes.objects(shape, SH + "in"):
            listed = self.list(members)
            yield (
                "InConstraintComponent",
                lambda v, m=listed: "!(" + " || ".join([f"sameTerm({v}, {x})" for x in m] or ["false"]) + ")",
            )
        for inner in self.shapes.objects(shape, SH + "node"):
            yield "NodeConstraintComponent", lambda v, s=inner: f"!{self.conforms(s, v)}"
        for inner in self.shapes.objects(shape, SH + "not"):
            yield "NotConstraintComponent", lambda v, s=inner: self.conforms(s, v)
        for term, join in (("and", " && "), ("or", " || ")):
            for group in self.shapes.objects(shape, SH + term):
                listed = self.list(group)
                component = term.capitalize() + "ConstraintComponent"
                yield (
                    component,
                    lambda v, m=listed, j=join: (
                        "!(" + j.join([self.conforms(s, v) for s in m] or ["true" if j == " && " else "false"]) + ")"
                    ),
                )
        for group in self.shapes.objects(shape, SH + "xone"):
            listed = self.list(group)
            yield (
                "XoneConstraintComponent",
                lambda v, m=listed: (
                    "(" + " + ".join([f"IF({self.conforms(s, v)}, 1, 0)" for s in m] or ["0"]) + ") != 1"
                ),
            )

    def counts(self, shape: object, focus: str, path: Edge, top: bool) -> Iterator[tuple[object, str, str]]:
        """sh:minCount and sh:maxCount. Too few values is a MINUS at the top of a query, which
        the engine evaluates once for all focus nodes (inside NOT EXISTS, a path of two steps
        was evaluated over the whole graph for each: 3.5 s at 100k statements); inside an
        EXISTS, where a MINUS would share no variable, a NOT EXISTS."""
        low, high = self.one(shape, "minCount"), self.one(shape, "maxCount")
        if low is not None and (n := _integer(low)) > 0:
            if n > _MAX_COUNT:
                raise Unsupported("a large sh:minCount")
            enough = self.distinct(focus, path, n)
            yield (
                shape,
                "MinCountConstraintComponent",
                f"MINUS {{ {enough} }}" if top else f"FILTER NOT EXISTS {{ {enough} }}",
            )
        if high is not None:
            n = _integer(high)
            if n >= _MAX_COUNT:
                raise Unsupported("a large sh:maxCount")
            yield shape, "MaxCountConstraintComponent", self.distinct(focus, path, n + 1)

    def distinct(self, focus: str, path: Edge, n: int) -> str:
        """A pattern: `n` distinct value nodes of `focus` along `path`."""
        names = [self.var() for _ in range(n)]
        pattern = " ".join(path(focus, v) for v in names)
        apart = [f"!sameTerm({a}, {b})" for a, b in itertools.combinations(names, 2)]
        return pattern + (f" FILTER({' && '.join(apart)})" if apart else "")

    def pairs(self, shape: object, focus: str, path: Edge) -> Iterator[tuple[object, str, str]]:
        for other in self.shapes.objects(shape, SH + "equals"):
            v, w = self.var(), self.var()
            yield (
                shape,
                "EqualsConstraintComponent",
                (
                    f"{{ {path(focus, v)} FILTER NOT EXISTS {{ {focus} {other} {v} }} }} UNION "
                    f"{{ {focus} {other} {w} . FILTER NOT EXISTS {{ {path(focus, w)} }} }}"
                ),
            )
        for other in self.shapes.objects(shape, SH + "disjoint"):
            v = self.var()
            yield shape, "DisjointConstraintComponent", f"{path(focus, v)} {focus} {other} {v} ."
        for term, op in (("lessThan", "<"), ("lessThanOrEquals", "<=")):
            for other in self.shapes.objects(shape, SH + term):
                v, w = self.var(), self.var()
                component = term[0].upper() + term[1:] + "ConstraintComponent"
                yield (
                    shape,
                    component,
                    f"{path(focus, v)} {focus} {other} {w} . FILTER(!COALESCE({v} {op} {w}, false))",
                )


_FIRST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"


def _integer(term: object) -> int:
    if not isinstance(term, ox.Literal):
        raise Unsupported("a count that is not a number")
    try:
        return int(term.value)
    except ValueError:
        raise Unsupported("a count that is not a number") from None


def _well_typed(v: str, datatype: object) -> str:
    """An expression true where `v` is a literal of `datatype`, well-formed where SPARQL can tell."""
    if not isinstance(datatype, ox.NamedNode):
        raise Unsupported("a datatype that is not an IRI")
    same = f"(isLiteral({v}) && datatype({v}) = {datatype}"
    if datatype.value in _CASTABLE:  # a cast that fails is an error, which COALESCE turns to false
        return same + f" && COALESCE(datatype({datatype}({v})) = {datatype}, false))"
    return same + ")"
