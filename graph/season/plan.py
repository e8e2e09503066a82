"""Adding a season: from a description (`SeasonSpec`, filled from options or a season file)
to one readable TriG file under ontology/facts/, checked with the whole graph first.

Each fact becomes a claim (a named graph) citing the sentence(s) of a registered source
that contain its quote, as in ontology/facts/xo-kitty.trig. People, characters and places
that are already in the graph are reused by name (see `graph.season.matching`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graph.dates import parse_date
from graph.errors import KGError, UsageError
from graph.locate import GraphLocation
from graph.namespaces import CLAIM, KG, KGO, RDFS, SCHEMA, XSD, expand
from graph.season.matching import Match, NameIndex, NameProblem, normalize
from graph.sources.registry import RegisteredSource, ValidationFailed, load_source, slugify
from graph.sources.text import turtle_string

DEFAULT_SERIES = "XO, Kitty"


@dataclass
class Fact:
    """What every fact has: where it was given (for messages), its quote, its status."""

    where: str
    quote: str | None = None
    speculative: bool = False
    source: str | None = None
    #: where the quote was given, if not at `where` (for messages)
    quote_where: str | None = None


@dataclass
class DateFact(Fact):
    """A premiere, announcement or expected premiere date: YYYY, YYYY-MM or YYYY-MM-DD."""

    value: str = ""


@dataclass
class PlaceFact(Fact):
    """A filming location; a place not yet in the graph needs a type and may say where it is."""

    name: str = ""
    type: str | None = None
    within: str | None = None


@dataclass
class CastFact(Fact):
    """An actor playing a character this season, new or returning, regular or guest."""

    actor: str = ""
    character: str = ""
    new: bool | None = None
    regular: bool | None = None


@dataclass
class SeasonSpec:
    """Everything a user says about a season, from options or from a season file."""

    number: int | None = None
    series: str = DEFAULT_SERIES
    source: str | None = None
    quote: str | None = None
    premiere: DateFact | None = None
    announced: DateFact | None = None
    expected_premiere: DateFact | None = None
    filming: list[PlaceFact] = field(default_factory=list)
    cast: list[CastFact] = field(default_factory=list)
    same_as: dict[str, str] = field(default_factory=dict)
    new_names: list[str] = field(default_factory=list)
    #: how to point at a top-level field in messages: {"number": "--number"} or {"number": "s3.toml:4"}
    where: dict[str, str] = field(default_factory=dict)

    def at(self, name: str) -> str:
        return self.where.get(name, name)


@dataclass
class SeasonPlan:
    """The file `kg season add` will write, and what it found out on the way."""

    path: Path
    text: str
    replaced: bool
    notes: list[str]


def season_file_name(series_name: str, number: int) -> str:
    """ontology/facts/ file name of a season added with `kg season add` (the series part cut
    at 80 characters, well under file systems' 255-byte limit)."""
    return f"{slugify(series_name)[:80].strip('-') or 'series'}-season-{number}.trig"


class _Graph:
    """The graph's quads by file, read once."""

    def __init__(self, loc: GraphLocation) -> None:
        from graph.store.load import discover, parse_file

        self.by_file: dict[Path, list[ox.Quad]] = {}
        for path in discover(loc).data():
            try:
                self.by_file[path.resolve()] = parse_file(path)
            except KGError as exc:
                raise KGError(f"{exc} (the graph must be valid before adding to it: run `kg validate`)") from None

    def quads(self, without: Path | None = None) -> list[ox.Quad]:
        return [q for path, qs in self.by_file.items() if path != without for q in qs]

    def seasons(self, series: str, number: int) -> list[tuple[str, Path]]:
        """Seasons of `series` with this number, and the file that types each."""
        found = []
        for path, quads in self.by_file.items():
            subjects = {
                q.subject.value for q in quads if q.predicate.value == KGO + "seasonOf" and q.object.value == series
            }
            for q in quads:
                if (
                    q.subject.value in subjects
                    and q.predicate.value == SCHEMA + "seasonNumber"
                    and q.object.value == str(number)
                ):
                    found.append((q.subject.value, path))
        return found


class _Builder:
    """Collects problems and the claims of the season file while resolving names."""

    def __init__(self, loc: GraphLocation, spec: SeasonSpec) -> None:
        self.loc, self.spec = loc, spec
        self.problems: list[str] = []
        self.notes: list[str] = []
        self.sources: dict[str, RegisteredSource | None] = {}
        self.claims: list[str] = []
        self.pending: dict[tuple[str, str], Match] = {}
        self.minted: set[str] = set()

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def source(self, slug: str | None, where: str) -> RegisteredSource | None:
        if slug is None:
            return None
        if slug not in self.sources:
            try:
                self.sources[slug] = load_source(self.loc, slug)
            except KGError as exc:
                self.problem(where, str(exc))
                self.sources[slug] = None
        return self.sources[slug]

    def cite(self, fact: Fact | None, quote: str | None, where: str, what: str) -> list[str] | None:
        """Sentence IRIs that contain the quote; None (and a problem) if it cannot be cited."""
        from graph.sources.quotes import find_quote

        slug = (fact.source if fact else None) or self.spec.source
        where = (fact.quote_where if fact else None) or where
        if not quote or not quote.strip():
            self.problem(where, f"{what} needs a quote: the words of the source that say it")
            return None
        src = self.source(slug, where)
        if src is None:
            return None
        try:
            citation = find_quote(quote, src.text, src.sentences, src.slug)
        except UsageError as exc:
            self.problem(where, str(exc))
            return None
        return [s.iri for s in citation.sentences]


def plan_season(loc: GraphLocation, spec: SeasonSpec, *, replace: bool = False) -> SeasonPlan:
    """Work out the season file and check it with the whole graph; writes nothing.

    Raises ValidationFailed listing every problem found (bad input, names, quotes, shapes).
    """
    from graph.store.load import discover
    from graph.validate import validate

    b = _Builder(loc, spec)
    if spec.number is None:
        b.problem(spec.at("number"), "the season number is required")
    elif isinstance(spec.number, bool) or not isinstance(spec.number, int) or spec.number < 1:
        b.problem(spec.at("number"), f"season number {spec.number!r} must be a whole number from 1")
    if not spec.source:
        b.problem(
            spec.at("source"), "a registered source is required (see `kg source list`; add one with `kg source add`)"
        )
    else:
        b.source(spec.source, spec.at("source"))
    dates: dict[str, tuple[str, str]] = {}
    for key, fact in (
        ("premiere", spec.premiere),
        ("announced", spec.announced),
        ("expected_premiere", spec.expected_premiere),
    ):
        if fact is None:
            continue
        try:
            dates[key] = parse_date(fact.value)
        except ValueError:
            b.problem(fact.where, f"{fact.value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2026-01-16)")
    graph = _Graph(loc)
    all_quads = graph.quads()
    index_all = NameIndex(all_quads)
    series_iri, series_name = _series(b, index_all, spec)
    if b.problems and (series_iri is None or not isinstance(spec.number, int) or isinstance(spec.number, bool)):
        raise ValidationFailed("season not added", b.problems)
    number = int(spec.number)  # type: ignore[arg-type]
    path = (loc.facts_dir / season_file_name(series_name, number)).resolve()
    existing = graph.seasons(series_iri, number)  # type: ignore[arg-type]
    season_iri = None
    replaced = False
    for iri, where in existing:
        shown = _rel(where, loc)
        if where != path:
            b.problem(
                spec.at("number"),
                f"season {number} of {series_name} already exists in {shown} ({_short(iri)}); "
                "kg season add only replaces the files it wrote",
            )
        elif not replace:
            b.problem(
                spec.at("number"),
                f"season {number} of {series_name} already exists ({shown}); use --replace to replace it",
            )
        else:
            season_iri, replaced = iri, True
    if path.exists() and not existing and not replace:
        b.problem(spec.at("number"), f"{_rel(path, loc)} already exists; use --replace to replace it")
    index = NameIndex(graph.quads(without=path))
    series_local = series_iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]  # type: ignore[union-attr]
    if season_iri is None:
        season_iri = f"{KG}{series_local}Season{number}"
        if season_iri in index.iris and not existing:
            b.problem(
                spec.at("number"), f"the IRI {_short(season_iri)} is already used in the graph for something else"
            )
    claim_base = f"{slugify(series_name)}-season-{number}"
    season_name = f"{series_name} Season {number}"
    out = _Writer(b, index, claim_base)
    out.season(season_iri, season_name, series_iri, number, dates)  # type: ignore[arg-type]
    out.cast(season_iri, season_iri.rsplit("/", 1)[-1])
    out.filming(season_iri)
    if b.problems:
        raise ValidationFailed(f"season {number} not added", b.problems)
    text = out.render(season_name, b.sources)
    problems = validate(loc, discover(loc), overrides={path: text.encode("utf-8")})
    if problems:
        raise ValidationFailed(f"season {number} not added", [str(p) for p in problems])
    return SeasonPlan(path, text, replaced, b.notes)


