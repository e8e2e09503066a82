"""Adding to a season: from a `SeasonSpec` to one TriG file per season and source under
ontology/facts/, checked with the whole graph first; nothing is written unless it all passes.

A season that exists (in any file, the bundled xo-kitty.trig included) gets the new facts
beside the old ones, in `SERIES-season-N--SOURCE.trig`; `--replace` replaces only that file,
what the same source said. When a new stated fact answers an older claim (a premiere date
where an older source said none was announced, or guessed one), the new claim records that
it revises the older one (`terms.SUPERSEDES`), and the older claim leaves the default view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import ValidationFailed
from graph.locate import GraphLocation
from graph.namespaces import KG, shorten
from graph.season import facts as build
from graph.season.builder import Builder, Season
from graph.season.claims import Claims
from graph.season.matching import NameIndex
from graph.season.render import one_line, render
from graph.season.spec import DEFAULT_SERIES, SeasonSpec, check_status
from graph.season.store import SeasonGraph
from graph.sources.registry import slugify


@dataclass
class SeasonPlan:
    """The file `kg season add` will write, and what it found out on the way."""

    path: Path
    text: str
    replaced: bool
    notes: list[str]
    claims: int
    #: how each new claim stands to the graph's: (where its fact was given, "confirms" |
    #: "supersedes" | "superseded", the other claim in words, the slots in words)
    compared: list[tuple[str, str, str, str]] = field(default_factory=list)


def season_file_name(series_name: str, number: int, source: str) -> str:
    """ontology/facts/ file of what `source` says about a season (the series part cut at 60
    characters and the source's at 100, well under file systems' 255-byte limit)."""
    return f"{slugify(series_name)[:60].strip('-') or 'series'}-season-{number}--{source[:100]}.trig"


def plan_season(loc: GraphLocation, spec: SeasonSpec, *, replace: bool = False) -> SeasonPlan:
    """Work out the season file and check it with the whole graph; writes nothing.

    Raises ValidationFailed listing every problem found (bad input, names, quotes, shapes).
    """
    problems: list[str] = []
    if spec.number is None:
        problems.append(f"{spec.at('number')}: the season number is required")
    elif isinstance(spec.number, bool) or not isinstance(spec.number, int) or spec.number < 1:
        problems.append(f"{spec.at('number')}: season number {spec.number!r} must be a whole number from 1")
    if not spec.source:
        problems.append(
            f"{spec.at('source')}: a registered source is required (see `kg source list`; add one with `kg source add`)"
        )
    for fact in spec.facts:
        status_problem = check_status(fact)
        if status_problem:
            problems.append(f"{fact.where}: {status_problem}")
    link, path = _target(loc, spec)
    graph = SeasonGraph(loc, without=path if replace else None)
    index = graph.names()
    series_iri, series_name, series_problem = _series(index, spec)
    if series_problem:
        problems.append(series_problem)
    if series_iri is None or not isinstance(spec.number, int) or isinstance(spec.number, bool) or spec.number < 1:
        raise ValidationFailed("season not added", problems)
    number = int(spec.number)
    source = spec.source or "no-source"  # reported above; planning goes on to find every other problem
    named = _target(loc, spec, series_name)
    if (link, path) != named:  # the series' name differs from the default's
        link, path = named
        if replace:  # the graph was loaded without another file: load it without this one
            graph = SeasonGraph(loc, without=path)
            index = graph.names()
    if link.is_symlink():  # resolving it would write (or with --replace overwrite) its target
        problems.append(f"{_rel(link, loc)}: is a symbolic link; kg does not write through links (remove it)")
    exists = path.exists() or link.is_symlink()
    if exists and not replace:
        problems.append(
            f"{spec.at('number')}: {_rel(path, loc)} already holds what source {source!r} says about "
            f"season {number}; use --replace to replace it"
        )
    found = graph.seasons(series_iri, number)
    if len(found) > 1:
        listed = ", ".join(shorten(iri) for iri in found)
        problems.append(
            f"{spec.at('number')}: season {number} of {series_name} is several nodes ({listed}); fix the graph first"
        )
    series_local = series_iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    season_iri = next(iter(found), f"{KG}{series_local}Season{number}")
    known = graph.claims(series_iri, season_iri)
    current = Claims(known)
    if not found and index.taken(season_iri):
        problems.append(
            f"{spec.at('number')}: the IRI {shorten(season_iri)} is already used in the graph for something else"
        )
    season = Season(
        iri=season_iri,
        name=f"{series_name} Season {number}",
        number=number,
        series=series_iri,
        series_local=series_local,
        series_name=series_name,
        filming=current.filming.get(season_iri, f"{season_iri}Filming"),
        exists=bool(found),
    )
    b = Builder(loc, spec, index, current, base=f"{slugify(series_name)[:60].strip('-')}-season-{number}-{source}")
    b.problems += problems
    b.source(spec.source, spec.at("source"))
    if not found and not (spec.quote and spec.quote.strip()):
        b.problem(
            spec.at("quote"),
            f"season {number} is new to the graph: give --quote, the words of the source saying it exists",
        )
    build.season_claim(b, season)
    build.date_claims(b, season)
    build.episodes_claim(b, season)
    build.cast_claims(b, season)
    build.departure_claims(b, season)
    build.crew_claims(b, season)
    build.place_claims(b, season, build.place_classes(b))
    if not b.claims and not b.problems:
        b.problem(spec.at("source"), f"nothing to add to season {number}: give at least one fact")
    if not b.problems:
        cited = {s for c in b.claims for s in c.sentences}
        _revise(b, loc, [*known, *graph.sentences(cited)])
    if b.problems:
        raise ValidationFailed(f"season {number} not added", b.problems)
    text = _render(b, season)
    from graph.validate import check_change

    claims = [c.iri for c in b.claims]
    found_problems = check_change(loc, graph.store, path, text.encode("utf-8"), claims, replaced=replace)
    if found_problems:
        failed = ValidationFailed(f"season {number} not added", [str(p) for p in found_problems])
        # which fact each problem is about, where a problem names a new claim (for drafts)
        failed.by_fact = {
            c.where: [str(p) for p in found_problems if re.search(rf"{re.escape(shorten(c.iri))}(?![\w-])", str(p))]
            for c in b.claims
        }
        raise failed
    return SeasonPlan(path, text, exists, b.notes, len(b.claims), b.compared)


def write_plan(loc: GraphLocation, plan: SeasonPlan) -> None:
    """Write the season file atomically (the old file or the new one, never half), inside
    the graph folder and never through a symbolic link."""
    from graph.files import atomic_write

    atomic_write(plan.path, plan.text.encode("utf-8"), root=loc.root)


def _revise(b: Builder, loc: GraphLocation, quads: list) -> None:
    """Compare each new claim with the graph's claims in the same slots (`revisions`): note
    what it confirms, link what it supersedes or what supersedes it (in this file, in either
    direction, so the order of adding sources does not matter), and refuse contradictions
    that the sources' dates cannot settle."""
    from graph.season.revisions import relations
    from graph.sources.text import source_iri

    new_quads = [q for claim in b.claims for q in claim.quads()]
    index = Claims([*quads, *new_quads])
    by_iri = {claim.iri: claim for claim in b.claims}
    corrects: dict[str, set[str]] = {}
    for claim in b.claims:
        for slug in claim.corrects_sources:
            if b.source(slug, f"corrects {slug!r}") is not None:
                corrects.setdefault(claim.iri, set()).add(source_iri(slug))
    corrected: set[tuple[str, str]] = set()
    for rel in relations(by_iri, index, corrects):
        claim = by_iri[rel.new]
        what = "; ".join(
            f"{_slot_words(b, slot)}: {old.label} there, {new.label} here"
            if old and new and old.key != new.key
            else f"{_slot_words(b, slot)}: {new.label if new else ''}"
            for slot, new, old in rel.slots
            if not (slot[0] == "flag" and new and new.key == ("out",))  # a departure's flags: said by "leaves"
        )
        other = _describe_claim(index, rel.old)
        if rel.kind in ("confirms", "supersedes", "superseded"):
            b.compared.append((claim.where, "corrects" if rel.corrects else rel.kind, other, what))
        if rel.kind == "confirms":
            b.notes.append(f"confirms {other}: {what}")
        elif rel.kind == "supersedes":
            claim.revises.append(rel.old)
            if rel.corrects:
                claim.corrects.append(rel.old)
                corrected.update((rel.new, doc) for doc in index.sources.get(rel.old, ()))
            b.notes.append(f"{'corrects' if rel.corrects else 'supersedes'} {other}: {what}")
        elif rel.kind == "superseded":
            claim.answered_by.append(rel.old)
            b.notes.append(f"recorded as history: {other} stands over it: {what}")
        else:
            b.problem(
                claim.where or b.spec.at("source"),
                f"{claim.heading}: contradicts {other} ({what}), and kg cannot tell which stands"
                + (
                    ": the two sources have the same date, or neither has one; if this source corrects the other, "
                    'say so (corrects = "SOURCE", or ;corrects=SOURCE), or leave the fact out'
                    if rel.kind == "contradicts"
                    else ": the other claim says more than this fact answers; give the rest too, or leave it out"
                ),
            )
    for claim in b.claims:
        for doc in corrects.get(claim.iri, ()):
            if (claim.iri, doc) not in corrected:
                b.problem(
                    claim.where or b.spec.at("source"),
                    f"{claim.heading}: corrects {shorten(doc)}, but that source says nothing else about it in the graph",
                )


