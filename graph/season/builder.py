"""Turning a SeasonSpec into claims: resolving names to nodes, citing each quote's sentences,
checking that they support the fact, and collecting every problem instead of stopping at
the first (the user fixes them all in one go)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.errors import KGError, UsageError
from graph.locate import GraphLocation
from graph.namespaces import CLAIM, KGO, OWL, RDF, RDFS, SCHEMA, shorten
from graph.season.current import Claims
from graph.season.matching import Match, NameIndex, NameProblem, normalize
from graph.season.render import Claim, one_line
from graph.season.spec import Fact, SeasonSpec
from graph.season.support import Need, closest_support, missing
from graph.sources.registry import RegisteredSource, load_source, slugify


class _Taken:
    """IRIs in the graph or minted in this run (a view of both sets, not a copy)."""

    def __init__(self, *sets: set[str]) -> None:
        self.sets = sets

    def __contains__(self, iri: object) -> bool:
        return any(iri in s for s in self.sets)


@dataclass
class Season:
    """The season being written to: IRI, name, series and where it stands in the graph."""

    iri: str
    name: str
    number: int
    series: str
    series_local: str
    series_name: str
    filming: str
    exists: bool


@dataclass
class Builder:
    """Collects problems, notes and the claims of one season file while resolving names."""

    loc: GraphLocation
    spec: SeasonSpec
    index: NameIndex
    current: Claims
    base: str = ""
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    sources: dict[str, RegisteredSource | None] = field(default_factory=dict)
    pending: dict[tuple[str, str], Match] = field(default_factory=dict)
    minted: set[str] = field(default_factory=set)
    described: set[str] = field(default_factory=set)

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

    def cite(self, fact: Fact | None, quote: str | None, where: str, what: str, needs: list[Need]) -> list[str]:
        """Sentence IRIs that contain the quote and name what the fact needs; [] and a
        problem if the quote is missing, not in the source, or does not support the fact."""
        from graph.sources.quotes import find_quote

        slug = (fact.source if fact else None) or self.spec.source
        where = (fact.quote_where if fact else None) or where
        if not quote or not quote.strip():
            self.problem(where, f"{what} needs a quote: the words of the source that say it")
            return []
        src = self.source(slug, where)
        if src is None:
            return []
        try:
            citation = find_quote(quote, src.text, src.sentences, src.slug)
        except UsageError as exc:
            self.problem(where, str(exc))
            return []
        if fact is None or not fact.inferred:  # an inferred fact cites its premises, not a statement of it
            text = " ".join(s.text for s in citation.sentences)
            lacking = missing(text, needs)
            if lacking:
                cited = "+".join(f"s{s.number:02d}" for s in citation.sentences)
                hint = closest_support(quote, [(s.number, s.text) for s in src.sentences], needs)
                self.problem(
                    where,
                    f"the quote ({cited}) does not name {' or '.join(lacking)}, so it cannot support {what}{hint}",
                )
                return []
        return [s.iri for s in citation.sentences]

    def claim_iri(self, suffix: str) -> str:
        iri = f"{CLAIM}{self.base}{'-' + suffix if suffix else ''}"
        n = 2
        taken = {c.iri for c in self.claims}
        while iri in taken:
            iri = f"{CLAIM}{self.base}-{suffix}-{n}"
            n += 1
        if iri in self.index.iris:
            self.problem("claims", f"{shorten(iri)} is already used in the graph by another file")
        return iri

    def new_claim(self, suffix: str, heading: str, fact: Fact | None, sentences: list[str]) -> Claim:
        status = fact.status if fact else "Stated"
        claim = Claim(self.claim_iri(suffix), heading, status, sentences=sentences)
        if fact is not None:
            claim.kind = fact.kind
            claim.quotes = [fact.quote or ""]
            if fact.inferred:
                claim.comment = fact.inferred.strip()
            elif status == "Speculation":
                claim.comment = "The source only expects this; it is not announced."
        self.claims.append(claim)
        return claim

    def resolve(self, kind: str, name: str, where: str, scope: str | None = None) -> Match | None:
        """The node a name means (reused, or minted by the one rule of `graph.iris`), or None
        and a problem. `scope` is the series a character belongs to."""
        name = " ".join(name.split())
        if not name:
            self.problem(where, f"a {kind} needs a name")
            return None
        try:
            match = self.index.resolve(
                kind, name, same_as=self.spec.same_as, new=self.spec.new_names, pending=self.pending
            )
        except NameProblem as exc:
            self.problem(where, str(exc))
            return None
        if not match.iri:
            match = Match(name, self.mint(kind, name, scope), existing=False, different_from=match.different_from)
            self.minted.add(match.iri)
            self.notes.append(f"new {kind}: {one_line(name)} ({shorten(match.iri)})")
        elif (kind, normalize(name)) not in self.pending:
            shown = name if match.name == name else f"{name} = {match.name}"
            self.notes.append(f"reused {kind}: {one_line(shown)} ({shorten(match.iri)})")
        self.pending[(kind, normalize(name))] = match
        return match

    def mint(self, kind: str, name: str | tuple[str, ...], scope: str | None = None) -> str:
        """A new IRI (docs/model.md): kg:person_mina-park, kg:xo-kitty_character_yuri, …"""
        from graph.iris import mint_iri

        taken = _Taken(self.index.iris, self.minted)
        iri = mint_iri(kind, name, scope=scope, taken=taken)
        self.minted.add(iri)
        return iri

    def names_of(self, match: Match, given: str) -> list[str]:
        """Every name a sentence may use for a node: the one given and those in the graph."""
        entity = self.index.entities.get(match.iri)
        return [given, *sorted(entity.names if entity else ())]

    def describe(self, claim: Claim, match: Match, cls: str) -> None:
        """Type and name a node the first time this file mentions it (new nodes only)."""
        if match.existing or match.iri in self.described:
            return
        self.described.add(match.iri)
        claim.add(match.iri, RDF + "type", KGO + cls)
        claim.add(match.iri, SCHEMA + "name", ox.Literal(match.name))
        claim.add(match.iri, RDFS + "label", ox.Literal(match.name))
        for other in match.different_from:  # `--new NAME`: another node of the same name
            claim.add(match.iri, OWL + "differentFrom", ox.NamedNode(other))

    def doubt(self, fact: Fact, actor: Match, season: Season) -> bool:
        """True (and a problem) when an identical name is not enough to reuse a person: the
        entry says the actor is new to the cast, yet a person of that name already plays
        in this series. Then it may be another actor of the same name: the user decides."""
        if (
            not actor.existing
            or fact.new is not True
            or normalize(fact.value) in {normalize(n) for n in self.spec.same_as}
        ):
            return False
        roles = [
            (work, character)
            for work, character in self.current.plays.get(actor.iri, [])
            if work == season.series or self._season_of(work) == season.series
        ]
        if not roles:
            return False
        shown = ", ".join(f"{self._label(c)} in {self._label(w)}" for w, c in sorted(roles))
        self.problem(
            fact.where,
            f"{fact.value!r} is new to the cast here, but {shorten(actor.iri)} of that name already plays {shown}: "
            f"if it is the same person, mark the entry returning; if it is another actor, pass --new {fact.value!r} "
            f'(or --same-as "{fact.value}={shorten(actor.iri)}" to confirm it is the same)',
        )
        return True

    def _season_of(self, work: str) -> str | None:
        return self.current.season_of.get(work)

    def _label(self, iri: str) -> str:
        entity = self.index.entities.get(iri)
        return one_line(entity.label) if entity else shorten(iri)

    def slug(self, text: str, fallback: str) -> str:
        return slugify(text)[:60].strip("-") or fallback
