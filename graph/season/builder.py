"""Turning a SeasonSpec into claims: resolving names to nodes, citing each quote's sentences,
checking that they support the fact, and collecting every problem instead of stopping at
the first (the user fixes them all in one go)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.errors import KGError, UsageError
from graph.locate import GraphLocation
from graph.namespaces import CLAIM, KGO, OWL, RDF, RDFS, SCHEMA, shorten
from graph.season.claims import Claims
from graph.season.matching import Match, NameIndex, NameProblem, normalize
from graph.season.render import Claim, one_line
from graph.season.spec import Fact, SeasonSpec
from graph.season.support import Need, closest_support, missing
from graph.sources.registry import RegisteredSource, load_source, slugify
from graph.sources.text import Sentence


class _Taken:
    """IRIs in the graph or minted in this run (asked of both, not a copy of either)."""

    def __init__(self, index: NameIndex, minted: set[str]) -> None:
        self.index, self.minted = index, minted

    def __contains__(self, iri: object) -> bool:
        return iri in self.minted or (isinstance(iri, str) and self.index.taken(iri))


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
    #: places new in this file -> their class
    new_places: dict[str, str] = field(default_factory=dict)
    #: how the new claims stand to the graph's (see SeasonPlan.compared)
    compared: list[tuple[str, str, str, str]] = field(default_factory=list)

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

    def source_of(self, fact: Fact | None) -> RegisteredSource | None:
        """The registered source a fact's quote comes from (the spec's, unless the fact names one)."""
        slug = (fact.source if fact else None) or self.spec.source
        where = (fact.quote_where or fact.where) if fact else self.spec.at("source")
        return self.source(slug, where)

    def cite(self, fact: Fact | None, quote: str | None, where: str, what: str, needs: list[Need]) -> list[Sentence]:
        """The sentences that contain the quote and name what the fact needs; [] and a
        problem if the quote is missing, not in the source, or does not support the fact."""
        from graph.sources.quotes import find_quote

        where = (fact.quote_where if fact else None) or where
        if not quote or not quote.strip():
            self.problem(where, f"{what} needs a quote: the words of the source that say it")
            return []
        src = self.source_of(fact)
        if src is None:
            return []
        try:
            citation = find_quote(quote, src.text, src.sentences, src.slug)
        except UsageError as exc:
            self.problem(where, str(exc))
            return []
        if fact is None or not fact.inferred:  # an inferred fact cites its premises, not a statement of it
            text = " ".join(s.text for s in citation.sentences)
            lacking = missing(text, needs, src.published)
            if lacking:
                cited = "+".join(f"s{s.number:02d}" for s in citation.sentences)
                hint = closest_support(quote, [(s.number, s.text) for s in src.sentences], needs, src.published)
                self.problem(
                    where,
                    f"the quote ({cited}) does not name {' or '.join(lacking)}, so it cannot support {what}{hint}",
                )
                return []
        return list(citation.sentences)

    def claim_iri(self, suffix: str) -> str:
        iri = f"{CLAIM}{self.base}{'-' + suffix if suffix else ''}"
        n = 2
        taken = {c.iri for c in self.claims}
        while iri in taken:
            iri = f"{CLAIM}{self.base}-{suffix}-{n}"
            n += 1
        # another file defines it (a claim it only points at, as an older report's claim points
        # at the claim superseding it, stays pointed at when this file is replaced)
        if self.index.taken(iri, as_object=False):
            self.problem("claims", f"{shorten(iri)} is already used in the graph by another file")
        return iri

    def new_claim(self, suffix: str, heading: str, fact: Fact | None, sentences: list[Sentence]) -> Claim:
        status = fact.status if fact else "Stated"
        claim = Claim(self.claim_iri(suffix), heading, status, sentences=[s.iri for s in sentences])
        claim.where = (fact.where if fact else self.spec.at("quote")) or ""
        if fact is not None:
            claim.kind = fact.kind
            claim.quotes = [fact.quote or ""]
            claim.corrects_sources = list(fact.corrects)
            if fact.inferred:
                claim.comment = fact.inferred.strip()
            elif status == "Speculation":
                claim.comment = (
                    f"A guess; the source's reason: {fact.reason.strip()}"
                    if fact.reason and fact.reason.strip()
                    else "The source only expects this; it is not announced."
                )
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
        if kind in ("person", "place") and not match.existing:
            fictional = self.index.fictional(name)
            if fictional and normalize(name) in {normalize(n) for n in self.spec.new_names}:
                others = tuple(sorted({*match.different_from, *(e.iri for e in fictional)}))
                match = Match(match.name, match.iri, existing=False, different_from=others)
            elif fictional:
                what = "person" if kind == "person" else "place"
                listed = ", ".join(f"{self._label(e.iri)} ({shorten(e.iri)})" for e in fictional)
                self.problem(
                    where,
                    f"{name!r} is fiction in the graph ({listed}), not a real {what}: a character or a place of the "
                    f"story is never a real {what}; if the source means a real {what} of that name, pass --new {name!r}",
                )
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

        taken = _Taken(self.index, self.minted)
        iri = mint_iri(kind, name, scope=scope, taken=taken)
        self.minted.add(iri)
        return iri

    def filming_name(self, filming: str, default: str) -> str:
        """The name the graph gives a season's filming, or `default` for a new one."""
        return self.current.names.get(filming, default)

    def departure_node(self, season: Season, actor: Match, character: Match) -> str:
        """The graph's node for this actor leaving this character in this season, or a new one."""
        wanted = {KGO + "departingActor": actor.iri, KGO + "departingCharacter": character.iri}
        return self._season_node("departure", self.current.departures, season, wanted, (actor.name, character.name))

    def succession_node(self, season: Season, role: str, predecessor: Match, successor: Match) -> str:
        """The graph's node for this succession in this season, or a new one."""
        wanted = {KGO + "successor": successor.iri, KGO + "predecessor": predecessor.iri}
        names = (role, predecessor.name, successor.name)
        return self._season_node("succession", self.current.successions, season, wanted, names)

    def _season_node(
        self, kind: str, nodes: dict[str, dict[str, str]], season: Season, wanted: dict[str, str], name: tuple[str, ...]
    ) -> str:
        """A node of the season with these values (reused: a second source for it is one fact),
        else a new one minted by graph.iris' rule."""
        for node, info in nodes.items():
            if self.current.work_of.get(node) == season.iri and all(info.get(p) == v for p, v in wanted.items()):
                return node
        return self.mint(kind, name, scope=season.name)

    def names_of(self, match: Match, given: str) -> list[str]:
        """Every name a sentence may use for a node: the one given and those in the graph."""
        entity = self.index.entities.get(match.iri)
        return [given, *sorted(entity.names if entity else ())]

    def describe(self, claim: Claim, match: Match, cls: str) -> None:
        """Type and name a node in every claim that mentions it, existing nodes too: a claim
        carries what it needs, so that superseding another claim never leaves it untyped."""
        entity = self.index.entities.get(match.iri) if match.existing else None
        if entity is not None:
            classes = sorted(c for c in entity.classes if c.startswith(KGO)) or [KGO + cls]
            names = sorted(entity.schema_names) or [match.name]
            labels = sorted(entity.names - entity.schema_names) or names
            for c in classes:
                claim.add(match.iri, RDF + "type", c)
            claim.add(match.iri, SCHEMA + "name", ox.Literal(names[0]))
            for label in labels if len(names) == 1 else []:
                claim.add(match.iri, RDFS + "label", ox.Literal(label))
            return
        claim.add(match.iri, RDF + "type", KGO + cls)
        claim.add(match.iri, SCHEMA + "name", ox.Literal(match.name))
        claim.add(match.iri, RDFS + "label", ox.Literal(match.name))
        self.described.add(match.iri)
        for other in match.different_from:  # `--new NAME`: another node of the same name
            claim.add(match.iri, OWL + "differentFrom", ox.NamedNode(other))

    def doubt(self, fact: Fact, actor: Match, season: Season, character_iri: str = "") -> bool:
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
            if (work == season.series or self._season_of(work) == season.series)
            and not (work == season.iri and character == character_iri)  # the same role again: a confirmation
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
