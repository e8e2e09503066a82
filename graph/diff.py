"""Comparing two states of a graph at the level of claims (`kg diff`): per entity, the facts
added, removed, superseded (or corrected), restored, confirmed by another source, contradicted
or changed in place, each with its claim, status and the sentence it comes from.

A state is every quad of a graph folder's data files; whether a claim stands follows the
rule of the views (`graph.store.views`): a claim stands unless a stated or inferred claim
supersedes it (or, for a guess, a newer guess does). What a claim is about, and whether two
claims give one fact, comes from the same slots `kg season add` orders claims by
(`graph.season.revisions`)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

import pyoxigraph as ox

from graph.locate import GraphLocation
from graph.namespaces import KGO, OA, RDF, RDFS, SCHEMA, STATUS_SPECULATION, shorten
from graph.season.claims import Claims
from graph.season.revisions import Value, slot_values, slot_words

_DESCRIPTIVE = {RDF + "type", SCHEMA + "name", RDFS + "label", SCHEMA + "alternateName"}
_ORDER = ["added", "confirmed", "superseded", "corrected", "restored", "contradicted", "changed", "removed"]


@dataclass
class Change:
    """One fact that differs between the two states."""

    kind: str  # added | confirmed | superseded | corrected | restored | contradicted | changed | removed
    entity: str
    entity_label: str
    fact: str
    claim: str
    status: str
    source: str | None = None
    sentence: int | None = None
    quote: str | None = None
    #: the other claim: the one that now stands over it, the one it confirms or contradicts
    other: str | None = None


@dataclass
class Diff:
    """What changed from one state of a graph to another."""

    old: str
    new: str
    changes: list[Change] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def by_entity(self) -> dict[tuple[str, str], list[Change]]:
        grouped: dict[tuple[str, str], list[Change]] = {}
        for change in sorted(self.changes, key=lambda c: (c.entity_label.lower(), _ORDER.index(c.kind), c.fact)):
            grouped.setdefault((change.entity, change.entity_label), []).append(change)
        return grouped

    def to_json(self) -> str:
        return json.dumps(
            {"old": self.old, "new": self.new, "changes": [asdict(c) for c in self.changes]},
            indent=2,
            ensure_ascii=False,
        )

    def to_text(self) -> str:
        if not self.changes:
            return f"no difference in claims between {self.old} and {self.new}\n"
        marks = {
            "added": "+",
            "removed": "-",
            "superseded": "~",
            "corrected": "~",
            "restored": "^",
            "confirmed": "=",
            "contradicted": "!",
            "changed": "*",
        }
        lines = [f"claims of {self.old} → {self.new}"]
        for (iri, label), changes in self.by_entity().items():
            lines.append(f"\n{label}  {shorten(iri) if iri else ''}".rstrip())
            for c in changes:
                what = {
                    "superseded": f"superseded by {shorten(c.other or '')}",
                    "corrected": f"corrected by {shorten(c.other or '')}",
                    "confirmed": f"confirms {shorten(c.other or '')}",
                    "contradicted": f"contradicts {shorten(c.other or '')}",
                    "restored": "stands again",
                    "changed": "changed in place",
                    "added": "added",
                    "removed": "removed",
                }[c.kind]
                status = shorten(c.status).removeprefix("kgo:").lower() or "no status"
                lines.append(f"  {marks[c.kind]} {c.fact}" + ("" if c.kind in ("added", "removed") else f": {what}"))
                cited = f"{shorten(c.source)} s{c.sentence:02d}" if c.source and c.sentence else shorten(c.source or "")
                lines.append(f"      {status} · {shorten(c.claim)}" + (f" · {cited}" if cited else ""))
                if c.quote:
                    lines.append(f"      “{c.quote}”")
        counts = {k: sum(1 for c in self.changes if c.kind == k) for k in _ORDER}
        lines.append("\n" + ", ".join(f"{n} {k}" for k, n in counts.items() if n))
        return "\n".join(lines) + "\n"


class State:
    """The claims of one state of a graph, with what `kg diff` shows of them."""

    def __init__(self, quads: Iterable[ox.Quad], name: str) -> None:
        self.name = name
        quads = list(quads)
        self.claims = Claims(quads)
        self.names: dict[str, str] = {}
        self.sentence_number: dict[str, int] = {}
        sentence_of: dict[str, str] = {}  # selector -> its sentence
        exact: dict[str, str] = {}  # selector -> the sentence's exact text
        for q in quads:
            p = q.predicate.value
            if p == SCHEMA + "name" and isinstance(q.object, ox.Literal):
                self.names.setdefault(q.subject.value, q.object.value)
            elif p == RDFS + "label" and isinstance(q.object, ox.Literal):
                self.names.setdefault("label:" + q.subject.value, q.object.value)
            elif p == OA + "hasSelector":
                sentence_of[q.object.value] = q.subject.value
            elif p == OA + "exact":
                exact[q.subject.value] = q.object.value
            elif p == KGO + "sentenceNumber" and isinstance(q.object, ox.Literal):
                self.sentence_number[q.subject.value] = int(q.object.value)
        self.sentence_text = {sentence_of[sel]: text for sel, text in exact.items() if sel in sentence_of}
        self.values = {c: slot_values(c, self.claims) for c in self.claims.statements}
        self.standing = {c for c in self._all_claims() if self._stands(c)}

    def _all_claims(self) -> set[str]:
        return set(self.claims.status) | set(self.claims.statements)

    def _stands(self, claim: str) -> bool:
        guess = self.claims.status.get(claim) == STATUS_SPECULATION
        for newer in self.claims.revised.get(claim, ()):
            status = self.claims.status.get(newer)
            if status is None:
                continue
            if status != STATUS_SPECULATION or guess:
                return False
        return True

    def label(self, iri: str) -> str:
        if iri.startswith(KGO) or iri.startswith(SCHEMA):  # a term of the vocabulary: its label
            return self.names.get("label:" + iri) or shorten(iri)
        return self.names.get(iri) or self.names.get("label:" + iri) or shorten(iri)

    def subject_of(self, claim: str) -> str:
        """The entity a claim is about: its slot's work or node, else its first subject that is
        not a date's qualifier nor only typed and named."""
        for slot in self.values.get(claim, {}):
            return self.claims.work_of.get(slot[1], slot[1]) if slot[0] == "flag" else slot[1]
        statements = self.claims.statements.get(claim, [])
        qualifiers = {getattr(o, "value", "") for _, p, o in statements if p == KGO + "dateQualifier"}
        for s, p, _ in statements:
            if p not in _DESCRIPTIVE and s != "_:" and s not in qualifiers:
                return s
        return statements[0][0] if statements else claim

    def words(self, claim: str) -> str:
        """A claim's facts in a few words: its slots, else its statements."""
        slots = self.values.get(claim, {})
        if slots:
            return "; ".join(
                self._slot_words(slot, value)
                for slot, value in slots.items()
                if value.key != ("out",) or slot[0] != "flag"
            )
        facts = [
            (s, p, o)
            for s, p, o in self.claims.statements.get(claim, [])
            if p not in _DESCRIPTIVE and p != KGO + "dateQualifier" and s != "_:"
        ]
        shown = [f"{self.label(s)}: {self.label(p)} {self._term(o)}" for s, p, o in facts[:3]]
        more = f" (+{len(facts) - 3} more)" if len(facts) > 3 else ""
        return "; ".join(shown) + more if shown else "names and types only"

    def _term(self, term: object) -> str:
        if isinstance(term, ox.NamedNode):
            return self.label(term.value)
        return json.dumps(getattr(term, "value", str(term)), ensure_ascii=False)

    def _slot_words(self, slot: tuple[str, ...], value: Value) -> str:
        """A slot and its value as a short sentence: "Anna Cathcart plays Kitty Song Covey",
        "Jenny Han is co-showrunner", "premiere date 2025-01-16"."""
        gone = value.key == ("out",)
        if slot[0] == "cast":
            actor, character = self.label(slot[2]), self.label(slot[3])
            return f"{actor} leaves the role of {character}" if gone else f"{actor} plays {character}"
        if slot[0] == "crew":
            role = slot_words(slot, self.label).rsplit(" as ", 1)[-1]
            person = self.label(slot[3])
            return f"{person} is succeeded as {role}" if gone else f"{person} is {role}"
        if slot[0] == "flag":
            flag = slot_words(slot, self.label)
            return f"{flag}: {value.label}"
        return f"{slot_words(slot, self.label)} {value.label}"

    def citation(self, claim: str) -> tuple[str | None, int | None, str | None]:
        sentences = sorted(self.claims.sentences.get(claim, []), key=lambda s: self.sentence_number.get(s, 0))
        if not sentences:
            return None, None, None
        first = sentences[0]
        return (
            self.claims.sentence_source.get(first, first.split("#", 1)[0]),
            self.sentence_number.get(first),
            self.sentence_text.get(first),
        )