def _slot_words(b: Builder, slot: tuple[str, ...]) -> str:
    """A slot in words, its nodes by their names in the graph."""
    from graph.season.revisions import slot_words

    def name(iri: str) -> str:
        entity = b.index.entities.get(iri)
        return one_line(entity.label) if entity else shorten(iri)

    return slot_words(slot, name)


def _describe_claim(index: Claims, claim: str) -> str:
    """claim:x (stated, source:slug of 2025-02-20) for notes and messages."""
    status = shorten(index.status.get(claim, "")).removeprefix("kgo:").lower() or "no status"
    docs = sorted(index.sources.get(claim, ()))
    date = index.source_date(claim)
    source = ", ".join(shorten(d) for d in docs) or "no source"
    return f"{shorten(claim)} ({status}, {source}, {'of ' + date if date else 'undated'})"


def _render(b: Builder, season: Season) -> str:
    used = [s for s in b.sources.values() if s is not None]
    prefixes = {s.iri: ("src" if i == 0 else f"src{i + 1}") for i, s in enumerate(used)}
    files = ", ".join(f"ontology/sources/{s.txt.name}" for s in used)
    header = [
        f"{season.name}: what {files} says.",
        "",
        "Written by `kg season add` (change it with `kg season add --replace` and the same source, or",
        "edit it by hand and run `kg validate`). One named graph per claim: the graph holds the",
        "statements; the default graph gives the claim's status and the sentence(s) it is",
        "prov:wasDerivedFrom, and marks older claims it answers kgo:supersededBy it (they leave the",
        "default view). `kg source show SOURCE` prints each sentence; `kg query history` the history.",
    ]
    return render(header, b.claims, prefixes)


