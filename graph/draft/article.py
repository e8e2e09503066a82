"""An article as the drafting rules walk it: its sentences (kg's numbering) with the paragraph,
section and question each stands in, and which of them may state facts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.draft.names import loose as key
from graph.draft.seasons import heading_season
from graph.sources.text import Sentence, split_sentences

#: the series when the gazetteer names none
SERIES = "XO, Kitty"
#: the longest sentence read: prose has none longer; a longer one is no sentence to read rules over
LONGEST = 2000

_QUESTION = re.compile(r"\?[\"”’)]*$")
#: what a section's heading or question asks for, so that an answer alone can give it
TOPICS = [
    ("premiere", re.compile(r"\b(?:premiere|release|come\sout|see\sit|watch\sit|air|arrive|drop|stream|expect\sto\ssee|out\b)", re.I)),
    ("filming_end", re.compile(r"\bwrap", re.I)),
    ("filming_start", re.compile(r"\b(?:start|begin)\w*\s(?:filming|shooting)|\b(?:filming|shooting)\s(?:start|begin)", re.I)),
    ("episodes", re.compile(r"\bepisodes?\b|\bepisode\scount\b", re.I)),
]  # fmt: skip
_CONTINUES = re.compile(
    r"^(?:It|Its|They|The\s(?:season|show|series|episodes|finale|premiere)|The\s\w+\sepisodes)\b|\b(?:this|the)\sseason\b"
)


@dataclass
class Line:
    """A sentence with where it stands in the article."""

    s: Sentence
    paragraph: int
    question: bool  # a question: it states nothing
    kept: bool = True  # not in another show's section of a roundup
    season: int | None = None  # the season its section's heading or question names
    topic: str = ""  # what its section's question asks for ("When will it premiere?")


def lines(text: str, series: list[str]) -> list[Line]:
    """The article's sentences, each with its section's season and topic (headings and
    questions); in a roundup of several shows (a heading that is the series' name) only the
    series' own sections are kept."""
    out = [
        Line(s, text.count("\n", 0, s.start), bool(_QUESTION.search(s.text)) and not s.heading)
        for s in split_sentences(text)
    ]
    show_sections = any(line.s.heading and names_the_show(line.s.text, series) for line in out[1:])
    paragraphs: dict[int, list[Line]] = {}
    for line in out:
        paragraphs.setdefault(line.paragraph, []).append(line)
    season: int | None = None
    topic = ""
    kept = True
    for n, line in enumerate(out):
        group = paragraphs[line.paragraph]
        asks = group[-1].question
        if n > 0 and (line.s.heading or (asks and line is group[0])):
            words = line.s.text if line.s.heading else " ".join(g.s.text for g in group)
            season = heading_season(words)
            topic = next((f for f, regex in TOPICS if regex.search(words)), "")
            if show_sections and line.s.heading:
                kept = any(key(name) in key(line.s.text) for name in series)
        line.season, line.topic, line.kept = season, topic, kept
    return out


def readable(line: Line) -> bool:
    """A sentence that may state facts: no heading, no question, in the series' part of the
    article, and no longer than prose is (LONGEST characters)."""
    return not line.s.heading and not line.question and line.kept and len(line.s.text) <= LONGEST


def continues(text: str) -> bool:
    """The sentence goes on about the season the one before named ("It ran ten episodes")."""
    return bool(_CONTINUES.search(text))


def names_the_show(heading: str, series: list[str]) -> bool:
    """A heading that is the series' name ("XO, Kitty", "Netflix’s XO, Kitty (season 3)"): in a
    roundup of shows, it opens the series' own section."""
    for name in series:
        m = re.match(rf"^(?:Netflix['’]s\s)?{re.escape(name)}\b(?P<rest>.*)$", heading.strip())
        if m and len(m.group("rest")) <= 25 and not re.search(r"[.?!]$", m.group("rest")):
            return True
    return False
