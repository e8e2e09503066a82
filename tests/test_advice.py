"""Errors and advice that help a person fix a query, in `kg query` (on standard error, the answer
on standard output unchanged): unbalanced brackets named with where they opened; a term the
graph does not hold, with the nearest ones; an empty answer said so, with what speculation
would find and, for a named query, the parameter that matched nothing."""

from __future__ import annotations

import json

import pytest


def warnings(stderr: str) -> list[str]:
    return [line.removeprefix("warning: ") for line in stderr.splitlines() if line.startswith("warning: ")]


@pytest.mark.parametrize(
    ("query", "where", "says"),
    [
        ("SELECT ?x WHERE { ?x ?p ?o FILTER(?o = 1 }", "<query>:1:42:", "a ) is missing before this }: the ( at line 1, column 34 is still open"),
        ("SELECT ?x WHERE {\n  ?x ?p ?o FILTER(?o = 1)\n", "<query>:1:17:", "a } is missing: the { at line 1, column 17 is never closed"),
        ("SELECT ?x WHERE { ?x ?p ?o } }", "<query>:1:30:", "this } closes nothing"),
        ("SELECT (COUNT(?x AS ?n) WHERE { ?x a kgo:Person }", "<query>:1:8:", "a ) is missing: the ( at line 1, column 8"),
        ("SELECT ?x WHERE { ?x kgo:p [ kgo:q ?o }", "<query>:1:39:", "a ] is missing before this }: the [ at line 1, column 28"),
    ],
)  # fmt: skip
def test_an_unbalanced_bracket_is_named_with_where_it_opened(kg, query: str, where: str, says: str) -> None:
    run = kg("query", query)
    assert run.exit_code == 1 and run.stdout == ""
    line = run.stderr.strip()
    assert "\n" not in line
    assert line.startswith(f"Error: {where} SPARQL syntax error: ")
    assert says in line


def test_a_misspelt_class_property_or_entity_gets_the_nearest_term_on_stderr(kg) -> None:
    query = "SELECT ?n WHERE {\n  ?x a kgo:Persn ;\n     schema:nam ?n .\n  kg:JennyHan kgo:coShowrunnr ?y\n}"
    run = kg("query", query, "--format", "json")
    assert run.exit_code == 0
    assert json.loads(run.stdout)["results"]["bindings"] == []  # the answer itself is unchanged
    assert warnings(run.stderr) == [
        "<query>:2:8: kgo:Persn: no such class; did you mean kgo:Person?",
        "<query>:3:6: schema:nam: no such property; did you mean schema:name?",
        "<query>:4:3: kg:JennyHan: no such entity; did you mean kg:person_jenny-han?",
        "<query>:4:15: kgo:coShowrunnr: no such property; did you mean kgo:coShowrunner?",
        "<query>: the query found nothing (0 rows) in this view of the graph",
    ]


def test_declarations_datatypes_functions_and_graph_names_are_not_terms(kg) -> None:
    query = (
        "PREFIX ex: <http://example.org/never/>\n"
        "SELECT ?s WHERE { GRAPH ?g { ?s schema:name ?n } "
        'FILTER(xsd:string(?n) = "x"^^xsd:string && DATATYPE(?n) != rdf:langString) }'
    )
    run = kg("query", query)
    assert run.exit_code == 0
    assert warnings(run.stderr) == ["<query>: the query found nothing (0 rows) in this view of the graph"]


def test_a_good_query_gets_no_advice(kg) -> None:
    for args in (["seasons"], ["cast-of-season", "--param", "season=2"], ["SELECT ?x WHERE { ?x a kgo:Person }"]):
        run = kg("query", *args, "--format", "csv")
        assert run.exit_code == 0 and run.stderr == "", args


def test_an_empty_named_query_says_which_parameter_matched_nothing(kg) -> None:
    run = kg("query", "cast-of-season", "--param", "season=7")
    assert run.exit_code == 0 and "(0 rows)" in run.stdout
    assert "cast-of-season: parameter season = 7 matched nothing (other values of it do)" in warnings(run.stderr)
    run = kg("query", "fact-source", "--param", "entity=kg:XOKity", "--format", "csv")
    assert run.stdout.splitlines()[1:] == []
    assert (
        "fact-source: parameter entity = kg:XOKity is in no statement of the graph; did you mean kg:XOKitty?"
        in warnings(run.stderr)
    )
    run = kg("query", "who-plays", "--param", "name=Kity", "--format", "tsv")
    said = [w for w in warnings(run.stderr) if "parameter name" in w]
    assert said and said[0].startswith("who-plays: parameter name = 'Kity' matched nothing; names like it:")
    assert "'Kitty Song Covey'" in said[0]


def test_an_empty_answer_says_what_speculation_would_find(kg) -> None:
    run = kg("query", "SELECT ?x WHERE { ?x kgo:featuresEvent ?e }", "--format", "xml")
    assert warnings(run.stderr) == [
        "<query>: the query found nothing (0 rows) in this view of the graph",
        "<query>: with speculation it finds 2 (what the sources only guess)",
    ]
    assert kg("query", "SELECT ?x WHERE { ?x kgo:featuresEvent ?e }", "--with-speculation").stderr == ""


def test_advice_reaches_stderr_through_every_output_path(kg, tmp_path) -> None:
    query = "DESCRIBE kg:XOKity"
    expected = "<query>:1:10: kg:XOKity: no such entity; did you mean kg:XOKitty?"
    out = tmp_path / "out.ttl"
    for extra in ([], ["--timeout", "30"], ["-o", str(out)]):
        run = kg("query", query, *extra)
        assert run.exit_code == 0, run.stderr
        assert expected in warnings(run.stderr), extra
        assert "0 triples" in run.stderr


def test_a_prefix_the_query_declares_is_read_with_it(kg) -> None:
    query = "PREFIX ex: <http://example.org/never/>\nSELECT ?s WHERE { ?s ex:knows ?o }"
    assert warnings(kg("query", query).stderr)[0] == "<query>:2:22: ex:knows: no such property"
