"""Which claim stands when sources disagree: one rule, by the sources' publication dates.

A **slot** is one thing that has one value at a time: a season's premiere date (with "no
release date yet" and every guessed date), its announcement, the start or end of production
or filming, the episode count, whether an actor plays a character in a season (in, or out
when they leave), a casting role's new or regular flag, whether a person has a crew role on a
season (in, or out when a successor replaces them). Two claims with a statement in the same
slot are compared:

- **the same value** (or the same period): one fact with two sources; a guess is answered by
  a stated or inferred claim of that value, whichever came first;
- **a coarser and a finer period** ("January 2025" and "January 16, 2025"): the finer one
  stands, or the stated one if only one is stated;
- **different values**: a stated (or inferred) claim answers every guess; between two claims
  of the same kind the one from the newer source stands. A source with a known date is newer
  than one without. Two sources of the same day, or both undated, cannot be ordered: that is
  a contradiction, which `kg season add` refuses unless the newer source says it corrects the
  other (`corrects`);
- a claim that says an earlier report was wrong (`corrects`) stands over that report's claims
  in the slot, whatever their dates.

A claim leaves the default view when another answers every slot it has a statement in
(`kgo:supersededBy`); `graph.season.plan` writes those links, in either direction, in the
new file, so the result does not depend on the order in which sources were added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.dates import Date, make_date
from graph.namespaces import KGO, STATUS_SPECULATION, XSD
from graph.season import terms
from graph.season.current import Claims

_CREW = set(terms.CREW_PROPERTIES.values())
_FLAGS = {terms.IS_NEW: "new", terms.IS_REGULAR: "series regular"}
_PRODUCTION_STATUS = KGO + "productionStatus"

Slot = tuple[str, ...]


@dataclass(frozen=True)
class Value:
    """What a claim says in one slot: a comparable key and words for messages; a date keeps
    its period, so that a coarser and a finer date can be told from two different ones."""

    key: tuple[object, ...]
    label: str
    date: Date | None = None


@dataclass
class Relation:
    """How a new claim stands to an existing one: "confirms" (the same fact), "supersedes"
    (the new claim answers the older one), "superseded" (the existing claim answers the new
    one), "contradicts" (they cannot be ordered) or "partial" (it answers only some of what
    the other says)."""

    kind: str
    new: str
    old: str
    slots: list[tuple[Slot, Value | None, Value | None]] = field(default_factory=list)
    corrects: bool = False


def slot_name(slot: Slot) -> str:
    """Words for a slot in messages ("premiere date", "episode count", …)."""
    from graph.season.spec import DATE_KINDS

    if slot[0] == "date":
        return DATE_KINDS[slot[2]]
    return {"episodes": "episode count", "cast": "cast", "flag": "cast flag", "crew": "crew", "status": "status"}[
        slot[0]
    ]


def slot_words(slot: Slot, name: Callable[[str], str]) -> str:
    """A slot in words, naming its nodes with `name`: "premiere date", "Audrey Huynh as
    Stella", "Jenny Han as co-showrunner", "Audrey Huynh as Stella, new"."""
    if slot[0] == "cast":
        return f"{name(slot[2])} as {name(slot[3])}"
    if slot[0] == "crew":
        role = {v: k for k, v in terms.CREW_PROPERTIES.items()}.get(slot[2], slot[2].rsplit("#", 1)[-1])
        return f"{name(slot[3])} as {role}"
    if slot[0] == "flag":
        return f"{name(slot[1])}, {_FLAGS.get(slot[2], slot[2].rsplit('#', 1)[-1])}"
    return slot_name(slot)


def slot_values(claim: str, index: Claims) -> dict[Slot, Value]:
    """What `claim` says in each slot it has a statement in (nothing for statements that are
    no slot: types, names, places, plot)."""
    statements = index.statements.get(claim, [])
    out: dict[Slot, Value] = {}
    qualifiers = {(s, _value(o)) for s, p, o in statements if p == terms.DATE_QUALIFIER}
    for s, p, o in statements:
        value = _value(o)
        if p in terms.DATE_SLOTS and s != "_:":
            group = terms.DATE_SLOTS[p]
            if p == KGO + "releaseDateAnnounced":
                if value == "false":
                    out[("date", s, group)] = Value(("none",), "'no date announced yet'")
                continue
            date = _date_of(s, p, value, qualifiers, index)
            if date is not None:
                out[("date", s, group)] = Value(("date", date.first, date.last, date.precision), date.words(), date)
        elif p == terms.EPISODES or p == "https://schema.org/numberOfEpisodes":
            out[("episodes", s)] = Value(("n", value), value)
        elif p == terms.HAS_CAST_MEMBER:
            performer, character = index.role_of.get(value, ("", ""))
            if performer and character:
                out[("cast", s, performer, character)] = Value(("in",), "plays the character")
        elif p in _FLAGS and s in index.work_of:
            out[("flag", s, p)] = Value(("b", value), "yes" if value == "true" else "no")
        elif p == terms.CAST_DEPARTURE:
            info = index.departures.get(value, {})
            actor, character = info.get(terms.DEPARTING_ACTOR, ""), info.get(terms.DEPARTING_CHARACTER, "")
            if actor and character:
                out[("cast", s, actor, character)] = Value(("out",), "leaves the role")
                role = index.role(s, actor, character)
                for flag in _FLAGS if role else ():
                    out[("flag", role, flag)] = Value(("out",), "leaves the role")  # type: ignore[index]
        elif p in _CREW:
            out[("crew", s, p, value)] = Value(("in",), "has the role")
        elif p == terms.CREW_SUCCESSION:
            info = index.successions.get(value, {})
            role = info.get(terms.IN_ROLE, "")
            if role and info.get(terms.SUCCESSOR) and info.get(terms.PREDECESSOR):
                out[("crew", s, role, info[terms.SUCCESSOR])] = Value(("in",), "has the role")
                out[("crew", s, role, info[terms.PREDECESSOR])] = Value(("out",), "succeeded by another")
        elif p == _PRODUCTION_STATUS:
            out[("status", s)] = Value(("s", value), value.rsplit("#", 1)[-1])
    return out


