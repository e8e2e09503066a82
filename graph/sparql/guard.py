"""Read-only guard: refuse queries that would change data or reach outside the graph.

Both engines would run `SERVICE` (any URL), and rdflib loads `FROM <file:…>`/`FROM <http:…>`;
updates and `LOAD` read or write files. So the query text is tokenized the way SPARQL's
grammar does (strings, IRIs, comments, variables and prefixed names are set aside) and any
remaining keyword that is not allowed is refused before an engine sees the query. SPARQL
processes `\\u` escapes before parsing, so the text is checked both as written and decoded.
"""

from __future__ import annotations

import re

from graph.errors import QuerySyntaxError, UnsafeQueryError

#: A character of a prefixed name's local part: word characters, `-`, `:`, `%` and the
#: backslash escapes of the grammar's PN_LOCAL_ESC (`kg:a\\#` is a name, not a comment).
_LOCAL = r"(?:[\w\-:%]|\\[_~.\-!$&'()*+,;=/?\#@%])"
_TOKEN = re.compile(
    rf"""
    (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<bnode>_:[\w\-.]*[\w\-])
  | (?P<var>[?$]\w+)
  | (?P<pname>(?:[^\W\d_][\w\-.]*)?:(?:{_LOCAL}(?:(?:{_LOCAL}|\.)*{_LOCAL})?)?)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<other>\S)
  | (?P<space>\s+)
    """,
    re.VERBOSE,
)

#: Keywords that only appear in SPARQL Update, or that fetch from elsewhere.
QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")

FORBIDDEN = {
    "SERVICE": "SERVICE would send part of the query to another server",
    "LOAD": "LOAD would read a file or URL",
    "FROM": "FROM / FROM NAMED would read a file or URL into the dataset; use GRAPH <iri> { … } on the graphs already loaded",
    "INSERT": "INSERT is an update; queries here are read-only",
    "DELETE": "DELETE is an update; queries here are read-only",
    "CLEAR": "CLEAR is an update; queries here are read-only",
    "DROP": "DROP is an update; queries here are read-only",
    "CREATE": "CREATE is an update; queries here are read-only",
    "ADD": "ADD is an update; queries here are read-only",
    "MOVE": "MOVE is an update; queries here are read-only",
    "COPY": "COPY is an update; queries here are read-only",
    "WITH": "WITH belongs to an update; queries here are read-only",
    "USING": "USING belongs to an update; queries here are read-only",
}

_NEWLINE = re.compile(r"\r\n|\r|\n")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class Token:
    """One token: its kind (a group name of _TOKEN), text, and 1-based line and column.

    A plain class rather than a dataclass: building dataclasses costs import time on every
    cold `kg query`.
    """

    __slots__ = ("column", "kind", "line", "text")

    def __init__(self, kind: str, text: str, line: int, column: int) -> None:
        self.kind, self.text, self.line, self.column = kind, text, line, column

    def __repr__(self) -> str:
        return f"Token({self.kind!r}, {self.text!r}, {self.line}, {self.column})"


def tokenize(text: str) -> list[Token]:
    """Split SPARQL text into tokens with 1-based line and column (whitespace dropped)."""
    tokens: list[Token] = []
    line, line_start = 1, 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        value = match.group()
        if kind != "space":
            tokens.append(Token(kind, value, line, match.start() - line_start + 1))
        if "\n" in value or "\r" in value:
            line += len(_NEWLINE.findall(value))
            line_start = match.start() + max(value.rfind("\n"), value.rfind("\r")) + 1
    return tokens


