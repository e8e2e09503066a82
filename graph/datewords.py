"""Dates as articles write them: "January 16, 2025", "April 2", "June of 2023", "in the spring of
2025", "late 2026", "next month", "later this year", "by July or August", "from March to June
2022". Each is found in a text with its words and read into a `graph.dates.Date`.

A date without its year, or relative to the time of writing ("next month"), is resolved
against the source's publication date, and says how (`Mention.resolution`); without a
publication date it stays unresolved (`Mention.date` is None). Parts of a year follow one
table: spring = March to May, summer = June to August, fall or autumn = September to November;
early = January to April, the middle (mid) = May to August, late = September to December.
A bound keeps only what the source gives: "by August" (and "by the end of July") is a range
with no first day. "Today" is the publication date, "on Thursday" the last Thursday before it
(or the next, for what is to come); "the summer" without a year is the next or last summer
from it, as a month without its year is.

Used by `kg season add` (a quote supports a date when it writes that date; `--premiere
"April 2"`) and by `kg season draft`. Standard library only.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from graph.dates import Date, make_date, month_end

MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
_ABBREVIATIONS = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
#: Parts of a year: (first month, last month).
SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11)}
PARTS = {"early": (1, 4), "mid": (5, 8), "middle": (5, 8), "late": (9, 12)}
_HALVES = {"first": (1, 6), "second": (7, 12)}
_QUARTERS = {"first": (1, 3), "second": (4, 6), "third": (7, 9), "fourth": (10, 12), "q1": (1, 3), "q2": (4, 6)} | {
    "q3": (7, 9),
    "q4": (10, 12),
}

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)(?![\w])"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?<!\d)(?:19|20)\d{2}(?![\d-]|’s|'s)"
_SEASON = r"(?:[Ss]pring|[Ss]ummer|[Ff]all|[Aa]utumn)"
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_REL = r"(?:this|next|last|earlier this|later this|early next|late next|earlier that|later that)"
#: a year written as words relative to the time of writing, at the end of a span
_REL_YEAR = r"(?:this|next|last) year\b"

# A month alone is a date only after words that introduce a time ("in March"); "May" and
# "March" are words too ("may premiere", "march on"), so a capitalised name is required, and
# "May" alone needs such a word or a day or year with it.
_INTRO = (
    r"(?:in|by|until|till|since|from|through|before|after|during|of|early|late|mid|this|next|last|"
    r"around|about|circa|between|and|or|to|as early as|no later than|no earlier than|not before|throughout)"
)

_PATTERNS: list[tuple[str, str]] = [
    # ranges and spans of two periods
    ("span", rf"(?:\b[Ff]rom\s+)?(?P<a>{_MONTH}(?:\s+{_DAY})?(?:,?\s+{_YEAR})?)\s+(?:to|through|until|–|-)\s+(?P<b>{_MONTH}(?:\s+{_DAY})?(?:,?\s+(?:of\s+)?(?:{_YEAR}|{_REL_YEAR}))?)"),
    ("span", rf"\b[Bb]etween\s+(?P<a>{_MONTH}(?:\s+{_DAY})?(?:,?\s+{_YEAR})?)\s+and\s+(?P<b>{_MONTH}(?:\s+{_DAY})?(?:,?\s+(?:of\s+)?(?:{_YEAR}|{_REL_YEAR}))?)"),
    ("either", rf"(?P<a>{_MONTH})\s+or\s+(?P<b>{_MONTH})(?:(?:,|\s+of)?\s+(?P<y>{_YEAR}|this year|next year|last year))?"),
    ("season_either", rf"(?P<a>{_SEASON})\s+or\s+(?P<b>{_SEASON})(?:(?:\s+of)?\s+(?P<y>{_YEAR}))?"),
    # one day
    ("mdy", rf"(?P<m>{_MONTH})\s+(?P<d>{_DAY}),?\s+(?P<y>{_YEAR})"),
    ("dmy", rf"(?<![\d])(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})"),
    ("md", rf"(?P<m>{_MONTH})\s+(?P<d>{_DAY})(?![\d,]*\s*{_YEAR})"),
    ("dm", rf"(?<![\d])(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH})"),
    # parts of a year
    ("season_year", rf"(?:\b[Tt]he\s+)?(?P<s>{_SEASON})(?:\s+of)?\s+(?P<y>{_YEAR})"),
    ("season_rel", rf"\b(?P<r>this|next|last|later this|earlier this)\s+(?P<s>{_SEASON})\b"),
    ("season_year_rel", rf"(?:\b[Tt]he\s+)?(?P<s>{_SEASON})\s+of\s+(?P<r>this|next|last)\s+year\b"),
    ("part_year", rf"\b(?P<p>[Ee]arly|[Ll]ate|[Mm]id)(?:-|\s+|\s+in\s+)?(?P<y>{_YEAR})"),
    ("part_rel", r"\b(?P<p>[Ee]arly|[Ll]ate)\s+(?P<r>next|this|last)\s+year\b"),
    ("middle_year", rf"\b[Tt]he\s+(?P<p>middle|beginning|start|end|close)\s+of\s+(?P<y>{_YEAR}|the year|this year|next year)"),
    ("half_year", rf"\b[Tt]he\s+(?P<h>first|second)\s+half\s+of\s+(?P<y>{_YEAR}|the year|this year|next year)"),
    ("quarter_year", rf"\b(?:[Tt]he\s+)?(?P<q>first|second|third|fourth)\s+quarter\s+of\s+(?P<y>{_YEAR}|the year|this year|next year)|\b(?P<q2>Q[1-4])\s+(?P<y2>{_YEAR})"),
    # a month
    ("my", rf"(?P<m>{_MONTH})(?:,|\s+of)?\s+(?P<y>{_YEAR})"),
    ("m", rf"(?P<m>{_MONTH})"),
    # relative to the time of writing
    ("rel", rf"\b(?P<r>{_REL})\s+(?P<u>month|year)\b"),
    ("day_rel", r"\b(?P<r>[Tt]oday|[Yy]esterday)\b"),
    ("weekday", rf"\b(?P<r>[Oo]n|[Tt]his|[Ll]ast|[Nn]ext)\s(?P<w>{_WEEKDAY})\b(?!,?\s+(?:{_MONTH}|\d))"),
    # a part of a year without its year: "in the summer", "by the fall"
    ("season_bare", rf"(?:\b[Tt]he\s+)?(?P<s>{_SEASON})\b"),
    # a year
    ("y", rf"(?P<y>{_YEAR})"),
]  # fmt: skip
_COMPILED = [(kind, re.compile(pattern)) for kind, pattern in _PATTERNS]

_UPPER = re.compile(
    r"\b(?:[Bb]y|[Nn]o later than|[Nn]ot later than)\s+(?:(?:around|about|early|late|mid-?)\s+)?$"
    r"|\b(?:[Bb]y|[Bb]efore)\s+the\s+(?:end|close)\s+of\s+$"
)
_BEFORE = re.compile(r"\b[Bb]efore\s+$")
_LOWER = re.compile(r"\b(?:[Nn]o earlier than|[Nn]ot before|[Aa]s early as|[Aa]t the earliest in)\s+$")
_AFTER = re.compile(r"\b[Aa]fter\s+$")
_TRAILING_BOUND = re.compile(r",?\s+at\s+the\s+(?P<w>earliest|latest)\b")

_PAST = re.compile(
    r"\b(?:premiered|debuted|began|begun|started|wrapped|ended|concluded|finished|completed|was|were|had|"
    r"announced|confirmed|revealed|renewed|released|dropped|kicked off|filmed|shot|ago|earlier|last|"
    r"got underway|went|came|arrived|landed|aired|bowed)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|set to|slated|scheduled|upcoming|coming|expected|expects|next|later|due|"
    r"premieres|returns|arrives|lands|debuts|is set|are set|plans?|planned|hopes?|aims?|going to|'ll)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """A date written in a text: where, the words, the Date they stand for (None when they
    need a publication date and there is none), and how a missing year or a relative phrase
    was resolved (None when the words give it all)."""

    start: int
    end: int
    written: str
    date: Date | None
    resolution: str | None = None
    #: for "from March to June 2022": the two ends, each a Date
    span: tuple[Date, Date] | None = None
    #: "upper" ("by August"), "lower" ("no earlier than 2027") or "" for the period itself
    bound: str = ""

    @property
    def relative(self) -> bool:
        """Read with the publication date (a day without a year, "next month", …)."""
        return self.resolution is not None or self.date is None


def month_number(name: str) -> int:
    """1-12 for a month's name or abbreviation ("Sept." included)."""
    key = name.lower().rstrip(".")
    if key in MONTHS:
        return MONTHS.index(key) + 1
    return _ABBREVIATIONS[key[:4] if key.startswith("sept") else key[:3]]


