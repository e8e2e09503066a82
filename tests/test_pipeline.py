"""The one road from query to answer: `prepare` decides everything from the query and its
options alone (no engine, no data), `execute` runs that on any engine, and `kg serve` keeps
prepared queries, never answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.api import KnowledgeGraph
from graph.errors import QuerySyntaxError, UnsafeQueryError, UsageError
from graph.serve.prepared import PreparedCache
from graph.sparql.run import PreparedQuery, QuerySource, execute, prepare

CAST = "cast-of-season"


@pytest.fixture(scope="module")
def engines() -> dict[str, object]:
    return {store: KnowledgeGraph.open(store=store).engine for store in ("oxigraph-memory", "memory")}


def named(name: str) -> QuerySource:
    from graph.locate import bundled_root
    from graph.sparql.catalog import find_query

    query = find_query(bundled_root() / "queries", name)
    return QuerySource(query.text, query.path, query)


def rows(result: object) -> list[dict[str, str]]:
    data = json.loads(result.json)  # type: ignore[attr-defined]
    return sorted(({k: v["value"] for k, v in r.items()} for r in data["results"]["bindings"]), key=str)


def test_prepare_needs_no_engine_and_one_value_runs_on_every_engine(engines) -> None:
    prepared = prepare(named(CAST), {"season": "1"})
    assert isinstance(prepared, PreparedQuery) and prepared.kind == "select"
    answers = [rows(execute(engine, prepared)) for engine in engines.values()]
    assert answers[0] and answers[0] == answers[1]
    assert answers == [rows(execute(engine, prepared)) for engine in engines.values()]  # again: a value
    assert all("_season" not in row and "season" not in row for row in answers[0])  # projected, then dropped


def test_what_prepare_refuses_never_reaches_an_engine() -> None:
    with pytest.raises(UnsafeQueryError):
        prepare(QuerySource("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "<query>"))
    with pytest.raises(UsageError, match="parameter season"):
        prepare(named(CAST), {"season": "two"})
    with pytest.raises(UsageError, match="unknown entailment"):
        prepare(QuerySource("ASK {}", "<query>"), entailment="owl")


def test_the_protocols_dataset_replaces_the_querys_from(engines) -> None:
    text = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
    source = QuerySource("SELECT ?s FROM <http://example.org/g> WHERE { ?s ?p ?o } LIMIT 1", "<query>")
    assert prepare(source).default_graph_uris == ["http://example.org/g"]
    given = prepare(source, dataset=(["https://w3id.org/franchise-kg/graph/default"], []))
    assert given.default_graph_uris == ["https://w3id.org/franchise-kg/graph/default"] and given.named_graph_uris == []
    for engine in engines.values():
        assert rows(execute(engine, given)) == rows(execute(engine, prepare(QuerySource(text, "<query>"))))
        assert rows(execute(engine, prepare(source))) == []  # that graph is not in the store: empty


def test_an_engine_error_is_placed_in_the_query_as_written(engines) -> None:
    # the guard hands the engine `"a"` for `"\u0061"`: five characters fewer before the error
    text = 'SELECT ?x WHERE { BIND("\\u0061" AS ?x) BIND(2 AS ?x) }'
    prepared = prepare(QuerySource(text, "q.rq"))
    assert len(prepared.text) < len(text)
    with pytest.raises(QuerySyntaxError, match=rf"^q\.rq:1:{text.rindex('}') + 1}: "):
        execute(engines["oxigraph-memory"], prepared)


def test_the_servers_cache_keeps_prepared_queries_by_text_values_and_options(tmp_path: Path) -> None:
    cache = PreparedCache(entries=2)
    source = named(CAST)
    first = cache.prepare(source, {"season": "1"})
    assert cache.prepare(named(CAST), {"season": "1"}) is first
    assert cache.prepare(source, {"season": "2"}) is not first
    assert cache.prepare(source, {"season": "1"}, with_speculation=True) is not first
    assert len(cache) == 2  # bounded: the oldest went
    with pytest.raises(UsageError):
        cache.prepare(source, {"season": "two"})
    assert len(cache) == 2  # a refusal is not kept: it is refused again each time
    long = QuerySource("ASK {} #" + "x" * 20_000, "<query>")
    assert cache.prepare(long) is not cache.prepare(long)  # too long to keep
