"""Dates as articles write them (`graph.datewords`) and as users type them (`graph.dates`): each
phrase read into the period it stands for, relative ones from the publication date, bounds
kept as the source gives them; and every date written in words reads back as itself."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.dates import make_date, parse_date
from graph.datewords import MONTHS, find_dates, read_date

PUBLISHED = dt.date(2026, 1, 22)

CASES = [
    # (text, published, the period as `parse_date` writes it, or None for no date)
    ("will premiere on Netflix on April 2", PUBLISHED, "2026-04-02"),
    ("premiered on January 16, 2025", None, "2025-01-16"),
    ("on 16 January 2025", None, "2025-01-16"),
    ("wrapped on Dec. 5", PUBLISHED, "2025-12-05"),  # past tense: the last December 5
    ("Following its announcement in June 2023", None, "2023-06"),
    ("arrives in June of 2026", None, "2026-06"),
    ("in the spring of 2025", None, "2025-03..2025-05"),
    ("Summer 2026", None, "2026-06..2026-08"),
    ("late 2026", None, "2026-09..2026-12"),
    ("mid-2026", None, "2026-05..2026-08"),
    ("early 2027", None, "2027-01..2027-04"),
    ("around the middle of 2025", None, "2025-05..2025-08"),
    ("the first half of 2026", None, "2026-01..2026-06"),
    ("April or May 2025", None, "2025-04..2025-05"),
    ("between April and June 2025", None, "2025-04..2025-06"),
    ("from December to March 2026", None, "2025-12..2026-03"),
    ("next month", PUBLISHED, "2026-02"),
    ("earlier this month", PUBLISHED, "2026-01"),
    ("later this year", PUBLISHED, "2026-02..2026-12"),
    ("next year", PUBLISHED, "2027"),
    ("this spring", PUBLISHED, "2026-03..2026-05"),
    ("by July or August of this year", dt.date(2024, 3, 1), "..2024-08"),
    ("by the end of the year", PUBLISHED, "..2026-12"),
    ("before June 2026", None, "..2026-05"),
    ("no earlier than 2027", None, "2027.."),
    ("after March 2026", None, "2026-04.."),
    ("filming runs until August 2025", None, "2025-08"),  # "until" names the end, not a bound
    ("Season three may premiere in May", PUBLISHED, "2026-05"),
    ("It may be renewed.", PUBLISHED, None),
    ("March on, Kitty", PUBLISHED, None),
    ("the 10-episode season", None, None),
    ("2026's biggest shows", None, None),
    ("next month", None, None),  # undated: a relative date cannot be read
    # seen in articles: a span ending in a relative year, a bare season, "by the end of", "today"
    ("was shot between June and October of last year", PUBLISHED, "2025-06..2025-10"),
    ("from March to May this year", PUBLISHED, "2026-03..2026-05"),
    ("between June and October of last year", None, None),
    ("Filming is expected to wrap in the summer", dt.date(2024, 2, 21), "2024-06..2024-08"),
    ("Filming wrapped in the fall", dt.date(2024, 2, 21), "2023-09..2023-11"),
    ("by the spring", dt.date(2024, 2, 21), "..2024-05"),
    ("Fall is always busy for teen television", PUBLISHED, None),
    ("in the summer", None, None),
    ("said filming would wrap by the end of July", dt.date(2024, 6, 10), "..2024-07"),
    ("Netflix today announced a second season", dt.date(2023, 6, 15), "2023-06-15"),
    ("the streamer confirmed yesterday", dt.date(2023, 6, 15), "2023-06-14"),
    ("Netflix today announced a second season", None, None),
    ("We shoot in Seoul until the end of September", dt.date(2026, 5, 10), "2026-09"),  # "until" names the end
    ("The second season landed on Netflix on Thursday", dt.date(2025, 1, 20), "2025-01-16"),
    ("The trailer drops next Friday", dt.date(2025, 1, 20), "2025-01-24"),
    ("premieres globally on Thursday, April 2, 2026", None, "2026-04-02"),
    ("on Thursday", None, None),
    ("a premiere in the second half of 2027 at the earliest", None, "2027-07.."),
    ("the season was filmed between August and December", dt.date(2026, 9, 30), "2025-08..2025-12"),
    ("filming will run from November to February", dt.date(2026, 9, 30), "2026-11..2027-02"),
    ("filming wraps in March 2026 at the latest", None, "..2026-03"),
]


@pytest.mark.parametrize("text,published,expected", CASES, ids=[c[0] for c in CASES])
def test_a_phrase_reads_as_its_period(text: str, published: dt.date | None, expected: str | None) -> None:
    found = [m for m in find_dates(text, published) if m.date is not None]
    if expected is None:
        assert found == []
        return
    assert len(found) == 1, found
    assert found[0].date.same_as(parse_date(expected)), (found[0].date, expected)


def test_a_date_read_from_the_publication_date_says_how() -> None:
    (mention,) = find_dates("will premiere on Netflix on April 2", PUBLISHED)
    assert mention.written == "April 2"
    assert mention.resolution and "2026-01-22" in mention.resolution and "April 2" in mention.resolution
    (explicit,) = find_dates("premiered on January 16, 2025", PUBLISHED)
    assert explicit.resolution is None


def test_from_to_keeps_both_ends() -> None:
    (mention,) = find_dates("filmed over a period from March to June 2022", None)
    assert mention.span is not None
    start, end = mention.span
    assert start.same_as(parse_date("2022-03")) and end.same_as(parse_date("2022-06"))


def test_read_date_takes_only_a_whole_date() -> None:
    assert read_date("April 2", PUBLISHED).date.same_as(parse_date("2026-04-02"))
    assert read_date("spring of 2025", None).date.same_as(parse_date("2025-03..2025-05"))
    assert read_date("filming ends in April", PUBLISHED) is None
    assert read_date("April 2 and May 3", PUBLISHED) is None


@pytest.mark.parametrize("text", ["2025-13", "2025-02-30", "2025-03..2024-01", "2025..2025-03", "..", "soon"])
def test_parse_date_refuses_what_is_not_a_date(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_parse_date_reads_open_ranges() -> None:
    upper = parse_date("..2024-08")
    assert upper.first is None and upper.last == dt.date(2024, 8, 31) and upper.value == upper.last
    lower = parse_date("2027..")
    assert lower.first == dt.date(2027, 1, 1) and lower.last is None and lower.value == lower.first
    assert parse_date("2024-07..2024-08").contains(parse_date("2024-08-15"))
    assert not parse_date("2024-07..2024-08").contains(parse_date("2024-09"))


days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))


@given(day=days, style=st.sampled_from(["mdy", "dmy", "my", "y", "abbreviated"]))
def test_any_date_written_out_reads_back_as_itself(day: dt.date, style: str) -> None:
    month = MONTHS[day.month - 1].capitalize()
    text, expected = {
        "mdy": (f"on {month} {day.day}, {day.year}", make_date(day, day, "day")),
        "dmy": (f"on {day.day} {month} {day.year}", make_date(day, day, "day")),
        "my": (f"in {month} {day.year}", make_date(day, day, "month")),
        "y": (f"in {day.year}", make_date(day, day, "year")),
        "abbreviated": (
            f"on {month[:3]}{'.' if len(month) > 3 else ''} {day.day}, {day.year}",
            make_date(day, day, "day"),
        ),
    }[style]
    found = find_dates(f"The season premieres {text}.", None)
    assert len(found) == 1 and found[0].date.same_as(expected), (text, found)


@given(day=days, published=days)
def test_a_day_without_its_year_is_read_within_a_year_of_publication(day: dt.date, published: dt.date) -> None:
    if day.month == 2 and day.day == 29:
        return
    month = MONTHS[day.month - 1].capitalize()
    for verb, tense in (("will premiere on", "future"), ("premiered on", "past")):
        (mention,) = find_dates(f"The season {verb} {month} {day.day}.", published)
        read = mention.date.value
        assert (read.month, read.day) == (day.month, day.day)
        assert abs((read - published).days) <= 366
        assert read >= published if tense == "future" else read <= published


@given(st.text(max_size=200))
def test_any_text_is_read_without_error(text: str) -> None:
    for mention in find_dates(text, PUBLISHED):
        assert text[mention.start : mention.end] == mention.written