#: every reading above needs one of these: a digit, a month, a season, "month", "year", "today"
_ANY = re.compile(
    r"\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|fall|autumn|month|year|today|yesterday|day\b",
    re.IGNORECASE,
)


def find_dates(text: str, published: dt.date | None = None, tense: str | None = None) -> list[Mention]:
    """The dates written in `text`, in order, none overlapping (the longest reading wins).

    `tense` ("future" or "past") says which way a date without a year is read from the
    publication date; by default the sentence's own verbs decide ("will premiere", "wrapped"),
    and failing those the nearest such day to the publication date is taken.
    """
    if not _ANY.search(text):
        return []  # most sentences: no date to look for
    candidates: list[tuple[int, int, int, str, re.Match[str]]] = []
    for order, (kind, regex) in enumerate(_COMPILED):
        for match in regex.finditer(text):
            if match.end() > match.start():
                candidates.append((match.start(), match.end(), order, kind, match))
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2]))
    taken: list[tuple[int, int]] = []
    mentions: list[Mention] = []
    way = tense or tense_of(text)
    for start, end, _order, kind, match in candidates:
        if any(start < b and a < end for a, b in taken):
            continue
        mention = _read(kind, match, text, published, way)
        if mention is None:
            continue
        taken.append((start, end))
        mentions.append(_bounded(mention, text))
    return sorted(mentions, key=lambda m: m.start)


