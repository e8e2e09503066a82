"""`kg season add` and `kg season template N`: add a season, with provenance, without Python."""

from __future__ import annotations

import re
from pathlib import Path

import click

from graph.cli.command import Group
from graph.errors import UsageError, counted
from graph.season.spec import CREW_ROLES, DATE_KINDS, DEFAULT_SERIES, Fact, SeasonSpec, parse_role

_CAST_FLAGS = {
    "new": ("new", True),
    "returning": ("new", False),
    "regular": ("regular", True),
    "guest": ("regular", False),
}
#: Single-valued facts: option -> fact kind (each has OPTION-quote).
_SINGLE = {"--" + kind.replace("_", "-"): kind for kind in DATE_KINDS} | {"--episodes": "episodes"}


@click.group(cls=Group)
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


def parse_cast(entry: str) -> Fact:
    """ "ACTOR=CHARACTER[;new|returning][;regular|guest][;speculative]" as a cast Fact."""
    where = f"--cast {entry!r}"
    head, flags = _split_flags(entry, "--cast", {*_CAST_FLAGS, "speculative"})
    actor, sep, character = head.partition("=")
    if not sep or not actor.strip() or not character.strip():
        raise UsageError(
            f'{where}: write it as "Actor=Character", e.g. "Anna Cathcart=Kitty Song Covey;returning;regular"'
        )
    fact = Fact("cast", where, value=actor.strip(), other=character.strip())
    for flag in flags:
        if flag == "speculative":
            fact.speculative = True
            continue
        attr, value = _CAST_FLAGS[flag]
        if getattr(fact, attr) not in (None, value):
            raise UsageError(f"{where}: {flag!r} contradicts an earlier flag")
        setattr(fact, attr, value)
    return fact


def parse_crew(entry: str) -> Fact:
    """ "NAME=ROLE[;speculative]" as a crew Fact (showrunner, co-showrunner, executive producer, writer, director)."""
    where = f"--crew {entry!r}"
    head, flags = _split_flags(entry, "--crew", {"speculative"})
    name, sep, role = head.partition("=")
    roles = ", ".join(sorted(set(CREW_ROLES.values())))
    if not sep or not name.strip() or not role.strip():
        raise UsageError(f'{where}: write it as "Name=role", e.g. "Jenny Han=showrunner" (roles: {roles})')
    canonical = parse_role(role)
    if canonical is None:
        raise UsageError(f"{where}: unknown crew role {role.strip()!r}; use one of: {roles}")
    return Fact("crew", where, value=name.strip(), other=canonical, speculative="speculative" in flags)


def parse_place(entry: str) -> Fact:
    """ "NAME[:TYPE[ in PLACE]][;speculative]" as a filming-location Fact."""
    where = f"--filming-location {entry!r}"
    head, flags = _split_flags(entry, "--filming-location", {"speculative"})
    name, sep, rest = head.partition(":")
    fact = Fact("place", where, value=name.strip(), speculative="speculative" in flags)
    if not fact.value:
        raise UsageError(f'{where}: a filming location needs a name, e.g. "Busan:city in South Korea"')
    if sep:
        match = re.fullmatch(r"\s*([^\s]+)(?:\s+in\s+(.+?))?\s*", rest)
        if not match:
            raise UsageError(f'{where}: write it as "Name", "Name:type" or "Name:type in Place"')
        fact.place_type, fact.within = match.group(1), match.group(2)
    return fact


def parse_single(option: str, value: str, quote: str | None) -> Fact:
    """A date or the episode count: "VALUE[;speculative]", with its quote."""
    head, flags = _split_flags(value, option, {"speculative"})
    fact = Fact(_SINGLE[option], f"{option} {value}", value=head, speculative="speculative" in flags)
    fact.quote, fact.quote_where = quote, f"{option}-quote"
    return fact


def _pair_quotes(facts: list[Fact], quotes: tuple[str, ...], option: str, quote_option: str) -> None:
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


