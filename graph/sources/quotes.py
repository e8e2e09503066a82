"""Finding a quote in a source text, to cite the sentence(s) that contain it.

Whitespace runs count as one space and typographic quote marks as plain ones, so a quote
typed on a keyboard matches the article's “curly” text; otherwise the match is verbatim.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from graph.errors import UsageError
from graph.sources.text import Sentence

_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "\u00a0": " "})


@dataclass(frozen=True)
class Citation:
    """The sentences a quote was found in."""

    quote: str
    sentences: tuple[Sentence, ...]


def _folded(text: str) -> tuple[str, list[int]]:
    """The text with whitespace runs as one space and plain quote marks, and for each of its
    characters the offset of the original character."""
    out: list[str] = []
    where: list[int] = []
    for match in re.finditer(r"\s+|\S", text):
        out.append(" " if match.group().isspace() else match.group().translate(_MARKS))
        where.append(match.start())
    return "".join(out), where


def occurrences(quote: str, text: str) -> int:
    """How many times `quote` stands in `text`, both read as `find_quote` reads them (whitespace
    runs as one space, typographic quote marks as plain ones)."""
    wanted = " ".join(quote.translate(_MARKS).split())
    return " ".join(text.translate(_MARKS).split()).count(wanted) if wanted else 0


def find_quote(quote: str, text: str, sentences: Sequence[Sentence], source: str) -> Citation:
    """The sentence(s) of `text` that contain `quote`; a UsageError if it is not there once."""
    wanted = " ".join(quote.translate(_MARKS).split())
    if len(wanted) < 3:
        raise UsageError(f"quote {quote!r}: too short to cite; quote the words of the source that say it")
    folded, where = _folded(text)
    hits = [m.start() for m in re.finditer(re.escape(wanted), folded)]
    if not hits:
        hint = _closest(wanted, sentences)
        raise UsageError(
            f"quote {_short(quote)} not found in source {source!r}{hint}; copy it from `kg source show {source}`"
        )
    cited: list[tuple[Sentence, ...]] = []
    starts = [s.start for s in sentences]  # sentences are in text order: find each hit by bisection
    for hit in hits:
        start, end = where[hit], where[hit + len(wanted) - 1] + 1
        first = max(bisect.bisect_right(starts, start) - 1, 0)
        found = tuple(s for s in sentences[first : bisect.bisect_left(starts, end)] if s.start < end and start < s.end)
        if found and all(s.heading for s in found):
            raise UsageError(
                f"quote {_short(quote)} is a heading of source {source!r} (s{found[0].number:02d}); "
                "a heading states nothing: quote a sentence"
            )
        found = tuple(s for s in found if not s.heading)
        if found and found not in cited:
            cited.append(found)
    if not cited:
        raise UsageError(f"quote {_short(quote)} is in source {source!r} but in no registered sentence of it")
    if len(cited) > 1:
        numbers = " and ".join("+".join(f"s{s.number:02d}" for s in group) for group in cited)
        raise UsageError(
            f"quote {_short(quote)} appears in several places of source {source!r} ({numbers}); quote more words so it names one"
        )
    return Citation(quote, cited[0])


def _closest(wanted: str, sentences: Sequence[Sentence]) -> str:
    """The sentence sharing the longest run of characters with the quote, as a hint."""
    best, best_size = None, 0
    for s in sentences:
        if s.heading:
            continue
        text = " ".join(s.text.translate(_MARKS).split())
        size = difflib.SequenceMatcher(None, wanted, text, autojunk=False).find_longest_match().size
        if size > best_size:
            best, best_size = s, size
    if best is None or best_size < max(4, len(wanted) // 3):
        return ""
    return f" (closest: s{best.number:02d} {_short(best.text)})"


def _short(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")
