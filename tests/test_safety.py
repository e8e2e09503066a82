"""Queries are read-only: updates, LOAD and SERVICE are refused before any engine runs them,
FROM only selects among the graphs kg holds, and nothing ever reaches the network or a file.
Issue 11's reproductions are here verbatim (the listener's port in place of 8765)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import snapshot
from tests.loopback import Listener, listening


@pytest.fixture
def trap() -> Iterator[Listener]:
    """A loopback listener: a query must never connect to it."""
    with listening() as listener:
        yield listener


@pytest.mark.parametrize(
    "template,keyword",
    [
        ("SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", "SERVICE"),
        ("select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}", "SERVICE"),
        ("SELECT * WHERE {{ SERVIC\\u0045 <{url}> {{ ?s ?p ?o }} }}", "SERVICE"),
        ("LOAD <{url}>", "LOAD"),
        ("LOAD <file:///etc/passwd> INTO GRAPH <urn:x>", "LOAD"),
        ("INSERT DATA {{ <urn:a> <urn:b> <urn:c> }}", "INSERT"),
        ("DELETE WHERE {{ ?s ?p ?o }}", "DELETE"),
        ("CLEAR ALL", "CLEAR"),
        ("DROP ALL", "DROP"),
        ("WITH <urn:g> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", "WITH"),
    ],
)
def test_unsafe_queries_are_refused_and_never_run(kg, trap, graph_copy: Path, template: str, keyword: str):
    before = snapshot(graph_copy)
    run = kg("query", "--graph", str(graph_copy), template.format(url=trap.url))
    assert run.exit_code == 1
    assert run.stdout == ""
    message = run.stderr.strip()
    assert "\n" not in message
    assert message.startswith("Error: <query>:1:")
    assert f"refused: {keyword}" in message
    assert trap.hits == 0
    assert snapshot(graph_copy) == before


def test_refusal_points_at_the_line(kg, tmp_path: Path):
    path = tmp_path / "sneaky.rq"
    path.write_text("SELECT * WHERE {\n  ?s ?p ?o .\n  SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }\n}\n")
    run = kg("query", str(path))
    assert run.exit_code == 1
    assert f"{path}:3:3: refused: SERVICE" in run.stderr


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?s WHERE { ?s ?p "SERVICE LOAD FROM INSERT" }',
        "SELECT ?s WHERE { ?s <http://example.org/service/load> ?o }",
        "SELECT ?s WHERE { ?s ?p ?o } # SERVICE in a comment is harmless",
        "PREFIX load: <http://example.org/> SELECT ?s WHERE { ?s load:from ?o }",
        "SELECT ?service ?from WHERE { ?service ?p ?from }",
    ],
)
def test_keywords_in_strings_iris_comments_and_names_are_fine(kg, query: str):
    run = kg("query", query, "-f", "json")
    assert run.exit_code == 0, run.stderr


@pytest.mark.parametrize(
    "template",
    [
        # a prefixed name may end in an escaped '#': it is not a comment
        "SELECT * WHERE {{ VALUES ?v {{ kg:a\\# }} SERVICE <{url}> {{ ?x ?y ?z }}\n}}",
        # nor does an escaped quote in a name open a string
        "SELECT * WHERE {{ VALUES ?v {{ kg:a\\' }} SERVICE <{url}> {{ ?x ?y \"'\" }} }}",
        # a carriage return ends a comment
        "SELECT * WHERE {{ # c\rSERVICE <{url}> {{ ?x ?y ?z }} \n}}",
        # pyoxigraph reads a prefix that starts like a keyword as the keyword
        "PREFIX SERVICEx: <{url}> SELECT * WHERE {{ SERVICEx:y {{ ?x ?y ?z }} }}",
        "SELECT * WHERE {{ SERVICEx <{url}> {{ ?x ?y ?z }} }}",
    ],
)
def test_keywords_are_found_where_the_engine_would_see_them(kg, trap, template: str):
    run = kg("query", template.format(url=trap.url))
    assert run.exit_code == 1
    assert "refused: SERVICE" in run.stderr
    assert trap.hits == 0


# --- issue 11, finding 1, verbatim ------------------------------------------------------------


def test_issue_11_escapes_and_comments_do_not_smuggle_a_service_call(kg, trap):
    """printf 'BASE <http://x/>\\nSELECT * WHERE { BIND("a\\\\u0022#" AS ?v) BIND(<\\\\u0041#> AS ?w)
    SERVICE <http://127.0.0.1:8765/> { ?s ?p ?o } BIND("b" #\\nAS ?z) }\\n' | kg query -"""
    text = (
        "BASE <http://x/>\n"
        'SELECT * WHERE { BIND("a\\u0022#" AS ?v) BIND(<\\u0041#> AS ?w) '
        f'SERVICE <http://127.0.0.1:{trap.port}/> {{ ?s ?p ?o }} BIND("b" #\nAS ?z) }}\n'
    )
    run = kg("query", "-", "-f", "json", input=text)
    assert trap.hits == 0
    # SPARQL decodes \u0022 before parsing: the string ends there and '#' starts a comment
    # that hides the SERVICE; what runs is BIND("a" AS ?z), with no SERVICE in it.
    assert run.exit_code == 0, run.stderr
    assert json.loads(run.stdout)["results"]["bindings"] == [{"z": {"type": "literal", "value": "a"}}]