def apply_inferred(facts: list[Fact], items: tuple[str, ...]) -> None:
    """--inferred "WHAT=REASONING": WHAT is a single fact's option (filming-start, premiere,
    episodes, …) or KIND:NAME for an entry (cast:ACTOR, crew:NAME, filming-location:PLACE)."""
    from graph.season.matching import normalize

    kinds = {"cast": "cast", "crew": "crew", "filming-location": "place"}
    for item in items:
        what, sep, why = item.partition("=")
        what = what.strip()
        if not sep or not why.strip():
            raise UsageError(
                f'--inferred {item!r}: write it as "WHAT=why the source implies it", e.g. "filming-start=…"'
            )
        kind, _, name = what.partition(":")
        if name:
            if kind not in kinds:
                raise UsageError(f"--inferred {what!r}: use cast:ACTOR, crew:NAME or filming-location:PLACE")
            chosen = [f for f in facts if f.kind == kinds[kind] and normalize(f.value) == normalize(name)]
        else:
            chosen = [f for f in facts if f.kind == _SINGLE.get("--" + what)]
        if not chosen:
            raise UsageError(f"--inferred {what!r}: no such fact given (give the fact with its option first)")
        for fact in chosen:
            fact.inferred = why.strip()


def _single_options(func):  # type: ignore[no-untyped-def]
    """--premiere, --filming-start, … --episodes, each with its --…-quote."""
    helps = {
        "--premiere": "Premiere date.",
        "--announced": "Date the season was announced (renewed).",
        "--expected-premiere": "A premiere date the source only guesses (kept as speculation).",
        "--filming-start": "Start of filming.",
        "--filming-end": "End of filming.",
        "--production-start": "Start of production.",
        "--episodes": "Number of episodes.",
    }
    for option in reversed(list(_SINGLE)):
        if option == "--episodes":
            value_help = " Add ';speculative' if only expected."
        else:
            value_help = " YYYY, YYYY-MM or YYYY-MM-DD (a guess may be FROM..TO); add ';speculative' if only expected."
        func = click.option(f"{option}-quote", metavar="TEXT", help=f"Words of the source giving {option}.")(func)
        func = click.option(option, metavar="N" if option == "--episodes" else "DATE", help=helps[option] + value_help)(
            func
        )
    return func


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
@click.option("--quote", metavar="TEXT", help="Words of the source saying the season exists (needed for a new season).")
@_single_options
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
    "--crew",
    "crew",
    multiple=True,
    metavar="ENTRY",
    help='"Name=role[;speculative]": showrunner, co-showrunner, executive producer, writer, director. Repeatable.',
)
@click.option(
    "--crew-quote", "crew_quotes", multiple=True, metavar="TEXT", help="Quote for each --crew in order, or one for all."
)
@click.option(
    "--inferred",
    "inferred",
    multiple=True,
    metavar="WHAT=WHY",
    help="A fact the source implies, with the reasoning: WHAT is filming-start, premiere, … or cast:ACTOR, "
    "crew:NAME, filming-location:PLACE. Repeatable.",
)
@click.option(
    "--same-as",
    "same_as",
    multiple=True,
    metavar="NAME=IRI",
    help="NAME is that node of the graph (when it is only close to its name, or in doubt).",
)
@click.option(
    "--new",
    "new_names",
    multiple=True,
    metavar="NAME",
    help="NAME is new, even if the graph has that name or one close to it.",
)
@click.option("--replace", is_flag=True, help="Replace what the same source said about this season before.")
@click.option("--dry-run", is_flag=True, help="Check everything and print the file instead of writing it.")
@click.option("--graph", "graph_dir", metavar="DIR", help="Graph folder to write to.")
def add(
    from_file: Path | None,
    same_as: tuple[str, ...],
    new_names: tuple[str, ...],
    replace: bool,
    dry_run: bool,
    graph_dir: str | None,
    **options: object,
) -> None:
    """Add a season, or what a new source says about a season: writes
    ontology/facts/SERIES-season-N--SOURCE.trig, one claim per fact, each citing the
    sentence(s) of the source that contain its quote (and name what the fact names).

    Everything is checked first (dates, quotes, names, SHACL shapes and quality checks with
    the whole graph); on any problem each is printed as one line and nothing is written.
    People, characters and places already in the graph are reused by name; a name that is
    only close to an existing one, or a "new" actor whose name is already in the cast, is
    refused until --same-as or --new says which it is. A stated date that answers an older
    claim (no date announced, a guess) marks that claim superseded.
    """
    from graph.cli.common import command_graph
    from graph.cli.source import report_problems
    from graph.sources.registry import ValidationFailed

    kg = command_graph(graph_dir)
    given = {"--" + name.replace("_", "-"): value for name, value in options.items() if value not in (None, ())}
    try:
        if from_file is not None:
            if given:
                raise UsageError(
                    f"--from {from_file}: put {', '.join(given)} in the file instead (or leave out --from)"
                )
            from graph.season.file import read_season_file

            spec = read_season_file(from_file)
            spec.new_names += list(new_names)
        else:
            spec = options_spec(options, new_names)
        for item in same_as:
            _add_same_as(spec, item)
        plan = kg.add_season(spec, replace=replace, dry_run=dry_run)
    except ValidationFailed as exc:
        report_problems(exc)
        raise
    from graph.terminal import printable

    if dry_run:
        click.echo(printable(plan.text, lines=True), nl=False)
        return
    root = kg.location.root.resolve()
    shown = plan.path.relative_to(root) if plan.path.is_relative_to(root) else plan.path
    click.echo(
        f"{'replaced' if plan.replaced else 'added'} season {spec.number}: {printable(str(shown))} ({counted(plan.claims, 'claim')})"
    )
    for note in plan.notes:
        click.echo(f"  {printable(note)}")
    click.echo(f"see it with: kg query cast-of-season --param season={spec.number}")


