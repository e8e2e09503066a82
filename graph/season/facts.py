"""One claim per fact of a season: the season itself, its dates, episode count, cast, crew and
filming locations, each citing the sentence(s) of its quote."""

from __future__ import annotations

import pyoxigraph as ox

from graph.namespaces import KGO, RDF, RDFS, SCHEMA, XSD
from graph.season import terms
from graph.season.builder import Builder, Season
from graph.season.matching import normalize
from graph.season.render import one_line
from graph.season.spec import DATE_KINDS, Fact, parse_date
from graph.season.support import Need, season_names
from graph.season.terms import CREW_PROPERTIES, DATE_PROPERTIES, EPISODES


def season_claim(b: Builder, season: Season) -> None:
    """The season and its number, if it is new here or this source also says it exists."""
    spec = b.spec
    if season.exists and not (spec.quote and spec.quote.strip()):
        return
    needs: list[Need] = [("the season", season_names(season.number))]
    sentences = b.cite(None, spec.quote, spec.at("quote"), f"season {season.number}", needs)
    claim = b.new_claim("", season.name, None, sentences)
    claim.quotes = [spec.quote or ""]
    claim.add(season.iri, RDF + "type", KGO + "TVSeason")
    claim.add(season.iri, SCHEMA + "name", ox.Literal(season.name))
    claim.add(season.iri, RDFS + "label", ox.Literal(season.name))
    claim.add(season.iri, KGO + "seasonOf", season.series)
    claim.add(
        season.iri, SCHEMA + "seasonNumber", ox.Literal(str(season.number), datatype=ox.NamedNode(XSD + "integer"))
    )


def date_claims(b: Builder, season: Season) -> None:
    for fact in sorted(b.spec.of(*DATE_KINDS), key=lambda f: list(DATE_KINDS).index(f.kind)):
        what = f"the {DATE_KINDS[fact.kind]}"
        try:
            date = parse_date(fact.value)
        except ValueError:
            b.problem(
                fact.where,
                f"{fact.value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2026-01-16), "
                "or FROM..TO of one precision for a guess (2024-07..2024-08)",
            )
            continue
        if len(date.ends) > 1 and fact.status == "Stated":
            b.problem(fact.where, f"{fact.value!r} is a range: only a guess (;speculative) or an inferred date is one")
            continue
        sentences = b.cite(fact, fact.quote, fact.where, what, [date])
        on, prop = DATE_PROPERTIES[fact.kind]
        if fact.speculative:
            prop = terms.EXPECTED_PROPERTIES.get(fact.kind, prop)
        subject = season.iri if on == "season" else season.filming
        claim = b.new_claim(fact.kind.replace("_", "-"), what[4:].capitalize(), fact, sentences)
        if on == "filming":
            claim.add(season.iri, terms.FILMED_DURING, subject)
            if subject not in b.index.iris and subject not in b.described:
                b.described.add(subject)
                label = f"Filming of {season.name}"
                claim.add(subject, RDF + "type", KGO + "Filming")
                claim.add(subject, SCHEMA + "name", ox.Literal(label))
                claim.add(subject, RDFS + "label", ox.Literal(label))
        day = ox.NamedNode(XSD + "date")
        claim.add(subject, prop, ox.Literal(date.first.isoformat(), datatype=day))
        qualifier = _time_value(b, subject, prop, date.first.isoformat())
        claim.add(subject, terms.DATE_QUALIFIER, qualifier)
        claim.add(qualifier, RDF + "type", KGO + "TimeValue")
        claim.add(qualifier, terms.OF_PROPERTY, prop)
        claim.add(qualifier, terms.PRECISION, terms.PRECISIONS[date.precision])
        claim.add(qualifier, terms.EARLIEST, ox.Literal(date.first.isoformat(), datatype=day))
        claim.add(qualifier, terms.LATEST, ox.Literal(date.last.isoformat(), datatype=day))
        if fact.quote:
            claim.add(qualifier, terms.AS_WRITTEN, ox.Literal(" ".join(fact.quote.split())))


def _time_value(b: Builder, subject: str, prop: str, day: str) -> str:
    """The named kgo:TimeValue of a date (graph.iris' rule); another claim's node for the same
    date is not shared (its precision or words may differ): the next free -2, -3 is used."""
    from graph.iris import time_value_iri

    base = time_value_iri(subject, prop, day)
    iri, n = base, 2
    while iri in b.index.iris or iri in b.minted:
        iri, n = f"{base}-{n}", n + 1
    b.minted.add(iri)
    return iri


