"""Remember what `graph.sparql.run.prepare` made of a query, so a query the server has seen
before goes straight to the engine.

Preparing a query (tokenizing it, the read-only and prefix checks, binding and projecting its
parameters) costs as much as a lookup takes in the engine, and a server sees the same texts
again and again. A `PreparedQuery` depends on the query text, its name, the values and the
options alone, never on the data, so it is kept under exactly those and executed again on
whichever engine is live: the cache holds the guard's decisions, not answers.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.sparql.run import PreparedQuery, QuerySource

#: texts longer than this are prepared every time (bounded memory)
MAX_TEXT = 16_384
ENTRIES = 512


class PreparedCache:
    """An LRU of (query text, name, values, options) -> PreparedQuery; safe across threads."""

    def __init__(self, entries: int = ENTRIES) -> None:
        self.entries = entries
        self._prepared: OrderedDict[tuple[object, ...], PreparedQuery] = OrderedDict()
        self._lock = threading.Lock()

    def prepare(
        self,
        source: QuerySource,
        values: dict[str, str] | None = None,
        *,
        with_speculation: bool = False,
        entailment: str = "none",
        dataset: tuple[list[str], list[str]] | None = None,
    ) -> PreparedQuery:
        """`graph.sparql.run.prepare(...)`, or the value it gave for the same arguments before
        (a refused query is refused again each time: errors are not kept)."""
        from graph.sparql.run import prepare

        key = None
        if len(source.text) <= MAX_TEXT:
            graphs = None if dataset is None else (tuple(dataset[0]), tuple(dataset[1]))
            named = source.named.path if source.named is not None else None
            key = (
                source.text,
                source.name,
                named,
                tuple(sorted((values or {}).items())),
                with_speculation,
                entailment,
                graphs,
            )
            with self._lock:
                found = self._prepared.get(key)
                if found is not None:
                    self._prepared.move_to_end(key)
                    return found
        prepared = prepare(source, values, with_speculation=with_speculation, entailment=entailment, dataset=dataset)
        if key is not None:
            with self._lock:
                self._prepared[key] = prepared
                while len(self._prepared) > self.entries:
                    self._prepared.popitem(last=False)
        return prepared

    def __len__(self) -> int:
        return len(self._prepared)
