"""One claim per fact of a season: the season itself, its dates, episode count, cast and cast
members leaving, crew and their successors, and filming locations, each citing the
sentence(s) of its quote.

Every claim is whole on its own: it types and names each node it mentions (the filming, a
role, the people, characters and places), so that whichever claims later stand or are
superseded, the ones that stand never point at an untyped node. A fact the graph already
holds is written with the same nodes (the same role, the same date qualifier), so that a
second source for it is one fact with two sources, not a second node.
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.datewords import read_date, tense_of
from graph.namespaces import KGO, RDF, RDFS, SCHEMA, XSD
from graph.season import terms
from graph.season.builder import Builder, Season
from graph.season.matching import Match, normalize
from graph.season.render import Claim, one_line
from graph.season.spec import DATE_KINDS, Date, Fact, parse_date
from graph.season.support import Need, SeasonNeed, date_mention
from graph.season.terms import CREW_PROPERTIES, DATE_PROPERTIES, EPISODES

_DAY = ox.NamedNode(XSD + "date")
_BOOLEAN = ox.NamedNode(XSD + "boolean")
_INTEGER = ox.NamedNode(XSD + "integer")


def season_claim(b: Builder, season: Season) -> None:
    """The season and its number, if it is new here or this source also says it exists."""
    spec = b.spec
    if season.exists and not (spec.quote and spec.quote.strip()):
        return
    needs: list[Need] = [SeasonNeed(season.number)]
    sentences = b.cite(None, spec.quote, spec.at("quote"), f"season {season.number}", needs)
    claim = b.new_claim("", season.name, None, sentences)
    claim.quotes = [spec.quote or ""]
    _describe_season(claim, season)


def _describe_season(claim: Claim, season: Season) -> None:
    claim.add(season.iri, RDF + "type", KGO + "TVSeason")
    claim.add(season.iri, SCHEMA + "name", ox.Literal(season.name))
    claim.add(season.iri, RDFS + "label", ox.Literal(season.name))
    claim.add(season.iri, KGO + "seasonOf", season.series)
    claim.add(season.iri, SCHEMA + "seasonNumber", ox.Literal(str(season.number), datatype=_INTEGER))


def read_fact_date(b: Builder, fact: Fact) -> Date | None:
    """The date a fact gives: ISO (YYYY, YYYY-MM, YYYY-MM-DD, a range FROM..TO, ..TO or FROM..)
    or words as the source writes them ("April 2", "next month", "spring of 2025"), read
    with the source's publication date; None and a problem when it is neither."""
    try:
        return parse_date(fact.value)
    except ValueError:
        pass
    src = b.source_of(fact)
    published = src.published if src is not None else None
    mention = read_date(fact.value, published, tense_of(fact.quote or ""))
    if mention is not None and mention.date is not None:
        return mention.date
    if mention is not None and published is None:
        b.problem(
            fact.where,
            f"{fact.value!r} is relative to when the source was written, and source {b.spec.source!r} has no "
            "publication date: give the date as YYYY, YYYY-MM or YYYY-MM-DD and say how you know it with --inferred",
        )
        return None
    b.problem(
        fact.where,
        f"{fact.value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2026-01-16), a range FROM..TO, "
        '..TO ("by August 2024") or FROM.., or the words of the source ("April 2", "next month", "spring of 2025")',
    )
    return None


