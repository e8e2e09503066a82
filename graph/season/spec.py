"""What a user says about a season (from options or a season file), before it is checked:
one `Fact` type for every kind of fact, and the `SeasonSpec` that holds them."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.dates import Date, parse_date  # noqa: F401  (season code names dates through here)

DEFAULT_SERIES = "XO, Kitty"

#: Kinds of single-valued facts about a season: key (TOML table, option without --) -> what it is.
DATE_KINDS = {
    "premiere": "premiere date",
    "announced": "announcement date",
    "expected_premiere": "expected premiere",
    "filming_start": "start of filming",
    "filming_end": "end of filming",
    "production_start": "start of production",
    "production_end": "end of production",
}
#: Crew roles a user may give, as typed (case and spacing ignored) -> canonical role key.
CREW_ROLES = {
    "showrunner": "showrunner",
    "co-showrunner": "co-showrunner",
    "coshowrunner": "co-showrunner",
    "executive producer": "executive producer",
    "executive-producer": "executive producer",
    "writer": "writer",
    "director": "director",
}


@dataclass
class Fact:
    """One fact given for a season, of any kind.

    `kind` is a DATE_KINDS key, "episodes", "cast", "departure", "crew" or "place"; `value`
    is the date (ISO, or as the article writes it: "April 2", "next month"), the episode
    count, the actor, the crew member or the place; `other` the character (cast, departure)
    or the role (crew). `inferred` holds the reasoning of a fact the source only implies,
    `reason` the source's own reason for a guess (a rumour's origin); `replaces` the person
    a crew member succeeds in the role; `corrects` the sources whose report of this fact the
    source says was wrong.
    """

    kind: str
    where: str
    value: str = ""
    other: str = ""
    quote: str | None = None
    quote_where: str | None = None
    source: str | None = None
    speculative: bool = False
    inferred: str | None = None
    new: bool | None = None
    regular: bool | None = None
    place_type: str | None = None
    within: str | None = None
    replaces: str | None = None
    reason: str | None = None
    corrects: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        """kgo: local name of the claim status this fact gets."""
        if self.speculative or self.kind == "expected_premiere":
            return "Speculation"
        return "Inferred" if self.inferred else "Stated"


@dataclass
class SeasonSpec:
    """Everything a user says about a season, from options or from a season file."""

    number: int | None = None
    series: str = DEFAULT_SERIES
    source: str | None = None
    quote: str | None = None
    facts: list[Fact] = field(default_factory=list)
    same_as: dict[str, str] = field(default_factory=dict)
    new_names: list[str] = field(default_factory=list)
    #: how to point at a top-level field in messages: {"number": "--number"} or {"number": "s3.toml:4"}
    where: dict[str, str] = field(default_factory=dict)

    def at(self, name: str) -> str:
        return self.where.get(name, name)

    def of(self, *kinds: str) -> list[Fact]:
        return [f for f in self.facts if f.kind in kinds]


def parse_role(text: str) -> str | None:
    """The canonical crew role for what a user typed, or None if it is not one kg knows."""
    return CREW_ROLES.get(" ".join(text.lower().split()))


def check_status(fact: Fact) -> str | None:
    """A problem with how a fact is marked, or None."""
    if fact.speculative and fact.inferred:
        return "a fact is either speculative or inferred, not both"
    if fact.inferred is not None and not fact.inferred.strip():
        return 'an inferred fact needs its reasoning: --inferred "WHAT=why the source implies it"'
    if fact.reason is not None and not fact.speculative and fact.kind != "expected_premiere":
        return "a reason for a guess is given only with a speculative fact"
    return None
