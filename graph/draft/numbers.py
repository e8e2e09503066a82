"""Numbers as articles write them, in digits or words ("8", "eight", "twenty-two", "10-episode"),
and the episode counts among them. "The first two episodes" and "episode 4" are not counts."""

from __future__ import annotations

import re

from graph.numberwords import NUMBER, value

# "eight episodes", "10-episode", "a dozen episodes"; not "episode 4"
_COUNT = re.compile(
    rf"(?<![\w-])(?P<n>{NUMBER})(?:[- ](?:new\s|more\s|hour-long\s|half-hour\s)?episodes?\b|-part\s(?:[a-z]+\s)?(?:season|series)\b)",
    re.IGNORECASE,
)
# a verb before a number of episodes that makes it some of them: "directed two episodes", "appears in three"
_SOME = re.compile(
    r"\b(?:direct\w*|wr[io]te\w*|written|penn\w*|scripted|appear\w*\s(?:in|on)|featur\w*\sin|star\w*\sin|"
    r"shot|filmed|at\sleast|at\smost)\s(?:the\s)?$",
    re.IGNORECASE,
)
# words just before a number that make it a selection, not a count: "the first two episodes"
_SELECTION = re.compile(
    r"\b(?:first|last|final|opening|next|previous|remaining|initial|closing|other|those|these|"
    r"penultimate|latest|early|later|two\sof\sthe|of\sthe)\s+$",
    re.IGNORECASE,
)
# the count given again without its noun: "up from eight in season 3", "it has eight"
_BARE = re.compile(
    rf"\b(?:(?:up|down)\sfrom|(?:it|season\s\w+|the\s(?:new\s)?season)\s(?:has|will\shave|had|is|runs?|will\srun))\s(?P<n>{NUMBER})\b(?!-|\s+(?!in\b|for\b|this\b|last\b)[a-z])",
    re.IGNORECASE,
)


#: "ran 10 and eight episodes respectively": one count for each season named, in order
RESPECTIVELY = re.compile(
    rf"(?P<a>{NUMBER})(?:,\s(?P<b>{NUMBER}))?,?\s(?:and|&)\s(?P<c>{NUMBER})\s(?:episodes?\s)?respectively\b|"
    rf"(?P<a2>{NUMBER})(?:,\s(?P<b2>{NUMBER}))?,?\s(?:and|&)\s(?P<c2>{NUMBER})\sepisodes?,?\srespectively\b",
    re.IGNORECASE,
)


def respective_counts(text: str) -> tuple[list[int], int, int] | None:
    """The counts of "ran 10 and eight episodes respectively", with where they are written."""
    m = RESPECTIVELY.search(text)
    if m is None:
        return None
    parts = [m.group(g) for g in ("a", "b", "c", "a2", "b2", "c2") if m.group(g)]
    counts = [value(p) for p in parts]
    if any(c is None for c in counts):
        return None
    return [c for c in counts if c is not None], m.start(), m.end()


def episode_counts(text: str, of_episodes: bool = False) -> list[tuple[int, int, int]]:
    """(count, start, end) for each episode count written in `text`: "eight episodes",
    "a 10-episode order", "up from eight" (when the text, or with `of_episodes` the sentence
    before, speaks of episodes: "It will have eight.")."""
    found: list[tuple[int, int, int]] = []
    for match in _COUNT.finditer(text):
        before = text[max(0, match.start() - 30) : match.start()]
        if (
            _SELECTION.search(before)
            or _SOME.search(before)
            or re.search(r"\b(?:season|episode|part|volume)\s$", before, re.IGNORECASE)
        ):
            continue  # "the first two episodes", "two of the episodes", "Season 3 episodes"
        if re.search(rf"\b{NUMBER}\s(?:or|to)\s$", before, re.IGNORECASE) or re.match(
            rf"\s(?:or|to)\s{NUMBER}\b", text[match.end("n") :], re.IGNORECASE
        ):
            continue  # "eight or ten episodes": no one count
        n = value(match.group("n"))
        if n:
            found.append((n, match.start("n"), match.end("n")))
    if found or of_episodes or re.search(r"\bepisodes?\b", text, re.IGNORECASE):
        for match in _BARE.finditer(text):
            n = value(match.group("n"))
            if n and not any(a <= match.start("n") < b for _, a, b in found):
                found.append((n, match.start("n"), match.end("n")))
    return sorted(found, key=lambda f: f[1])
