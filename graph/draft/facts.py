"""What the drafting rules give: a `Found` fact with its quote, the `Reading` of an article
(the facts, and those set aside), and the `Pending` fact the rules hold before its quote."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.dates import Date

FIELDS = (
    "season", "premiere", "announced", "production_start", "production_end", "filming_start",
    "filming_end", "episodes", "filming_location", "cast", "crew", "departure",
)  # fmt: skip
DATE_FIELDS = ("premiere", "announced", "production_start", "production_end", "filming_start", "filming_end")


@dataclass(frozen=True)
class Found:
    """A season fact the article states, guesses or implies, with the quote that says it."""

    season: int  # the season the sentence (or the part of it) is about
    field: str  # one of FIELDS
    key: str  # cast/departure: the actor; crew: the person; filming_location: the place; else ""
    value: str  # dates: graph.dates text; episodes: digits; cast/departure: the character; crew: the role; else ""
    status: str  # stated | speculation | inferred
    sentence: int  # kg's number of the (first) sentence stating it
    quote: str  # an exact substring of the article that states it and names what kg checks
    cue: str = ""  # what decided
    reasoning: str = ""  # for an inferred fact: why the text implies it
    new: bool | None = None  # cast: new / returning, when the article says
    regular: bool | None = None  # cast: series regular / recurring or guest, when the article says
    replaces: str | None = None  # crew: the person succeeded, when the article says
    corrects: bool = False  # the sentence corrects an earlier report of this fact
    #: the key and value as the quote writes them, when shorter than the full names ("Cathcart",
    #: "Kitty"): a draft may write these with `same_as` the graph's node, so that kg's check,
    #: which looks for the name given or the node's names, finds them in the quote
    key_as_written: str = ""
    value_as_written: str = ""


@dataclass
class Reading:
    """What the rules read in an article: the facts, and the facts set aside because no
    quote of the article names what `kg season add` would check (with the reason)."""

    found: list[Found] = field(default_factory=list)
    refused: list[tuple[Found, str]] = field(default_factory=list)


@dataclass
class Pending:
    """A fact before its quote: the line (index into the article's lines) that states it."""

    line: int
    season: int
    field: str
    key: str = ""
    value: str = ""
    status: str = "stated"
    cue: str = ""
    reasoning: str = ""
    new: bool | None = None
    regular: bool | None = None
    replaces: str | None = None
    corrects: bool = False
    date: Date | None = None
    key_as_written: str = ""
    value_as_written: str = ""