def date_claims(b: Builder, season: Season) -> None:
    for fact in sorted(b.spec.of(*DATE_KINDS), key=lambda f: list(DATE_KINDS).index(f.kind)):
        what = f"the {DATE_KINDS[fact.kind]}"
        date = read_fact_date(b, fact)
        if date is None:
            continue
        cited = b.cite(fact, fact.quote, fact.where, what, [date])
        on, prop = DATE_PROPERTIES[fact.kind]
        if fact.speculative:
            prop = terms.EXPECTED_PROPERTIES.get(fact.kind, prop)
        subject = season.iri if on == "season" else season.filming
        claim = b.new_claim(fact.kind.replace("_", "-"), what[4:].capitalize(), fact, cited)
        if on == "filming":
            claim.add(season.iri, terms.FILMED_DURING, subject)
            label = f"Filming of {season.name}"
            claim.add(subject, RDF + "type", KGO + "Filming")
            claim.add(subject, SCHEMA + "name", ox.Literal(b.filming_name(subject, label)))
            claim.add(subject, RDFS + "label", ox.Literal(b.filming_name(subject, label)))
        claim.add(subject, prop, ox.Literal(date.value.isoformat(), datatype=_DAY))
        qualifier = _time_value(b, subject, prop, date)
        claim.add(subject, terms.DATE_QUALIFIER, qualifier)
        claim.add(qualifier, RDF + "type", KGO + "TimeValue")
        claim.add(qualifier, terms.OF_PROPERTY, prop)
        claim.add(qualifier, terms.PRECISION, terms.PRECISIONS[date.precision])
        if date.first is not None:
            claim.add(qualifier, terms.EARLIEST, ox.Literal(date.first.isoformat(), datatype=_DAY))
        if date.last is not None:
            claim.add(qualifier, terms.LATEST, ox.Literal(date.last.isoformat(), datatype=_DAY))
        src = b.source_of(fact)
        text = " ".join(s.text for s in cited)
        mention = date_mention(text, date, src.published if src else None) if cited else None
        if mention is not None:
            claim.add(qualifier, terms.AS_WRITTEN, ox.Literal(mention.written))
            if mention.resolution and src is not None:
                claim.add(qualifier, terms.RESOLUTION, ox.Literal(mention.resolution))
                claim.add(qualifier, terms.RESOLVED_AGAINST, src.iri)
        elif fact.quote:
            claim.add(qualifier, terms.AS_WRITTEN, ox.Literal(" ".join(fact.quote.split())))


def _time_value(b: Builder, subject: str, prop: str, date: Date) -> str:
    """The named kgo:TimeValue of a date (graph.iris' rule). The graph's node for the same
    date at the same precision and bounds is shared (a second source for one date is one
    fact); another claim's node for a different period gets the next free -2, -3."""
    from graph.iris import time_value_iri

    base = time_value_iri(subject, prop, date.value.isoformat())
    wanted = {
        terms.OF_PROPERTY: prop,
        terms.PRECISION: terms.PRECISIONS[date.precision],
        **({terms.EARLIEST: date.first.isoformat()} if date.first else {}),
        **({terms.LATEST: date.last.isoformat()} if date.last else {}),
    }
    iri, n = base, 2
    while iri in b.index.iris or iri in b.minted:
        if iri not in b.minted and b.current.qualifiers.get(iri) == wanted:
            return iri
        iri, n = f"{base}-{n}", n + 1
    b.minted.add(iri)
    return iri


def episodes_claim(b: Builder, season: Season) -> None:
    for fact in b.spec.of("episodes"):
        text = fact.value.strip()
        if not text.isdigit() or int(text) < 1:
            b.problem(fact.where, f"{fact.value!r} is not a number of episodes: give a whole number from 1")
            continue
        cited = b.cite(fact, fact.quote, fact.where, "the number of episodes", [int(text)])
        claim = b.new_claim("episodes", f"{int(text)} episodes", fact, cited)
        claim.add(season.iri, EPISODES, ox.Literal(str(int(text)), datatype=_INTEGER))


def _cast_pair(b: Builder, fact: Fact, season: Season, what: str) -> tuple[Match, Match, list] | None:
    """The actor and character of a cast or departure entry, and the cited sentences."""
    actor = b.resolve("person", fact.value, fact.where)
    character = b.resolve("character", fact.other, fact.where, scope=season.series_name)
    if actor is None or character is None:
        return None
    needs: list[Need] = [
        ("the actor", b.names_of(actor, fact.value)),
        ("the character", b.names_of(character, fact.other)),
    ]
    return actor, character, b.cite(fact, fact.quote, fact.where, what, needs)


