"""Season files: the commented TOML template `kg season template N` prints, and reading a
filled-in one into a `SeasonSpec` (errors as `file:line: cause`)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from string import Template
from typing import Any, Protocol

from graph.errors import UsageError, ValidationFailed
from graph.locate import GraphLocation
from graph.season.render import one_line
from graph.season.spec import CREW_ROLES, DATE_KINDS, DEFAULT_SERIES, Fact, SeasonSpec, parse_role

TEMPLATE = Path(__file__).resolve().parent / "template.toml"
_TOP = {"series", "number", "source", "quote", "same_as", "new"}
_COMMON = {"quote", "source", "speculative", "inferred", "corrects"}
#: Tables of one fact ([premiere] …) with the key holding the value.
_SINGLES = {kind: "date" for kind in DATE_KINDS} | {"episodes": "count"}
#: Arrays of tables ([[cast]] …): fact kind, the key of the value, the key of the other part.
_LISTS = {
    "filming_location": ("place", "name", None),
    "cast": ("cast", "actor", "character"),
    "crew": ("crew", "name", "role"),
    "departure": ("departure", "actor", "character"),
}
_FACT_KEYS = {
    "date": {"date"} | _COMMON,
    "count": {"count"} | _COMMON,
    "filming_location": {"name", "type", "in"} | _COMMON,
    "cast": {"actor", "character", "new", "regular"} | _COMMON,
    "crew": {"name", "role", "replaces"} | _COMMON,
    "departure": {"actor", "character"} | _COMMON,
}


def toml_string(value: str) -> str:
    """A TOML basic string: backslash, quote and every control character escaped."""
    out = []
    for c in value:
        if c in '"\\':
            out.append("\\" + c)
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def template_text(loc: GraphLocation, number: int, series: str = DEFAULT_SERIES, source: str | None = None) -> str:
    """The season file to fill in, with the registered sources and place types listed."""
    from graph.sources.registry import list_slugs, load_source

    slugs = list_slugs(loc)
    listed = []
    for slug in slugs:
        try:
            listed.append(f"#   {slug}: {load_source(loc, slug).title}")
        except Exception:  # a broken source is for `kg validate` to report, not the template
            listed.append(f"#   {slug}")
    if source is None and slugs:  # the most recently registered source is the likely one
        source = max(slugs, key=lambda s: (loc.sources_dir / f"{s}.ttl").stat().st_mtime)
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        number=number,
        series=one_line(series),  # it stands in a comment: a line break would start TOML
        series_toml=toml_string(series),
        source_toml=toml_string(source or ""),
        sources="\n".join(listed) or "#   (none: register one with `kg source add FILE --title …`)",
        place_types=", ".join(_place_types(loc)),
    )


def _place_types(loc: GraphLocation) -> list[str]:
    from graph.namespaces import KGO
    from graph.season.matching import subclasses
    from graph.store.load import parse_file

    path = loc.ontology_dir / "franchise.ttl"
    try:
        quads = parse_file(path)
    except Exception:
        return ["city", "country", "school", "place"]
    return sorted(c.rsplit("#", 1)[-1].lower() for c in subclasses(quads, KGO + "Place"))


class _Lines:
    """Finds the line of a key or table in the file, to point messages at it."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.lines = text.splitlines()

    def _find(self, pattern: str, start: int = 0, stop_at_table: bool = False) -> int | None:
        regex = re.compile(pattern)
        for i in range(start, len(self.lines)):
            line = self.lines[i]
            if stop_at_table and i > start and re.match(r"\s*\[", line):
                return None
            if regex.match(line):
                return i
        return None

    def table(self, table: str, nth: int = 0) -> int | None:
        """Index of the header line of `[table]` or the nth `[[table]]`."""
        pattern = rf"\s*\[\[?\s*{re.escape(table)}\s*\]\]?"
        found, at = -1, -1
        while found < nth:
            index = self._find(pattern, at + 1)
            if index is None:
                return None
            found, at = found + 1, index
        return at

    def at(self, key: str, table: str | None = None, nth: int = 0) -> str:
        """`file:line` of `key` (top level, or in a table), else of the table, else the file."""
        start = 0
        if table is not None:
            header = self.table(table, nth)
            if header is None:
                return self.name
            index = self._find(rf"\s*{re.escape(key)}\s*=", header, stop_at_table=True)
            return f"{self.name}:{(index if index is not None else header) + 1}"
        index = self._find(rf"\s*{re.escape(key)}\s*=", start, stop_at_table=False)
        first_table = self._find(r"\s*\[")
        if index is not None and (first_table is None or index < first_table):
            return f"{self.name}:{index + 1}"
        return self.name