def tense_of(text: str) -> str | None:
    """ "past" or "future" by the verbs of a sentence ("wrapped", "will premiere"), or None."""
    past, future = len(_PAST.findall(text)), len(_FUTURE.findall(text))
    if past > future:
        return "past"
    if future > past:
        return "future"
    return None


def _year(text: str | None, published: dt.date | None) -> tuple[int | None, str | None]:
    """A written year, or a relative one ("this year") from the publication date."""
    if text is None:
        return None, None
    text = text.lower()
    if text.isdigit():
        return int(text), None
    if published is None:
        return None, "unresolved"
    shift = {"this year": 0, "the year": 0, "next year": 1, "last year": -1}[text]
    return published.year + shift, f"'{text}' is {published.year + shift}, from the publication date {published}"


def _pick_year(
    month: int,
    day: int | None,
    published: dt.date | None,
    tense: str | None,
    written: str = "",
    last_month: int | None = None,
) -> tuple[int | None, str | None]:
    """The year of a day, month or months (`month` to `last_month`: "the summer") written
    without one: the next (future) or last (past) such date from the publication date, or
    the nearest when the sentence does not say."""
    if published is None:
        return None, None
    y = published.year
    options = []
    for year in (y - 1, y, y + 1):
        try:
            first = dt.date(year, month, day or 1)
        except ValueError:  # 29 February
            continue
        last = first if day else month_end(year, last_month or month)
        options.append((year, first, last))
    if tense == "future":
        options = [o for o in options if o[2] >= published] or options
        year = min(options, key=lambda o: o[1])[0]
        how = "the next"
    elif tense == "past":
        options = [o for o in options if o[1] <= published] or options
        year = max(options, key=lambda o: o[1])[0]
        how = "the last"
    else:

        def distance(o: tuple[int, dt.date, dt.date]) -> int:
            if o[1] <= published <= o[2]:
                return 0
            return min(abs((o[1] - published).days), abs((o[2] - published).days))

        year = min(options, key=distance)[0]
        how = "the nearest"
    shown = f"'{written}'" if written else "the date"
    return year, f"{shown} has no year: {how} one from the publication date {published}, in {year}"


def _month_date(name: str, year: int | None, day: str | None = None) -> Date | None:
    if year is None:
        return None
    month = month_number(name)
    if day:
        d = int(re.match(r"\d+", day).group())  # type: ignore[union-attr]
        try:
            first = dt.date(year, month, d)
        except ValueError:
            return None
        return make_date(first, first, "day")
    return make_date(dt.date(year, month, 1), dt.date(year, month, 1), "month")