def diff_states(old: State, new: State) -> Diff:
    """The claim-level difference from `old` to `new`."""
    result = Diff(old.name, new.name)

    def change(kind: str, state: State, claim: str, other: str | None = None) -> None:
        source, number, quote = state.citation(claim)
        entity = state.subject_of(claim)
        result.changes.append(
            Change(
                kind=kind,
                entity=entity,
                entity_label=state.label(entity),
                fact=state.words(claim),
                claim=claim,
                status=state.claims.status.get(claim, ""),
                source=source,
                sentence=number,
                quote=quote,
                other=other,
            )
        )

    old_claims, new_claims = old._all_claims(), new._all_claims()
    for claim in sorted(new_claims - old_claims):
        if claim in new.standing:
            confirmed = _confirms(new, claim, old)
            if confirmed:
                change("confirmed", new, claim, confirmed)
            else:
                change("added", new, claim)
            contradicted = _contradicts(new, claim)
            if contradicted:
                change("contradicted", new, claim, contradicted)
        else:
            newer = sorted(new.claims.revised.get(claim, ()))
            corrected = any(claim in new.claims.corrected.get(n, ()) for n in newer)
            change("corrected" if corrected else "superseded", new, claim, newer[0] if newer else None)
    for claim in sorted(old_claims - new_claims):
        change("removed", old, claim)
    for claim in sorted(old_claims & new_claims):
        was, now = claim in old.standing, claim in new.standing
        if was and not now:
            newer = sorted(n for n in new.claims.revised.get(claim, ()) if n in new.standing) or sorted(
                new.claims.revised.get(claim, ())
            )
            corrected = any(claim in new.claims.corrected.get(n, ()) for n in newer)
            change("corrected" if corrected else "superseded", new, claim, newer[0] if newer else None)
        elif now and not was:
            change("restored", new, claim)
        elif _statements(old, claim) != _statements(new, claim):
            change("changed", new, claim)
    return result


