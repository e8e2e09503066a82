"""Dates as users type them: YYYY, YYYY-MM or YYYY-MM-DD, or a range of them (FROM..TO, or only
one bound: ..TO for "by August", FROM.. for "no earlier than 2027"), with their precision, as
the model stores dates (an xsd:date plus a precision, as Wikidata does). One parser for season
facts and source dates; `graph.datewords` reads the dates articles write ("April 2", "next
month", "in the spring of 2025") into the same `Date`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True)
class Date:
    """A date or a range, with its precision.

    `first` and `last` are the first and last day it can be; either is None when the source
    gives no such bound ("by August" has no first day). `ends` holds the first day of each end
    given, for telling a single date from a range. The value stored on the property is `value`:
    the first day where there is one, else the last.
    """

    text: str
    first: dt.date | None
    last: dt.date | None
    precision: str  # "year", "month" or "day"
    ends: tuple[dt.date, ...] = ()

    @property
    def value(self) -> dt.date:
        """The xsd:date the property holds: the first possible day, else the last."""
        day = self.first or self.last
        assert day is not None  # a Date has at least one bound
        return day

    @property
    def is_range(self) -> bool:
        """More than one period: two ends given, or only one bound."""
        return len(self.ends) != 1 or self.first is None or self.last is None

    @property
    def iso(self) -> str:
        """The canonical text (what `parse_date` reads back): 2025-01, 2024-07..2024-08, ..2024-08."""
        return self.text

    def words(self) -> str:
        """The date as a reader writes it: "January 16, 2025", "June 2023", "2024",
        "March–May 2025", "by August 2024", "from 2027"."""
        if self.first is not None and self.last is not None and len(self.ends) == 1:
            return _words(self.first, self.precision)
        if self.first is None and self.last is not None:
            return "by " + _words(self.last, self.precision)
        if self.last is None and self.first is not None:
            return "from " + _words(self.first, self.precision)
        assert self.first is not None and self.last is not None
        a, b = _words(self.first, self.precision), _words(self.last, self.precision)
        if self.precision == "month" and self.first.year == self.last.year:
            return f"{a.split()[0]}–{b}"
        return f"{a}–{b}"

    def same_as(self, other: Date) -> bool:
        """The same period at the same precision (the words may differ)."""
        return (self.first, self.last, self.precision) == (other.first, other.last, other.precision)

    def contains(self, other: Date) -> bool:
        """Every day `other` can be is a day this can be: a more precise date inside a coarser one."""
        low = self.first is None or (other.first is not None and other.first >= self.first)
        high = self.last is None or (other.last is not None and other.last <= self.last)
        return low and high


def period(value: str) -> tuple[dt.date, dt.date, str]:
    """First day, last day and precision of YYYY, YYYY-MM or YYYY-MM-DD; ValueError otherwise."""
    match = _DATE.fullmatch(value.strip())
    if not match:
        raise ValueError(value)
    y, m, d = int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1)
    first = dt.date(y, m, d)  # ValueError for month 13 or 30 February
    if match.group(3):
        return first, first, "day"
    if match.group(2):
        return first, month_end(y, m), "month"
    return first, dt.date(y, 12, 31), "year"


_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _words(day: dt.date, precision: str) -> str:
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{_MONTH_NAMES[day.month - 1]} {day.year}"
    return f"{_MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def iso_of(day: dt.date, precision: str) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD for a day at a precision."""
    return {"year": f"{day.year:04d}", "month": f"{day.year:04d}-{day.month:02d}"}.get(precision, day.isoformat())


def make_date(first: dt.date | None, last: dt.date | None, precision: str) -> Date:
    """A Date from its bounds (each the first day of its period for `first`, any day of its
    period for `last`), with the canonical text `parse_date` reads back."""
    if first is None and last is None:
        raise ValueError("a date needs at least one bound")
    if last is not None:
        last = _period_end(last, precision)
    if first is not None:
        first = _period_start(first, precision)
    if first is not None and last is not None and last < first:
        raise ValueError("a range cannot end before it starts")
    if first is not None and last is not None and _period_end(first, precision) == last:
        return Date(iso_of(first, precision), first, last, precision, (first,))
    text = f"{iso_of(first, precision) if first else ''}..{iso_of(last, precision) if last else ''}"
    ends = tuple(d for d in (first, _period_start(last, precision) if last else None) if d is not None)
    return Date(text, first, last, precision, ends)


def _period_start(day: dt.date, precision: str) -> dt.date:
    if precision == "year":
        return dt.date(day.year, 1, 1)
    if precision == "month":
        return dt.date(day.year, day.month, 1)
    return day


def _period_end(day: dt.date, precision: str) -> dt.date:
    if precision == "year":
        return dt.date(day.year, 12, 31)
    if precision == "month":
        return month_end(day.year, day.month)
    return day


def parse_date(value: str) -> Date:
    """A Date for YYYY, YYYY-MM, YYYY-MM-DD, FROM..TO, ..TO or FROM..; ValueError if it is none
    (or not in the calendar, or a range of two precisions, or one that ends before it starts)."""
    value = value.strip()
    start, sep, end = value.partition("..")
    if not sep:
        first, last, precision = period(start)
        return Date(value, first, last, precision, (first,))
    if not start.strip() and not end.strip():
        raise ValueError(value)
    low = period(start) if start.strip() else None
    high = period(end) if end.strip() else None
    precisions = {p[2] for p in (low, high) if p is not None}
    if len(precisions) != 1:
        raise ValueError(value)
    precision = precisions.pop()
    if low is not None and high is not None and high[1] < low[0]:
        raise ValueError(value)
    ends = tuple(p[0] for p in (low, high) if p is not None)
    return Date(value, low[0] if low else None, high[1] if high else None, precision, ends)
