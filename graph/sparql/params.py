"""Query parameters, grlc style: `?_name` is required, `?__name` optional, and a suffix types
the value (`?_season_integer`, `?_who_iri`, `?_title_en`, `?_day_xsd_date`).

Values are bound as RDF terms through the engine's substitutions, never pasted into the
query text, so a value cannot change what the query does.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from graph.errors import UsageError
from graph.namespaces import XSD, expand
from graph.sparql.lexer import Token, tokenize

#: A parameter variable: `?_name` or `?__name`, with an optional `_type` or `_lang` suffix.
_PARAM = r"^[?$](__?)([A-Za-z][A-Za-z0-9]*)(?:_([A-Za-z0-9_]+))?$"
_TYPES = {
    "integer": XSD + "integer",
    "decimal": XSD + "decimal",
    "double": XSD + "double",
    "boolean": XSD + "boolean",
    "date": XSD + "date",
    "string": XSD + "string",
}
#: Lexical forms checked before binding (pattern text: `re` compiles one only when used).
_LEXICAL = {
    XSD + "integer": r"^[+-]?\d+$",
    XSD + "decimal": r"^[+-]?(\d+(\.\d*)?|\.\d+)$",
    XSD + "double": r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^(INF|-INF|NaN)$",
    XSD + "boolean": r"^(true|false|1|0)$",
    XSD + "date": r"^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(Z|[+-]\d{2}:\d{2})?$",
    XSD + "gYear": r"^-?\d{4,}(Z|[+-]\d{2}:\d{2})?$",
    XSD + "gYearMonth": r"^-?\d{4,}-(0[1-9]|1[0-2])(Z|[+-]\d{2}:\d{2})?$",
}


class Parameter:
    """One parameter of a query: its name, the variable it binds, and the value type.

    `kind` is "iri", "literal", "lang" or "auto". A plain class, as in graph.sparql.lexer.Token.
    """

    __slots__ = ("datatype", "kind", "language", "name", "required", "variable")

    def __init__(
        self,
        name: str,
        variable: str,
        kind: str,
        datatype: str | None = None,
        language: str | None = None,
        required: bool = True,
    ) -> None:
        self.name, self.variable, self.kind = name, variable, kind
        self.datatype, self.language, self.required = datatype, language, required

    def _key(self) -> tuple[object, ...]:
        return (self.name, self.variable, self.kind, self.datatype, self.language, self.required)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Parameter) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Parameter({self.describe()})"

    def describe(self) -> str:
        """A short text such as `season (integer, required)`."""
        if self.kind == "iri":
            what = "IRI"
        elif self.kind == "lang":
            what = f"text @{self.language}"
        elif self.datatype:
            what = self.datatype.rsplit("#", 1)[-1]
        else:
            what = "text, number or IRI"
        return f"{self.name} ({what}, {'required' if self.required else 'optional'})"


def parameters(query: str, tokens: list[Token] | None = None) -> list[Parameter]:
    """The parameters a query declares through `?_name` variables, in order of appearance."""
    found: dict[str, Parameter] = {}
    for tok in tokens if tokens is not None else tokenize(query):
        if tok.kind != "var" or tok.text[1:2] != "_":  # (compiled only for a query that has one)
            continue
        match = re.match(_PARAM, tok.text)
        if not match or match.group(2) in found:
            continue
        underscores, name, suffix = match.groups()
        found[name] = _parameter(name, tok.text[1:], suffix, required=underscores == "_")
    return list(found.values())


def _parameter(name: str, variable: str, suffix: str | None, required: bool) -> Parameter:
    if suffix is None:
        return Parameter(name, variable, "auto", required=required)
    low = suffix.lower()
    if low == "iri":
        return Parameter(name, variable, "iri", required=required)
    if low in _TYPES:
        return Parameter(name, variable, "literal", _TYPES[low], required=required)
    if low.startswith("xsd_"):
        return Parameter(name, variable, "literal", XSD + suffix[4:], required=required)
    if re.fullmatch(r"[a-z]{2,3}", low):
        return Parameter(name, variable, "lang", language=low, required=required)
    return Parameter(name, variable, "auto", required=required)


def to_term(param: Parameter, value: str) -> ox.NamedNode | ox.Literal:
    """Turn a command-line value into the RDF term the parameter expects, or say why not."""
    if param.kind == "iri" or (param.kind == "auto" and _looks_like_iri(value)):
        iri = expand(value) or (value if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.I) else None)
        if iri is None:
            raise UsageError(
                f"parameter {param.name}: {value!r} is not an IRI; give <http://…> or a prefixed name like kg:xo-kitty_character_stella"
            )
        try:
            return ox.NamedNode(iri)
        except ValueError as exc:
            raise UsageError(f"parameter {param.name}: {value!r} is not a valid IRI ({exc})") from None
    if param.kind == "lang":
        return ox.Literal(value, language=param.language)
    if param.kind == "auto":
        if re.match(_LEXICAL[XSD + "integer"], value):
            return ox.Literal(value, datatype=ox.NamedNode(XSD + "integer"))
        return ox.Literal(value)
    assert param.datatype is not None
    pattern = _LEXICAL.get(param.datatype)
    kind = param.datatype.rsplit("#", 1)[-1]
    if pattern and not re.match(pattern, value):
        raise UsageError(f"parameter {param.name}: {value!r} is not a valid xsd:{kind}")
    if kind == "date" and re.match(r"\d{4}-", value):  # in the calendar too (no 30 February)
        from graph.dates import parse_date

        try:
            parse_date(value[:10])
        except ValueError:
            raise UsageError(f"parameter {param.name}: {value!r} is not a day of the calendar") from None
    return ox.Literal(value, datatype=ox.NamedNode(param.datatype))


def _looks_like_iri(value: str) -> bool:
    return (
        (value.startswith("<") and value.endswith(">"))
        or expand(value) is not None
        or bool(re.match(r"^(https?|urn|file):", value))
    )


def parse_assignments(items: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`NAME=VALUE` strings from the command line into a dict; a malformed one is an error."""
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise UsageError(f"--param {item!r}: expected NAME=VALUE")
        if name.strip() in values:
            raise UsageError(f"--param {name.strip()} is given twice; give each parameter once")
        values[name.strip()] = value
    return values


def bind(
    query_name: str,
    params: list[Parameter],
    values: dict[str, str],
    defaults: dict[str, str] | None = None,
) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
    """Check the given values against the parameters and build the substitutions."""
    known = {p.name: p for p in params}
    unknown = sorted(set(values) - set(known))
    if unknown:
        takes = ", ".join(p.describe() for p in params) or "no parameters"
        raise UsageError(f"{query_name}: no parameter named {unknown[0]!r}; it takes {takes}")
    merged = {**(defaults or {}), **values}
    missing = [p for p in params if p.required and p.name not in merged]
    if missing:
        needed = ", ".join(p.describe() for p in missing)
        raise UsageError(f"{query_name}: missing parameter {needed}; give it with --param {missing[0].name}=VALUE")
    return {ox.Variable(known[n].variable): to_term(known[n], v) for n, v in merged.items() if n in known}