def _statements(state: State, claim: str) -> set[tuple[str, str, str]]:
    return {(s, p, str(o)) for s, p, o in state.claims.statements.get(claim, [])}


def _confirms(state: State, claim: str, before: State) -> str | None:
    """A claim of the earlier state that gives the same values in all of this claim's slots,
    or (for a claim with no slot) the same statements: this claim is a second source for it."""
    mine = state.values.get(claim, {})
    for other in sorted(before.standing):
        theirs = before.values.get(other, {})
        if mine:
            if all(slot in theirs and theirs[slot].key == value.key for slot, value in mine.items()):
                return other
        elif _facts(state, claim) and _facts(state, claim) <= _facts(before, other):
            return other
    return None


def _facts(state: State, claim: str) -> set[tuple[str, str, str]]:
    return {
        (s, p, str(o))
        for s, p, o in state.claims.statements.get(claim, [])
        if p not in _DESCRIPTIVE and s != "_:" and p != KGO + "dateQualifier"
    }


def _contradicts(state: State, claim: str) -> str | None:
    """Another standing claim that gives one of this claim's slots another value."""
    mine = state.values.get(claim, {})
    for other in sorted(state.standing - {claim}):
        theirs = state.values.get(other, {})
        guesses = {state.claims.status.get(c) == STATUS_SPECULATION for c in (claim, other)}
        if len(guesses) > 1:
            continue  # a guess beside a statement is no contradiction: they are in different views
        for slot, value in mine.items():
            if slot in theirs and theirs[slot].key != value.key:
                if (
                    value.date
                    and theirs[slot].date
                    and (value.date.contains(theirs[slot].date) or theirs[slot].date.contains(value.date))
                ):
                    continue
                return other
    return None


