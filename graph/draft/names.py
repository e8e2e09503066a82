"""Names in an article: the regex pieces that find people, characters and places, the
gazetteer of names the graph already knows, and the article's own book of names, which reads
a short name ("Bhasin", "Peter", "Kitty") as the full one the article or the graph gives
("Sasha Bhasin", "Peter Thurnwald", "Kitty Song Covey")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from graph.entities import normalize
from graph.season.matching import loose

if TYPE_CHECKING:
    from graph.season.matching import Entity, NameIndex


class CastLike(Protocol):
    """What `learn` reads of an actor and a character as written (graph.draft.people.Cast)."""

    actor: str
    character: str
    at: int
    how: str


class CrewLike(Protocol):
    """What `learn` reads of a crew member as written (graph.draft.people.Crew)."""

    person: str


#: the kinds of names a gazetteer holds
KINDS = ("person", "character", "place", "fictional-place", "series")

_UPPER = "A-ZÀ-ÖØ-Þ"
#: one capitalised word of a name: "Anna", "Jae-sung", "KISS", "Q" (a possessive "’s" is not part of it)
TOKEN = rf"[{_UPPER}][\w-]*"
#: a name of one to four capitalised words
NAME = rf"{TOKEN}(?:\s{TOKEN}){{0,3}}+"
#: words that end a relation naming a character ("Yuri’s father in season 1")
_RELATION_STOP = (
    r"(?:in|on|for|and|or|who|whom|with|after|at|to|from|of|is|was|are|were|will|the|a|an|but|as|by|"
    r"this|that|since|when|while|has|had|have|comes|joins|returns|plays|played|turned|finally|also)"
)
#: a character: a name, or a relation to one ("Yuri’s father", "Dae’s older brother")
CHARACTER = rf"{NAME}(?:['’]s(?:\s(?!{_RELATION_STOP}\b)[a-z][\w-]*){{1,3}})?"

#: capitalised words that start sentences or name no person, character or place of a season
_COMMON_WORDS = """
A About Across Actor Actors Actress After Again Ahead All Also Among An And Another Any Are As
At Back Be Because Before Being Best Both But By Can Cast Casting Cameras Could Credits Date Did
Do Does Down During Each Earlier Early Either Episode Episodes Even Every Exterior Fact Fans
Filming For From Good Has Have He Her Here His How I If In Is It Its Just Joining Late Later Let
Like Media More Most Mr Mrs Ms My Need Neither New Newcomer Newcomers Next No Nobody None Not
Now Of On One Only Or Other Our Over Premiere Production Reportedly Season Seasons She Sheet So
Some Spoilers Star Stars Still Synopsis That The Their Then There These They This Those Title To
Too Under Update Updated Was We Well Were What When Where Whether Which While Who Why Will With
Yes Yet You Your Contact Director Directors Writer Writers Showrunner Showrunners Co-showrunner
Co-showrunners Creator Executive Producer Producers Netflix Meanwhile Honestly Obviously
Hopefully Whatever Whenever Everyone Nothing Something Trailer Monday Tuesday Wednesday Thursday
Friday Saturday Sunday January February March April May June July August September October
November December Spring Summer Fall Autumn Winter Top Global Instagram Reddit TikTok Twitter
YouTube Variety Deadline Post-production Principal Professor Whoever However Whichever Wherever
Although Though Besides Instead Otherwise Overall Once Twice Maybe Theory Warning Spoiler
Correction Editor Note Photo Credit Source Insiders Shooting Photography Work Writing Directing
Editing Principal
"""
COMMON = frozenset(_COMMON_WORDS.split())
#: titles that may begin a character's name ("Professor Whitfield", "Principal Jina")
TITLES = frozenset({"Professor", "Principal", "Coach", "Doctor", "Dr", "Mr", "Mrs", "Ms", "Miss", "Auntie", "Uncle"})


def strip_common(name: str) -> str:
    """A name without the common capitalised words it was read with ("Newcomers Rachel Yoo")."""
    words = name.split()
    while words and words[0] in COMMON and words[0] not in TITLES:
        words.pop(0)
    return " ".join(words)


def person_like(name: str) -> bool:
    """Two or more capitalised words, none of them common ("Anna Cathcart", not "The Season")."""
    words = name.split()
    return len(words) >= 2 and not any(w in COMMON for w in words)


@dataclass
class Gazetteer:
    """Known names by kind (person, character, place, fictional-place, series) with their
    alternate names, from the graph (build one from a graph.season.matching.NameIndex) or empty."""

    #: kind -> groups of names of one thing, the name to write first
    entries: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)

    @classmethod
    def from_index(cls, index: NameIndex) -> Gazetteer:
        """The names of the graph's people, characters, real places and series; and as
        fictional places, the story's own places (kgo:FictionalPlace is no kgo:Place) with the
        other fictional things that are no characters, so that none is read as a place to film."""
        entries: dict[str, list[tuple[str, ...]]] = {kind: [] for kind in KINDS}

        def names(entity: Entity) -> tuple[str, ...]:
            return (entity.label, *sorted(n for n in entity.names if n != entity.label))

        for kind in ("person", "character", "place", "series"):
            for entity in index.of_kind(kind):
                if kind in ("person", "place") and entity.classes & index.fiction_classes:
                    continue
                entries[kind].append(names(entity))
        characters = index.kind_classes["character"]
        for entity in index.entities.values():
            if entity.names and entity.classes & index.fiction_classes and not entity.classes & characters:
                entries["fictional-place"].append(names(entity))
        return cls(entries)

    @classmethod
    def of(cls, **kinds: Iterable[str | tuple[str, ...]]) -> Gazetteer:
        """A gazetteer from names given by kind (`person=["Anna Cathcart"]`), for tests and tools."""
        return cls(
            {
                kind.replace("_", "-"): [(n,) if isinstance(n, str) else tuple(n) for n in names]
                for kind, names in kinds.items()
            }
        )

    def names(self, kind: str) -> list[tuple[str, ...]]:
        return self.entries.get(kind, [])

    def find(self, kind: str, name: str) -> tuple[str, ...] | None:
        """The names of the one thing of this kind called `name` (case, spacing, punctuation ignored)."""
        key = normalize(name)
        for group in self.names(kind):
            if any(normalize(n) == key for n in group):
                return group
        return None

    def alternates(self, name: str) -> list[str]:
        """Every name of whatever the gazetteer knows as `name` (of any kind), `name` first."""
        key = normalize(name)
        out = [name]
        for groups in self.entries.values():
            for group in groups:
                if any(normalize(n) == key for n in group):
                    out += [n for n in group if n not in out]
        return out


class NameBook:
    """The names of one article: full names seen anywhere in it, the people and characters
    seen in the places only people or characters stand ("X plays Y", "Y (X)"), and the
    gazetteer's; a short name is read as the one full name it can be."""

    def __init__(self, texts: Iterable[str], gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.full: list[str] = []  # multi-word names in the order they appear
        seen: set[str] = set()
        for text in texts:
            for match in re.finditer(NAME, text):
                name = strip_common(match.group())
                if len(name.split()) >= 2 and name not in seen:
                    seen.add(name)
                    self.full.append(name)
        self.people: set[str] = set()
        self.characters: set[str] = set()
        #: actor -> the character the article pairs them with
        self.roles: dict[str, str] = {}

    def is_person(self, name: str) -> bool:
        return name in self.people or self.gazetteer.find("person", name) is not None

    def is_character(self, name: str) -> bool:
        return name in self.characters or self.gazetteer.find("character", name) is not None

    def is_place(self, name: str) -> bool:
        return self.gazetteer.find("place", name) is not None

    def is_fictional_place(self, name: str) -> bool:
        return self.gazetteer.find("fictional-place", name) is not None

    def person(self, written: str) -> str | None:
        """The full name of the person `written` names ("Cathcart", "Peter", "Anna Cathcart"),
        or None when it is not a person's name or names more than one."""
        name = strip_common(written)
        if not name:
            return None
        known = self.gazetteer.find("person", name)
        if known:
            return known[0]
        if person_like(name) and not self.is_character(name):
            return name
        if len(name.split()) != 1 or name in COMMON:
            return None
        for tier in self._people_tiers():
            candidates = {
                full
                for full in tier
                if (full.split()[-1] == name or full.split()[0] == name) and not self.is_character(full)
            }
            if len(candidates) == 1:
                return candidates.pop()
            if candidates:
                return None  # "Kim": Gia Kim or Yunjin Kim
        return None

    def _people_tiers(self) -> list[list[str]]:
        """Full names to read a short one as: people seen in people's places and the
        gazetteer's first, then any other two-word name of the article."""
        known = [n for group in self.gazetteer.names("person") for n in group[:1]]
        seen = [n for n in self.full if n in self.people]
        rest = [n for n in self.full if person_like(n) and n not in self.people]
        return [seen + known, rest]

    def character(self, written: str) -> str:
        """The fullest name the article or the gazetteer gives the character `written` names
        ("Kitty" -> "Kitty Song Covey"); `written` itself when there is none."""
        name = written.strip()
        known = self.gazetteer.find("character", name)
        if known:
            return known[0]
        if "’s " in name or "'s " in name:
            return name  # a relation: "Yuri’s father"
        words = name.split()
        longer = [
            full
            for full in list(self.characters) + [g[0] for g in self.gazetteer.names("character")] + self.full
            if len(full.split()) > len(words) and full.split()[: len(words)] == words and not self.is_person(full)
        ]
        if longer:
            best = max(longer, key=lambda n: len(n.split()))
            if len({n for n in longer if len(n.split()) == len(best.split())}) == 1:
                return best
        return name

    def learn(self, sentences: Iterable[tuple[int, list[CastLike], list[CrewLike]]]) -> set[tuple[int, int]]:
        """Who the article names as actors, characters and crew (so that short names read as
        theirs), and each actor's character. Returns the (line, offset) of the "A (B)" pairs
        that name the actor first ("Minyeong Choi (Dae)")."""
        sentences = list(sentences)
        for _, cast, crew in sentences:
            for c in cast:
                if c.how.startswith("'Y (X)'"):
                    continue  # "Kitty (Anna Cathcart)" or "Minyeong Choi (Dae)": decided below
                if len(c.actor.split()) >= 2:
                    self.people.add(c.actor)
                if c.character:
                    self.characters.add(c.character)
            for p in crew:
                if len(p.person.split()) >= 2:
                    self.people.add(p.person)
        swapped: set[tuple[int, int]] = set()
        for i, cast, _ in sentences:
            pairs = [c for c in cast if c.how.startswith("'Y (X)'")]
            style = {self._parens_style(c) for c in pairs} - {""}
            for c in pairs:
                actor, character = c.actor, c.character
                own = self._parens_style(c)
                if own == "actor first" or (not own and style == {"actor first"}):  # a list keeps one way
                    actor, character = character, actor
                    swapped.add((i, c.at))
                if len(actor.split()) >= 2:
                    self.people.add(actor)
                self.characters.add(character)
        for i, cast, _ in sentences:
            for c in cast:
                written, char = (c.character, c.actor) if (i, c.at) in swapped else (c.actor, c.character)
                actor = self.person(written)
                if actor and char:
                    self.roles.setdefault(actor, self.character(char))
        return swapped

    def _parens_style(self, c: CastLike) -> str:
        """Which way "A (B)" names an actor and a character: "character first" ("Kitty (Anna
        Cathcart)"), "actor first" ("Minyeong Choi (Dae)"), or "" when the names do not say."""
        inner, outer = c.actor, c.character
        inner_person = inner in self.people or bool(self.gazetteer.find("person", inner))
        outer_person = outer in self.people or bool(self.gazetteer.find("person", outer))
        if (self.is_character(outer) and not self.is_character(inner)) or (inner_person and not outer_person):
            return "character first"
        if (self.is_character(inner) and not self.is_character(outer)) or (outer_person and not inner_person):
            return "actor first"
        if len(inner.split()) == 1 and person_like(outer) and not self.person(inner):
            return "actor first"
        if len(outer.split()) == 1 and person_like(inner):
            return "character first"
        return ""

    def another_title(self, written: str, series: list[str]) -> bool:
        """A capitalised name that is none of the series' names, people, characters or places
        the article or the gazetteer knows: another show or film ("Harbor Lights")."""
        owner = strip_common(written)
        if not owner or (" " not in owner and owner.endswith(("ly", "ing"))):
            return False  # "Sadly", "Shooting on the season began": no title
        mine = loose(owner)
        if any(mine in loose(s) or loose(s) in mine for s in series):
            return False
        known = owner in self.people or self.gazetteer.find("person", owner) or self.is_character(owner)
        return not (known or self.is_place(owner) or (len(owner.split()) == 1 and self.person(owner)))