def decode_escapes(text: str) -> str:
    """Apply SPARQL's codepoint escapes (\\uXXXX, \\UXXXXXXXX) to the whole text."""

    def repl(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group()

    return _ESCAPE.sub(repl, text)


def check_read_only(text: str, name: str = "<query>", tokens: list[Token] | None = None) -> None:
    """Raise UnsafeQueryError naming the first forbidden keyword, with its line and column.

    `tokens` are the text's tokens when the caller has them already.
    """
    decoded = decode_escapes(text)
    variants = [tokens if tokens is not None else tokenize(text)]
    if decoded != text:
        variants.append(tokenize(decoded))
    for variant in variants:
        for tok in variant:
            if tok.kind == "word" and tok.text.upper() in FORBIDDEN:
                reason = FORBIDDEN[tok.text.upper()]
                raise UnsafeQueryError(f"{name}:{tok.line}:{tok.column}: refused: {reason}")
    if any(_mentions_forbidden(variant) for variant in variants):
        verify_with_rdflib(text, name)


_HIDDEN = re.compile(r"(?<![A-Za-z0-9_])(?:" + "|".join(FORBIDDEN) + r")(?![A-Za-z0-9_])", re.I)


def _mentions_forbidden(tokens: list[Token]) -> bool:
    """True if a forbidden word stands inside a token this tokenizer set aside (a string, an
    IRI, a name, or a comment after the query has begun), where a tokenizer that read the text
    differently from ours could see a keyword. Leading comments (a query file's `#+`
    decorators) are unambiguous and do not count."""
    begun = False
    for tok in tokens:
        begun = begun or tok.kind != "comment"
        if tok.kind in ("string", "iri", "pname", "bnode", "comment") and begun and _HIDDEN.search(tok.text):
            return True
    return False


def verify_with_rdflib(text: str, name: str) -> None:
    """A second opinion from another implementation of the SPARQL grammar (rdflib's parser):
    refuse if it finds a SERVICE, a FROM or an update, or cannot read the query at all.

    Only queries that mention a forbidden word somewhere pay for importing rdflib.
    """
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tree = parseQuery(text)
    except Exception as exc:  # rdflib raises pyparsing's and its own errors
        cause = " ".join(str(exc).split())[:120]
        raise UnsafeQueryError(
            f"{name}: refused: the query mentions a forbidden keyword inside a name, string or comment, "
            f"and a second parser could not confirm it is read-only ({cause})"
        ) from None

    def walk(node: object) -> str | None:
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return "SERVICE"
            if dict.get(node, "datasetClause"):  # CompValue.get returns the key when it is absent
                return "FROM"
            return next((found for value in node.values() if (found := walk(value))), None)
        if isinstance(node, list | tuple | ParseResults):
            return next((found for value in node if (found := walk(value))), None)
        return None

    keyword = walk(tree)
    if keyword:
        raise UnsafeQueryError(
            f"{name}: refused: {FORBIDDEN[keyword]} (hidden where a reader of the text would miss it)"
        )


def check_prefixes(text: str, known: dict[str, str], name: str = "<query>", tokens: list[Token] | None = None) -> None:
    """Raise QuerySyntaxError for a prefixed name whose prefix is neither declared nor known.

    The engines report an undeclared prefix as a confusing "expected …" error; this says it.
    """
    tokens = tokens if tokens is not None else tokenize(text)
    declared = set(known)
    for i, tok in enumerate(tokens):
        if tok.kind == "word" and tok.text.upper() == "PREFIX" and i + 1 < len(tokens):
            declared.add(tokens[i + 1].text.split(":", 1)[0])
    for tok in tokens:
        if tok.kind == "pname":
            prefix = tok.text.split(":", 1)[0]
            if prefix not in declared:
                raise QuerySyntaxError(
                    f"{name}:{tok.line}:{tok.column}: unknown prefix '{prefix}:' in {tok.text}; "
                    f"declare it with PREFIX {prefix}: <…>"
                )


def check_form(tokens: list[Token], name: str = "<query>") -> None:
    """Raise QuerySyntaxError unless the query is SELECT, CONSTRUCT, ASK or DESCRIBE after its
    PREFIX and BASE declarations: the engines' own message for a misspelt keyword is cryptic."""
    words = [t for t in tokens if t.kind != "comment"]
    i = 0
    while i < len(words) and words[i].kind == "word" and words[i].text.upper() in ("PREFIX", "BASE"):
        i += 3 if words[i].text.upper() == "PREFIX" else 2
    if i >= len(words):
        raise QuerySyntaxError(f"{name}: empty query: a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE")
    first = words[i]
    if first.kind != "word" or first.text.upper() not in QUERY_FORMS:
        raise QuerySyntaxError(
            f"{name}:{first.line}:{first.column}: a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE "
            f"(after any PREFIX or BASE), not {first.text[:40]!r}"
        )
