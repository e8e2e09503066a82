"""Caps on what one query may ask of the engine: its size and how deeply it nests.

Deep nesting overflows the engine's parser stack and kills the process (a FILTER with
10,000 parentheses segfaults pyoxigraph), so it is refused before the engine sees it.
"""

from __future__ import annotations

from graph.errors import UsageError

MAX_QUERY_CHARS = 100_000
MAX_NESTING = 64
_OPEN = {"(": ")", "{": "}", "[": "]"}
_CLOSE = {")", "}", "]"}


def check_query_limits(text: str, *, max_chars: int = MAX_QUERY_CHARS, max_nesting: int = MAX_NESTING) -> None:
    """Raise UsageError if the query is longer than `max_chars` or nests brackets deeper than
    `max_nesting` (brackets inside strings, IRIs and comments do not count)."""
    if len(text) > max_chars:
        raise UsageError(f"query too large: {len(text)} characters; at most {max_chars} are accepted")
    if text.count("(") + text.count("{") + text.count("[") <= max_nesting:
        return  # cannot nest deeper than it has brackets: skip the tokenizer on small queries
    from graph.sparql.guard import tokenize

    depth = 0
    for tok in tokenize(text):
        if tok.kind != "other":
            continue
        if tok.text in _OPEN:
            depth += 1
            if depth > max_nesting:
                raise UsageError(
                    f"<query>:{tok.line}:{tok.column}: query nested too deeply: "
                    f"more than {max_nesting} levels of brackets are refused"
                )
        elif tok.text in _CLOSE:
            depth = max(depth - 1, 0)