def test_issue_11_a_number_glued_to_service_is_read_as_two_tokens(kg, trap, tmp_path: Path):
    data = tmp_path / "double.ttl"
    data.write_text('<http://example.org/a> <http://example.org/p> "1"^^<http://www.w3.org/2001/XMLSchema#double> .\n')
    query = f"SELECT * WHERE {{ ?s ?p 1e0SERVICE <http://127.0.0.1:{trap.port}/> {{ ?a ?b ?c }} }}"
    run = kg("query", "--data", str(data), query)
    assert run.exit_code == 1
    assert "<query>:1:27: refused: SERVICE" in run.stderr
    assert trap.hits == 0


@pytest.mark.parametrize("store", ["oxigraph-memory", "memory"])
@pytest.mark.parametrize(
    "template",
    [
        # a `<` after an operand reads as less-than to both engines: the IRI this lexer sees
        # there holds a quote that starts a string, or a `#` that starts a comment, for them
        "SELECT ?a WHERE {{ BIND(1 AS ?o) FILTER(?o<?x&&'%>\"') SERVICE <{url}> {{ ?a ?b ?c }} #\"\n}}",
        "SELECT ?a WHERE {{ BIND(1 AS ?o) BIND(?o<?x&&'>\"' AS ?z) SERVICE <{url}> {{ ?a ?b ?c }} #\"\n}}",
        "SELECT (?o<?x&&'>\"' AS ?z) WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} #\"\n}}",
        'SELECT ?a WHERE {{ BIND(1 AS ?o) FILTER(?o<?x#>"""\nSERVICE <{url}> {{ ?a ?b ?c }}\n""") }}',
    ],
)
def test_a_less_than_read_as_an_iri_cannot_hide_a_service_call(kg, trap, store: str, template: str):
    """Found by an attack on the first version of the lexer: the engines read `<` after an
    operand as less-than, this lexer as the start of an IRI; the shapes where the two readings
    part are refused, and nothing connects."""
    run = kg("query", "-", "--store", store, input=template.format(url=f"http://127.0.0.1:{trap.port}/"))
    assert run.exit_code == 1
    assert "refused:" in run.stderr and "may be read as less-than" in run.stderr
    assert trap.hits == 0


def test_comparisons_and_full_iris_with_a_hash_still_run(kg):
    query = (
        "SELECT ?o WHERE { ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ?o "
        "FILTER(?o = <https://w3id.org/franchise-kg/ontology#TVSeries> && 1<2 && 1 < 3) }"
    )
    run = kg("query", query, "-f", "csv")
    assert run.exit_code == 0, run.stderr
    assert "ontology#TVSeries" in run.stdout


def test_issue_11_from_selects_among_loaded_graphs_and_fetches_nothing(kg, trap):
    for query in (
        f"SELECT * FROM <{trap.url}> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{trap.url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        f"SELECT * FROM\\u0020<{trap.url}> WHERE {{ ?s ?p ?o }}",
    ):
        run = kg("query", "-f", "json", query)
        assert run.exit_code == 0, run.stderr
        assert json.loads(run.stdout)["results"]["bindings"] == []  # a graph kg does not hold is empty
    assert trap.hits == 0


def test_from_a_claim_graph_queries_that_graph_only(kg):
    claim = kg("query", "-f", "json", "SELECT ?c WHERE { ?c a kgo:Claim ; kgo:status kgo:Stated } LIMIT 1")
    iri = json.loads(claim.stdout)["results"]["bindings"][0]["c"]["value"]
    inside = kg("query", "-f", "json", f"SELECT ?s ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    expected = {json.dumps(b, sort_keys=True) for b in json.loads(inside.stdout)["results"]["bindings"]}
    run = kg("query", "-f", "json", f"SELECT ?s ?p ?o FROM <{iri}> WHERE {{ ?s ?p ?o }}")
    assert run.exit_code == 0, run.stderr
    got = {json.dumps(b, sort_keys=True) for b in json.loads(run.stdout)["results"]["bindings"]}
    assert got == expected and got
    named = kg("query", "-f", "json", f"SELECT DISTINCT ?g FROM NAMED <{iri}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert [b["g"]["value"] for b in json.loads(named.stdout)["results"]["bindings"]] == [iri]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { { SELECT * FROM <urn:g> WHERE { ?s ?p ?o } } }",
        "SELECT * WHERE { ?s ?p ?o } FROM <urn:g>",
        "FROM <urn:g> SELECT * WHERE { ?s ?p ?o }",
    ],
)
def test_from_anywhere_else_is_refused(kg, query: str):
    run = kg("query", query)
    assert run.exit_code == 1
    assert "FROM is only allowed between the query form and WHERE" in run.stderr


