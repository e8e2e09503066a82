"""SHACL shapes as SPARQL queries, run on the store kg already built: no copy of the data.

A SHACL engine needs its own copy of the data graph, and at 100k statements that copy weighs
more than the store itself (issue 22: validation within 1.5x the memory of `oxigraph load`).
So the shapes are compiled into SELECT queries, one per shape and constraint, whose rows are the
focus nodes that break it, and pyoxigraph answers them on the store.

Only what SPARQL reads as SHACL does is compiled: value, count, range, string and property-pair
constraints, sh:node, sh:not, sh:and, sh:or, sh:xone, and paths of one or more steps, on shapes
that each carry one `sh:message`. Anything else makes `compile_shapes` give None, and the caller
uses a SHACL engine (`graph.shacl.check`): other SHACL terms; a blank node where a query would
take it for a variable; paths that may have no step (the engine finds none from a node no
statement mentions); XSD datatypes a cast cannot check, and numbers compared as terms (the store
keeps them in canonical form); NaN and boolean bounds, and patterns the regex engine reads
otherwise than XPath; shapes that refer to themselves or nest past `_MAX_DEPTH`; and shapes
SHACL calls ill-formed. Tests hold the results to pySHACL's, the reference, result by result
(focus node, path, constraint component, message), and where pySHACL errs, to the spec.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Iterator, Sequence

import pyoxigraph as ox

from graph.namespaces import OWL, RDF, RDFS
from graph.namespaces import XSD as _XSD
from graph.shacl import CORE, SH, ShapeResult, Shapes

_RDF_TYPE, _SUBCLASS, _FIRST = f"<{RDF}type>", f"<{RDFS}subClassOf>", RDF + "first"
_CLASSES = frozenset([RDFS + "Class", OWL + "Class"])

#: the datatypes whose lexical forms SPARQL can check, by casting a value to its own datatype
#: (an ill-formed literal, "nine"^^xsd:integer, does not cast); for another datatype only the
#: literal's datatype is compared, as pySHACL does for a datatype it does not know
_CASTABLE = frozenset(
    _XSD + t for t in ("string", "boolean", "integer", "decimal", "float", "double", "date", "dateTime", "time")
)

#: the terms a compiled shape may use: SHACL Core (`graph.shacl.CORE`) but for these, which
#: leave the shapes to a SHACL engine (as does any term outside SHACL Core: sh:closed, sh:sparql).
#: Zero-length paths among them: the engine finds none from a node no statement mentions.
_LEFT_TO_AN_ENGINE = [
    "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount", "qualifiedValueShapesDisjoint",
    "languageIn", "uniqueLang", "severity", "deactivated", "zeroOrMorePath", "zeroOrOnePath",
]  # fmt: skip
_COMPILED = CORE - {SH + name for name in _LEFT_TO_AN_ENGINE}

#: the largest sh:minCount and sh:maxCount compiled (each needs that many variables, pairwise
#: distinct); larger counts leave the shapes to a SHACL engine
_MAX_COUNT = 4

_STRING, _LANG_STRING = _XSD + "string", RDF + "langString"
_BOOLEAN = _XSD + "boolean"

#: literals compared as terms (sh:in, sh:hasValue) whose form the store keeps as written; the
#: store writes numbers in canonical form ("01" is 1), so a number there would match by value
_AS_WRITTEN = frozenset([_STRING, _LANG_STRING, _BOOLEAN, _XSD + "date", _XSD + "dateTime"])

#: past this many nested shapes, or this many expansions of them in one shapes graph, the
#: shapes are left to an engine (a chain of sh:and listing one shape twice doubles a query)
_MAX_DEPTH, _MAX_EXPANSIONS = 16, 2_000


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
    focus: Collection[ox.NamedNode | ox.BlankNode | ox.Literal] | None = None,
) -> list[ShapeResult]:
    """The results of `constraints` on the merge of `graphs` in `store`, for the focus nodes in
    `focus` only (all when None). IRIs and literals are bound in the queries; a blank node
    cannot be named in a query, so with one among them the queries run whole and their rows
    are sorted out here."""
    if focus is None:
        return [result for c in constraints for result in c.results(store, graphs, "")]
    if not any(isinstance(node, ox.BlankNode) for node in focus):
        if not focus:
            return []
        block = "VALUES ?focus { " + " ".join(str(node) for node in focus) + " }"
        return [result for c in constraints for result in c.results(store, graphs, block)]
    wanted = {(node.value, isinstance(node, ox.NamedNode)) for node in focus}
    return [
        result
        for c in constraints
        for result in c.results(store, graphs, "")
        if (result.focus, result.focus_is_iri) in wanted
    ]


class _Compiler:
    """Compiles one shapes graph; fresh variable names come from one counter."""

    def __init__(self, shapes: Shapes) -> None:
        self.shapes = shapes
        self.names = itertools.count(1)
        self.nesting: list[object] = []  # the shapes whose conformance is being written
        self.expansions = 0

    def var(self) -> str:
        return f"?v{next(self.names)}"

    def one(self, shape: object, term: str) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
        found = self.shapes.objects(shape, SH + term)
        if len(found) > 1:
            raise Unsupported(f"{term} given twice")
        return found[0] if found else None

    def iri(self, term: object, what: str) -> str:
        """An IRI as SPARQL text (a blank node in a query would be a variable)."""
        if not isinstance(term, ox.NamedNode):
            raise Unsupported(f"{what} that is not an IRI")
        return str(term)

    def term(self, term: object, what: str) -> str:
        """A value compared as a term (sh:in, sh:hasValue): an IRI, or a literal the store keeps
        as written (or of a datatype of the shapes' own)."""
        if isinstance(term, ox.Literal) and (
            term.datatype.value in _AS_WRITTEN or not term.datatype.value.startswith(_XSD)
        ):
            return str(term)
        return self.iri(term, what)

    def bound(self, term: object) -> str:
        """A range bound: a literal SPARQL orders as SHACL does (not NaN, not a boolean)."""
        if not isinstance(term, ox.Literal) or term.datatype.value in (_BOOLEAN, _LANG_STRING):
            raise Unsupported("a range bound SPARQL does not order")
        if term.value.strip() == "NaN":
            raise Unsupported("a NaN bound")
        return str(term)

    def pattern(self, shape: object) -> str:
        """sh:pattern and sh:flags as REGEX arguments, when the engine reads the pattern as XPath
        does: a pattern it cannot compile would make every REGEX an error, which reads as no
        violation, and XPath's class subtraction `[a-z-[aeiou]]` means something else there."""
        pattern, flags = self.one(shape, "pattern"), self.one(shape, "flags")
        args = [pattern] if flags is None else [pattern, flags]
        if not all(isinstance(a, ox.Literal) and a.datatype.value == _STRING for a in args):
            raise Unsupported("a pattern or flags that are not plain strings")
        if "-[" in pattern.value:  # type: ignore[union-attr]
            raise Unsupported("a class subtraction in a pattern")
        text = ", ".join(str(a) for a in args)
        if not any(row[0] is not None for row in ox.Store().query(f"SELECT (REGEX('', {text}) AS ?ok) {{}}")):  # type: ignore[union-attr]
            raise Unsupported("a pattern the engine does not compile")
        return text

    def constraints(self) -> Iterator[Constraint]:
        for shape in self.shapes.subjects():
            if {t.value for t in self.shapes.objects(shape, RDF + "type")} & _CLASSES:
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
        objects = self.shapes.objects
        parts = [
            f"{{ ?focus {_RDF_TYPE}/{_SUBCLASS}* {self.iri(c, 'a class')} }}"
            for c in objects(shape, SH + "targetClass")
        ]
        parts += [
            f"{{ VALUES ?focus {{ {n if isinstance(n, ox.Literal) else self.iri(n, 'a target node')} }} }}"
            for n in objects(shape, SH + "targetNode")
        ]
        parts += [f"{{ ?focus {self.iri(p, 'a predicate')} [] }}" for p in objects(shape, SH + "targetSubjectsOf")]
        parts += [f"{{ [] {self.iri(p, 'a predicate')} ?focus }}" for p in objects(shape, SH + "targetObjectsOf")]
        return " UNION ".join(parts)

    def path(self, path: object) -> str:
        """A SHACL path as a SPARQL property path."""
        if isinstance(path, ox.NamedNode):
            return str(path)
        if isinstance(path, ox.Literal):
            raise Unsupported("a literal path")
        if self.shapes.objects(path, _FIRST):
            steps = self.list(path)
            if len(steps) < 2:
                raise Unsupported("a sequence path of one step")
            return "(" + " / ".join(self.path(step) for step in steps) + ")"
        for term, form in (("inversePath", "^({})"), ("oneOrMorePath", "({})+")):
            inner = self.one(path, term)
            if inner is not None:
                return form.format(self.path(inner))
        alternatives = self.one(path, "alternativePath")
        if alternatives is not None and self.list(alternatives):
            return "(" + " | ".join(self.path(step) for step in self.list(alternatives)) + ")"
        raise Unsupported("a path of no known kind")

    def edge(self, path: object) -> Edge:
        """A function giving the pattern that links a subject to an object along `path`: a
        sequence of predicates (inverse or not) as one triple pattern a step, through fresh
        variables, which the engine joins from a bound end (as a property path inside NOT
        EXISTS, one was evaluated over the whole graph: 3 s at 100k statements); any other
        path as a property path."""
        self.path(path)  # refuses what does not compile
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

    def shapes_in(self, node: object) -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
        """The shapes of a sh:and, sh:or or sh:xone list (an empty one is ill-formed)."""
        found = self.list(node)
        if not found:
            raise Unsupported("an empty list of shapes")
        return found

    def list(self, node: object) -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
        found = self.shapes.members(node)
        if found is None:
            raise Unsupported("a malformed RDF list")
        return found

    def conforms(self, shape: object, node: str) -> str:
        """An expression true where `node` conforms to `shape` (no violation of it). A shape
        that refers to itself, nests too deep or expands too often is left to an engine."""
        self.expansions += 1
        if shape in self.nesting or len(self.nesting) >= _MAX_DEPTH or self.expansions > _MAX_EXPANSIONS:
            raise Unsupported("shapes that refer to themselves, or nest too deep")
        self.nesting.append(shape)
        try:
            tests = [f"NOT EXISTS {{ {pattern} }}" for _, _, pattern in self.violations(shape, node)]
        finally:
            self.nesting.pop()
        return "(" + " && ".join(tests) + ")" if tests else "true"

    def violations(self, shape: object, focus: str, *, top: bool = False) -> Iterator[tuple[object, str, str]]:
        """(the shape that reports it, its constraint component, a pattern that matches where
        `focus` breaks it) for each constraint of `shape` and of its property shapes. `top`:
        `focus` is the query's own ?focus, not a node inside an EXISTS."""
        path_node = self.one(shape, "path")
        path = None if path_node is None else self.edge(path_node)

        def values(test: Callable[[str], str]) -> str:
            """A pattern: a value node of `focus` that fails `test` (the node itself without a path)."""
            if path is None:
                return f"FILTER({test(focus)})"
            v = self.var()
            return f"{path(focus, v)} FILTER({test(v)})"

        has_node = self.one(shape, "hasValue")
        has = None if has_node is None else self.term(has_node, "a sh:hasValue")
        if path is not None:
            yield from self.counts(shape, focus, path, top)
            yield from self.pairs(shape, focus, path)
            if has is not None:
                v = self.var()
                yield (
                    shape,
                    "HasValueConstraintComponent",
                    f"FILTER NOT EXISTS {{ {path(focus, v)} FILTER(sameTerm({v}, {has})) }}",
                )
        else:
            if any(self.shapes.objects(shape, SH + t) for t in ("equals", "disjoint", "lessThan", "lessThanOrEquals")):
                raise Unsupported("a property pair on a node shape")
            if has is not None:
                yield shape, "HasValueConstraintComponent", f"FILTER(!sameTerm({focus}, {has}))"
        for component, test in self.value_tests(shape):
            yield shape, component, values(test)
        for nested in self.shapes.objects(shape, SH + "property"):
            if path is not None:  # its focus nodes would be this shape's value nodes
                raise Unsupported("a property shape of a property shape")
            if self.shapes.value(nested, SH + "path") is None:
                raise Unsupported("a property shape without a path")
            yield from self.violations(nested, focus, top=top)

    def value_tests(self, shape: object) -> Iterator[tuple[str, Callable[[str], str]]]:
        """(component, a test true where a value node breaks it) for each value constraint."""
        for c in self.shapes.objects(shape, SH + "class"):
            c_text = self.iri(c, "a class")
            yield "ClassConstraintComponent", lambda v, c=c_text: f"NOT EXISTS {{ {v} {_RDF_TYPE}/{_SUBCLASS}* {c} }}"
        datatype = self.one(shape, "datatype")
        if datatype is not None:
            well_typed = _well_typed(datatype)
            yield "DatatypeConstraintComponent", lambda v: "!" + well_typed.format(v=v)
        for k in self.shapes.objects(shape, SH + "nodeKind"):
            if not k.value.startswith(SH) or k.value.removeprefix(SH) not in _NODE_KINDS:
                raise Unsupported("an unknown sh:nodeKind")
            yield "NodeKindConstraintComponent", lambda v, k=k: _NODE_KINDS[k.value.removeprefix(SH)].format(v=v)
        for term, op in (("minInclusive", ">="), ("minExclusive", ">"), ("maxInclusive", "<="), ("maxExclusive", "<")):
            for bound in self.shapes.objects(shape, SH + term):
                component, b = term[0].upper() + term[1:] + "ConstraintComponent", self.bound(bound)
                yield component, lambda v, b=b, op=op: f"!COALESCE({_compare(v, op, b)}, false)"
        for term, op in (("minLength", "<"), ("maxLength", ">")):
            for length in self.shapes.objects(shape, SH + term):
                component, n = term[0].upper() + term[1:] + "ConstraintComponent", _count(length)
                yield component, lambda v, n=n, op=op: f"(isBlank({v}) || STRLEN(STR({v})) {op} {n})"
        if self.one(shape, "pattern") is not None:
            args = self.pattern(shape)
            yield "PatternConstraintComponent", lambda v, a=args: f"(isBlank({v}) || !REGEX(STR({v}), {a}))"
        members = self.one(shape, "in")
        if members is not None:
            listed = [self.term(m, "a member of sh:in") for m in self.list(members)]
            yield (
                "InConstraintComponent",
                lambda v, m=listed: "!(" + " || ".join([f"sameTerm({v}, {x})" for x in m] or ["false"]) + ")",
            )
        for inner in self.shapes.objects(shape, SH + "node"):
            if self.shapes.objects(inner, SH + "path"):
                raise Unsupported("a property shape given to sh:node, which takes node shapes")
            yield "NodeConstraintComponent", lambda v, s=inner: f"!{self.conforms(s, v)}"
        for inner in self.shapes.objects(shape, SH + "not"):
            yield "NotConstraintComponent", lambda v, s=inner: self.conforms(s, v)
        for term, join in (("and", " && "), ("or", " || ")):
            for group in self.shapes.objects(shape, SH + term):
                listed = self.shapes_in(group)
                component = term.capitalize() + "ConstraintComponent"
                yield (
                    component,
                    lambda v, m=listed, j=join: (
                        "!(" + j.join([self.conforms(s, v) for s in m] or ["true" if j == " && " else "false"]) + ")"
                    ),
                )
        for group in self.shapes.objects(shape, SH + "xone"):
            listed = self.shapes_in(group)
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
        if low is not None and (n := _count(low)) > 0:
            if n > _MAX_COUNT:
                raise Unsupported("a large sh:minCount")
            enough = self.distinct(focus, path, n)
            yield (
                shape,
                "MinCountConstraintComponent",
                f"MINUS {{ {enough} }}" if top else f"FILTER NOT EXISTS {{ {enough} }}",
            )
        if high is not None:
            n = _count(high)
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
        """sh:equals, sh:disjoint, sh:lessThan and sh:lessThanOrEquals of a property shape."""
        for other_node in self.shapes.objects(shape, SH + "equals"):
            other = self.iri(other_node, "a property")
            v, w = self.var(), self.var()
            yield (
                shape,
                "EqualsConstraintComponent",
                (
                    f"{{ {path(focus, v)} FILTER NOT EXISTS {{ {focus} {other} {v} }} }} UNION "
                    f"{{ {focus} {other} {w} . FILTER NOT EXISTS {{ {path(focus, w)} }} }}"
                ),
            )
        for other_node in self.shapes.objects(shape, SH + "disjoint"):
            other, v = self.iri(other_node, "a property"), self.var()
            yield shape, "DisjointConstraintComponent", f"{path(focus, v)} {focus} {other} {v} ."
        for term, op in (("lessThan", "<"), ("lessThanOrEquals", "<=")):
            for other_node in self.shapes.objects(shape, SH + term):
                other, v, w = self.iri(other_node, "a property"), self.var(), self.var()
                component = term[0].upper() + term[1:] + "ConstraintComponent"
                ordered = f"isLiteral({v}) && isLiteral({w}) && {_compare(v, op, w)}"  # IRIs: an error
                yield shape, component, f"{path(focus, v)} {focus} {other} {w} . FILTER(!COALESCE({ordered}, false))"


def _count(term: object) -> int:
    """A count or a length: a non-negative xsd:integer."""
    if not isinstance(term, ox.Literal) or term.datatype.value != _XSD + "integer":
        raise Unsupported("a count that is not an integer")
    try:
        n = int(term.value)
    except ValueError:
        raise Unsupported("a count that is not an integer") from None
    if n < 0:
        raise Unsupported("a negative count")
    return n


def _compare(a: str, op: str, b: str) -> str:
    """`a op b` as SHACL orders values: booleans too (false before true), which the engine does
    not order; `<=` and `>=` as `<` or `=` (the engine takes NaN <= NaN for true)."""
    boolean = f"<{_BOOLEAN}>"
    both = f"datatype({a}) = {boolean} && datatype({b}) = {boolean}"
    cast = f"<{_XSD}integer>"
    strict = op.rstrip("=")
    plain = f"({a} {strict} {b} || {a} = {b})" if op.endswith("=") else f"{a} {op} {b}"
    return f"IF({both}, {cast}({a}) {op} {cast}({b}), {plain})"


def _well_typed(datatype: object) -> str:
    """A test (`{v}` for the value) true where the value is a literal of `datatype`, well
    formed where SPARQL can tell by casting. Other XSD datatypes are left to an engine: the
    store keeps some only in canonical form (xsd:int becomes xsd:integer) and others the cast
    cannot check."""
    if not isinstance(datatype, ox.NamedNode):
        raise Unsupported("a datatype that is not an IRI")
    same = f"(isLiteral({{v}}) && datatype({{v}}) = {datatype}"
    if datatype.value in _CASTABLE:  # a cast that fails is an error, which COALESCE turns to false
        return same + f" && COALESCE(datatype({datatype}({{v}})) = {datatype}, false))"
    if datatype.value.startswith(_XSD):
        raise Unsupported("an XSD datatype SPARQL cannot check")
    return same + ")"