def cast_claims(b: Builder, season: Season) -> None:
    seen: dict[str, str] = {}
    for fact in b.spec.of("cast"):
        pair = _cast_pair(b, fact, season, f"the cast entry {fact.value}={fact.other}")
        if pair is None:
            continue
        actor, character, cited = pair
        if b.doubt(fact, actor, season, character.iri):
            continue
        key = f"{actor.iri} {character.iri}"
        if key in seen:
            b.problem(fact.where, f"{fact.value} as {fact.other} is given twice (also {seen[key]})")
            continue
        seen[key] = fact.where
        label = f"{actor.name} as {character.name}"
        claim = b.new_claim(f"cast-{b.slug(character.name, 'character')}", label, fact, cited)
        b.describe(claim, actor, "Person")
        b.describe(claim, character, "Character")
        series_role = b.current.role(season.series, actor.iri, character.iri)
        if series_role is not None and b.current.role(season.iri, actor.iri, character.iri) is None:
            # the series-wide role (the lead, cast for the whole series) is in this season too:
            # the season lists that role, so the cast of the season shows the actor once
            claim.add(season.iri, terms.HAS_CAST_MEMBER, series_role)
            _describe_role(claim, series_role, actor, character)
            if fact.new is not None or fact.regular is not None:
                b.notes.append(f"{one_line(label)} is a series-wide role: its new/regular flags are the series' own")
            continue
        role = b.current.role(season.iri, actor.iri, character.iri)
        if role is None:
            role = b.mint("role", (actor.name, character.name), scope=season.name)
        claim.add(season.iri, terms.HAS_CAST_MEMBER, role)
        _describe_role(claim, role, actor, character)
        for flag, prop in ((fact.new, terms.IS_NEW), (fact.regular, terms.IS_REGULAR)):
            if flag is not None:
                claim.add(role, prop, ox.Literal("true" if flag else "false", datatype=_BOOLEAN))
        if not character.existing and fact.new:
            # a character the graph never had, played by a new cast member: introduced here
            claim.add(character.iri, KGO + "introducedIn", season.iri)


def _describe_role(claim: Claim, role: str, actor: Match, character: Match) -> None:
    claim.add(role, RDF + "type", KGO + "CastingRole")
    claim.add(role, RDFS + "label", ox.Literal(f"{actor.name} as {character.name}"))
    claim.add(role, terms.PERFORMER, actor.iri)
    claim.add(role, terms.PLAYS, character.iri)
    claim.add(role, terms.CHARACTER_NAME, ox.Literal(character.name))


def departure_claims(b: Builder, season: Season) -> None:
    """A cast member who leaves: from this season on, they no longer play the character."""
    seen: set[str] = set()
    for fact in b.spec.of("departure"):
        pair = _cast_pair(b, fact, season, f"the departure {fact.value}={fact.other}")
        if pair is None:
            continue
        actor, character, cited = pair
        if f"{actor.iri} {character.iri}" in seen:
            b.problem(fact.where, f"the departure of {fact.value} as {fact.other} is given twice")
            continue
        seen.add(f"{actor.iri} {character.iri}")
        if {normalize(f.value) for f in b.spec.of("cast") if normalize(f.other) == normalize(fact.other)} & {
            normalize(fact.value)
        }:
            b.problem(fact.where, f"{fact.value} as {fact.other} is given both as cast and as leaving this season")
            continue
        label = f"{actor.name} leaves the role of {character.name}"
        claim = b.new_claim(f"departure-{b.slug(character.name, 'character')}", label, fact, cited)
        node = b.departure_node(season, actor, character)
        parts = {terms.DEPARTING_ACTOR: actor.iri, terms.DEPARTING_CHARACTER: character.iri}
        _season_change(claim, season, terms.CAST_DEPARTURE, node, "CastDeparture", label, parts)
        b.describe(claim, actor, "Person")
        b.describe(claim, character, "Character")


def crew_claims(b: Builder, season: Season) -> None:
    seen: set[tuple[str, str]] = set()
    for fact in b.spec.of("crew"):
        person = b.resolve("person", fact.value, fact.where)
        if person is None:
            continue
        predecessor = b.resolve("person", fact.replaces, fact.where) if fact.replaces else None
        if fact.replaces and predecessor is None:
            continue
        needs: list[Need] = [("the person", b.names_of(person, fact.value))]
        if predecessor is not None:
            needs.append(("the person replaced", b.names_of(predecessor, fact.replaces or "")))
        what = f"the crew entry {fact.value}={fact.other}" + (f";replaces={fact.replaces}" if fact.replaces else "")
        cited = b.cite(fact, fact.quote, fact.where, what, needs)
        if (person.iri, fact.other) in seen:
            b.problem(fact.where, f"{fact.value} as {fact.other} is given twice")
            continue
        if predecessor is not None and predecessor.iri == person.iri:
            b.problem(fact.where, f"{fact.value} cannot replace themselves as {fact.other}")
            continue
        seen.add((person.iri, fact.other))
        heading = f"{person.name}, {fact.other}" + (f", replacing {predecessor.name}" if predecessor else "")
        claim = b.new_claim(f"crew-{b.slug(fact.other, 'role')}-{b.slug(person.name, 'person')}", heading, fact, cited)
        prop = CREW_PROPERTIES[fact.other]
        claim.add(season.iri, prop, person.iri)
        b.describe(claim, person, "Person")
        if predecessor is not None:
            node = b.succession_node(season, fact.other, predecessor, person)
            label = f"{person.name} succeeds {predecessor.name} as {fact.other}"
            parts = {terms.SUCCESSOR: person.iri, terms.PREDECESSOR: predecessor.iri, terms.IN_ROLE: prop}
            _season_change(claim, season, terms.CREW_SUCCESSION, node, "CrewSuccession", label, parts)
            b.describe(claim, predecessor, "Person")


