"""Text for a terminal: data (labels, names, error causes quoting a query) must never be
obeyed by it. Control characters (ESC, BEL, NUL, C1, bidirectional overrides…) are shown as
escapes such as `\x1b`; tabs stay; line breaks stay only where the caller allows them.
"""

from __future__ import annotations

import re

#: Characters a terminal could act on: C0 (but tab and line feed), DEL, C1, and the Unicode
#: format characters that reorder or hide text (bidi overrides and isolates, zero-width).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_UNSAFE_ONE_LINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, lines: bool = False) -> str:
    """`text` safe to print: control characters as escapes; line feeds kept only if `lines`."""
    pattern = _UNSAFE if lines else _UNSAFE_ONE_LINE
    return pattern.sub(_escape, text)