def write_plan(plan: SeasonPlan) -> None:
    """Write the season file atomically (the old file or the new one, never half)."""
    from graph.files import atomic_write

    atomic_write(plan.path, plan.text.encode("utf-8"))


def _series(b: _Builder, index: NameIndex, spec: SeasonSpec) -> tuple[str | None, str]:
    """The series IRI and name from a name or an IRI."""
    given = (spec.series or DEFAULT_SERIES).strip()
    iri = given if given.startswith(("http://", "https://")) else expand(given) if ":" in given else None
    if iri is None:
        matches = index.exact("series", given)
        if len(matches) == 1:
            return matches[0].iri, sorted(matches[0].names, key=len)[0]
        known = ", ".join(sorted(e.label for e in index.of_kind("series"))) or "none"
        b.problem(spec.at("series"), f"no series named {given!r} in the graph (series: {known})")
        return None, given
    entity = index.entities.get(iri)
    if entity is None or not entity.classes & index.kind_classes["series"]:
        b.problem(spec.at("series"), f"{given} is not a kgo:TVSeries in the graph")
        return None, given
    names = sorted(entity.names - {n for n in entity.names if "(" in n}, key=len) or sorted(entity.names)
    return iri, names[0] if names else given


def _rel(path: Path, loc: GraphLocation) -> str:
    try:
        return str(path.relative_to(loc.root.resolve()))
    except ValueError:
        return str(path)


