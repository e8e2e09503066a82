"""What an entity is, in words, as a reader wants it first (the way a Wikidata item or an IMDb
page opens): "plays Stella in XO, Kitty Season 2 (new, series regular)", "co-showrunner of XO,
Kitty", "premiere January 16, 2025", "8 episodes". `kg explain` prints it above the claims; the
workbench's entity page shows it with each name a link.

Each line is made of parts, each a text and the IRI it names (or None), so a page can link
them and a terminal print them. What only guesses say is marked (`guess`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.namespaces import shorten

if TYPE_CHECKING:
    from graph.engine import Engine

Part = tuple[str, str | None]


@dataclass
class Line:
    """One thing said of the entity, in parts: text, and the IRI a part names."""

    parts: list[Part] = field(default_factory=list)
    guess: bool = False
    order: int = 0
    #: what orders lines of one kind before their text: a date's day (so dates read in time)
    when: str = ""

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.parts) + (" (expected)" if self.guess else "")

    def to_json(self) -> dict[str, object]:
        return {"text": self.text, "parts": [{"text": t, "iri": i} for t, i in self.parts], "guess": self.guess}


#: kinds in the order a summary lists them
_ORDER = [
    "is", "season of", "status", "date", "episodes", "on", "based on", "has season", "main character",
    "plays", "played by", "leaves", "left by", "crew of", "succeeds", "succeeded by", "cast", "crew", "introduced in",
    "relation", "age", "child of", "filmed in", "filming location of", "set in", "setting of",
]  # fmt: skip
_CLASS_WORDS = {
    "Person": "a person",
    "Character": "a character of the story",
    "TVSeries": "a TV series",
    "TVSeason": "a season",
    "Film": "a film",
    "FilmSeries": "a film series",
    "Book": "a book",
    "BookSeries": "a book series",
    "City": "a city",
    "Country": "a country",
    "School": "a school",
    "Place": "a place",
    "FictionalPlace": "a place of the story",
    "FictionalSchool": "a school of the story",
    "Organization": "an organization",
    "NewsOrganization": "a news organization",
    "PlotEvent": "an event of the story",
    "PlotThread": "a storyline",
    "Filming": "a filming",
    "CastingRole": "a casting role",
    "CastDeparture": "a cast member leaving",
    "CrewSuccession": "a succession in the crew",
}


def summarize(engine: Engine, iri: str, *, with_speculation: bool = False) -> list[Line]:
    """The summary lines of an entity: what the default view says, and with speculation what
    only guesses add, marked."""
    from graph.sparql.internal import internal_bindings

    substitutions = {ox.Variable("_entity_iri"): ox.NamedNode(iri)}
    stated = internal_bindings(engine, "summary", substitutions=substitutions)
    lines = _lines(stated)
    if with_speculation:
        seen = {line.text for line in lines}
        every = internal_bindings(engine, "summary", substitutions=substitutions, with_speculation=True)
        for line in _lines(every):
            if line.text not in seen:
                line.guess = True
                lines.append(line)
    return sorted(lines, key=lambda line: (line.guess, line.order, line.when, line.text))


def _lines(rows: list[dict[str, dict[str, str]]]) -> list[Line]:
    out: list[Line] = []
    texts: set[str] = set()
    classes = [r for r in rows if r["kind"]["value"] == "is"]
    kinds = [_CLASS_WORDS[c] for r in classes if (c := r["other"]["value"].rsplit("#", 1)[-1]) in _CLASS_WORDS]
    # the most specific kind only: a city is not also said to be a place
    if kinds:
        specific = [k for k in kinds if not any(k != o and _broader(k, o) for o in kinds)] or kinds
        out.append(Line([(", ".join(sorted(set(specific))), None)], order=0))
    for row in rows:
        kind = row["kind"]["value"]
        if kind == "is":
            continue
        line = _line(kind, row)
        if line is not None and line.text not in texts:
            texts.add(line.text)
            line.order = _ORDER.index(kind) if kind in _ORDER else len(_ORDER)
            out.append(line)
    return out


def _broader(kind: str, other: str) -> bool:
    broader = {"a place": {"a city", "a country", "a school"}, "a place of the story": {"a school of the story"}}
    return other in broader.get(kind, set())


def _v(row: dict[str, dict[str, str]], key: str) -> str | None:
    term = row.get(key)
    return term["value"] if term else None


def _name(row: dict[str, dict[str, str]], key: str) -> Part:
    iri = _v(row, key)
    name = _v(row, key + "Name") or (shorten(iri) if iri else "?")
    return name, iri


def _flags(row: dict[str, dict[str, str]]) -> str:
    words = []
    if _v(row, "new") is not None:
        words.append("new" if _v(row, "new") in ("true", "1") else "returning")
    if _v(row, "regular") is not None:
        words.append("series regular" if _v(row, "regular") in ("true", "1") else "guest or recurring")
    return f" ({', '.join(words)})" if words else ""


def _work(row: dict[str, dict[str, str]]) -> list[Part]:
    name, iri = _name(row, "work")
    whole = " (the whole series)" if _v(row, "workNumber") == "series" else ""
    return [(name, iri), (whole, None)] if whole else [(name, iri)]


def _line(kind: str, row: dict[str, dict[str, str]]) -> Line | None:
    other = _name(row, "other")
    role = _v(row, "role") or ""
    if kind == "plays":
        return Line([("plays ", None), other, (" in ", None), *_work(row), (_flags(row), None)])
    if kind == "played by":
        return Line([("played by ", None), other, (" in ", None), *_work(row), (_flags(row), None)])
    if kind == "leaves":
        return Line([("leaves the role of ", None), other, (" from ", None), _name(row, "work"), (" on", None)])
    if kind == "left by":
        return Line([("no longer played by ", None), other, (" from ", None), _name(row, "work"), (" on", None)])
    if kind == "crew of":
        return Line([(f"{role} of ", None), *_work(row)])
    if kind == "cast":
        whole = " (the whole series)" if _v(row, "inherited") is not None else ""
        flags = _flags(row)
        if whole and flags:
            flags = flags[:-1] + "; the whole series)"
        return Line([("cast: ", None), other, (" as ", None), _name(row, "character"), (flags or whole, None)])
    if kind == "crew":
        whole = " (the whole series)" if _v(row, "inherited") is not None else ""
        return Line([(f"{role}: ", None), other, (whole, None)])
    if kind == "succeeds":
        return Line([(f"{role} from ", None), _name(row, "work"), (", succeeding ", None), other])
    if kind == "succeeded by":
        return Line([(f"succeeded as {role} by ", None), other, (" from ", None), _name(row, "work"), (" on", None)])
    if kind == "season of":
        return Line([(f"season {_v(row, 'value')} of ", None), _name(row, "work")])
    if kind == "date":
        return Line([(f"{role} {_date_words(row)}", None)], when=_v(row, "earliest") or _v(row, "date") or "")
    if kind == "episodes":
        return Line([(f"{_v(row, 'value')} episodes", None)])
    if kind == "status":
        return Line([(f"{_v(row, 'value')} (as of its source)", None)])
    if kind == "has season":
        return Line([(f"season {_v(row, 'value')}: ", None), other])
    if kind == "relation":
        return Line([(f"{role} ", None), other])
    if kind == "age":
        return Line([(f"a {_v(row, 'value')}", None)])
    if kind == "introduced in":
        return Line([("introduced in ", None), _name(row, "work")])
    words = {
        "on": "on ",
        "based on": "based on ",
        "main character": "main character: ",
        "child of": "child of ",
        "filmed in": "filmed in ",
        "set in": "set in ",
    }
    if kind in words:
        return Line([(words[kind], None), other])
    if kind in ("filming location of", "setting of"):
        return Line([(("filming location of " if kind == "filming location of" else "setting of "), None), *_work(row)])
    return None


def _date_words(row: dict[str, dict[str, str]]) -> str:
    """A date with its precision and range, as a reader writes it."""
    from graph.dates import make_date

    precision = _v(row, "precision") or "day"
    first, last = _v(row, "earliest"), _v(row, "latest")
    value = _v(row, "date") or ""
    try:
        if first is None and last is None:
            day = dt.date.fromisoformat(value)
            return make_date(day, day, "day").words()
        date = make_date(
            dt.date.fromisoformat(first) if first else None, dt.date.fromisoformat(last) if last else None, precision
        )
        return date.words()
    except ValueError:
        return value
