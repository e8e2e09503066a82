"""`kg season add` and `kg season template N`: add a season, with provenance, without Python."""

from __future__ import annotations

import re
from pathlib import Path

import click

from graph.cli.command import Group
from graph.errors import UsageError, counted
from graph.season.spec import CREW_ROLES, DATE_KINDS, DEFAULT_SERIES, SeasonSpec

#: cast flags -> (key of the season file, value)
_CAST_FLAGS = {
    "new": ("new", True),
    "returning": ("new", False),
    "regular": ("regular", True),
    "guest": ("regular", False),
}
#: Single-valued facts: option -> key of the season file (each has OPTION-quote).
_SINGLE = {"--" + kind.replace("_", "-"): kind for kind in DATE_KINDS} | {"--episodes": "episodes"}
#: Entries: option name (without --) -> (key of the season file, its value key, its other key).
_ENTRIES = {
    "cast": ("cast", "actor", "character"),
    "departure": ("departure", "actor", "character"),
    "crew": ("crew", "name", "role"),
    "filming-location": ("filming_location", "name", None),
}


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


def _split_flags(
    entry: str, option: str, allowed: set[str], valued: set[str] = frozenset()
) -> tuple[str, dict[str, str]]:
    """ "HEAD;flag;key=value" as HEAD and {flag: "", key: value}; a UsageError for any other flag."""
    head, *parts = [part.strip() for part in entry.split(";")]
    flags: dict[str, str] = {}
    for part in filter(None, parts):
        key, sep, value = part.partition("=")
        key = key.strip().lower()
        if (sep and key not in valued) or (not sep and key not in allowed):
            known = sorted(allowed) + [f"{k}=…" for k in sorted(valued)]
            raise UsageError(f"{option} {entry!r}: unknown flag {part!r}; use {', '.join(known)}")
        if sep and not value.strip():
            raise UsageError(f"{option} {entry!r}: {key}= needs a value")
        if key == "corrects":
            flags[key] = f"{flags[key]};{value.strip()}" if key in flags else value.strip()
        else:
            flags[key] = value.strip()
    return head, flags


def _common(flags: dict[str, str]) -> dict[str, object]:
    """What every fact may say: speculative, corrects."""
    out: dict[str, object] = {}
    if "speculative" in flags:
        out["speculative"] = True
    if "corrects" in flags:
        out["corrects"] = flags["corrects"].split(";")
    return out


def parse_entry(option: str, entry: str) -> dict[str, object]:
    """One --cast, --departure, --crew or --filming-location value as the table of a season
    file ([[cast]], …); only the option's own syntax is checked here, the rest by the reader
    of season files, for both."""
    name = option.removeprefix("--")
    _, value_key, other_key = _ENTRIES[name]
    where = f"{option} {entry!r}"
    if name == "filming-location":
        head, flags = _split_flags(entry, option, {"speculative"}, {"corrects"})
        place, sep, rest = head.partition(":")
        table: dict[str, object] = {"name": place.strip()}
        if not place.strip():
            raise UsageError(f'{where}: a filming location needs a name, e.g. "Busan:city in South Korea"')
        if sep:
            match = re.fullmatch(r"\s*([^\s]+)(?:\s+in\s+(.+?))?\s*", rest)
            if not match:
                raise UsageError(f'{where}: write it as "Name", "Name:type" or "Name:type in Place"')
            table["type"] = match.group(1)
            if match.group(2):
                table["in"] = match.group(2)
        return table | _common(flags)
    allowed = {"speculative", *_CAST_FLAGS} if name == "cast" else {"speculative"}
    valued = {"corrects", "replaces"} if name == "crew" else {"corrects"}
    head, flags = _split_flags(entry, option, allowed, valued)
    left, sep, right = head.partition("=")
    if not sep or not left.strip() or not right.strip():
        examples = {
            "cast": '"Actor=Character", e.g. "Anna Cathcart=Kitty Song Covey;returning;regular"',
            "departure": '"Actor=Character", e.g. "Minyeong Choi=Dae"',
            "crew": f'"Name=role", e.g. "Jenny Han=showrunner" (roles: {", ".join(sorted(set(CREW_ROLES.values())))})',
        }
        raise UsageError(f"{where}: write it as {examples[name]}")
    table = {value_key: left.strip(), other_key: right.strip()}
    for flag in flags:
        if flag in _CAST_FLAGS:
            field, value = _CAST_FLAGS[flag]
            if table.get(field, value) != value:
                raise UsageError(f"{where}: {flag!r} contradicts an earlier flag")
            table[field] = value
    if "replaces" in flags:
        table["replaces"] = flags["replaces"]
    return table | _common(flags)


