"""SPARQL lexer: the text's `\\u`/`\\U` escapes decoded first, as the SPARQL grammar says
(section 19.2), then split into the grammar's own terminals (IRIREF, PNAME_LN/PNAME_NS,
BLANK_NODE_LABEL, VAR1/VAR2, LANGTAG, INTEGER/DECIMAL/DOUBLE with their signs, the four
string forms with only the ECHAR escapes, comments, keywords and punctuation).

Hand-written with one compiled regular expression rather than a parser library: the guard
runs on every `kg query`, and importing a parser generator would cost the cold start more
than the whole query takes.
"""

from __future__ import annotations

import re

from graph.errors import QuerySyntaxError

# The grammar's character classes (SPARQL 1.1 Query, section 19.8), as regex class bodies.
# The exact classes list thousands of non-ASCII ranges, and compiling them costs ~50 ms per
# process (sre fills a 64k-entry map per class in Python): too much for every cold `kg
# query`. So the lexer's own expression lets any non-ASCII character stand in a name, and a
# name that holds one is then checked against the exact classes, compiled only then.
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U = _BASE + "_"
_CHARS = _U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?\#@%]"
#: Exact names, for names holding non-ASCII characters (see above).
_EXACT = {
    "pname": f"(?:[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?)?:"
    f"(?:(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?)?",
    "var": f"[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*",
    "bnode": f"_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?",
}
_N = r"[^\x00-\x7f]"  # any non-ASCII character (checked afterwards)
_C = r"A-Za-z_\-0-9"  # the ASCII part of PN_CHARS
_ECHAR = r"\\[tbnrf\\\"']"
_EXP = r"[eE][+-]?[0-9]+"


def _token_pattern(wide: bool) -> str:
    """The terminals as one expression, alternatives in the order that gives the grammar's
    longest match where two could start.

    Not `wide`, the alternatives that need a non-ASCII character (`_N`), a backslash (ECHAR,
    PLX) or a percent sign (PLX) are left out: on a text that holds none of these they can
    match nothing, so both expressions read such a text alike, and the narrow one compiles in
    half the time (~1 ms of every cold `kg query`, whose named queries are plain ASCII)."""
    n, plx, echar = (f"|{_N}", f"|{_PLX}", f"|{_ECHAR}") if wide else ("", "", "")
    prefix = f"(?:[A-Za-z]{n})(?:(?:[{_C}.]{n})*(?:[{_C}]{n}))?"
    local = f"(?:[A-Za-z_:0-9]{n}{plx})(?:(?:[{_C}.:]{n}{plx})*(?:[{_C}:]{n}{plx}))?"
    return rf"""
    (?P<space>[ \t\r\n]+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]{echar}))*'''
      |\"\"\"(?:(?:"|"")?(?:[^"\\]{echar}))*\"\"\"
      |'(?:[^'\\\r\n]{echar})*'
      |"(?:[^"\\\r\n]{echar})*")
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<bnode>_:(?:[A-Za-z_0-9]{n})(?:(?:[{_C}.]{n})*(?:[{_C}]{n}))?)
  | (?P<var>[?$](?:[A-Za-z_0-9]{n})+)
  | (?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?)
  | (?P<number>[+-]?(?:[0-9]+\.[0-9]*{_EXP}|\.[0-9]+{_EXP}|[0-9]+{_EXP}|[0-9]*\.[0-9]+|[0-9]+))
  | (?P<pname>(?:{prefix})?:(?:{local})?)
  | (?P<word>[A-Za-z][A-Za-z0-9_]*)
  | (?P<other>\^\^|\|\||&&|!=|<=|>=|<<\(|\)>>|<<|>>|\{{\||\|\}}|[{{}}()\[\];,.*/+\-|^!=<>?~])
  | (?P<bad>.)
    """


_TOKENS: dict[bool, re.Pattern[str]] = {}


def token_expression(text: str) -> re.Pattern[str]:
    """The compiled terminals for `text`: the narrow expression when the text holds no
    non-ASCII character, backslash or percent sign, else the wide one (each compiled once)."""
    wide = not text.isascii() or "\\" in text or "%" in text
    if wide not in _TOKENS:
        _TOKENS[wide] = re.compile(_token_pattern(wide), re.VERBOSE | re.DOTALL)
    return _TOKENS[wide]


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_NEWLINE = re.compile(r"\r\n|\r|\n")


class Token:
    """One token: its kind (a group name of the terminals' expression), text, 1-based line and column, and its
    character offset in the text it was read from.

    A plain class rather than a dataclass: building dataclasses costs import time on every
    cold `kg query`.
    """

    __slots__ = ("column", "kind", "line", "start", "text")

    def __init__(self, kind: str, text: str, line: int, column: int, start: int = 0) -> None:
        self.kind, self.text, self.line, self.column, self.start = kind, text, line, column, start

    def __repr__(self) -> str:
        return f"Token({self.kind!r}, {self.text!r}, {self.line}, {self.column})"