# --- issue 11, findings 6, 7, 12 ---------------------------------------------------------------


def test_deep_nesting_is_refused_before_the_engine(kg_process):
    query = "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }"
    run = kg_process("query", "-", input=query)
    assert run.exit_code == 1  # not 139 (a segfault)
    assert run.stderr.strip() == "Error: <stdin>:1:87: the query nests brackets more than 64 deep"


def test_a_huge_query_is_refused_with_one_line(kg):
    run = kg("query", "-", input="SELECT * WHERE { ?s ?p ?o }" + " " * 1_000_001)
    assert run.exit_code == 1
    assert run.stderr == "Error: <stdin>: the query is 1,000,028 characters long; the limit is 1,000,000\n"


def test_huge_limit_gets_a_clear_message(kg):
    run = kg("query", "SELECT * WHERE { ?s ?p ?o } LIMIT 99999999999999999999999")
    assert run.exit_code == 1
    assert run.stderr == (
        "Error: <query>:1:35: LIMIT 99999999999999999999999 is larger than the largest supported, 9223372036854775807\n"
    )


def test_timeout_stops_a_slow_query_on_the_memory_store(kg_process):
    # a regex bomb was the example here; the memory store's regular expressions are linear now
    # (test_stores.py), so the slow query is a join of every statement with every other, twice
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    run = kg_process("query", "--store", "memory", "--timeout", "1.5", slow, timeout=60)
    assert run.exit_code == 1
    assert run.stdout == ""
    assert run.stderr == "Error: the query was stopped after 1.5 s (--timeout)\n"


def test_timeout_changes_nothing_for_a_query_that_finishes(kg):
    with_limit = kg("query", "--timeout", "30", "-f", "csv", "seasons")
    without = kg("query", "-f", "csv", "seasons")
    assert with_limit.exit_code == 0, with_limit.stderr
    assert with_limit.stdout == without.stdout and without.stdout.count("\n") > 2
    failing = kg("query", "--timeout", "30", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { } }")
    assert failing.exit_code == 1
    assert "refused: SERVICE" in failing.stderr


def test_errors_never_carry_raw_control_characters(kg, tmp_path: Path):
    run = kg("query", "--data", str(tmp_path / "\x1b[31mred\x07.ttl"), "SELECT * WHERE { ?s ?p ?o }")
    assert run.exit_code != 0
    assert "\x1b" not in run.stderr and "\x07" not in run.stderr
    assert "\\x1b[31mred\\x07.ttl" in run.stderr
    nul = kg("query", "-", input="SELECT * WHERE { ?s ?p ?o \x00 }")
    assert nul.exit_code == 1
    assert "\x00" not in nul.stderr
    assert nul.stderr == "Error: <stdin>:1:27: SPARQL syntax error: the character U+0000 starts no SPARQL token\n"


HOSTILE_CLAIM = """\
@prefix kg:     <https://w3id.org/franchise-kg/id/> .
@prefix kgo:    <https://w3id.org/franchise-kg/ontology#> .
@prefix claim:  <https://w3id.org/franchise-kg/claim/> .
@prefix src:    <https://w3id.org/franchise-kg/source/xo-kitty-season-2-article#> .
@prefix schema: <https://schema.org/> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
claim:evil {
    kg:Evil a kgo:Character ; schema:name "Evil\\u001b[2J\\u0007 Person" .
    kg:XOKitty kgo:mainCharacter kg:Evil .
}
claim:evil a kgo:Claim ; kgo:status kgo:Stated ; prov:wasDerivedFrom src:s02 .
"""


def test_explain_shows_control_characters_in_data_as_escapes(kg, tmp_path: Path):
    data = tmp_path / "evil.trig"
    data.write_text(HOSTILE_CLAIM)
    run = kg("explain", "--data", str(data), "kg:Evil")
    assert run.exit_code == 0, run.stderr
    assert "\x1b" not in run.stdout and "\x07" not in run.stdout
    assert run.stdout.startswith("Evil\\x1b[2J\\x07 Person  kg:Evil\n")


def test_a_dataset_clause_names_the_whole_dataset(kg):
    """SPARQL 13.2: with FROM and no FROM NAMED there are no named graphs, and the reverse."""
    only_default = kg("query", "-f", "json", "ASK FROM <urn:nothing> WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert json.loads(only_default.stdout)["boolean"] is False
    only_named = kg("query", "-f", "json", "ASK FROM NAMED <urn:nothing> WHERE { ?s ?p ?o }")
    assert json.loads(only_named.stdout)["boolean"] is False
    neither = kg("query", "-f", "json", "ASK WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert json.loads(neither.stdout)["boolean"] is True