def _add_same_as(spec: SeasonSpec, item: str) -> None:
    name, sep, iri = item.partition("=")
    if not sep or not name.strip() or not iri.strip():
        raise UsageError(f'--same-as {item!r}: write it as NAME=IRI, e.g. "Sasha Bhasín=kg:person_sasha-bhasin"')
    spec.same_as[name.strip()] = iri.strip()


def options_spec(opts: dict[str, object], new_names: tuple[str, ...]) -> SeasonSpec:
    """The SeasonSpec the command-line options describe."""
    spec = SeasonSpec(
        number=opts["number"],  # type: ignore[arg-type]
        series=opts["series"] or DEFAULT_SERIES,  # type: ignore[arg-type]
        source=opts["source"],  # type: ignore[arg-type]
        quote=opts["quote"],  # type: ignore[arg-type]
        where={"number": "--number", "series": "--series", "source": "--source", "quote": "--quote"},
        new_names=list(new_names),
    )
    for option, kind in _SINGLE.items():
        value, quote = opts[kind], opts[kind + "_quote"]
        if value is None:
            if quote is not None:
                raise UsageError(f"{option}-quote given without {option}")
            continue
        spec.facts.append(parse_single(option, str(value), quote))  # type: ignore[arg-type]
    entries = (
        ("cast", parse_cast, "--cast", "cast_quotes", "--cast-quote"),
        ("crew", parse_crew, "--crew", "crew_quotes", "--crew-quote"),
        ("places", parse_place, "--filming-location", "place_quotes", "--filming-location-quote"),
    )
    for key, parse, option, quotes_key, quote_option in entries:
        facts = [parse(entry) for entry in opts[key]]  # type: ignore[attr-defined]
        _pair_quotes(facts, opts[quotes_key], option, quote_option)  # type: ignore[arg-type]
        spec.facts += facts
    apply_inferred(spec.facts, opts["inferred"])  # type: ignore[arg-type]
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
    from graph.cli.common import command_graph

    text = command_graph(graph_dir).season_template(number, series=series, source=source)
    if output in (None, "-"):
        click.echo(text, nl=False)
        return
    target = Path(output)  # type: ignore[arg-type]
    if target.exists():
        raise UsageError(f"{target}: already exists; the template never overwrites a file")
    from graph.files import atomic_write

    atomic_write(target, text.encode("utf-8"))
    click.echo(f"wrote {target}: fill it in, then run `kg season add --from {target}`")
