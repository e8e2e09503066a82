"""A draft season file from a registered article: the facts the rules find (`extract`) for one
season, turned into the season data `kg season add --from` reads, planned against the graph as
`kg season add --dry-run` would plan them. What kg would refuse is kept as a comment with kg's
own message; what the article leaves open is a question, never a guess. Never writes the graph.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graph.errors import ValidationFailed
from graph.locate import GraphLocation
from graph.season.spec import DATE_KINDS, DEFAULT_SERIES, Fact, SeasonSpec

#: Drafted fields in the order a season file lists them, with what each is in words.
FIELDS = {
    **{kind: words for kind, words in DATE_KINDS.items() if kind != "expected_premiere"},
    "episodes": "number of episodes",
    "filming_location": "filming locations",
    "cast": "cast",
    "departure": "cast members leaving",
    "crew": "crew",
}
#: The rules' field names -> the season data's fact kinds.
_KIND = {"filming_location": "place"}
_MAX_ROUNDS = 6


#: how a fact can stand to a claim of the graph, strongest first ("superseded": the fact is
#: older than the claim, which stands over it)
RELATION_RANK = ("superseded", "corrects", "supersedes", "confirms")


@dataclass
class DraftFact:
    """One fact of the draft: what the rules found, the season-file fact it becomes, and what
    kg says of it (a problem that keeps it commented out, how it stands to the graph)."""

    found: Any  # graph.draft.extract.Found
    fact: Fact
    problem: str | None = None
    #: how it stands to the graph's claims: (confirms | supersedes | corrects | superseded, the
    #: other claim and the slots in words); none for a new fact
    relations: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: attributes the article leaves open ("new", "regular", "type")
    open: list[str] = field(default_factory=list)

    @property
    def field(self) -> str:
        return self.found.field

    @property
    def relation(self) -> str:
        """The strongest relation: older than a claim, corrects, supersedes, confirms, or new."""
        kinds = sorted({kind for kind, _ in self.relations}, key=RELATION_RANK.index)
        return kinds[0] if kinds else "new"

    @property
    def included(self) -> bool:
        return self.problem is None


@dataclass
class Draft:
    """The draft of one season's file from one source."""

    source: str
    title: str
    published: str | None
    series: str
    season: int
    season_quote: str | None
    season_sentence: int | None
    facts: list[DraftFact]
    #: other seasons the article speaks of -> how many facts
    other_seasons: dict[int, int]
    #: problems kg reported that no fact of the draft caused
    problems: list[str] = field(default_factory=list)
    replaces_file: str | None = None

    @property
    def left_open(self) -> list[str]:
        """Fields the article gives nothing for, in words."""
        given = {f.field for f in self.facts if f.included}
        return [words for name, words in FIELDS.items() if name not in given]


def draft_season(
    loc: GraphLocation,
    slug: str,
    season: int | None = None,
    *,
    series: str = DEFAULT_SERIES,
    extract: Callable[..., list[Any]] | None = None,
) -> Draft:
    """Draft what source `slug` says about a season (by default the one it says most about)."""
    from graph.errors import UsageError
    from graph.season.store import SeasonGraph
    from graph.sources.registry import load_source

    source = load_source(loc, slug)
    index = SeasonGraph(loc).names()
    if extract is None:
        from graph.draft.extract import Gazetteer
        from graph.draft.extract import extract as rules

        found = rules(source.text, source.published, Gazetteer.from_index(index))
    else:
        found = extract(source.text, source.published)
    counts = Counter(f.season for f in found if f.field != "season")
    counts.update({f.season: 0 for f in found if f.field == "season"})
    if season is None:
        if not counts:
            raise UsageError(f"source {slug!r}: no sentence of it says anything about a season that kg can draft")
        season = max(counts, key=lambda n: (counts[n], n))
    mine = [f for f in found if f.season == season]
    said = next((f for f in mine if f.field == "season"), None)
    facts = [_draft_fact(f, i) for i, f in enumerate(_merged(f for f in mine if f.field != "season"))]
    draft = Draft(
        source=slug,
        title=source.title,
        published=source.published.isoformat() if source.published else None,
        series=series,
        season=season,
        season_quote=said.quote if said else None,
        season_sentence=said.sentence if said else None,
        facts=facts,
        other_seasons={n: c for n, c in sorted(counts.items()) if n != season},
    )
    _plan(loc, draft)
    _name_notes(draft, index)
    return draft


def _name_notes(draft: Draft, index: Any) -> None:
    """Say for each name whether the graph has it (the graph is the gazetteer): reused with its
    IRI, or new. A name only close to one in the graph is refused by kg, so its fact is kept
    as a comment with kg's message naming the close one."""
    from graph.namespaces import shorten

    kinds = {"cast": ("person", "character"), "departure": ("person", "character"), "crew": ("person", None)}
    kinds["place"] = ("place", None)
    for f in draft.facts:
        for kind, name in zip(kinds.get(f.fact.kind, (None, None)), (f.fact.value, f.fact.other), strict=True):
            if kind is None or not name:
                continue
            found = index.exact(kind, name)
            if len(found) == 1:
                f.notes.append(f"{kind} {name!r} is {shorten(found[0].iri)} in the graph")
            elif not found:
                f.notes.append(f"{kind} {name!r} is new to the graph")
                if kind == "place" and "type" not in f.open:
                    f.open.append("type")


