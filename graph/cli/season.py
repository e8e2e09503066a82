"""`kg season add` and `kg season template N`: add a season, with provenance, without Python."""

from __future__ import annotations

import re
from pathlib import Path

import click

from graph.errors import UsageError, counted
from graph.season.plan import DEFAULT_SERIES, CastFact, DateFact, PlaceFact, SeasonSpec

_CAST_FLAGS = {
    "new": ("new", True),
    "returning": ("new", False),
    "regular": ("regular", True),
    "guest": ("regular", False),
}


@click.group()
def season() -> None:
    """Add a season to the graph, every fact citing a sentence of a registered source.

    \b
    From options:
      kg season add --number 3 --source xo-kitty-season-3-article \\
        --quote "Netflix has renewed" \\
        --premiere 2026-01-15 --premiere-quote "Season 3 will premiere on January 15, 2026" \\
        --cast "Anna Cathcart=Kitty Song Covey;returning;regular" \\
        --cast-quote "Anna Cathcart returns as Kitty Song Covey" \\
        --filming-location "Busan:city in South Korea" --filming-location-quote "Filming took place in Busan"
    From a file:
      kg season template 3 > season-3.toml     # fill it in, then
      kg season add --from season-3.toml
    """


def _split_flags(entry: str, option: str, allowed: set[str]) -> tuple[str, list[str]]:
    head, *flags = [part.strip() for part in entry.split(";")]
    flags = [f.lower() for f in flags if f]
    for flag in flags:
        if flag not in allowed:
            raise UsageError(f"{option} {entry!r}: unknown flag {flag!r}; use {', '.join(sorted(allowed))}")
    return head, flags


def parse_cast(entry: str) -> CastFact:
    """ "ACTOR=CHARACTER[;new|returning][;regular|guest][;speculative]" as a CastFact."""
    where = f"--cast {entry!r}"
    head, flags = _split_flags(entry, "--cast", {*_CAST_FLAGS, "speculative"})
    actor, sep, character = head.partition("=")
    if not sep or not actor.strip() or not character.strip():
        raise UsageError(
            f'{where}: write it as "Actor=Character", e.g. "Anna Cathcart=Kitty Song Covey;returning;regular"'
        )
    fact = CastFact(where=where, actor=actor.strip(), character=character.strip())
    for flag in flags:
        if flag == "speculative":
            fact.speculative = True
            continue
        attr, value = _CAST_FLAGS[flag]
        if getattr(fact, attr) not in (None, value):
            raise UsageError(f"{where}: {flag!r} contradicts an earlier flag")
        setattr(fact, attr, value)
    return fact


def parse_place(entry: str) -> PlaceFact:
    """ "NAME[:TYPE[ in PLACE]][;speculative]" as a PlaceFact."""
    where = f"--filming-location {entry!r}"
    head, flags = _split_flags(entry, "--filming-location", {"speculative"})
    name, sep, rest = head.partition(":")
    fact = PlaceFact(where=where, name=name.strip(), speculative="speculative" in flags)
    if not fact.name:
        raise UsageError(f'{where}: a filming location needs a name, e.g. "Busan:city in South Korea"')
    if sep:
        match = re.fullmatch(r"\s*([^\s]+)(?:\s+in\s+(.+?))?\s*", rest)
        if not match:
            raise UsageError(f'{where}: write it as "Name", "Name:type" or "Name:type in Place"')
        fact.type, fact.within = match.group(1), match.group(2)
    return fact


def _pair_quotes(facts: list, quotes: tuple[str, ...], option: str, quote_option: str) -> None:
    """One quote per fact in order, or one quote for all of them."""
    if not quotes:
        return
    if len(quotes) == 1:
        pairs = [(f, quotes[0]) for f in facts]
    elif len(quotes) == len(facts):
        pairs = list(zip(facts, quotes, strict=True))
    else:
        raise UsageError(
            f"{quote_option} given {len(quotes)} times for {len(facts)} {option}: give one per {option}, in order, or one for all"
        )
    for fact, quote in pairs:
        fact.quote = quote
        fact.quote_where = f"{quote_option} {quote!r}"


def _date(value: str | None, quote: str | None, option: str) -> DateFact | None:
    if value is None:
        if quote is not None:
            raise UsageError(f"{option}-quote given without {option}")
        return None
    return DateFact(where=f"{option} {value}", value=value, quote=quote, quote_where=f"{option}-quote")


