"""A draft as a season file (commented TOML that `kg season add --from` reads unedited) or as
JSON for tools: the same facts, each with its sentence, status, cue and how it stands to the
graph; a fact kg would refuse is commented out with kg's message; what the article leaves open
is a commented question."""

from __future__ import annotations

import json

from graph.draft.draft import FIELDS, RELATION_RANK, Draft, DraftFact
from graph.draft.facts import DATE_FIELDS
from graph.season.file import toml_string
from graph.season.render import one_line


def _words(f: DraftFact) -> str:
    """A fact in a few words, for the header."""
    found = f.found
    if found.field in ("cast", "departure"):
        verb = "as" if found.field == "cast" else "leaves as"
        return f"{found.key} {verb} {found.value}"
    if found.field == "crew":
        return f"{found.key}, {found.value}" + (f" (replacing {found.replaces})" if found.replaces else "")
    if found.field == "filming_location":
        return f"filmed in {found.key}"
    return f"{FIELDS[found.field]} {found.value}"


def to_toml(draft: Draft) -> str:
    """The season file: header (what each fact does to the graph), the facts, the footer."""
    out = _header(draft)
    out += [
        f"series = {toml_string(draft.series)}",
        f"number = {draft.season}",
        f"source = {toml_string(draft.source)}",
    ]
    if draft.season_quote:
        out.append(f"# s{draft.season_sentence:02d}: the article says season {draft.season} exists")
        out.append(f"quote = {toml_string(draft.season_quote)}")
    else:
        out.append(f'# quote = ""   # no sentence says season {draft.season} exists: needed only if it is new')
    for name in [*DATE_FIELDS, "episodes", "filming_location", "cast", "departure", "crew"]:
        for f in [f for f in draft.facts if f.field == name]:
            out.append("")
            out += _fact(f)
    out += _footer(draft)
    return "\n".join(out) + "\n"


#: how a fact stands to a claim of the graph, in the draft's words: a fact older than a claim
#: would be recorded as history under it ("superseded" is what happens to the fact)
_RELATION_WORDS = {
    "new": "new",
    "confirms": "confirms",
    "supersedes": "supersedes",
    "corrects": "corrects",
    "superseded": "older than",
}


def _header(draft: Draft) -> list[str]:
    dated = f"published {draft.published}" if draft.published else "no publication date"
    lines = [
        f"Draft of season {draft.season} of {draft.series} from source {draft.source}",
        f"({one_line(draft.title)}, {dated}), written by `kg season draft`.",
        "Review it (every fact cites its sentence; `kg source show SOURCE` prints them), then:",
        "    kg season add --from THIS_FILE        (kg diff --season THIS_FILE shows what it changes)",
        "",
        "Compared with the graph:",
    ]
    for f in draft.facts:
        where = f"s{f.found.sentence:02d}"
        if not f.included:
            lines.append(f"  refused      {_words(f)} ({where}): kg would refuse it; it is a comment below")
            continue
        if not f.relations:
            lines.append(f"  {'new':<12} {_words(f)} ({where})")
        for n, (kind, other) in enumerate(sorted(f.relations, key=lambda r: RELATION_RANK.index(r[0]))):
            if n == 0:
                lines.append(f"  {_RELATION_WORDS[kind]:<12} {_words(f)} ({where}): {other}")
            else:
                lines.append(f"  {'':<12} and {_RELATION_WORDS[kind]} {other}")
    if not draft.facts:
        lines.append("  (nothing about this season but that it exists)")
    if draft.replaces_file:
        lines += ["", f"This source already has {draft.replaces_file}: add with --replace to replace it."]
    for problem in draft.problems:
        lines.append(f"kg still refuses: {problem}")
    if draft.other_seasons:
        others = ", ".join(f"season {n} ({c} fact{'s' if c != 1 else ''})" for n, c in draft.other_seasons.items())
        lines += ["", f"The article also speaks of {others}: kg season draft {draft.source} --season N"]
    return [_comment(line) for line in lines] + [""]