# --- Where a state comes from: a graph folder, a git revision of one, a planned season file ---


def folder_state(loc: GraphLocation, name: str | None = None, extra: dict[str, bytes] | None = None) -> State:
    """The state of a graph folder (its data files, not the shapes); `extra` adds or replaces
    files by path (a season file `kg season add` would write)."""
    import os

    from graph.store.load import RDF_EXTENSIONS, discover, parse_bytes

    quads: list[ox.Quad] = []
    extra = {os.path.realpath(p): data for p, data in (extra or {}).items()}
    paths = [os.path.realpath(p) for p in discover(loc).data()]
    for path in [*paths, *(p for p in extra if p not in paths)]:
        if path in extra:
            data = extra[path]
        else:
            with open(path, "rb") as handle:
                data = handle.read()
        fmt = RDF_EXTENSIONS[os.path.splitext(path)[1]]
        quads += parse_bytes(data, fmt, path, own_blank_nodes=True)
    return State(quads, name or loc.folder)


def revision_state(loc: GraphLocation, revision: str) -> State:
    """The state of the graph folder as git revision `revision` has it (`HEAD~1`, a tag, a
    commit): its ontology/ files read from git, nothing checked out."""
    import io
    import os
    import subprocess
    import tarfile

    from graph.errors import UsageError
    from graph.store.load import RDF_EXTENSIONS, parse_bytes

    if not revision or revision.startswith("-") or any(c.isspace() or ord(c) < 32 for c in revision):
        raise UsageError(f"{revision!r} is not a git revision")
    root = str(loc.root)

    def git(*args: str) -> bytes:
        try:
            done = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=60, check=False)
        except FileNotFoundError:
            raise UsageError(f"{revision}: git is not installed; give a graph folder to compare with") from None
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise UsageError(f"{revision}: {message[-1] if message else 'git failed'} (in {root})")
        return done.stdout

    try:
        commit = git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}").decode().strip()
    except UsageError as exc:  # what was meant may as well have been a folder
        why = str(exc).removeprefix(f"{revision}: ").replace("git failed", "git knows no such revision")
        raise UsageError(f"{revision}: no such graph folder, nor a git revision: {why}") from None
    archive = git("archive", "--format=tar", commit, "--", "ontology")
    quads: list[ox.Quad] = []
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            path = member.name
            ext = os.path.splitext(path)[1]
            top = path.split("/")
            if not member.isfile() or ext not in RDF_EXTENSIONS:
                continue
            if len(top) == 2 and top[1].startswith("shapes"):
                continue  # the shapes are not data
            handle = tar.extractfile(member)
            if handle is None:
                continue
            quads += parse_bytes(handle.read(), RDF_EXTENSIONS[ext], f"{revision}:{path}", own_blank_nodes=True)
    return State(quads, f"{revision} ({commit[:10]})")


def state_of(loc: GraphLocation, spec: str | None) -> State:
    """A state named on the command line: None is the graph folder as it is, an existing
    folder is that graph folder, anything else a git revision of this one."""
    import os

    from graph.locate import locate

    if spec is None:
        return folder_state(loc, f"{loc.folder} (as it is)")
    if os.path.isdir(spec):
        return folder_state(locate(spec), spec)
    return revision_state(loc, spec)
