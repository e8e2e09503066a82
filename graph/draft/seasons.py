"""Which season a piece of text speaks of: "season 3", "season three", "the third season",
"seasons 1 and 2", "the second and third seasons", "the first three seasons", "its third" after
"the first season"; "the new season" (the season the article is about); and a season of
another show ("the second season of the coastal mystery"), which is no season of ours."""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.numberwords import ORDINALS, UNITS, suffixed, value

_ORDINALS = {word: n for n, word in enumerate(ORDINALS) if 1 <= n <= 10}
_ORDINALS |= {suffixed(n): n for n in range(1, 11)} | {"sophomore": 2, "freshman": 1, "debut": 1}
_ORD = r"(?:" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r")"
_NUM = r"(?:\d{1,2}|" + "|".join(UNITS[1:11]) + ")"  # one to ten

_PATTERNS = [
    # several at once
    ("list", rf"\bseasons\s(?P<a>{_NUM})(?P<more>(?:(?:,\s|,?\s(?:and|&)\s){_NUM})+)"),
    ("range", rf"\bseasons\s(?P<a>{_NUM})\s?(?:-|–|to|through)\s?(?P<b>{_NUM})\b"),
    ("ordinals", rf"\b(?P<all>{_ORD}(?:,\s{_ORD})*,?\s(?:and|&)\s{_ORD})\sseasons\b"),
    ("first_n", r"\bfirst\s(?P<n>two|three|four|five|[2-5])\sseasons\b"),
    # one
    ("number", rf"\bseason\s(?P<n>{_NUM})\b(?!-|\s?(?:episodes?|premieres?|finale)\s(?:of|from)\b)"),
    ("ordinal", rf"\b(?P<o>{_ORD})[\s-]season\b"),
    ("word", r"\b(?P<o>sophomore|freshman|debut)\sseason\b"),
    # the season the article is about, and the one the text is in
    ("new", r"\b(?:the|its|this)\s(?:new|upcoming|coming|next|latest|forthcoming)\s(?:season|episodes|batch of episodes)\b"),
    ("this", r"\b(?:this|the)\sseason\b"),
    # seasons it does not number: no season to give facts to
    ("other", r"\b(?:both|the|its|all|two)\s(?:previous|earlier|past|prior|former|other|last\stwo|last\sthree)\sseasons\b|\bboth\sseasons\b"),
]  # fmt: skip
_COMPILED = [(kind, re.compile(p, re.IGNORECASE)) for kind, p in _PATTERNS]
# "its third" / "in the first, which": an ordinal standing for "... season" said just before
_ELLIPSIS = re.compile(
    rf"\b(?:its|the)\s(?P<o>{_ORD})\b(?=\s*(?:,|;|\.|$|\s(?:and|which|did|was|is|will|arrived|premiered|followed|one)\b))",
    re.IGNORECASE,
)
# "the second season of the coastal mystery": another show's season
_OTHER_SHOW = re.compile(
    r"^\s+of\s+(?!XO\b|the\s(?:show|series|spinoff|spin-off|franchise|Netflix|romantic|teen)\b|Netflix['’]s\sXO\b|its\b|this\b)"
    r"(?:the\s+)?[\w]",
)


@dataclass(frozen=True)
class Mention:
    """Where a text names a season: its numbers; `kind` says how ("explicit": "season 3";
    "ellipsis": "its third" after another season; "new": the new season; "this": this season;
    "other": seasons it does not number, "both previous seasons")."""

    start: int
    end: int
    numbers: tuple[int, ...]
    kind: str
    foreign: bool = False  # another show's season

    @property
    def explicit(self) -> bool:
        return self.kind in ("explicit", "ellipsis")


def _number(word: str) -> int | None:
    word = word.lower()
    return _ORDINALS.get(word) or value(word)


def find_seasons(text: str) -> list[Mention]:
    """The seasons `text` names, in order, none overlapping (the longest reading wins)."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for kind, regex in _COMPILED:
        for m in regex.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            numbers = _numbers(kind, m)
            if numbers is None:
                continue
            what = {"new": "new", "this": "this", "other": "other"}.get(kind, "explicit")
            foreign = bool(_OTHER_SHOW.match(text[m.end() : m.end() + 40]))
            found.append(Mention(m.start(), m.end(), numbers, what, foreign))
            taken.append((m.start(), m.end()))
    ordinals = [m for m in found if m.kind == "explicit"]
    if ordinals:
        for m in _ELLIPSIS.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            n = _number(m.group("o"))
            if n:
                found.append(Mention(m.start(), m.end(), (n,), "ellipsis"))
    return sorted(found, key=lambda m: m.start)


def _numbers(kind: str, m: re.Match[str]) -> tuple[int, ...] | None:
    if kind in ("new", "this", "other"):
        return ()
    if kind == "list":
        parts = [m.group("a"), *re.findall(_NUM, m.group("more"), re.IGNORECASE)]
        numbers = [_number(p) for p in parts]
    elif kind == "range":
        a, b = _number(m.group("a")), _number(m.group("b"))
        numbers = list(range(a, b + 1)) if a and b and a < b <= 20 else [None]
    elif kind == "ordinals":
        numbers = [_number(p) for p in re.findall(_ORD, m.group("all"), re.IGNORECASE)]
    elif kind == "first_n":
        n = _number(m.group("n"))
        numbers = list(range(1, n + 1)) if n else [None]
    elif kind == "number":
        numbers = [_number(m.group("n"))]
    else:
        numbers = [_number(m.group("o"))]
    if any(n is None or not 0 < n <= 20 for n in numbers):
        return None
    return tuple(dict.fromkeys(n for n in numbers if n is not None))


def heading_season(text: str) -> int | None:
    """The one season a heading or a question names ("Season 2", "What happened in season 3?")."""
    numbers = {n for m in find_seasons(text) if m.explicit and not m.foreign for n in m.numbers}
    return numbers.pop() if len(numbers) == 1 else None
