"""`kg query`: how queries are given, the result formats, parameters and the errors."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import snapshot

PEOPLE = "SELECT ?name WHERE { ?p a kgo:Person ; schema:name ?name } ORDER BY ?name"
ARTICLE_PEOPLE = ["Anna Cathcart", "Audrey Huynh", "Jenny Han", "Joshua Lee", "Sasha Bhasin"]
ENTAILMENT_EXAMPLE = (
    "PREFIX schema: <https://schema.org/> SELECT ?name WHERE { ?r a schema:PerformanceRole ; "
    'schema:characterName "Kitty Song Covey" ; schema:actor/schema:name ?name }'
)


def test_rdfs_entailment_answers_in_schema_org_terms(kg):
    run = kg("query", "--entailment", "rdfs", ENTAILMENT_EXAMPLE, "--format", "csv")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines() == ["name", "Anna Cathcart"]


def test_without_entailment_schema_org_terms_find_nothing(kg):
    run = kg("query", ENTAILMENT_EXAMPLE, "--format", "csv")
    assert run.exit_code == 0
    assert run.stdout.splitlines() == ["name"]


def test_common_prefixes_need_no_declaration_and_table_counts_rows(kg):
    run = kg("query", PEOPLE)
    assert run.exit_code == 0, run.stderr
    for name in ARTICLE_PEOPLE:
        assert name in run.stdout
    assert run.stdout.rstrip().endswith("(5 rows)")


def test_query_from_file_stdin_and_named(kg, tmp_path: Path):
    path = tmp_path / "people.rq"
    path.write_text(PEOPLE)
    from_file = kg("query", str(path), "-f", "csv")
    from_stdin = kg("query", "-", "-f", "csv", input=PEOPLE)
    assert from_file.exit_code == from_stdin.exit_code == 0
    assert from_file.stdout == from_stdin.stdout
    assert from_file.stdout.splitlines()[1:] == ARTICLE_PEOPLE
    named = kg("query", "cast-of-season", "--param", "season=2", "-f", "csv")
    assert named.exit_code == 0, named.stderr
    assert "Sasha Bhasin,Praveena" in named.stdout


def test_json_is_w3c_sparql_results(kg):
    run = kg("query", PEOPLE, "--format", "json")
    data = json.loads(run.stdout)
    assert data["head"]["vars"] == ["name"]
    values = [b["name"]["value"] for b in data["results"]["bindings"]]
    assert values == ARTICLE_PEOPLE
    assert all(b["name"]["type"] == "literal" for b in data["results"]["bindings"])


def test_xml_is_w3c_sparql_results(kg):
    run = kg("query", PEOPLE, "--format", "xml")
    root = ET.fromstring(run.stdout)
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    assert [v.get("name") for v in root.findall("s:head/s:variable", ns)] == ["name"]
    assert [lit.text for lit in root.findall(".//s:literal", ns)] == ARTICLE_PEOPLE


def test_csv_and_tsv(kg):
    rows = list(csv.reader(io.StringIO(kg("query", PEOPLE, "-f", "csv").stdout)))
    assert rows == [["name"], *[[n] for n in ARTICLE_PEOPLE]]
    tsv = kg("query", PEOPLE, "-f", "tsv").stdout.splitlines()
    assert tsv[0] == "?name"
    assert tsv[1:] == [f'"{n}"' for n in ARTICLE_PEOPLE]  # TSV writes terms in N-Triples syntax


def test_ask(kg):
    yes = kg("query", "ASK { kg:person_anna-cathcart a kgo:Person }", "-f", "json")
    no = kg("query", "ASK { kg:person_anna-cathcart a kgo:Character }")
    assert json.loads(yes.stdout)["boolean"] is True
    assert no.stdout.strip() == "false"


@pytest.mark.parametrize(
    "fmt,rdf_format",
    [
        ("turtle", ox.RdfFormat.TURTLE),
        ("nt", ox.RdfFormat.N_TRIPLES),
        ("nquads", ox.RdfFormat.N_QUADS),
        ("jsonld", ox.RdfFormat.JSON_LD),
    ],
)
def test_construct_formats_parse_back(kg, fmt, rdf_format):
    query = "CONSTRUCT { ?p schema:name ?n } WHERE { ?p a kgo:Person ; schema:name ?n }"
    run = kg("query", query, "--format", fmt)
    assert run.exit_code == 0, run.stderr
    parsed = list(ox.parse(run.stdout.encode(), format=rdf_format))
    names = sorted(q.object.value for q in parsed)
    assert names == ARTICLE_PEOPLE


def test_construct_defaults_to_turtle_and_refuses_table_formats(kg):
    query = "CONSTRUCT { ?p schema:name ?n } WHERE { ?p a kgo:Person ; schema:name ?n }"
    assert "@prefix" in kg("query", query).stdout
    run = kg("query", query, "--format", "csv")
    assert run.exit_code == 2
    assert "CONSTRUCT" in run.stderr and "turtle" in run.stderr


def test_select_refuses_rdf_formats(kg):
    run = kg("query", PEOPLE, "--format", "turtle")
    assert run.exit_code == 2
    assert "SELECT" in run.stderr


def test_syntax_error_gives_line_and_column(kg):
    run = kg("query", "SELECT ?x WHERE {\n  ?x ?y \n}")
    assert run.exit_code == 1
    assert run.stdout == ""
    line = run.stderr.strip()
    assert "\n" not in line
    assert line.startswith("Error: <query>:3:")
    assert "SPARQL syntax error" in line


def test_syntax_error_in_file_names_the_file(kg, tmp_path: Path):
    path = tmp_path / "broken.rq"
    path.write_text("SELECT * WHERE {\n ?s ?p ?o \n FILTER( }\n")
    run = kg("query", str(path))
    assert run.exit_code == 1
    assert f"{path}:3:" in run.stderr


def test_unknown_prefix_is_named(kg):
    run = kg("query", "SELECT * WHERE { ?s foaf:name ?o }")
    assert run.exit_code == 1
    assert "unknown prefix 'foaf:'" in run.stderr
    assert "<query>:1:21" in run.stderr


def test_unknown_named_query_suggests_close_names(kg):
    run = kg("query", "cast-of-seasons")
    assert run.exit_code == 2
    assert "no named query 'cast-of-seasons'" in run.stderr
    assert "cast-of-season" in run.stderr


def test_missing_query_file(kg):
    run = kg("query", "nowhere/people.rq")
    assert run.exit_code == 1
    assert "nowhere/people.rq: no such query file" in run.stderr


def test_parameter_default_and_missing_parameter(kg, tmp_path: Path):
    # cast-of-season declares a default (season 2)
    default = kg("query", "cast-of-season", "-f", "csv")
    assert "Praveena" in default.stdout
    path = tmp_path / "by-number.rq"
    path.write_text("SELECT ?season WHERE { ?season schema:seasonNumber ?_number_integer }")
    run = kg("query", str(path))
    assert run.exit_code == 2
    assert "missing parameter number (integer, required)" in run.stderr
    ok = kg("query", str(path), "-p", "number=1", "-f", "csv")
    assert ok.stdout.splitlines() == ["season", "https://w3id.org/franchise-kg/id/XOKittySeason1"]


def test_parameters_are_typed_and_checked(kg):
    query = "SELECT ?s WHERE { ?s schema:seasonNumber ?_n_integer }"
    bad = kg("query", query, "-p", "n=two")
    assert bad.exit_code == 2
    assert "'two' is not a valid xsd:integer" in bad.stderr
    unknown = kg("query", query, "-p", "m=1")
    assert unknown.exit_code == 2 and "no parameter named 'm'" in unknown.stderr
    malformed = kg("query", query, "-p", "n")
    assert malformed.exit_code == 2 and "expected NAME=VALUE" in malformed.stderr
    twice = kg("query", query, "-p", "n=1", "-p", "n=2")
    assert twice.exit_code == 2 and "--param n is given twice" in twice.stderr


def test_iri_parameter(kg):
    query = "SELECT ?name WHERE { ?_who_iri schema:name ?name }"
    assert kg("query", query, "-p", "who=kg:person_jenny-han", "-f", "csv").stdout.splitlines() == ["name", "Jenny Han"]
    full = kg("query", query, "-p", "who=<https://w3id.org/franchise-kg/id/person_jenny-han>", "-f", "csv")
    assert full.stdout.splitlines() == ["name", "Jenny Han"]
    bad = kg("query", query, "-p", "who=Jenny Han")
    assert bad.exit_code == 2 and "is not an IRI" in bad.stderr
    hostile = kg("query", query, "-p", "who=<http://x> } ; DROP ALL ; <y>")
    assert hostile.exit_code == 2 and "not a valid IRI" in hostile.stderr


@pytest.mark.parametrize(
    "value",
    [
        'x" } ; DROP ALL ; #',
        'Anna Cathcart" || true || "',
        "') } UNION { ?s ?p ?o } #",
        "\\u0022 } SERVICE <http://127.0.0.1:9/> { } #",
    ],
)
def test_hostile_parameter_value_is_only_a_value(kg, graph_copy: Path, value: str):
    before = snapshot(graph_copy)
    query = "SELECT ?p WHERE { ?p schema:name ?_name_string }"
    run = kg("query", query, "--graph", str(graph_copy), "-p", f"name={value}", "-f", "json")
    assert run.exit_code == 0, run.stderr
    assert json.loads(run.stdout)["results"]["bindings"] == []
    assert snapshot(graph_copy) == before


def test_parameter_is_bound_inside_filters(kg):
    query = "SELECT ?name WHERE { ?p a kgo:Person ; schema:name ?name FILTER(CONTAINS(?name, ?_part_string)) }"
    run = kg("query", query, "-p", "part=Han", "-f", "csv")
    assert run.stdout.splitlines() == ["name", "Jenny Han"]


def test_data_option_adds_a_file(kg, tmp_path: Path):
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix kg: <https://w3id.org/franchise-kg/id/> .\n@prefix kgo: <https://w3id.org/franchise-kg/ontology#> .\n"
        '@prefix schema: <https://schema.org/> .\nkg:Someone a kgo:Person ; schema:name "Someone New" .\n'
    )
    run = kg("query", PEOPLE, "--data", str(extra), "-f", "csv")
    assert "Someone New" in run.stdout.splitlines()


def test_broken_turtle_in_data_names_file_line_and_column(kg, tmp_path: Path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix kg: <https://w3id.org/franchise-kg/id/> .\nkg:a kg:b "never closed .\n')
    run = kg("query", PEOPLE, "--data", str(bad))
    assert run.exit_code == 1
    assert run.stderr.strip() == f"Error: {bad}:2:11: Unexpected end of file" or run.stderr.startswith(
        f"Error: {bad}:2:"
    )


def test_output_file_is_written_and_kept_on_error(kg, tmp_path: Path):
    out = tmp_path / "people.csv"
    assert kg("query", PEOPLE, "-f", "csv", "-o", str(out)).exit_code == 0
    first = out.read_bytes()
    assert first.decode().splitlines()[1:] == ARTICLE_PEOPLE
    failed = kg("query", "SELECT ?x WHERE {", "-f", "csv", "-o", str(out))
    assert failed.exit_code == 1
    assert out.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["people.csv"]  # no temporary file left over


def test_python_m_graph_runs_the_same_cli(kg_process):
    run = kg_process("query", PEOPLE, "-f", "csv")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[1:] == ARTICLE_PEOPLE


def test_words_that_are_not_sparql_nor_a_name_say_so(kg):
    run = kg("query", "cast of season")
    assert run.exit_code == 2
    assert "'cast of season' is neither SPARQL" in run.stderr
    assert "did you mean the named query cast-of-season?" in run.stderr


def test_misspelt_query_form_and_empty_query(kg):
    misspelt = kg("query", "SELCT ?x WHERE { ?x ?y ?z }")
    assert misspelt.exit_code == 1
    assert "<query>:1:1: a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE" in misspelt.stderr
    assert "not 'SELCT'" in misspelt.stderr
    empty = kg("query", "-", input="# nothing but a comment\n")
    assert empty.exit_code == 1 and "<stdin>: empty query" in empty.stderr


def test_syntax_errors_do_not_dump_unicode_ranges(kg):
    run = kg("query", "CONSTRUCT { ?s ?p } WHERE { ?s ?p ?o }")
    assert run.exit_code == 1
    assert "\\u{" not in run.stderr and "a term" in run.stderr


def test_table_cuts_long_values_and_says_so(kg):
    query = "SELECT ?why WHERE { claim:films-adapt-books rdfs:comment ?why }"
    table = kg("query", query).stdout
    assert "…" in table and "--format csv or json shows them whole" in table
    whole = kg("query", query, "-f", "csv").stdout
    assert whole.rstrip().endswith('but never says in so many words that the films adapt the books."')


# --- issue 10: outputs valid by their own specifications ---------------------------------------

CARRIAGE_RETURN = 'SELECT ?x WHERE { BIND("line one\\r\\nline two\\rend" AS ?x) }'


@pytest.mark.parametrize("store", ["oxigraph-memory", "memory"])
def test_xml_results_keep_a_carriage_return_through_an_xml_parser(kg_process, store: str):
    run = kg_process("query", "--store", store, "-f", "xml", CARRIAGE_RETURN)
    assert run.exit_code == 0, run.stderr
    root = ET.fromstring(run.stdout.encode("utf-8"))  # expat, a conforming XML parser
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    assert [lit.text for lit in root.findall(".//s:literal", ns)] == ["line one\r\nline two\rend"]


@pytest.mark.parametrize("store", ["oxigraph-memory", "memory"])
@pytest.mark.parametrize(
    "query,order",
    [
        ("SELECT * WHERE { ?zulu ?alpha ?mike } LIMIT 1", ["zulu", "alpha", "mike"]),
        ("SELECT * WHERE { BIND(1 AS ?b) BIND(2 AS ?a) VALUES ?c { 3 } }", ["b", "a", "c"]),
        ("SELECT DISTINCT * WHERE { ?s a ?type OPTIONAL { ?s schema:name ?name } } LIMIT 1", ["s", "type", "name"]),
    ],
)
def test_select_star_columns_in_query_order(kg, store: str, query: str, order: list[str]):
    """SELECT * projects the in-scope variables; kg lists them in the order they first appear
    in the query (as the W3C test suite's results do), on every store and in every format."""
    run = kg("query", "--store", store, "-f", "json", query)
    assert run.exit_code == 0, run.stderr
    assert json.loads(run.stdout)["head"]["vars"] == order
    csv_head = kg("query", "--store", store, "-f", "csv", query).stdout.splitlines()[0]
    assert csv_head.split(",") == order


def test_json_is_pyoxigraph_s_own_serialization_streamed(kg):
    """-f json is written by pyoxigraph straight to the output (no parse and re-indent)."""
    run = kg("query", PEOPLE, "-f", "json")
    bindings = "".join(f'{{"name":{{"type":"literal","value":"{name}"}}}},' for name in ARTICLE_PEOPLE)
    assert run.stdout == '{"head":{"vars":["name"]},"results":{"bindings":[' + bindings[:-1] + "]}}\n"


@pytest.mark.parametrize(("day", "valid"), [("2023-05-18", True), ("2023-02-30", False), ("2023-13-01", False)])
def test_a_date_parameter_must_be_a_day_of_the_calendar(kg, day: str, valid: bool) -> None:
    """30 February matches xsd:date's pattern but is no day: refused, not silently unequal."""
    run = kg("query", "SELECT ?s WHERE { ?s ?p ?d FILTER(?d = ?_day_xsd_date) }", "-p", f"day={day}", "-f", "csv")
    if valid:  # season 1's premiere
        assert run.exit_code == 0 and "https://w3id.org/franchise-kg/id/XOKittySeason1" in run.stdout.splitlines()
    else:
        assert run.exit_code == 2 and f"parameter day: '{day}' is not" in run.stderr, run.stderr