def _target(loc: GraphLocation, spec: SeasonSpec, series_name: str | None = None) -> tuple[Path, Path]:
    """The season file's path as given (`link`, which may be a planted symbolic link) and as
    resolved, for the spec's source and season (series name as given, until it is known)."""
    number = spec.number if isinstance(spec.number, int) and not isinstance(spec.number, bool) else 0
    name = series_name or (spec.series or DEFAULT_SERIES)
    link = loc.facts_dir / season_file_name(name, number, spec.source or "no-source")
    return link, link.resolve()


def _series(index: NameIndex, spec: SeasonSpec) -> tuple[str | None, str, str | None]:
    """The series IRI and name from a name or an IRI, or a problem."""
    from graph.namespaces import expand

    given = (spec.series or DEFAULT_SERIES).strip()
    iri = given if given.startswith(("http://", "https://")) else expand(given) if ":" in given else None
    if iri is None:
        matches = index.exact("series", given)
        if len(matches) == 1:
            return matches[0].iri, sorted(matches[0].names, key=len)[0], None
        if matches:  # namesakes: the name alone cannot say which
            iris = ", ".join(sorted(shorten(e.iri) for e in matches)[:5]) + (", …" if len(matches) > 5 else "")
            return None, given, f"{spec.at('series')}: {len(matches)} series are named {given!r} ({iris}); give its IRI"
        known = ", ".join(sorted({e.label for e in index.of_kind("series")})[:20]) or "none"
        return None, given, f"{spec.at('series')}: no series named {given!r} in the graph (series: {known})"
    entity = index.entities.get(iri)
    if entity is None or not entity.classes & index.kind_classes["series"]:
        return None, given, f"{spec.at('series')}: {one_line(given)} is not a kgo:TVSeries in the graph"
    names = sorted(entity.names - {n for n in entity.names if "(" in n}, key=len) or sorted(entity.names)
    return iri, names[0] if names else given, None


def _rel(path: Path, loc: GraphLocation) -> str:
    try:
        return str(path.relative_to(loc.root.resolve()))
    except ValueError:
        return str(path)