def _short(iri: str) -> str:
    for prefix, ns in (("kg", KG), ("claim", CLAIM), ("kgo", KGO)):
        local = iri[len(ns) :]
        if iri.startswith(ns) and re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_\-]*", local):
            return f"{prefix}:{local}"
    return f"<{iri}>"


@dataclass
class _Claim:
    iri: str
    heading: str
    quotes: list[str]
    sentences: list[str]
    status: str
    body: list[str]
    comment: str | None = None


class _Writer:
    """Builds the claims of a season file, resolving names as it goes."""

    def __init__(self, b: _Builder, index: NameIndex, claim_base: str) -> None:
        self.b, self.index, self.base = b, index, claim_base
        self.claims: list[_Claim] = []
        self.claim_iris: set[str] = set()
        self.place_classes = self._place_classes()
        self._described: set[str] = set()

    def _place_classes(self) -> dict[str, str]:
        """Place types a user may name (city, country, school, …): kgo:Place and its subclasses,
        by local name or label, so a class added to the ontology can be used at once."""
        classes: dict[str, str] = {}
        for cls in sorted(self.index.kind_classes["place"]):
            classes[normalize(cls.rsplit("#", 1)[-1].rsplit("/", 1)[-1])] = cls
            entity = self.index.entities.get(cls)
            for label in entity.names if entity else ():
                classes.setdefault(normalize(label), cls)
        return classes

    def claim(self, suffix: str) -> str:
        iri = f"{CLAIM}{self.base}{'-' + suffix if suffix else ''}"
        n = 2
        while iri in self.claim_iris:
            iri = f"{CLAIM}{self.base}-{suffix}-{n}"
            n += 1
        if iri in self.index.iris:
            self.b.problem("claims", f"{_short(iri)} is already used in the graph; rename the season file's claims")
        self.claim_iris.add(iri)
        return iri

    def add(self, claim: _Claim) -> None:
        self.claims.append(claim)

    def season(self, season: str, name: str, series: str, number: int, dates: dict[str, tuple[str, str]]) -> None:
        spec, b = self.b.spec, self.b
        sentences = b.cite(None, spec.quote, spec.at("quote"), f"season {number}")
        body = [
            f"{_short(season)} a kgo:TVSeason ;",
            f"    schema:name {turtle_string(name)} ;",
            f"    rdfs:label {turtle_string(name)} ;",
            f"    kgo:seasonOf {_short(series)} ;",
            f"    schema:seasonNumber {number} .",
        ]
        self.add(_Claim(self.claim(""), f"{name}", [spec.quote or ""], sentences or [], "Stated", body))
        for key, prop, what, status in (
            ("premiere", "kgo:premiereDate", "premiere date", "Stated"),
            ("announced", "kgo:announcementDate", "announcement date", "Stated"),
            ("expected_premiere", "kgo:expectedReleaseDate", "expected premiere", "Speculation"),
        ):
            fact: DateFact | None = getattr(spec, key)
            if fact is None:
                continue
            cited = b.cite(fact, fact.quote, fact.where, f"the {what}")
            if key not in dates:
                continue
            value, datatype = dates[key]
            body = [f'{_short(season)} {prop} "{value}"^^xsd:{datatype.rsplit("#", 1)[-1]} .']
            comment = "A date the source only expects, not an announced one." if status == "Speculation" else None
            self.add(
                _Claim(
                    self.claim(key.replace("_", "-")),
                    what.capitalize(),
                    [fact.quote or ""],
                    cited or [],
                    status,
                    body,
                    comment,
                )
            )

    def resolve(self, kind: str, name: str, where: str, suffix: str) -> Match | None:
        spec = self.b.spec
        name = " ".join(name.split())
        if not name:
            self.b.problem(where, f"a {kind} needs a name")
            return None
        try:
            match = self.index.resolve(kind, name, same_as=spec.same_as, new=spec.new_names, pending=self.b.pending)
        except NameProblem as exc:
            self.b.problem(where, str(exc))
            return None
        if not match.iri:
            match = Match(name, self.index.mint(name, suffix, self.b.minted), existing=False)
            self.b.minted.add(match.iri)
            self.b.notes.append(f"new {kind}: {name} ({_short(match.iri)})")
        elif (kind, normalize(name)) not in self.b.pending:
            shown = name if match.name == name else f"{name} = {match.name}"
            self.b.notes.append(f"reused {kind}: {shown} ({_short(match.iri)})")
        self.b.pending[(kind, normalize(name))] = match
        return match

    def cast(self, season: str, season_local: str) -> None:
        seen: dict[str, str] = {}
        for fact in self.b.spec.cast:
            actor = self.resolve("person", fact.actor, fact.where, "Person")
            character = self.resolve("character", fact.character, fact.where, "Character")
            cited = self.b.cite(fact, fact.quote, fact.where, f"cast entry {fact.actor}={fact.character}")
            if actor is None or character is None:
                continue
            key = f"{actor.iri} {character.iri}"
            if key in seen:
                self.b.problem(fact.where, f"{fact.actor} as {fact.character} is given twice (also {seen[key]})")
                continue
            seen[key] = fact.where
            char_local = character.iri.rsplit("/", 1)[-1]
            role = f"{KG}Role-{season_local}-{char_local}"
            n = 2
            while role in self.index.iris or role in self.b.minted:
                role = f"{KG}Role-{season_local}-{char_local}-{n}"
                n += 1
            self.b.minted.add(role)
            label = f"{actor.name} as {character.name}"
            body = [f"{_short(season)} kgo:hasCastMember {_short(role)} .", f"{_short(role)} a kgo:CastingRole ;"]
            body += [
                f"    rdfs:label {turtle_string(label)} ;",
                f"    kgo:performer {_short(actor.iri)} ;",
                f"    kgo:playsCharacter {_short(character.iri)} ;",
                f"    kgo:characterName {turtle_string(character.name)} ;",
            ]
            if fact.new is not None:
                body.append(f"    kgo:isNewCastMember {'true' if fact.new else 'false'} ;")
            if fact.regular is not None:
                body.append(f"    kgo:isSeriesRegular {'true' if fact.regular else 'false'} ;")
            body[-1] = body[-1][:-2] + " ."
            for match, cls in ((actor, "kgo:Person"), (character, "kgo:Character")):
                if not match.existing and match.iri not in self._described:
                    body += _named(match.iri, cls, match.name)
                    self._described.add(match.iri)
                    if match is character and fact.new:
                        # a new cast member playing a character the graph has never had:
                        # the character is introduced in this season (new-characters finds it)
                        body.append(f"{_short(character.iri)} kgo:introducedIn {_short(season)} .")
            status = "Speculation" if fact.speculative else "Stated"
            comment = "The source only expects this casting." if fact.speculative else None
            self.add(
                _Claim(
                    self.claim(f"cast-{slugify(character.name) or char_local.lower()}"),
                    label,
                    [fact.quote or ""],
                    cited or [],
                    status,
                    body,
                    comment,
                )
            )

    def filming(self, season: str) -> None:
        seen: set[str] = set()
        for fact in self.b.spec.filming:
            place = self.resolve("place", fact.name, fact.where, "Place")
            cited = self.b.cite(fact, fact.quote, fact.where, f"filming location {fact.name}")
            if place is None:
                continue
            if place.iri in seen:
                self.b.problem(fact.where, f"filming location {fact.name} is given twice")
                continue
            seen.add(place.iri)
            body = [f"{_short(season)} kgo:filmingLocation {_short(place.iri)} ."]
            if not place.existing and place.iri not in self._described:
                cls = self.place_class(fact)
                if cls is None:
                    continue
                body += _named(place.iri, _short(cls), place.name)
                if fact.within:
                    within = self.resolve("place", fact.within, fact.where, "Place")
                    if within is None:
                        continue
                    if not within.existing and within.iri not in self._described:
                        self.b.problem(
                            fact.where,
                            f"{fact.within!r} is not a place in the graph; add it as a filming location first or leave it out",
                        )
                        continue
                    body[-1] = body[-1][:-2] + " ;"
                    body.append(f"    schema:containedInPlace {_short(within.iri)} .")
                self._described.add(place.iri)
            elif fact.type or fact.within:
                self.b.notes.append(f"{fact.name} is already in the graph: its type and place there are kept")
            status = "Speculation" if fact.speculative else "Stated"
            comment = "The source only expects filming here." if fact.speculative else None
            self.add(
                _Claim(
                    self.claim(f"filming-{slugify(place.name) or 'place'}"),
                    f"Filmed in {place.name}",
                    [fact.quote or ""],
                    cited or [],
                    status,
                    body,
                    comment,
                )
            )

    def place_class(self, fact: PlaceFact) -> str | None:
        kinds = ", ".join(sorted({c.rsplit("#", 1)[-1].lower() for c in self.place_classes.values()}))
        if not fact.type:
            self.b.problem(
                fact.where, f'{fact.name!r} is a new place: give its type ({kinds}), e.g. "{fact.name}:city"'
            )
            return None
        cls = self.place_classes.get(normalize(fact.type))
        if cls is None:
            self.b.problem(fact.where, f"unknown place type {fact.type!r}; use one of: {kinds}")
        return cls

    def render(self, season_name: str, sources: dict[str, RegisteredSource | None]) -> str:
        used = [s for s in sources.values() if s is not None]
        prefixes = {s.iri + "#": ("src" if i == 0 else f"src{i + 1}") for i, s in enumerate(used)}
        files = ", ".join(f"ontology/sources/{s.txt.name}" for s in used)
        lines = [
            f"# {one_line(season_name)}: facts from {one_line(files)}.",
            "#",
            "# Written by `kg season add` (change it with `kg season add --replace`, or edit it by hand",
            "# and run `kg validate`). One named graph per claim: the graph holds the statements, and the",
            "# default graph gives the claim's status and the sentence(s) it is prov:wasDerivedFrom;",
            "# `kg source show SOURCE` prints each sentence. Speculation is kept out of the default view.",
            "",
            f"@prefix kg:     <{KG}> .",
            f"@prefix kgo:    <{KGO}> .",
            f"@prefix claim:  <{CLAIM}> .",
        ]
        lines += [f"@prefix {p + ':':<7} <{ns}> ." for ns, p in prefixes.items()]
        lines += [
            f"@prefix schema: <{SCHEMA}> .",
            f"@prefix rdfs:   <{RDFS}> .",
            "@prefix prov:   <http://www.w3.org/ns/prov#> .",
            f"@prefix xsd:    <{XSD}> .",
        ]
        for c in self.claims:
            cited = " , ".join(_sentence(s, prefixes) for s in c.sentences)
            heading = one_line(c.heading)
            lines += ["", f"# --- {heading} " + "-" * max(3, 90 - len(heading))]
            lines += [f"# {turtle_comment(q)}" for q in c.quotes if q]
            lines.append(f"{_short(c.iri)} {{")
            lines += [f"    {line}" for line in c.body]
            lines.append("}")
            meta = f"{_short(c.iri)} a kgo:Claim ; kgo:status kgo:{c.status} ; prov:wasDerivedFrom {cited}"
            if c.comment:
                lines += [meta + " ;", f"    rdfs:comment {turtle_string(c.comment)} ."]
            else:
                lines.append(meta + " .")
        return "\n".join(lines) + "\n"


def _named(iri: str, cls: str, name: str) -> list[str]:
    return [
        f"{_short(iri)} a {cls} ;",
        f"    schema:name {turtle_string(name)} ;",
        f"    rdfs:label {turtle_string(name)} .",
    ]


def _sentence(iri: str, prefixes: dict[str, str]) -> str:
    ns, _, local = iri.rpartition("#")
    prefix = prefixes.get(ns + "#")
    if prefix and re.fullmatch(r"[A-Za-z0-9_]+", local):
        return f"{prefix}:{local}"
    return f"<{iri}>"


def one_line(text: str) -> str:
    """Text made safe for a `#` comment: every line break and control character becomes a
    space, so that a name from the data cannot end the comment and start Turtle."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def turtle_comment(quote: str) -> str:
    """A quote as a one-line comment."""
    return "“" + one_line(quote) + "”"
