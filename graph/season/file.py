"""Season files: the commented TOML template `kg season template N` prints, and reading a
filled-in one into a `SeasonSpec` (errors as `file:line: cause`)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from string import Template
from typing import Any

from graph.errors import UsageError
from graph.locate import GraphLocation
from graph.season.render import one_line
from graph.season.spec import CREW_ROLES, DATE_KINDS, DEFAULT_SERIES, Fact, SeasonSpec, parse_role
from graph.sources.registry import ValidationFailed

TEMPLATE = Path(__file__).resolve().parent / "template.toml"
_TOP = {"series", "number", "source", "quote", "same_as", "new"}
_COMMON = {"quote", "source", "speculative", "inferred"}
#: Tables of one fact ([premiere] …) with the key holding the value.
_SINGLES = {kind: "date" for kind in DATE_KINDS} | {"episodes": "count"}
#: Arrays of tables ([[cast]] …): fact kind, the key of the value, the key of the other part.
_LISTS = {
    "filming_location": ("place", "name", None),
    "cast": ("cast", "actor", "character"),
    "crew": ("crew", "name", "role"),
}
_FACT_KEYS = {
    "date": {"date"} | _COMMON,
    "count": {"count"} | _COMMON,
    "filming_location": {"name", "type", "in"} | _COMMON,
    "cast": {"actor", "character", "new", "regular"} | _COMMON,
    "crew": {"name", "role"} | _COMMON,
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


def read_season_file(path: Path) -> SeasonSpec:
    """Parse a filled-in season file; every problem is reported as `file:line: cause`."""
    from graph.files import read_utf8

    name = str(path)
    text = read_utf8(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(_toml_error(name, exc)) from None
    except RecursionError:  # tomllib parses nested arrays and inline tables recursively
        raise UsageError(f"{name}: TOML nested too deeply (arrays or tables inside each other)") from None
    except ValueError as exc:  # an integer past Python's 4300-digit conversion limit
        raise UsageError(f"{name}: TOML value refused: {exc}".split("; use sys.")[0]) from None
    lines = _Lines(name, text)
    problems: list[str] = []
    spec = SeasonSpec(where={k: lines.at(k) for k in _TOP})

    def expect(value: Any, kind: type | tuple[type, ...], where: str, what: str) -> bool:
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return True
        names = {str: "a string in quotes", int: "a whole number", bool: "true or false", dict: "a table"}
        wanted = names.get(kind, "a list") if isinstance(kind, type) else "a string in quotes"
        problems.append(f"{where}: {what} must be {wanted}, not {value!r}")
        return False

    for key in data:
        if key not in _TOP | set(_SINGLES) | set(_LISTS):
            where = lines.at(key) if lines.at(key) != name else (f"{name}:{(lines.table(key) or 0) + 1}")
            known = ", ".join(sorted(_TOP | set(_SINGLES) | set(_LISTS)))
            problems.append(f"{where}: unknown key {key!r} (known: {known})")
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
        header = lines.table(key)
        where = f"{name}:{header + 1}" if header is not None else name
        if not expect(table, dict, where, f"[{key}]"):
            continue
        _unknown(table, _FACT_KEYS[field_name], lines, key, 0, problems)
        fact = Fact(key, where)
        _common(fact, table, lines, key, 0, problems, expect)
        if field_name not in table:
            wanted = "a date (YYYY, YYYY-MM or YYYY-MM-DD)" if field_name == "date" else "count = N"
            problems.append(f"{where}: [{key}] needs {wanted}")
            continue
        kind = str if field_name == "date" else int
        if expect(table[field_name], kind, lines.at(field_name, key), field_name):
            fact.value = str(table[field_name])
            fact.where = lines.at(field_name, key)
        spec.facts.append(fact)
    for key, (kind, value_key, other_key) in _LISTS.items():
        if key not in data:
            continue
        entries = data[key]
        if not isinstance(entries, list):
            problems.append(f"{lines.at(key)}: write each {key} as a [[{key}]] block")
            continue
        for nth, entry in enumerate(entries):
            header = lines.table(key, nth)
            where = f"{name}:{header + 1}" if header is not None else name
            if not expect(entry, dict, where, key):
                continue
            _unknown(entry, _FACT_KEYS[key], lines, key, nth, problems)
            fact = Fact(kind, where)
            _common(fact, entry, lines, key, nth, problems, expect)
            for field_key, attr in ((value_key, "value"), (other_key, "other")):
                if field_key is None:
                    continue
                if field_key not in entry or (isinstance(entry[field_key], str) and not entry[field_key].strip()):
                    problems.append(f'{where}: [[{key}]] needs {field_key} = "…"')
                elif expect(entry[field_key], str, lines.at(field_key, key, nth), field_key):
                    setattr(fact, attr, entry[field_key].strip())
            if kind == "crew" and fact.other:
                role = parse_role(fact.other)
                if role is None:
                    roles = ", ".join(sorted(set(CREW_ROLES.values())))
                    problems.append(
                        f"{lines.at('role', key, nth)}: unknown crew role {fact.other!r}; use one of: {roles}"
                    )
                fact.other = role or fact.other
            if kind == "place":
                for field_key, attr in (("type", "place_type"), ("in", "within")):
                    if field_key in entry and expect(entry[field_key], str, lines.at(field_key, key, nth), field_key):
                        setattr(fact, attr, entry[field_key].strip() or None)
            if kind == "cast":
                for field_key in ("new", "regular"):
                    if field_key in entry and expect(entry[field_key], bool, lines.at(field_key, key, nth), field_key):
                        setattr(fact, field_key, entry[field_key])
            spec.facts.append(fact)
    if problems:
        raise ValidationFailed(f"{name}: season not added", problems)
    return spec


def _unknown(table: dict[str, Any], known: set[str], lines: _Lines, key: str, nth: int, problems: list[str]) -> None:
    for field in table:
        if field not in known:
            problems.append(
                f"{lines.at(field, key, nth)}: unknown key {field!r} in [{key}] (known: {', '.join(sorted(known))})"
            )


def _common(
    fact: Any, table: dict[str, Any], lines: _Lines, key: str, nth: int, problems: list[str], expect: Any
) -> None:
    """quote, source, speculative and inferred, which every fact may have."""
    if "quote" in table and expect(table["quote"], str, lines.at("quote", key, nth), "quote"):
        fact.quote = table["quote"]
        fact.quote_where = lines.at("quote", key, nth)
        if not table["quote"].strip():
            fact.quote = None
    if "source" in table and expect(table["source"], str, lines.at("source", key, nth), "source"):
        fact.source = table["source"]
    if "speculative" in table and expect(table["speculative"], bool, lines.at("speculative", key, nth), "speculative"):
        fact.speculative = table["speculative"]
    if "inferred" in table and expect(table["inferred"], str, lines.at("inferred", key, nth), "inferred"):
        fact.inferred = table["inferred"]


def _toml_error(name: str, exc: tomllib.TOMLDecodeError) -> str:
    """tomllib's "cause (at line L, column C)" as `file:L:C: cause`."""
    message = str(exc)
    match = re.search(r"^(.*) \(at line (\d+), column (\d+)\)$", message)
    if match:
        return f"{name}:{match.group(2)}:{match.group(3)}: TOML syntax error: {match.group(1)}"
    match = re.search(r"^(.*) \(at end of document\)$", message)
    if match:
        return f"{name}:{len(exc.doc.splitlines()) or 1}: TOML syntax error at the end of the file: {match.group(1)}"
    return f"{name}: TOML syntax error: {message}"