def _months(year: int | None, first: int, last: int) -> Date | None:
    if year is None:
        return None
    return make_date(dt.date(year, first, 1), dt.date(year, last, 1), "month")


def _read(kind: str, match: re.Match[str], text: str, published: dt.date | None, tense: str | None) -> Mention | None:
    """The Mention of one match, or None when the words are no date after all."""
    g = match.groupdict()
    written = match.group(0)
    start, end = match.start(), match.end()
    if kind in ("mdy", "dmy"):
        date = _month_date(g["m"], int(g["y"]), g["d"])
        return Mention(start, end, written, date) if date else None
    if kind in ("md", "dm"):
        if kind == "md" and g["m"] == "May" and not re.match(r"\d", g["d"] or ""):
            return None
        year, how = _pick_year(month_number(g["m"]), int(re.match(r"\d+", g["d"]).group()), published, tense, written)  # type: ignore[union-attr]
        return Mention(start, end, written, _month_date(g["m"], year, g["d"]), how or "unresolved")
    if kind == "my":
        return Mention(start, end, written, _month_date(g["m"], int(g["y"])))
    if kind == "m":
        name = g["m"]
        if name.rstrip(".") in ("May", "March", "Mar") and not _intro_before(text, start):
            return None  # "may premiere", "March on": a month alone needs "in", "by", "early", …
        year, how = _pick_year(month_number(name), None, published, tense, written)
        return Mention(start, end, written, _month_date(name, year), how or "unresolved")
    if kind == "y":
        year = int(g["y"])
        return Mention(start, end, written, make_date(dt.date(year, 1, 1), dt.date(year, 1, 1), "year"))
    if kind in ("season_year", "season_rel", "season_year_rel"):
        first, last = SEASONS[g["s"].lower()]
        if kind == "season_year":
            return Mention(start, end, written, _months(int(g["y"]), first, last))
        if published is None:
            return Mention(start, end, written, None, "unresolved")
        relative, year = g["r"].lower(), published.year
        if kind == "season_year_rel":
            year += {"next": 1, "last": -1}.get(relative, 0)
        elif relative == "next" and published.month >= first:
            year += 1  # "next spring" in June is the spring of next year; in January, this year's
        elif relative == "last" and published.month <= last:
            year -= 1
        how = f"'{written}' from the publication date {published}"
        return Mention(start, end, written, _months(year, first, last), how)
    if kind == "part_year":
        first, last = PARTS[g["p"].lower()]
        return Mention(start, end, written, _months(int(g["y"]), first, last))
    if kind == "part_rel":
        first, last = PARTS[g["p"].lower()]
        year, how = _year(f"{g['r']} year", published)
        return Mention(start, end, written, _months(year, first, last), how)
    if kind == "middle_year":
        year, how = _year(g["y"], published)
        part = g["p"].lower()
        first, last = {"middle": (5, 8), "beginning": (1, 1), "start": (1, 1)}.get(part, (12, 12))
        return Mention(start, end, written, _months(year, first, last), how)
    if kind == "half_year":
        year, how = _year(g["y"], published)
        return Mention(start, end, written, _months(year, *_HALVES[g["h"].lower()]), how)
    if kind == "quarter_year":
        which = (g["q"] or g["q2"]).lower()
        year, how = _year(g["y"] or g["y2"], published)
        return Mention(start, end, written, _months(year, *_QUARTERS[which]), how)
    if kind == "rel":
        return _relative(start, end, written, g["r"].lower(), g["u"], published)
    if kind == "day_rel":
        if published is None:
            return Mention(start, end, written, None, "unresolved")
        day = published - dt.timedelta(days=1 if g["r"].lower() == "yesterday" else 0)
        how = f"'{written}' is {day}, from the publication date {published}"
        return Mention(start, end, written, make_date(day, day, "day"), how)
    if kind == "weekday":
        return _weekday(start, end, written, g["r"].lower(), g["w"], published, tense)
    if kind == "season_bare":
        if not written.lower().startswith("the") and not _intro_before(text, start):
            return None  # "Fall is always busy": a season's name alone is no date
        first, last = SEASONS[g["s"].lower()]
        year, how = _pick_year(first, None, published, tense, written, last)
        return Mention(start, end, written, _months(year, first, last), how or "unresolved")
    if kind in ("either", "season_either"):
        year, how = _year(g["y"], published)
        if year is None and g["y"] is None:
            if kind == "season_either":
                return None
            year, how = _pick_year(month_number(g["a"]), None, published, tense, written)
        if kind == "season_either":
            a, b = SEASONS[g["a"].lower()], SEASONS[g["b"].lower()]
            return Mention(start, end, written, _months(year, a[0], b[1]), how)
        a, b = month_number(g["a"]), month_number(g["b"])
        if b < a:
            return None
        return Mention(start, end, written, _months(year, a, b), how)
    if kind == "span":
        return _span(match, written, published, tense)
    return None


