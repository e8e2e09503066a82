"""Each fact with its quote: the sentence that states it, or that sentence and the one before
when only together they name what `kg season add` checks a quote for
(`graph.season.support.missing`); duplicates merged, a statement over a guess. A fact no quote
can support, or whose sentence the article writes twice, is set aside with the reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from graph.dates import parse_date
from graph.draft.article import Line, key
from graph.draft.facts import DATE_FIELDS, FIELDS, Found, Pending, Reading
from graph.draft.names import Gazetteer

_ORDER = {"stated": 0, "speculation": 1, "inferred": 2}


def quoted(
    facts: list[Pending], lines: list[Line], text: str, published: dt.date | None, gazetteer: Gazetteer
) -> Reading:
    """The facts with their quotes, one per season, field, key and value."""
    reading = Reading()
    best: dict[tuple, tuple[Found, str | None]] = {}
    for f in facts:
        (at, quote), lacking = _quote(lines, text, f.line, needs(f, gazetteer), f.status == "inferred", published)
        found = Found(
            f.season, f.field, f.key, f.value, f.status, lines[at].s.number, quote, f.cue,
            f.reasoning, f.new, f.regular, f.replaces, f.corrects, f.key_as_written, f.value_as_written,
        )  # fmt: skip
        slot = (
            f.season,
            f.field,
            key(f.key),
            (f.date.first, f.date.last, f.date.precision) if f.date else key(f.value),
        )
        old = best.get(slot)
        if old is None:
            best[slot] = (found, lacking)
            continue
        keep, other = old, (found, lacking)
        if (old[1] is not None and lacking is None) or (
            (old[1] is None) == (lacking is None) and _ORDER[found.status] < _ORDER[old[0].status]
        ):
            keep, other = other, old
        merged = replace(
            keep[0],
            new=keep[0].new if keep[0].new is not None else other[0].new,
            regular=keep[0].regular if keep[0].regular is not None else other[0].regular,
            replaces=keep[0].replaces or other[0].replaces,
        )
        best[slot] = (merged, keep[1])
    for found, lacking in best.values():
        if lacking is None:
            reading.found.append(found)
        else:
            reading.refused.append((found, lacking))
    reading.found.sort(key=lambda f: (f.sentence, FIELDS.index(f.field)))
    return reading


def needs(f: Pending, gazetteer: Gazetteer) -> list:
    """What kg's check wants a quote of this fact to name (as graph.season.facts asks it)."""
    from graph.season.support import SeasonNeed

    if f.field == "season":
        return [SeasonNeed(f.season)]
    if f.field in DATE_FIELDS:
        return [f.date or parse_date(f.value)]
    if f.field == "episodes":
        return [int(f.value)]
    if f.field in ("cast", "departure"):
        return [("the actor", gazetteer.alternates(f.key)), ("the character", gazetteer.alternates(f.value))]
    if f.field == "crew":
        out = [("the person", gazetteer.alternates(f.key))]
        if f.replaces:
            out.append(("the person replaced", gazetteer.alternates(f.replaces)))
        return out
    return [("the place", gazetteer.alternates(f.key))]


def _quote(
    lines: list[Line], text: str, i: int, wanted: list, inferred: bool, published: dt.date | None
) -> tuple[tuple[int, str], str | None]:
    """(line, quote) for line i, widened to the sentence before when that names what is
    missing; and what still is (None when nothing). An inferred fact cites its premises, which
    kg does not check for a statement of it."""
    from graph.season.support import missing
    from graph.sources.quotes import occurrences

    line = lines[i]
    quote = line.s.text
    lacking = None if inferred else missing(quote, wanted, published)
    if not lacking and occurrences(quote, text) == 1:  # as kg's own quote check counts
        return (i, quote), None
    before = lines[i - 1] if i else None
    if before is not None and not before.s.heading:
        span = text[before.s.start : line.s.end]
        if (inferred or not missing(span, wanted, published)) and occurrences(span, text) == 1:
            return (i - 1, span), None
    if not lacking:
        return (i, quote), "the sentence is written more than once in the article: no quote names one place"
    return (i, quote), f"the sentence does not name {' or '.join(lacking)}"