@season.command("add")
@click.option(
    "--from",
    "from_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the season from a file made with `kg season template N`.",
)
@click.option("--series", metavar="NAME|IRI", help=f"The series (default: {DEFAULT_SERIES}).")
@click.option("--number", type=int, metavar="N", help="Season number.")
@click.option("--source", metavar="SLUG", help="Registered source the quotes come from (`kg source list`).")
@click.option("--quote", metavar="TEXT", help="Words of the source saying the season exists.")
@click.option("--premiere", metavar="DATE", help="Premiere date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--premiere-quote", metavar="TEXT", help="Words of the source giving the premiere date.")
@click.option("--announced", metavar="DATE", help="Date the season was announced: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--announced-quote", metavar="TEXT", help="Words of the source giving the announcement.")
@click.option(
    "--expected-premiere", metavar="DATE", help="A premiere date the source only guesses (kept as speculation)."
)
@click.option("--expected-premiere-quote", metavar="TEXT", help="Words of the source guessing it.")
@click.option(
    "--filming-location",
    "places",
    multiple=True,
    metavar="PLACE",
    help='"Name", or for a new place "Name:type [in Place]"; add ";speculative" if only expected. Repeatable.',
)
@click.option(
    "--filming-location-quote",
    "place_quotes",
    multiple=True,
    metavar="TEXT",
    help="Quote for each --filming-location in order, or one for all.",
)
@click.option(
    "--cast",
    "cast",
    multiple=True,
    metavar="ENTRY",
    help='"Actor=Character[;new|returning][;regular|guest][;speculative]". Repeatable.',
)
@click.option(
    "--cast-quote", "cast_quotes", multiple=True, metavar="TEXT", help="Quote for each --cast in order, or one for all."
)
@click.option(
    "--same-as",
    "same_as",
    multiple=True,
    metavar="NAME=IRI",
    help="NAME is that node of the graph (when it is only close to its name).",
)
@click.option(
    "--new", "new_names", multiple=True, metavar="NAME", help="NAME is new, even if close to a name in the graph."
)
@click.option("--replace", is_flag=True, help="Replace a season added before with kg season add.")
@click.option("--dry-run", is_flag=True, help="Check everything and print the file instead of writing it.")
@click.option("--graph", "graph_dir", metavar="DIR", help="Graph folder to write to.")
def add(
    from_file: Path | None,
    series: str | None,
    number: int | None,
    source: str | None,
    quote: str | None,
    premiere: str | None,
    premiere_quote: str | None,
    announced: str | None,
    announced_quote: str | None,
    expected_premiere: str | None,
    expected_premiere_quote: str | None,
    places: tuple[str, ...],
    place_quotes: tuple[str, ...],
    cast: tuple[str, ...],
    cast_quotes: tuple[str, ...],
    same_as: tuple[str, ...],
    new_names: tuple[str, ...],
    replace: bool,
    dry_run: bool,
    graph_dir: str | None,
) -> None:
    """Add a season: writes ontology/facts/SERIES-season-N.trig, one claim per fact, each
    citing the sentence(s) of the source that contain its quote.

    Everything is checked first (dates, quotes, names, SHACL shapes and quality checks with
    the whole graph); on any problem each is printed as one line and nothing is written.
    People, characters and places already in the graph are reused by name; a name that is
    only close to an existing one is refused until --same-as or --new says which it is.
    """
    from graph.cli.common import command_location
    from graph.cli.source import report_problems
    from graph.season.plan import plan_season, write_plan
    from graph.sources.registry import ValidationFailed
    from graph.workspace import require_writable

    loc = command_location(graph_dir)
    if not dry_run:
        require_writable(loc)
    fact_options = {
        "--series": series, "--number": number, "--source": source, "--quote": quote,
        "--premiere": premiere, "--premiere-quote": premiere_quote, "--announced": announced,
        "--announced-quote": announced_quote, "--expected-premiere": expected_premiere,
        "--expected-premiere-quote": expected_premiere_quote, "--filming-location": places,
        "--filming-location-quote": place_quotes, "--cast": cast, "--cast-quote": cast_quotes,
    }  # fmt: skip
    try:
        if from_file is not None:
            given = [name for name, value in fact_options.items() if value not in (None, ())]
            if given:
                raise UsageError(
                    f"--from {from_file}: put {', '.join(given)} in the file instead (or leave out --from)"
                )
            from graph.season.file import read_season_file

            spec = read_season_file(from_file)
            for item in same_as:
                _add_same_as(spec, item)
            spec.new_names += list(new_names)
        else:
            spec = options_spec(fact_options, same_as, new_names)
        plan = plan_season(loc, spec, replace=replace)
    except ValidationFailed as exc:
        report_problems(exc)
        raise
    from graph.terminal import printable

    if dry_run:
        click.echo(printable(plan.text, lines=True), nl=False)
        return
    write_plan(plan)
    shown = plan.path.relative_to(loc.root.resolve()) if plan.path.is_relative_to(loc.root.resolve()) else plan.path
    claims = plan.text.count(" a kgo:Claim ;")
    click.echo(
        printable(
            f"{'replaced' if plan.replaced else 'added'} season {spec.number}: {shown} ({counted(claims, 'claim')})"
        )
    )
    for note in plan.notes:
        click.echo(f"  {printable(note)}")
    click.echo(f"see it with: kg query cast-of-season --param season={spec.number}")