def _weekday(
    start: int, end: int, written: str, relative: str, name: str, published: dt.date | None, tense: str | None
) -> Mention | None:
    """ "on Thursday": the last such day before the publication date for what was, the next
    for what is to come ("next Thursday", "this Thursday"); unread when the sentence does not say."""
    if published is None:
        return Mention(start, end, written, None, "unresolved")
    way = {"last": "past", "next": "future", "this": "future"}.get(relative, tense)
    if way is None:
        return None
    shift = (_WEEKDAYS.index(name.lower()) - published.weekday()) % 7
    day = published + dt.timedelta(days=(shift or 7) if way == "future" else -((7 - shift) % 7 or 7))
    how = f"'{written}' is {day}, the {'next' if way == 'future' else 'last'} {name} from the publication date {published}"
    return Mention(start, end, written, make_date(day, day, "day"), how)


def _intro_before(text: str, start: int) -> bool:
    return bool(re.search(rf"\b{_INTRO}\s+(?:the\s+month\s+of\s+)?$", text[max(0, start - 40) : start], re.IGNORECASE))


def _relative(start: int, end: int, written: str, relative: str, unit: str, published: dt.date | None) -> Mention:
    if published is None:
        return Mention(start, end, written, None, "unresolved")
    how = f"'{written}' from the publication date {published}"
    y, m = published.year, published.month
    if unit == "year":
        if relative in ("this", "earlier that", "later that"):
            date = make_date(dt.date(y, 1, 1), dt.date(y, 1, 1), "year")
        elif relative == "later this":
            date = make_date(dt.date(y, min(m + 1, 12), 1), dt.date(y, 12, 1), "month")
        elif relative == "earlier this":
            date = make_date(dt.date(y, 1, 1), dt.date(y, max(m - 1, 1), 1), "month")
        elif relative == "next":
            date = make_date(dt.date(y + 1, 1, 1), dt.date(y + 1, 1, 1), "year")
        elif relative == "last":
            date = make_date(dt.date(y - 1, 1, 1), dt.date(y - 1, 1, 1), "year")
        elif relative == "early next":
            date = make_date(dt.date(y + 1, 1, 1), dt.date(y + 1, 4, 1), "month")
        else:  # late next
            date = make_date(dt.date(y + 1, 9, 1), dt.date(y + 1, 12, 1), "month")
        return Mention(start, end, written, date, how)
    shift = {"next": 1, "last": -1}.get(relative, 0)
    index = y * 12 + (m - 1) + shift
    day = dt.date(index // 12, index % 12 + 1, 1)
    return Mention(start, end, written, make_date(day, day, "month"), how)


def _one(part: str, year: int | None) -> Date | None:
    m = re.match(rf"(?P<m>{_MONTH})(?:\s+(?P<d>{_DAY}))?(?:,?\s+(?:of\s+)?(?P<y>{_YEAR}))?", part)
    if m is None:
        return None
    return _month_date(m.group("m"), int(m.group("y")) if m.group("y") else year, m.group("d"))


def _span(match: re.Match[str], written: str, published: dt.date | None, tense: str | None) -> Mention | None:
    """ "from March to June 2022": two ends, a year written once is the other's too."""
    a, b = match.group("a"), match.group("b")
    year_a = re.search(_YEAR, a)
    year_b = re.search(_YEAR, b)
    how = None
    relative = re.search(_REL_YEAR, b)
    if relative is not None:  # "between June and October of last year"
        year, how = _year(relative.group(), published)
        if year is None:
            return Mention(match.start(), match.end(), written, None, "unresolved")
        b = b[: relative.start()].rstrip(" ,").removesuffix(" of").rstrip(" ,")
        year_b = re.search(_YEAR, f"{b} {year}")
        b = f"{b} {year}"
    if year_a is None and year_b is None:
        month_a, month_b = month_number(a.split()[0]), month_number(b.split()[0])
        if tense == "past":  # what was ended by the time of writing: the last such end
            year, how = _pick_year(month_b, None, published, tense, written)
            ya, yb = (year - 1 if year is not None and month_a > month_b else year), year
        else:
            year, how = _pick_year(month_a, None, published, tense, written)
            ya, yb = year, (year + 1 if year is not None and month_a > month_b else year)
    else:
        ya = int(year_a.group()) if year_a else int(year_b.group())  # type: ignore[union-attr]
        yb = int(year_b.group()) if year_b else ya
    first, second = _one(a, ya), _one(b, yb)
    if first is None or second is None:
        return Mention(match.start(), match.end(), written, None, how or "unresolved")
    if second.value < first.value:
        if year_a is None and year_b is not None:  # "from December to March 2026": December 2025
            first = _one(a, ya - 1)
            if first is None:
                return None
        else:
            return None
    precision = "day" if first.precision == second.precision == "day" else "month"
    low, high = first.value, second.last or second.value
    return Mention(match.start(), match.end(), written, make_date(low, high, precision), how, (first, second))


def _bounded(mention: Mention, text: str) -> Mention:
    """ "by August" keeps only the last day, "after March" only the first after it."""
    if mention.date is None:
        return mention
    before = text[max(0, mention.start - 30) : mention.start]
    date = mention.date
    after = _TRAILING_BOUND.match(text, mention.end)
    if after and not _UPPER.search(before) and not _LOWER.search(before):  # "in 2027 at the earliest"
        lower = after.group("w").lower() == "earliest"
        if (date.first if lower else date.last) is not None:
            bounded = (
                make_date(date.first, None, date.precision) if lower else make_date(None, date.last, date.precision)
            )
            return Mention(
                mention.start,
                after.end(),
                text[mention.start : after.end()],
                bounded,
                mention.resolution,
                None,
                "lower" if lower else "upper",
            )
    if _UPPER.search(before) and date.last is not None:
        found = _UPPER.search(before)
        return Mention(
            mention.start - (len(before) - found.start()),  # type: ignore[union-attr]
            mention.end,
            text[mention.start - (len(before) - found.start()) : mention.end],  # type: ignore[union-attr]
            make_date(None, date.last, date.precision),
            mention.resolution,
            None,
            "upper",
        )
    if _BEFORE.search(before) and date.first is not None:
        found = _BEFORE.search(before)
        last = date.first - dt.timedelta(days=1)
        begin = mention.start - (len(before) - found.start())  # type: ignore[union-attr]
        return Mention(
            begin,
            mention.end,
            text[begin : mention.end],
            make_date(None, last, date.precision),
            mention.resolution,
            None,
            "upper",
        )
    if _LOWER.search(before) and date.first is not None:
        found = _LOWER.search(before)
        begin = mention.start - (len(before) - found.start())  # type: ignore[union-attr]
        return Mention(
            begin,
            mention.end,
            text[begin : mention.end],
            make_date(date.first, None, date.precision),
            mention.resolution,
            None,
            "lower",
        )
    if _AFTER.search(before) and date.last is not None:
        found = _AFTER.search(before)
        first = date.last + dt.timedelta(days=1)
        begin = mention.start - (len(before) - found.start())  # type: ignore[union-attr]
        return Mention(
            begin,
            mention.end,
            text[begin : mention.end],
            make_date(first, None, date.precision),
            mention.resolution,
            None,
            "lower",
        )
    return mention


def read_date(words: str, published: dt.date | None, tense: str | None = None) -> Mention | None:
    """The one date `words` write in full ("April 2", "spring of 2025", "by August 2024"), or
    None when they are not exactly one date."""
    stripped = words.strip()
    found = find_dates(stripped, published, tense)
    if len(found) != 1:
        return None
    mention = found[0]
    rest = (stripped[: mention.start] + stripped[mention.end :]).strip(" ,.;:")
    if re.sub(
        r"\b(?:in|on|the|around|about|of|during|sometime|some time|circa)\b", "", rest, flags=re.IGNORECASE
    ).strip():
        return None
    return mention