def _season_change(
    claim: Claim, season: Season, link: str, node: str, cls: str, label: str, parts: dict[str, str]
) -> None:
    """A change of the season's cast or crew (a departure, a succession): the season links to
    the node, which is typed, named and has its parts."""
    claim.add(season.iri, link, node)
    claim.add(node, RDF + "type", KGO + cls)
    claim.add(node, RDFS + "label", ox.Literal(label))
    claim.add(node, SCHEMA + "name", ox.Literal(label))
    for prop, value in parts.items():
        claim.add(node, prop, value)


def place_claims(b: Builder, season: Season, place_classes: dict[str, str]) -> None:
    seen: set[str] = set()
    for fact in b.spec.of("place"):
        place = b.resolve("place", fact.value, fact.where)
        if place is None:
            continue
        cited = b.cite(
            fact,
            fact.quote,
            fact.where,
            f"the filming location {fact.value}",
            [("the place", b.names_of(place, fact.value))],
        )
        if place.iri in seen:
            b.problem(fact.where, f"filming location {fact.value} is given twice")
            continue
        seen.add(place.iri)
        claim = b.new_claim(f"filming-{b.slug(place.name, 'place')}", f"Filmed in {place.name}", fact, cited)
        claim.add(season.iri, KGO + "filmingLocation", place.iri)
        if place.existing:
            if fact.place_type or fact.within:
                b.notes.append(f"{one_line(fact.value)} is already in the graph: its type and place there are kept")
            b.describe(claim, place, "Place")
            continue
        cls = b.new_places.get(place.iri) or _place_class(b, fact, place_classes)
        if cls is None:
            continue
        b.new_places[place.iri] = cls
        b.describe(claim, place, cls.rsplit("#", 1)[-1])
        if fact.within:
            within = b.resolve("place", fact.within, fact.where)
            if within is not None and not within.existing and within.iri not in b.new_places:
                b.problem(
                    fact.where,
                    f"{fact.within!r} is not a place in the graph; add it as a filming location first or leave it out",
                )
            elif within is not None:
                claim.add(place.iri, SCHEMA + "containedInPlace", within.iri)
                b.describe(claim, within, b.new_places.get(within.iri, KGO + "Place").rsplit("#", 1)[-1])


def _place_class(b: Builder, fact: Fact, place_classes: dict[str, str]) -> str | None:
    kinds = ", ".join(sorted({c.rsplit("#", 1)[-1].lower() for c in place_classes.values()}))
    if not fact.place_type:
        b.problem(fact.where, f'{fact.value!r} is a new place: give its type ({kinds}), e.g. "{fact.value}:city"')
        return None
    cls = place_classes.get(normalize(fact.place_type))
    if cls is None:
        b.problem(fact.where, f"unknown place type {fact.place_type!r}; use one of: {kinds}")
    return cls


def place_classes(b: Builder) -> dict[str, str]:
    """Place types a user may name (city, country, school, …): kgo:Place and its subclasses,
    by local name or label, so a class added to the ontology can be used at once."""
    classes: dict[str, str] = {}
    for cls in sorted(b.index.kind_classes["place"]):
        classes[normalize(cls.rsplit("#", 1)[-1].rsplit("/", 1)[-1])] = cls
        entity = b.index.entities.get(cls)
        for label in entity.names if entity else ():
            classes.setdefault(normalize(label), cls)
    return classes
