"""Where each statement comes from: its claims, their status, reasoning and sentences.

One `Provenance` record per distinct set of claims, shared by every statement those claims
make (a season's claim may make thousands): memory grows with the claims, not with the
statements times their sentences. Results are read row by row from compact TSV, each term
one shared string, never a dict per binding.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graph.namespaces import STATUS_INFERRED, STATUS_SPECULATION, STATUS_STATED
from graph.namespaces import shorten as _shorten
from graph.sparql.internal import run_internal

if TYPE_CHECKING:
    from graph.engine import Engine, Result

_STATUS_NAMES = {STATUS_STATED: "stated", STATUS_INFERRED: "inferred", STATUS_SPECULATION: "speculation"}
#: How sure a status is: an edge made of several statements is as sure as its weakest one.
STATUS_RANK = {"speculation": 0, "inferred": 1, "unsourced": 2, "stated": 3}

#: Prefixed names are asked for again and again (predicates, classes, claims): remember them.
shorten = functools.lru_cache(maxsize=65536)(_shorten)


class Provenance:
    """Claims, status (the surest of the claims'), reasoning and sentences of a statement.

    Immutable and shared: its texts are computed once, whatever number of edges show them.
    """

    __slots__ = ("_claim_text", "_sentence_text", "claims", "reasons", "sentences", "status")

    def __init__(
        self,
        claims: Iterable[str] = (),
        status: str = "unsourced",
        reasons: Iterable[str] = (),
        sentences: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.claims: frozenset[str] = frozenset(claims)
        self.status = status
        self.reasons: tuple[str, ...] = tuple(sorted(set(reasons)))
        self.sentences: tuple[tuple[str, str], ...] = tuple(sorted(dict(sentences).items()))
        self._claim_text: str | None = None
        self._sentence_text: str | None = None

    def merged(self, other: Provenance, weakest: bool) -> Provenance:
        """Both records; status the weakest (a fact made of parts) or the surest (one fact)."""
        pick = min if weakest else max
        return Provenance(
            self.claims | other.claims,
            pick(self.status, other.status, key=STATUS_RANK.__getitem__),
            self.reasons + other.reasons,
            self.sentences + other.sentences,
        )

    @property
    def claim_text(self) -> str:
        """The claims as prefixed names, space-separated and sorted."""
        if self._claim_text is None:
            self._claim_text = " ".join(sorted(shorten(c) for c in self.claims))
        return self._claim_text

    @property
    def sentence_text(self) -> str:
        """Each sentence once, one line each: `[s03] The exact text.`"""
        if self._sentence_text is None:
            self._sentence_text = "\n".join(f"[{short_sentence(s)}] {text}" for s, text in self.sentences)
        return self._sentence_text

    @property
    def reason_text(self) -> str:
        """The reasoning of inferred claims, one line each."""
        return "\n".join(self.reasons)

    def summary(self) -> str:
        """One line: status and claims, e.g. `stated · claim:a claim:b`."""
        return self.status + (f" · {self.claim_text}" if self.claims else "")


UNSOURCED = Provenance()


def short_sentence(iri: str) -> str:
    """A sentence IRI's last segment (e.g. `s03`), enough to tell sentences of one source apart."""
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def term_key(term: object) -> str:
    """A term as one string: IRIs as themselves, blank nodes `_:id`, literals `"v"^^dt` or `"v"@lang`."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        if term.language:
            return f'"{term.value}"@{term.language}'
        return f'"{term.value}"^^{term.datatype.value}'
    return str(term)


def run_package_query(engine: Engine, name: str, with_speculation: bool) -> Result:
    """Run one of the package's own queries (graph/sparql/queries/NAME.rq) over the view."""
    return run_internal(engine, name, with_speculation=with_speculation)


def select_rows(engine: Engine, name: str, columns: Sequence[str], with_speculation: bool) -> Iterator[tuple]:
    """Rows of one of the package's queries as tuples of `term_key` strings (None where unbound),
    one at a time.

    The answer is held once, as SPARQL TSV (the most compact of the formats: about a third
    of the JSON), and read back by pyoxigraph row by row; equal strings are shared, so rows
    that repeat a subject or a claim cost a pointer each.
    """
    import io

    result = run_package_query(engine, name, with_speculation)
    buffer = io.BytesIO()
    result.write(buffer, ox.QueryResultsFormat.TSV)
    buffer.seek(0)
    shared: dict[str, str] = {}
    for solution in ox.parse_query_results(buffer, format=ox.QueryResultsFormat.TSV):  # type: ignore[union-attr]
        row = []
        for column in columns:
            term = solution[column]
            key = None if term is None else term_key(term)
            row.append(None if key is None else shared.setdefault(key, key))
        yield tuple(row)


def literal_text(key: str) -> str:
    """A literal key's value as a reader would write it (datatype and language dropped)."""
    return key[1:].rsplit('"', 1)[0]


def read_provenance(engine: Engine, with_speculation: bool = False) -> dict[tuple[str, str, str], Provenance]:
    """Each claimed statement's provenance; speculation claims only when asked for."""
    claims: dict[str, tuple[str, set[str], dict[str, str]]] = {}
    for claim, status, comment, sentence, exact in select_rows(
        engine, "network-claims", ("claim", "status", "comment", "sentence", "exact"), with_speculation
    ):
        name = _STATUS_NAMES.get(status, "stated")
        if name == "speculation" and not with_speculation:
            continue
        _, reasons, sentences = claims.setdefault(claim, (name, set(), {}))
        if comment is not None:
            reasons.add(literal_text(comment))
        if sentence is not None:
            sentences.setdefault(sentence, literal_text(exact) if exact is not None else "")
    shared: dict[frozenset[str], Provenance] = {}
    found: dict[tuple[str, str, str], Any] = {}  # a statement's claims, then (in place) its record
    for s, p, o, claim in select_rows(engine, "network-provenance", ("s", "p", "o", "claim"), with_speculation):
        if claim in claims:
            found.setdefault((s, p, o), set()).add(claim)
    for key, names in found.items():
        frozen = frozenset(names)
        prov = shared.get(frozen)
        if prov is None:
            parts = [claims[c] for c in frozen]
            prov = shared[frozen] = Provenance(
                frozen,
                max((status for status, _, _ in parts), key=STATUS_RANK.__getitem__),
                [r for _, reasons, _ in parts for r in reasons],
                [item for _, _, sentences in parts for item in sentences.items()],
            )
        found[key] = prov
    return found
