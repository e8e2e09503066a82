"""What happens to a season and when: the words that say it premieres, was renewed, began or
wrapped filming or production ("triggers"), the dates they take, the episode count, and
where it is filmed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.draft.names import COMMON, TOKEN

# -- dates ---------------------------------------------------------------------------------

_ACTIVITY = re.compile(
    r"(?<![-\w])(?:filming|filmed|film|shooting|shoot|shot|cameras|production|photography|"
    r"principal\sphotography)\b",
    re.IGNORECASE,
)
_START = re.compile(
    r"\b(?:begin|begins|began|begun|beginning|start|starts|started|starting|kick(?:s|ed)?\soff|kicking\soff|"
    r"gets?\sunderway|got\sunderway|underway|commence[sd]?|resume[sd]?|roll|rolls|rolled|rolling|go(?:es)?\sinto|"
    r"went\sinto|going\sinto|since)\b",
    re.IGNORECASE,
)
_END = re.compile(
    r"\b(?:wrap|wraps|wrapped|wrapping|finish(?:es|ed)?|ends?|ended|complete[sd]?|conclude[sd]?|until|till)\b",
    re.IGNORECASE,
)
_WRAP = re.compile(r"\bwrap(?:s|ped|ping)?\b", re.IGNORECASE)
_HAPPENED = re.compile(
    r"\b(?:took\splace|takes?\splace|taking\splace|ran|runs?|running|was\sshot|were\sshot|was\sfilmed|were\sfilmed|shot|filmed|lasted|lasts)\b",
    re.IGNORECASE,
)
_OTHER_WORK = re.compile(
    r"\b(?:shooting|filming|shoot|film)\s(?:a|an|another|my|her|his|their)\s(?:film|movie|pilot|series|show|project|feature)\b",
    re.IGNORECASE,
)

_PREMIERE = re.compile(
    r"\b(?:premier(?:e|es|ed|ing)|debut(?:s|ed|ing)?|releas(?:e|es|ed|ing)|bow(?:s|ed)|"
    r"(?:will\s|set\sto\s)?launch(?:es|ed)?)\b",
    re.IGNORECASE,
)
_PREMIERE_WEAK = re.compile(
    r"\b(?:arriv(?:e|es|ed|ing)|c(?:o|a)mes?\sout|coming\sout|drop(?:s|ped)?|land(?:s|ed)?|hits?\sNetflix|"
    r"(?:coming|comes|heads?|heading)\sto\sNetflix|(?:be\s)?available\s(?:to\s(?:stream|watch)\s)?(?:on\sNetflix\s)?(?=from|on|starting)|"
    r"(?:is|are|be|will\sbe)\sback\s(?=in|on|by)|followed\s(?=on|in)|stream(?:s|ing)?\s(?=from|on|starting)|"
    r"return(?:s|ing)?\s(?=on\s|in\s|to\sNetflix)|return(?:s|ing)?\sfor\s(?:its|a|the)\s\w+\sseason\s(?=on\s|in\s)|"
    r"(?:watch|see|stream)\s(?:it|the\s(?:new\s)?season|season\s\w+|the\snew\sepisodes)\b|"
    r"dated|targeting|targets|eyeing|eyes|(?:slated|scheduled|set|listed|pencil+ed\sin|penciled\sin)\sfor(?=\s(?:an?\s)?(?:\w+\s)?(?:[A-Z0-9]|early|late|mid|next|this)))",
    re.IGNORECASE,
)
_NOT_THE_SEASON = re.compile(
    r"\b(?:releas\w*|drop\w*|premier\w*|debut\w*|unveil\w*)\s(?:the\s|a\s|an\s|its\s)?(?:official\s|first\s|new\s|final\s)?"
    r"(?:trailer|teaser|images?|key\sart|first-look|poster|photos?|clip|date|window)\b",
    re.IGNORECASE,
)
#: "released the full credits for the third season": a verb of release whose object is no season
_RELEASED_OTHER = re.compile(
    r"\b(?:releas\w*|drop\w*|unveil\w*|publish\w*|shar\w*)\s(?:the|a|an|its|their)\s(?:[\w-]+\s){0,3}?"
    r"(?!season|episodes?|series|show|it\b)(?P<what>[a-z][\w-]*)\s(?:for|of|from)\b",
    re.IGNORECASE,
)
_SHOW = re.compile(r"\b(?:seasons?|show|series|episodes?|it|XO,\sKitty|Kitty)\b", re.IGNORECASE)
_ANNOUNCED = re.compile(
    r"\b(?:renew(?:s|ed|al|ing)?|greenlit|green-lit|greenlighted|green\slight|picked\sup|pick(?:s|ed)?\sup|pick-?up|"
    r"(?:was|were|been|is|has|have)\sordered|ordered\sa|(?:got|gets|received|receives|landed|lands|given)\s(?:a|an)\s(?:[\w-]+\s){0,2}order|"
    r"confirm(?:s|ed)\s(?:(?:a|the)\s(?:\w+\s)?season|season\s\w+\b(?=\s(?:is|will)\s(?:happening|coming|on\sits\sway))))\b",
    re.IGNORECASE,
)
_ANNOUNCED_RETURN = re.compile(r"\bannounce[sd]?\b(?=.{0,120}\breturn\sfor\b)", re.IGNORECASE)
#: a date told as when someone said something ("Netflix said on July 14", "told reporters in July")
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|told\s\w+|confirmed|announced|revealed|wrote|posted|tweeted|added|explained|shared)\s(?:on|in|last|this|earlier)?\s?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Trigger:
    """Words saying a dated event: the field it dates and where the words are."""

    field: str
    start: int
    end: int
    phase: str = ""  # "start", "end", "span" (took place from ... to ...) for filming and production
    weak: bool = False


def triggers(text: str) -> list[Trigger]:
    """The dated events `text` speaks of, in order."""
    found: list[Trigger] = []
    for m in _PREMIERE.finditer(text):
        if not _NOT_THE_SEASON.match(text, m.start()) and not _RELEASED_OTHER.match(text, m.start()):
            found.append(Trigger("premiere", m.start(), m.end()))
    for m in _PREMIERE_WEAK.finditer(text):
        found.append(Trigger("premiere", m.start(), m.end(), weak=True))
    for m in _ANNOUNCED.finditer(text):
        found.append(Trigger("announced", m.start(), m.end()))
    for m in _ANNOUNCED_RETURN.finditer(text):
        found.append(Trigger("announced", m.start(), m.end()))
    found += _filming(text)
    found.sort(key=lambda t: t.start)
    out: list[Trigger] = []
    for t in found:  # one reading of each stretch of words
        if not any(o.start < t.end and t.start < o.end for o in out):
            out.append(t)
    return out


def _filming(text: str) -> list[Trigger]:
    """Filming or production beginning, ending, or taking place, each with the words it pairs."""
    if _OTHER_WORK.search(text):
        return []
    found: list[Trigger] = []
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]

    def word_at(offset: int) -> int:
        return next((i for i, (a, b) in enumerate(words) if a <= offset < b), len(words))

    activities = list(_ACTIVITY.finditer(text))
    used: set[int] = set()
    for phase, regex in (("start", _START), ("end", _END)):
        for m in regex.finditer(text):
            if phase == "end" and m.group().lower() in ("until", "till"):
                near = [a for a in activities if 0 <= word_at(m.start()) - word_at(a.start()) <= 6]
            else:
                near = [a for a in activities if abs(word_at(m.start()) - word_at(a.start())) <= 8]
            if m.group().lower().startswith(("roll",)):
                near = [a for a in near if a.group().lower() == "cameras"]
            if not near and not (phase == "end" and _WRAP.fullmatch(m.group())):
                continue
            activity = min(near, key=lambda a: abs(a.start() - m.start())) if near else None
            field = "production" if activity and activity.group().lower() == "production" else "filming"
            if (
                activity is None
                and re.search(r"(?<![-\w])production\b", text, re.IGNORECASE)
                and not re.search(r"\b(?:filming|shooting|cameras)\b", text, re.IGNORECASE)
            ):
                field = "production"
            lo = min(m.start(), activity.start()) if activity else m.start()
            hi = max(m.end(), activity.end()) if activity else m.end()
            found.append(Trigger(f"{field}_{phase}", lo, hi, phase))
            if activity:
                used.add(activity.start())
    for a in activities:  # "was shot between June and October", "production took place from ... to ..."
        if a.start() in used:
            continue
        happened = _HAPPENED.search(text, max(0, a.start() - 30), a.end() + 30)
        if happened:
            field = "production" if a.group().lower() == "production" else "filming"
            found.append(
                Trigger(f"{field}_span", min(a.start(), happened.start()), max(a.end(), happened.end()), "span")
            )
    return found


def needs_show(trigger: Trigger, clause: str) -> bool:
    """A weak trigger ("arrived", "is back in") dates the season only when its clause names
    the show or a season ("the tour buses arrive in May" does not)."""
    return not trigger.weak or bool(_SHOW.search(clause))


def attribution(text: str, start: int) -> bool:
    """The date at `start` says when something was said ("Netflix said on July 14")."""
    return bool(_ATTRIBUTION.search(text[max(0, start - 40) : start]))


# -- places --------------------------------------------------------------------------------

_PLACE = rf"{TOKEN}(?:\s(?:of\s|de\s|del\s)?{TOKEN}){{0,4}}"
_PLACE_LIST = rf"{_PLACE}(?:(?:,\s|,?\s(?:and|or)\s){_PLACE})*"
_FILMING_WORDS = re.compile(
    r"(?<![-\w])(?:filmed|filming|film|shot|shoot|shooting|cameras|production|photography|on\slocation|locations?)\b",
    re.IGNORECASE,
)
_AT = re.compile(rf"\b(?:in|on|at|around|near|outside|across|throughout)\s(?:the\s)?(?P<p>{_PLACE_LIST})")
_TO = re.compile(
    rf"\b(?:return(?:s|ed|ing)?|mov(?:e|es|ed|ing)|head(?:s|ed|ing)?|relocat(?:e|es|ed|ing))"
    rf"\s(?:also\s|back\s|down\s|up\s|over\s|on\s|south\s|north\s|east\s|west\s|across\s)?to\s(?P<p>{_PLACE_LIST})"
)
_SCENES = re.compile(rf"\b[Tt]he\s(?P<p>{_PLACE})\s(?:scenes?|sequences?|shoot|exteriors?)\b")
_DOUBLE = re.compile(
    rf"(?P<p>{_PLACE_LIST})\s(?:is|are|will|would|could|may|might)\s(?:\w+\s){{0,3}}?(?:double|doubles|serve|serves|stand\sin)\sas\s(?:\w+\s)?locations?\b"
)
_FICTIONAL = re.compile(
    rf"(?P<p>{_PLACE})\s(?:is|was)\s(?:a\s|entirely\s)?(?:fictional|fictitious|made\sup|not\sa\sreal)"
)
COUNTRIES = frozenset(
    [
        "South Korea",
        "Korea",
        "North Korea",
        "Japan",
        "China",
        "Taiwan",
        "Thailand",
        "Vietnam",
        "Philippines",
        "Indonesia",
        "Canada",
        "United States",
        "America",
        "USA",
        "Mexico",
        "Italy",
        "France",
        "Spain",
        "Germany",
        "England",
        "Scotland",
        "Ireland",
        "United Kingdom",
        "Britain",
        "Australia",
        "New Zealand",
        "India",
        "Brazil",
    ]
)


def fictional_places(text: str) -> set[str]:
    """Places an article says are not real ("The Korean Independent School of Seoul is fictional")."""
    return {m.group("p") for m in _FICTIONAL.finditer(text)}


def places(text: str, series: list[str], filming: bool = False) -> list[tuple[str, int]]:
    """(place as written, offset) for each place a sentence says a season is filmed in; the
    sentence must speak of filming (or stand in a section about it: `filming`). A country is
    dropped when a place within one is named; the series' names ("XO, Kitty") are no places."""
    if not filming and not _FILMING_WORDS.search(text):
        return []
    for name in series:
        text = text.replace(name, "x" * len(name))
    found: list[tuple[str, int]] = []
    for regex in (_AT, _TO, _SCENES, _DOUBLE):
        for m in regex.finditer(text):
            base = m.start("p")
            for part in re.finditer(_PLACE, m.group("p")):
                name = _clean(part.group())
                if name and not any(name == f for f, _ in found):
                    found.append((name, base + part.start() + part.group().index(name.split()[0])))
    if any(name not in COUNTRIES for name, _ in found):
        found = [(name, at) for name, at in found if name not in COUNTRIES]
    return sorted(found, key=lambda f: f[1])


def _clean(name: str) -> str:
    """A place's words without common words around it ("Seoul", not "Seoul In")."""
    words = name.split()
    while words and (words[0] in COMMON or words[0] in ("Season", "Episode")):
        words.pop(0)
    while words and words[-1] in COMMON:
        words.pop()
    if not words or (len(words) == 1 and words[0].isupper() and len(words[0]) > 1):
        return ""  # "KISS": an acronym alone is not a place to film in
    return " ".join(words)
