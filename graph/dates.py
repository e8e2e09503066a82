"""Dates as users type them (YYYY, YYYY-MM or YYYY-MM-DD) and their XSD datatypes: one parser
for season facts and source publication dates."""

from __future__ import annotations

import datetime as dt
import re

from graph.namespaces import XSD

#: Forms accepted, each with the XSD datatype of its literal.
DATE_FORMS = {
    "date": (re.compile(r"\d{4}-\d{2}-\d{2}"), XSD + "date"),
    "gYearMonth": (re.compile(r"\d{4}-\d{2}"), XSD + "gYearMonth"),
    "gYear": (re.compile(r"\d{4}"), XSD + "gYear"),
}


def parse_date(value: str, forms: tuple[str, ...] = ("gYear", "gYearMonth", "date")) -> tuple[str, str]:
    """(lexical form, XSD datatype) of a calendar date in one of `forms`; ValueError if it is
    none of them or no such day (month 13, 30 February)."""
    value = value.strip()
    for form in forms:
        pattern, datatype = DATE_FORMS[form]
        if pattern.fullmatch(value):
            year, *rest = (int(p) for p in value.split("-"))
            month, day = [*rest, 1, 1][:2]
            dt.date(year, month, day)
            return value, datatype
    raise ValueError(value)