def episodes_claim(b: Builder, season: Season) -> None:
    for fact in b.spec.of("episodes"):
        text = fact.value.strip()
        if not text.isdigit() or int(text) < 1:
            b.problem(fact.where, f"{fact.value!r} is not a number of episodes: give a whole number from 1")
            continue
        sentences = b.cite(fact, fact.quote, fact.where, "the number of episodes", [int(text)])
        claim = b.new_claim("episodes", f"{int(text)} episodes", fact, sentences)
        claim.add(season.iri, EPISODES, ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer")))


def cast_claims(b: Builder, season: Season) -> None:
    seen: dict[str, str] = {}
    for fact in b.spec.of("cast"):
        actor = b.resolve("person", fact.value, fact.where)
        character = b.resolve("character", fact.other, fact.where, scope=season.series_name)
        if actor is None or character is None or b.doubt(fact, actor, season):
            continue
        what = f"the cast entry {fact.value}={fact.other}"
        needs: list[Need] = [
            ("the actor", b.names_of(actor, fact.value)),
            ("the character", b.names_of(character, fact.other)),
        ]
        sentences = b.cite(fact, fact.quote, fact.where, what, needs)
        key = f"{actor.iri} {character.iri}"
        if key in seen:
            b.problem(fact.where, f"{fact.value} as {fact.other} is given twice (also {seen[key]})")
            continue
        seen[key] = fact.where
        label = f"{actor.name} as {character.name}"
        claim = b.new_claim(f"cast-{b.slug(character.name, 'character')}", label, fact, sentences)
        series_role = next(
            (
                r
                for r in b.current.cast.get(season.series, [])
                if b.current.role_of.get(r) == (actor.iri, character.iri)
            ),
            None,
        )
        if series_role is not None:
            # the series-wide role (the lead, cast for the whole series) is in this season too:
            # the season lists that role, so the cast of the season shows the actor once
            claim.add(season.iri, KGO + "hasCastMember", series_role)
            claim.add(series_role, KGO + "performer", actor.iri)  # what this source says again
            claim.add(series_role, KGO + "playsCharacter", character.iri)
            if fact.new is not None or fact.regular is not None:
                b.notes.append(f"{one_line(label)} is a series-wide role: its new/regular flags are the series' own")
            continue
        role = b.mint("role", (actor.name, character.name), scope=season.name)
        claim.add(season.iri, KGO + "hasCastMember", role)
        claim.add(role, RDF + "type", KGO + "CastingRole")
        claim.add(role, RDFS + "label", ox.Literal(label))
        claim.add(role, KGO + "performer", actor.iri)
        claim.add(role, KGO + "playsCharacter", character.iri)
        claim.add(role, KGO + "characterName", ox.Literal(character.name))
        for flag, prop in ((fact.new, "isNewCastMember"), (fact.regular, "isSeriesRegular")):
            if flag is not None:
                claim.add(
                    role, KGO + prop, ox.Literal("true" if flag else "false", datatype=ox.NamedNode(XSD + "boolean"))
                )
        b.describe(claim, actor, "Person")
        if not character.existing and character.iri not in b.described:
            b.describe(claim, character, "Character")
            if fact.new:  # a character the graph never had, played by a new cast member: introduced here
                claim.add(character.iri, KGO + "introducedIn", season.iri)


def crew_claims(b: Builder, season: Season) -> None:
    seen: set[tuple[str, str]] = set()
    for fact in b.spec.of("crew"):
        person = b.resolve("person", fact.value, fact.where)
        if person is None:
            continue
        what = f"the crew entry {fact.value}={fact.other}"
        sentences = b.cite(fact, fact.quote, fact.where, what, [("the person", b.names_of(person, fact.value))])
        if (person.iri, fact.other) in seen:
            b.problem(fact.where, f"{fact.value} as {fact.other} is given twice")
            continue
        seen.add((person.iri, fact.other))
        claim = b.new_claim(
            f"crew-{b.slug(fact.other, 'role')}-{b.slug(person.name, 'person')}",
            f"{person.name}, {fact.other}",
            fact,
            sentences,
        )
        claim.add(season.iri, CREW_PROPERTIES[fact.other], person.iri)
        b.describe(claim, person, "Person")


def place_claims(b: Builder, season: Season, place_classes: dict[str, str]) -> None:
    seen: set[str] = set()
    for fact in b.spec.of("place"):
        place = b.resolve("place", fact.value, fact.where)
        if place is None:
            continue
        sentences = b.cite(
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
        claim = b.new_claim(f"filming-{b.slug(place.name, 'place')}", f"Filmed in {place.name}", fact, sentences)
        claim.add(season.iri, KGO + "filmingLocation", place.iri)
        if place.existing or place.iri in b.described:
            if fact.place_type or fact.within:
                b.notes.append(f"{one_line(fact.value)} is already in the graph: its type and place there are kept")
            continue
        cls = _place_class(b, fact, place_classes)
        if cls is None:
            continue
        b.describe(claim, place, cls.rsplit("#", 1)[-1])
        if fact.within:
            within = b.resolve("place", fact.within, fact.where)
            if within is not None and not within.existing and within.iri not in b.described:
                b.problem(
                    fact.where,
                    f"{fact.within!r} is not a place in the graph; add it as a filming location first or leave it out",
                )
            elif within is not None:
                claim.add(place.iri, SCHEMA + "containedInPlace", within.iri)


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
