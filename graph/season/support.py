"""Does a quote support its fact? The sentence(s) it cites must name every entity of the fact
(actor and character, the place, the crew member) the way names are matched elsewhere
(`graph.season.matching.normalize`: case, spacing, punctuation and accents ignored), and give
a date or a number in words or digits. Otherwise the fact is refused, pointing at the
closest sentence of the source that would support it."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from graph.datewords import MONTHS as _MONTHS
from graph.datewords import Mention, find_dates
from graph.numberwords import NUMBER, ORDINALS, numbers_in, ordinal, value
from graph.season.matching import loose
from graph.season.spec import Date


@dataclass(frozen=True)
class SeasonNeed:
    """A season, named in a sentence by its number ("season 3", "the third season") or in a
    plural ("the second and third seasons", "seasons 2 and 3", "the first three seasons")."""

    number: int


#: What a fact needs named: (what, the names any of which will do) per entity; or a date; or a
#: number; or a season.
Need = tuple[str, list[str]] | Date | int | SeasonNeed
#: Entities a sentence may name by a part of their name: a person by their surname or given
#: name ("Cathcart is back as Kitty"), a character by the first word of a longer name.
_BY_PART = {"the actor", "the person", "the person replaced", "the character"}
_TITLES = {"professor", "principal", "mr", "mrs", "ms", "miss", "dr", "doctor", "coach", "sir", "madame", "the"}


def _names_in(text: str, names: list[str], parts: bool = False) -> bool:
    folded = loose(text)
    if any(loose(n) and loose(n) in folded for n in names):
        return True
    if not parts:
        return False
    for name in names:
        words = name.split()
        for part in {words[0], words[-1]} if len(words) > 1 else set():
            # a whole word, and not a possessive ("Kitty's mother" does not name Kitty)
            whole = rf"(?<![\w'’-]){re.escape(part)}(?![\w-]|['’]s\b)"
            if len(part) >= 3 and part.lower().strip(".") not in _TITLES and re.search(whole, text, re.IGNORECASE):
                return True
    return False


_ORDINAL = r"(?:" + "|".join(sorted(ORDINALS[1:], key=len, reverse=True)) + r"|\d{1,2}(?:st|nd|rd|th))"
#: "season 3", "season three", "season twenty-two"
_ONE = re.compile(rf"(?<![\w-])season\s+(?P<n>{NUMBER})(?!\w)")
#: "the third season", "3rd season" (not "the twenty-first season", nor "the 23rd season")
_ONE_ORDINAL = re.compile(rf"(?<![\w-])(?P<o>{_ORDINAL})[\s-]season\b")
#: ordinals listed before "seasons": "the second and third seasons", "its first, third or fourth seasons"
_ORDINAL_LIST = re.compile(rf"\b{_ORDINAL}(?:\s*,\s*{_ORDINAL})*(?:\s*,?\s+(?:and|or|&)\s+{_ORDINAL})?\s+seasons\b")
#: "the third through fifth seasons"
_ORDINAL_RANGE = re.compile(rf"\b(?P<a>{_ORDINAL})\s+(?:to|through|-|–)\s+(?P<b>{_ORDINAL})\s+seasons\b")
#: "the first three seasons", "all three seasons": seasons 1 to N
_FIRST_N = re.compile(rf"\b(?:first|all)\s+(?P<n>{NUMBER})\s+seasons\b")
#: "seasons 1, 2 and 3"
_NUMBER_LIST = re.compile(rf"\bseasons\s+(?P<list>{NUMBER}(?:\s*(?:,|and|&)\s*{NUMBER})*)(?!\w)")
#: "seasons 1-3", "seasons two through four"
_NUMBER_RANGE = re.compile(rf"\bseasons\s+(?P<a>{NUMBER})\s*(?:-|–|to|through)\s*(?P<b>{NUMBER})(?!\w)")


def _season_in(text: str, number: int) -> bool:
    """Whether `text` names season `number`, alone, in a list or in a range, in digits or words."""
    lower = " ".join(text.lower().replace("’", "'").split())
    if any(value(m.group("n")) == number for m in _ONE.finditer(lower)):
        return True
    if any(ordinal(m.group("o")) == number for m in _ONE_ORDINAL.finditer(lower)):
        return True
    for listed in _ORDINAL_LIST.finditer(lower):
        if number in (ordinal(word) for word in re.findall(r"\w+", listed.group())):
            return True
    for m in _ORDINAL_RANGE.finditer(lower):
        if (ordinal(m.group("a")) or 0) <= number <= (ordinal(m.group("b")) or 0):
            return True
    if any((n := value(m.group("n"))) is not None and 1 <= number <= n for m in _FIRST_N.finditer(lower)):
        return True
    if any(number in numbers_in(m.group("list")) for m in _NUMBER_LIST.finditer(lower)):
        return True
    return any(
        (value(m.group("a")) or 0) <= number <= (value(m.group("b")) or 0) for m in _NUMBER_RANGE.finditer(lower)
    )


def date_mention(text: str, date: Date, published: dt.date | None) -> Mention | None:
    """Where `text` writes `date`: a date expression that reads as the same period ("April 2"
    with the publication date, "the spring of 2025" for 2025-03..2025-05), whichever way a
    date without its year is read; None if it writes no such date."""
    for tense in (None, "future", "past"):
        for mention in find_dates(text, published, tense):
            if mention.date is not None and mention.date.same_as(date):
                return mention
            if mention.span and any(end.same_as(date) for end in mention.span):
                return mention  # one end of "from March to June 2022"
    return None


def _date_in(text: str, date: Date, published: dt.date | None = None) -> bool:
    if date.text in text or date_mention(text, date, published) is not None:
        return True
    if date.is_range or date.first is None:
        return False
    # the year, month and day written anywhere in the sentence ("March 5 … in 2025")
    lower = text.lower()
    year = str(date.first.year)
    if not re.search(rf"(?<!\d){year}(?!\d)", text):
        return False
    if date.precision == "year":
        return True
    month = _MONTHS[date.first.month - 1]
    if not re.search(rf"\b({month}|{month[:3]}\.?)\b", lower):
        return False
    if date.precision == "month":
        return True
    return bool(re.search(rf"(?<!\d)0?{date.first.day}(st|nd|rd|th)?(?!\d)", text))


def _number_in(text: str, number: int) -> bool:
    """Whether `text` writes `number`, in digits or words ("8", "eight", "twenty-two", "a dozen")."""
    return bool(re.search(rf"(?<!\d){number}(?!\d)", text)) or number in numbers_in(text)


def missing(text: str, needs: Sequence[Need], published: dt.date | None = None) -> list[str]:
    """What `text` does not name of `needs` (empty when it supports the fact); dates written
    without their year or relative to the time of writing are read from `published`."""
    out = []
    for need in needs:
        if isinstance(need, Date):
            if not _date_in(text, need, published):
                out.append(f"the date {need.text}")
        elif isinstance(need, SeasonNeed):
            if not _season_in(text, need.number):
                out.append(f"the season 'season {need.number}'")
        elif isinstance(need, int):
            if not _number_in(text, need):
                out.append(f"the number {need}")
        elif not _names_in(text, need[1], parts=need[0] in _BY_PART):
            out.append(f"{need[0]} {need[1][0]!r}")
    return out


def closest_support(
    quote: str, sentences: Sequence[tuple[int, str]], needs: Sequence[Need], published: dt.date | None = None
) -> str:
    """A hint naming the sentence of the source that names everything and reads most like
    the quote, or saying that no sentence does."""
    supporting = [(n, text) for n, text in sentences if not missing(text, needs, published)]
    if not supporting:
        return "; no sentence of the source names all of it (mark it --inferred with your reasoning if it is implied)"
    n, text = max(supporting, key=lambda s: difflib.SequenceMatcher(None, quote, s[1], autojunk=False).ratio())
    flat = " ".join(text.split())
    return f"; the closest sentence that would support it: s{n:02d} {(flat if len(flat) <= 90 else flat[:89] + '…')!r}"