def _draft_fact(found: Any, n: int) -> DraftFact:
    """The season-file fact the rules' finding becomes."""
    kind = _KIND.get(found.field, found.field)
    where = f"draft:{n}"
    fact = Fact(kind, where, quote=found.quote, quote_where=where)
    if found.status == "speculation":
        fact.speculative = True
    elif found.status == "inferred":
        fact.inferred = found.reasoning or found.cue or "the article implies it"
    opened: list[str] = []
    if found.field in DATE_KINDS or found.field == "episodes":
        fact.value = found.value
    elif found.field in ("cast", "departure"):
        fact.value, fact.other = found.key, found.value
        if found.field == "cast":
            fact.new, fact.regular = found.new, found.regular
            opened = [name for name, flag in (("new", found.new), ("regular", found.regular)) if flag is None]
    elif found.field == "crew":
        fact.value, fact.other, fact.replaces = found.key, found.value, found.replaces
    elif found.field == "filming_location":
        fact.value = found.key
    return DraftFact(found, fact, open=opened)


def _merged(found: Any) -> list[Any]:
    """One finding per fact: the same fact from several sentences once (the first, or the
    stated one over a guess); for a single-valued field, a correction or the latest statement
    over earlier ones, and two guesses of one source as one guess of the whole range."""
    from graph.dates import make_date, parse_date

    out: list[Any] = []
    single = set(DATE_KINDS) | {"episodes"}
    for f in found:
        same = next(
            (
                i
                for i, g in enumerate(out)
                if g.field == f.field and (f.field in single or (g.key, g.value) == (f.key, f.value))
            ),
            None,
        )
        if same is None:
            out.append(f)
            continue
        g = out[same]
        if f.field not in single or g.value == f.value:
            if g.status == "speculation" and f.status != "speculation":
                out[same] = f
            continue
        if f.corrects or (g.status == "speculation" and f.status != "speculation"):
            out[same] = f
        elif f.status == g.status == "speculation" and f.field in DATE_KINDS:
            try:
                a, b = parse_date(g.value), parse_date(f.value)
            except ValueError:
                continue
            if a.precision == b.precision:
                low = None if a.first is None or b.first is None else min(a.first, b.first)
                high = None if a.last is None or b.last is None else max(a.last, b.last)
                if low is not None or high is not None:
                    merged = make_date(low, high, a.precision)
                    out[same] = _replace(
                        g,
                        value=merged.text,
                        cue=f"{g.cue}; with s{f.sentence:02d}: one guess of the whole range".strip("; "),
                    )
        elif f.status != "speculation" and g.status != "speculation" and not g.corrects:
            out[same] = f  # two statements in one article: the later sentence
    return out


def _replace(found: Any, **changes: Any) -> Any:
    import dataclasses

    return dataclasses.replace(found, **changes)


def _plan(loc: GraphLocation, draft: Draft) -> None:
    """Plan the draft as `kg season add` would, commenting out each fact kg refuses (with
    kg's message) and planning again, until what is left is accepted."""
    from graph.season.plan import plan_season, season_file_name

    path = loc.facts_dir / season_file_name(draft.series, draft.season, draft.source)
    replace = path.exists()
    if replace:
        draft.replaces_file = str(path.relative_to(loc.root)) if path.is_relative_to(loc.root) else str(path)
    by_where = {f.fact.where: f for f in draft.facts}
    for _ in range(_MAX_ROUNDS):
        spec = SeasonSpec(
            number=draft.season,
            series=draft.series,
            source=draft.source,
            quote=draft.season_quote,
            facts=[f.fact for f in draft.facts if f.included],
            where={"number": "number", "series": "series", "source": "source", "quote": "quote"},
        )
        try:
            plan = plan_season(loc, spec, replace=replace)
        except ValidationFailed as exc:
            blamed = False
            draft.problems = []
            named = {p: where for where, problems in exc.by_fact.items() for p in problems}
            for problem in exc.problems:
                where, _, message = problem.partition(": ")
                if problem in named:  # a problem the whole graph's checks found in a new claim
                    where, message = named[problem], problem
                target = by_where.get(where)
                if target is not None and target.included:
                    target.problem = message
                    blamed = True
                else:
                    draft.problems.append(problem)
            if not blamed:
                return
            continue
        draft.problems = []
        for where, kind, other, what in plan.compared:
            target = by_where.get(where)
            if target is not None:
                target.relations.append((kind, f"{other}: {what}"))
        return
