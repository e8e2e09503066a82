"""Dates as users type them: YYYY, YYYY-MM or YYYY-MM-DD (or a range FROM..TO of them for a
guess such as "by July or August"), with their precision, as the model stores dates (an
xsd:date plus a precision, as Wikidata does). One parser for season facts and source dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class Date:
    """A date as given (YYYY, YYYY-MM or YYYY-MM-DD, or a range FROM..TO of them for a guess
    such as "by July or August"): its text, first and last possible day, and precision."""

    text: str
    first: dt.date
    last: dt.date
    precision: str  # "year", "month" or "day"
    ends: tuple[dt.date, ...] = ()  # the first day of each end given (one, or two for a range)


def _one_date(value: str) -> tuple[dt.date, dt.date, str]:
    match = _DATE.fullmatch(value.strip())
    if not match:
        raise ValueError(value)
    y, m, d = int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1)
    first = dt.date(y, m, d)  # ValueError for month 13 or 30 February
    if match.group(3):
        return first, first, "day"
    if match.group(2):
        return first, dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1), "month"
    return first, dt.date(y, 12, 31), "year"


def parse_date(value: str) -> Date:
    """A Date for YYYY, YYYY-MM, YYYY-MM-DD or FROM..TO; ValueError if it is none (or not in
    the calendar, or a range that ends before it starts)."""
    value = value.strip()
    start, sep, end = value.partition("..")
    first, last, precision = _one_date(start)
    ends = (first,)
    if sep:
        end_first, last, end_precision = _one_date(end)
        if last < first or end_precision != precision:
            raise ValueError(value)
        ends = (first, end_first)
    return Date(value, first, last, precision, ends)