class Positions:
    """Turns a character offset of the decoded text into the line and column of the text as
    written (escapes make the two differ).

    Offsets are asked for in increasing order (the lexer's tokens), so the line is found by a
    cursor that moves forward (back to the start for an earlier offset): no `bisect` import on
    every cold `kg query`, and linear time."""

    __slots__ = ("_line", "line_starts", "marks")

    def __init__(self, original: str, marks: list[tuple[int, int]]) -> None:
        self.line_starts = [0] + [m.end() for m in _NEWLINE.finditer(original)]
        self.marks = marks  # (decoded offset, original offset) after each escape, in order
        self._line = 0  # index into line_starts of the last line found

    def at(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the original text of decoded offset `offset`."""
        if self.marks:
            from bisect import bisect_right  # only for a text with escapes

            i = bisect_right(self.marks, (offset, float("inf"))) - 1
            if i >= 0:
                decoded, original = self.marks[i]
                offset = original + (offset - decoded)
        starts = self.line_starts
        line = self._line if starts[self._line] <= offset else 0
        while line + 1 < len(starts) and starts[line + 1] <= offset:
            line += 1
        self._line = line
        return line + 1, offset - starts[line] + 1


def decode(text: str, name: str = "<query>") -> tuple[str, Positions]:
    """Apply SPARQL's codepoint escapes to the whole text, once, before anything reads it.

    Refuses an escape that is not a character (a surrogate, past U+10FFFF), and a text whose
    decoded form still holds an escape: a reader that decoded twice would see other text.
    """
    if "\\u" not in text and "\\U" not in text:
        return text, Positions(text, [])
    out: list[str] = []
    marks: list[tuple[int, int]] = []
    last = size = 0
    for match in _ESCAPE.finditer(text):
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            line, column = Positions(text, []).at(match.start())
            raise QuerySyntaxError(f"{name}:{line}:{column}: {match.group()} is not a Unicode character")
        out.append(text[last : match.start()])
        out.append(chr(code))
        size += match.start() - last + 1
        last = match.end()
        marks.append((size, last))
    out.append(text[last:])
    decoded = "".join(out)
    positions = Positions(text, marks)
    again = _ESCAPE.search(decoded)
    if again:
        line, column = positions.at(again.start())
        raise QuerySyntaxError(
            f"{name}:{line}:{column}: an escape that decodes into another escape ({again.group()}) is refused: "
            "SPARQL decodes escapes once"
        )
    return decoded, positions


def lex(text: str, positions: Positions, name: str = "<query>") -> list[Token]:
    """The tokens of decoded text (whitespace dropped, comments kept), positioned in the text
    as written. A character that starts no SPARQL terminal is a syntax error here, so that
    no reader can find in it a token this lexer did not see."""
    tokens: list[Token] = []
    for match in token_expression(text).finditer(text):
        kind = match.lastgroup
        if kind == "space":
            continue
        line, column = positions.at(match.start())
        if kind == "bad" and match.start() == 0 and match.group() == "\ufeff":
            continue  # a byte order mark some editors put at the start of a .rq file
        if kind == "bad":
            char = match.group()
            shown = repr(char) if char.isprintable() else f"U+{ord(char):04X}"
            if char in "'\"":
                cause = "a string that does not end on its line (or has a backslash that is not \\t \\n \\r \\b \\f \\\" \\' \\\\)"
            else:
                cause = f"the character {shown} starts no SPARQL token"
            raise QuerySyntaxError(f"{name}:{line}:{column}: SPARQL syntax error: {cause}")
        value = match.group()
        if kind in _EXACT and not value.isascii() and not _exact(kind).fullmatch(value):
            raise QuerySyntaxError(
                f"{name}:{line}:{column}: SPARQL syntax error: {value[:40]!r} holds a character "
                "the grammar does not allow in a name"
            )
        tokens.append(Token(kind, value, line, column, match.start()))  # type: ignore[arg-type]
    return tokens


_compiled: dict[str, re.Pattern[str]] = {}


def _exact(kind: str) -> re.Pattern[str]:
    """The exact expression for a kind of name, compiled on first use (see _EXACT)."""
    if kind not in _compiled:
        _compiled[kind] = re.compile(_EXACT[kind])
    return _compiled[kind]


def tokenize(text: str) -> list[Token]:
    """Tokens of SPARQL text as written (no escape decoding; never raises: a character that
    starts no token comes back as an `other` token). For callers that only locate things."""
    tokens: list[Token] = []
    positions = Positions(text, [])
    for match in token_expression(text).finditer(text):
        kind = match.lastgroup
        if kind == "space":
            continue
        line, column = positions.at(match.start())
        tokens.append(Token("other" if kind == "bad" else kind, match.group(), line, column, match.start()))  # type: ignore[arg-type]
    return tokens