def _comment(line: str) -> str:
    """A comment line: every line break and control character a space (what comes from the
    article cannot end the comment), the layout's own spacing kept."""
    return ("# " + "".join(c if c.isprintable() else " " for c in line)).rstrip()


def _fact(f: DraftFact) -> list[str]:
    found = f.found
    status = found.status + (f" ({one_line(found.cue)})" if found.cue else "")
    comment = [f"# s{found.sentence:02d} · {status}"]
    if found.status == "inferred" and found.reasoning:
        comment.append(f"#   why: {one_line(found.reasoning)}")
    for note in f.notes:
        comment.append(f"#   {one_line(note)}")
    for kind, other in f.relations:
        comment.append(f"#   {_RELATION_WORDS[kind]}: {one_line(other)}")
    body = _table(f)
    if f.problem:
        comment.append(f"# kg would refuse it: {one_line(f.problem)}")
        body = [f"# {line}" for line in body]
    return comment + body


def _table(f: DraftFact) -> list[str]:
    found, fact = f.found, f.fact
    if found.field in DATE_FIELDS:
        lines = [f"[{found.field}]", f"date = {toml_string(found.value)}"]
    elif found.field == "episodes":
        lines = [
            "[episodes]",
            f"count = {int(found.value)}" if found.value.isdigit() else f"count = {toml_string(found.value)}",
        ]
    elif found.field == "filming_location":
        lines = ["[[filming_location]]", f"name = {toml_string(found.key)}"]
        if "type" in f.open:
            lines.append("# type = ?               # a new place: city, country, school, place …")
    elif found.field in ("cast", "departure"):
        lines = [f"[[{found.field}]]", f"actor = {toml_string(found.key)}", f"character = {toml_string(found.value)}"]
        for name in ("new", "regular"):
            value = getattr(fact, name, None) if found.field == "cast" else None
            if value is not None:
                lines.append(f"{name} = {'true' if value else 'false'}")
            elif name in f.open:
                lines.append(f"# {name} = ?")
    else:
        lines = ["[[crew]]", f"name = {toml_string(found.key)}", f"role = {toml_string(found.value)}"]
        if found.replaces:
            lines.append(f"replaces = {toml_string(found.replaces)}")
    lines.append(f"quote = {toml_string(found.quote)}")
    if fact.speculative:
        lines.append("speculative = true")
    if fact.inferred:
        lines.append(f"inferred = {toml_string(fact.inferred)}")
    return lines


def _footer(draft: Draft) -> list[str]:
    if not draft.left_open:
        return []
    return ["", f"# Left open by the article: {', '.join(draft.left_open)}."]


def to_json(draft: Draft) -> str:
    """The same draft for tools."""
    facts = []
    for f in draft.facts:
        found = f.found
        facts.append(
            {
                "field": found.field,
                "key": found.key,
                "value": found.value,
                "status": found.status,
                "sentence": found.sentence,
                "quote": found.quote,
                "cue": found.cue,
                "reasoning": found.reasoning or None,
                "new": found.new,
                "regular": found.regular,
                "replaces": found.replaces,
                "corrects": found.corrects,
                "compared": f.relation,
                "relations": [{"kind": kind, "other": other} for kind, other in f.relations],
                "names": f.notes,
                "refused": f.problem,
                "open": f.open,
            }
        )
    return json.dumps(
        {
            "source": draft.source,
            "title": draft.title,
            "published": draft.published,
            "series": draft.series,
            "season": draft.season,
            "season_quote": draft.season_quote,
            "facts": facts,
            "other_seasons": {str(k): v for k, v in draft.other_seasons.items()},
            "left_open": draft.left_open,
            "problems": draft.problems,
            "replaces_file": draft.replaces_file,
            "season_file": to_toml(draft),
        },
        indent=2,
        ensure_ascii=False,
    )
