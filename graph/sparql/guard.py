"""Read-only guard: the one place a query's text is read before an engine runs it.

Held by construction rather than by two parsers agreeing: the text's escapes are decoded
once (graph.sparql.lexer), split into the grammar's terminals, checked, and the engine is
handed *the approved text* rebuilt from those tokens: comments dropped, name-like tokens
apart, no escape left to decode. So the engine reads the same tokens the guard read. On
them: no `SERVICE`, `LOAD` or update keyword (nor a word or prefix an engine could read as
one), a bounded size and nesting depth, and `FROM`/`FROM NAMED` taken out of the text and
returned as graph IRIs for the engine to select among the graphs it holds (never fetched).
"""

from __future__ import annotations

import re

from graph.errors import QuerySyntaxError, UnsafeQueryError
from graph.sparql.lexer import Positions, Token, decode, lex, tokenize

__all__ = ["FORBIDDEN", "QUERY_FORMS", "Approved", "Token", "approve", "check_read_only", "tokenize"]

QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")

#: Keywords that only appear in SPARQL Update, or that reach elsewhere, and why each is refused.
FORBIDDEN = {
    "SERVICE": "SERVICE would send part of the query to another server",
    "LOAD": "LOAD would read a file or URL",
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
#: A forbidden keyword anywhere inside a word: no SPARQL keyword or function name contains
#: one, and an engine that matches keywords by prefix would read `SERVICEx` as `SERVICE x`.
_INSIDE = re.compile("|".join([*FORBIDDEN, "FROM"]), re.IGNORECASE)
#: Prefixes an engine reads as a keyword (pyoxigraph reads `SERVICEx:y` as `SERVICE x:y`).
_KEYWORD_PREFIX = re.compile("SERVICE|FROM", re.IGNORECASE)

#: Longest query text, and deepest nesting of brackets, braces and parentheses: past these
#: an engine's recursive parser runs out of stack (pyoxigraph segfaults on 10,000 parentheses,
#: rdflib raises RecursionError past about 30). No hand-written query comes near either.
MAX_CHARS = 1_000_000
MAX_DEPTH = 64
#: Largest LIMIT or OFFSET the engines can hold (a signed 64-bit count).
MAX_LIMIT = 2**63 - 1
#: Each opening bracket and the one that closes it.
_PAIRS = {"(": ")", "{": "}", "[": "]", "<<": ">>", "<<(": ")>>", "{|": "|}"}
_OPEN = set(_PAIRS)
_CLOSE = set(_PAIRS.values())
_NOT_NEWLINE = re.compile(r"[^\r\n]+")


class Approved:
    """What the guard let through: the text an engine must be given (exactly this), its
    tokens positioned in that text, the query form, and the graphs `FROM`/`FROM NAMED`
    asked for (None when the query names none)."""

    __slots__ = ("_map", "default_graphs", "form", "named_graphs", "star", "text", "tokens")

    def __init__(
        self,
        text: str,
        tokens: list[Token],
        form: str,
        default_graphs: list[str] | None,
        named_graphs: list[str] | None,
        star: bool,
        mapping: list[tuple[int, int, int, int]],
    ) -> None:
        self.text, self.tokens, self.form, self.star = text, tokens, form, star
        self.default_graphs, self.named_graphs = default_graphs, named_graphs
        self._map = mapping

    def original(self, line: int, column: int) -> tuple[int, int]:
        """The position in the query as written of a position in the approved text (the
        start of the token there), for errors an engine reports."""
        found = (line, column)
        for approved_line, approved_column, orig_line, orig_column in self._map:
            if (approved_line, approved_column) > (line, column):
                break
            found = (orig_line, orig_column)
        return found

    def __repr__(self) -> str:
        return f"Approved(form={self.form!r}, text={self.text[:60]!r})"


def approve(text: str, name: str = "<query>", known: dict[str, str] | None = None) -> Approved:
    """Check a query and return what the engine may run, or raise a one-line error with the
    line and column: UnsafeQueryError for what a read-only tool refuses, QuerySyntaxError
    for text that is not a SPARQL query. `known` prefixes need no declaration."""
    if len(text) > MAX_CHARS:
        raise QuerySyntaxError(f"{name}: the query is {len(text):,} characters long; the limit is {MAX_CHARS:,}")
    decoded, positions = decode(text, name)
    # comments are set aside here, so they never reach the engine and never sit between a
    # keyword and what it needs (`FROM # c` + newline + `<g>`)
    tokens = [tok for tok in lex(decoded, positions, name) if tok.kind != "comment"]
    known = known or {}
    declared: dict[str, str] = {}
    base: str | None = None
    problem: QuerySyntaxError | None = None  # the first non-security problem, raised after the scan
    form = ""
    depth = closed_groups = 0
    stack: list[str] = []  # the open brackets, innermost last: "(" is an expression (or a collection)
    opened: list[Token] = []  # the tokens that opened them, for an error naming where
    where = star = False
    dropped: set[int] = set()
    default_graphs: list[str] = []
    named_graphs: list[str] = []
    for i, tok in enumerate(tokens):
        kind, value = tok.kind, tok.text
        if kind == "word":
            upper = value.upper()
            if upper == "FROM":
                target = _dataset_clause(tokens, i, form, depth, closed_groups, where, name)
                iri = _graph_iri(tokens[target], declared, known, base, name)
                (named_graphs if target == i + 2 else default_graphs).append(iri)
                dropped.update(range(i, target + 1))
            elif _INSIDE.search(upper):
                keyword = _INSIDE.search(upper).group().upper()  # type: ignore[union-attr]
                _refuse(tok, name, keyword, exact=upper == keyword)
            elif not form and upper in QUERY_FORMS:
                form = upper
                star = upper == "SELECT" and _star_after(tokens, i)
            elif upper == "WHERE" and depth == 0:
                where = True
            elif upper in ("LIMIT", "OFFSET") and i + 1 < len(tokens) and tokens[i + 1].kind == "number":
                if tokens[i + 1].text.isdigit() and int(tokens[i + 1].text) > MAX_LIMIT and problem is None:
                    problem = QuerySyntaxError(
                        f"{name}:{tokens[i + 1].line}:{tokens[i + 1].column}: {upper} {tokens[i + 1].text[:30]} "
                        f"is larger than the largest supported, {MAX_LIMIT}"
                    )
            elif not form and upper in ("PREFIX", "BASE"):
                if upper == "PREFIX" and i + 2 < len(tokens) and tokens[i + 2].kind == "iri":
                    declared[tokens[i + 1].text.split(":", 1)[0]] = tokens[i + 2].text[1:-1]
                elif upper == "BASE" and i + 1 < len(tokens) and tokens[i + 1].kind == "iri":
                    base = tokens[i + 1].text[1:-1]
        elif kind == "pname":
            prefix = value.split(":", 1)[0]
            match = _KEYWORD_PREFIX.match(prefix)
            if match:
                _refuse(tok, name, match.group().upper(), prefix=prefix)
            declaring = i > 0 and tokens[i - 1].kind == "word" and tokens[i - 1].text.upper() == "PREFIX"
            if prefix not in declared and prefix not in known and problem is None and not declaring:
                problem = QuerySyntaxError(
                    f"{name}:{tok.line}:{tok.column}: unknown prefix '{prefix}:' in {value}; "
                    f"declare it with PREFIX {prefix}: <…>"
                )
        elif kind == "iri" and stack and stack[-1] == "(" and _operand_before(tokens, i) and _DESYNC.search(value):
            # `FILTER(?o<?x&&'…>…)`: the grammar's IRI to this lexer, but a reader that takes `<` for
            # less-than there (both engines do) starts a string at `'` or a comment at `#` inside
            # it, and from then on reads other tokens than these: refuse that shape.
            raise UnsafeQueryError(
                f"{name}:{tok.line}:{tok.column}: refused: {value[:40]!r} follows an operand inside an "
                "expression, where '<' may be read as less-than; put a space after '<' for a comparison, "
                "or write the IRI as a prefixed name"
            )
        elif kind == "iri" and ("(" in value or ")" in value) and _INSIDE.search(value):
            # `?a<?b)SERVICE…>` is an IRI to the grammar, a comparison to a reader that sees `<`
            # as less-than: refuse the one shape where the two readings could part.
            _refuse(tok, name, _INSIDE.search(value).group().upper(), inside=True)  # type: ignore[union-attr]
        elif kind == "other":
            if value in _OPEN:
                stack.append(value)
                opened.append(tok)
                depth += 1
                if depth > MAX_DEPTH:
                    raise QuerySyntaxError(
                        f"{name}:{tok.line}:{tok.column}: the query nests brackets more than {MAX_DEPTH} deep"
                    )
            elif value in _CLOSE:
                if problem is None:
                    problem = _unbalanced(tok, opened, name)
                if stack:
                    stack.pop()
                    opened.pop()
                depth -= 1
                if depth == 0 and value == "}":
                    closed_groups += 1
    _check_form(tokens, name)
    if problem is None and opened:
        last = opened[-1]
        problem = QuerySyntaxError(
            f"{name}:{last.line}:{last.column}: SPARQL syntax error: a {_PAIRS[last.text]} is missing: "
            f"the {last.text} at line {last.line}, column {last.column} is never closed"
        )
    if problem is not None:
        raise problem
    kept = [tok for i, tok in enumerate(tokens) if i not in dropped]
    approved, approved_tokens, mapping = _rebuild(decoded, kept)
    return Approved(
        approved,
        approved_tokens,
        form,
        default_graphs or None,
        named_graphs or None,
        star,
        mapping,
    )


def _unbalanced(tok: Token, opened: list[Token], name: str) -> QuerySyntaxError | None:
    """The error of a closing bracket that closes nothing, or not the bracket open last (the
    engines' own message for a missing `)` lists what the grammar expected instead), naming
    where the bracket it meets was opened."""
    where = f"{name}:{tok.line}:{tok.column}: SPARQL syntax error: "
    if not opened:
        return QuerySyntaxError(f"{where}this {tok.text} closes nothing: no bracket is open here")
    last = opened[-1]
    if _PAIRS[last.text] == tok.text:
        return None
    return QuerySyntaxError(
        f"{where}a {_PAIRS[last.text]} is missing before this {tok.text}: the {last.text} at line {last.line}, "
        f"column {last.column} is still open"
    )


def check_read_only(text: str, name: str = "<query>", known: dict[str, str] | None = None) -> Approved:
    """Raise UnsafeQueryError (or QuerySyntaxError) unless the query is a read-only query;
    the approved form of it otherwise. Prefixes are checked only against `known` if given."""
    if known is None:
        from graph.namespaces import PREFIXES

        known = PREFIXES
    return approve(text, name, known)


#: Characters that start a string or a comment: inside an IRI that a reader could take apart
#: (see approve), they would make it read the rest of the text differently from this lexer.
_DESYNC = re.compile("['#]")
#: Tokens that end an operand: after one, `<` can be the less-than operator.
_OPERAND_KINDS = {"var", "number", "string", "langtag", "iri", "pname", "bnode"}


def _operand_before(tokens: list[Token], i: int) -> bool:
    """Whether the token before token i ends an operand (so a `<` at i may be less-than)."""
    if i == 0:
        return False
    before = tokens[i - 1]
    if before.kind in _OPERAND_KINDS or before.text in (")", "]"):
        return True
    return before.kind == "word" and before.text.lower() in ("true", "false")


def _refuse(tok: Token, name: str, keyword: str, *, exact: bool = True, prefix: str = "", inside: bool = False) -> None:
    reason = FORBIDDEN.get(keyword, "FROM is only allowed between the query form and WHERE")
    where = f"{name}:{tok.line}:{tok.column}: refused: "
    if prefix:
        raise UnsafeQueryError(f"{where}{keyword}: the prefix '{prefix}:' reads as the keyword {keyword}; rename it")
    if inside:
        raise UnsafeQueryError(f"{where}{keyword} inside {tok.text[:40]!r}, which a reader could take apart")
    if not exact:
        raise UnsafeQueryError(f"{where}{keyword} inside the word {tok.text[:40]!r} ({reason})")
    raise UnsafeQueryError(f"{where}{reason}")


def _check_form(tokens: list[Token], name: str) -> None:
    """Raise QuerySyntaxError unless the query is SELECT, CONSTRUCT, ASK or DESCRIBE after its
    PREFIX and BASE declarations: the engines' own message for a misspelt keyword is cryptic."""
    words = tokens
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


def _star_after(tokens: list[Token], i: int) -> bool:
    """True if the SELECT at token i projects `*` (after an optional DISTINCT or REDUCED)."""
    j = i + 1
    if j < len(tokens) and tokens[j].kind == "word" and tokens[j].text.upper() in ("DISTINCT", "REDUCED"):
        j += 1
    return j < len(tokens) and tokens[j].text == "*"


def _dataset_clause(
    tokens: list[Token], i: int, form: str, depth: int, closed_groups: int, where: bool, name: str
) -> int:
    """Index of the IRI token of the `FROM [NAMED] iri` at token i; refuse a FROM anywhere
    else than between the query form and the WHERE clause of the outermost query."""
    tok = tokens[i]
    allowed = form and depth == 0 and not where and closed_groups <= (1 if form == "CONSTRUCT" else 0)
    if not allowed:
        raise UnsafeQueryError(
            f"{name}:{tok.line}:{tok.column}: refused: FROM is only allowed between the query form and WHERE"
        )
    target = i + 1
    if target < len(tokens) and tokens[target].kind == "word" and tokens[target].text.upper() == "NAMED":
        target += 1
    if target >= len(tokens) or tokens[target].kind not in ("iri", "pname"):
        raise QuerySyntaxError(f"{name}:{tok.line}:{tok.column}: FROM needs a graph IRI (<…> or a prefixed name)")
    return target


def _graph_iri(tok: Token, declared: dict[str, str], known: dict[str, str], base: str | None, name: str) -> str:
    """The absolute IRI a FROM names (a prefixed name expanded, a relative IRI against BASE)."""
    if tok.kind == "iri":
        iri = tok.text[1:-1]
        if base and not re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", iri):
            from urllib.parse import urljoin

            iri = urljoin(base, iri)
    else:
        prefix, local = tok.text.split(":", 1)
        namespace = declared.get(prefix, known.get(prefix))
        if namespace is None:
            raise QuerySyntaxError(f"{name}:{tok.line}:{tok.column}: unknown prefix '{prefix}:' in {tok.text}")
        iri = namespace + re.sub(r"\\(.)", r"\1", local)
    if not re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", iri):
        raise QuerySyntaxError(f"{name}:{tok.line}:{tok.column}: FROM needs an absolute IRI, not <{iri}>")
    return iri


def _namelike(char: str) -> bool:
    """True for a character that can continue a name, number or keyword."""
    return char.isalnum() or char in "_-.:%\\" or ord(char) > 0x7F


def _rebuild(decoded: str, kept: list[Token]) -> tuple[str, list[Token], list[tuple[int, int, int, int]]]:
    """The approved text: the kept tokens in their places, with what lay between them (space,
    comments, a FROM clause) blanked but its line breaks kept, and a space between two
    name-like tokens that touched (not elsewhere: pyoxigraph refuses `COALESCE (`, rdflib
    `p *`). Returns it with its tokens and the position map back to the original."""
    parts: list[str] = []
    end = 0
    size = 0
    starts: list[int] = []
    for n, tok in enumerate(kept):
        gap = decoded[end : tok.start]
        if gap:
            gap = _NOT_NEWLINE.sub(lambda m: " " * len(m.group()), gap)
        elif n and _namelike(kept[n - 1].text[-1]) and (_namelike(tok.text[0]) or tok.kind == "var"):
            gap = " "  # `1e0SERVICE`: two name-like tokens touching are set apart for any reader
        parts.append(gap)
        size += len(gap)
        starts.append(size)
        parts.append(tok.text)
        size += len(tok.text)
        end = tok.start + len(tok.text)
    text = "".join(parts) + ("\n" if decoded.endswith(("\n", "\r")) else "")
    positions = Positions(text, [])
    tokens: list[Token] = []
    mapping: list[tuple[int, int, int, int]] = []
    for tok, start in zip(kept, starts, strict=True):
        line, column = positions.at(start)
        tokens.append(Token(tok.kind, tok.text, line, column, start))
        mapping.append((line, column, tok.line, tok.column))
    return text, tokens, mapping