class Locator(Protocol):
    """Where a key of the season data was given, for messages: `file:line` for a season
    file, the option for the command line."""

    def top(self, key: str) -> str: ...

    def entry(self, table: str, nth: int = 0) -> str: ...

    def field(self, key: str, table: str, nth: int = 0) -> str: ...


class FileLocator:
    """`file:line` of the keys and tables of a season file."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.lines = _Lines(name, text)

    def top(self, key: str) -> str:
        found = self.lines.at(key)
        if found == self.name and self.lines.table(key) is not None:
            return f"{self.name}:{self.lines.table(key) + 1}"  # type: ignore[operator]
        return found

    def entry(self, table: str, nth: int = 0) -> str:
        header = self.lines.table(table, nth)
        return f"{self.name}:{header + 1}" if header is not None else self.name

    def field(self, key: str, table: str, nth: int = 0) -> str:
        return self.lines.at(key, table, nth)


def read_season_file(path: Path) -> SeasonSpec:
    """Parse a filled-in season file; every problem is reported as `file:line: cause`."""
    from graph.files import read_utf8

    name = str(path)
    text = read_utf8(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(_toml_error(name, exc, text)) from None
    except RecursionError:  # tomllib parses nested arrays and inline tables recursively
        raise UsageError(f"{name}: TOML nested too deeply (arrays or tables inside each other)") from None
    except ValueError as exc:  # an integer past Python's 4300-digit conversion limit
        raise UsageError(f"{name}: TOML value refused: {exc}".split("; use sys.")[0]) from None
    return read_spec(data, FileLocator(name, text), f"{name}: season not added")


def read_spec(data: dict[str, Any], at: Locator, refusal: str = "season not added") -> SeasonSpec:
    """The SeasonSpec of season data (a parsed season file, or what the command-line options
    say, in the same shape): every key checked once, here, for both; each problem pointed at
    with `at`. Raises ValidationFailed listing them all."""
    problems: list[str] = []
    spec = SeasonSpec(where={k: at.top(k) for k in _TOP})

    def expect(value: Any, kind: type | tuple[type, ...], where: str, what: str) -> bool:
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return True
        names = {str: "a string in quotes", int: "a whole number", bool: "true or false", dict: "a table"}
        wanted = names.get(kind, "a list") if isinstance(kind, type) else "a string in quotes"
        problems.append(f"{where}: {what} must be {wanted}, not {value!r}")
        return False

    for key in data:
        if key not in _TOP | set(_SINGLES) | set(_LISTS):
            known = ", ".join(sorted(_TOP | set(_SINGLES) | set(_LISTS)))
            problems.append(f"{at.top(key)}: unknown key {key!r} (known: {known})")
    if "number" in data and expect(data["number"], int, spec.at("number"), "number"):
        spec.number = data["number"]
    for key in ("series", "source", "quote"):
        if key in data and expect(data[key], str, spec.at(key), key):
            setattr(spec, key, data[key].strip() or (DEFAULT_SERIES if key == "series" else None))
    if "same_as" in data and expect(data["same_as"], dict, spec.at("same_as"), "same_as"):
        for k, v in data["same_as"].items():
            if expect(v, str, spec.at("same_as"), f"same_as {k!r}"):
                spec.same_as[k] = v
    if "new" in data and expect(data["new"], list, spec.at("new"), "new"):
        spec.new_names = [n for n in data["new"] if expect(n, str, spec.at("new"), "each name in new")]
    for key in [k for k in _SINGLES if k in data]:  # in one order, whatever the file's
        table, field_name = data[key], _SINGLES[key]
        where = at.entry(key)
        if not expect(table, dict, where, f"[{key}]"):
            continue
        _unknown(table, _FACT_KEYS[field_name], at, key, 0, problems)
        fact = Fact(key, where)
        _common(fact, table, at, key, 0, problems, expect)
        if field_name not in table:
            wanted = (
                "a date (YYYY, YYYY-MM or YYYY-MM-DD, or as the source writes it)"
                if field_name == "date"
                else "count = N"
            )
            problems.append(f"{where}: [{key}] needs {wanted}")
            continue
        kind = str if field_name == "date" else int
        if expect(table[field_name], kind, at.field(field_name, key), field_name):
            fact.value = str(table[field_name])
            fact.where = at.field(field_name, key)
        spec.facts.append(fact)
    for key, (kind, value_key, other_key) in _LISTS.items():
        if key not in data:
            continue
        entries = data[key]
        if not isinstance(entries, list):
            problems.append(f"{at.top(key)}: write each {key} as a [[{key}]] block")
            continue
        for nth, entry in enumerate(entries):
            where = at.entry(key, nth)
            if not expect(entry, dict, where, key):
                continue
            _unknown(entry, _FACT_KEYS[key], at, key, nth, problems)
            fact = Fact(kind, where)
            _common(fact, entry, at, key, nth, problems, expect)
            for field_key, attr in ((value_key, "value"), (other_key, "other")):
                if field_key is None:
                    continue
                if field_key not in entry or (isinstance(entry[field_key], str) and not entry[field_key].strip()):
                    problems.append(f'{where}: [[{key}]] needs {field_key} = "…"')
                elif expect(entry[field_key], str, at.field(field_key, key, nth), field_key):
                    setattr(fact, attr, " ".join(entry[field_key].split()))
            if kind == "crew" and fact.other:
                role = parse_role(fact.other)
                if role is None:
                    roles = ", ".join(sorted(set(CREW_ROLES.values())))
                    problems.append(
                        f"{at.field('role', key, nth)}: unknown crew role {fact.other!r}; use one of: {roles}"
                    )
                fact.other = role or fact.other
                if "replaces" in entry and expect(entry["replaces"], str, at.field("replaces", key, nth), "replaces"):
                    fact.replaces = " ".join(entry["replaces"].split()) or None
            if kind == "place":
                for field_key, attr in (("type", "place_type"), ("in", "within")):
                    if field_key in entry and expect(entry[field_key], str, at.field(field_key, key, nth), field_key):
                        setattr(fact, attr, entry[field_key].strip() or None)
            if kind == "cast":
                for field_key in ("new", "regular"):
                    if field_key in entry and expect(entry[field_key], bool, at.field(field_key, key, nth), field_key):
                        setattr(fact, field_key, entry[field_key])
            spec.facts.append(fact)
    if problems:
        raise ValidationFailed(refusal, problems)
    return spec


def _unknown(table: dict[str, Any], known: set[str], at: Locator, key: str, nth: int, problems: list[str]) -> None:
    for field in table:
        if field not in known:
            problems.append(
                f"{at.field(field, key, nth)}: unknown key {field!r} in [{key}] (known: {', '.join(sorted(known))})"
            )


def _common(
    fact: Fact, table: dict[str, Any], at: Locator, key: str, nth: int, problems: list[str], expect: Any
) -> None:
    """quote, source, speculative (true, or the source's reason for the guess), inferred and
    corrects, which every fact may have."""
    if "quote" in table and expect(table["quote"], str, at.field("quote", key, nth), "quote"):
        fact.quote = table["quote"]
        fact.quote_where = at.field("quote", key, nth)
        if not table["quote"].strip():
            fact.quote = None
    if "source" in table and expect(table["source"], str, at.field("source", key, nth), "source"):
        fact.source = table["source"]
    if "speculative" in table:
        value = table["speculative"]
        if isinstance(value, str) and value.strip():
            fact.speculative, fact.reason = True, value.strip()
        elif expect(value, bool, at.field("speculative", key, nth), "speculative (true, or the source's reason)"):
            fact.speculative = value
    if "inferred" in table and expect(table["inferred"], str, at.field("inferred", key, nth), "inferred"):
        fact.inferred = table["inferred"]
    if "corrects" in table:
        value = table["corrects"]
        values = [value] if isinstance(value, str) else value
        if expect(values, list, at.field("corrects", key, nth), "corrects (a source, or a list of them)"):
            fact.corrects = [
                v.strip() for v in values if expect(v, str, at.field("corrects", key, nth), "corrects") and v.strip()
            ]


def _toml_error(name: str, exc: tomllib.TOMLDecodeError, text: str) -> str:
    """tomllib's "cause (at line L, column C)" as `file:L:C: cause`; at the end of the
    document, the file's last line (`text`: the error carries the document only from 3.14)."""
    message = str(exc)
    match = re.search(r"^(.*) \(at line (\d+), column (\d+)\)$", message)
    if match:
        return f"{name}:{match.group(2)}:{match.group(3)}: TOML syntax error: {match.group(1)}"
    match = re.search(r"^(.*) \(at end of document\)$", message)
    if match:
        return f"{name}:{len(text.splitlines()) or 1}: TOML syntax error at the end of the file: {match.group(1)}"
    return f"{name}: TOML syntax error: {message}"
