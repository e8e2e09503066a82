"""Numbers and ordinals as articles write them, in digits or words ("8", "eight", "twenty-two",
"a dozen"; "third", "3rd"): one table for kg's quote check (`graph.season.support`) and the
drafting rules (`graph.draft`), so that both read a number the same way."""

from __future__ import annotations

import re

UNITS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
WORDS: dict[str, int] = {word: n for n, word in enumerate(UNITS)} | TENS | {"a dozen": 12, "a half-dozen": 6}

#: a number in digits or words, as a regex alternative (longest words first)
NUMBER = (
    r"(?:\d{1,3}|(?:twenty|thirty|forty|fifty)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine)(?![\w-]))?"
    r"|a\shalf-dozen|half\sa\sdozen|(?<!half\s)a\sdozen|" + "|".join(sorted(UNITS, key=len, reverse=True)) + ")"
)  # "twenty one-hour episodes" is twenty; "half a dozen" six, not a dozen
#: a number standing alone ("eight-episode" is eight; "thirty-something" is no number)
_NUMBER = re.compile(rf"(?<![\w-]){NUMBER}(?!\w|-(?:something|odd|ish)\b)", re.IGNORECASE)

#: ordinal words, first to twentieth (`ORDINALS[n]` is the nth)
ORDINALS = [
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
    "nineteenth", "twentieth",
]  # fmt: skip


def value(text: str) -> int | None:
    """The number `text` writes (digits or words), or None."""
    text = " ".join(text.lower().replace("-", " ").split())
    if text.isdigit():
        return int(text)
    if text in ("a dozen", "a half dozen", "half a dozen"):
        return {"a dozen": 12, "a half dozen": 6, "half a dozen": 6}[text]
    parts = text.split()
    if len(parts) == 1:
        return WORDS.get(parts[0])
    if len(parts) == 2 and parts[0] in TENS and parts[1] in WORDS and 0 < WORDS[parts[1]] < 10:
        return TENS[parts[0]] + WORDS[parts[1]]
    return None


def numbers_in(text: str) -> list[int]:
    """Every number `text` writes, in digits or words, in order."""
    return [n for m in _NUMBER.finditer(text) if (n := value(m.group())) is not None]


def suffixed(n: int) -> str:
    """`n` as a numeral with its ordinal suffix: "1st", "12th", "22nd"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ordinal(word: str) -> int | None:
    """The number an ordinal writes ("third", "3rd"), or None."""
    word = word.lower()
    if word in ORDINALS:
        return ORDINALS.index(word)
    digits = word[:-2]
    return int(digits) if digits.isdigit() and suffixed(int(digits)) == word else None