def _value(term: object) -> str:
    return getattr(term, "value", "")


def _date_of(subject: str, prop: str, value: str, qualifiers: set[tuple[str, str]], index: Claims) -> Date | None:
    """The period a date statement stands for: its qualifier in the same claim, else the day."""
    for s, q in qualifiers:
        parts = index.qualifiers.get(q, {})
        if s == subject and parts.get(terms.OF_PROPERTY) == prop:
            precision = parts.get(terms.PRECISION, terms.PRECISIONS["day"]).rsplit("#", 1)[-1]
            precision = {"YearPrecision": "year", "MonthPrecision": "month"}.get(precision, "day")
            try:
                first = dt.date.fromisoformat(parts[terms.EARLIEST]) if terms.EARLIEST in parts else None
                last = dt.date.fromisoformat(parts[terms.LATEST]) if terms.LATEST in parts else None
                return make_date(first, last, precision)
            except ValueError:
                return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return make_date(day, day, "day")


def _newer(a: str | None, b: str | None) -> int | None:
    """1 if a source dated `a` is newer than one dated `b`, -1 if older, 0 the same day, None
    when neither has a date (a dated source is newer than an undated one)."""
    if a is None and b is None:
        return None
    if a is None:
        return -1
    if b is None:
        return 1
    return (a > b) - (a < b)


def _compare(
    new: Value, new_guess: bool, new_date: str | None, old: Value, old_guess: bool, old_date: str | None
) -> str:
    """ "confirms", "newer" (the new value stands), "older" (the old one stands) or "tie"."""
    if new.key == old.key:
        if new_guess == old_guess:
            return "confirms"
        return "newer" if old_guess else "older"
    if new_guess != old_guess:  # a statement answers every guess of its slot
        return "newer" if old_guess else "older"
    if new.date is not None and old.date is not None:
        if old.date.contains(new.date):
            return "newer"  # the finer period stands
        if new.date.contains(old.date):
            return "older"
    order = _newer(new_date, old_date)
    if order is None or order == 0:
        return "tie"
    return "newer" if order > 0 else "older"


def relations(new_claims: Iterable[str], index: Claims, corrects: dict[str, set[str]] | None = None) -> list[Relation]:
    """How each new claim stands to each other claim of `index` it shares a slot with.

    `index` holds the graph and the new claims together; `corrects` maps a new claim to the
    source documents it says were wrong.
    """
    new_claims = list(new_claims)
    fresh = set(new_claims)
    corrects = corrects or {}
    values = {claim: slot_values(claim, index) for claim in index.statements}
    by_slot: dict[Slot, list[str]] = {}
    for claim, slots in values.items():
        if claim in fresh:
            continue
        for slot in slots:
            by_slot.setdefault(slot, []).append(claim)
    found: list[Relation] = []
    for new in new_claims:
        mine = values.get(new, {})
        others = sorted({old for slot in mine for old in by_slot.get(slot, ())})
        for old in others:
            found.append(_relation(new, old, mine, values[old], index, corrects.get(new, set())))
    return found


def _relation(
    new: str, old: str, mine: dict[Slot, Value], theirs: dict[Slot, Value], index: Claims, corrected: set[str]
) -> Relation:
    guess_new = index.status.get(new) == STATUS_SPECULATION
    guess_old = index.status.get(old) == STATUS_SPECULATION
    corrects = bool(index.sources.get(old, set()) & corrected)
    outcomes: list[str] = []
    shared: list[tuple[Slot, Value | None, Value | None]] = []
    for slot, value in mine.items():
        if slot not in theirs:
            continue
        shared.append((slot, value, theirs[slot]))
        if corrects:
            outcomes.append("newer")
            continue
        outcomes.append(
            _compare(value, guess_new, index.source_date(new), theirs[slot], guess_old, index.source_date(old))
        )
    relation = Relation("confirms", new, old, shared, corrects)
    if "tie" in outcomes:
        relation.kind = "contradicts"
    elif all(o == "confirms" for o in outcomes):
        relation.kind = "confirms"
    elif "newer" in outcomes and "older" not in outcomes and set(theirs) <= set(mine):
        relation.kind = "supersedes"
    elif "older" in outcomes and "newer" not in outcomes and set(mine) <= set(theirs):
        relation.kind = "superseded"
    else:
        relation.kind = "partial"
    return relation


def literal_date(date: Date) -> ox.Literal:
    """The xsd:date a date property holds for `date`."""
    return ox.Literal(date.value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