class OptionLocator:
    """Where each key of the season data came from on the command line, for messages."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, int], str] = {}
        self.fields: dict[tuple[str, int, str], str] = {}

    def top(self, key: str) -> str:
        return "--" + key.replace("_", "-")

    def entry(self, table: str, nth: int = 0) -> str:
        return self.entries.get((table, nth), "--" + table.replace("_", "-"))

    def field(self, key: str, table: str, nth: int = 0) -> str:
        return self.fields.get((table, nth, key), self.entry(table, nth))


def options_data(opts: dict[str, object], new_names: tuple[str, ...]) -> tuple[dict[str, object], OptionLocator]:
    """The season data (the shape of a season file) the command-line options describe, and
    where each part came from."""
    data: dict[str, object] = {}
    at = OptionLocator()
    for key in ("number", "series", "source", "quote"):
        if opts.get(key) is not None:
            data[key] = opts[key]
    if new_names:
        data["new"] = list(new_names)
    for option, kind in _SINGLE.items():
        value, quote = opts[kind], opts[kind + "_quote"]
        if value is None:
            if quote is not None:
                raise UsageError(f"{option}-quote given without {option}")
            continue
        head, flags = _split_flags(str(value), option, {"speculative"}, {"corrects"})
        table: dict[str, object] = _common(flags)
        if kind == "episodes":
            table["count"] = int(head) if head.isdigit() else head
        else:
            table["date"] = head
        if quote is not None:
            table["quote"] = quote
            at.fields[(kind, 0, "quote")] = f"{option}-quote"
        at.entries[(kind, 0)] = f"{option} {value}"
        data[kind] = table
    for name, (key, _value_key, _other_key) in _ENTRIES.items():
        option = "--" + name
        entries = list(opts[key.replace("filming_location", "places")])  # type: ignore[call-overload]
        quotes = list(opts[key.replace("filming_location", "place") + "_quotes"])  # type: ignore[call-overload]
        if not entries:
            if quotes:
                raise UsageError(f"{option}-quote given without {option}")
            continue
        if quotes and len(quotes) not in (1, len(entries)):
            raise UsageError(
                f"{option}-quote given {len(quotes)} times for {len(entries)} {option}: "
                f"give one per {option}, in order, or one for all"
            )
        tables = []
        for nth, entry in enumerate(entries):
            table = parse_entry(option, entry)
            at.entries[(key, nth)] = f"{option} {entry!r}"
            if quotes:
                quote = quotes[nth] if len(quotes) > 1 else quotes[0]
                table["quote"] = quote
                at.fields[(key, nth, "quote")] = f"{option}-quote {quote!r}"
            tables.append(table)
        data[key] = tables
    for option, items in (("--inferred", opts["inferred"]), ("--speculative", opts["speculative"])):
        for item in items:  # type: ignore[attr-defined]
            _apply_reason(data, option, item)
    return data, at


def _apply_reason(data: dict[str, object], option: str, item: str) -> None:
    """--inferred or --speculative "WHAT=why": WHAT is a single fact's option (filming-start,
    premiere, episodes, …) or KIND:NAME for an entry (cast:ACTOR, crew:NAME, departure:ACTOR,
    filming-location:PLACE)."""
    from graph.season.matching import normalize

    what, sep, why = item.partition("=")
    what = what.strip()
    if not sep or not why.strip():
        purpose = "why the source implies it" if option == "--inferred" else "the source's reason for the guess"
        raise UsageError(f'{option} {item!r}: write it as "WHAT={purpose}", e.g. "filming-start=…"')
    kind, _, name = what.partition(":")
    if name:
        if kind not in _ENTRIES:
            raise UsageError(f"{option} {what!r}: use cast:ACTOR, crew:NAME, departure:ACTOR or filming-location:PLACE")
        key, value_key, _ = _ENTRIES[kind]
        chosen = [t for t in data.get(key, []) if normalize(str(t[value_key])) == normalize(name)]  # type: ignore[attr-defined,index]
    else:
        key = _SINGLE.get("--" + what)
        chosen = [data[key]] if key in data else []
    if not chosen:
        raise UsageError(f"{option} {what!r}: no such fact given (give the fact with its option first)")
    for table in chosen:
        table["inferred" if option == "--inferred" else "speculative"] = why.strip()  # type: ignore[index]


def _single_options(func):  # type: ignore[no-untyped-def]
    """--premiere, --filming-start, … --episodes, each with its --…-quote."""
    helps = {
        "--premiere": "Premiere date.",
        "--announced": "Date the season was announced (renewed).",
        "--expected-premiere": "A premiere date the source only guesses (kept as speculation).",
        "--filming-start": "Start of filming.",
        "--filming-end": "End of filming.",
        "--production-start": "Start of production.",
        "--production-end": "End of production.",
        "--episodes": "Number of episodes.",
    }
    flags = " Add ';speculative' if only expected, ';corrects=SOURCE' if the source says that source was wrong."
    for option in reversed(list(_SINGLE)):
        if option == "--episodes":
            value_help = flags
        else:
            value_help = (
                " YYYY, YYYY-MM, YYYY-MM-DD, a range FROM..TO, ..TO or FROM.., or the source's words"
                ' ("April 2", "next month", "spring of 2025", read with its publication date).' + flags
            )
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
    help='"Actor=Character[;new|returning][;regular|guest][;speculative][;corrects=SOURCE]". Repeatable.',
)
@click.option(
    "--cast-quote", "cast_quotes", multiple=True, metavar="TEXT", help="Quote for each --cast in order, or one for all."
)
@click.option(
    "--departure",
    "departure",
    multiple=True,
    metavar="ENTRY",
    help='"Actor=Character": the actor leaves the role from this season on (will not return). Repeatable.',
)
@click.option(
    "--departure-quote",
    "departure_quotes",
    multiple=True,
    metavar="TEXT",
    help="Quote for each --departure in order, or one for all.",
)
@click.option(
    "--crew",
    "crew",
    multiple=True,
    metavar="ENTRY",
    help='"Name=role[;replaces=OTHER][;speculative]": showrunner, co-showrunner, executive producer, writer, '
    "director; replaces=OTHER when Name succeeds OTHER in the role. Repeatable.",
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
    "crew:NAME, departure:ACTOR, filming-location:PLACE. Repeatable.",
)
@click.option(
    "--speculative",
    "speculative",
    multiple=True,
    metavar="WHAT=WHY",
    help="A fact the source only guesses, with the source's own reason (a rumour's origin); WHAT as for --inferred. "
    "Repeatable.",
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
    from graph.season.file import read_season_file, read_spec

    kg = command_graph(graph_dir)
    given = {"--" + name.replace("_", "-"): value for name, value in options.items() if value not in (None, ())}
    if from_file is not None:
        if given:
            raise UsageError(f"--from {from_file}: put {', '.join(given)} in the file instead (or leave out --from)")
        spec = read_season_file(from_file)
        spec.new_names += list(new_names)
    else:
        spec = read_spec(*options_data(options, new_names))
    for item in same_as:
        _add_same_as(spec, item)
    plan = kg.add_season(spec, replace=replace, dry_run=dry_run)
    from graph.terminal import printable

    root = kg.location.root.resolve()
    shown = plan.path.relative_to(root) if plan.path.is_relative_to(root) else plan.path
    if dry_run:  # the file on standard output, what it would do on standard error
        click.echo(printable(plan.text, lines=True), nl=False)
        click.echo(
            f"would {'replace' if plan.replaced else 'add'} {printable(str(shown))} ({counted(plan.claims, 'claim')}); nothing was written",
            err=True,
        )
        for note in plan.notes:
            click.echo(f"  {printable(note)}", err=True)
        return
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


@season.command("draft")
@click.argument("source")
@click.option(
    "--season",
    "number",
    type=click.IntRange(min=1),
    help="The season to draft (default: the one the source says most about).",
)
@click.option("--series", default=DEFAULT_SERIES, show_default=True, help="The series, by name or IRI.")
@click.option("--format", "-f", "fmt", type=click.Choice(["toml", "json"]), default="toml", show_default=True)
@click.option(
    "--output", "-o", metavar="FILE", help="Write the draft to FILE (refuses to overwrite) instead of stdout."
)
@click.option("--graph", "graph_dir", metavar="DIR", help="Graph folder whose sources and names are used.")
def draft(source: str, number: int | None, series: str, fmt: str, output: str | None, graph_dir: str | None) -> None:
    """Read the registered SOURCE and draft the season file of what it says about a season,
    for `kg season add --from FILE`, which accepts it unedited.

    Every fact the article states, guesses or implies about the season (dates, episodes,
    places, cast, departures, crew) with its quote, status and sentence; names matched with
    the graph (a name only close to one is never merged); a header comparing each fact with
    the graph (new, confirms, supersedes, older than), what kg would refuse commented out
    with kg's message, and what the article leaves open. Never writes the graph.

    \b
      kg season draft xo-kitty-season-3-april-premiere -o season-3.toml
      kg diff --season season-3.toml      # what it would change
      kg season add --from season-3.toml
    """
    from graph.cli.common import command_graph
    from graph.draft.render import to_json, to_toml

    drafted = command_graph(graph_dir).draft_season(source, number, series=series)
    text = to_json(drafted) + "\n" if fmt == "json" else to_toml(drafted)
    if output in (None, "-"):
        from graph.terminal import printable

        click.echo(printable(text, lines=True), nl=False)
        return
    target = Path(output)  # type: ignore[arg-type]
    if target.exists() or target.is_symlink():
        raise UsageError(f"{target}: already exists; the draft never overwrites a file")
    from graph.files import atomic_write

    atomic_write(target, text.encode("utf-8"))
    click.echo(f"wrote {target}: review it, then run `kg season add --from {target}`")


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
