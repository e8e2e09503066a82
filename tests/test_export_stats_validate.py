"""`kg export`, `kg stats` and `kg validate` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import snapshot

KG = "https://w3id.org/franchise-kg/id/"
SCHEMA = "https://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def parse(text: str, fmt: ox.RdfFormat) -> list[ox.Quad]:
    return list(ox.parse(text.encode(), format=fmt))


@pytest.mark.parametrize(
    "fmt,rdf_format,has_graphs",
    [
        ("turtle", ox.RdfFormat.TURTLE, False),
        ("nt", ox.RdfFormat.N_TRIPLES, False),
        ("nquads", ox.RdfFormat.N_QUADS, True),
        ("trig", ox.RdfFormat.TRIG, True),
        ("jsonld", ox.RdfFormat.JSON_LD, True),
    ],
)
def test_export_formats_carry_the_facts(kg, fmt, rdf_format, has_graphs):
    run = kg("export", "--format", fmt)
    assert run.exit_code == 0, run.stderr
    quads = parse(run.stdout, rdf_format)
    default = {q.triple for q in quads if isinstance(q.graph_name, ox.DefaultGraph)}
    stella = ox.Triple(
        ox.NamedNode(KG + "xo-kitty_character_stella"), ox.NamedNode(SCHEMA + "name"), ox.Literal("Stella")
    )
    assert stella in default
    named = {q.graph_name for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert bool(named) is has_graphs


def test_export_is_deterministic(kg):
    assert kg("export", "-f", "trig").stdout == kg("export", "-f", "trig").stdout


def test_export_with_speculation_and_entailment(kg):
    plain = parse(kg("export", "-f", "nt").stdout, ox.RdfFormat.N_TRIPLES)
    spec = parse(kg("export", "-f", "nt", "--with-speculation").stdout, ox.RdfFormat.N_TRIPLES)
    rdfs = parse(kg("export", "-f", "nt", "--entailment", "rdfs").stdout, ox.RdfFormat.N_TRIPLES)
    guess = "https://w3id.org/franchise-kg/ontology#expectedReleaseDate"
    assert not any(q.predicate.value == guess for q in plain)
    assert any(q.predicate.value == guess for q in spec)
    role = ox.Triple(
        ox.NamedNode(KG + "xo-kitty-season-2_role_audrey-huynh_stella"),
        ox.NamedNode(RDF_TYPE),
        ox.NamedNode(SCHEMA + "PerformanceRole"),
    )
    assert role not in {q.triple for q in plain}
    assert role in {q.triple for q in rdfs}


def test_export_to_file(kg, tmp_path: Path):
    out = tmp_path / "franchise.trig"
    run = kg("export", "-f", "trig", "-o", str(out))
    assert run.exit_code == 0 and run.stdout == ""
    assert len(parse(out.read_text(), ox.RdfFormat.TRIG)) > 500
    missing = kg("export", "-f", "trig", "-o", str(tmp_path / "no" / "such" / "dir.trig"))
    assert missing.exit_code == 1 and "does not exist" in missing.stderr


def test_stats_counts_what_the_article_names(kg):
    data = json.loads(kg("stats", "--format", "json").stdout)
    classes = data["classes"]
    assert classes["kgo:Person"] == 5  # Anna Cathcart, Sasha Bhasin, Audrey Huynh, Joshua Lee, Jenny Han
    assert classes["kgo:TVSeason"] == 2
    assert classes["kgo:CastingRole"] == 4
    assert data["claims"]["kgo:Speculation"]["claims"] >= 2
    assert data["statements"] == sum(data["properties"].values())
    text = kg("stats").stdout
    assert "kgo:Person" in text and "claims by status:" in text


def test_stats_with_entailment_counts_schema_org_classes(kg):
    data = json.loads(kg("stats", "--format", "json", "--entailment", "rdfs").stdout)
    assert data["classes"]["schema:Person"] == 5  # real people only: characters are fictional entities
    assert data["classes"]["kgo:FictionalEntity"] == data["classes"]["kgo:Character"] + 3  # + KISS, 2 plot events
    assert data["classes"]["schema:PerformanceRole"] == 4


def test_validate_passes_on_the_bundled_graph(kg):
    run = kg("validate")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.startswith("ok:")


def test_validate_reports_broken_turtle_with_file_and_line(kg, tmp_path: Path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix kg: <https://w3id.org/franchise-kg/id/> .\n\nkg:a kg:b kg:c ;\n   kg:d "open .\n')
    run = kg("validate", "--data", str(bad))
    assert run.exit_code == 1
    assert f"{bad}:4:" in run.stderr


def test_validate_reports_shape_violations_at_the_file(kg, tmp_path: Path):
    bad = tmp_path / "season.ttl"
    bad.write_text(
        "@prefix kg: <https://w3id.org/franchise-kg/id/> .\n@prefix kgo: <https://w3id.org/franchise-kg/ontology#> .\n"
        "@prefix schema: <https://schema.org/> .\n\n"
        'kg:Season9 a kgo:TVSeason ; schema:name "Season 9" ; schema:seasonNumber "nine" .\n'
    )
    run = kg("validate", "--data", str(bad))
    assert run.exit_code == 1
    lines = run.stderr.strip().splitlines()
    assert any(line.startswith(f"{bad}:5: kg:Season9 schema:seasonNumber") for line in lines)
    assert any("kgo:seasonOf" in line for line in lines)
    assert lines[-1].endswith("problems found")


def test_validate_catches_a_quote_that_no_longer_matches(kg, graph_copy: Path):
    source = graph_copy / "ontology" / "sources" / "xo-kitty-season-2-article.ttl"
    source.write_text(source.read_text().replace("oa:start 1240 ; oa:end 1358", "oa:start 1241 ; oa:end 1358"))
    before = snapshot(graph_copy)
    run = kg("validate", "--graph", str(graph_copy))
    assert run.exit_code == 1
    assert "ontology/sources/xo-kitty-season-2-article.ttl:" in run.stderr
    assert "quote does not match the source text at offsets 1241–1358" in run.stderr
    assert snapshot(graph_copy) == before


def test_validate_catches_an_edited_source_text(kg, graph_copy: Path):
    text = graph_copy / "ontology" / "sources" / "xo-kitty-season-2-article.txt"
    text.write_text(text.read_text().replace("Anna Cathcart", "Anna Cathcard"))
    run = kg("validate", "--graph", str(graph_copy))
    assert run.exit_code == 1
    assert "has changed since it was registered" in run.stderr


def test_validate_parses_the_named_queries_and_wants_select_checks(kg, graph_copy: Path):
    (graph_copy / "queries" / "broken.rq").write_text("SELECT ?x WHERE {\n  ?x ?y\n}\n")
    (graph_copy / "queries" / "checks" / "yes-or-no.rq").write_text("ASK { ?s ?p ?o }\n")
    run = kg("validate", "--graph", str(graph_copy))
    assert run.exit_code == 1
    assert "queries/broken.rq:3: SPARQL syntax error" in run.stderr
    assert "queries/checks/yes-or-no.rq: a check must be a SELECT query" in run.stderr


def test_output_to_a_folder_is_refused(kg, tmp_path: Path):
    run = kg("export", "-o", str(tmp_path))
    assert run.exit_code == 1
    assert f"{tmp_path}: is a folder" in run.stderr


def test_validate_stops_at_max_problems_and_reports_the_same_first_ones(kg, graph_copy: Path):
    many = "\n".join(
        f'<https://w3id.org/franchise-kg/claim/orphan{i}> {{ <https://w3id.org/franchise-kg/id/XOKitty> <https://schema.org/alternateName> "x{i}" . }}'
        for i in range(40)
    )
    (graph_copy / "ontology" / "facts" / "many.trig").write_text(many + "\n", encoding="utf-8")
    full = kg("--graph", str(graph_copy), "validate")
    assert full.exit_code == 1
    every = [line for line in full.stderr.splitlines() if "[claim-without-status]" in line]
    assert len(every) >= 40 and "problems found" in full.stderr.splitlines()[-1]
    capped = kg("--graph", str(graph_copy), "validate", "--max-problems", "3")
    assert capped.exit_code == 1
    lines = capped.stderr.splitlines()
    assert len(lines) == 4 and "stopped after 3 problems" in lines[-1]
    assert lines[:3] == full.stderr.splitlines()[:3]
    assert all(line.startswith("ontology/facts/many.trig:") for line in lines[:3] if "[claim-without-status]" in line)
    refused = kg("--graph", str(graph_copy), "validate", "--max-problems", "0")
    assert refused.exit_code == 2


def test_a_caller_that_stops_reading_waits_for_one_shape_query_not_all(graph_copy: Path, monkeypatch) -> None:
    """`kg validate --max-problems` stops reading the problems; the shapes' queries, running
    beside the checks, stop too: the one running ends, and no other starts."""
    import threading

    import graph.validate
    from graph.api import KnowledgeGraph
    from graph.shacl_sparql import Constraint

    (graph_copy / "ontology" / "facts" / "orphan.trig").write_text(
        '<https://w3id.org/franchise-kg/claim/orphan> { <https://w3id.org/franchise-kg/id/XOKitty> <https://schema.org/alternateName> "x" . }\n',
        encoding="utf-8",
    )
    running, release, queries, checks = threading.Event(), threading.Event(), [], []
    results = Constraint.results

    def held(self, *args):
        queries.append(self)
        running.set()
        release.wait(10)  # the first query lasts until the test says
        return results(self, *args)

    def keep(*args, **kwargs):
        checks.append(shape_check_class(*args, **kwargs))
        return checks[-1]

    shape_check_class = graph.validate.ShapeCheck
    monkeypatch.setattr(Constraint, "results", held)
    monkeypatch.setattr(graph.validate, "ShapeCheck", keep)
    problems = KnowledgeGraph.open(graph_copy, load=False).problems()
    assert "claim-without-status" in str(next(problems))
    assert running.wait(10)
    closing = threading.Thread(target=problems.close)
    closing.start()
    assert checks[0].stop.wait(10)  # the generator told the shapes' thread to stop
    release.set()
    closing.join(10)
    assert not closing.is_alive() and len(queries) == 1


def test_a_check_with_more_rows_than_are_held_gives_them_all_in_order(graph_copy: Path, monkeypatch) -> None:
    """The checks run two at a time and a waiting check's rows are held only up to
    HELD_ROWS; a check that finds more is read again, streamed, when its turn comes. Either
    way kg validate reports the same problems in the same order."""
    import graph.validate
    from graph.locate import GraphLocation
    from graph.store.load import discover

    many = "\n".join(
        f'<https://w3id.org/franchise-kg/claim/orphan{i}> {{ <https://w3id.org/franchise-kg/id/XOKitty> <https://schema.org/alternateName> "x{i}" . }}'
        for i in range(12)
    )
    (graph_copy / "ontology" / "facts" / "many.trig").write_text(many + "\n", encoding="utf-8")
    loc = GraphLocation(graph_copy, "test")
    held = [str(p) for p in graph.validate.validate(loc, discover(loc))]
    assert sum("[claim-without-status]" in p for p in held) >= 12
    monkeypatch.setattr(graph.validate, "HELD_ROWS", 3)
    assert [str(p) for p in graph.validate.validate(loc, discover(loc))] == held


def test_validate_keeps_each_files_blank_nodes_its_own(graph_copy: Path) -> None:
    """Two files that both say `_:p` speak of two nodes, as every store loads them: validate
    must not merge them into one person with two names."""
    from graph.api import KnowledgeGraph

    for n, name in enumerate(("Alpha Person", "Beta Person")):
        (graph_copy / "ontology" / "facts" / f"blank-{n}.ttl").write_text(
            "@prefix kgo: <https://w3id.org/franchise-kg/ontology#> .\n@prefix schema: <https://schema.org/> .\n"
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            f'_:p a kgo:Person ; schema:name "{name}" ; rdfs:label "{name}" .\n'
        )
    problems = [str(p) for p in KnowledgeGraph.open(graph_copy).validate()]
    assert not [p for p in problems if "exactly one non-empty schema:name" in p], problems


def test_validate_prints_each_problem_on_one_line_whatever_the_file_name(kg, graph_copy: Path):
    """A file name with a line feed or an escape sequence is shown escaped: one problem, one
    line, and nothing for the terminal to obey."""
    for name in ("new\nline.ttl", "esc\x1b[2J.ttl"):
        (graph_copy / "ontology" / "facts" / name).write_text("<a> <b> .\n")
    run = kg("validate", "--graph", str(graph_copy), "--no-shapes", "--no-checks")
    assert run.exit_code == 1
    lines = run.stderr.splitlines()
    assert lines[-1] == "2 problems found"
    shown = sorted(lines[:-1])
    assert shown[0].startswith("ontology/facts/esc\\x1b[2J.ttl:1:"), shown
    assert shown[1].startswith("ontology/facts/new\\x0aline.ttl:1:"), shown
    assert all(line.endswith(": . is not a valid RDF object") for line in shown), shown