def _add_same_as(spec: SeasonSpec, item: str) -> None:
    name, sep, iri = item.partition("=")
    if not sep or not name.strip() or not iri.strip():
        raise UsageError(f'--same-as {item!r}: write it as NAME=IRI, e.g. "Sasha Bhasín=kg:SashaBhasin"')
    spec.same_as[name.strip()] = iri.strip()


def options_spec(opts: dict[str, object], same_as: tuple[str, ...], new_names: tuple[str, ...]) -> SeasonSpec:
    """The SeasonSpec the command-line options describe."""
    spec = SeasonSpec(
        number=opts["--number"],  # type: ignore[arg-type]
        series=opts["--series"] or DEFAULT_SERIES,  # type: ignore[arg-type]
        source=opts["--source"],  # type: ignore[arg-type]
        quote=opts["--quote"],  # type: ignore[arg-type]
        premiere=_date(opts["--premiere"], opts["--premiere-quote"], "--premiere"),  # type: ignore[arg-type]
        announced=_date(opts["--announced"], opts["--announced-quote"], "--announced"),  # type: ignore[arg-type]
        expected_premiere=_date(opts["--expected-premiere"], opts["--expected-premiere-quote"], "--expected-premiere"),  # type: ignore[arg-type]
        where={"number": "--number", "series": "--series", "source": "--source", "quote": "--quote"},
        new_names=list(new_names),
    )
    spec.cast = [parse_cast(c) for c in opts["--cast"]]  # type: ignore[attr-defined]
    spec.filming = [parse_place(p) for p in opts["--filming-location"]]  # type: ignore[attr-defined]
    _pair_quotes(spec.cast, opts["--cast-quote"], "--cast", "--cast-quote")  # type: ignore[arg-type]
    _pair_quotes(spec.filming, opts["--filming-location-quote"], "--filming-location", "--filming-location-quote")  # type: ignore[arg-type]
    for item in same_as:
        _add_same_as(spec, item)
    return spec


@season.command("template")
@click.argument("number", type=click.IntRange(min=1))
@click.option("--series", default=DEFAULT_SERIES, show_default=True, help="The series, by name or IRI.")
@click.option("--source", metavar="SLUG", help="Registered source to fill in (default: the one registered last).")
@click.option(
    "--output", "-o", metavar="FILE", help="Write the template to FILE (refuses to overwrite) instead of stdout."
)
@click.option("--graph", "graph_dir", metavar="DIR", help="Graph folder whose sources are listed.")
def template(number: int, series: str, source: str | None, output: str | None, graph_dir: str | None) -> None:
    """Print a commented season file for season NUMBER to fill in for `kg season add --from`."""
    from graph.cli.common import command_location
    from graph.season.file import template_text

    text = template_text(command_location(graph_dir), number, series, source)
    if output in (None, "-"):
        click.echo(text, nl=False)
        return
    target = Path(output)  # type: ignore[arg-type]
    if target.exists():
        raise UsageError(f"{target}: already exists; the template never overwrites a file")
    from graph.files import atomic_write

    atomic_write(target, text.encode("utf-8"))
    click.echo(f"wrote {target}: fill it in, then run `kg season add --from {target}`")
